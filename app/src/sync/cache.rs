//! The browser's copy of the confirmed records, as stored: the records in `BUCKETS` buckets (a
//! record's bucket is its id modulo their number; a bucket is the JSON array of its records) and
//! a head with the rest of the snapshot (cursor, schema, organisation, person, role, access,
//! people). Plain code, tested without a browser; `client/idb.rs` writes it to IndexedDB.
//!
//! Why buckets and not a row per record: IndexedDB pays per value read, so 11,000 rows took
//! 370 ms to read back at start, and 100,000 about four seconds; the same records in 512 buckets
//! read in about 80 ms (measured in Chromium here). A save rewrites only the buckets of the
//! records that changed: about 1/512 of the copy each.
//!
//! Why IndexedDB and not LocalStorage for the records: LocalStorage holds about five million
//! characters per site and writes one value whole, synchronously, on the page's only thread, so
//! a 50,000-deal organisation could neither fit nor be saved without freezing the board.
//! IndexedDB holds hundreds of megabytes, writes in the background, and takes a part at a time,
//! so a pull that changed three deals rewrites three buckets. The outbox stays in LocalStorage: it is
//! small, and it must be durable before the UI moves on, which a synchronous write guarantees.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::PullResponse;
use super::view::Snapshot;
use crate::domain::access::Role;
use crate::domain::{Record, RecordRef, User};

/// The browser database the copy is kept in, its version and its stores (`client/idb.rs`).
pub const DB_NAME: &str = "rapport";
pub const DB_VERSION: u32 = 2;
pub const BUCKETS_STORE: &str = "buckets";
pub const META_STORE: &str = "meta";
pub const HEAD_KEY: &str = "head";
/// Where the page's first script leaves its read of the copy.
pub const PRELOAD_GLOBAL: &str = "__rapportCopy";

/// The page's first script (in its head, before the app's code): it starts reading the copy
/// from IndexedDB at once, so the read (about 200 ms for 10,000 deals) happens while the
/// app's wasm downloads and compiles rather than after. It leaves a promise of
/// `{head, rows}` (or `null`: no database of this version, an error) for the engine; it never
/// creates or upgrades the database, and closes it after the read so the app can.
pub fn preload_script() -> String {
    format!(
        "(function(){{try{{if(!self.indexedDB)return;\
window.{PRELOAD_GLOBAL}=new Promise(function(done){{\
var open=indexedDB.open('{DB_NAME}');\
open.onupgradeneeded=function(){{open.transaction.abort();}};\
open.onerror=open.onblocked=function(){{done(null);}};\
open.onsuccess=function(){{var db=open.result;db.onversionchange=function(){{db.close();}};\
if(db.version!=={DB_VERSION}||!db.objectStoreNames.contains('{BUCKETS_STORE}')||!db.objectStoreNames.contains('{META_STORE}')){{db.close();done(null);return;}}\
var tx=db.transaction(['{BUCKETS_STORE}','{META_STORE}'],'readonly');\
var head=tx.objectStore('{META_STORE}').get('{HEAD_KEY}');var rows=tx.objectStore('{BUCKETS_STORE}').getAll();\
tx.oncomplete=function(){{db.close();done({{head:head.result,rows:rows.result}});}};\
tx.onerror=tx.onabort=function(){{db.close();done(null);}};}};}});\
}}catch(e){{}}}})();"
    )
}

/// How many buckets the records are kept in.
pub const BUCKETS: u32 = 512;

