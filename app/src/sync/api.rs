//! The `push` and `pull` server functions: the wire between the browser's engine and `db`.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

use super::protocol::{PullRequest, PullResponse, PushRequest, PushResponse};

#[server(prefix = "/api", endpoint = "push", input = Json)]
pub async fn push(request: PushRequest) -> Result<PushResponse, ServerFnError> {
    let ctx = server_context()?;
    // One account cannot flood the server with changes (or with refusals to store).
    if let Err(wait) = crate::db::rate::take(ctx.identity.user_id, request.mutations.len()) {
        return Err(to_server_error(crate::db::DbError::Refused(
            crate::db::refusal::Refusal::TooManyChanges(wait),
        )));
    }
    crate::db::push(&ctx.pool, &ctx.identity, &request)
        .await
        .map_err(to_server_error)
}

#[server(prefix = "/api", endpoint = "pull", input = Json)]
pub async fn pull(request: PullRequest) -> Result<PullResponse, ServerFnError> {
    let ctx = server_context()?;
    crate::db::pull(&ctx.pool, &ctx.identity, &request)
        .await
        .map_err(to_server_error)
}

/// Records this browser's copy does not keep (an old closed deal opened by its address), with
/// what belongs to them and what they name, as far as the person may see them.
#[server(prefix = "/api", endpoint = "fetch", input = Json)]
pub async fn fetch(ids: Vec<uuid::Uuid>) -> Result<super::protocol::Fetched, ServerFnError> {
    let ctx = server_context()?;
    crate::db::keep::fetch(&ctx.pool, &ctx.identity, &ids)
        .await
        .map_err(to_server_error)
}

/// Deals closed before the horizon (which a browser does not keep) matching `text`, with what
/// belongs to them; `today` is the asker's calendar day.
#[server(prefix = "/api", endpoint = "search_past", input = Json)]
pub async fn search_past(
    text: String,
    today: chrono::NaiveDate,
) -> Result<super::protocol::Fetched, ServerFnError> {
    let ctx = server_context()?;
    crate::db::keep::search_past(&ctx.pool, &ctx.identity, &text, today)
        .await
        .map_err(to_server_error)
}

/// The words a server function answers with when nobody is signed in: the browser then goes
/// to the sign-in page.
pub const NOT_SIGNED_IN: &str = "not signed in";

/// The database and who is asking: the session the server's middleware found for this request.
#[cfg(feature = "ssr")]
pub(crate) fn server_context() -> Result<Ctx, ServerFnError> {
    let context = use_context::<crate::db::ServerContext>()
        .ok_or_else(|| ServerFnError::new("the server is not set up: no database context"))?;
    let identity = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::db::Identity>().copied())
        .ok_or_else(|| {
            answer_status(axum::http::StatusCode::UNAUTHORIZED);
            ServerFnError::new(NOT_SIGNED_IN)
        })?;
    Ok(Ctx {
        pool: context.pool,
        identity,
    })
}

#[cfg(feature = "ssr")]
pub(crate) struct Ctx {
    pub pool: sqlx::PgPool,
    pub identity: crate::db::Identity,
}

#[cfg(feature = "ssr")]
pub(crate) fn to_server_error(e: crate::db::DbError) -> ServerFnError {
    use crate::db::DbError;
    use crate::db::refusal::Refusal;
    use crate::ui::request_locale;
    // The database's own words stay in the server's log, under a reference the person can
    // quote; the browser gets a plain message (its changes stay queued and are sent again).
    let status = e.status();
    answer_status(status);
    match e {
        DbError::Sql(_) | DbError::Corrupt(_) | DbError::Internal(_) => {
            let reference = uuid::Uuid::now_v7().simple().to_string();
            tracing::error!(%reference, "a request failed on the server: {e}");
            ServerFnError::new(Refusal::ServerFailed(reference).text(request_locale()))
        }
        other => ServerFnError::new(other.said(request_locale())),
    }
}

