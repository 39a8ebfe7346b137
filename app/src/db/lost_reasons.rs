//! Reading the org's lost reasons.

use sqlx::{FromRow, PgConnection};
use uuid::Uuid;

use super::DbError;
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
