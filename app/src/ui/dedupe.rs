//! The duplicates page (`/duplicates?kind=contact`, `company` or `lead`): the clusters of
//! records the server finds may be one (`db::duplicates`), most likely first. For each: which record stays,
//! which value wins for each field that differs, then Merge (a change like any other, queued
//! when offline), or "Not duplicates", remembered.

use leptos::prelude::*;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::routes::Nav;
use super::use_locale;
use crate::domain::duplicates::Reason;
use crate::domain::{Mutation, Record};
use crate::i18n::{Key, Locale};
use crate::sync::dedupe::{Cluster, duplicates, not_duplicates};
use crate::sync::handle::SyncHandle;

/// The page: contacts, companies or leads, as the address says.
#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let kind = Memo::new(move |_| match nav.query("kind").as_deref() {
        Some("company") => "company",
        Some("lead") => "lead",
        _ => "contact",
    });
    let clusters = RwSignal::new(None::<Result<Vec<Cluster>, String>>);
    Effect::new(move |_| {
        let asked = kind.get();
        clusters.set(None);
        leptos::task::spawn_local(async move {
            let answer = duplicates(asked.to_string())
                .await
                .map_err(|e| super::parts::server_failure(locale.get_untracked(), &e));
            // Only the answer for the kind still shown: an earlier question answered late (the
            // page coming back from a record opened, before its address is read) is dropped.
            if kind.try_get_untracked() == Some(asked) {
                let _ = clusters.try_set(Some(answer));
            }
        });
    });
    let done = move |index: usize| {
        clusters.update(|c| {
            if let Some(Ok(list)) = c {
                list.remove(index);
            }
        });
    };
    view! {
        <section class="page dedupe" data-testid="duplicates-page">
            <header class="page-header">
                <h2>{move || t(Key::Duplicates)}</h2>
                <div class="view-switch" role="group">
                    <button type="button" class:on=move || kind.get() == "contact" on:click=move |_| nav.set_query("kind", None)>
                        {move || t(Key::Contacts)}
                    </button>
                    <button type="button" data-testid="duplicates-companies" class:on=move || kind.get() == "company" on:click=move |_| nav.set_query("kind", Some("company".into()))>
                        {move || t(Key::Companies)}
                    </button>
                    <button type="button" data-testid="duplicates-leads" class:on=move || kind.get() == "lead" on:click=move |_| nav.set_query("kind", Some("lead".into()))>
                        {move || t(Key::Leads)}
                    </button>
                </div>
            </header>
            <p class="muted">{move || t(Key::DuplicatesMergeSays)}</p>
            {move || match clusters.get() {
                None => view! { <p class="muted">{t(Key::DuplicatesLooking)}</p> }.into_any(),
                Some(Err(why)) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p data-testid="duplicates-none">{t(Key::DuplicatesNone)}</p> }.into_any(),
                Some(Ok(list)) => list
                    .into_iter()
                    .enumerate()
                    .map(|(index, cluster)| view! { <ClusterCard cluster done=Callback::new(move |()| done(index))/> })
                    .collect_view()
                    .into_any(),
            }}
        </section>
    }
}

/// Why a cluster's records may be one, in the reader's words.
fn reason_text(locale: Locale, reason: Reason) -> String {
    match reason {
        Reason::Email => locale.t(Key::MatchedOnEmail).to_string(),
        Reason::Phone => locale.t(Key::MatchedOnPhone).to_string(),
        Reason::Name(100) => locale.t(Key::MatchedOnName).to_string(),
        Reason::Name(n) => locale.t_n(Key::NameAlike, usize::from(n)),
    }
}

/// A field's value as the card shows it: text as it is, a company (or tag) by its name, an
/// amount the reader's way.
fn shown(
    locale: Locale,
    field: &str,
    value: &Value,
    names: &dyn Fn(Uuid) -> Option<String>,
) -> String {
    let named = |s: &str| {
        Uuid::parse_str(s)
            .ok()
            .and_then(names)
            .unwrap_or_else(|| s.to_string())
    };
    match (field, value) {
        (_, Value::String(s)) if field.ends_with("_id") => named(s),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => String::new(),
        (_, Value::Array(ids)) if field.ends_with("_ids") => ids
            .iter()
            .filter_map(Value::as_str)
            .map(named)
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::Object(_)) => serde_json::from_value::<crate::domain::Money>(value.clone())
            .map(|m| locale.money(m))
            .unwrap_or_else(|_| value.to_string()),
        (_, other) => other.to_string(),
    }
}

