//! The messages of the sync protocol. Both sides compile these same types.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::{Opportunity, Record, RuleError, User};

/// At most this many mutations per push; the client sends the rest in the next one.
pub const MAX_PUSH: usize = 500;

/// At most this many bytes of mutations per push (their JSON): a push is cut by size as well as
/// by count, so a long outbox of long texts drains in several pushes. The server accepts bodies
/// of at least twice this (`RAPPORT_MAX_BODY`), so a push the client makes always fits.
pub const MAX_PUSH_BYTES: usize = 1024 * 1024;

/// The next push from the outbox: its first mutations, at most `MAX_PUSH` of them and at most
/// `max_bytes` of JSON. The first one always goes, even alone over `max_bytes`: the caller
/// refuses it when it can never pass.
pub fn next_batch(outbox: &[PendingMutation], max_bytes: usize) -> Vec<PendingMutation> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for m in outbox.iter().take(MAX_PUSH) {
        let size = size_of(m);
        if !batch.is_empty() && bytes + size > max_bytes {
            break;
        }
        bytes += size;
        batch.push(m.clone());
    }
    batch
}

/// A batch as it is sent: a change too large for any push goes as a stand-in the server refuses
/// alone (saying why), so the changes queued after it are not held up behind it.
pub fn as_sent(batch: &[PendingMutation]) -> Vec<PendingMutation> {
    batch
        .iter()
        .cloned()
        .map(|mut m| {
            let size = size_of(&m);
            if size > MAX_PUSH_BYTES {
                m.mutation = crate::domain::mutation::too_large(size, MAX_PUSH_BYTES);
            }
            m
        })
        .collect()
}

/// The most of a refused mutation the server keeps (its JSON, in bytes).
pub const MAX_KEPT_REFUSAL: usize = 2048;

/// What the server keeps of a refused mutation, to tell its author which change it was: the
/// whole of a small one; of a large one, its type, its record and what names it (a title, a
/// name), cut short. A refusal never stores more than `MAX_KEPT_REFUSAL` bytes.
pub fn refusal_summary(mutation: &Value) -> Value {
    let whole = serde_json::to_vec(mutation).map_or(usize::MAX, |j| j.len());
    if whole <= MAX_KEPT_REFUSAL {
        return mutation.clone();
    }
    let short = |v: Option<&Value>| -> Value {
        match v.and_then(Value::as_str) {
            Some(s) => Value::String(s.chars().take(120).collect()),
            None => Value::Null,
        }
    };
    serde_json::json!({
        "type": short(mutation.get("type")),
        "id": short(mutation.get("id").or_else(|| mutation.pointer("/record/id"))),
        "title": short(mutation.get("title").or_else(|| mutation.pointer("/fields/title"))),
        "name": short(mutation.get("name").or_else(|| mutation.pointer("/record/name"))),
        "bytes": whole,
    })
}

/// How many bytes a queued mutation takes in a push.
pub fn size_of(m: &PendingMutation) -> usize {
    serde_json::to_vec(m).map_or(usize::MAX, |json| json.len())
}

/// Why `m` can never be sent, if it is too large for any push: the browser refuses such a
/// change before queueing it, so the text stays in the form it was typed in.
pub fn never_fits(m: &PendingMutation) -> Option<RuleError> {
    let bytes = size_of(m);
    (bytes > MAX_PUSH_BYTES).then_some(RuleError::TooLarge {
        bytes,
        max: MAX_PUSH_BYTES,
    })
}

/// A mutation as the client queued it: the `mutation_id`s of one client are 1, 2, 3...
/// The mutation stays raw JSON on the wire so that one unreadable mutation is refused alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingMutation {
    pub client_id: Uuid,
    pub mutation_id: i64,
    pub mutation: Value,
    /// The day its author made the change, on their calendar: the day a deal was won or lost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub client_group_id: Uuid,
    pub mutations: Vec<PendingMutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// Applied now, as change number `seq` of the org.
    Applied { seq: i64 },
    /// The rules refused it; recorded, and the client's queue moves on.
    Rejected { seq: i64, reason: RuleError },
    /// Applied by an earlier push (a retry): nothing done.
    AlreadyApplied,
    /// Mutations of this client must arrive in order; the next one expected is `expected`.
    OutOfOrder { expected: i64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResult {
    pub client_id: Uuid,
    pub mutation_id: i64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullRequest {
    pub client_group_id: Uuid,
    /// The org change sequence the client has seen everything up to; 0 for a first sync.
    pub cursor: i64,
    /// The server schema the client's cache was built with (0: none). A different one means
    /// the cache is from before an upgrade: the server then sends everything afresh.
    #[serde(default)]
    pub schema: i64,
    /// The organisation the client's cache holds, if any: a cache of another one (the server's
    /// data was replaced, or another account signed in) is dropped and sent afresh.
    #[serde(default)]
    pub org_id: Option<Uuid>,
    /// The access fingerprint the client's cache was built under (see `Viewer::fingerprint`):
    /// when the person's role or teams changed, the server sends everything afresh.
    #[serde(default)]
    pub access: Option<String>,
}

/// The most records a browser asks for at once (`fetch`).
pub const MAX_FETCH: usize = 500;

/// Records a browser's copy does not keep, fetched when a person opens them (see
/// `domain::keep`): those asked for, what belongs to them and what they name, as far as the
/// person may see them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fetched {
    pub opportunities: Vec<Opportunity>,
    pub records: Vec<Record>,
}

/// A mutation the server refused, told to the whole client group through pull.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejection {
    pub client_id: Uuid,
    pub mutation_id: i64,
    pub reason: RuleError,
    pub mutation: Value,
    /// Who deleted the record, when it was refused for being deleted meanwhile: the notice
    /// names the colleague.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Uuid>,
}

