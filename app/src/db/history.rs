//! Reading the change log: a record's timeline.

use sqlx::PgPool;
use uuid::Uuid;

use std::collections::HashMap;

use sqlx::PgConnection;
use sqlx::types::Json;

use super::{DbError, Identity, access};
use crate::domain::Record;
use crate::domain::access::Viewer;
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
    let mut conn = pool.acquire().await?;
    let viewer = access::viewer(&mut conn, who).await?;
    // A record's timeline holds those merged into it: their past, and their merge.
    let mut ids = ids.to_vec();
    let merged: Vec<Uuid> = sqlx::query_scalar(
        "(SELECT id FROM records WHERE org_id = $1 AND data ? 'merged_into' \
             AND data->>'merged_into' = ANY($2) LIMIT 50) \
         UNION ALL \
         (SELECT id FROM opportunities WHERE org_id = $1 AND merged_into = ANY($3) LIMIT 50)",
    )
    .bind(who.org_id)
    .bind(ids.iter().map(Uuid::to_string).collect::<Vec<_>>())
    .bind(&ids)
    .fetch_all(&mut *conn)
    .await?;
    ids.extend(merged);
    // Only the timelines of records this person may see.
    let ids = readable(&mut conn, who.org_id, &viewer, &ids).await?;
    // With its making by an import, if it was imported: a line `import` naming the file (the
    // import writes no field-by-field lines, so 100,000 rows do not make 300,000 of them).
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT c.seq, c.at, c.record_type, c.record_id, c.field, c.old_value, c.new_value, u.name \
         FROM changes c LEFT JOIN users u ON u.id = c.user_id \
         WHERE c.org_id = $1 AND c.record_id = ANY($2) \
         UNION ALL \
         SELECT ir.seq, coalesce(i.started_at, i.created_at), coalesce(r.kind, 'opportunity'), \
             ir.record_id, 'import', NULL, to_jsonb(i.file_name), u.name \
         FROM import_records ir JOIN imports i ON i.id = ir.import_id \
         LEFT JOIN records r ON r.id = ir.record_id LEFT JOIN users u ON u.id = i.user_id \
         WHERE i.org_id = $1 AND ir.record_id = ANY($2) \
         ORDER BY 1 DESC, 5 LIMIT $3",
    )
    .bind(who.org_id)
    .bind(&ids)
    .bind(MAX_LINES)
    .fetch_all(&mut *conn)
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

/// Those of `ids` that are records of the org the viewer may read (deleted ones included: a
/// deleted deal's timeline is how it is restored).
pub(crate) async fn readable(
    conn: &mut PgConnection,
    org_id: Uuid,
    viewer: &Viewer,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, DbError> {
    let mut scopes = access::deal_scopes(&mut *conn, org_id, ids).await?;
    let documents: Vec<Json<Record>> =
        sqlx::query_scalar("SELECT data FROM records WHERE org_id = $1 AND id = ANY($2)")
            .bind(org_id)
            .bind(ids)
            .fetch_all(&mut *conn)
            .await?;
    let documents: Vec<Record> = documents.into_iter().map(|d| d.0).collect();
    access::add_parents(&mut *conn, org_id, documents.iter(), &mut scopes).await?;
    let lookup = |id: Uuid| scopes.get(&id).copied();
    let documents: HashMap<Uuid, &Record> = documents.iter().map(|d| (d.id(), d)).collect();
    Ok(ids
        .iter()
        .copied()
        .filter(|id| {
            scopes.get(id).is_some_and(|s| viewer.sees_deal(*s))
                || documents
                    .get(id)
                    .is_some_and(|d| viewer.can_read(d, &lookup))
        })
        .collect())
}
