//! Importing a sheet (server side): the file is kept with its import (`upload`), read again for
//! the mapping (`preview`), tried without writing anything (`check`, the dry run), then queued
//! (`start`) and written in batches by whichever server process claims it (`work`), each batch
//! in a transaction of its own, with its progress, so a cancel leaves exactly the finished
//! batches. What an import created can be removed while untouched (`undo`).
//!
//! Every row goes through the same rules and access checks as a change a person saves in the
//! browser (`push::decide` on a `Mutation::Save`), and a batch's records reach the open
//! browsers like any other change: a change number each, one NOTIFY per batch.

mod read;

pub use read::{Choice, ReadError, Row, Sheet, Table, open, read};

use std::collections::{HashMap, HashSet};

use sqlx::{Connection, PgConnection, PgPool};
use uuid::Uuid;

use super::push::{announce, decide, save};
use super::refusal::Refusal;
use super::{DbError, Identity, access, opportunities, records, users};
use crate::domain::access::Role;
use crate::domain::custom_field::CustomType;
use crate::domain::field::FieldType;
use crate::domain::import::{self, Built, Names, OnMatch, Plan, RowError};
use crate::domain::{
    Mutation, NewOpportunity, OpportunityFields, Record, RuleError, Store, diff_records,
};
use crate::sync::imports::{
    Checked, FailedRows, Failure, Import, LISTED_FAILURES, Preview, Status,
};

/// Rows written per transaction: small enough that a batch's commit is quick and a cancel
/// answers within it, large enough that the bulk statements pay.
pub const BATCH: usize = 1_000;

/// A running import whose process has not written for this long is taken over by another.
const LEASE_SECONDS: i64 = 60;

/// The channel a queued import is announced on: the server processes' workers listen.
pub const IMPORTS_CHANNEL: &str = "rapport_imports";

/// Keeps an uploaded file as a new import of `kind`, and reads it for the mapping.
pub async fn upload(
    pool: &PgPool,
    who: &Identity,
    kind: &str,
    file_name: &str,
    bytes: &[u8],
    choice: &Choice,
) -> Result<Preview, DbError> {
    if !import::KINDS.contains(&kind) {
        return Err(DbError::Invalid(format!(
            "{kind:?} cannot be imported: import one of {}",
            import::KINDS.join(", ")
        )));
    }
    let glance = glance(bytes, choice)?;
    let name: String = file_name.trim().chars().take(200).collect();
    let id = Uuid::now_v7();
    let mut conn = pool.acquire().await?;
    access::role(&mut conn, who).await?;
    sqlx::query(
        "INSERT INTO imports (id, org_id, user_id, kind, file_name, file, encoding, delimiter, total) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(who.org_id)
    .bind(who.user_id)
    .bind(kind)
    .bind(if name.is_empty() { "import" } else { &name })
    .bind(bytes)
    .bind(choice.encoding.as_deref())
    .bind(choice.delimiter.map(|d| (d as char).to_string()))
    .bind(glance.rows as i32)
    .execute(&mut *conn)
    .await?;
    preview_of(&mut conn, who, id, kind, &name, glance).await
}

/// The uploaded file read again, with this encoding and separator (`None`: found out).
pub async fn preview(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    encoding: Option<String>,
    delimiter: Option<String>,
) -> Result<Preview, DbError> {
    let mut conn = pool.acquire().await?;
    let choice = Choice {
        encoding: encoding.filter(|e| !e.trim().is_empty()),
        delimiter: delimiter.and_then(|d| delimiter_of(&d)),
    };
    own(&mut conn, who, id).await?;
    let file = file_of(&mut conn, who, id).await?;
    if file.status != "draft" {
        return Err(DbError::Refused(Refusal::ImportStarted));
    }
    let glance = glance(&file.bytes, &choice)?;
    sqlx::query("UPDATE imports SET encoding = $2, delimiter = $3, total = $4 WHERE id = $1")
        .bind(id)
        .bind(choice.encoding.as_deref())
        .bind(choice.delimiter.map(|d| (d as char).to_string()))
        .bind(glance.rows as i32)
        .execute(&mut *conn)
        .await?;
    preview_of(&mut conn, who, id, &file.kind, &file.name, glance).await
}

/// A separator as the browser names it: `,` `;` `tab` or `\t`.
pub fn delimiter_of(text: &str) -> Option<u8> {
    match text {
        "," => Some(b','),
        ";" => Some(b';'),
        "\t" | "tab" => Some(b'\t'),
        "|" => Some(b'|'),
        _ => None,
    }
}

/// What the mapping shows of a file: how it is read, its first row, the next ten, and how
/// many rows it has (counted row by row: nothing of it is kept but those).
struct Glance {
    encoding: &'static str,
    delimiter: Option<u8>,
    headers: Vec<String>,
    sample: Vec<Vec<String>>,
    rows: usize,
}

fn glance(bytes: &[u8], choice: &Choice) -> Result<Glance, DbError> {
    let sheet = open(bytes, choice).map_err(unreadable)?;
    let (mut headers, mut sample, mut rows) = (None, Vec::new(), 0);
    for row in sheet.rows() {
        let (_, cells) = row.map_err(unreadable)?;
        if headers.is_none() {
            headers = Some(cells);
        } else if sample.len() < 10 {
            sample.push(cells);
        }
        rows += 1;
    }
    Ok(Glance {
        encoding: sheet.encoding,
        delimiter: sheet.delimiter,
        headers: headers.ok_or_else(|| unreadable(ReadError::Empty))?,
        sample,
        rows,
    })
}

fn unreadable(e: ReadError) -> DbError {
    DbError::Refused(match e {
        ReadError::Empty => Refusal::FileEmpty,
        ReadError::UnknownEncoding(name) => Refusal::UnknownEncoding(name),
        ReadError::Workbook(why) | ReadError::Table(why) => Refusal::FileUnreadable(why),
    })
}

async fn preview_of(
    conn: &mut PgConnection,
    who: &Identity,
    id: Uuid,
    kind: &str,
    file_name: &str,
    glance: Glance,
) -> Result<Preview, DbError> {
    let headers = glance.headers;
    let saved: Option<(String, sqlx::types::Json<Vec<Option<String>>>)> = sqlx::query_as(
        "SELECT name, columns FROM import_mappings WHERE org_id = $1 AND kind = $2 AND headers = $3 \
         ORDER BY saved_at DESC LIMIT 1",
    )
    .bind(who.org_id)
    .bind(kind)
    .bind(&headers)
    .fetch_optional(&mut *conn)
    .await?;
    let (mapping, columns) = match saved {
        Some((name, columns)) => (Some(name), columns.0),
        None => {
            let store = custom_fields_of(&mut *conn, who.org_id).await?;
            let custom = import::custom_fields(&store, kind);
            (None, import::guess_columns(kind, &headers, &custom))
        }
    };
    Ok(Preview {
        id,
        kind: kind.into(),
        file_name: file_name.into(),
        encoding: glance.encoding.into(),
        delimiter: glance.delimiter.map(|d| (d as char).to_string()),
        rows: glance.rows,
        headers,
        sample: glance.sample,
        columns,
        mapping,
    })
}

/// An uploaded file as its import keeps it.
struct File {
    kind: String,
    name: String,
    bytes: Vec<u8>,
    status: String,
    /// How it is to be read (as last chosen on the mapping page).
    choice: Choice,
}

impl File {
    fn sheet(&self) -> Result<Sheet<'_>, DbError> {
        open(&self.bytes, &self.choice).map_err(unreadable)
    }
}

