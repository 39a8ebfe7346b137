//! Custom fields in the screens: the inputs of a record's custom fields in its form, and a value
//! as its reader sees it (on a card, in the timeline). The fields themselves are set up in
//! Settings (`settings/custom_fields.rs`); their rules are in `domain/custom_field.rs`.

use chrono::{NaiveDate, NaiveDateTime};
use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use super::use_locale;
use crate::domain::custom_field::{self, CustomField, CustomType};
use crate::domain::formula;
use crate::domain::{CustomValues, Money, Store};
use crate::export::Cell;
use crate::i18n::{Calendar, Key, Locale};
use crate::sync::handle::SyncHandle;

/// The heading of the group of records whose `field` holds `value`, as they are grouped
/// (`custom_field::group_key`): the value as the reader reads it, a day's month ("December
/// 2026", "آذر ۱۴۰۵"), "No" for a yes or no left empty, "—" for none.
pub fn group_heading(
    l: Locale,
    calendar: Calendar,
    field: &CustomField,
    value: Option<&Value>,
    store: &Store,
) -> String {
    let no = Value::Bool(false);
    let value = match value {
        Some(value) => value,
        None if field.ty.is_yes_no() => &no,
        None => return "—".into(),
    };
    match custom_field::day_of(field, value) {
        Some(day) => l.month_title(
            calendar,
            crate::domain::calendar::month_of(day, calendar == Calendar::Jalali),
        ),
        // Grouped with the empty ones.
        None if field.ty.holds_days() => "—".into(),
        None => match shown(l, calendar, field, value, store) {
            shown if shown.is_empty() => "—".into(),
            shown => shown,
        },
    }
}

/// A custom value as its reader sees it: an option's label, a number in their digits, a day in
/// their calendar, a person's or a record's name.
pub fn shown(
    l: Locale,
    calendar: Calendar,
    field: &CustomField,
    value: &Value,
    store: &Store,
) -> String {
    let text = value.as_str().unwrap_or_default();
    let named = |id: &str| {
        Uuid::parse_str(id)
            .ok()
            .and_then(|id| {
                store
                    .user_name(id)
                    .map(str::to_string)
                    .or_else(|| store.display_name(id))
            })
            .unwrap_or_else(|| "—".into())
    };
    let option = |id: &str| {
        field
            .option(id)
            .map_or_else(|| id.to_string(), |o| o.label.clone())
    };
    match &field.ty {
        CustomType::Text
        | CustomType::LongText
        | CustomType::Email
        | CustomType::Phone
        | CustomType::Url => text.to_string(),
        CustomType::Choice { .. } => option(text),
        CustomType::Choices { .. } => value
            .as_array()
            .map(|ids| {
                ids.iter()
                    .filter_map(Value::as_str)
                    .map(option)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        CustomType::Number { decimals } => value
            .as_f64()
            .map_or_else(|| value.to_string(), |n| l.decimal(n, *decimals)),
        CustomType::Percent => value
            .as_f64()
            .map_or_else(|| value.to_string(), |n| l.percent_decimal(n)),
        CustomType::Money => serde_json::from_value::<Money>(value.clone())
            .map(|m| l.money(m))
            .unwrap_or_default(),
        CustomType::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_or_else(|_| text.to_string(), |day| l.date(day, calendar)),
        CustomType::DateTime => NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").map_or_else(
            |_| text.to_string(),
            |at| {
                format!(
                    "{} {}",
                    l.date(at.date(), calendar),
                    l.digits(&at.format("%H:%M").to_string())
                )
            },
        ),
        CustomType::YesNo => l
            .t(if value == &Value::Bool(true) {
                Key::Yes
            } else {
                Key::No
            })
            .to_string(),
        CustomType::User | CustomType::Contact | CustomType::Company => named(text),
        CustomType::Formula { result, .. } => match result {
            formula::Type::Number => value.as_f64().map_or_else(String::new, |n| {
                // Whole numbers as such, others to two decimals.
                l.decimal(n, if n.fract() == 0.0 { 0 } else { 2 })
            }),
            formula::Type::Text => text.to_string(),
            formula::Type::YesNo => l
                .t(if value == &Value::Bool(true) {
                    Key::Yes
                } else {
                    Key::No
                })
                .to_string(),
            formula::Type::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_or_else(|_| text.to_string(), |day| l.date(day, calendar)),
        },
    }
}

/// A record's custom values with its kind's formulas computed, for showing: `record` is the
/// record the formulas read (its fields and links).
pub fn with_formulas<'v, T: serde::Serialize>(
    kind: &str,
    record: &T,
    values: &'v CustomValues,
    store: &Store,
    today: NaiveDate,
) -> std::borrow::Cow<'v, CustomValues> {
    formula::Formulas::of(store, kind).lay_over(
        values,
        || formula::fields_of(record),
        &formula::Context { store, today },
    )
}

