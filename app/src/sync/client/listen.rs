//! How the engine hears that it should sync: leadership among tabs (Web Locks), window events,
//! other tabs' writes and saves (`storage` events), the server's pokes (server-sent events), and the
//! service worker that keeps the app for offline starts.

use std::cell::RefCell;
use std::collections::HashSet;
use std::time::Duration;

use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

use super::{
    LEADER_LOCK, OUTBOX_PREFIX, OWNER_KEY, PULL_EVERY, SAVED_KEY, STATUS_KEY, parse_status,
    read_outbox, sync_soon, with_engine,
};
use crate::sync::handle::Status;

/// One tab of the browser profile leads (a Web Lock held for the tab's life); when it closes,
/// another takes over. Without Web Locks every tab syncs, which the server makes safe.
pub(super) fn seek_leadership() {
    let navigator = window().navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined());
    let request = locks
        .as_ref()
        .and_then(|l| js_sys::Reflect::get(l, &"request".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else {
        become_leader();
        return;
    };
    let granted = Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| -> js_sys::Promise {
        become_leader();
        // Never settles: the lock is held until the tab goes away.
        js_sys::Promise::new(&mut |_, _| {})
    });
    if request
        .call2(&locks, &LEADER_LOCK.into(), &granted)
        .is_err()
    {
        become_leader();
    }
}

fn become_leader() {
    with_engine(|e| e.leader = true);
    sync_soon();
    set_interval(sync_soon, PULL_EVERY);
    reopen_pokes();
}

/// Pulls when the server pokes, when the tab regains focus or the network, and every minute;
/// follows other tabs' outbox and cache through `storage` events.
pub(super) fn listen() {
    let _ = window_event_listener(leptos::ev::focus, |_| sync_soon());
    let _ = window_event_listener(leptos::ev::online, |_| {
        reopen_pokes();
        sync_soon();
    });
    let _ = window_event_listener(leptos::ev::offline, |_| {
        with_engine(|e| e.handle.status.set(Status::Offline));
    });
    let _ = window_event_listener(leptos::ev::visibilitychange, |_| {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            sync_soon();
        }
    });
    let _ = window_event_listener(leptos::ev::storage, |ev| {
        let Some(key) = ev.key() else { return };
        if key.starts_with(OUTBOX_PREFIX) {
            with_engine(|e| {
                // Entries already confirmed but not yet removed from storage stay out.
                let confirmed: HashSet<(Uuid, i64)> = e
                    .confirmed_outbox
                    .iter()
                    .map(|m| (m.client_id, m.mutation_id))
                    .collect();
                e.outbox = read_outbox()
                    .into_iter()
                    .filter(|m| !confirmed.contains(&(m.client_id, m.mutation_id)))
                    .collect();
                e.render();
            });
            // Another tab's change: the leader sends it.
            sync_soon();
        } else if key == STATUS_KEY {
            // Stored as JSON by gloo-storage, like every other value.
            let status = ev
                .new_value()
                .and_then(|raw| serde_json::from_str::<String>(&raw).ok());
            if let Some(status) = status {
                with_engine(|e| e.handle.status.set(parse_status(&status)));
            }
        } else if key == OWNER_KEY && ev.new_value().is_none() {
            // Another tab signed out.
            let _ = window().location().replace("/signin");
        } else if key == SAVED_KEY {
            // The leader saved what it pulled: follow it.
            let saved = ev
                .new_value()
                .and_then(|raw| serde_json::from_str::<crate::sync::cache::Saved>(&raw).ok());
            if let Some(saved) = saved {
                super::cached::follow(saved);
            }
        }
    });
}

thread_local! {
    /// The open event stream and its generation: reopening supersedes older retries.
    static POKES: RefCell<(u32, Option<web_sys::EventSource>)> = const { RefCell::new((0, None)) };
}

/// (Re)opens the event stream now, e.g. when the network comes back.
fn reopen_pokes() {
    if with_engine(|e| e.leader) != Some(true) {
        return;
    }
    let generation = POKES.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(old) = p.1.take() {
            old.close();
        }
        p.0 += 1;
        p.0
    });
    listen_for_pokes(1000, generation);
}

/// Opens the server's event stream; each message is a poke to pull. A broken stream is
/// reopened after a delay that doubles up to half a minute, and a pull catches up on reopening.
fn listen_for_pokes(retry_ms: u32, generation: u32) {
    if POKES.with(|p| p.borrow().0) != generation {
        return;
    }
    let Ok(source) = web_sys::EventSource::new("/api/events") else {
        return;
    };
    let on_poke = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|_| sync_soon());
    source.set_onmessage(Some(on_poke.as_ref().unchecked_ref()));
    on_poke.forget();
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(|_| sync_soon());
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    on_open.forget();
    let failing = source.clone();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        failing.close();
        let next = (retry_ms * 2).min(30_000);
        set_timeout(
            move || listen_for_pokes(next, generation),
            Duration::from_millis(u64::from(retry_ms)),
        );
    });
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    POKES.with(|p| p.borrow_mut().1 = Some(source));
}

/// The service worker keeps the app shell for offline starts.
pub(super) fn register_service_worker() {
    let container = window().navigator().service_worker();
    let _ = container.register("/sw.js");
}