/// A value of the client group's that a later change replaced without having seen it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub record_id: Uuid,
    pub field: String,
    /// The value this client group wrote, which was overwritten.
    pub lost: Value,
    /// The value that replaced it.
    pub won: Value,
    pub seq: i64,
    /// Who made the change that won, to name them in the notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub cursor: i64,
    /// The server's schema version; the client keeps it with its cache.
    pub schema: i64,
    pub org_id: Uuid,
    /// The user this client acts for: "my activities" are theirs.
    #[serde(default)]
    pub user_id: Option<Uuid>,
    /// Their role, for the browser to hide what would be refused.
    #[serde(default)]
    pub role: Option<crate::domain::access::Role>,
    /// What their sight was computed from; the client sends it back with its next pull.
    #[serde(default)]
    pub access: String,
    /// True when the client must drop its cache first (its cursor was unknown to the server).
    pub reset: bool,
    /// The organisation's people, all of them on every pull (there are few).
    #[serde(default)]
    pub users: Vec<User>,
    pub opportunities: Vec<Opportunity>,
    /// Ids of opportunities deleted since the cursor.
    pub deleted_opportunities: Vec<Uuid>,
    /// Every other kind of record changed since the cursor; deleted ones are listed below
    /// instead, but for the kinds a browser keeps once deleted (stages, lost reasons), which
    /// come here flagged.
    #[serde(default)]
    pub records: Vec<Record>,
    #[serde(default)]
    pub deleted_records: Vec<Uuid>,
    /// For every client of the group: the last mutation the server has applied or refused.
    pub last_mutation_ids: HashMap<Uuid, i64>,
    pub rejections: Vec<Rejection>,
    pub conflicts: Vec<Conflict>,
}

#[cfg(test)]
impl PullResponse {
    /// A pull to `cursor` that brings nothing: tests set the fields they are about.
    pub fn empty(cursor: i64) -> PullResponse {
        PullResponse {
            cursor,
            schema: 1,
            org_id: Uuid::now_v7(),
            user_id: None,
            role: None,
            access: String::new(),
            reset: false,
            users: vec![],
            opportunities: vec![],
            deleted_opportunities: vec![],
            records: vec![],
            deleted_records: vec![],
            last_mutation_ids: HashMap::new(),
            rejections: vec![],
            conflicts: vec![],
        }
    }
}

/// A person's account as an admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: crate::domain::access::Role,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(n: i64, text_len: usize) -> PendingMutation {
        PendingMutation {
            client_id: Uuid::nil(),
            mutation_id: n,
            mutation: serde_json::json!({
                "type": "SetOpportunityFields",
                "id": Uuid::now_v7(),
                "fields": {"description": "Đ".repeat(text_len)},
            }),
            on: None,
        }
    }

    #[test]
    fn a_long_outbox_of_long_texts_goes_in_pushes_cut_by_size() {
        // 400 edits of 2,000 Vietnamese letters: about 1.6 MB, over one push's budget.
        let outbox: Vec<PendingMutation> = (1..=400).map(|n| queued(n, 2000)).collect();
        let mut left = outbox.as_slice();
        let mut pushes = 0;
        while !left.is_empty() {
            let batch = next_batch(left, MAX_PUSH_BYTES);
            let bytes: usize = batch.iter().map(size_of).sum();
            assert!(bytes <= MAX_PUSH_BYTES, "push {pushes}: {bytes} bytes");
            assert_eq!(batch[0], left[0], "in order");
            left = &left[batch.len()..];
            pushes += 1;
        }
        assert_eq!(pushes, 2);
    }

    #[test]
    fn a_push_has_at_most_max_push_mutations_and_one_too_big_goes_alone() {
        let small: Vec<PendingMutation> = (1..=600).map(|n| queued(n, 1)).collect();
        assert_eq!(next_batch(&small, MAX_PUSH_BYTES).len(), MAX_PUSH);
        let big = vec![queued(1, 100), queued(2, 1)];
        let batch = next_batch(&big, 50);
        assert_eq!(batch.len(), 1, "the first goes even over the budget, alone");
        assert!(size_of(&batch[0]) > 50);
    }

    #[test]
    fn a_refused_mutation_is_kept_whole_when_small_and_summed_up_when_large() {
        let small = queued(1, 10).mutation;
        assert_eq!(refusal_summary(&small), small);
        let mut large = queued(2, 5000).mutation;
        large["fields"]["title"] = serde_json::json!("Máy chủ cho Vinamilk");
        let kept = refusal_summary(&large);
        assert!(serde_json::to_vec(&kept).unwrap().len() <= MAX_KEPT_REFUSAL);
        assert_eq!(kept["type"], "SetOpportunityFields");
        assert_eq!(kept["id"], large["id"]);
        assert_eq!(kept["title"], "Máy chủ cho Vinamilk");
    }

    #[test]
    fn a_change_too_large_to_ever_pass_goes_as_a_stand_in_refused_with_why() {
        let huge = queued(1, MAX_PUSH_BYTES);
        let sent = as_sent(std::slice::from_ref(&huge));
        assert!(size_of(&sent[0]) < 200, "the stand-in is small");
        assert_eq!(
            crate::domain::Mutation::from_json(&sent[0].mutation),
            Err(RuleError::TooLarge {
                bytes: size_of(&huge),
                max: MAX_PUSH_BYTES
            })
        );
        let fine = queued(2, 10);
        assert_eq!(as_sent(std::slice::from_ref(&fine)), vec![fine.clone()]);
        assert_eq!(
            never_fits(&huge),
            Some(RuleError::TooLarge {
                bytes: size_of(&huge),
                max: MAX_PUSH_BYTES
            })
        );
        assert_eq!(never_fits(&fine), None);
    }
}