/// Sets (or, with `None`, empties) one value of `values`.
fn put(values: RwSignal<CustomValues>, key: &str, value: Option<Value>) {
    values.update(|m| match value {
        Some(v) => {
            m.insert(key.to_string(), v);
        }
        None => {
            m.remove(key);
        }
    });
}

/// Empties `texts` when the value of `key` is emptied from outside (a new record's form,
/// cleared once saved): inputs that keep what is typed apart from the value follow it.
fn clear_when_emptied(values: RwSignal<CustomValues>, key: String, texts: Vec<RwSignal<String>>) {
    Effect::new(move |_| {
        let gone = values.with(|m| !m.contains_key(&key));
        if gone {
            for text in &texts {
                if !text.get_untracked().is_empty() {
                    text.set(String::new());
                }
            }
        }
    });
}

/// The text of a value that is one (empty for none).
fn text_of(values: RwSignal<CustomValues>, key: &str) -> String {
    values.with(|m| {
        m.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    })
}

/// The inputs of the live custom fields of `kind`, in their order, editing `values` (the form
/// sends what differs from what it opened with). Nothing when the kind has none.
///
/// `id`: the record edited (none for a new one), whose formulas show what they compute from it
/// and from what is typed here.
///
/// `only_required`: the fields a new record cannot be saved without (required, with no
/// default), for the forms that create one in a line or two (the board's quick create).
#[component]
pub fn CustomInputs(
    kind: &'static str,
    values: RwSignal<CustomValues>,
    #[prop(optional)] id: Option<Uuid>,
    #[prop(optional)] only_required: bool,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let fields = Memo::new(move |_| {
        sync.view.with(|v| {
            custom_field::of_kind(v, kind)
                .into_iter()
                .filter(|f| !only_required || (f.required && f.default.is_none()))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || fields.with(|f| !f.is_empty())>
            <fieldset class="custom-fields" data-testid=format!("custom-fields-{kind}")>
                <legend>{move || locale.get().t(Key::MoreFields)}</legend>
                <For
                    each=move || fields.get()
                    key=|f| (f.id, f.version)
                    children=move |f| view! { <CustomInput field=f values id/> }
                />
            </fieldset>
        </Show>
    }
}

/// One custom field's input, by its type.
#[component]
fn CustomInput(
    field: CustomField,
    values: RwSignal<CustomValues>,
    id: Option<Uuid>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let key = field.key.clone();
    let labelled = field.clone();
    let label = Signal::derive(move || locale.get().custom_label(&labelled));
    let required = field.required;
    let help = field.help.clone();
    let title = move || {
        let text = label.get();
        if required { format!("{text} *") } else { text }
    };
    let many = matches!(field.ty, CustomType::Choices { .. } | CustomType::YesNo);
    let input = match field.ty {
        CustomType::Formula { .. } => computed(field.clone(), values, id),
        _ => input_of(&field, values, locale, sync),
    };
    let hint = (!help.is_empty()).then(|| view! { <small class="hint">{help}</small> });
    if many {
        view! {
            <div class="custom-field" role="group" aria-label=move || label.get() data-field=key>
                <span>{title}</span>
                {input}
                {hint}
            </div>
        }
        .into_any()
    } else {
        view! {
            <label class="custom-field" data-field=key>
                <span>{title}</span>
                {input}
                {hint}
            </label>
        }
        .into_any()
    }
}

/// A formula's value, computed from the record as saved with what is typed in the form laid
/// over it (so `x_price * x_quantity` follows the typing); a formula that cannot compute says
/// why.
fn computed(field: CustomField, values: RwSignal<CustomValues>, id: Option<Uuid>) -> AnyView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let today = super::use_today();
    let choice = expect_context::<super::CalendarChoice>();
    let key = field.key.clone();
    let shown = move || {
        let l = locale.get();
        let calendar = choice.for_locale(l);
        sync.view.with(|v| {
            let formula = match formula::Formula::of_field(&field, v) {
                Ok(f) => f,
                Err(e) => return Err(l.rule_error(&e)),
            };
            let mut fields = id
                .and_then(|id| v.get(id))
                .map(|r| formula::fields_of(&r))
                .unwrap_or_default();
            fields.retain(|k, _| !custom_field::is_custom(k));
            values.with(|m| fields.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))));
            let cx = formula::Context {
                store: v,
                today: today.get(),
            };
            Ok(formula
                .evaluate(&fields, &cx)
                .map(|value| shown(l, calendar, &field, &value.to_json(), v))
                .unwrap_or_else(|| "—".into()))
        })
    };
    view! {
        <output name=key class="computed" data-testid="formula-value" dir="auto">
            {move || match shown() {
                Ok(text) => view! { <span>{text}</span> }.into_any(),
                Err(why) => view! { <span class="form-error" role="alert">{why}</span> }.into_any(),
            }}
        </output>
    }
    .into_any()
}

