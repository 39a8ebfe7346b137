//! The server's data layer (ssr only): the authoritative apply of mutations inside Postgres
//! transactions, the pull snapshot, and who is asking. Every query is scoped by org.

pub mod opportunities;
mod pull;
mod push;
mod stages;

pub use pull::pull;
pub use push::push;
pub use stages::load_stages;

use sqlx::PgPool;
use thiserror::Error;
use uuid::Uuid;

/// The Postgres channel a commit is announced on; the payload is the org id.
pub const CHANGES_CHANNEL: &str = "rapport_changes";

/// Who is making a request. Until sign-in exists this is the demo org's demo user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identity {
    pub org_id: Uuid,
    pub user_id: Uuid,
}

/// What server functions need, provided to them as Leptos context by the server.
#[derive(Debug, Clone)]
pub struct ServerContext {
    pub pool: PgPool,
    pub identity: Identity,
}

#[derive(Debug, Error)]
pub enum DbError {
    #[error("the database failed: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("{0}")]
    Invalid(String),
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}
