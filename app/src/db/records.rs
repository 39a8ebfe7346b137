//! Reading and writing the records kept as documents: every kind but the deals (see migrations
//! 0004 and 0007). Which kinds are set-up, and which keep their tombstones in the browser, comes
//! from each kind's declaration.

use std::collections::HashSet;

use sqlx::PgConnection;
use sqlx::types::Json;
use uuid::Uuid;

use super::{DbError, Identity};
use crate::domain::{Record, Store};

fn decode(rows: Vec<(Uuid, Json<Record>)>) -> Vec<Record> {
    rows.into_iter().map(|(_, r)| r.0).collect()
}

/// Puts the org's set-up records (deleted ones too) in `store`: the kinds whose declaration
/// says the rules consult all of them.
pub async fn load_setup(
    conn: &mut PgConnection,
    org_id: Uuid,
    store: &mut Store,
) -> Result<(), DbError> {
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        "SELECT id, data FROM records WHERE org_id = $1 AND kind = ANY($2) ORDER BY id",
    )
    .bind(org_id)
    .bind(Record::setup_kinds())
    .fetch_all(conn)
    .await?;
    for r in decode(rows) {
        store.put(r);
    }
    Ok(())
}

/// Puts these records of the org in `store`; returns the ids that belong to another org.
pub async fn load(
    conn: &mut PgConnection,
    org_id: Uuid,
    ids: &[Uuid],
    store: &mut Store,
) -> Result<HashSet<Uuid>, DbError> {
    let rows: Vec<(Uuid, Uuid, Json<Record>)> =
        sqlx::query_as("SELECT id, org_id, data FROM records WHERE id = ANY($1)")
            .bind(ids)
            .fetch_all(conn)
            .await?;
    let mut foreign = HashSet::new();
    for (id, org, record) in rows {
        if org == org_id {
            store.put(record.0);
        } else {
            foreign.insert(id);
        }
    }
    Ok(foreign)
}

/// Writes the record as it is after change `seq`, stamped with that version.
pub async fn save(
    conn: &mut PgConnection,
    who: &Identity,
    seq: i64,
    record: &Record,
) -> Result<(), DbError> {
    let mut stamped = record.clone();
    stamped.set_version(seq);
    sqlx::query(
        "INSERT INTO records (id, org_id, kind, data, version, deleted, created_by, parent_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (id) DO UPDATE SET data = $4, version = $5, deleted = $6, parent_id = $8, \
             updated_at = now() \
         WHERE records.org_id = $2 AND records.kind = $3",
    )
    .bind(stamped.id())
    .bind(who.org_id)
    .bind(stamped.kind())
    .bind(Json(&stamped))
    .bind(seq)
    .bind(stamped.is_deleted())
    .bind(who.user_id)
    .bind(stamped.parent())
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes new records in bulk, in statements of many rows: an import's, the demo's past. Each
/// is stamped with its own change number, from `first_seq` on in order, and dated (created and
/// last changed) `at`. No lines go to the change log: a record's timeline starts with its next
/// change.
pub async fn insert_many(
    conn: &mut PgConnection,
    who: &Identity,
    first_seq: i64,
    records: &[(Record, chrono::DateTime<chrono::Utc>)],
) -> Result<(), DbError> {
    const ROWS: usize = 5_000;
    for (n, chunk) in records.chunks(ROWS).enumerate() {
        let base = first_seq + (n * ROWS) as i64;
        let mut ids = Vec::with_capacity(chunk.len());
        let mut kinds = Vec::with_capacity(chunk.len());
        let mut data = Vec::with_capacity(chunk.len());
        let mut versions = Vec::with_capacity(chunk.len());
        let mut parents = Vec::with_capacity(chunk.len());
        let mut dates = Vec::with_capacity(chunk.len());
        for (i, (record, at)) in chunk.iter().enumerate() {
            let mut stamped = record.clone();
            stamped.set_version(base + i as i64);
            ids.push(stamped.id());
            kinds.push(stamped.kind());
            parents.push(stamped.parent());
            versions.push(stamped.version());
            dates.push(*at);
            data.push(Json(stamped));
        }
        sqlx::query(
            "INSERT INTO records (id, org_id, kind, data, version, deleted, created_by, parent_id, \
                 created_at, updated_at) \
             SELECT id, $1, kind, data, version, false, $2, parent_id, at, at \
             FROM UNNEST($3::uuid[], $4::text[], $5::jsonb[], $6::int8[], $7::uuid[], \
                 $8::timestamptz[]) AS t(id, kind, data, version, parent_id, at)",
        )
        .bind(who.org_id)
        .bind(who.user_id)
        .bind(&ids)
        .bind(&kinds)
        .bind(&data)
        .bind(&versions)
        .bind(&parents)
        .bind(&dates)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The live records that belong to these (`Kind::parent`): the activities, notes and
/// quotations of a deal, the activities and notes of a person, the people of a company.
pub async fn hanging_on(
    conn: &mut PgConnection,
    org_id: Uuid,
    parents: &[Uuid],
) -> Result<Vec<Record>, DbError> {
    if parents.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        "SELECT id, data FROM records WHERE org_id = $1 AND parent_id = ANY($2) AND NOT deleted",
    )
    .bind(org_id)
    .bind(parents)
    .fetch_all(conn)
    .await?;
    Ok(decode(rows))
}

/// The live records that name one of `ids` in a custom field (a contact or company field):
/// a merge of those ids moves them to the one kept.
pub async fn naming_in_custom(
    conn: &mut PgConnection,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Record>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        "SELECT id, data FROM records WHERE org_id = $1 AND NOT deleted \
         AND EXISTS (SELECT 1 FROM jsonb_each_text(CASE jsonb_typeof(data -> 'custom') \
             WHEN 'object' THEN data -> 'custom' ELSE '{}' END) v WHERE v.value = ANY($2))",
    )
    .bind(org_id)
    .bind(&ids)
    .fetch_all(conn)
    .await?;
    Ok(decode(rows))
}

/// The org's live records of `kind` (a type change to or from a contact or company field
/// matches names against all of them).
pub async fn live_of_kind(
    conn: &mut PgConnection,
    org_id: Uuid,
    kind: &str,
) -> Result<Vec<Record>, DbError> {
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        "SELECT id, data FROM records WHERE org_id = $1 AND kind = $2 AND NOT deleted",
    )
    .bind(org_id)
    .bind(kind)
    .fetch_all(conn)
    .await?;
    Ok(decode(rows))
}

/// The records of `kind`, deleted ones included, that hold a value of custom field `key` (a field
/// whose type changes converts them all, so a record restored later holds a value of its type).
pub async fn holding(
    conn: &mut PgConnection,
    org_id: Uuid,
    kind: &str,
    key: &str,
) -> Result<Vec<Record>, DbError> {
    let rows: Vec<(Uuid, Json<Record>)> = sqlx::query_as(
        "SELECT id, data FROM records WHERE org_id = $1 AND kind = $2 AND data -> 'custom' ? $3",
    )
    .bind(org_id)
    .bind(kind)
    .bind(key)
    .fetch_all(conn)
    .await?;
    Ok(decode(rows))
}
