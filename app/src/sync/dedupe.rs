//! The duplicates page's questions to the server: the clusters of records that may be the same
//! (`db::duplicates`), and "these are not the same", remembered.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Record;
use crate::domain::duplicates::Reason;

/// At most this many records of a cluster are sent (the rest are counted).
pub const CLUSTER_SHOWN: usize = 20;

/// Records that may be one: why, and which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub reason: Reason,
    /// The email, phone or name they share (for a name alike: the first one's).
    pub shared: String,
    pub records: Vec<Record>,
    /// How many records it has in all.
    pub size: usize,
    /// The names of the records they name (a person's company), which the browser may not keep.
    #[serde(default)]
    pub names: Vec<(Uuid, String)>,
}

#[cfg(feature = "ssr")]
use super::api::{server_context, to_server_error};

/// The clusters of contacts, companies or leads (`kind`) that may be duplicates, most likely
/// first.
#[server(prefix = "/api", endpoint = "duplicates", input = Json)]
pub async fn duplicates(kind: String) -> Result<Vec<Cluster>, ServerFnError> {
    let ctx = server_context()?;
    crate::db::duplicates::clusters(&ctx.pool, &ctx.identity, &kind)
        .await
        .map_err(to_server_error)
}

/// Remembers that these records are not the same: they are not offered together again.
#[server(prefix = "/api", endpoint = "not_duplicates", input = Json)]
pub async fn not_duplicates(ids: Vec<Uuid>) -> Result<(), ServerFnError> {
    let ctx = server_context()?;
    crate::db::duplicates::not_duplicates(&ctx.pool, &ctx.identity, &ids)
        .await
        .map_err(to_server_error)
}
