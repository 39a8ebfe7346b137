//! What the UI sees of sync: signals to render from, and `mutate` to change something.
//! The same type exists on the server (where nothing syncs) so components render on both sides.

use leptos::prelude::*;

use super::protocol::Conflict;
use super::view::Snapshot;
use crate::domain::{Mutation, OpportunityFields, RuleError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Talking to the server.
    Syncing,
    /// Everything we know has reached the server and back.
    Online,
    /// The server cannot be reached; changes wait in the outbox.
    Offline,
    /// The server answered but could not take the changes now (too many at once, its own
    /// fault): they wait in the outbox and are sent again shortly.
    Retrying,
}

/// Something the person should know about a change of theirs.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// The server's rules refused a change; `what` names the record it touched.
    Refused {
        key: (uuid::Uuid, i64),
        what: String,
        reason: RuleError,
        mutation: serde_json::Value,
        /// Who deleted the record, when that is why (`RuleError::Deleted`) and it is known.
        by: Option<uuid::Uuid>,
    },
    /// A later change from elsewhere replaced a value this browser wrote.
    Overwritten { what: String, conflict: Conflict },
    /// A deal or lead was given to this person by someone else (a colleague, a team's rule).
    Given { id: uuid::Uuid, what: String },
    /// The browser's storage is full: the board is not cached for offline use (the outbox is).
    StorageFull,
    /// The browser keeps nothing for this site (storage turned off, some private windows):
    /// Rapport works online only, and says so.
    NoOfflineCopy,
    /// The browser or the server failed in a way that is not about one change.
    Problem(String),
    /// The server answered a sync round but could not take it (too many at once, its own
    /// fault), in its words; gone once a round passes.
    Busy(String),
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MutateError {
    #[error("{0}")]
    Rule(#[from] RuleError),
    #[error("the change could not be saved in this browser: {0}")]
    Storage(String),
}

/// Why records this browser does not keep could not be opened (`SyncHandle::fetch`).
#[derive(Debug, Clone, PartialEq)]
pub enum FetchError {
    /// No connection: they open when the browser is online again.
    Offline,
    /// The server answered but could not give them, in its words.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct SyncHandle {
    /// Confirmed rows with pending changes on top: what the board shows.
    pub view: RwSignal<Snapshot>,
    pub status: RwSignal<Status>,
    /// Changes written locally that the server has not confirmed yet.
    pub pending: RwSignal<usize>,
    pub notices: RwSignal<Vec<Notice>>,
    /// False until the local cache has been read (it is never read on the server).
    pub loaded: RwSignal<bool>,
}

impl SyncHandle {
    pub fn new() -> Self {
        SyncHandle {
            view: RwSignal::new(Snapshot::default()),
            status: RwSignal::new(Status::Syncing),
            pending: RwSignal::new(0),
            notices: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
        }
    }

    /// Writes the change to the outbox (durably), shows it at once, and sends it when it can.
    /// Refused here, with the same rules the server runs, when it is not valid.
    pub fn mutate(&self, mutation: Mutation) -> Result<(), MutateError> {
        #[cfg(feature = "hydrate")]
        {
            super::client::enqueue(mutation)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            // Nothing changes during server rendering.
            let _ = mutation;
            Ok(())
        }
    }

    /// Puts back the value a conflict replaced, as a new change on top of the current one.
    pub fn restore_overwritten(&self, conflict: &Conflict) -> Result<(), MutateError> {
        let id = conflict.record_id;
        let version = self
            .view
            .with_untracked(|v| v.opportunities.get(&id).map_or(0, |o| o.version));
        let is_deal = self
            .view
            .with_untracked(|v| v.opportunities.contains_key(&id));
        let mutation = if !is_deal {
            // Any other record: put the one field back as an edit.
            let version = self
                .view
                .with_untracked(|v| v.get(id).map_or(0, |r| r.version()));
            let mut fields = serde_json::Map::new();
            fields.insert(conflict.field.clone(), conflict.lost.clone());
            Mutation::EditRecord {
                id,
                fields,
                base_version: version,
            }
        } else if conflict.field == "stage_id" {
            let stage_id = serde_json::from_value(conflict.lost.clone())
                .map_err(|e| RuleError::Malformed(e.to_string()))?;
            let position = self.view.with_untracked(|v| v.end_of_column(stage_id, id));
            Mutation::MoveOpportunity {
                id,
                stage_id,
                position,
                base_version: version,
            }
        } else {
            let fields: OpportunityFields = serde_json::from_value(
                serde_json::json!({ conflict.field.clone(): conflict.lost.clone() }),
            )
            .map_err(|e| RuleError::Malformed(e.to_string()))?;
            Mutation::SetOpportunityFields {
                id,
                fields,
                base_version: version,
            }
        };
        self.mutate(mutation)
    }

    /// Fetches records this browser's copy does not keep (`domain::keep`), with what belongs
    /// to them, and shows them; answers how many of `ids` the server gave (the others do not
    /// exist, or are not this person's to see).
    pub async fn fetch(&self, ids: Vec<uuid::Uuid>) -> Result<usize, FetchError> {
        #[cfg(feature = "hydrate")]
        {
            super::client::fetch(ids).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            // The server renders an empty frame; nothing is fetched there.
            let _ = ids;
            Err(FetchError::Offline)
        }
    }

    /// Searches the deals this browser does not keep (closed before the horizon) for `text`
    /// on the server, and shows what it finds; the deals found, most recently closed first.
    pub async fn search_past(
        &self,
        text: String,
    ) -> Result<Vec<crate::domain::Opportunity>, FetchError> {
        #[cfg(feature = "hydrate")]
        {
            super::client::search_past(text).await
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = text;
            Err(FetchError::Offline)
        }
    }

    /// Brings back a record someone else deleted while this browser was changing it.
    pub fn restore_deleted(&self, id: uuid::Uuid) -> Result<(), MutateError> {
        self.mutate(Mutation::RestoreOpportunity { id })
    }

    pub fn dismiss(&self, index: usize) {
        self.notices.update(|n| {
            if index < n.len() {
                n.remove(index);
            }
        });
    }
}

impl Default for SyncHandle {
    fn default() -> Self {
        Self::new()
    }
}
