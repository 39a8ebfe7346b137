//! The top bar: the product, the sync status with the number of changes waiting, the language.

use leptos::prelude::*;

use super::use_locale;
use crate::i18n::{Key, LOCALE_COOKIE, Locale};
use crate::sync::handle::{Notice, Status, SyncHandle};

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let status_text = move || {
        let l = locale.get();
        match (sync.status.get(), sync.pending.get()) {
            (Status::Offline, 0) => l.t(Key::Offline).to_string(),
            (Status::Offline, n) => format!("{} · {}", l.t(Key::Offline), l.t_n(Key::Waiting, n)),
            (Status::Syncing, _) => l.t(Key::Syncing).to_string(),
            (Status::Online, 0) => l.t(Key::Online).to_string(),
            (Status::Online, n) => l.t_n(Key::Waiting, n),
        }
    };
    let status_class = move || match sync.status.get() {
        Status::Online => "sync-status online",
        Status::Offline => "sync-status offline",
        Status::Syncing => "sync-status syncing",
    };
    let choose = move |tag: String| {
        let Some(chosen) = Locale::from_tag(&tag) else {
            return;
        };
        locale.set(chosen);
        remember_locale(chosen);
    };
    view! {
        <header class="topbar">
            <div class="brand">"Rapport"</div>
            <h1 class="page-title">{move || t(Key::Pipeline)}</h1>
            <div class="topbar-tools">
                <span class=status_class data-testid="sync-status" role="status">{status_text}</span>
                <label class="language">
                    <span class="visually-hidden">{move || t(Key::Language)}</span>
                    <select
                        data-testid="language"
                        on:change=move |ev| choose(event_target_value(&ev))
                        prop:value=move || locale.get().tag()
                    >
                        {Locale::ALL
                            .into_iter()
                            .map(|l| view! { <option value=l.tag()>{l.name()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </header>
    }
}

/// Saves the choice where the server can read it, and marks the page's language.
fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let doc = document();
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", locale.tag());
        }
        if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
            let cookie = format!(
                "{LOCALE_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                locale.tag()
            );
            let _ = html_doc.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, LOCALE_COOKIE);
}

/// Changes the server refused, and problems, until dismissed.
#[component]
pub fn Notices() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    view! {
        <div class="notices" aria-live="polite">
            {move || {
                let l = locale.get();
                sync.notices
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(i, notice)| {
                        let text = match notice {
                            Notice::Refused { what, reason, .. } => {
                                let what = if what.is_empty() { String::new() } else { format!(" «{what}»") };
                                format!("{}{what}: {}", l.t(Key::Refused), l.rule_error(&reason))
                            }
                            Notice::Problem(message) => message,
                        };
                        view! {
                            <div class="notice" data-testid="notice">
                                <span>{text}</span>
                                <button on:click=move |_| sync.dismiss(i)>{l.t(Key::Dismiss)}</button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
