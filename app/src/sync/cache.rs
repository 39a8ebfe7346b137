//! The browser's copy of the confirmed records, as stored: one row per record (its JSON, under
//! its id) and a head with the rest of the snapshot (cursor, schema, organisation, person, role,
//! access, people). Plain code, tested without a browser; `client/idb.rs` writes it to
//! IndexedDB.
//!
//! Why IndexedDB and not LocalStorage for the records: LocalStorage holds about five million
//! characters per site and writes one value whole, synchronously, on the page's only thread, so
//! a 50,000-deal organisation could neither fit nor be saved without freezing the board.
//! IndexedDB holds hundreds of megabytes, writes in the background, and takes one row at a time,
//! so a pull that changed three deals writes three rows. The outbox stays in LocalStorage: it is
//! small, and it must be durable before the UI moves on, which a synchronous write guarantees.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::PullResponse;
use super::view::Snapshot;
use crate::domain::access::Role;
use crate::domain::{Record, User};

/// Everything of a snapshot but its records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub cursor: i64,
    pub schema: i64,
    pub org_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    pub role: Option<Role>,
    pub access: String,
    pub users: Vec<User>,
}

impl Snapshot {
    pub fn head(&self) -> Head {
        Head {
            cursor: self.cursor,
            schema: self.schema,
            org_id: self.org_id,
            user_id: self.user_id,
            role: self.role,
            access: self.access.clone(),
            users: self.store.users.clone(),
        }
    }

    /// Takes everything of `head` but the records.
    pub fn set_head(&mut self, head: Head) {
        self.cursor = head.cursor;
        self.schema = head.schema;
        self.org_id = head.org_id;
        self.user_id = head.user_id;
        self.role = head.role;
        self.access = head.access;
        self.store.users = head.users;
    }

    /// The snapshot back from its head and its rows' JSON. A row this version cannot read
    /// (damaged, or of a kind it does not know) is left out and counted: the next pull with a
    /// cursor of 0 brings it back, so a caller with any unreadable row should pull in full.
    pub fn from_rows<'a>(head: Head, rows: impl IntoIterator<Item = &'a str>) -> (Snapshot, usize) {
        let mut snapshot = Snapshot::default();
        let mut unreadable = 0;
        for row in rows {
            match serde_json::from_str::<Record>(row) {
                Ok(record) => snapshot.store.put(record),
                Err(_) => unreadable += 1,
            }
        }
        snapshot.set_head(head);
        (snapshot, unreadable)
    }
}

/// What changed in the snapshot since it was last stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Unsaved {
    /// Every row is rewritten (a first pull, a reset, an imported older cache).
    pub all: bool,
    pub ids: HashSet<Uuid>,
    /// The head changed (it does with every pull).
    pub head: bool,
}

impl Unsaved {
    pub fn everything() -> Self {
        Unsaved {
            all: true,
            ids: HashSet::new(),
            head: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.all && !self.head && self.ids.is_empty()
    }

    /// Notes what a pull changed.
    pub fn note_pull(&mut self, pull: &PullResponse) {
        self.head = true;
        if pull.reset {
            self.all = true;
            self.ids.clear();
        }
        if self.all {
            return;
        }
        self.ids.extend(pull.opportunities.iter().map(|o| o.id));
        self.ids.extend(pull.deleted_opportunities.iter().copied());
        self.ids.extend(pull.records.iter().map(Record::id));
        self.ids.extend(pull.deleted_records.iter().copied());
    }

    /// Takes back what a failed write did not store, with what changed since.
    pub fn merge(&mut self, failed: Unsaved) {
        self.all |= failed.all;
        self.head |= failed.head;
        if self.all {
            self.ids.clear();
        } else {
            self.ids.extend(failed.ids);
        }
    }

    /// The writes that bring the stored copy to `snapshot`.
    pub fn writes(&self, snapshot: &Snapshot) -> Result<Writes, serde_json::Error> {
        let json = |r: &Record| serde_json::to_string(r).map(|j| (r.id().to_string(), j));
        let mut writes = Writes {
            clear: self.all,
            head: serde_json::to_string(&snapshot.head())?,
            ..Default::default()
        };
        if self.all {
            writes.puts = snapshot
                .store
                .records()
                .iter()
                .map(json)
                .collect::<Result<_, _>>()?;
            return Ok(writes);
        }
        for id in &self.ids {
            match snapshot.store.get(*id) {
                Some(record) => writes.puts.push(json(&record)?),
                None => writes.deletes.push(id.to_string()),
            }
        }
        Ok(writes)
    }
}

/// One write of the stored copy, all or nothing: rows put (id, JSON), rows deleted, the head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    pub clear: bool,
    pub puts: Vec<(String, String)>,
    pub deletes: Vec<String>,
    pub head: String,
}

