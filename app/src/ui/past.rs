//! The deals a browser does not keep (closed before the horizon, `domain::keep`), searched on
//! the server from the list: the list says plainly that they are there, finds them by the
//! words of its search, and opens one at its address.

use leptos::prelude::*;

use super::{show_date, use_locale};
use crate::domain::Opportunity;
use crate::i18n::Key;
use crate::sync::handle::{FetchError, SyncHandle};

#[derive(Debug, Clone, PartialEq)]
enum Searched {
    Not,
    Searching,
    Found(Vec<Opportunity>),
    Offline,
    Failed(String),
}

/// Below the list: older deals are on the server, and a button searches them for `search`.
#[component]
pub fn PastDeals(search: RwSignal<String>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let searched = RwSignal::new(Searched::Not);
    // A new search forgets the last one's answer.
    Effect::new(move |_| {
        search.track();
        searched.set(Searched::Not);
    });
    let horizon = move || crate::domain::keep::horizon(super::today());
    let go = move |_| {
        let text = search.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        searched.set(Searched::Searching);
        leptos::task::spawn_local(async move {
            let next = match sync.search_past(text).await {
                Ok(deals) => Searched::Found(deals),
                Err(FetchError::Offline) => Searched::Offline,
                Err(FetchError::Failed(why)) => Searched::Failed(why),
            };
            let _ = searched.try_set(next);
        });
    };
    let answer = move || {
        match searched.get() {
        Searched::Not => ().into_any(),
        Searched::Searching => view! { <p class="muted">{t(Key::LoadingRecord)}</p> }.into_any(),
        Searched::Offline => view! { <p data-testid="past-offline">{t(Key::PastNeedsConnection)}</p> }.into_any(),
        Searched::Failed(why) => view! { <p role="alert">{why}</p> }.into_any(),
        Searched::Found(deals) if deals.is_empty() => {
            view! { <p data-testid="past-none">{t(Key::PastNone)}</p> }.into_any()
        }
        Searched::Found(deals) => view! {
            <ul class="rows past-rows">
                {deals
                    .into_iter()
                    .map(|o| {
                        let id = o.id;
                        let outcome = if o.lost { Key::Lost } else { Key::Won };
                        let closed = o.closed_on.map(show_date).unwrap_or_default();
                        view! {
                            <li class="row" data-testid="past-row" on:click=move |_| nav.open_deal(id)>
                                <strong class="row-title" dir="auto">{o.title.clone()}</strong>
                                <span class="muted">{o.customer_name.clone()}</span>
                                <span class="muted">{format!("{} · {closed}", t(outcome))}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <section class="past" data-testid="past">
            <p class="muted">
                {move || t(Key::PastOnServer).replace("{date}", &show_date(horizon()))}
            </p>
            <button
                type="button"
                data-testid="search-past"
                disabled=move || search.with(|s| s.trim().is_empty())
                on:click=go
            >
                {move || t(Key::SearchPast)}
            </button>
            {answer}
        </section>
    }
}
