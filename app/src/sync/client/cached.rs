//! The engine's side of the record cache: reading it at start (moving an older version's
//! LocalStorage cache in), saving what each pull changed, following another tab's saves, and
//! forgetting it all at sign-out. A cache that cannot be read or written never stops sync: the
//! person is told, and works online.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use idb::Database;
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::idb::{self as store, CacheError};
use super::{Engine, LEGACY_CACHE_KEY, SAVED_KEY, outbox_key, signed_in_user, with_engine};
use crate::sync::cache::{Saved, Unsaved};
use crate::sync::handle::{Notice, SyncHandle};
use crate::sync::view::Snapshot;

thread_local! {
    /// The open database; `None` while opening or when the browser keeps nothing for this site.
    static DB: RefCell<Option<Rc<Database>>> = const { RefCell::new(None) };
}

fn db() -> Option<Rc<Database>> {
    DB.with(|d| d.borrow().clone())
}

fn tell(handle: SyncHandle, notice: Notice) {
    handle.notices.update(|n| {
        if !n.contains(&notice) {
            n.push(notice);
        }
    });
}

fn tell_error(handle: SyncHandle, error: CacheError) {
    leptos::logging::warn!("the record cache: {error:?}");
    tell(
        handle,
        match error {
            CacheError::Full => Notice::StorageFull,
            CacheError::Refused(_) => Notice::NoOfflineCopy,
            CacheError::Failed(why) => Notice::Problem(why),
        },
    );
}

/// The records this browser keeps for `user`, and what of them is still to be saved: an older
/// version's cache moved in, or nothing (a new browser, another person's records, a cache this
/// version cannot read), in which case the first pull brings everything.
pub(super) async fn load(user: Uuid, handle: SyncHandle) -> (Snapshot, Unsaved) {
    let legacy = legacy_cache().filter(|c| c.user_id.is_none_or(|u| u == user));
    // Read by the page's first script while the app's code loaded, when it could.
    let preloaded = match legacy {
        None => store::preloaded().await,
        Some(_) => None,
    };
    let db = match store::open().await {
        Ok(db) => Rc::new(db),
        Err(e) => {
            tell_error(handle, e);
            return (legacy.unwrap_or_default(), Unsaved::default());
        }
    };
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    if let Some(old) = legacy {
        return (old, Unsaved::everything());
    }
    let loaded = match preloaded {
        Some(copy) => Ok(copy),
        None => store::load(&db).await,
    };
    super::mark("rapport:copy-read");
    match loaded {
        Ok(Some((head, rows))) if head.user_id.is_none_or(|u| u == user) => {
            let (snapshot, unreadable) =
                Snapshot::from_buckets(head, rows.iter().map(String::as_str));
            super::mark("rapport:copy-decoded");
            if unreadable > 0 {
                // Pulled again in full rather than shown with holes, and said: offline, the
                // board stays empty until then.
                leptos::logging::warn!("{unreadable} parts of the record cache could not be read");
                tell(handle, Notice::CopyUnreadable);
                (Snapshot::default(), Unsaved::everything())
            } else {
                (snapshot, Unsaved::default())
            }
        }
        // Another person's records, left by a sign-out that could not finish: never shown.
        Ok(Some(_)) => (Snapshot::default(), Unsaved::everything()),
        Ok(None) => (Snapshot::default(), Unsaved::default()),
        Err(e) => {
            tell_error(handle, e);
            (Snapshot::default(), Unsaved::everything())
        }
    }
}

/// The cache an older version kept in LocalStorage, if any and readable.
fn legacy_cache() -> Option<Snapshot> {
    let stored = LocalStorage::raw()
        .get_item(LEGACY_CACHE_KEY)
        .ok()
        .flatten()?;
    let json = crate::sync::cache_codec::decode(&stored)?;
    serde_json::from_str(&json).ok()
}

/// Older versions' caches, under every key they used, once their records are saved here.
fn drop_legacy_caches() {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let old: Vec<String> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("rapport.cache."))
        .collect();
    for key in old {
        LocalStorage::delete(&key);
    }
}

/// Forgets every record this browser keeps (the database is emptied, not deleted: another tab
/// may hold it open).
pub(super) async fn forget() {
    drop_legacy_caches();
    if let Some(db) = db() {
        let _ = store::wipe(&db).await;
    }
}

impl Engine {
    /// Saves what changed once the current task is over (the board is drawn first), and no
    /// sooner than a few times the last save's length after it: a copy that takes long to
    /// save is saved less often while pulls keep coming, never at the cost of the page. Nothing
    /// waits on it but the removal of confirmed outbox entries (kept until then) and the
    /// stored cursor (a reload pulls again from the last one saved).
    pub(super) fn schedule_persist(&mut self) {
        if self.persist_scheduled {
            return;
        }
        self.persist_scheduled = true;
        let wait = crate::sync::cache::pace(
            self.save_took,
            js_sys::Date::now() - self.saved_at,
            crate::sync::cache::SAVE_WAIT_MAX,
        );
        set_timeout(
            || {
                with_engine(Engine::persist);
            },
            Duration::from_millis(wait as u64),
        );
    }