/// The input itself (also a field's default's, in the settings).
pub(super) fn input_of(
    field: &CustomField,
    values: RwSignal<CustomValues>,
    locale: RwSignal<Locale>,
    sync: SyncHandle,
) -> AnyView {
    let key = field.key.clone();
    let k2 = key.clone();
    let (p1, p2) = (key.clone(), key.clone());
    let plain = move |kind: &'static str| {
        let (k1, shown) = (p1.clone(), p2.clone());
        view! {
            <input
                name=k1.clone()
                type=kind
                autocomplete="off"
                prop:value=move || text_of(values, &shown)
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    put(values, &k1, (!text.is_empty()).then_some(Value::String(text)));
                }
            />
        }
        .into_any()
    };
    match field.ty.clone() {
        CustomType::Text => plain("text"),
        CustomType::Email => plain("email"),
        CustomType::Phone => plain("tel"),
        CustomType::Url => plain("url"),
        CustomType::LongText => view! {
            <textarea
                name=key.clone()
                rows="3"
                prop:value=move || text_of(values, &k2)
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    put(values, &key, (!text.is_empty()).then_some(Value::String(text)));
                }
            ></textarea>
        }
        .into_any(),
        CustomType::Choice { options } => {
            let shown = key.clone();
            view! {
            <select
                name=key.clone()
                // Follows the values when they change under it (a form emptied after a save).
                prop:value=move || text_of(values, &shown)
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    put(values, &key, (!id.is_empty()).then_some(Value::String(id)));
                }
            >
                <option value="">"—"</option>
                {options
                    .into_iter()
                    .map(|o| {
                        let k = k2.clone();
                        let id = o.id.clone();
                        view! {
                            <option value=o.id selected=move || text_of(values, &k) == id>{o.label}</option>
                        }
                    })
                    .collect_view()}
            </select>
            }
            .into_any()
        }
        CustomType::Choices { options } => {
            let chosen = move |k: &str, id: &str| {
                values.with(|m| {
                    m.get(k)
                        .and_then(Value::as_array)
                        .is_some_and(|ids| ids.iter().any(|v| v.as_str() == Some(id)))
                })
            };
            view! {
                <span class="custom-choices">
                    {options
                        .into_iter()
                        .map(|o| {
                            let (k, kk, k3) = (key.clone(), key.clone(), key.clone());
                            let (id, id2, id3) = (o.id.clone(), o.id.clone(), o.id.clone());
                            view! {
                                <label class=format!("tag-chip tag-c{}", o.colour) class:on=move || chosen(&k, &id)>
                                    <input
                                        type="checkbox"
                                        name=format!("{kk}-{id2}")
                                        prop:checked=move || chosen(&k3, &id3)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut ids: Vec<Value> = values.with_untracked(|m| {
                                                m.get(&kk).and_then(Value::as_array).cloned().unwrap_or_default()
                                            });
                                            ids.retain(|v| v.as_str() != Some(id2.as_str()));
                                            if on {
                                                ids.push(Value::String(id2.clone()));
                                            }
                                            put(values, &kk, (!ids.is_empty()).then_some(Value::Array(ids)));
                                        }
                                    />
                                    {o.label}
                                </label>
                            }
                        })
                        .collect_view()}
                </span>
            }
            .into_any()
        }
        CustomType::Number { decimals } => number_input(key, decimals, values, locale),
        CustomType::Percent => number_input(key, 2, values, locale),
        CustomType::Money => {
            let held: Option<Money> = values.with_untracked(|m| {
                m.get(&key)
                    .and_then(|v| serde_json::from_value(v.clone()).ok())
            });
            let org = sync.view.with_untracked(|v| v.currency().currency);
            let currency = RwSignal::new(held.map_or(org, |m| m.currency));
            let l = locale.get_untracked();
            let amount = RwSignal::new(held.map(|m| l.amount_for_typing(m)).unwrap_or_default());
            let k = key.clone();
            Effect::new(move |_| {
                let text = amount.get();
                let currency = currency.get();
                let value = if text.trim().is_empty() {
                    None
                } else {
                    Some(match locale.get_untracked().read_amount(&text, currency) {
                        Ok(m) => serde_json::to_value(m).unwrap_or(Value::Null),
                        // Refused by the rules, with what was typed, when the form is saved.
                        Err(_) => Value::String(text),
                    })
                };
                if values.with_untracked(|m| m.get(&k) != value.as_ref()) {
                    put(values, &k, value);
                }
            });
            clear_when_emptied(values, key.clone(), vec![amount]);
            let name: &'static str = "custom-amount";
            view! {
                <span class="custom-money">
                    <super::parts::AmountInput value=amount currency=currency name=name/>
                    <super::parts::CurrencySelect value=currency name="custom-currency"/>
                </span>
            }
            .into_any()
        }
        CustomType::Date | CustomType::DateTime => {
            let with_time = field.ty == CustomType::DateTime;
            let held = text_of(values, &key);
            let (day_text, time_text) = match held.split_once('T') {
                Some((d, t)) => (d.to_string(), t.to_string()),
                None => (held, String::new()),
            };
            let day = RwSignal::new(day_text);
            let time = RwSignal::new(time_text);
            let k = key.clone();
            Effect::new(move |_| {
                let (d, t) = (day.get(), time.get());
                let value = match (d.trim().is_empty(), with_time) {
                    (true, _) => None,
                    (false, false) => Some(Value::String(d)),
                    (false, true) => Some(Value::String(format!(
                        "{d}T{}",
                        if t.is_empty() { "00:00" } else { t.as_str() }
                    ))),
                };
                if values.with_untracked(|m| m.get(&k) != value.as_ref()) {
                    put(values, &k, value);
                }
            });
            clear_when_emptied(values, key.clone(), vec![day, time]);
            let labelled = field.clone();
            let label = Signal::derive(move || locale.get().custom_label(&labelled));
            view! {
                <span class="custom-date">
                    <super::date_input::DateInput value=day name=key.clone() label=Key::DueDate label_text=label/>
                    {with_time.then(|| view! {
                        <input
                            type="time"
                            name=format!("{key}-time")
                            prop:value=time
                            on:input=move |ev| time.set(event_target_value(&ev))
                        />
                    })}
                </span>
            }
            .into_any()
        }
        CustomType::Formula { .. } => ().into_any(),
        CustomType::YesNo => view! {
            <input
                type="checkbox"
                name=key.clone()
                prop:checked=move || values.with(|m| m.get(&k2) == Some(&Value::Bool(true)))
                on:change=move |ev| {
                    put(values, &key, event_target_checked(&ev).then_some(Value::Bool(true)))
                }
            />
        }
        .into_any(),
        ty @ (CustomType::User | CustomType::Contact | CustomType::Company) => {
            let choices = move || {
                sync.view.with(|v| {
                    let mut all: Vec<(Uuid, String)> = match ty {
                        CustomType::User => {
                            v.users.iter().map(|u| (u.id, u.name.clone())).collect()
                        }
                        CustomType::Contact => v
                            .contacts
                            .values()
                            .filter(|c| !c.deleted && c.merged_into.is_none())
                            .map(|c| (c.id, c.name.clone()))
                            .collect(),
                        _ => v
                            .companies
                            .values()
                            .filter(|c| !c.deleted && c.merged_into.is_none())
                            .map(|c| (c.id, c.name.clone()))
                            .collect(),
                    };
                    all.sort_by(|a, b| a.1.cmp(&b.1));
                    all
                })
            };
            view! {
                <select
                    name=key.clone()
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        put(values, &key, (!id.is_empty()).then_some(Value::String(id)));
                    }
                >
                    <option value="">"—"</option>
                    {move || {
                        choices()
                            .into_iter()
                            .map(|(id, name)| {
                                let k = k2.clone();
                                let id = id.to_string();
                                let chosen = id.clone();
                                view! { <option value=id selected=move || text_of(values, &k) == chosen>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            }
            .into_any()
        }
    }
}

/// A number (or a percentage): typed in the reader's digits and marks, kept as a number once it
/// reads as one; text that does not is kept as typed, for the rules to refuse by name on save.
fn number_input(
    key: String,
    decimals: u8,
    values: RwSignal<CustomValues>,
    locale: RwSignal<Locale>,
) -> AnyView {
    let l = locale.get_untracked();
    let held = values.with_untracked(|m| m.get(&key).and_then(Value::as_f64));
    let draft = RwSignal::new(held.map(|n| l.decimal(n, decimals)).unwrap_or_default());
    clear_when_emptied(values, key.clone(), vec![draft]);
    view! {
        <input
            name=key.clone()
            inputmode="decimal"
            autocomplete="off"
            prop:value=draft
            on:input=move |ev| {
                let text = event_target_value(&ev);
                draft.set(text.clone());
                let l = locale.get_untracked();
                let value = if text.trim().is_empty() {
                    None
                } else {
                    Some(
                        crate::domain::reading::read_number_marked(&text, l.decimal_separator())
                            .map(custom_field::number_value)
                            .unwrap_or(Value::String(text)),
                    )
                };
                put(values, &key, value);
            }
        />
    }
    .into_any()
}

/// The values that differ between `opened` and `typed`, by key (null: emptied): what a form
/// sends.
pub fn changed(opened: &CustomValues, typed: &CustomValues) -> serde_json::Map<String, Value> {
    let mut keys: Vec<&String> = opened.keys().chain(typed.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| opened.get(*k) != typed.get(*k))
        .map(|k| (k.clone(), typed.get(k).cloned().unwrap_or(Value::Null)))
        .collect()
}

/// The most lines of custom values a card shows.
pub const MAX_CARD_LINES: usize = 2;

/// The deals' custom fields the board's cards show: those its view chose (`cards` in the
/// address: `chosen`), or else those marked "on the card"; at most `MAX_CARD_LINES`.
pub fn card_fields<'a>(
    store: &'a Store,
    chosen: Option<&std::collections::HashSet<String>>,
) -> Vec<&'a CustomField> {
    custom_field::of_kind(store, "opportunity")
        .into_iter()
        .filter(|f| chosen.map_or(f.on_card, |keys| keys.contains(&f.key)))
        .take(MAX_CARD_LINES)
        .collect()
}