/// The import's file, if it is the asker's org's.
async fn file_of(conn: &mut PgConnection, who: &Identity, id: Uuid) -> Result<File, DbError> {
    let (kind, name, bytes, status, encoding, delimiter): (
        String,
        String,
        Vec<u8>,
        String,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT kind, file_name, file, status, encoding, delimiter FROM imports \
         WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(who.org_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| DbError::Refused(Refusal::NoSuchImport))?;
    Ok(File {
        kind,
        name,
        bytes,
        status,
        choice: Choice {
            encoding,
            delimiter: delimiter.as_deref().and_then(delimiter_of),
        },
    })
}

/// The org's custom fields (deleted ones too), in a store of their own.
async fn custom_fields_of(conn: &mut PgConnection, org: Uuid) -> Result<Store, DbError> {
    let rows: Vec<sqlx::types::Json<crate::domain::Record>> = sqlx::query_scalar(
        "SELECT data FROM records WHERE org_id = $1 AND kind = 'custom_field' ORDER BY id",
    )
    .bind(org)
    .fetch_all(&mut *conn)
    .await?;
    let mut store = Store::default();
    for r in rows {
        store.put(r.0);
    }
    Ok(store)
}

/// A plan the server can follow for this import, or why not (`store` holds the org's custom
/// fields).
fn check_plan(plan: &Plan, kind: &str, columns: usize, store: &Store) -> Result<(), DbError> {
    if plan.kind != kind {
        return Err(DbError::Refused(Refusal::UploadedForOtherKind));
    }
    if plan.columns.len() > columns.max(1) + 200 {
        return Err(DbError::Refused(Refusal::MappingTooWide));
    }
    let mut seen = HashSet::new();
    for field in plan.columns.iter().flatten() {
        let own = import::fields(kind).iter().any(|f| f.name == field);
        let custom = import::custom_fields(store, kind)
            .iter()
            .any(|f| &f.key == field);
        if !own && !custom {
            return Err(DbError::Refused(Refusal::NotImportable(field.clone())));
        }
        if !seen.insert(field) {
            return Err(DbError::Refused(Refusal::TwoColumnsFill(field.clone())));
        }
    }
    if seen.is_empty() {
        return Err(DbError::Refused(Refusal::NothingMapped));
    }
    Ok(())
}

/// The asker's file of import `id` and its first row, when `plan` can be followed for it.
async fn planned(
    conn: &mut PgConnection,
    who: &Identity,
    id: Uuid,
    plan: &Plan,
) -> Result<(File, Vec<String>), DbError> {
    own(&mut *conn, who, id).await?;
    let file = file_of(&mut *conn, who, id).await?;
    let headers = file.sheet()?.first().map_err(unreadable)?;
    let store = custom_fields_of(&mut *conn, who.org_id).await?;
    check_plan(plan, &file.kind, headers.len(), &store)?;
    Ok((file, headers))
}

/// The rows to import (all but the header), a batch at a time.
fn batches<'s>(
    sheet: &'s Sheet<'_>,
    plan: &Plan,
) -> impl Iterator<Item = Result<Vec<Row>, DbError>> + 's {
    let mut rows = sheet.rows().skip(usize::from(plan.header));
    std::iter::from_fn(move || {
        let batch: Result<Vec<Row>, DbError> = rows
            .by_ref()
            .take(BATCH)
            .map(|r| r.map_err(unreadable))
            .collect();
        match batch {
            Ok(b) if b.is_empty() => None,
            other => Some(other),
        }
    })
}

