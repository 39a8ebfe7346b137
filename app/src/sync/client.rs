//! The browser's sync engine (hydrate only). Mutations go to the outbox in LocalStorage before
//! anything else happens, so a change survives a reload or a crash; the view is the confirmed
//! rows with the outbox replayed on top; push sends the outbox, pull brings the confirmed rows,
//! which are kept in IndexedDB (`cached`, `idb`) for the next start, online or not.
//!
//! Every tab is its own client (its own id and mutation counter); all tabs of one browser profile
//! share a client group and its outbox, so a tab closed with changes unsent is sent by another.

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Duration;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use super::api;
use super::handle::{FetchError, MutateError, Notice, Status, SyncHandle};
use super::protocol::{Outcome, PendingMutation, PullRequest, PullResponse, PushRequest};
use super::view::Snapshot;
use crate::domain::{Mutation, RuleError};

mod cached;
mod idb;
mod listen;
use listen::{listen, register_service_worker, seek_leadership};

/// Where versions before the IndexedDB cache kept the records; read once, moved, then removed.
const LEGACY_CACHE_KEY: &str = "rapport.cache.v2";
/// What the leader tab last saved of the records, for the other tabs to follow (`cache::Saved`).
const SAVED_KEY: &str = "rapport.saved";
const GROUP_KEY: &str = "rapport.client_group";
const OUTBOX_PREFIX: &str = "rapport.outbox.";
/// The leader tab's sync status, for the other tabs to show.
const STATUS_KEY: &str = "rapport.status";
const LEADER_LOCK: &str = "rapport-sync-leader";
/// The person whose records this browser's storage holds.
const OWNER_KEY: &str = "rapport.owner";
/// Preferences of the browser, not of a person: kept when someone signs out.
const KEPT_ON_SIGN_OUT: [&str; 1] = ["rapport.calendar"];
const PULL_EVERY: Duration = Duration::from_secs(60);

struct Engine {
    handle: SyncHandle,
    group: Uuid,
    client: Uuid,
    next_mutation_id: i64,
    confirmed: Snapshot,
    /// Every client's unconfirmed mutations, in replay order.
    outbox: Vec<PendingMutation>,
    /// Only the leader tab pushes, pulls and listens; the others follow through storage.
    leader: bool,
    /// Outbox entries the server has confirmed, removed from storage once the cache is saved.
    confirmed_outbox: Vec<PendingMutation>,
    /// What changed in `confirmed` since it was last saved.
    unsaved: crate::sync::cache::Unsaved,
    /// Where the view and `confirmed` may differ: the records changed in `confirmed` since
    /// the view was last drawn from it, and those the outbox's changes replayed on the view.
    /// Once nothing waits, the next drawing puts those records in the view rather than
    /// copying every record (a pull of one deal costs one deal). `None`: not known, the next
    /// drawing copies everything.
    undrawn: Option<crate::sync::cache::Unsaved>,
    /// The cursor of the copy last saved (or loaded).
    saved_cursor: i64,
    persist_scheduled: bool,
    /// A save is being written; another waits for it.
    saving: bool,
    /// When the save under way started, how long the last one took and when it ended (ms):
    /// the next save waits a few times as long, so a burst of pulls (an import arriving
    /// batch by batch) is saved a few times, not once a batch.
    save_started: f64,
    save_took: f64,
    saved_at: f64,
    /// The same for drawing what pulls brought: one is due, how long the last took (the page's
    /// effects included), when it ended.
    render_scheduled: bool,
    render_took: f64,
    rendered_at: f64,
    /// Another tab's save is being read.
    following: bool,
    busy: bool,
    again: bool,
    retry_ms: u32,
    told: HashSet<(Uuid, i64)>,
}

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
}

fn with_engine<R>(f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
    ENGINE.with(|cell| cell.borrow_mut().as_mut().map(f))
}

fn outbox_key(m: &PendingMutation) -> String {
    format!("{OUTBOX_PREFIX}{}.{:012}", m.client_id, m.mutation_id)
}