    /// Writes what changed since the last save, then forgets the outbox entries the saved copy
    /// holds: a crash in between leaves an older copy with those entries still to replay, never
    /// a gap.
    fn persist(&mut self) {
        self.persist_scheduled = false;
        if self.saving {
            // Written after the save under way.
            return;
        }
        // Signed out (in this tab or another), or someone else signed in: nothing is written.
        let me = signed_in_user();
        if me.is_none() || self.confirmed.user_id.is_some_and(|u| Some(u) != me) {
            return;
        }
        let Some(db) = db() else {
            // Nothing is kept in this browser: the server has these changes, and there is no
            // copy for them to be missing from.
            for m in self.confirmed_outbox.drain(..) {
                LocalStorage::delete(outbox_key(&m));
            }
            return;
        };
        if self.unsaved.is_empty() && self.confirmed_outbox.is_empty() {
            return;
        }
        let unsaved = std::mem::take(&mut self.unsaved);
        let writes = match unsaved.writes(&self.confirmed) {
            Ok(w) => w,
            Err(e) => {
                self.unsaved.merge(unsaved);
                tell_error(self.handle, CacheError::Failed(e.to_string()));
                return;
            }
        };
        let saved = Saved::of(
            self.saved_cursor,
            self.confirmed.cursor,
            self.confirmed.user_id,
            &unsaved,
        );
        let done = std::mem::take(&mut self.confirmed_outbox);
        self.saving = true;
        self.save_started = js_sys::Date::now();
        spawn_local(async move {
            let result = store::save(&db, &writes).await;
            with_engine(|e| e.saved(result, unsaved, done, saved));
        });
    }

    fn saved(
        &mut self,
        result: Result<(), CacheError>,
        unsaved: Unsaved,
        done: Vec<crate::sync::protocol::PendingMutation>,
        saved: Saved,
    ) {
        self.saving = false;
        self.saved_at = js_sys::Date::now();
        self.save_took = self.saved_at - self.save_started;
        match result {
            Ok(()) => {
                for m in &done {
                    LocalStorage::delete(outbox_key(m));
                }
                self.saved_cursor = saved.to;
                let _ = LocalStorage::set(SAVED_KEY, &saved);
                drop_legacy_caches();
                // A copy that could not be read is kept again once what the server holds is
                // saved (an empty copy, saved at once in its place, is not that).
                let in_step = saved.to > 0;
                self.handle.notices.update(|n| {
                    n.retain(|x| match x {
                        Notice::StorageFull => false,
                        Notice::CopyUnreadable => !in_step,
                        _ => true,
                    })
                });
                if !self.unsaved.is_empty() || !self.confirmed_outbox.is_empty() {
                    self.schedule_persist();
                }
            }
            Err(e) => {
                // Kept to be written with the next pull's changes; the outbox entries stay.
                self.unsaved.merge(unsaved);
                let mut back = done;
                back.append(&mut self.confirmed_outbox);
                self.confirmed_outbox = back;
                tell_error(self.handle, e);
            }
        }
    }
}

/// Another tab saved the records: this one reads what changed (or everything, when it cannot
/// tell) so both show the same.
pub(super) fn follow(saved: Saved) {
    let start = with_engine(|e| {
        if e.leader || e.following || saved.user_id != signed_in_user() {
            return None;
        }
        e.following = true;
        let listed = saved
            .ids
            .clone()
            .filter(|_| e.confirmed.cursor == saved.from);
        Some(listed)
    })
    .flatten();
    let Some(listed) = start else {
        return;
    };
    let Some(db) = db() else {
        with_engine(|e| e.following = false);
        return;
    };
    spawn_local(async move {
        let result = match &listed {
            Some(ids) => store::changed(&db, ids).await,
            None => store::load(&db)
                .await
                .map(|loaded| loaded.map_or((None, Vec::new()), |(h, r)| (Some(h), r))),
        };
        with_engine(|e| {
            e.following = false;
            let Ok((Some(head), rows)) = result else {
                return;
            };
            if head.user_id.is_some_and(|u| Some(u) != signed_in_user()) {
                return;
            }
            match listed {
                Some(ids) => {
                    // The buckets of the changed records, whole: what they hold is put, and a
                    // changed record they no longer hold was deleted.
                    let mut found = std::collections::HashSet::new();
                    for bucket in &rows {
                        let records: Vec<crate::domain::Record> =
                            serde_json::from_str(bucket).unwrap_or_default();
                        for record in records {
                            found.insert(record.id());
                            e.confirmed.store.put(record);
                        }
                    }
                    for id in ids.iter().filter(|id| !found.contains(*id)) {
                        e.confirmed.store.remove(*id);
                    }
                    e.confirmed.set_head(head);
                    if let Some(undrawn) = &mut e.undrawn {
                        undrawn.ids.extend(ids.iter().copied().chain(found));
                        undrawn.head = true;
                    }
                }
                None => {
                    e.confirmed = Snapshot::from_buckets(head, rows.iter().map(String::as_str)).0;
                    e.undrawn = None;
                }
            }
            e.saved_cursor = e.confirmed.cursor;
            e.render();
        });
    });
}