/// What the tab that saved tells the others (through a LocalStorage key): the stored copy went
/// from cursor `from` to `to`, changing `ids`; `None` when the rows changed wholesale or too many
/// to list, and the others read the whole copy again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub from: i64,
    pub to: i64,
    pub user_id: Option<Uuid>,
    pub ids: Option<Vec<Uuid>>,
}

/// More changed rows than this in one save, and the other tabs read the whole copy.
pub const MAX_LISTED: usize = 2_000;

impl Saved {
    pub fn of(from: i64, to: i64, user_id: Option<Uuid>, unsaved: &Unsaved) -> Saved {
        let ids = (!unsaved.all && unsaved.ids.len() <= MAX_LISTED)
            .then(|| unsaved.ids.iter().copied().collect());
        Saved {
            from,
            to,
            user_id,
            ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::domain::{Opportunity, Tag};

    fn deal(title: &str) -> Opportunity {
        Opportunity::sample(Uuid::now_v7(), title)
    }

    fn pull(reset: bool) -> PullResponse {
        PullResponse {
            cursor: 7,
            schema: 9,
            org_id: Uuid::now_v7(),
            user_id: Some(Uuid::now_v7()),
            role: Some(Role::Admin),
            access: "a".into(),
            reset,
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

    fn stored(writes: &Writes) -> (Head, Vec<String>) {
        let head = serde_json::from_str(&writes.head).unwrap();
        (head, writes.puts.iter().map(|(_, j)| j.clone()).collect())
    }

    #[test]
    fn a_snapshot_stored_in_full_comes_back_as_it_was() {
        let mut s = Snapshot::default();
        let mut first = pull(true);
        first.opportunities = vec![deal("Phần mềm kế toán"), deal("بازاریابی")];
        first.records = vec![Record::Tag(Tag {
            id: Uuid::now_v7(),
            name: "VIP".into(),
            colour: 2,
            version: 3,
            deleted: false,
        })];
        s.apply_pull(&first);
        let mut unsaved = Unsaved::default();
        unsaved.note_pull(&first);
        assert!(unsaved.all, "a reset rewrites every row");
        let writes = unsaved.writes(&s).unwrap();
        assert!(writes.clear);
        assert_eq!(writes.puts.len(), 3);
        let (head, rows) = stored(&writes);
        let (back, unreadable) = Snapshot::from_rows(head, rows.iter().map(String::as_str));
        assert_eq!(unreadable, 0);
        assert_eq!(back, s);
    }

    #[test]
    fn a_pull_that_changes_two_records_writes_two_rows() {
        let (a, b, c) = (deal("A"), deal("B"), deal("C"));
        let mut s = Snapshot::default();
        let mut first = pull(true);
        first.opportunities = vec![a.clone(), b.clone(), c.clone()];
        s.apply_pull(&first);
        let mut next = pull(false);
        let mut moved = a.clone();
        moved.title = "A, renamed".into();
        next.opportunities = vec![moved.clone()];
        next.deleted_opportunities = vec![b.id];
        s.apply_pull(&next);
        let mut unsaved = Unsaved::default();
        unsaved.note_pull(&next);
        let writes = unsaved.writes(&s).unwrap();
        assert!(!writes.clear);
        assert_eq!(writes.puts.len(), 1);
        assert_eq!(writes.puts[0].0, a.id.to_string());
        assert!(writes.puts[0].1.contains("A, renamed"));
        assert_eq!(writes.deletes, vec![b.id.to_string()]);
        let head: Head = serde_json::from_str(&writes.head).unwrap();
        assert_eq!(head.cursor, 7);
    }

    #[test]
    fn a_failed_write_is_tried_again_with_what_changed_since() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let mut now = Unsaved {
            ids: [b].into(),
            ..Default::default()
        };
        now.merge(Unsaved {
            ids: [a].into(),
            head: true,
            all: false,
        });
        assert_eq!(now.ids, [a, b].into());
        assert!(now.head);
        now.merge(Unsaved::everything());
        assert!(now.all && now.ids.is_empty());
    }

    #[test]
    fn an_unreadable_row_is_left_out_and_counted() {
        let good = serde_json::to_string(&Record::Opportunity(deal("kept"))).unwrap();
        let (s, unreadable) =
            Snapshot::from_rows(Head::default(), [good.as_str(), "{\"kind\":\"Spaceship\"}"]);
        assert_eq!(unreadable, 1);
        assert_eq!(s.opportunities.len(), 1);
    }

    #[test]
    fn other_tabs_are_told_which_rows_changed_unless_there_are_too_many() {
        let few = Unsaved {
            ids: [Uuid::now_v7()].into(),
            ..Default::default()
        };
        assert_eq!(Saved::of(1, 2, None, &few).ids.map(|i| i.len()), Some(1));
        let many = Unsaved {
            ids: (0..=MAX_LISTED).map(|_| Uuid::now_v7()).collect(),
            ..Default::default()
        };
        assert_eq!(Saved::of(1, 2, None, &many).ids, None);
        assert_eq!(Saved::of(1, 2, None, &Unsaved::everything()).ids, None);
    }
}