/// Reads every outbox entry of this browser profile, oldest client first.
fn read_outbox() -> Vec<PendingMutation> {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    let mut entries: Vec<PendingMutation> = (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(OUTBOX_PREFIX))
        .filter_map(|k| LocalStorage::get::<PendingMutation>(&k).ok())
        .collect();
    entries.sort_by_key(|m| (m.client_id, m.mutation_id));
    entries
}

/// Who this browser is signed in as: the `rapport_user` cookie the sign-in set.
pub fn signed_in_user() -> Option<Uuid> {
    let cookies = document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()?;
    super::accounts::cookie_in(&cookies, super::accounts::USER_COOKIE)
        .and_then(|value| Uuid::parse_str(value).ok())
}

/// Every key of this browser's storage that belongs to the signed-in person: their cache, their
/// outbox, their client group, their choices.
fn personal_keys() -> Vec<String> {
    let storage = LocalStorage::raw();
    let len = storage.length().unwrap_or(0);
    (0..len)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with("rapport.") && !KEPT_ON_SIGN_OUT.contains(&k.as_str()))
        .collect()
}

/// Forgets everything of the previous person, outbox included.
fn forget_everything() {
    for key in personal_keys() {
        LocalStorage::delete(&key);
    }
}

fn go_to_sign_in() {
    let _ = window().location().replace("/signin");
}

/// Starts the engine: shows the outbox's changes at once and the cached records as soon as
/// they are read, then syncs and keeps syncing. A browser nobody is signed in on shows nothing
/// and goes to the sign-in page; one that holds another person's records drops them first.
pub fn start(handle: SyncHandle) {
    let Some(user) = signed_in_user() else {
        go_to_sign_in();
        return;
    };
    let owner = LocalStorage::get::<Uuid>(OWNER_KEY).ok();
    if owner.is_some_and(|o| o != user) {
        forget_everything();
    }
    let _ = LocalStorage::set(OWNER_KEY, user);
    let group = LocalStorage::get::<Uuid>(GROUP_KEY).unwrap_or_else(|_| {
        let id = Uuid::now_v7();
        if let Err(e) = LocalStorage::set(GROUP_KEY, id) {
            handle
                .notices
                .update(|n| n.push(Notice::Problem(e.to_string())));
        }
        id
    });
    let engine = Engine {
        handle,
        group,
        client: Uuid::now_v7(),
        next_mutation_id: 1,
        confirmed: Snapshot::default(),
        outbox: read_outbox(),
        leader: false,
        confirmed_outbox: Vec::new(),
        unsaved: Default::default(),
        undrawn: None,
        saved_cursor: 0,
        persist_scheduled: false,
        save_started: 0.0,
        save_took: 0.0,
        saved_at: 0.0,
        render_scheduled: false,
        render_took: 0.0,
        rendered_at: 0.0,
        saving: false,
        following: false,
        busy: false,
        again: false,
        retry_ms: 1000,
        told: HashSet::new(),
    };
    ENGINE.with(|cell| *cell.borrow_mut() = Some(engine));
    with_engine(|e| e.render());
    if let Ok(status) = LocalStorage::get::<String>(STATUS_KEY) {
        handle.status.set(parse_status(&status));
    }
    listen();
    register_service_worker();
    spawn_local(async move {
        mark("rapport:engine-started");
        let (mut confirmed, mut unsaved) = cached::load(user, handle).await;
        with_engine(|e| {
            // What aged out of the copy since it was saved (deals closed over a year ago, and
            // what belongs to them) is forgotten, unless a change of it waits to be sent.
            let pinned: HashSet<Uuid> = e.outbox.iter().filter_map(record_of).collect();
            let forgotten =
                crate::domain::keep::prune(&mut confirmed.store, crate::ui::today(), &pinned);
            unsaved.ids.extend(forgotten);
            e.saved_cursor = confirmed.cursor;
            e.confirmed = confirmed;
            e.unsaved = unsaved;
            e.undrawn = None;
            e.render();
            mark("rapport:copy-shown");
            // An older version's cache, moved here: saved at once, online or not.
            if !e.unsaved.is_empty() {
                e.schedule_persist();
            }
        });
        handle.loaded.set(true);
        seek_leadership();
    });
}

