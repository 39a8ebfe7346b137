//! Pokes: Postgres announces every commit (NOTIFY in push), one listener per server process
//! fans it out, and each browser's server-sent-events stream tells it to pull. Because the
//! announcement goes through Postgres, several server processes stay in step.

use std::convert::Infallible;
use std::time::Duration;

use app::db::CHANGES_CHANNEL;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::{Stream, StreamExt};
use sqlx::PgPool;
use sqlx::postgres::PgListener;
use tokio::sync::broadcast;
use uuid::Uuid;

use crate::AppState;

/// Listens for commits until the server stops, reconnecting after failures.
pub fn spawn_listener(
    pool: PgPool,
    pokes: broadcast::Sender<Uuid>,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                result = listen(&pool, &pokes) => {
                    if let Err(e) = result {
                        tracing::warn!("change listener lost its connection: {e}; retrying");
                    }
                }
                _ = stopping.wait_for(|s| *s) => return,
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

async fn listen(pool: &PgPool, pokes: &broadcast::Sender<Uuid>) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANGES_CHANNEL).await?;
    loop {
        let note = listener.recv().await?;
        if let Ok(org) = Uuid::parse_str(note.payload()) {
            // No receivers is fine: nobody is connected.
            let _ = pokes.send(org);
        }
    }
}

/// GET /api/events: a stream with a `poke` for every change in the user's org.
pub async fn stream(
    State(state): State<AppState>,
    who: Option<axum::Extension<app::db::Identity>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, axum::http::StatusCode> {
    let Some(axum::Extension(who)) = who else {
        return Err(axum::http::StatusCode::UNAUTHORIZED);
    };
    let org = who.org_id;
    let rx = state.pokes.subscribe();
    let pokes = futures::stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(changed) if changed == org => {
                    return Some((Ok(Event::default().data("poke")), rx));
                }
                Ok(_) => continue,
                // Missed some: one poke covers them all, pull fetches everything since the cursor.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().data("poke")), rx));
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let mut stopping = state.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|s| *s).await;
    };
    Ok(Sse::new(pokes.take_until(stopped))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
