//! Settings → activity types: their delay and what follows a done one.

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run_save};
use crate::domain::ActivityType;
use crate::domain::activity::{Chaining, DelayFrom, DelayUnit};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn ActivityTypes() -> impl IntoView {
    view! {
        <super::SetUpSection
            testid="settings-activity-types"
            rows=|s| &s.activity_types
            row=|kind| view! { <ActivityTypeRow kind/> }
        />
    }
}

#[component]
fn ActivityTypeRow(kind: Option<ActivityType>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = kind.is_none();
    let base = kind.unwrap_or_else(|| ActivityType {
        id: Uuid::nil(),
        name: String::new(),
        icon: String::new(),
        delay: 0,
        unit: DelayUnit::Days,
        from: DelayFrom::Completion,
        chaining: Chaining::Nothing,
        version: 0,
        deleted: false,
    });
    let id = base.id;
    let opened = StoredValue::new((!is_new).then(|| base.clone()));
    let name = RwSignal::new(base.name.clone());
    let icon = RwSignal::new(base.icon.clone());
    let delay = RwSignal::new(base.delay.to_string());
    let unit = RwSignal::new(base.unit);
    let from = RwSignal::new(base.from);
    let (mode, next) = match &base.chaining {
        Chaining::Nothing => ("nothing", Vec::new()),
        Chaining::Suggest { type_ids } => ("suggest", type_ids.clone()),
        Chaining::Trigger { type_id } => ("trigger", vec![*type_id]),
    };
    let mode = RwSignal::new(mode.to_string());
    let next = RwSignal::new(next);
    let error = RwSignal::new(None::<String>);
    let others = move || {
        sync.view.with(|v| {
            v.activity_types
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let save = move |_| {
        let l = locale.get_untracked();
        let Ok(days) = delay.get_untracked().trim().parse::<u16>() else {
            return error.set(Some(l.rule_error(&crate::domain::RuleError::OutOfRange {
                field: l.t(Key::Delay).to_lowercase(),
                min: 0,
                max: i64::from(crate::domain::activity::MAX_DELAY),
            })));
        };
        let chosen = next.get_untracked();
        let chaining = match mode.get_untracked().as_str() {
            "suggest" => Chaining::Suggest { type_ids: chosen },
            "trigger" => match chosen.first() {
                Some(type_id) => Chaining::Trigger { type_id: *type_id },
                None => {
                    return error.set(Some(l.rule_error(&crate::domain::RuleError::Required(
                        l.t(Key::ActivityType).to_lowercase(),
                    ))));
                }
            },
            _ => Chaining::Nothing,
        };
        let saved = ActivityType {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            icon: icon.get_untracked(),
            delay: days,
            unit: unit.get_untracked(),
            from: from.get_untracked(),
            chaining,
            version: 0,
            deleted: false,
        };
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
            icon.set(String::new());
            next.set(Vec::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    let units = [
        (DelayUnit::Days, "days", Key::Days),
        (DelayUnit::Weeks, "weeks", Key::Weeks),
        (DelayUnit::Months, "months", Key::Months),
    ];
    let froms = [
        (DelayFrom::Completion, "completion", Key::AfterCompletion),
        (
            DelayFrom::PreviousDeadline,
            "deadline",
            Key::AfterPreviousDeadline,
        ),
    ];
    view! {
        <div class="settings-row" data-testid=if is_new { "new-activity-type" } else { "activity-type-row" }>
            <input
                name="type-icon"
                class="icon"
                placeholder=move || t(Key::Icon)
                aria-label=move || t(Key::Icon)
                prop:value=icon
                on:input=move |ev| icon.set(event_target_value(&ev))
            />
            <input
                name="type-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label class="inline">
                <span>{move || t(Key::Delay)}</span>
                <input
                    name="type-delay"
                    class="number"
                    type="number"
                    min="0"
                    prop:value=delay
                    on:input=move |ev| delay.set(event_target_value(&ev))
                />
            </label>
            <select
                name="type-unit"
                aria-label=move || t(Key::Delay)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((u, _, _)) = units.iter().find(|(_, v, _)| *v == value) {
                        unit.set(*u);
                    }
                }
            >
                {units
                    .into_iter()
                    .map(|(u, value, key)| view! { <option value=value selected=move || unit.get() == u>{move || t(key)}</option> })
                    .collect_view()}
            </select>
            <select
                name="type-from"
                aria-label=move || t(Key::Delay)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((f, _, _)) = froms.iter().find(|(_, v, _)| *v == value) {
                        from.set(*f);
                    }
                }
            >
                {froms
                    .into_iter()
                    .map(|(f, value, key)| view! { <option value=value selected=move || from.get() == f>{move || t(key)}</option> })
                    .collect_view()}
            </select>
            <label class="inline">
                <span>{move || t(Key::Chaining)}</span>
                <select name="type-chaining" on:change=move |ev| mode.set(event_target_value(&ev)) prop:value=mode>
                    <option value="nothing" selected=move || mode.get() == "nothing">{move || t(Key::ChainNothing)}</option>
                    <option value="suggest" selected=move || mode.get() == "suggest">{move || t(Key::ChainSuggest)}</option>
                    <option value="trigger" selected=move || mode.get() == "trigger">{move || t(Key::ChainTrigger)}</option>
                </select>
            </label>
            <Show when=move || mode.get() == "trigger">
                <select
                    name="type-trigger"
                    aria-label=move || t(Key::ActivityType)
                    on:change=move |ev| next.set(Uuid::parse_str(&event_target_value(&ev)).into_iter().collect())
                    prop:value=move || next.get().first().map(|x| x.to_string()).unwrap_or_default()
                >
                    <option value="">{move || t(Key::ActivityType)}</option>
                    {move || {
                        others()
                            .into_iter()
                            .map(|x| {
                                let id = x.id;
                                view! {
                                    <option value=id.to_string() selected=move || next.with(|n| n.first() == Some(&id))>
                                        {format!("{} {}", x.icon, x.name)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </Show>
            <Show when=move || mode.get() == "suggest">
                <fieldset class="members">
                    {move || {
                        others()
                            .into_iter()
                            .map(|x| {
                                let tid = x.id;
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || next.with(|n| n.contains(&tid))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                next.update(|n| {
                                                    n.retain(|y| *y != tid);
                                                    if on {
                                                        n.push(tid);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{x.name}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
            </Show>
            <button type="button" class="primary" data-testid="save-activity-type" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