/// The dry run: every row taken as the import would, nothing written.
pub async fn check(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    plan: &Plan,
) -> Result<Checked, DbError> {
    let mut conn = pool.acquire().await?;
    let (file, headers) = planned(&mut conn, who, id, plan).await?;
    let sheet = file.sheet()?;
    Keys::make(&mut conn).await?;
    let mut tx = conn.begin().await?;
    // Read-only (but for this connection's own keys table), and nothing of it stays.
    sqlx::query("SET TRANSACTION READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut run = Run::start(&mut tx, who, plan).await?;
    let mut checked = Checked::default();
    let mut missing_tags = Vec::new();
    for chunk in batches(&sheet, plan) {
        let chunk = chunk?;
        checked.rows += chunk.len();
        let batch = run.prepare(&mut tx, &chunk, true).await?;
        checked.create += batch.created();
        checked.update += batch.updated();
        checked.skip += batch.skipped;
        checked.failed += batch.failures.len();
        checked.new_companies += batch
            .creates
            .iter()
            .filter(|r| matches!(r, Record::Company(_)) && plan.kind != "company")
            .count();
        for (line, column, reason, _) in batch.failures {
            if let RuleError::NoneNamed { kind, name } = &reason
                && kind == "tag"
                && !missing_tags.contains(name)
            {
                missing_tags.push(name.clone());
            }
            if checked.failures.len() < LISTED_FAILURES {
                checked.failures.push(Failure {
                    line,
                    column: column.map(|c| column_name(&headers, plan, c)),
                    reason,
                });
            }
        }
    }
    checked.missing_tags = missing_tags;
    tx.rollback().await?;
    Ok(checked)
}

/// A column's name: its header, or its letter (A, B… AA) when the file has none.
fn column_name(headers: &[String], plan: &Plan, column: usize) -> String {
    let header = headers.get(column).filter(|h| plan.header && !h.is_empty());
    match header {
        Some(h) => h.clone(),
        None => {
            let mut n = column + 1;
            let mut name = String::new();
            while n > 0 {
                name.insert(0, (b'A' + ((n - 1) % 26) as u8) as char);
                n = (n - 1) / 26;
            }
            name
        }
    }
}

/// Queues the import with this plan (and keeps the mapping as `save_as`).
pub async fn start(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    plan: &Plan,
    save_as: Option<&str>,
) -> Result<Import, DbError> {
    let mut conn = pool.acquire().await?;
    let (file, headers) = planned(&mut conn, who, id, plan).await?;
    let mut total = 0;
    for row in file.sheet()?.rows().skip(usize::from(plan.header)) {
        row.map_err(unreadable)?;
        total += 1;
    }
    let mut tx = conn.begin().await?;
    let queued = sqlx::query(
        "UPDATE imports SET plan = $3, status = 'queued', total = $4 \
         WHERE id = $1 AND org_id = $2 AND status = 'draft'",
    )
    .bind(id)
    .bind(who.org_id)
    .bind(sqlx::types::Json(plan))
    .bind(total)
    .execute(&mut *tx)
    .await?;
    if queued.rows_affected() == 0 {
        return Err(DbError::Refused(Refusal::ImportStarted));
    }
    if let Some(name) = save_as.map(str::trim).filter(|n| !n.is_empty()) {
        sqlx::query(
            "INSERT INTO import_mappings (org_id, kind, name, headers, columns) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, kind, name) DO UPDATE SET headers = $4, columns = $5, \
                 saved_at = now()",
        )
        .bind(who.org_id)
        .bind(&file.kind)
        .bind(name.chars().take(100).collect::<String>())
        .bind(&headers)
        .bind(sqlx::types::Json(&plan.columns))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(IMPORTS_CHANNEL)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    one(&mut conn, who, id).await
}

type ImportRow = (
    Uuid,
    String,
    String,
    String,
    String,
    i32,
    i32,
    i32,
    i32,
    i32,
    i32,
    Option<String>,
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
    Option<chrono::DateTime<chrono::Utc>>,
);

const IMPORT_COLUMNS: &str = "i.id, i.kind, i.file_name, coalesce(u.name, ''), i.status, i.total, \
     i.rows_done, i.created, i.updated, i.skipped, i.failed, i.error, i.created_at, i.started_at, \
     i.finished_at FROM imports i LEFT JOIN users u ON u.id = i.user_id";

fn import_of(row: ImportRow) -> Import {
    let n = |v: i32| usize::try_from(v).unwrap_or(0);
    Import {
        id: row.0,
        kind: row.1,
        file_name: row.2,
        by: row.3,
        status: Status::parse(&row.4),
        total: n(row.5),
        done: n(row.6),
        created: n(row.7),
        updated: n(row.8),
        skipped: n(row.9),
        failed: n(row.10),
        error: row.11,
        uploaded_at: row.12,
        started_at: row.13,
        finished_at: row.14,
    }
}

async fn one(conn: &mut PgConnection, who: &Identity, id: Uuid) -> Result<Import, DbError> {
    let row: Option<ImportRow> = sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} WHERE i.id = $1 AND i.org_id = $2"
    ))
    .bind(id)
    .bind(who.org_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(import_of)
        .ok_or_else(|| DbError::Refused(Refusal::NoSuchImport))
}

/// The org's imports, newest first (the last hundred), or the one asked for.
pub async fn list(pool: &PgPool, who: &Identity, id: Option<Uuid>) -> Result<Vec<Import>, DbError> {
    let mut conn = pool.acquire().await?;
    if let Some(id) = id {
        return Ok(vec![one(&mut conn, who, id).await?]);
    }
    let rows: Vec<ImportRow> = sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} WHERE i.org_id = $1 AND i.status <> 'draft' \
         ORDER BY i.created_at DESC LIMIT 100"
    ))
    .bind(who.org_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(import_of).collect())
}

/// Refuses unless the asker uploaded the file or is an admin: only they see its rows, map,
/// start, stop or undo it.
async fn own(conn: &mut PgConnection, who: &Identity, id: Uuid) -> Result<(), DbError> {
    let owner: Option<Uuid> =
        sqlx::query_scalar("SELECT user_id FROM imports WHERE id = $1 AND org_id = $2")
            .bind(id)
            .bind(who.org_id)
            .fetch_optional(&mut *conn)
            .await?;
    let owner = owner.ok_or_else(|| DbError::Refused(Refusal::NoSuchImport))?;
    if owner != who.user_id && access::role(conn, who).await? != Role::Admin {
        return Err(DbError::Refused(Refusal::NotYourImport));
    }
    Ok(())
}