/// A point of the start-up on the page's timeline (`performance.mark`), for `./dev bench` to
/// say where the time to a board goes.
pub(crate) fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// The record a queued change is about.
fn record_of(m: &PendingMutation) -> Option<Uuid> {
    Mutation::from_json(&m.mutation).ok().map(|m| m.record_id())
}

/// Fetches records this browser's copy does not keep and shows them (see
/// `SyncHandle::fetch`). The leader tab keeps them in the saved copy until they age out at the
/// next start; another tab holds them in memory only, as it must not write the copy.
pub async fn fetch(ids: Vec<Uuid>) -> Result<usize, FetchError> {
    match api::fetch(ids.clone()).await {
        Ok(fetched) => {
            let given: HashSet<Uuid> = fetched
                .opportunities
                .iter()
                .map(|o| o.id)
                .chain(fetched.records.iter().map(|r| r.id()))
                .collect();
            with_engine(|e| e.take_fetched(fetched));
            Ok(ids.iter().filter(|id| given.contains(id)).count())
        }
        Err(e) => Err(fetch_error(e)),
    }
}

/// Searches the deals this browser does not keep, on the server (see `SyncHandle::search_past`).
pub async fn search_past(text: String) -> Result<Vec<crate::domain::Opportunity>, FetchError> {
    match api::search_past(text, crate::ui::today()).await {
        Ok(fetched) => {
            let deals = fetched.opportunities.clone();
            with_engine(|e| e.take_fetched(fetched));
            Ok(deals)
        }
        Err(e) => Err(fetch_error(e)),
    }
}

/// Why a fetch from the server failed: no connection, or the server's own words.
fn fetch_error(error: ServerFnError) -> FetchError {
    match error {
        ServerFnError::Request(_) => FetchError::Offline,
        ServerFnError::ServerError(message) => FetchError::Failed(message),
        other => FetchError::Failed(other.to_string()),
    }
}

fn parse_status(s: &str) -> Status {
    match s {
        "online" => Status::Online,
        "offline" => Status::Offline,
        "retrying" => Status::Retrying,
        _ => Status::Syncing,
    }
}

/// Sets this tab's status and, from the leader, tells the other tabs.
fn set_status(handle: SyncHandle, status: Status) {
    handle.status.set(status);
    let text = match status {
        Status::Online => "online",
        Status::Offline => "offline",
        Status::Syncing => "syncing",
        Status::Retrying => "retrying",
    };
    let _ = LocalStorage::set(STATUS_KEY, text);
}

/// Writes the mutation to the outbox, then shows it. Refused at once if the rules say no.
pub fn enqueue(mutation: Mutation) -> Result<(), MutateError> {
    with_engine(|e| e.enqueue(mutation))
        .unwrap_or_else(|| Err(MutateError::Storage("sync has not started".into())))?;
    sync_soon();
    Ok(())
}

impl Engine {
    fn enqueue(&mut self, mutation: Mutation) -> Result<(), MutateError> {
        // Check with the shared rules on what the person sees before writing anything.
        self.handle.view.with_untracked(|v| v.check(&mutation))?;
        let value =
            serde_json::to_value(&mutation).map_err(|e| MutateError::Storage(e.to_string()))?;
        let entry = PendingMutation {
            client_id: self.client,
            mutation_id: self.next_mutation_id,
            mutation: value,
            on: Some(crate::ui::today()),
        };
        // A change no push could carry is refused now, while its text is still in the form.
        if let Some(too_large) = super::protocol::never_fits(&entry) {
            return Err(too_large.into());
        }
        // Durable before the UI moves on; a full quota refuses the change rather than lose it.
        LocalStorage::set(outbox_key(&entry), &entry)
            .map_err(|e| MutateError::Storage(e.to_string()))?;
        self.next_mutation_id += 1;
        self.outbox.push(entry);
        let changed = self
            .handle
            .view
            .try_update(|v| v.apply_local(&mutation, crate::ui::today()))
            .and_then(Result::ok);
        self.handle
            .changes
            .update_value(|c| c.note(changed.as_ref().map(|ids| ids.iter().copied().collect())));
        match (&mut self.undrawn, changed) {
            (Some(undrawn), Some(ids)) => undrawn.ids.extend(ids),
            _ => self.undrawn = None,
        }
        self.handle.pending.set(self.outbox.len());
        Ok(())
    }

