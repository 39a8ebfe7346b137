//! Tags on leads and opportunities: labelled in their colour on a card, and chips to toggle in the
//! form.

use leptos::prelude::*;
use uuid::Uuid;

use super::use_locale;
use crate::domain::{Mutation, OpportunityFields};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

/// A card's tags, each its name in its colour (cut short when long, whole on hover).
#[component]
pub fn TagLabels(ids: Vec<Uuid>) -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let tags = sync.view.with_untracked(|v| {
        ids.iter()
            .filter_map(|id| v.tags.iter().find(|t| t.id == *id && !t.deleted).cloned())
            .collect::<Vec<_>>()
    });
    // A narrow card names its first tag and counts the others ("+2", every name in its hint):
    // two names cut to a letter each say nothing. A wide one names them all.
    let others = tags.len().saturating_sub(1);
    let all = tags
        .iter()
        .map(|t| t.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <span class="tag-labels">
            {tags
                .into_iter()
                .map(|t| {
                    let title = t.name.clone();
                    view! {
                        <span class=format!("tag-label tag-c{}", t.colour) title=title dir="auto" data-testid="card-tag">
                            {t.name}
                        </span>
                    }
                })
                .collect_view()}
            {(others > 0).then(|| view! {
                <span class="tag-more" title=all.clone() aria-label=all data-testid="card-tags-more">
                    {move || format!("+{}", locale.get().digits(&others.to_string()))}
                </span>
            })}
        </span>
    }
}

/// Every live tag as a chip; clicking one adds it to or removes it from the opportunity at once.
#[component]
pub fn TagPicker(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let tags = move || {
        sync.view.with(|v| {
            v.tags
                .iter()
                .filter(|t| !t.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let chosen = move || {
        sync.view.with(|v| {
            v.opportunities
                .get(&id)
                .map(|o| o.tag_ids.clone())
                .unwrap_or_default()
        })
    };
    let error = RwSignal::new(None::<String>);
    let toggle = move |tag: Uuid| {
        // Tags deleted since they were put on the deal go with this change.
        let live: Vec<Uuid> = sync
            .view
            .with_untracked(|v| v.tags.iter().filter(|t| !t.deleted).map(|t| t.id).collect());
        let mut ids = chosen();
        ids.retain(|t| live.contains(t));
        if let Some(i) = ids.iter().position(|t| *t == tag) {
            ids.remove(i);
        } else {
            ids.push(tag);
        }
        let change = Mutation::SetOpportunityFields {
            id,
            fields: OpportunityFields {
                tag_ids: Some(ids),
                ..Default::default()
            },
            base_version: 0,
        };
        let l = locale.get_untracked();
        error.set(sync.mutate(change).err().map(|e| super::explain(l, e)));
    };
    view! {
        <fieldset class="tag-picker" data-testid="tag-picker">
            <legend>{move || locale.get().t(Key::Tags)}</legend>
            {move || {
                tags()
                    .into_iter()
                    .map(|t| {
                        let tag = t.id;
                        let on = move || chosen().contains(&tag);
                        view! {
                            <button
                                type="button"
                                class=format!("tag-chip tag-c{}", t.colour)
                                class:on=on
                                aria-pressed=move || on().to_string()
                                on:click=move |_| toggle(tag)
                            >
                                {t.name.clone()}
                            </button>
                        }
                    })
                    .collect_view()
            }}
            <super::parts::ErrorLine error/>
        </fieldset>
    }
}
