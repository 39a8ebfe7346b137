//! Where the server applies `domain::access`: who is asking (their role, read fresh in the same
//! transaction as the data) and the filter that every row of pull, the dashboard and the
//! timeline passes through. Push asks `Viewer::check_write` for every record it would write.

use std::collections::HashMap;

use sqlx::PgConnection;
use sqlx::types::Json;
use uuid::Uuid;

use super::{DbError, Identity};
use crate::domain::access::{DealScope, Role, Viewer};
use crate::domain::{Record, Store, Team};

/// The person behind `who`, as the rules see them now. A deactivated account is refused.
pub async fn viewer(conn: &mut PgConnection, who: &Identity) -> Result<Viewer, DbError> {
    let teams: Vec<Json<Team>> = sqlx::query_scalar(
        "SELECT data FROM records WHERE org_id = $1 AND kind = 'team' AND NOT deleted",
    )
    .bind(who.org_id)
    .fetch_all(&mut *conn)
    .await?;
    let teams: Vec<Team> = teams.into_iter().map(|t| t.0).collect();
    viewer_in(conn, who, &teams).await
}

/// The person behind `who`, placed in these teams.
pub async fn viewer_in(
    conn: &mut PgConnection,
    who: &Identity,
    teams: &[Team],
) -> Result<Viewer, DbError> {
    Ok(Viewer::new(who.user_id, role(conn, who).await?, teams))
}

/// The asker's role, if their account is active.
pub async fn role(conn: &mut PgConnection, who: &Identity) -> Result<Role, DbError> {
    let role: Option<String> =
        sqlx::query_scalar("SELECT role FROM users WHERE id = $1 AND org_id = $2 AND active")
            .bind(who.user_id)
            .bind(who.org_id)
            .fetch_optional(&mut *conn)
            .await?;
    role_named(role.as_deref())
}

/// The role an active account's row names; `None` (no active account) is refused.
pub fn role_named(role: Option<&str>) -> Result<Role, DbError> {
    role.and_then(Role::parse)
        .ok_or_else(|| DbError::Refused(super::refusal::Refusal::AccountInactive))
}

/// The deal a record hangs on, if any.
pub fn parent_of(record: &Record) -> Option<Uuid> {
    record.scope().parent_deal()
}

/// The scopes of these deals of the org, deleted ones included.
pub async fn deal_scopes(
    conn: &mut PgConnection,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, DealScope>, DbError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "SELECT id, team_id, salesperson_id FROM opportunities WHERE org_id = $1 AND id = ANY($2)",
    )
    .bind(org_id)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, team_id, salesperson_id)| {
            (
                id,
                DealScope {
                    team_id,
                    salesperson_id,
                },
            )
        })
        .collect())
}

/// Adds to `scopes` the deals these records hang on that it does not hold yet.
pub async fn add_parents<'a>(
    conn: &mut PgConnection,
    org_id: Uuid,
    records: impl Iterator<Item = &'a Record>,
    scopes: &mut HashMap<Uuid, DealScope>,
) -> Result<(), DbError> {
    add_deals(conn, org_id, records.filter_map(parent_of), scopes).await
}

/// Adds to `scopes` these deals, those it does not hold yet.
async fn add_deals(
    conn: &mut PgConnection,
    org_id: Uuid,
    deals: impl Iterator<Item = Uuid>,
    scopes: &mut HashMap<Uuid, DealScope>,
) -> Result<(), DbError> {
    let mut missing: Vec<Uuid> = deals.filter(|id| !scopes.contains_key(id)).collect();
    missing.sort();
    missing.dedup();
    scopes.extend(deal_scopes(conn, org_id, &missing).await?);
    Ok(())
}

/// Keeps in `store` only what the viewer may read.
pub async fn restrict(
    conn: &mut PgConnection,
    org_id: Uuid,
    viewer: &Viewer,
    store: &mut Store,
) -> Result<(), DbError> {
    if viewer.reads_everything() {
        // Everything but others' own records (a private view).
        store.retain(&mut |policy, scope| viewer.reads(policy, scope, &|_| None));
        return Ok(());
    }
    let mut scopes: HashMap<Uuid, DealScope> = store
        .opportunities
        .values()
        .map(|o| (o.id, o.into()))
        .collect();
    let parents = store
        .scopes()
        .into_iter()
        .filter_map(|(_, s)| s.parent_deal());
    add_deals(conn, org_id, parents, &mut scopes).await?;
    let lookup = |id: Uuid| scopes.get(&id).copied();
    store.retain(&mut |policy, scope| viewer.reads(policy, scope, &lookup));
    Ok(())
}
