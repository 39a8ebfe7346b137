//! Importing a sheet: what the browser and the server say to each other about it, and the
//! server functions that carry it. The file itself goes up as the body of `POST /api/import`
//! (see the server's `upload` route): a server function's body limit is a push's.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::RuleError;
use crate::domain::import::Plan;

/// Where the browser sends a file: `?kind=contact&name=…` (and `&encoding=…&delimiter=…`).
pub const UPLOAD_PATH: &str = "/api/import";

/// At most this many failed rows are listed by a dry run (all of them are counted, and all
/// are kept by an import, to download).
pub const LISTED_FAILURES: usize = 200;

/// A file as the server read it: how, its first rows, and the mapping it suggests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub id: Uuid,
    pub kind: String,
    pub file_name: String,
    /// The encoding it was read in (`xlsx` for a workbook).
    pub encoding: String,
    /// The separator of a text file.
    pub delimiter: Option<String>,
    /// Every row, the header included.
    pub rows: usize,
    /// The first row (the column names when there is a header).
    pub headers: Vec<String>,
    /// The rows after it, at most ten.
    pub sample: Vec<Vec<String>>,
    /// The field of each column: the saved mapping of the same columns, or read from headers.
    pub columns: Vec<Option<String>>,
    /// The name of the saved mapping used, if one was.
    pub mapping: Option<String>,
}

/// A row that would fail, or failed: its line in the file, its column, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub line: u64,
    /// The column's name (its header, or its letter when there is no header).
    pub column: Option<String>,
    pub reason: RuleError,
}

/// What an import would do: nothing has been written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Checked {
    pub rows: usize,
    pub create: usize,
    pub update: usize,
    pub skip: usize,
    pub failed: usize,
    /// Companies the rows name that do not exist yet, and would be created.
    pub new_companies: usize,
    /// Tags the rows name that do not exist (created only if the person says so).
    pub missing_tags: Vec<String>,
    /// The first failures, in the file's order.
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    /// Uploaded, not started.
    Draft,
    Queued,
    Running,
    Done,
    Cancelled,
    /// Stopped by an error: the batches before it are written.
    Failed,
    Undone,
}

impl Status {
    pub fn parse(text: &str) -> Status {
        match text {
            "queued" => Status::Queued,
            "running" => Status::Running,
            "done" => Status::Done,
            "cancelled" => Status::Cancelled,
            "failed" => Status::Failed,
            "undone" => Status::Undone,
            _ => Status::Draft,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            Status::Done | Status::Cancelled | Status::Failed | Status::Undone
        )
    }
}

/// An import as kept: who, when, which file, how far, and what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Import {
    pub id: Uuid,
    pub kind: String,
    pub file_name: String,
    pub by: String,
    pub status: Status,
    /// Rows to import (without the header).
    pub total: usize,
    pub done: usize,
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
    pub failed: usize,
    pub error: Option<String>,
    pub uploaded_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl Import {
    /// Rows a second since it started.
    pub fn rate(&self, now: DateTime<Utc>) -> Option<f64> {
        let started = self.started_at?;
        let end = self.finished_at.unwrap_or(now);
        let seconds = (end - started).num_milliseconds() as f64 / 1000.0;
        (seconds > 0.5 && self.done > 0).then(|| self.done as f64 / seconds)
    }
}

/// The failed rows of an import, to fix and import again: the header, then each row with its
/// line, column and reason before its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedRows {
    pub file_name: String,
    pub headers: Vec<String>,
    pub rows: Vec<(Failure, Vec<String>)>,
}

#[cfg(feature = "ssr")]
use super::api::{server_context, to_server_error};

/// The file again, read with another encoding or separator.
#[server(prefix = "/api", endpoint = "import_preview", input = Json)]
pub async fn import_preview(
    id: Uuid,
    encoding: Option<String>,
    delimiter: Option<String>,
) -> Result<Preview, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::preview(&ctx.pool, &ctx.identity, id, encoding, delimiter)
        .await
        .map_err(to_server_error)
}

/// The dry run: every row as the import would take it, nothing written.
#[server(prefix = "/api", endpoint = "import_check", input = Json)]
pub async fn import_check(id: Uuid, plan: Plan) -> Result<Checked, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::check(&ctx.pool, &ctx.identity, id, &plan)
        .await
        .map_err(to_server_error)
}

/// Starts the import (a server process takes it from the queue); `save_as` keeps the mapping.
#[server(prefix = "/api", endpoint = "import_start", input = Json)]
pub async fn import_start(
    id: Uuid,
    plan: Plan,
    save_as: Option<String>,
) -> Result<Import, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::start(&ctx.pool, &ctx.identity, id, &plan, save_as.as_deref())
        .await
        .map_err(to_server_error)
}

/// The imports of the organisation, newest first (or one, by id).
#[server(prefix = "/api", endpoint = "imports", input = Json)]
pub async fn imports(id: Option<Uuid>) -> Result<Vec<Import>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::list(&ctx.pool, &ctx.identity, id)
        .await
        .map_err(to_server_error)
}

/// Stops an import after the batch being written: the batches before stay.
#[server(prefix = "/api", endpoint = "import_cancel", input = Json)]
pub async fn import_cancel(id: Uuid) -> Result<Import, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::cancel(&ctx.pool, &ctx.identity, id)
        .await
        .map_err(to_server_error)
}

/// Removes what the import created, if none of it changed since.
#[server(prefix = "/api", endpoint = "import_undo", input = Json)]
pub async fn import_undo(id: Uuid) -> Result<Import, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::undo(&ctx.pool, &ctx.identity, id)
        .await
        .map_err(to_server_error)
}

/// The rows an import could not take.
#[server(prefix = "/api", endpoint = "import_failed_rows", input = Json)]
pub async fn import_failed_rows(id: Uuid) -> Result<FailedRows, ServerFnError> {
    let ctx = server_context()?;
    crate::db::import::failed_rows(&ctx.pool, &ctx.identity, id)
        .await
        .map_err(to_server_error)
}