/// The fields of a record a merge may choose among, as JSON.
fn fields_of(record: &Record) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .filter(|(k, _)| {
                !matches!(
                    k.as_str(),
                    "id" | "kind" | "version" | "deleted" | "merged_into"
                )
            })
            .collect(),
        _ => Map::new(),
    }
}

/// One cluster: the records, the one kept, the value kept of each field that differs.
#[component]
pub(super) fn ClusterCard(cluster: Cluster, done: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<Nav>();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let records = StoredValue::new(cluster.records.clone());
    let kind = cluster.records.first().map_or("contact", Record::kind);
    // Of a lead, what a person wrote of it (not its stage, score or place in a column).
    let choosable = move |field: &str| {
        kind != "opportunity"
            || crate::domain::mutation::contacts::MERGED_OPPORTUNITY_FIELDS.contains(&field)
    };
    let keep = RwSignal::new(cluster.records.first().map(Record::id).unwrap_or_default());
    // The fields whose values differ, each with its distinct values in the records' order.
    // The fields whose values differ (an empty one too), each with its values in the
    // records' order.
    let differing: Vec<(String, Vec<Value>)> = {
        let maps: Vec<Map<String, Value>> = cluster.records.iter().map(fields_of).collect();
        let empty = |v: &Value| v.is_null() || *v == Value::String(String::new());
        crate::domain::Record::fields_of(kind)
            .unwrap_or_default()
            .iter()
            .filter(|f| f.name != "merged_into" && choosable(f.name))
            .filter_map(|f| {
                let all: Vec<Value> = maps
                    .iter()
                    .map(|m| m.get(f.name).cloned().unwrap_or(Value::Null))
                    .map(|v| if empty(&v) { Value::Null } else { v })
                    .collect();
                let mut values: Vec<Value> = Vec::new();
                for v in all.iter().filter(|v| !v.is_null()) {
                    if !values.contains(v) {
                        values.push(v.clone());
                    }
                }
                let differs = all.iter().any(|v| *v != all[0]);
                (differs && !values.is_empty()).then(|| (f.name.to_string(), values))
            })
            .collect()
    };
    let fillable: Vec<(String, Value)> = differing
        .iter()
        .map(|(field, values)| (field.clone(), values[0].clone()))
        .collect();
    let chosen: RwSignal<Map<String, Value>> = RwSignal::new(Map::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sent_names = cluster.names.clone();
    let names = move |id: Uuid| {
        sync.view
            .with_untracked(|v| {
                v.get(id)
                    .map(|r| r.display_name(v))
                    .or_else(|| v.user_name(id).map(str::to_string))
            })
            .or_else(|| {
                sent_names
                    .iter()
                    .find(|(n, _)| *n == id)
                    .map(|(_, name)| name.clone())
            })
    };
    let merge = move |_| {
        let keep_id = keep.get_untracked();
        let ids: Vec<Uuid> = records.with_value(|r| r.iter().map(Record::id).collect());
        let others: Vec<Uuid> = ids.iter().copied().filter(|id| *id != keep_id).collect();
        // The values chosen; a field the kept record leaves empty takes the first the others
        // have. Only what differs from the kept record's is sent.
        let kept = records
            .with_value(|r| r.iter().find(|r| r.id() == keep_id).map(fields_of))
            .unwrap_or_default();
        let mut fields = chosen.get_untracked();
        for (field, first) in &fillable {
            let empty = kept
                .get(field)
                .is_none_or(|v| v.is_null() || *v == Value::String(String::new()));
            if empty && !fields.contains_key(field) {
                fields.insert(field.clone(), first.clone());
            }
        }
        let fields: Map<String, Value> = fields
            .into_iter()
            .filter(|(k, v)| kept.get(k) != Some(v))
            .collect();
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            // The browser may not keep them all: it takes them first, to apply the merge as
            // the server will. Offline, it goes with what it holds.
            let _ = sync.fetch(ids).await;
            match sync.mutate(Mutation::Merge {
                keep: keep_id,
                others,
                fields,
            }) {
                Ok(()) => done.run(()),
                Err(e) => {
                    let _ = error.try_set(Some(super::explain(locale.get_untracked(), e)));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let apart = move |_| {
        let ids: Vec<Uuid> = records.with_value(|r| r.iter().map(Record::id).collect());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match not_duplicates(ids).await {
                Ok(()) => done.run(()),
                Err(e) => {
                    let why = super::parts::server_failure(locale.get_untracked(), &e);
                    let _ = error.try_set(Some(why));
                }
            }
            let _ = busy.try_set(false);
        });
    };
    let more = cluster.size.saturating_sub(cluster.records.len());
    let reason = cluster.reason;
    let group = Uuid::now_v7().simple().to_string();
    view! {
        <article class="cluster" data-testid="cluster">
            <header>
                <strong>{move || reason_text(locale.get(), reason)}</strong>
                <span class="muted">{cluster.shared.clone()}</span>
            </header>
            <ul class="cluster-records">
                {cluster.records.iter().map(|r| {
                    let id = r.id();
                    let fields = fields_of(r);
                    let line: Vec<String> = ["customer_name", "company_name", "email", "phone", "job_title", "address", "company_id"]
                        .iter()
                        .filter_map(|f| fields.get(*f).map(|v| shown(locale.get_untracked(), f, v, &names)))
                        .filter(|s| !s.is_empty())
                        .collect();
                    let name = r.display_name(&crate::domain::Store::default());
                    let group = group.clone();
                    // Each opens on its own page, to be looked at before the merge.
                    let open = move |_| match kind {
                        "company" => nav.go(&super::routes::Page::Company(id)),
                        "opportunity" => nav.open_deal(id),
                        _ => nav.go(&super::routes::Page::Contact(id)),
                    };
                    view! {
                        <li data-id=id.to_string()>
                            <label class="check">
                                <input type="radio" name=group data-testid="cluster-keep" prop:checked=move || keep.get() == id on:change=move |_| keep.set(id)/>
                                <strong>{name}</strong>
                                <span class="muted">{line.join(" · ")}</span>
                            </label>
                            <button type="button" class="link" data-testid="cluster-open" on:click=open>{move || t(Key::Open)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p class="muted">{move || locale.get().t_n(Key::DuplicatesMore, more)}</p> })}
            {(!differing.is_empty()).then(|| {
                let kind = kind.to_string();
                view! {
                    <div class="cluster-fields">
                        <span class="muted">{move || t(Key::DuplicatesValue)}</span>
                        {differing.into_iter().map(|(field, values)| {
                            let label_kind = kind.clone();
                            let label_field = field.clone();
                            let f = field.clone();
                            let options = values.clone();
                            view! {
                                <label>
                                    <span>{move || locale.get().field_label(&label_kind, &label_field)}</span>
                                    <select data-testid=format!("cluster-field-{field}") on:change=move |ev| {
                                        let n: usize = event_target_value(&ev).parse().unwrap_or(0);
                                        let value = n.checked_sub(1).and_then(|i| options.get(i).cloned());
                                        chosen.update(|c| { if let Some(v) = value { c.insert(f.clone(), v); } else { c.remove(&f); } });
                                    }>
                                        <option value="">{move || t(Key::DuplicatesKeptValue)}</option>
                                        {values.iter().enumerate().map(|(n, v)| {
                                            let text = shown(locale.get_untracked(), &field, v, &names);
                                            view! { <option value=(n + 1).to_string()>{text}</option> }
                                        }).collect_view()}
                                    </select>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                }
            })}
            <div class="cluster-actions">
                <button type="button" class="primary" data-testid="cluster-merge" disabled=busy on:click=merge>{move || t(Key::DuplicatesMerge)}</button>
                <button type="button" data-testid="cluster-apart" disabled=busy on:click=apart>{move || t(Key::DuplicatesNotSame)}</button>
            </div>
            {move || error.get().map(|why| view! { <p class="error" role="alert">{why}</p> })}
        </article>
    }
}
