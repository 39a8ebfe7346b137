//! A record's timeline: every change from the server's change log (with who made it and when),
//! every note and activity, newest first; and the form to log a note.

use leptos::prelude::*;
use uuid::Uuid;

use super::use_locale;
use crate::domain::lead_scoring::Qualification;
use crate::domain::{Mutation, Note, Subject};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::sync::view::Snapshot;

/// The records whose changes make the timeline of `about`: the record itself, the deals that
/// name it (a person's, a company's), and the activities and notes about any of them.
fn records_of(v: &Snapshot, about: Subject) -> Vec<Uuid> {
    let id = about.id;
    let deals: Vec<Uuid> = v
        .opportunities
        .values()
        .filter(|o| o.id == id || o.contact_id == Some(id) || o.company_id == Some(id))
        .map(|o| o.id)
        .collect();
    let concerns = |s: Subject| s.id == id || s.deal_id().is_some_and(|o| deals.contains(&o));
    let mut ids = vec![id];
    ids.extend(deals.iter().copied().filter(|d| *d != id));
    ids.extend(
        v.activities
            .values()
            .filter(|a| concerns(a.subject))
            .map(|a| a.id),
    );
    ids.extend(
        v.notes
            .values()
            .filter(|n| concerns(n.subject))
            .map(|n| n.id),
    );
    ids.truncate(crate::sync::api::MAX_HISTORY_RECORDS);
    ids
}

