//! The lost opportunities: off the board, listed here with why, and reopened in one click.

use leptos::prelude::*;

use super::use_locale;
use crate::domain::Mutation;
use crate::i18n::Key;
use crate::sync::handle::{Notice, SyncHandle};

/// Whether the list is open.
#[derive(Clone, Copy)]
pub struct ShowLost(pub RwSignal<bool>);

/// The header button: how many deals are lost; opens the list.
#[component]
pub fn LostButton() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let show = expect_context::<ShowLost>();
    let count = move || {
        sync.view
            .with(|v| v.opportunities.values().filter(|o| o.lost).count())
    };
    view! {
        <button class="lost-button" data-testid="lost-button" on:click=move |_| show.0.update(|s| *s = !*s)>
            {move || locale.get().t_n(Key::LostDeals, count())}
        </button>
    }
}

#[component]
pub fn LostList() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let show = expect_context::<ShowLost>();
    let lost = move || {
        sync.view.with(|v| {
            let mut lost: Vec<_> = v
                .opportunities
                .values()
                .filter(|o| o.lost)
                .map(|o| {
                    let reason = o
                        .lost_reason_id
                        .and_then(|r| v.lost_reasons.iter().find(|x| x.id == r))
                        .map(|r| r.name.clone())
                        .unwrap_or_default();
                    (
                        o.id,
                        o.title.clone(),
                        o.customer_name.clone(),
                        reason,
                        o.lost_note.clone(),
                        o.version,
                    )
                })
                .collect();
            lost.sort_by_key(|l| std::cmp::Reverse(l.5));
            lost
        })
    };
    view! {
        <Show when=move || show.0.get()>
            <div class="overlay" on:click=move |_| show.0.set(false)></div>
            <aside class="lost-list" data-testid="lost-list" role="dialog" aria-modal="true">
                <header class="editor-header">
                    <h2>{move || locale.get().t_n(Key::LostDeals, lost().len())}</h2>
                    <button type="button" class="close" aria-label=move || locale.get().t(Key::Close) on:click=move |_| show.0.set(false)>"×"</button>
                </header>
                <Show when=move || lost().is_empty()>
                    <p class="empty">{move || locale.get().t(Key::NoLostDeals)}</p>
                </Show>
                <ul>
                    {move || {
                        lost()
                            .into_iter()
                            .map(|(id, title, customer, reason, note, _)| {
                                let reopen = move |_| {
                                    if let Err(e) = sync.mutate(Mutation::ReopenLost { id }) {
                                        let why = super::explain(locale.get_untracked(), e);
                                        sync.notices.update(|n| n.push(Notice::Problem(why)));
                                    }
                                };
                                view! {
                                    <li class="lost-item" data-testid="lost-item">
                                        <div>
                                            <strong>{title}</strong>
                                            <span class="card-customer">{customer}</span>
                                            <span class="lost-reason">{reason}</span>
                                            <span class="lost-note">{note}</span>
                                        </div>
                                        <button type="button" data-testid="reopen" on:click=reopen>
                                            {move || locale.get().t(Key::Reopen)}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </aside>
        </Show>
    }
}
