//! Settings → tags and their colours.

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run_save};
use crate::domain::Tag;
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn Tags() -> impl IntoView {
    view! {
        <super::SetUpSection
            testid="settings-tags"
            rows=|s| &s.tags
            row=|tag| view! { <TagRow tag/> }
        />
    }
}

#[component]
fn TagRow(tag: Option<Tag>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = tag.is_none();
    let id = tag.as_ref().map_or(Uuid::nil(), |x| x.id);
    let opened = StoredValue::new(tag.clone());
    let name = RwSignal::new(tag.as_ref().map(|x| x.name.clone()).unwrap_or_default());
    let colour = RwSignal::new(tag.as_ref().map_or(0, |x| x.colour));
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let saved = Tag {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            colour: colour.get_untracked(),
            version: 0,
            deleted: false,
        };
        let l = locale.get_untracked();
        let done = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                saved,
            )
        });
        if done && is_new {
            name.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid=if is_new { "new-tag" } else { "tag-row" }>
            <span class=move || format!("tag-chip on tag-c{}", colour.get())>{move || name.get()}</span>
            <input
                name="tag-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <select
                name="tag-colour"
                aria-label=move || t(Key::Colour)
                on:change=move |ev| colour.set(event_target_value(&ev).parse().unwrap_or(0))
                prop:value=move || colour.get().to_string()
            >
                {(0..crate::domain::tag::COLOURS)
                    .map(|c| view! { <option value=c.to_string() selected=move || colour.get() == c>{move || format!("{} {}", t(Key::Colour), c + 1)}</option> })
                    .collect_view()}
            </select>
            <button type="button" class="primary" data-testid="save-tag" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