    /// Recomputes what the board shows from the confirmed rows and the outbox.
    fn render(&mut self) {
        let changed = match self.undrawn.take() {
            // Nothing waits: the view is `confirmed` but for these records.
            Some(since) if self.outbox.is_empty() && !since.all => {
                self.handle
                    .changes
                    .update_value(|c| c.note(Some(since.ids.clone())));
                self.handle
                    .view
                    .update(|v| v.catch_up(&self.confirmed, &since));
                HashSet::new()
            }
            _ => {
                let today = crate::ui::today();
                let pending: Vec<(Mutation, chrono::NaiveDate)> = self
                    .outbox
                    .iter()
                    .filter_map(|p| {
                        let m = Mutation::from_json(&p.mutation).ok()?;
                        Some((m, p.on.unwrap_or(today)))
                    })
                    .collect();
                let (view, _refused_here, changed) = self
                    .confirmed
                    .with_pending(pending.iter().map(|(m, on)| (m, *on)));
                self.handle.changes.update_value(|c| c.note(None));
                self.handle.view.set(view);
                changed
            }
        };
        self.undrawn = Some(crate::sync::cache::Unsaved {
            ids: changed,
            ..Default::default()
        });
        self.handle.pending.set(self.outbox.len());
        self.name_refused();
    }

    /// Names the record of a refusal told before this browser's copy held it (a change queued
    /// before a reload, refused before the copy was read): once the copy has it.
    fn name_refused(&self) {
        let unnamed = |n: &Notice| matches!(n, Notice::Refused { what, .. } if what.is_empty());
        if !self
            .handle
            .notices
            .with_untracked(|n| n.iter().any(unnamed))
        {
            return;
        }
        let name = |mutation: &serde_json::Value| {
            let id = Mutation::from_json(mutation).ok()?.record_id();
            self.confirmed.display_name(id)
        };
        let named: Vec<Option<String>> = self.handle.notices.with_untracked(|n| {
            n.iter()
                .map(|notice| match notice {
                    Notice::Refused { what, mutation, .. } if what.is_empty() => name(mutation),
                    _ => None,
                })
                .collect()
        });
        if named.iter().all(Option::is_none) {
            return;
        }
        self.handle.notices.update(|n| {
            for (notice, found) in n.iter_mut().zip(named) {
                if let (Notice::Refused { what, .. }, Some(found)) = (notice, found) {
                    *what = found;
                }
            }
        });
    }

    /// Draws what a pull brought: at once after a quick drawing, a little later when the last
    /// one took long, so a burst of pulls (an import arriving batch by batch) is drawn a few
    /// times rather than once a batch and the page answers in between. A person's own change
    /// is drawn at once (`render`).
    fn render_soon(&mut self) {
        if self.render_scheduled {
            return;
        }
        self.render_scheduled = true;
        let wait = crate::sync::cache::pace(
            self.render_took,
            js_sys::Date::now() - self.rendered_at,
            crate::sync::cache::RENDER_WAIT_MAX,
        );
        set_timeout(
            || {
                let started = js_sys::Date::now();
                with_engine(|e| {
                    e.render_scheduled = false;
                    e.render();
                });
                // Timed once what the drawing set off (the page's effects) has run.
                set_timeout(
                    move || {
                        with_engine(|e| {
                            e.rendered_at = js_sys::Date::now();
                            e.render_took = e.rendered_at - started;
                        });
                    },
                    Duration::ZERO,
                );
            },
            Duration::from_millis(wait as u64),
        );
    }

