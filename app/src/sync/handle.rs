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
    /// The copy this browser kept could not be read (damaged, or written by a version this one
    /// cannot read): it is downloaded again, and until then nothing opens offline. Gone once
    /// the copy is saved again.
    CopyUnreadable,
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

/// What the last changes of the view touched, so what is worked out from it (the board's
/// columns) can be brought up to date by those records rather than worked out again. Records
/// only: a change of the people, the role or the cursor is not named.
#[derive(Debug, Default)]
pub struct Changes {
    /// How many times the view has changed.
    pub count: u64,
    /// The latest changes, oldest first: their number and the ids of the records each
    /// touched (`None`: not known, anything may have changed).
    recent: std::collections::VecDeque<(u64, Option<std::collections::HashSet<uuid::Uuid>>)>,
}

impl Changes {
    /// How many changes are remembered.
    const KEPT: usize = 16;

    /// Notes a change of the view that touched `ids` (`None`: not known).
    pub fn note(&mut self, ids: Option<std::collections::HashSet<uuid::Uuid>>) {
        self.count += 1;
        if self.recent.len() == Self::KEPT {
            self.recent.pop_front();
        }
        self.recent.push_back((self.count, ids));
    }

    /// The records touched since change number `after`: `None` when not known (a change
    /// touching anything, or one too long ago to be remembered).
    pub fn since(&self, after: u64) -> Option<std::collections::HashSet<uuid::Uuid>> {
        let mut ids = std::collections::HashSet::new();
        let newer = self.recent.iter().filter(|(n, _)| *n > after);
        if self.count > after && self.recent.front().is_none_or(|(n, _)| *n > after + 1) {
            return None;
        }
        for (_, touched) in newer {
            ids.extend(touched.as_ref()?.iter().copied());
        }
        Some(ids)
    }
}

#[derive(Clone, Copy)]
pub struct SyncHandle {
    /// Confirmed rows with pending changes on top: what the board shows.
    pub view: RwSignal<Snapshot>,
    /// What the view's latest changes touched.
    pub changes: StoredValue<Changes>,
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
            changes: StoredValue::new(Changes::default()),
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use uuid::Uuid;

    use super::Changes;

    #[test]
    fn the_records_changed_since_a_change_are_known_while_every_change_since_is() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let mut changes = Changes::default();
        changes.note(Some(HashSet::from([a])));
        changes.note(Some(HashSet::from([b])));
        assert_eq!(changes.since(2), Some(HashSet::new()), "nothing since");
        assert_eq!(changes.since(1), Some(HashSet::from([b])));
        assert_eq!(changes.since(0), Some(HashSet::from([a, b])));
        // One that may have touched anything hides what came before it.
        changes.note(None);
        changes.note(Some(HashSet::from([a])));
        assert_eq!(changes.since(3), Some(HashSet::from([a])));
        assert_eq!(changes.since(2), None);
        // Too long ago to be remembered.
        for _ in 0..Changes::KEPT {
            changes.note(Some(HashSet::new()));
        }
        assert_eq!(changes.since(3), None);
        assert_eq!(
            changes.since(4),
            Some(HashSet::new()),
            "the oldest remembered"
        );
        assert_eq!(changes.since(changes.count - 1), Some(HashSet::new()));
    }
}
