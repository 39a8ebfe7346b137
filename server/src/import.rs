//! The route an imported file goes up by: `POST /api/import?kind=…&name=…`, the file as the
//! body (a server function's body is limited to a push's; a file has its own limit,
//! `RAPPORT_MAX_IMPORT`). It answers with the file as read and the mapping it suggests
//! (`Preview`, JSON), or with the status and words of what is wrong.

use std::collections::HashMap;

use app::db::Identity;
use app::db::import::Choice;
use app::db::refusal::Refusal;
use app::ui::locale_of;
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;

pub async fn upload(
    State(state): State<AppState>,
    who: Option<Extension<Identity>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let Some(Extension(who)) = who else {
        return (StatusCode::UNAUTHORIZED, app::sync::api::NOT_SIGNED_IN).into_response();
    };
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            tracing::info!("an upload was refused: {e}");
            let refusal = Refusal::FileTooLarge(state.max_import / (1024 * 1024));
            return (refusal.status(), refusal.text(locale_of(&headers))).into_response();
        }
    };
    let Some(kind) = params.get("kind") else {
        return (
            StatusCode::BAD_REQUEST,
            "say what the file holds: ?kind=contact",
        )
            .into_response();
    };
    let choice = Choice {
        encoding: params.get("encoding").filter(|e| !e.is_empty()).cloned(),
        delimiter: params
            .get("delimiter")
            .and_then(|d| app::db::import::delimiter_of(d)),
    };
    let name = params.get("name").map_or("import", String::as_str);
    match app::db::import::upload(&state.context.pool, &who, kind, name, &body, &choice).await {
        Ok(preview) => axum::Json(preview).into_response(),
        Err(e) if e.status().is_server_error() => {
            tracing::error!("an upload failed: {e}");
            (e.status(), "the server failed to keep the file: try again").into_response()
        }
        Err(e) => (e.status(), e.said(locale_of(&headers))).into_response(),
    }
}