/// How many lines of custom values the board's cards show: one per field they show
/// (`card_fields`), whether a card has a value there or not (every card is as tall, for the
/// board to draw only the ones in view).
pub fn card_lines(store: &Store, chosen: Option<&std::collections::HashSet<String>>) -> usize {
    card_fields(store, chosen).len()
}

/// The values a deal's card shows (`card_fields`), as the reader reads them, each with its
/// colour (a dropdown's option's).
pub fn on_card(
    l: Locale,
    calendar: Calendar,
    store: &Store,
    values: &CustomValues,
    chosen: Option<&std::collections::HashSet<String>>,
) -> Vec<(String, String, Option<u8>)> {
    card_fields(store, chosen)
        .into_iter()
        .filter_map(|f| {
            let value = values.get(&f.key)?;
            Some((
                l.custom_label(f),
                shown(l, calendar, f, value, store),
                colour_of(f, value),
            ))
        })
        .collect()
}

/// The colour a value is shown in: a dropdown's chosen option's (an index into the tags'
/// palette, `tag-c…`).
pub fn colour_of(field: &CustomField, value: &Value) -> Option<u8> {
    match &field.ty {
        CustomType::Choice { options } => {
            let id = value.as_str()?;
            options.iter().find(|o| o.id == id).map(|o| o.colour)
        }
        _ => None,
    }
}

