//! Starts Rapport: configuration, PostgreSQL (its own when DATABASE_URL is unset), migrations,
//! demo data, then serves until Ctrl-C or SIGTERM, and stops its PostgreSQL on the way out.

use std::process::ExitCode;

use app::db::ServerContext;
use leptos::prelude::get_configuration;
use server::config::{Config, fallback_data_dir};
use server::postgres::{Cluster, PgError};
use server::{AppState, MIGRATOR, events, org, router};
use sqlx::PgPool;
use tokio::sync::broadcast;

fn main() -> ExitCode {
    // Before any thread is started: the threads to come share few allocator arenas.
    server::memory::limit_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("rapport: the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(start())
}

async fn start() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let mut cluster = None;
    let result = run(&mut cluster).await;
    // The private PostgreSQL stops however the server ends.
    drop(cluster);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("rapport: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cluster: &mut Option<Cluster>) -> Result<(), String> {
    let conf = get_configuration(None).map_err(|e| format!("leptos configuration: {e}"))?;
    let config = Config::from_env(conf.leptos_options.site_addr).map_err(|e| e.to_string())?;
    let mut leptos_options = conf.leptos_options;
    leptos_options.site_addr = config.addr;
    // A debug and a release build never share a site folder: each server serves the wasm it
    // was built with (`./dev` builds the release one into target/site-release).
    if std::env::var_os("LEPTOS_SITE_ROOT").is_none() {
        leptos_options.site_root = server::SITE_ROOT.into();
    }
    server::compress::precompress_in_background(
        std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir),
    );

    let pool = match &config.database_url {
        Some(url) => server::postgres::pool_options(16)
            .connect(url)
            .await
            .map_err(|e| format!("cannot connect to DATABASE_URL: {e}"))?,
        None => {
            let started = match Cluster::start(&config.data_dir) {
                Err(PgError::Unreachable(_)) if !config.data_dir_chosen => {
                    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
                    let fallback = fallback_data_dir(&cwd);
                    tracing::warn!(
                        "the postgres user cannot reach {}; keeping the data in {} instead \
                         (set RAPPORT_DATA_DIR to choose)",
                        config.data_dir.display(),
                        fallback.display()
                    );
                    Cluster::start(&fallback)
                }
                other => other,
            }
            .map_err(|e| e.to_string())?;
            let pool = started
                .pool(&config.database)
                .await
                .map_err(|e| e.to_string())?;
            *cluster = Some(started);
            pool
        }
    };
    MIGRATOR
        .run(&pool)
        .await
        .map_err(|e| format!("database migrations failed: {e}"))?;
    server::repair::untie_positions(&pool)
        .await
        .map_err(|e| format!("repairing card positions failed: {e}"))?;
    let deals = std::env::var("RAPPORT_DEMO_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let mut size = org::DemoSize::of(deals);
    if let Some(past) = std::env::var("RAPPORT_DEMO_PAST")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        size.past = past;
    }
    let first = org::ensure_org(&pool, config.demo, size)
        .await
        .map_err(|e| e.to_string())?;
    let demo_org = config.demo.then_some(first.org_id);
    serve(pool, demo_org, leptos_options, config).await
}

async fn serve(
    pool: PgPool,
    demo_org: Option<uuid::Uuid>,
    leptos_options: leptos::prelude::LeptosOptions,
    config: Config,
) -> Result<(), String> {
    // Listening first: a server that cannot starts no background job.
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.addr))?;
    let (pokes, _) = broadcast::channel(256);
    let (stop, stopping) = tokio::sync::watch::channel(false);
    events::spawn_listener(pool.clone(), pokes.clone(), stopping.clone());
    server::memory::spawn_trimmer(stopping.clone());
    let jobs = [
        tokio::spawn(app::db::import::work(pool.clone(), stopping.clone())),
        tokio::spawn(app::db::scoring::work(pool.clone(), stopping.clone())),
        tokio::spawn(app::db::assignment::work(pool.clone(), stopping.clone())),
        tokio::spawn(app::db::lead_scoring::work(pool.clone(), stopping.clone())),
        tokio::spawn(app::db::duplicates::work(pool.clone(), stopping.clone())),
        tokio::spawn(app::db::custom_fields::work(pool.clone(), stopping.clone())),
    ];
    let state = AppState {
        leptos_options,
        context: ServerContext { pool },
        pokes,
        stopping,
        demo_org,
        max_body: config.max_body,
        max_import: config.max_import,
    };
    tracing::info!("Rapport is serving on http://{}", config.addr);
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    })
    .await
    .map_err(|e| format!("server error: {e}"))?;
    // The background jobs end the run they are in before the database goes (the private one
    // stops when this returns): a run cut by it would be logged, and kept, as a failure.
    let ended = tokio::time::timeout(JOBS_END_WITHIN, futures::future::join_all(jobs)).await;
    if ended.is_err() {
        tracing::warn!(
            "background jobs still running after {} s; stopping anyway (their work is resumed \
             by the next start)",
            JOBS_END_WITHIN.as_secs()
        );
    }
    Ok(())
}

/// How long a stopping server waits for its background jobs to end the run they are in.
const JOBS_END_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
