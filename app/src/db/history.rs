//! Reading the change log: a record's timeline.

use sqlx::PgPool;
use uuid::Uuid;

use super::{DbError, Identity};
use crate::sync::api::HistoryLine;

/// At most this many records' timelines are read at once, and this many lines returned.
pub const MAX_RECORDS: usize = crate::sync::api::MAX_HISTORY_RECORDS;
pub const MAX_LINES: i64 = 1000;

type Row = (
    i64,
    chrono::DateTime<chrono::Utc>,
    String,
    Uuid,
    String,
    Option<serde_json::Value>,
    Option<serde_json::Value>,
    Option<String>,
);

pub async fn of_records(
    pool: &PgPool,
    who: &Identity,
    ids: &[Uuid],
) -> Result<Vec<HistoryLine>, DbError> {
    if ids.len() > MAX_RECORDS {
        return Err(DbError::Invalid(format!(
            "a timeline covers at most {MAX_RECORDS} records, this one asks for {}",
            ids.len()
        )));
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.seq, c.at, c.record_type, c.record_id, c.field, c.old_value, c.new_value, u.name \
         FROM changes c LEFT JOIN users u ON u.id = c.user_id \
         WHERE c.org_id = $1 AND c.record_id = ANY($2) \
         ORDER BY c.seq DESC, c.field LIMIT $3",
    )
    .bind(who.org_id)
    .bind(ids)
    .bind(MAX_LINES)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, at, record_type, record_id, field, old, new, user_name)| HistoryLine {
                seq,
                at,
                record_type,
                record_id,
                field,
                old: old.unwrap_or_default(),
                new: new.unwrap_or_default(),
                user_name,
            },
        )
        .collect())
}
