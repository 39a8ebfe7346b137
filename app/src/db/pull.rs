//! The authoritative side of pull: one consistent snapshot of what changed after a cursor.

use std::collections::HashMap;

use sqlx::{FromRow, PgPool};
use uuid::Uuid;

use super::{DbError, Identity, access, keep, opportunities, records, users};
use crate::domain::access::{DealScope, Viewer};
use crate::domain::{RuleError, Team};
use crate::sync::protocol::{Conflict, PullRequest, PullResponse, Rejection};

#[derive(FromRow)]
struct ConflictRow {
    record_id: Uuid,
    field: String,
    lost_value: Option<serde_json::Value>,
    won_value: Option<serde_json::Value>,
    seq: i64,
    won_by: Option<Uuid>,
}

/// Where the organisation and the asker stand as a pull begins (`pull_snapshot`'s first read).
#[derive(FromRow)]
struct Standing {
    seq: i64,
    schema: i64,
    group_org: Option<Uuid>,
    group_user: Option<Uuid>,
    role: Option<String>,
    teams: sqlx::types::Json<Vec<Team>>,
}

#[derive(FromRow)]
struct RejectionRow {
    client_id: Uuid,
    mutation_id: i64,
    reason: sqlx::types::Json<RuleError>,
    mutation: serde_json::Value,
    deleted_by: Option<Uuid>,
}

pub async fn pull(
    pool: &PgPool,
    who: &Identity,
    req: &PullRequest,
) -> Result<PullResponse, DbError> {
    let (pool, who, req) = (pool.clone(), *who, req.clone());
    super::run_to_completion(async move { pull_snapshot(&pool, &who, &req).await }).await
}

