//! The server's data layer (ssr only): the authoritative apply of mutations inside Postgres
//! transactions, the pull snapshot, and who is asking. Every query is scoped by org.

pub mod access;
pub mod assignment;
pub mod auth;
pub mod calendar;
pub mod duplicates;
pub mod filter;
pub mod history;
pub mod import;
pub mod keep;
pub mod lead_scoring;
pub mod opportunities;
mod pull;
mod push;
pub mod rate;
pub mod records;
pub mod refusal;
pub mod report;
pub mod scoring;
pub mod users;

pub use pull::pull;
pub use push::push;

use sqlx::PgPool;
use thiserror::Error;
use uuid::Uuid;

/// The Postgres channel a commit is announced on; the payload is the org id.
pub const CHANGES_CHANNEL: &str = "rapport_changes";

/// Who is making a request: the signed-in person of its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub org_id: Uuid,
    pub user_id: Uuid,
}

/// What server functions need, provided to them as Leptos context by the server.
#[derive(Debug, Clone)]
pub struct ServerContext {
    pub pool: PgPool,
}

/// Runs database work to its end even when the caller stops waiting (a browser that disconnects
/// drops its request's future). A transaction cut part-way by cancellation would otherwise go
/// back to the pool half-open and break the next request that uses the connection.
async fn run_to_completion<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, DbError>> + Send + 'static,
) -> Result<T, DbError> {
    tokio::spawn(work)
        .await
        .map_err(|e| DbError::Internal(format!("the request stopped: {e}")))?
}

/// Takes the org's row lock for this transaction (the one a push takes for its change numbers):
/// waits for it, or (not `wait`ing) answers false at once when another transaction holds it
/// (`SKIP LOCKED`: a second server process skips the organisation).
pub(crate) async fn lock_org(
    conn: &mut sqlx::PgConnection,
    org_id: Uuid,
    wait: bool,
) -> Result<bool, DbError> {
    let lock = if wait {
        "SELECT id FROM orgs WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT id FROM orgs WHERE id = $1 FOR UPDATE SKIP LOCKED"
    };
    let held: Option<Uuid> = sqlx::query_scalar(lock)
        .bind(org_id)
        .fetch_optional(conn)
        .await?;
    Ok(held.is_some())
}

/// A background job of every server process: `job` now, then every `period`, until the server
/// stops; a failure is logged and the job tried again at its next turn. (Each job is safe with
/// several processes running it: see its own module.)
pub async fn every<F, Fut>(
    period: std::time::Duration,
    what: &str,
    pool: PgPool,
    mut stopping: tokio::sync::watch::Receiver<bool>,
    job: F,
) where
    F: Fn(PgPool) -> Fut,
    Fut: std::future::Future<Output = Result<(), DbError>>,
{
    loop {
        if let Err(e) = job(pool.clone()).await {
            tracing::error!("{what} failed: {e}");
        }
        tokio::select! {
            _ = tokio::time::sleep(period) => {}
            _ = stopping.changed() => return,
        }
        if *stopping.borrow() {
            return;
        }
    }
}

#[derive(Debug, Error)]
pub enum DbError {
    #[error("the database failed: {0}")]
    Sql(#[from] sqlx::Error),
    /// The request is wrong (answered 400).
    #[error("{0}")]
    Invalid(String),
    /// Not this person's to ask (403).
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// Asks for more than one request may carry (413).
    #[error("{0}")]
    TooLarge(String),
    /// Clashes with what is there (409).
    #[error("{0}")]
    Conflict(String),
    /// Too many attempts: try again later (429).
    #[error("{0}")]
    TooMany(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// The server's own fault, not the request's (500).
    #[error("{0}")]
    Internal(String),
    /// What a person can meet using the app, said in their language.
    #[error("{0}")]
    Refused(refusal::Refusal),
}

impl DbError {
    /// The error as the person is told it: a refusal in their language, else its own words.
    pub fn said(&self, locale: crate::i18n::Locale) -> String {
        match self {
            DbError::Refused(refusal) => refusal.text(locale),
            other => other.to_string(),
        }
    }

    /// The HTTP status a request that failed so is answered with: the asker's mistake is not
    /// the server's fault.
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            DbError::Invalid(_) => StatusCode::BAD_REQUEST,
            DbError::Forbidden(_) => StatusCode::FORBIDDEN,
            DbError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            DbError::Conflict(_) => StatusCode::CONFLICT,
            DbError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            DbError::Refused(r) => r.status(),
            DbError::Sql(_) | DbError::Corrupt(_) | DbError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

/// Takes the org's next `count` change numbers and returns the last: they are commit order,
/// as taking them locks the org's row until the transaction ends.
pub(crate) async fn take_numbers(
    conn: &mut sqlx::PgConnection,
    org_id: Uuid,
    count: i64,
) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("UPDATE orgs SET seq = seq + $2 WHERE id = $1 RETURNING seq")
            .bind(org_id)
            .bind(count)
            .fetch_one(conn)
            .await?,
    )
}