/// A value as a list's cell or a card's line shows it: in its option's colour, if it has one.
pub fn coloured(shown: String, colour: Option<u8>) -> AnyView {
    match colour {
        Some(c) => view! { <span class=format!("tag-chip on choice-chip tag-c{c}")>{shown}</span> }
            .into_any(),
        None => shown.into_any(),
    }
}

/// A custom value as an exported cell: numbers, amounts and days as such (plain values are
/// real numbers and dates in Excel), the rest as the reader reads it.
pub fn cell(
    formats: super::export::Formats,
    (l, calendar): (Locale, Calendar),
    field: &CustomField,
    value: Option<&serde_json::Value>,
    store: &Store,
) -> Cell {
    let Some(value) = value else {
        return Cell::Empty;
    };
    let shown = shown(l, calendar, field, value, store);
    match &field.ty {
        CustomType::Number { .. }
        | CustomType::Percent
        | CustomType::Formula {
            result: formula::Type::Number,
            ..
        } => match value.as_f64() {
            Some(n) => Cell::Number { value: n, shown },
            None => Cell::text(shown),
        },
        CustomType::Money => serde_json::from_value::<Money>(value.clone())
            .map_or_else(|_| Cell::text(shown.clone()), |m| formats.money(m)),
        CustomType::Date
        | CustomType::Formula {
            result: formula::Type::Date,
            ..
        } => value
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| Cell::text(shown.clone()), |day| formats.date(Some(day))),
        _ => Cell::text(shown),
    }
}