async fn pull_snapshot(
    pool: &PgPool,
    who: &Identity,
    req: &PullRequest,
) -> Result<PullResponse, DbError> {
    if req.cursor < 0 {
        return Err(DbError::Invalid(format!(
            "a cursor is never negative, got {}",
            req.cursor
        )));
    }
    // One snapshot for every read below, begun as one. Commits take the org's numbers in order,
    // so the snapshot holds exactly the changes numbered up to the org's `seq` it sees.
    let mut tx = pool
        .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    // Where the organisation stands, whose the client group is, and the asker's role and teams,
    // asked at once: every browser of a sales floor pulls on each change, and each round trip
    // to PostgreSQL is paid by all of them.
    let state: Standing = sqlx::query_as(
        "SELECT o.seq, \
           (SELECT COALESCE(max(version), 0) FROM _sqlx_migrations) AS schema, \
           g.org_id AS group_org, g.user_id AS group_user, \
           (SELECT role FROM users WHERE id = $2 AND org_id = $1 AND active) AS role, \
           COALESCE((SELECT json_agg(data) FROM records \
             WHERE org_id = $1 AND kind = 'team' AND NOT deleted), '[]') AS teams \
         FROM orgs o LEFT JOIN client_groups g ON g.id = $3 \
         WHERE o.id = $1",
    )
    .bind(who.org_id)
    .bind(who.user_id)
    .bind(req.client_group_id)
    .fetch_one(&mut *tx)
    .await?;
    let owner = state.group_org.zip(state.group_user);
    if owner.is_some_and(|o| o != (who.org_id, who.user_id)) {
        return Err(DbError::Forbidden(
            "this client group belongs to another user".into(),
        ));
    }
    let role = access::role_named(state.role.as_deref())?;
    let viewer = Viewer::new(who.user_id, role, &state.teams.0);
    let fingerprint = viewer.fingerprint();
    let (seq, schema) = (state.seq, state.schema);
    // A cursor from the future means the server's data was replaced, and a cache built with
    // another schema may not read as this one does: either way, start the client over.
    let other_org = req.org_id.is_some_and(|org| org != who.org_id);
    // Someone whose sight changed (role, teams) gets their cache rebuilt.
    let other_sight = req.cursor > 0 && req.access.as_deref() != Some(fingerprint.as_str());
    let stale =
        req.cursor > seq || (req.cursor > 0 && req.schema != schema) || other_org || other_sight;
    let (cursor, reset) = if stale {
        (0, true)
    } else {
        (req.cursor, false)
    };

    let users = users::of_org(&mut tx, who.org_id).await?;
    // A first pull holds what a browser keeps (`domain::keep`); later ones every change.
    let (changed, mut deleted_opportunities, changed_records, mut deleted_records) = if cursor == 0
    {
        let horizon = crate::domain::keep::horizon(chrono::Utc::now().date_naive());
        let deals = opportunities::kept(&mut tx, who.org_id, horizon).await?;
        let records = keep::kept_records(&mut tx, who.org_id, horizon).await?;
        (deals, Vec::new(), records, Vec::new())
    } else {
        let deals = opportunities::changed_since(&mut tx, who.org_id, cursor).await?;
        let gone = opportunities::deleted_since(&mut tx, who.org_id, cursor).await?;
        let (records, deleted) = records::changed_since(&mut tx, who.org_id, cursor).await?;
        (deals, gone, records, deleted)
    };
    // Only what this person may see; what changed out of their sight reaches them as a delete.
    let mut opportunities = Vec::with_capacity(changed.len());
    let mut records = Vec::with_capacity(changed_records.len());
    if viewer.reads_everything() {
        opportunities = changed;
        // Everything but others' own records (a private view).
        let no_deals = |_: Uuid| None;
        for r in changed_records {
            if viewer.can_read(&r, &no_deals) {
                records.push(r);
            } else if cursor > 0 {
                deleted_records.push(r.id());
            }
        }
    } else {
        let mut scopes: HashMap<Uuid, DealScope> =
            changed.iter().map(|o| (o.id, o.into())).collect();
        // A deal that changed may have entered or left sight with what hangs on it.
        let hanging = if cursor == 0 {
            Vec::new()
        } else {
            let ids: Vec<Uuid> = changed.iter().map(|o| o.id).collect();
            records::hanging_on(&mut tx, who.org_id, &ids).await?
        };
        access::add_parents(&mut tx, who.org_id, changed_records.iter(), &mut scopes).await?;
        let lookup = |id: Uuid| scopes.get(&id).copied();
        for o in changed {
            if viewer.sees_deal((&o).into()) {
                opportunities.push(o);
            } else if cursor > 0 {
                deleted_opportunities.push(o.id);
            }
        }
        let mut sent = std::collections::HashSet::new();
        for r in changed_records.into_iter().chain(hanging) {
            if !sent.insert(r.id()) {
                continue;
            }
            if viewer.can_read(&r, &lookup) {
                records.push(r);
            } else if cursor > 0 {
                deleted_records.push(r.id());
            }
        }
    }
    let last_mutation_ids: HashMap<Uuid, i64> = sqlx::query_as::<_, (Uuid, i64)>(
        "SELECT id, last_mutation_id FROM clients WHERE client_group_id = $1",
    )
    .bind(req.client_group_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let rejections: Vec<RejectionRow> = sqlx::query_as(
        "SELECT r.client_id, r.mutation_id, r.reason, r.mutation, \
         (SELECT ch.user_id FROM changes ch WHERE ch.org_id = r.org_id \
          AND ch.record_id = (r.reason ->> 'Deleted')::uuid AND ch.field = 'deleted' \
          ORDER BY ch.seq DESC LIMIT 1) AS deleted_by \
         FROM rejected_mutations r JOIN clients c ON c.id = r.client_id \
         WHERE c.client_group_id = $1 AND r.org_id = $2 AND r.seq > $3 ORDER BY r.seq",
    )
    .bind(req.client_group_id)
    .bind(who.org_id)
    .bind(cursor)
    .fetch_all(&mut *tx)
    .await?;
    let conflicts: Vec<ConflictRow> = sqlx::query_as(
        "SELECT k.record_id, k.field, k.lost_value, k.won_value, k.seq, k.won_by FROM conflicts k \
         JOIN clients c ON c.id = k.lost_client_id \
         WHERE c.client_group_id = $1 AND k.org_id = $2 AND k.seq > $3 ORDER BY k.seq",
    )
    .bind(req.client_group_id)
    .bind(who.org_id)
    .bind(cursor)
    .fetch_all(&mut *tx)
    .await?;
    // A conflict carries the value that replaced the author's: not for a record now out of sight.
    let conflicts = if viewer.reads_everything() || conflicts.is_empty() {
        conflicts
    } else {
        let ids: Vec<Uuid> = conflicts.iter().map(|k| k.record_id).collect();
        let seen = super::history::readable(&mut tx, who.org_id, &viewer, &ids).await?;
        conflicts
            .into_iter()
            .filter(|k| seen.contains(&k.record_id))
            .collect()
    };
    tx.commit().await?;

    Ok(PullResponse {
        cursor: seq,
        schema,
        org_id: who.org_id,
        user_id: Some(who.user_id),
        role: Some(viewer.role),
        access: fingerprint,
        conflicts: conflicts
            .into_iter()
            .map(|k| Conflict {
                record_id: k.record_id,
                field: k.field,
                lost: k.lost_value.unwrap_or_default(),
                won: k.won_value.unwrap_or_default(),
                seq: k.seq,
                by: k.won_by,
            })
            .collect(),
        reset,
        users,
        opportunities,
        deleted_opportunities,
        records,
        deleted_records,
        last_mutation_ids,
        rejections: rejections
            .into_iter()
            .map(|r| Rejection {
                client_id: r.client_id,
                mutation_id: r.mutation_id,
                reason: r.reason.0,
                mutation: r.mutation,
                by: r.deleted_by,
            })
            .collect(),
    })
}
