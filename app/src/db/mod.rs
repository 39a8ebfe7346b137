//! The server's data layer (ssr only): the authoritative apply of mutations inside Postgres
//! transactions, the pull snapshot, and who is asking. Every query is scoped by org.

pub mod access;
pub mod assignment;
pub mod auth;
pub mod calendar;
pub mod custom_fields;
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
pub mod segments;
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

/// One organisation's run of a background job (`job`: "lead_scoring", "assignment"…). A
/// failure is logged under a reference and kept for the organisation's admin to see in Settings
/// (`job_failures`); the next run that succeeds clears it. One organisation failing does not
/// stop the others' runs. A run that found the organisation held by another process (`None`)
/// leaves its failure as it is: that process's run says how it went.
pub async fn for_org<T>(
    pool: &PgPool,
    job: &'static str,
    org: Uuid,
    run: impl std::future::Future<Output = Result<Option<T>, DbError>>,
) -> Option<T> {
    match run.await {
        Ok(None) => None,
        Ok(Some(done)) => {
            let cleared = sqlx::query("DELETE FROM job_failures WHERE org_id = $1 AND job = $2")
                .bind(org)
                .bind(job)
                .execute(pool)
                .await;
            if let Err(e) = cleared {
                tracing::warn!("clearing {job}'s failure for organisation {org} failed: {e}");
            }
            Some(done)
        }
        Err(e) => {
            let reference = Uuid::now_v7().simple().to_string();
            tracing::error!(%reference, "{job} failed for organisation {org}: {e}");
            let kept = sqlx::query(
                "INSERT INTO job_failures (org_id, job, reference) VALUES ($1, $2, $3) \
                 ON CONFLICT (org_id, job) DO UPDATE SET failed_at = now(), \
                 reference = EXCLUDED.reference",
            )
            .bind(org)
            .bind(job)
            .bind(&reference)
            .execute(pool)
            .await;
            if let Err(e) = kept {
                tracing::error!("keeping {job}'s failure for organisation {org} failed: {e}");
            }
            None
        }
    }
}

/// The background jobs that failed last time they ran for the admin's organisation: (job,
/// when, reference).
pub async fn job_failures_of(
    pool: &PgPool,
    who: &Identity,
) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>, String)>, DbError> {
    let mut conn = pool.acquire().await?;
    if access::role(&mut conn, who).await? != crate::domain::access::Role::Admin {
        return Err(DbError::Forbidden(
            "only the admin sees how the background jobs went".into(),
        ));
    }
    Ok(sqlx::query_as(
        "SELECT job, failed_at, reference FROM job_failures WHERE org_id = $1 ORDER BY job",
    )
    .bind(who.org_id)
    .fetch_all(&mut *conn)
    .await?)
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
    /// Whether the request is at fault, not the database (a push refused for it is answered
    /// alone, and the pushes written with it are written again without it).
    pub fn is_the_requests(&self) -> bool {
        !matches!(
            self,
            DbError::Sql(_) | DbError::Corrupt(_) | DbError::Internal(_)
        )
    }

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