    fn tell_refused(
        &mut self,
        client_id: Uuid,
        mutation_id: i64,
        mutation: &serde_json::Value,
        reason: RuleError,
        by: Option<Uuid>,
    ) {
        if !self.told.insert((client_id, mutation_id)) {
            // Told by the push's answer; the pull after it knows who deleted the record.
            if by.is_some() {
                self.handle.notices.update(|n| {
                    for notice in n.iter_mut() {
                        if let Notice::Refused { key, by: was, .. } = notice
                            && *key == (client_id, mutation_id)
                            && was.is_none()
                        {
                            *was = by;
                        }
                    }
                });
            }
            return;
        }
        let what = mutation
            .get("title")
            .or_else(|| mutation.get("fields").and_then(|f| f.get("title")))
            .and_then(|t| t.as_str())
            .map(str::to_string)
            .or_else(|| {
                mutation
                    .get("name")
                    .and_then(|t| t.as_str())
                    .map(str::to_string)
            })
            .or_else(|| {
                let id = Mutation::from_json(mutation).ok()?.record_id();
                self.confirmed.display_name(id)
            })
            .unwrap_or_default();
        self.handle.notices.update(|n| {
            n.push(Notice::Refused {
                key: (client_id, mutation_id),
                what,
                reason,
                mutation: mutation.clone(),
                by,
            })
        });
    }

    /// Puts records fetched from the server in the confirmed copy (not over newer ones).
    fn take_fetched(&mut self, fetched: super::protocol::Fetched) {
        let mut taken = Vec::new();
        for o in fetched.opportunities {
            let newer = self
                .confirmed
                .opportunities
                .get(&o.id)
                .is_some_and(|mine| mine.version >= o.version);
            if !newer {
                taken.push(o.id);
                self.confirmed.store.opportunities.insert(o.id, o);
            }
        }
        for r in fetched.records {
            let newer = self
                .confirmed
                .get(r.id())
                .is_some_and(|mine| mine.version() >= r.version());
            if !newer {
                taken.push(r.id());
                // A deleted record fetched is one merged into another, asked for by its
                // address: kept, so its page says where it went.
                self.confirmed.store.put(r);
            }
        }
        if taken.is_empty() {
            return;
        }
        if let Some(undrawn) = &mut self.undrawn {
            undrawn.ids.extend(taken.iter().copied());
        }
        if self.leader {
            self.unsaved.ids.extend(taken);
            self.schedule_persist();
        }
        self.render();
    }

    /// Deals a pull brought that this copy did not hold and that may come with more than the
    /// pull sends: an old deal reopened (its history), or one naming a person or company the
    /// copy does not keep. Fetched in the background, so their pages are whole.
    fn arrivals_to_complete(&self, pull: &PullResponse) -> Vec<Uuid> {
        if pull.reset || self.confirmed.cursor == 0 {
            return Vec::new();
        }
        let horizon = crate::domain::keep::horizon(crate::ui::today());
        let store = &self.confirmed.store;
        let unknown = |id: Option<Uuid>| id.is_some_and(|id| store.get(id).is_none());
        let arrivals: Vec<Uuid> = pull
            .opportunities
            .iter()
            .filter(|o| !store.opportunities.contains_key(&o.id))
            .filter(|o| {
                o.created_on.is_some_and(|d| d < horizon)
                    || unknown(o.contact_id)
                    || unknown(o.company_id)
            })
            .map(|o| o.id)
            .collect();
        if arrivals.len() > super::protocol::MAX_FETCH {
            return Vec::new();
        }
        arrivals
    }

    /// The deals a pull makes this person's that were not theirs, given by someone else: not
    /// by a change of this browser's still on its way (nor on the first pull, which brings
    /// everything).
    fn given_to_me(&self, pull: &PullResponse) -> Vec<(Uuid, String)> {
        let me = self.confirmed.user_id;
        if me.is_none() || pull.reset || self.confirmed.cursor == 0 {
            return Vec::new();
        }
        let mine_on_the_way: std::collections::HashSet<Uuid> = self
            .outbox
            .iter()
            .filter_map(|m| Mutation::from_json(&m.mutation).ok())
            .map(|m| m.record_id())
            .collect();
        pull.opportunities
            .iter()
            .filter(|o| !o.deleted && !o.lost && o.salesperson_id == me)
            .filter(|o| {
                self.confirmed
                    .store
                    .opportunities
                    .get(&o.id)
                    .is_none_or(|before| before.salesperson_id != me)
            })
            .filter(|o| !mine_on_the_way.contains(&o.id))
            .map(|o| (o.id, o.title.clone()))
            .collect()
    }