/// Sets the HTTP status this server function answers with (a wrong request is not a 500).
#[cfg(feature = "ssr")]
pub(crate) fn answer_status(status: axum::http::StatusCode) {
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// The change log of these records, newest first, with who made each change: their timeline.
#[server(prefix = "/api", endpoint = "history", input = Json)]
pub async fn history(record_ids: Vec<uuid::Uuid>) -> Result<Vec<HistoryLine>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::history::of_records(&ctx.pool, &ctx.identity, &record_ids)
        .await
        .map_err(to_server_error)
}

/// The dashboard computed on the server from Postgres, with the same function the browser runs
/// on its cache. `today` is the asker's calendar day (a sales day ends at their midnight).
#[server(prefix = "/api", endpoint = "dashboard", input = Json)]
pub async fn dashboard(
    filter: crate::domain::report::Filter,
    today: chrono::NaiveDate,
) -> Result<crate::domain::report::Dashboard, ServerFnError> {
    let ctx = server_context()?;
    crate::db::report::dashboard_of(&ctx.pool, &ctx.identity, &filter, today)
        .await
        .map_err(to_server_error)
}

/// One field of one change, as the timeline shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryLine {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub record_type: String,
    pub record_id: uuid::Uuid,
    pub field: String,
    pub old: serde_json::Value,
    pub new: serde_json::Value,
    pub user_name: Option<String>,
}

/// The most records one timeline covers.
pub const MAX_HISTORY_RECORDS: usize = 500;

/// Learns predictions again at once from the organisation's won and lost deals (the admin's).
#[server(prefix = "/api", endpoint = "learn_predictions", input = Json)]
pub async fn learn_predictions() -> Result<crate::domain::scoring::Learnt, ServerFnError> {
    let ctx = server_context()?;
    crate::db::scoring::learn_now(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)
}

/// Assigns the leads waiting for a team or a salesperson now (the admin's or a manager's):
/// every member gets their whole daily quota again.
#[server(prefix = "/api", endpoint = "assign_leads", input = Json)]
pub async fn assign_leads() -> Result<crate::domain::assignment::Assigned, ServerFnError> {
    let ctx = server_context()?;
    crate::db::assignment::assign_now(&ctx.pool, &ctx.identity)
        .await
        .map_err(to_server_error)
}

/// A background job that failed the last time it ran for the organisation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JobFailure {
    /// "lead_scoring", "assignment" or "prediction".
    pub job: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Where the server's log tells what happened.
    pub reference: String,
}

/// The background jobs that failed last time they ran (the admin's, for Settings): nothing
/// that fails behind the scenes goes unsaid.
#[server(prefix = "/api", endpoint = "job_failures", input = Json)]
pub async fn job_failures() -> Result<Vec<JobFailure>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::job_failures_of(&ctx.pool, &ctx.identity)
        .await
        .map(|failures| {
            failures
                .into_iter()
                .map(|(job, at, reference)| JobFailure { job, at, reference })
                .collect()
        })
        .map_err(to_server_error)
}

/// A segment (contacts or companies a filter keeps, across their links) over everything the
/// organisation holds that the person may see, deals closed before the browser's horizon
/// included (`db::segments`): the ids it keeps, read on `today` in the reader's calendar.
#[server(prefix = "/api", endpoint = "segment", input = Json)]
pub async fn segment(
    kind: String,
    filter: crate::domain::filter::Filter,
    today: chrono::NaiveDate,
    jalali: bool,
    week_starts: chrono::Weekday,
) -> Result<Vec<uuid::Uuid>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::segments::kept(
        &ctx.pool,
        &ctx.identity,
        &kind,
        &filter,
        today,
        (jalali, week_starts),
    )
    .await
    .map_err(to_server_error)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn a_database_failure_reaches_the_browser_as_a_plain_message_with_a_reference() {
        let e = to_server_error(crate::db::DbError::Sql(sqlx::Error::PoolTimedOut));
        let text = e.to_string();
        assert!(text.contains("reference"), "{text}");
        assert!(
            !text.to_lowercase().contains("pool"),
            "sqlx's words stay in the log: {text}"
        );
        let refused = to_server_error(crate::db::DbError::Invalid(
            "a cursor is never negative".into(),
        ));
        assert!(refused.to_string().contains("a cursor is never negative"));
    }
}
