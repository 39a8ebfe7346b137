//! A day field in the reader's calendar: the day written as they write it ("۱۴۰۵/۰۹/۱۳",
//! "04/12/2569", "2026-12-04"), typed in any form `reading::read_date` reads, or picked on a
//! month of their calendar (Solar Hijri months in Persian, the Buddhist era in Thai), never the
//! browser's Gregorian picker. What it holds is the ISO day, or the text as typed when it is
//! not a day (the form then refuses it with its message).

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

use super::{CalendarChoice, today, use_locale};
use crate::domain::calendar::{add_months, days_of_month, month_of};
use crate::domain::reading::read_date;
use crate::i18n::{Calendar, Key};

#[component]
pub fn DateInput(
    /// The ISO day (`2026-12-04`), empty for none.
    value: RwSignal<String>,
    #[prop(into)] name: String,
    label: Key,
    /// Its name for assistive technology when no text of the app's says it (a custom field's
    /// label); `label` otherwise.
    #[prop(optional, into)]
    label_text: Option<Signal<String>>,
    #[prop(optional)] testid: &'static str,
    /// Says its label inside while empty, for a form whose fields have no label above them.
    #[prop(optional)]
    placeholder: bool,
) -> impl IntoView {
    let locale = use_locale();
    let choice = expect_context::<CalendarChoice>();
    let calendar = move || choice.for_locale(locale.get());
    let day_of = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    // What is being typed stays as typed until the field is left (rewriting it under the
    // cursor would garble it); then the day shows as the reader writes it.
    let draft = RwSignal::new(None::<String>);
    let shown = move || {
        if let Some(typing) = draft.get() {
            return typing;
        }
        let held = value.get();
        match day_of(&held) {
            Some(day) => locale.get().date(day, calendar()),
            None => held,
        }
    };
    let typed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        value.set(match read_date(&text) {
            Some(day) => day.to_string(),
            None => text.trim().to_string(),
        });
        draft.set(Some(text));
    };
    // Left with text that is no day (the 31st of a 30-day month): said at once, by the field.
    let invalid = move || {
        draft.get().is_none() && {
            let held = value.get();
            !held.is_empty() && day_of(&held).is_none()
        }
    };
    let open = RwSignal::new(false);
    super::parts::close_on_escape(open);
    // The month shown in the picker, in the reader's calendar.
    let month = RwSignal::new((0, 0));
    // Opened above the field when there is no room below it (a form's last field, over the
    // page's fixed footer).
    let up = RwSignal::new(false);
    let toggle = move |ev: leptos::ev::MouseEvent| {
        up.set(no_room_below(&ev));
        let jalali = calendar() == Calendar::Jalali;
        let around = day_of(&value.get_untracked()).unwrap_or_else(today);
        month.set(month_of(around, jalali));
        open.update(|o| *o = !*o);
    };
    let pick = move |day: NaiveDate| {
        draft.set(None);
        value.set(day.to_string());
        open.set(false);
    };
    // The month's days in weeks, blanks before the first.
    let weeks = move || {
        let l = locale.get();
        let jalali = calendar() == Calendar::Jalali;
        let (year, m) = month.get();
        let days = days_of_month(year, m, jalali);
        let first = l.first_weekday().num_days_from_monday();
        let lead = days
            .first()
            .map_or(0, |d| (d.weekday().num_days_from_monday() + 7 - first) % 7)
            as usize;
        let mut cells: Vec<Option<NaiveDate>> = vec![None; lead];
        cells.extend(days.into_iter().map(Some));
        cells
    };
    // From the day the reader's weeks start on.
    let weekday_names = move || locale.get().weekday_names();
    view! {
        <span class="date-input">
            <input
                name=name
                data-testid=testid
                autocomplete="off"
                aria-label=move || match label_text {
                    Some(text) => text.get(),
                    None => locale.get().t(label).to_string(),
                }
                placeholder=move || placeholder.then(|| locale.get().t(label))
                prop:value=shown
                on:input=typed
                on:blur=move |_| draft.set(None)
                aria-invalid=move || invalid().then_some("true")
            />
            <button
                type="button"
                class="date-pick"
                data-testid="date-pick"
                aria-label=move || locale.get().t(Key::PickADay)
                aria-expanded=move || open.get().to_string()
                on:click=toggle
            >
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
                    <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor"/>
                    <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor"/>
                </svg>
            </button>
            <Show when=move || open.get()>
                <div class="date-picker" class:up=move || up.get() role="dialog" data-testid="date-picker">
                    <div class="date-picker-head">
                        <button type="button" data-testid="month-before" aria-label=move || locale.get().t(Key::MonthBefore) on:click=move |_| month.update(|m| *m = add_months(*m, -1))>
                            "‹"
                        </button>
                        <strong data-testid="month-title">{move || locale.get().month_title(calendar(), month.get())}</strong>
                        <button type="button" data-testid="month-after" aria-label=move || locale.get().t(Key::MonthAfter) on:click=move |_| month.update(|m| *m = add_months(*m, 1))>
                            "›"
                        </button>
                    </div>
                    <div class="date-grid">
                        {move || weekday_names().into_iter().map(|n| view! { <span class="weekday">{n}</span> }).collect_view()}
                        {move || {
                            let l = locale.get();
                            let jalali = calendar() == Calendar::Jalali;
                            let held = day_of(&value.get());
                            weeks()
                                .into_iter()
                                .map(|cell| match cell {
                                    None => view! { <span></span> }.into_any(),
                                    Some(day) => {
                                        let number = if jalali {
                                            crate::domain::calendar::to_jalali(day).day
                                        } else {
                                            day.day()
                                        };
                                        view! {
                                            <button
                                                type="button"
                                                class="day"
                                                class:chosen=held == Some(day)
                                                class:today=day == today()
                                                data-testid="day"
                                                data-day=day.to_string()
                                                on:click=move |_| pick(day)
                                            >
                                                {l.digits(&number.to_string())}
                                            </button>
                                        }
                                            .into_any()
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
                </div>
            </Show>
            <Show when=invalid>
                <span class="error small date-invalid" role="alert" data-testid="date-invalid">{move || locale.get().t(Key::NoSuchDay)}</span>
            </Show>
        </span>
    }
}

/// A month of reports and targets (a Gregorian month), chosen from a list named in the
/// reader's language and era, never the browser's Gregorian month picker. A reader of the
/// Solar Hijri calendar sees each month's first and last day in theirs beside its name.
/// Holds `2026-12`.
#[component]
pub fn MonthInput(value: RwSignal<String>, name: &'static str, label: Key) -> impl IntoView {
    let locale = use_locale();
    let choice = expect_context::<CalendarChoice>();
    let first_of = |text: &str| NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok();
    // A year back to two years ahead, and the month held if it is outside those.
    let months = move || {
        let now = today();
        let mut months: Vec<NaiveDate> = (-12..=24)
            .map(|by| {
                let (y, m) = add_months((now.year(), now.month()), by);
                NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(now)
            })
            .collect();
        if let Some(held) = first_of(&value.get())
            && !months.contains(&held)
        {
            months.push(held);
            months.sort();
        }
        months
    };
    let label_of = move |first: NaiveDate| {
        let l = locale.get();
        let calendar = choice.for_locale(l);
        let name = l.report_month(calendar, first);
        if calendar != Calendar::Jalali {
            return name;
        }
        let (y, m) = add_months((first.year(), first.month()), 1);
        let last =
            NaiveDate::from_ymd_opt(y, m, 1).map_or(first, |next| next.pred_opt().unwrap_or(first));
        format!(
            "{name} ({} – {})",
            l.date(first, calendar),
            l.date(last, calendar)
        )
    };
    view! {
        <select
            name=name
            aria-label=move || locale.get().t(label)
            prop:value=move || value.get()
            on:change=move |ev| value.set(event_target_value(&ev))
        >
            {move || {
                months()
                    .into_iter()
                    .map(|first| {
                        let code = first.format("%Y-%m").to_string();
                        let chosen = code == value.get_untracked();
                        view! { <option value=code selected=chosen>{label_of(first)}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// Whether the picker would not fit under the button `ev` came from (about 380 px, footer
/// included) while it would above.
fn no_room_below(ev: &leptos::ev::MouseEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        const NEEDED: f64 = 380.0;
        let Some(button) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return false;
        };
        let rect = button.get_bounding_client_rect();
        let height = window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        height - rect.bottom() < NEEDED && rect.top() > NEEDED
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}
