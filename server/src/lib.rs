//! Rapport's server: configuration, the PostgreSQL bootstrap, demo data, the change stream and
//! the routes. `main.rs` wires these together.

// Release builds compute the layout of the app's deeply nested view types here too.
#![recursion_limit = "512"]

pub mod auth;
pub mod calendar;
pub mod compress;
pub mod config;
pub mod demo;
pub mod events;
pub mod import;
pub mod memory;
pub mod org;
pub mod postgres;
pub mod repair;

use app::db::ServerContext;
use axum::Router;
use axum::extract::FromRef;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tokio::sync::broadcast;
use uuid::Uuid;

/// The migrations in server/migrations, run at start-up.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub context: ServerContext,
    pub pokes: broadcast::Sender<Uuid>,
    /// Turns true when the server is shutting down, so open event streams end.
    pub stopping: tokio::sync::watch::Receiver<bool>,
    /// Demo mode: the demo organisation, whose accounts and password the sign-in page lists.
    pub demo_org: Option<Uuid>,
    /// The largest request body accepted, in bytes (`RAPPORT_MAX_BODY`).
    pub max_body: usize,
    /// The largest file accepted for import, in bytes (`RAPPORT_MAX_IMPORT`).
    pub max_import: usize,
}

/// Where this build's pages, wasm and CSS are, unless `LEPTOS_SITE_ROOT` says otherwise: debug
/// and release builds each have their own folder.
pub const SITE_ROOT: &str = if cfg!(debug_assertions) {
    "target/site"
} else {
    "target/site-release"
};

/// The largest request body accepted unless configured (`RAPPORT_MAX_BODY`): four times what
/// one push of the browser's carries at most.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The largest file accepted for import unless configured (`RAPPORT_MAX_IMPORT`): a sheet of
/// a few hundred thousand people.
pub const MAX_IMPORT: usize = 64 * 1024 * 1024;

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// Every route: the pages, the server functions (push, pull), the event stream, static files.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let context = state.context.clone();
    let options = state.leptos_options.clone();
    let pkg = compress::pkg_files(&options.site_root, &options.site_pkg_dir);
    site_files(Router::new(), &options.site_root)
        .route("/api/events", get(events::stream))
        .route(calendar::ROUTE, get(calendar::feed))
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .route("/signin", get(auth::page).post(auth::submit))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context.clone()),
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        // One limit for every reader of a body (axum's own extractors default to 2 MiB)…
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            state.max_body,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(state.max_body))
        // …but an imported file's, which has its own.
        .merge(
            Router::new()
                .route(
                    app::sync::imports::UPLOAD_PATH,
                    axum::routing::post(import::upload),
                )
                .layer(axum::extract::DefaultBodyLimit::max(state.max_import)),
        )
        .layer(axum::middleware::from_fn(unreadable_is_bad_request))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::layer,
        ))
        .layer(compress::on_the_fly())
        .with_state(state)
}

/// The site's own files (the service worker, the icons, the web manifest), each at its name:
/// the pages' one route (`/*any`) takes every other address.
fn site_files(router: Router<AppState>, site_root: &str) -> Router<AppState> {
    let Ok(entries) = std::fs::read_dir(site_root) else {
        return router;
    };
    entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .fold(router, |router, file| {
            let name = file.file_name().to_string_lossy().into_owned();
            if name == "sw.js" {
                let site = std::path::PathBuf::from(site_root);
                let script = file.path();
                return router.route(
                    "/sw.js",
                    get(move || service_worker(site.clone(), script.clone())),
                );
            }
            router.route_service(
                &format!("/{name}"),
                tower_http::services::ServeFile::new(file.path()),
            )
        })
}

/// The service worker, stamped with the build of the app's wasm: a new build makes it a new
/// worker, which the browser installs, and which keeps the new build's pieces (their names stay
/// from one build to the next, their contents do not).
async fn service_worker(
    site: std::path::PathBuf,
    script: std::path::PathBuf,
) -> axum::response::Response {
    use axum::http::{StatusCode, header};
    use axum::response::IntoResponse;
    let Ok(text) = tokio::fs::read_to_string(&script).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let build = tokio::fs::metadata(site.join("pkg").join("rapport.wasm"))
        .await
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        format!("// build {build}\n{text}"),
    )
        .into_response()
}

/// A request to a server function whose body cannot be read (malformed JSON, a missing or
/// mistyped argument) is the client's mistake: 400, not the 500 the server-function layer gives.
async fn unreadable_is_bad_request(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    if !api || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return axum::response::Response::from_parts(parts, axum::body::Body::empty());
    };
    let text = String::from_utf8_lossy(&bytes);
    if ["Args|", "Deserialization|", "MissingArg|"]
        .iter()
        .any(|kind| text.starts_with(kind))
    {
        parts.status = StatusCode::BAD_REQUEST;
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}