    fn apply_pull(&mut self, pull: PullResponse) {
        let arrivals = self.arrivals_to_complete(&pull);
        if !arrivals.is_empty() {
            spawn_local(async move {
                // A failure leaves the deal as the pull sent it; opening it tries again.
                let _ = fetch(arrivals).await;
            });
        }
        let given = self.given_to_me(&pull);
        self.confirmed.apply_pull(&pull);
        self.unsaved.note_pull(&pull);
        if let Some(undrawn) = &mut self.undrawn {
            undrawn.note_pull(&pull);
        }
        if !given.is_empty() {
            self.handle.notices.update(|n| {
                for (id, what) in given {
                    if !n
                        .iter()
                        .any(|x| matches!(x, Notice::Given { id: seen, .. } if *seen == id))
                    {
                        n.push(Notice::Given { id, what });
                    }
                }
            });
        }
        for r in pull.rejections {
            self.tell_refused(r.client_id, r.mutation_id, &r.mutation, r.reason, r.by);
        }
        for c in pull.conflicts {
            let what = self.confirmed.display_name(c.record_id).unwrap_or_default();
            self.handle.notices.update(|n| {
                let seen = n
                    .iter()
                    .any(|x| matches!(x, Notice::Overwritten { conflict, .. } if *conflict == c));
                if !seen {
                    n.push(Notice::Overwritten { what, conflict: c });
                }
            });
        }
        // Drop what the server has applied or refused; those rows are now in `confirmed`.
        let (done, waiting): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.outbox).into_iter().partition(|m| {
                pull.last_mutation_ids
                    .get(&m.client_id)
                    .is_some_and(|&last| m.mutation_id <= last)
            });
        self.outbox = waiting;
        self.render_soon();
        // Written once the board is drawn: a big cache takes a while to save.
        self.confirmed_outbox.extend(done);
        self.schedule_persist();
    }
}

/// Starts a sync round unless one is running, in which case that one goes round again.
pub fn sync_soon() {
    let start = with_engine(|e| {
        if !e.leader {
            false
        } else if e.busy {
            e.again = true;
            false
        } else {
            e.busy = true;
            true
        }
    });
    if start == Some(true) {
        spawn_local(sync_rounds());
    }
}

async fn sync_rounds() {
    loop {
        let ok = sync_once().await;
        let again = with_engine(|e| {
            let again = ok && e.again;
            e.again = false;
            if !again {
                e.busy = false;
            }
            again
        });
        if again != Some(true) {
            if !ok {
                retry_later();
            }
            return;
        }
    }
}

fn retry_later() {
    let Some(delay) = with_engine(|e| {
        let d = e.retry_ms;
        e.retry_ms = (e.retry_ms * 2).min(30_000);
        d
    }) else {
        return;
    };
    set_timeout(sync_soon, Duration::from_millis(u64::from(delay)));
}

