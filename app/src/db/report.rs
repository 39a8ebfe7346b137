//! The report endpoint's side: the org's records read straight from Postgres (not through the
//! sync protocol), handed to the same `domain::report::dashboard` the browser runs on its cache.

use sqlx::{PgPool, types::Json};

use super::{DbError, Identity, access, opportunities, records, users};
use crate::domain::Record;
use crate::domain::Store;
use crate::domain::report::{Dashboard, Filter, dashboard};

/// Every live record of the org, as one `Store`, read in one snapshot.
pub async fn load_org(pool: &PgPool, org_id: uuid::Uuid) -> Result<Store, DbError> {
    load_org_reading(pool, org_id, |_| None).await
}

/// The organisation's set-up and users, and of its records those of the kinds `kinds` names
/// once it sees the set-up (`None`: all of them), all as of one moment.
pub async fn load_org_reading(
    pool: &PgPool,
    org_id: uuid::Uuid,
    kinds: impl FnOnce(&Store) -> Option<Vec<String>>,
) -> Result<Store, DbError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut store = Store {
        users: users::of_org(&mut tx, org_id).await?,
        ..Store::default()
    };
    // The set-up with its deleted rows (a deal lost for a reason since deleted still names it).
    records::load_setup(&mut tx, org_id, &mut store).await?;
    let kinds = kinds(&store);
    let wanted = |kind: &str| kinds.as_ref().is_none_or(|k| k.iter().any(|k| k == kind));
    if wanted("opportunity") {
        for o in opportunities::changed_since(&mut tx, org_id, 0).await? {
            store.opportunities.insert(o.id, o);
        }
    }
    let rows: Vec<(Json<Record>,)> = sqlx::query_as(
        "SELECT data FROM records WHERE org_id = $1 AND NOT deleted \
         AND ($2::text[] IS NULL OR kind = ANY($2))",
    )
    .bind(org_id)
    .bind(kinds.as_deref())
    .fetch_all(&mut *tx)
    .await?;
    for (record,) in rows {
        store.put(record.0);
    }
    tx.commit().await?;
    Ok(store)
}

/// The dashboard for `filter` as of `today`, from what Postgres holds.
pub async fn dashboard_of(
    pool: &PgPool,
    who: &Identity,
    filter: &Filter,
    today: chrono::NaiveDate,
) -> Result<Dashboard, DbError> {
    let mut store = load_org(pool, who.org_id).await?;
    // The figures of what this person may see, as their browser computes them.
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, who).await?;
    access::restrict(&mut conn, who.org_id, &viewer, &mut store).await?;
    Ok(dashboard(&store, filter, today))
}