#[component]
pub fn Timeline(about: Subject) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    // Read again whenever one of its records changes here (a note logged, an activity done).
    let ids = Memo::new(move |_| sync.view.with(|v| records_of(v, about)));
    let versions = Memo::new(move |_| {
        sync.view.with(|v| {
            ids.with(|ids| {
                ids.iter()
                    .map(|id| v.get(*id).map_or(0, |r| r.version()))
                    .sum::<i64>()
            })
        })
    });
    let history = LocalResource::new(move || {
        versions.track();
        crate::sync::api::history(ids.get())
    });
    let names = move |record: Uuid| {
        sync.view
            .with_untracked(|v| record_name(v, record, locale.get_untracked().t(Key::Note)))
            .unwrap_or_default()
    };
    // A logged value as a person reads it: names instead of ids.
    let describe = move |value: &serde_json::Value| -> String {
        use serde_json::Value;
        let named = |s: &str| {
            Uuid::parse_str(s)
                .ok()
                .map(names)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| s.to_string())
        };
        if let Ok(money) = serde_json::from_value::<crate::domain::Money>(value.clone()) {
            return locale.get_untracked().money(money);
        }
        match value {
            Value::Null => "—".into(),
            // A day in the reader's calendar, a number in their digits.
            Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                Ok(day) => super::show_date(day),
                Err(_) => named(s),
            },
            Value::Number(n) => locale.get_untracked().digits(&n.to_string()),
            Value::Array(items) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => named(s),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            // Lost, a lead, done: in words.
            Value::Bool(yes) => locale
                .get_untracked()
                .t(if *yes { Key::Yes } else { Key::No })
                .to_string(),
            other => other.to_string(),
        }
    };
    let choice = expect_context::<super::CalendarChoice>();
    // A custom field's value as its field shows it (an option's label, a day, a name).
    let described = move |record_type: &str, field: &str, value: &serde_json::Value| {
        // Where a lead stands, in words (handed to sales by the rules, accepted, sent back).
        if let Some(q) = (field == "qualification")
            .then(|| value.as_str().and_then(Qualification::parse))
            .flatten()
        {
            return super::lead_scoring::qualification_label(locale.get_untracked(), q);
        }
        // Where it is, by name.
        if let (Some(code), "country" | "province" | "language") = (value.as_str(), field) {
            let l = locale.get_untracked();
            return match field {
                "country" => super::territories::country_label(l, code),
                "language" => super::territories::language_label(l, code),
                _ => super::territories::province_label(l, code),
            };
        }
        if value.is_null() || !crate::domain::custom_field::is_custom(field) {
            return describe(value);
        }
        let l = locale.get_untracked();
        sync.view.with_untracked(|v| {
            match crate::domain::custom_field::find(v, record_type, field) {
                Some(f) => super::custom::shown(l, choice.for_locale(l), f, value, v),
                None => describe(value),
            }
        })
    };
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let log = move |_| {
        let l = locale.get_untracked();
        let logged = Note {
            id: Uuid::now_v7(),
            subject: about,
            text: note.get_untracked(),
            version: 0,
            deleted: false,
        };
        match sync.mutate(Mutation::save(logged)) {
            Ok(()) => {
                note.set(String::new());
                error.set(None);
            }
            Err(e) => error.set(Some(super::explain(l, e))),
        }
    };
    // Notes written here and not yet confirmed show at once, above what the server sent.
    let local_notes = move || {
        sync.view.with(|v| {
            let mut notes: Vec<Note> = ids.with(|ids| {
                ids.iter()
                    .filter_map(|id| v.notes.get(id))
                    .filter(|n| n.version == 0)
                    .cloned()
                    .collect()
            });
            notes.sort_by_key(|n| std::cmp::Reverse(n.id));
            notes
        })
    };
    view! {
        <section class="timeline" data-testid="timeline">
            <h3>{move || t(Key::Timeline)}</h3>
            {view! {
                <div class="log-note">
                    <textarea
                        rows="2"
                        data-testid="note-text"
                        placeholder=move || t(Key::Note)
                        aria-label=move || t(Key::Note)
                        prop:value=note
                        on:input=move |ev| note.set(event_target_value(&ev))
                    ></textarea>
                    <button type="button" data-testid="log-note" on:click=log>{move || t(Key::LogNote)}</button>
                </div>
            }}
            <super::parts::ErrorLine error/>
            <ol class="timeline-lines">
                {move || {
                    local_notes()
                        .into_iter()
                        .map(|n| view! { <li data-testid="timeline-line" class="pending">{t(Key::Note)}": "{n.text}</li> })
                        .collect_view()
                }}
            </ol>
            <Suspense fallback=|| ()>
                {move || {
                    history
                        .get()
                        .map(|result| match result {
                            // Offline, it shows once online; online, the server's failure is
                            // said as it is (in plain words, with its reference).
                            Err(e) if super::parts::online() => {
                                let why = super::parts::server_failure(locale.get_untracked(), &e);
                                view! { <p class="error" role="alert">{why}</p> }.into_any()
                            }
                            Err(_) => view! { <p class="muted">{move || t(Key::HistoryOffline)}</p> }.into_any(),
                            Ok(lines) => {
                                let l = locale.get_untracked();
                                // One entry per change: the fields it set, side by side.
                                // With whether it merged a record into this one.
                                let mut changes: Vec<Entry> = Vec::new();
                                for line in lines {
                                    let merge = line.field == "merged_into" && line.new.is_string();
                                    // A card's place inside its column says nothing to a person,
                                    // nor what a note or an activity is about, on its own timeline.
                                    // Nor the prediction behind a probability: the
                                    // probability's own line says what changed.
                                    if matches!(line.field.as_str(), "position" | "predicted" | "probability_by_hand")
                                        || (line.field == "subject" && line.old.is_null())
                                    {
                                        continue;
                                    }
                                    // Made by an import: the file it came from. A note's text,
                                    // and the line saying the rule assigned it, need no label.
                                    let field = if line.field == "import" {
                                        l.t(Key::ImportedFrom).to_string()
                                    } else if line.field == "assigned"
                                        || line.field == "duplicate_of"
                                        || (line.record_type == "note" && line.field == "text")
                                    {
                                        String::new()
                                    } else {
                                        l.field_label(&line.record_type, &line.field)
                                    };
                                    let change = if line.field == "assigned" {
                                        l.t(Key::AssignedByRule).to_string()
                                    } else if line.field == "duplicate_of" {
                                        let original = line.new.as_str().and_then(|s| Uuid::parse_str(s).ok());
                                        let what = original.map(names).unwrap_or_default();
                                        l.t(Key::DuplicateGiven).replace("{what}", &super::parts::isolated(&what))
                                    } else if line.field == "deleted" {
                                        // Deleted or brought back: said in words.
                                        let gone = line.new.as_bool() == Some(true);
                                        l.t(if gone { Key::WasDeleted } else { Key::WasRestored }).to_string()
                                    } else if line.old.is_null() {
                                        described(&line.record_type, &line.field, &line.new)
                                    } else {
                                        format!(
                                            "{} → {}",
                                            described(&line.record_type, &line.field, &line.old),
                                            described(&line.record_type, &line.field, &line.new)
                                        )
                                    };
                                    let field = if line.field == "deleted" { String::new() } else { field };
                                    match changes.last_mut() {
                                        Some((first, fields, merged)) if first.seq == line.seq && first.record_id == line.record_id => {
                                            fields.push((field, change));
                                            *merged |= merge;
                                        }
                                        _ => changes.push((line, vec![(field, change)], merge)),
                                    }
                                }
                                view! {
                                    <ol class="timeline-lines">
                                        {changes
                                            .into_iter()
                                            .map(|(line, fields, merge)| {
                                                let what = names(line.record_id);
                                                // A record merged into this one, still merged:
                                                // brought back from here too.
                                                let merged = line.record_id;
                                                // A merged lead or deal is not kept by the
                                                // browser: fetched to be brought back.
                                                let a_deal = line.record_type == "opportunity";
                                                let still_merged = move || {
                                                    merge && sync.view.with(|v| match v.get(merged) {
                                                        Some(crate::domain::Record::Contact(c)) => c.deleted && c.merged_into.is_some(),
                                                        Some(crate::domain::Record::Company(c)) => c.deleted && c.merged_into.is_some(),
                                                        Some(crate::domain::Record::Opportunity(o)) => o.deleted && o.merged_into.is_some(),
                                                        None => a_deal,
                                                        _ => false,
                                                    })
                                                };
                                                let bring_back = move |_| {
                                                    leptos::task::spawn_local(async move {
                                                        if sync.view.with_untracked(|v| v.get(merged).is_none()) {
                                                            let _ = sync.fetch(vec![merged]).await;
                                                        }
                                                        if let Err(e) = sync.mutate(Mutation::Unmerge { id: merged }) {
                                                            let _ = error.try_set(Some(super::explain(locale.get_untracked(), e)));
                                                        }
                                                    });
                                                };
                                                view! {
                                                    <li data-testid="timeline-line">
                                                        <time>{super::show_time(line.at)}</time>
                                                        " "<strong>{line.user_name.unwrap_or_default()}</strong>
                                                        " · "<bdi>{what}</bdi>
                                                        <span class="timeline-fields">
                                                            {fields
                                                                .into_iter()
                                                                .map(|(field, change)| {
                                                                    let label = (!field.is_empty()).then(|| view! { <span class="field">{field}": "</span> });
                                                                    view! { <span class="timeline-field">{label}<bdi>{change}</bdi></span> }
                                                                })
                                                                .collect_view()}
                                                        </span>
                                                        <Show when=still_merged>
                                                            <button type="button" class="link" data-testid="timeline-unmerge" on:click=bring_back>{move || t(Key::BringBack)}</button>
                                                        </Show>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                }
                                .into_any()
                            }
                        })
                }}
            </Suspense>
        </section>
    }
}

/// One entry of a timeline: the change's first line, the fields it set (label, words), and
/// whether it merged a record into this one.
type Entry = (crate::sync::api::HistoryLine, Vec<(String, String)>, bool);

/// The name a person knows a record (or a user) by; a note goes by the word "note".
fn record_name(v: &Snapshot, id: Uuid, note: &str) -> Option<String> {
    if let Some(name) = v.user_name(id) {
        return Some(name.to_string());
    }
    if v.notes.contains_key(&id) {
        return Some(note.to_string());
    }
    v.display_name(id)
}