/// One push of the outbox (if any) and one pull. False when the server could not be reached.
async fn sync_once() -> bool {
    let Some((handle, group, batch, (cursor, schema, org_id, access))) = with_engine(|e| {
        // Cut by count and by size, so a long outbox of long texts drains in several pushes.
        let batch = super::protocol::next_batch(&e.outbox, super::protocol::MAX_PUSH_BYTES);
        let c = &e.confirmed;
        let access = (!c.access.is_empty()).then(|| c.access.clone());
        (
            e.handle,
            e.group,
            batch,
            (c.cursor, c.schema, c.org_id, access),
        )
    }) else {
        return false;
    };
    set_status(handle, Status::Syncing);
    if !batch.is_empty() {
        match api::push(PushRequest {
            client_group_id: group,
            mutations: super::protocol::as_sent(&batch),
        })
        .await
        {
            Ok(response) => {
                with_engine(|e| {
                    for r in response.results {
                        if let Outcome::Rejected { reason, .. } = r.outcome {
                            let raw = batch.iter().find(|b| {
                                b.client_id == r.client_id && b.mutation_id == r.mutation_id
                            });
                            let raw = raw.map(|b| b.mutation.clone()).unwrap_or_default();
                            e.tell_refused(r.client_id, r.mutation_id, &raw, reason, None);
                        }
                    }
                });
            }
            Err(e) => return failed(handle, e),
        }
    }
    match api::pull(PullRequest {
        client_group_id: group,
        cursor,
        schema,
        org_id,
        access,
    })
    .await
    {
        Ok(pull) => {
            with_engine(|e| {
                e.apply_pull(pull);
                e.retry_ms = 1000;
            });
            // The server takes changes again: what it said while it could not is over.
            handle
                .notices
                .update(|n| n.retain(|x| !matches!(x, Notice::Busy(_))));
            set_status(handle, Status::Online);
            true
        }
        Err(e) => failed(handle, e),
    }
}

/// Says why a round failed: offline when the server could not be reached, retrying (with the
/// server's reason shown once) when it answered but could not take the changes now.
fn failed(handle: SyncHandle, error: ServerFnError) -> bool {
    match error {
        ServerFnError::Request(_) => {}
        // The session ended elsewhere (signed out everywhere, password reset, deactivated):
        // the records go; what was not sent yet stays for when this person signs in again.
        other if other.to_string().contains(super::api::NOT_SIGNED_IN) => {
            session_ended();
            return false;
        }
        other => {
            // The server's own words, without the transport's prefix.
            let message = match other {
                ServerFnError::ServerError(m) => m,
                other => other.to_string(),
            };
            handle.notices.update(|n| {
                n.retain(|x| !matches!(x, Notice::Busy(_)));
                n.push(Notice::Busy(message));
            });
            set_status(handle, Status::Retrying);
            return false;
        }
    }
    set_status(handle, Status::Offline);
    false
}

/// The server no longer knows this browser's session.
fn session_ended() {
    with_engine(|e| {
        e.confirmed = Default::default();
        e.undrawn = None;
    });
    spawn_local(async {
        cached::forget().await;
        go_to_sign_in();
    });
}

/// Signs this browser out (or every browser of the person): sends what is waiting first, asks
/// before losing what cannot be sent, then forgets every record and goes to the sign-in page.
/// Returns false when the person chose to stay.
pub async fn sign_out(everywhere: bool, unsent_question: impl Fn(usize) -> String) -> bool {
    let group = LocalStorage::get::<Uuid>(GROUP_KEY).ok();
    let outbox = read_outbox();
    let mut unsent = outbox.len();
    if let Some(group) = group
        && !outbox.is_empty()
    {
        unsent = 0;
        let mut left = outbox.as_slice();
        while !left.is_empty() {
            let batch = super::protocol::next_batch(left, super::protocol::MAX_PUSH_BYTES);
            match api::push(PushRequest {
                client_group_id: group,
                mutations: super::protocol::as_sent(&batch),
            })
            .await
            {
                Ok(response) => {
                    unsent += response
                        .results
                        .iter()
                        .filter(|r| matches!(r.outcome, Outcome::OutOfOrder { .. }))
                        .count();
                }
                Err(_) => {
                    unsent += left.len();
                    break;
                }
            }
            left = &left[batch.len()..];
        }
    }
    if unsent > 0
        && !window()
            .confirm_with_message(&unsent_question(unsent))
            .unwrap_or(false)
    {
        return false;
    }
    let _ = if everywhere {
        super::accounts::sign_out_everywhere().await.map(|_| ())
    } else {
        super::accounts::sign_out().await
    };
    // If the server could not be told, the missing cookie ends the session on next contact.
    if let Ok(doc) = document().dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&format!(
            "{}=; Path=/; Max-Age=0; SameSite=Lax",
            super::accounts::USER_COOKIE
        ));
    }
    forget_everything();
    cached::forget().await;
    go_to_sign_in();
    true
}
