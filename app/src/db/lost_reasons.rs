//! Reading and writing the org's lost reasons.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::{DbError, Identity};
use crate::domain::LostReason;

#[derive(FromRow)]
struct LostReasonRow {
    id: Uuid,
    name: String,
    version: i64,
    deleted: bool,
}

impl From<LostReasonRow> for LostReason {
    fn from(r: LostReasonRow) -> Self {
        LostReason {
            id: r.id,
            name: r.name,
            version: r.version,
            deleted: r.deleted,
        }
    }
}

/// Lost reasons changed after `cursor` (all of them for 0).
pub async fn since(
    conn: &mut PgConnection,
    org_id: Uuid,
    cursor: i64,
) -> Result<Vec<LostReason>, DbError> {
    let rows: Vec<LostReasonRow> = sqlx::query_as(
        "SELECT id, name, version, deleted FROM lost_reasons WHERE org_id = $1 AND version > $2 ORDER BY name",
    )
    .bind(org_id)
    .bind(cursor)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(LostReason::from).collect())
}

/// Writes the lost reason as it is after change `seq`.
pub async fn save(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    r: &LostReason,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO lost_reasons (id, org_id, name, version, deleted, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (id) DO UPDATE SET name = $3, version = $4, deleted = $5, updated_at = now() \
         WHERE lost_reasons.org_id = $2",
    )
    .bind(r.id)
    .bind(who.org_id)
    .bind(&r.name)
    .bind(seq)
    .bind(r.deleted)
    .bind(who.user_id)
    .execute(conn)
    .await?;
    Ok(())
}