/// The bucket a record is kept in (a UUIDv7's low bits are random: buckets fill evenly).
pub fn bucket_of(id: Uuid) -> u32 {
    (id.as_u128() % u128::from(BUCKETS)) as u32
}

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

    /// The snapshot back from its head and its buckets' JSON. A bucket this version cannot read
    /// (damaged, or holding a kind it does not know) is left out and counted: a caller with any
    /// unreadable bucket should pull in full.
    pub fn from_buckets<'a>(
        head: Head,
        buckets: impl IntoIterator<Item = &'a str>,
    ) -> (Snapshot, usize) {
        let mut snapshot = Snapshot::default();
        let mut unreadable = 0;
        for bucket in buckets {
            match serde_json::from_str::<Vec<Record>>(bucket) {
                Ok(records) => {
                    for record in records {
                        snapshot.store.put(record);
                    }
                }
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

    /// The buckets this change touches (all of them when everything is rewritten).
    pub fn buckets(&self) -> Vec<u32> {
        if self.all {
            return (0..BUCKETS).collect();
        }
        let mut touched: Vec<u32> = self.ids.iter().map(|id| bucket_of(*id)).collect();
        touched.sort_unstable();
        touched.dedup();
        touched
    }

    /// The writes that bring the stored copy to `snapshot`: each touched bucket whole (an empty
    /// one deleted), and the head.
    pub fn writes(&self, snapshot: &Snapshot) -> Result<Writes, serde_json::Error> {
        let touched = self.buckets();
        let mut wanted = vec![false; BUCKETS as usize];
        for b in &touched {
            wanted[*b as usize] = true;
        }
        let mut contents: Vec<Vec<RecordRef>> = vec![Vec::new(); BUCKETS as usize];
        snapshot.store.each_record(&mut |r| {
            let b = bucket_of(r.id()) as usize;
            if wanted[b] {
                contents[b].push(r);
            }
        });
        let mut writes = Writes {
            clear: self.all,
            head: serde_json::to_string(&snapshot.head())?,
            ..Default::default()
        };
        for b in touched {
            let records = &contents[b as usize];
            if records.is_empty() {
                writes.deletes.push(b);
            } else {
                writes.puts.push((b, serde_json::to_string(records)?));
            }
        }
        Ok(writes)
    }
}

/// One write of the stored copy, all or nothing: buckets put (number, JSON), buckets deleted,
/// the head.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Writes {
    pub clear: bool,
    pub puts: Vec<(u32, String)>,
    pub deletes: Vec<u32>,
    pub head: String,
}

/// Work the browser does again as changes pour in (saving the copy, drawing what a pull
/// brought) waits this many times as long as it last took, from its end...
const PACE: f64 = 3.0;
/// ...and never more than this (ms) for a save of the copy...
pub const SAVE_WAIT_MAX: f64 = 5_000.0;
/// ...or for drawing what pulls brought.
pub const RENDER_WAIT_MAX: f64 = 1_000.0;

/// How long (ms) the next round of such work waits, the last having taken `took` and ended
/// `since` ago, at most `most`: work of a few milliseconds waits for nothing; a copy whose
/// save takes a third of a second is saved about once a second while changes pour in (an
/// import arriving batch by batch), rather than once a batch with the page frozen in between.
pub fn pace(took: f64, since: f64, most: f64) -> f64 {
    (took * PACE - since).clamp(0.0, most)
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
    use super::*;
    use crate::domain::{Opportunity, Tag};

    fn deal(title: &str) -> Opportunity {
        Opportunity::sample(Uuid::now_v7(), title)
    }

    #[test]
    fn a_slow_save_spaces_the_next_and_a_quick_one_does_not() {
        let save = |took, since| pace(took, since, SAVE_WAIT_MAX);
        assert_eq!(save(4.0, 0.0), 12.0);
        assert_eq!(save(4.0, 20.0), 0.0, "long after a quick save: at once");
        assert_eq!(save(300.0, 100.0), 800.0);
        assert_eq!(save(10_000.0, 0.0), 5_000.0, "never more than five seconds");
        assert_eq!(save(0.0, 0.0), 0.0, "the first save");
        assert_eq!(
            pace(600.0, 0.0, RENDER_WAIT_MAX),
            1_000.0,
            "a second at most to draw"
        );
    }

    fn pull(reset: bool) -> PullResponse {
        PullResponse {
            schema: 9,
            user_id: Some(Uuid::now_v7()),
            role: Some(Role::Admin),
            access: "a".into(),
            reset,
            ..PullResponse::empty(7)
        }
    }

    fn stored(writes: &Writes) -> (Head, Vec<String>) {
        let head = serde_json::from_str(&writes.head).unwrap();
        (head, writes.puts.iter().map(|(_, j)| j.clone()).collect())
    }

    fn bucket_holding(writes: &Writes, id: Uuid) -> Option<&String> {
        writes
            .puts
            .iter()
            .find(|(b, _)| *b == bucket_of(id))
            .map(|(_, j)| j)
    }

    #[test]
    fn a_snapshot_stored_in_full_comes_back_as_it_was() {
        let mut s = Snapshot::default();
        let mut first = pull(true);
        first.opportunities = vec![deal("Phần mềm kế toán"), deal("بازاریابی")];
        first.records = vec![Record::Tag(Tag {
            colour: 2,
            version: 3,
            ..Tag::sample("VIP")
        })];
        s.apply_pull(&first);
        let mut unsaved = Unsaved::default();
        unsaved.note_pull(&first);
        assert!(unsaved.all, "a reset rewrites every row");
        let writes = unsaved.writes(&s).unwrap();
        assert!(writes.clear);
        let (head, buckets) = stored(&writes);
        let (back, unreadable) = Snapshot::from_buckets(head, buckets.iter().map(String::as_str));
        assert_eq!(unreadable, 0);
        assert_eq!(back, s);
    }

    #[test]
    fn a_pull_that_changes_two_records_rewrites_only_their_buckets() {
        let deals: Vec<Opportunity> = (0..2000).map(|n| deal(&format!("D{n}"))).collect();
        let (a, b) = (deals[0].clone(), deals[1].clone());
        let mut s = Snapshot::default();
        let mut first = pull(true);
        first.opportunities = deals.clone();
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
        assert!(
            writes.puts.len() + writes.deletes.len() <= 2,
            "two buckets at most"
        );
        assert!(
            bucket_holding(&writes, a.id)
                .unwrap()
                .contains("A, renamed")
        );
        // The deleted deal's bucket is written without it (or deleted, were it empty).
        let b_bucket = bucket_holding(&writes, b.id);
        assert!(b_bucket.is_none_or(|j| !j.contains(&b.id.to_string())));
        // Every other record of a rewritten bucket is still in it.
        let kept = deals
            .iter()
            .filter(|d| d.id != b.id && bucket_of(d.id) == bucket_of(a.id))
            .count();
        let back: Vec<Record> =
            serde_json::from_str(bucket_holding(&writes, a.id).unwrap()).unwrap();
        assert_eq!(back.len(), kept);
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
    fn an_unreadable_bucket_is_left_out_and_counted() {
        let good = serde_json::to_string(&[Record::Opportunity(deal("kept"))]).unwrap();
        let (s, unreadable) = Snapshot::from_buckets(
            Head::default(),
            [good.as_str(), "[{\"kind\":\"Spaceship\"}]"],
        );
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
