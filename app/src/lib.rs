//! Rapport: a local-first sales CRM. This crate is shared by the server (feature `ssr`) and the
//! browser (feature `hydrate`): the domain rules, the sync protocol, the UI and the server
//! functions all live here, so that both sides run the same code.

// Leptos views are deeply nested types; release builds (without `erase_components`) need room.
#![recursion_limit = "512"]

pub mod domain;
pub mod export;
pub mod i18n;
pub mod sync;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;

pub use ui::{App, shell};

/// The browser's entry point: attaches the UI to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