/// Stops the import: a batch being written finishes (it holds the row), the rest is not.
pub async fn cancel(pool: &PgPool, who: &Identity, id: Uuid) -> Result<Import, DbError> {
    let mut conn = pool.acquire().await?;
    own(&mut conn, who, id).await?;
    let stopped = sqlx::query(
        "UPDATE imports SET status = 'cancelled', finished_at = now() \
         WHERE id = $1 AND status IN ('queued', 'running')",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if stopped.rows_affected() == 0 {
        return Err(DbError::Refused(Refusal::ImportNotRunning));
    }
    one(&mut conn, who, id).await
}

/// Removes every record the import created, in one transaction, if none of them changed since
/// and nothing was added to them (an activity, a person at an imported company, a deal).
pub async fn undo(pool: &PgPool, who: &Identity, id: Uuid) -> Result<Import, DbError> {
    let mut conn = pool.acquire().await?;
    own(&mut conn, who, id).await?;
    let mut tx = conn.begin().await?;
    let status: String = sqlx::query_scalar("SELECT status FROM imports WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if !Status::parse(&status).is_finished() || status == "undone" {
        return Err(DbError::Refused(match status.as_str() {
            "undone" => Refusal::ImportUndone,
            _ => Refusal::ImportRunning,
        }));
    }
    let created: Vec<(Uuid, i64)> =
        sqlx::query_as("SELECT record_id, seq FROM import_records WHERE import_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    let ids: Vec<Uuid> = created.iter().map(|(id, _)| *id).collect();
    let changed: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM records r JOIN import_records i ON i.record_id = r.id \
                 WHERE i.import_id = $1 AND (r.version <> i.seq OR r.deleted)) \
              + (SELECT count(*) FROM opportunities o JOIN import_records i ON i.record_id = o.id \
                 WHERE i.import_id = $1 AND (o.version <> i.seq OR o.deleted))",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let hanging: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM records WHERE org_id = $1 AND parent_id = ANY($2) \
                 AND NOT deleted AND NOT id = ANY($2)) \
              + (SELECT count(*) FROM opportunities WHERE org_id = $1 AND NOT deleted \
                 AND NOT id = ANY($2) \
                 AND (contact_id = ANY($2) OR company_id = ANY($2) OR tag_ids && $2))",
    )
    .bind(who.org_id)
    .bind(&ids)
    .fetch_one(&mut *tx)
    .await?;
    if changed + hanging > 0 {
        return Err(DbError::Refused(Refusal::ImportTouched(changed + hanging)));
    }
    let mut store = Store::default();
    records::load(&mut tx, who.org_id, &ids, &mut store).await?;
    opportunities::load(&mut tx, who.org_id, &ids, &mut store).await?;
    let count = ids.len() as i64;
    if count > 0 {
        let last = super::take_numbers(&mut tx, who.org_id, count).await?;
        for (n, id) in ids.iter().enumerate() {
            let Some(mut record) = store.get(*id) else {
                continue;
            };
            record.set_deleted(true);
            save(&mut tx, who, last - count + 1 + n as i64, &record).await?;
        }
        announce(&mut tx, who.org_id).await?;
    }
    sqlx::query("UPDATE imports SET status = 'undone' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    one(&mut conn, who, id).await
}

/// The rows the import could not take, with why, to download and fix.
pub async fn failed_rows(pool: &PgPool, who: &Identity, id: Uuid) -> Result<FailedRows, DbError> {
    let mut conn = pool.acquire().await?;
    // The file's rows are the uploader's (a sheet may hold what others may not see).
    own(&mut conn, who, id).await?;
    let file = file_of(&mut conn, who, id).await?;
    let headers = file.sheet()?.first().map_err(unreadable)?;
    let rows: Vec<(i64, String, sqlx::types::Json<RuleError>, Vec<String>)> = sqlx::query_as(
        "SELECT line, col, reason, cells FROM import_failures WHERE import_id = $1 ORDER BY line",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(FailedRows {
        file_name: file.name,
        headers,
        rows: rows
            .into_iter()
            .map(|(line, column, reason, cells)| {
                (
                    Failure {
                        line: line as u64,
                        column: (!column.is_empty()).then_some(column),
                        reason: reason.0,
                    },
                    cells,
                )
            })
            .collect(),
    })
}

/// Where a row goes.
enum Target {
    /// An existing record (or one an earlier batch of this import wrote).
    Existing(Uuid),
    /// One this batch creates: its index in `Batch::creates`.
    New(usize),
}

/// A batch of rows as the import takes them.
#[derive(Default)]
struct Batch {
    /// New records, the companies and tags the rows name first.
    creates: Vec<Record>,
    /// (before, after) of each record updated.
    updates: Vec<(Record, Record)>,
    skipped: usize,
    failures: Vec<(u64, Option<usize>, RuleError, Vec<String>)>,
    /// How many of `creates` the rows themselves are (not companies or tags they name).
    rows_created: usize,
    /// Rows written over a record an earlier row of this batch creates.
    merged: usize,
}

impl Batch {
    fn created(&self) -> usize {
        self.rows_created
    }

    /// Rows that updated a record: an existing one, or one this import creates.
    fn updated(&self) -> usize {
        self.updates.len() + self.merged
    }
}

/// Which key (an email, a phone in international form, a name without its legal form) is which
/// record already: a temporary table of the connection the import or its dry run is read on,
/// filled from the organisation's records as it starts and with what each batch creates, so
/// neither a large organisation nor a large file makes the server hold its keys in memory.
struct Keys;

impl Keys {
    /// The connection's table of keys, empty. Outside the dry run's read-only transaction
    /// (which may write a temporary table, not make one).
    async fn make(conn: &mut PgConnection) -> Result<(), DbError> {
        sqlx::query(
            "CREATE TEMP TABLE IF NOT EXISTS import_keys \
                 (key text PRIMARY KEY, record_id uuid NOT NULL, made jsonb)",
        )
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS import_keys_made ON import_keys (record_id) \
             WHERE made IS NOT NULL",
        )
        .execute(&mut *conn)
        .await?;
        Self::clear(conn).await
    }

    async fn clear(conn: &mut PgConnection) -> Result<(), DbError> {
        sqlx::query("TRUNCATE import_keys")
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Adds these keys; a key already there keeps its record (the first one wins).
    async fn add(conn: &mut PgConnection, keys: &[String], ids: &[Uuid]) -> Result<(), DbError> {
        if !keys.is_empty() {
            sqlx::query(
                "INSERT INTO import_keys SELECT * FROM UNNEST($1::text[], $2::uuid[]) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(keys)
            .bind(ids)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Adds the keys of records a dry run would have made (the companies rows name), with
    /// the records themselves: nothing is written, and later rows name them all the same.
    async fn add_made(conn: &mut PgConnection, made: &[(String, &Record)]) -> Result<(), DbError> {
        if !made.is_empty() {
            let keys: Vec<&str> = made.iter().map(|(k, _)| k.as_str()).collect();
            let ids: Vec<Uuid> = made.iter().map(|(_, r)| r.id()).collect();
            let records: Vec<sqlx::types::Json<&Record>> =
                made.iter().map(|(_, r)| sqlx::types::Json(*r)).collect();
            sqlx::query(
                "INSERT INTO import_keys \
                 SELECT * FROM UNNEST($1::text[], $2::uuid[], $3::jsonb[]) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(&keys)
            .bind(&ids)
            .bind(&records)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }

    /// Those of these records a dry run would have made.
    async fn made(conn: &mut PgConnection, ids: &[Uuid]) -> Result<Vec<Record>, DbError> {
        let made: Vec<sqlx::types::Json<Record>> = sqlx::query_scalar(
            "SELECT made FROM import_keys WHERE record_id = ANY($1) AND made IS NOT NULL",
        )
        .bind(ids)
        .fetch_all(&mut *conn)
        .await?;
        Ok(made.into_iter().map(|r| r.0).collect())
    }

    /// The records these keys are.
    async fn find(
        conn: &mut PgConnection,
        keys: &[String],
    ) -> Result<HashMap<String, Uuid>, DbError> {
        let found: Vec<(String, Uuid)> =
            sqlx::query_as("SELECT key, record_id FROM import_keys WHERE key = ANY($1)")
                .bind(keys)
                .fetch_all(&mut *conn)
                .await?;
        Ok(found.into_iter().collect())
    }
}

/// Existing records are read for their keys this many at a time.
const KEYS_READ: i64 = 5_000;

/// A company named in a cell, as `Keys` knows it: by its name without its legal form (what
/// `Names::companies` is keyed by).
const COMPANY_KEY: &str = "company:";

/// A contact named in a cell by their email, as `Keys` knows it (what `Names::contacts` is keyed
/// by, after this).
const CONTACT_KEY: &str = "contact-email:";

fn contact_key(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    (!email.is_empty()).then(|| format!("{CONTACT_KEY}{email}"))
}

fn company_key(name: &str) -> Option<String> {
    let core = crate::domain::duplicates::company_core(name.trim());
    (!core.is_empty()).then(|| format!("{COMPANY_KEY}{core}"))
}

/// The records the cells of `columns` name, as `Keys` knows them by `key` (made with `prefix`):
/// by what follows the prefix.
async fn named_in(
    conn: &mut PgConnection,
    rows: &[(u64, Vec<String>)],
    columns: &[usize],
    prefix: &str,
    key: fn(&str) -> Option<String>,
) -> Result<HashMap<String, Uuid>, DbError> {
    let keys: Vec<String> = rows
        .iter()
        .flat_map(|(_, cells)| columns.iter().filter_map(|n| key(cells.get(*n)?)))
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(Keys::find(conn, &keys)
        .await?
        .into_iter()
        .map(|(k, id)| (k[prefix.len()..].to_string(), id))
        .collect())
}

/// The columns of `plan` that fill a custom field of type `ty`.
fn custom_columns(plan: &Plan, base: &Store, ty: &CustomType) -> Vec<usize> {
    let fields = import::custom_fields(base, &plan.kind);
    plan.columns
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            fields
                .iter()
                .any(|g| Some(g.key.as_str()) == f.as_deref() && &g.ty == ty)
        })
        .map(|(n, _)| n)
        .collect()
}

/// Adds to `Keys` the keys `keys_of` gives each record `select` finds (its id, then three
/// texts; `$1` the org, `$2` the kind), read through a cursor a few thousand at a time.
async fn read_keys(
    conn: &mut PgConnection,
    select: &str,
    org: Uuid,
    kind: &str,
    keys_of: impl Fn((String, String, String)) -> Vec<String>,
) -> Result<(), DbError> {
    let mut tx = conn.begin().await?;
    sqlx::query(&format!(
        "DECLARE import_existing NO SCROLL CURSOR FOR {select}"
    ))
    .bind(org)
    .bind(kind)
    .execute(&mut *tx)
    .await?;
    loop {
        let existing: Vec<(Uuid, String, String, String)> =
            sqlx::query_as(&format!("FETCH {KEYS_READ} FROM import_existing"))
                .fetch_all(&mut *tx)
                .await?;
        if existing.is_empty() {
            break;
        }
        let (mut keys, mut ids) = (Vec::new(), Vec::new());
        for (id, a, b, c) in existing {
            for key in keys_of((a, b, c)) {
                keys.push(key);
                ids.push(id);
            }
        }
        Keys::add(&mut tx, &keys, &ids).await?;
    }
    sqlx::query("CLOSE import_existing")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// An import under way: its plan, what the rules consult, and the names a sheet may use.
struct Run {
    who: Identity,
    plan: Plan,
    base: Store,
    names: Names,
    viewer: crate::domain::access::Viewer,
    today: chrono::NaiveDate,
    /// The last place in each stage's column (deals and leads go after it, in file order).
    last_place: HashMap<Uuid, String>,
    /// The calling code of phone numbers written without one: the organisation's country.
    country: Option<&'static str>,
    /// The columns that name a company.
    company_columns: Vec<usize>,
    /// The columns that name a contact by email (custom contact fields).
    contact_columns: Vec<usize>,
}

impl Run {
    /// Reads what the rules consult and the keys of the records of the kind (into `Keys`,
    /// made empty by the caller).
    async fn start(conn: &mut PgConnection, who: &Identity, plan: &Plan) -> Result<Run, DbError> {
        let mut base = Store {
            users: users::of_org(&mut *conn, who.org_id).await?,
            ..Store::default()
        };
        records::load_setup(&mut *conn, who.org_id, &mut base).await?;
        let viewer = access::viewer_in(&mut *conn, who, &base.teams).await?;
        // The companies rows may name are looked up batch by batch (`Keys`).
        let names = Names::new(&base, []);
        let country = crate::db::duplicates::phone_country(&mut *conn, who.org_id).await?;
        // The keys of the records of the kind, from the fields they are matched on, and the
        // companies by name (which rows of any kind may name).
        let record_kind = import::record_kind(&plan.kind);
        let (select, kind) = if record_kind == "opportunity" {
            (
                "SELECT id, title || '|' || CASE WHEN customer_name = '' THEN company_name \
                     ELSE customer_name END, email, phone \
                 FROM opportunities WHERE org_id = $1 AND NOT deleted AND lead = ($2 = 'lead') \
                 ORDER BY id",
                plan.kind.as_str(),
            )
        } else {
            (
                "SELECT id, coalesce(data->>'name', ''), coalesce(data->>'email', ''), \
                     coalesce(data->>'phone', '') FROM records \
                 WHERE org_id = $1 AND kind = $2 AND NOT deleted ORDER BY id",
                record_kind,
            )
        };
        read_keys(
            &mut *conn,
            select,
            who.org_id,
            kind,
            |(name, email, phone)| {
                let name = match name.split_once('|') {
                    Some((title, whom)) => import::deal_name(title, whom, ""),
                    None => name,
                };
                import::keys_of(&plan.kind, &name, &email, &phone, country)
            },
        )
        .await?;
        read_keys(
            &mut *conn,
            "SELECT id, coalesce(data->>'name', ''), '', '' FROM records \
             WHERE org_id = $1 AND kind = $2 AND NOT deleted ORDER BY id",
            who.org_id,
            "company",
            |(name, _, _)| company_key(&name).into_iter().collect(),
        )
        .await?;
        let last_place: HashMap<Uuid, String> = sqlx::query_as(
            "SELECT stage_id, max(position COLLATE \"C\") FROM opportunities \
             WHERE org_id = $1 AND NOT deleted GROUP BY stage_id",
        )
        .bind(who.org_id)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
        // Custom contact fields: their contacts by email, when a column fills one.
        let contact_columns = custom_columns(plan, &base, &CustomType::Contact);
        if !contact_columns.is_empty() {
            read_keys(
                &mut *conn,
                "SELECT id, '', coalesce(data->>'email', ''), '' FROM records \
                 WHERE org_id = $1 AND kind = $2 AND NOT deleted ORDER BY id",
                who.org_id,
                "contact",
                |(_, email, _)| contact_key(&email).into_iter().collect(),
            )
            .await?;
        }
        // The company column, and custom company fields (`build` finds them by name).
        let mut company_columns = custom_columns(plan, &base, &CustomType::Company);
        company_columns.extend(plan.columns.iter().enumerate().filter_map(|(n, f)| {
            import::fields(&plan.kind)
                .iter()
                .any(|g| Some(g.name) == f.as_deref() && g.ty == FieldType::Link("company"))
                .then_some(n)
        }));
        Ok(Run {
            who: *who,
            plan: plan.clone(),
            base,
            names,
            viewer,
            today: chrono::Utc::now().date_naive(),
            last_place,
            country,
            company_columns,
            contact_columns,
        })
    }

    /// Takes these rows: what to create, update and skip, and the rows that fail. Reads the
    /// records they name in `conn`; writes nothing. In a dry run, a row the same as one an
    /// earlier batch would have created counts as an update of it.
    async fn prepare(
        &mut self,
        conn: &mut PgConnection,
        rows: &[(u64, Vec<String>)],
        dry: bool,
    ) -> Result<Batch, DbError> {
        let mut batch = Batch::default();
        let mut store = self.base.clone();
        // The companies the rows name that exist (or an earlier batch made), and the contacts
        // they name by email.
        self.names.companies = named_in(
            &mut *conn,
            rows,
            &self.company_columns,
            COMPANY_KEY,
            company_key,
        )
        .await?;
        self.names.contacts = named_in(
            &mut *conn,
            rows,
            &self.contact_columns,
            CONTACT_KEY,
            contact_key,
        )
        .await?;
        // Build every row first, so the records they name can be read in one query.
        let mut built: Vec<(u64, &Vec<String>, Result<Built, RowError>)> = rows
            .iter()
            .map(|(line, cells)| {
                (
                    *line,
                    cells,
                    import::build(&self.plan, &self.base, &mut self.names, cells),
                )
            })
            .collect();
        let keys: Vec<String> = built
            .iter()
            .filter_map(|(_, _, b)| b.as_ref().ok())
            .flat_map(|b| import::match_keys(&b.record, self.country))
            .collect();
        let found = Keys::find(&mut *conn, &keys).await?;
        let mut wanted: Vec<Uuid> = found.values().copied().collect();
        for b in built.iter().filter_map(|(_, _, b)| b.as_ref().ok()) {
            wanted.extend(b.record.references());
        }
        wanted.sort();
        wanted.dedup();
        opportunities::load(&mut *conn, self.who.org_id, &wanted, &mut store).await?;
        records::load(&mut *conn, self.who.org_id, &wanted, &mut store).await?;
        // Companies a dry run's earlier batch would have made: not in the database.
        let unmade: Vec<Uuid> = wanted
            .iter()
            .copied()
            .filter(|id| store.get(*id).is_none())
            .collect();
        if dry && !unmade.is_empty() {
            for made in Keys::made(&mut *conn, &unmade).await? {
                store.put(made);
            }
        }
        // Companies and tags named by rows, made by this import and not yet written.
        let mut pending: HashMap<Uuid, Record> = HashMap::new();
        let mut this_batch: HashMap<String, usize> = HashMap::new();
        for (line, cells, b) in built.drain(..) {
            let built = match b {
                Ok(b) => b,
                Err(e) => {
                    batch
                        .failures
                        .push((line, e.column, e.reason, cells.clone()));
                    continue;
                }
            };
            for named in built.new_companies.iter().cloned().map(Record::Company) {
                pending.insert(named.id(), named);
            }
            for named in built.new_tags.iter().cloned().map(Record::Tag) {
                pending.insert(named.id(), named);
            }
            let keys = import::match_keys(&built.record, self.country);
            let target = match self.plan.on_match {
                OnMatch::Create => None,
                _ => keys.iter().find_map(|k| {
                    this_batch
                        .get(k)
                        .map(|i| Target::New(*i))
                        .or_else(|| found.get(k).map(|id| Target::Existing(*id)))
                }),
            };
            if target.is_some() && self.plan.on_match == OnMatch::Skip {
                batch.skipped += 1;
                continue;
            }
            // The companies and tags it names that this import makes go in first; taken
            // back if the row fails.
            let before_named = batch.creates.len();
            let mut taken = Vec::new();
            let mut outcome: Result<(), RuleError> = Ok(());
            for id in built.record.references() {
                if let Some(named) = pending.remove(&id) {
                    taken.push(named.clone());
                    match self.decide(&store, named) {
                        Ok(named) => {
                            store.put(named.clone());
                            batch.creates.push(named);
                        }
                        Err(e) => outcome = Err(e),
                    }
                }
            }
            let outcome = outcome.and_then(|()| match target {
                Some(Target::New(i)) => {
                    let after = self.decide(&store, import::update(&batch.creates[i], &built)?)?;
                    store.put(after.clone());
                    batch.creates[i] = after;
                    // A row naming again someone this import creates updates them.
                    batch.merged += 1;
                    Ok(())
                }
                Some(Target::Existing(id)) => match store.get(id) {
                    Some(before) => {
                        let after = self.decide(&store, import::update(&before, &built)?)?;
                        if after == before {
                            batch.skipped += 1;
                        } else {
                            store.put(after.clone());
                            batch.updates.push((before, after));
                        }
                        Ok(())
                    }
                    // Created by an earlier batch of a dry run: never written.
                    None if dry => {
                        self.decide(&store, built.record.clone())?;
                        batch
                            .updates
                            .push((built.record.clone(), built.record.clone()));
                        Ok(())
                    }
                    None => Err(RuleError::UnknownRecord(id)),
                },
                None => {
                    let record = self.decide(&store, built.record.clone())?;
                    store.put(record.clone());
                    for key in keys {
                        this_batch.entry(key).or_insert(batch.creates.len());
                    }
                    batch.creates.push(record);
                    batch.rows_created += 1;
                    Ok(())
                }
            });
            if let Err(reason) = outcome {
                for named in batch.creates.drain(before_named..) {
                    store.remove(named.id());
                }
                for named in taken {
                    pending.insert(named.id(), named);
                }
                let column = column_of(&self.plan, &reason);
                batch.failures.push((line, column, reason, cells.clone()));
            }
        }
        // Later batches find what this one created as existing (in a dry run too: its keys
        // go when its transaction is rolled back).
        let made_companies: Vec<(String, &Record)> = batch
            .creates
            .iter()
            .filter_map(|r| match r {
                Record::Company(c) => Some((company_key(&c.name)?, r)),
                _ => None,
            })
            .collect();
        if dry {
            Keys::add_made(&mut *conn, &made_companies).await?;
        }
        let (keys, ids): (Vec<String>, Vec<Uuid>) = this_batch
            .into_iter()
            .map(|(key, i)| (key, batch.creates[i].id()))
            .chain(
                made_companies
                    .iter()
                    .filter(|_| !dry)
                    .map(|(key, r)| (key.clone(), r.id())),
            )
            .unzip();
        Keys::add(&mut *conn, &keys, &ids).await?;
        Ok(batch)
    }

    /// The record as the rules and the access rules let it be written: a save, or for a deal
    /// or a lead, its creation or the change of its fields, as the board and the forms make.
    fn decide(&mut self, store: &Store, record: Record) -> Result<Record, RuleError> {
        let id = record.id();
        let mutation = match record {
            Record::Opportunity(mut o) => {
                if let Some(Record::Opportunity(_)) = store.get(id) {
                    let fields: OpportunityFields = serde_json::to_value(&o)
                        .and_then(serde_json::from_value)
                        .map_err(|e| RuleError::Malformed(e.to_string()))?;
                    Mutation::SetOpportunityFields {
                        id,
                        fields,
                        base_version: 0,
                    }
                } else {
                    // After the last card of its column, in the file's order.
                    let last = self.last_place.get(&o.stage_id).map(String::as_str);
                    o.position = crate::domain::fractional_index::key_between(last, None)?;
                    let new: NewOpportunity = serde_json::to_value(&o)
                        .and_then(serde_json::from_value)
                        .map_err(|e| RuleError::Malformed(e.to_string()))?;
                    Mutation::CreateOpportunity(new)
                }
            }
            record => Mutation::Save { record },
        };
        let (_, changed) = decide(mutation, store, &HashSet::new(), &self.viewer, self.today)?;
        let after = changed
            .into_iter()
            .find(|r| r.id() == id)
            .ok_or(RuleError::UnknownRecord(id))?;
        if let Record::Opportunity(o) = &after
            && store.get(id).is_none()
        {
            self.last_place.insert(o.stage_id, o.position.clone());
        }
        Ok(after)
    }

    /// Writes a prepared batch as the next rows of import `id` (which starts at `from`), if
    /// the import is still this worker's and still at `from`. Returns false when it is not
    /// (cancelled, or taken over), having written nothing.
    async fn write(
        &self,
        tx: &mut PgConnection,
        id: Uuid,
        from: usize,
        rows: usize,
        batch: Batch,
        fail_column: impl Fn(usize) -> String,
    ) -> Result<bool, DbError> {
        let who = &self.who;
        let count = (batch.creates.len() + batch.updates.len()) as i64;
        let mut first = 0;
        if count > 0 {
            let last = super::take_numbers(&mut *tx, who.org_id, count).await?;
            first = last - count + 1;
        }
        // The documents in bulk, then the deals (which name them), each with its number.
        let now = chrono::Utc::now();
        let (deals, documents): (Vec<&Record>, Vec<&Record>) = batch
            .creates
            .iter()
            .partition(|r| matches!(r, Record::Opportunity(_)));
        let bulk: Vec<(Record, chrono::DateTime<chrono::Utc>)> =
            documents.iter().map(|r| ((*r).clone(), now)).collect();
        records::insert_many(&mut *tx, who, first, &bulk).await?;
        let mut seq = first + bulk.len() as i64;
        for deal in &deals {
            save(&mut *tx, who, seq, deal).await?;
            seq += 1;
        }
        let made: Vec<&Record> = documents.iter().chain(&deals).copied().collect();
        let ids: Vec<Uuid> = made.iter().map(|r| r.id()).collect();
        let seqs: Vec<i64> = (0..ids.len() as i64).map(|n| first + n).collect();
        sqlx::query(
            "INSERT INTO import_records (import_id, record_id, seq) \
             SELECT $1, * FROM UNNEST($2::uuid[], $3::int8[])",
        )
        .bind(id)
        .bind(&ids)
        .bind(&seqs)
        .execute(&mut *tx)
        .await?;
        for (before, after) in &batch.updates {
            save(&mut *tx, who, seq, after).await?;
            let changes = diff_records(Some(before), after);
            opportunities::log_changes(
                &mut *tx,
                who,
                seq,
                (after.kind(), after.id()),
                &changes,
                None,
            )
            .await?;
            seq += 1;
        }
        if !batch.failures.is_empty() {
            let lines: Vec<i64> = batch.failures.iter().map(|f| f.0 as i64).collect();
            let columns: Vec<String> = batch
                .failures
                .iter()
                .map(|f| f.1.map(&fail_column).unwrap_or_default())
                .collect();
            let reasons: Vec<sqlx::types::Json<&RuleError>> = batch
                .failures
                .iter()
                .map(|f| sqlx::types::Json(&f.2))
                .collect();
            // Rows of cells as one JSON array each (Postgres has no ragged text[][]).
            let cells: Vec<sqlx::types::Json<&Vec<String>>> = batch
                .failures
                .iter()
                .map(|f| sqlx::types::Json(&f.3))
                .collect();
            sqlx::query(
                "INSERT INTO import_failures (import_id, line, col, reason, cells) \
                 SELECT $1, line, col, reason, ARRAY(SELECT jsonb_array_elements_text(cells)) \
                 FROM UNNEST($2::int8[], $3::text[], $4::jsonb[], $5::jsonb[]) \
                     AS t(line, col, reason, cells)",
            )
            .bind(id)
            .bind(&lines)
            .bind(&columns)
            .bind(&reasons)
            .bind(&cells)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "UPDATE imports SET rows_done = $2, created = created + $3, updated = updated + $4, \
                 skipped = skipped + $5, failed = failed + $6, heartbeat = now() \
             WHERE id = $1",
        )
        .bind(id)
        .bind((from + rows) as i32)
        .bind(batch.rows_created as i32)
        .bind(batch.updated() as i32)
        .bind(batch.skipped as i32)
        .bind(batch.failures.len() as i32)
        .execute(&mut *tx)
        .await?;
        if count > 0 {
            announce(&mut *tx, who.org_id).await?;
        }
        Ok(true)
    }
}

/// The column a refusal is about, when it names a field the plan maps.
fn column_of(plan: &Plan, reason: &RuleError) -> Option<usize> {
    let field = match reason {
        RuleError::Required(code)
        | RuleError::NotPositive(code)
        | RuleError::TooLong { field: code, .. } => code.rsplit('.').next().map(str::to_string),
        RuleError::OutOfRange { field, .. } | RuleError::FilterValue { field, .. } => {
            field.rsplit('.').next().map(str::to_string)
        }
        RuleError::InvalidEmail(_) => Some("email".into()),
        RuleError::InvalidPhone(_) => Some("phone".into()),
        RuleError::Duplicate(_) => Some("name".into()),
        _ => None,
    }?;
    plan.columns
        .iter()
        .position(|c| c.as_deref() == Some(field.as_str()))
}

/// Claims the next queued import (or one whose process stopped writing), and runs it to its
/// end. Returns whether there was one. Safe with several server processes: a claim takes the
/// row with `SKIP LOCKED`, and every batch re-checks the claim under the row's lock.
pub async fn run_next(pool: &PgPool, worker: Uuid) -> Result<bool, DbError> {
    let claimed: Option<(Uuid, Uuid, Uuid, sqlx::types::Json<Plan>)> = sqlx::query_as(
        "UPDATE imports SET status = 'running', claimed_by = $1, heartbeat = now(), \
             started_at = coalesce(started_at, now()) \
         WHERE id = (SELECT id FROM imports \
             WHERE status = 'queued' \
                OR (status = 'running' AND heartbeat < now() - make_interval(secs => $2)) \
             ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1) \
         RETURNING id, org_id, user_id, plan",
    )
    .bind(worker)
    .bind(LEASE_SECONDS as f64)
    .fetch_optional(pool)
    .await?;
    let Some((id, org_id, user_id, plan)) = claimed else {
        return Ok(false);
    };
    let who = Identity { org_id, user_id };
    if let Err(e) = run(pool, &who, id, &plan.0, worker).await {
        tracing::error!(import = %id, "an import stopped: {e}");
        sqlx::query(
            "UPDATE imports SET status = 'failed', error = $2, finished_at = now() \
             WHERE id = $1 AND claimed_by = $3 AND status = 'running'",
        )
        .bind(id)
        .bind(e.to_string())
        .bind(worker)
        .execute(pool)
        .await?;
    }
    Ok(true)
}

/// Writes the import's rows from where it stands, a batch a transaction.
async fn run(
    pool: &PgPool,
    who: &Identity,
    id: Uuid,
    plan: &Plan,
    worker: Uuid,
) -> Result<(), DbError> {
    let mut conn = pool.acquire().await?;
    let file = file_of(&mut conn, who, id).await?;
    let sheet = file.sheet()?;
    let headers = sheet.first().map_err(unreadable)?;
    Keys::make(&mut conn).await?;
    let mut run = Run::start(&mut conn, who, plan).await?;
    let fail_column = |c: usize| column_name(&headers, plan, c);
    // The file is read as it is written, a batch at a time: `at` rows of it are taken.
    let skip = usize::from(plan.header);
    let (mut rows, mut at) = (sheet.rows().skip(skip), 0);
    let batches = async {
        loop {
            let mut tx = conn.begin().await?;
            let (status, claimed, done): (String, Option<Uuid>, i32) = sqlx::query_as(
                "SELECT status, claimed_by, rows_done FROM imports WHERE id = $1 FOR UPDATE",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if status != "running" || claimed != Some(worker) {
                // Cancelled, or taken over by another process: nothing more of it is ours.
                return Ok(());
            }
            let from = usize::try_from(done).unwrap_or(0);
            if from != at {
                // Going on from where another process (or an earlier run of this one) left it.
                (rows, at) = (sheet.rows().skip(skip + from), from);
            }
            let chunk: Vec<Row> = match rows.by_ref().take(BATCH).collect() {
                Ok(chunk) => chunk,
                Err(e) => return Err(unreadable(e)),
            };
            if chunk.is_empty() {
                sqlx::query(
                    "UPDATE imports SET status = 'done', finished_at = now(), heartbeat = now() \
                     WHERE id = $1",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                return Ok(());
            }
            let batch = run.prepare(&mut tx, &chunk, false).await?;
            run.write(&mut tx, id, from, chunk.len(), batch, fail_column)
                .await?;
            tx.commit().await?;
            at += chunk.len();
            // Give the open browsers' pulls and the people's pushes their turn.
            tokio::task::yield_now().await;
        }
    };
    let outcome = batches.await;
    // The keys go whatever happened (a connection that failed takes them with it).
    let _ = Keys::clear(&mut conn).await;
    outcome
}

/// The import worker of this server process: runs queued imports as they come (told by
/// NOTIFY, and looking every few seconds for one another process left).
pub async fn work(pool: PgPool, mut stopping: tokio::sync::watch::Receiver<bool>) {
    let worker = Uuid::now_v7();
    let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
        Ok(mut l) => match l.listen(IMPORTS_CHANNEL).await {
            Ok(()) => Some(l),
            Err(e) => {
                tracing::warn!("imports are looked for every few seconds: {e}");
                None
            }
        },
        Err(e) => {
            tracing::warn!("imports are looked for every few seconds: {e}");
            None
        }
    };
    loop {
        loop {
            match run_next(&pool, worker).await {
                Ok(true) => continue,
                Ok(false) => break,
                Err(e) => {
                    tracing::error!("the import worker failed: {e}");
                    break;
                }
            }
        }
        let wait = tokio::time::sleep(std::time::Duration::from_secs(5));
        tokio::select! {
            _ = wait => {}
            _ = stopping.changed() => return,
            _ = async {
                match listener.as_mut() {
                    Some(l) => { let _ = l.recv().await; }
                    None => std::future::pending::<()>().await,
                }
            } => {}
        }
        if *stopping.borrow() {
            return;
        }
    }
}
