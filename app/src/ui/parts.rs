//! The pieces forms and lists are made of, one of each for every page: the refusal line, the
//! currency picker, the record picker and a long list's pager. A fix, a label or an accessibility attribute added here reaches
//! every form at once.

use leptos::prelude::*;
use uuid::Uuid;

use super::use_locale;
use crate::domain::Currency;
use crate::i18n::Key;

/// The line under a form saying why a change was refused; nothing while there is no refusal.
#[component]
pub fn ErrorLine(
    error: RwSignal<Option<String>>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert" data-testid=testid>{move || error.get()}</p>
        </Show>
    }
}

/// A currency, kept in `value`; with `on_pick`, the pick is handed there instead (a change that
/// is a mutation of its own, like the company's currency).
#[component]
pub fn CurrencySelect(
    value: RwSignal<Currency>,
    name: &'static str,
    #[prop(optional)] on_pick: Option<Callback<Currency>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <select
            name=name
            aria-label=move || locale.get().t(Key::Currency)
            on:change=move |ev| {
                if let Some(c) = Currency::parse(&event_target_value(&ev)) {
                    match on_pick {
                        Some(pick) => pick.run(c),
                        None => value.set(c),
                    }
                }
            }
            prop:value=move || value.get().code()
        >
            {Currency::ALL
                .into_iter()
                .map(|c| view! { <option value=c.code() selected=move || value.get() == c>{c.code()}</option> })
                .collect_view()}
        </select>
    }
}

/// An amount field: grouped in thousands as the person types, in their locale's marks and
/// digits, the caret kept after the digit it was after; what they paste in another form
/// ("150tr", "1.5 tỷ", "150,000,000" in Vietnamese) is shown read back as the amount it is.
/// What cannot be read without a guess is refused, with the reason, when the form is saved
/// (`Locale::read_amount`): said as the field is left, it would move the form's buttons under
/// the pointer that is clicking them.
#[component]
pub fn AmountInput(
    value: RwSignal<String>,
    #[prop(into)] currency: Signal<Currency>,
    name: &'static str,
    /// Its name for screen readers, also shown inside it while empty with `hint`.
    #[prop(optional)]
    label: Option<Key>,
    #[prop(optional)] hint: bool,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let typed = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let before = value.get_untracked();
        let l = locale.get_untracked();
        let Some(grouped) = l.grouped_as_typed(&before, &text) else {
            // Not regrouped: only the digits are the reader's, one for one, so the caret stays
            // where it was (after a mark just typed too).
            let typed = l.as_typed(&text);
            if typed != text {
                regroup(&ev, &text, &typed, &[]);
            }
            return value.set(typed);
        };
        if grouped != text {
            regroup(&ev, &text, &grouped, locale.get_untracked().group_marks());
        }
        value.set(grouped);
    };
    // What the text reads as, when that is not plain from the text itself.
    let read_back = move || {
        let l = locale.get();
        let text = value.get();
        if text.trim().is_empty()
            || l.grouped_as_typed("", text.trim()).as_deref() == Some(text.trim())
        {
            return None;
        }
        let money = l.read_amount(&text, currency.get()).ok()?;
        Some(l.t(Key::AmountReadAs).replace("{amount}", &l.money(money)))
    };
    view! {
        <span class="amount-field">
        <input
            name=name
            class=class
            data-testid=testid
            prop:disabled=disabled
            inputmode="decimal"
            autocomplete="off"
            aria-label=move || label.map(|k| locale.get().t(k))
            placeholder=move || label.filter(|_| hint).map(|k| locale.get().t(k))
            prop:value=value
            on:input=typed
        />
        {move || {
            read_back()
                .map(|text| view! { <small class="amount-read" data-testid="amount-read" role="status">{text}</small> })
        }}
        </span>
    }
}

/// Puts `grouped` in the input `ev` came from, the caret after as many digits and decimal
/// marks as it was after in `text` (`groups` are the marks that group thousands).
fn regroup(ev: &leptos::ev::Event, text: &str, grouped: &str, groups: &[char]) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let caret = input.selection_start().ok().flatten().unwrap_or(0) as usize;
        let kept = |c: &char| !groups.contains(c);
        // Input carets count UTF-16 units; every character here is one.
        let before = text.chars().take(caret).filter(kept).count();
        let mut at = 0;
        let mut seen = 0;
        for c in grouped.chars() {
            if seen == before {
                break;
            }
            at += 1;
            if kept(&c) {
                seen += 1;
            }
        }
        input.set_value(grouped);
        let _ = input.set_selection_range(at, at);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, text, grouped, groups);
}

/// One record, or none, out of `choices` (id and the name shown), kept in `value` as the id's
/// text (empty for none). `none` names the empty choice; with `dash` it reads "Company —", a
/// field's name standing for its empty value.
#[component]
pub fn RecordSelect<F>(
    value: RwSignal<String>,
    choices: F,
    none: Key,
    /// Says what is chosen to assistive technology (and names the empty choice with `dash`).
    label: Key,
    #[prop(optional)] name: Option<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] dash: bool,
) -> impl IntoView
where
    F: Fn() -> Vec<(Uuid, String)> + Send + Sync + 'static,
{
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    view! {
        <select
            name=name
            aria-label=move || t(label)
            data-testid=testid
            on:change=move |ev| value.set(event_target_value(&ev))
            prop:value=value
        >
            <option value="">{move || if dash { format!("{} —", t(none)) } else { t(none).to_string() }}</option>
            {move || {
                choices()
                    .into_iter()
                    .map(|(id, shown)| {
                        let id = id.to_string();
                        let chosen = id.clone();
                        view! { <option value=id selected=move || value.get() == chosen>{shown}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// Rows a long list shows at once: its pages hold this many (the rest is a click away, and
/// the page never draws a hundred thousand rows).
pub const PAGE: usize = 100;

/// The `<option>`s of a select over `choices` (each a code and its label), the one coded
/// `chosen` selected.
pub fn code_options(choices: Vec<(String, String)>, chosen: &str) -> impl IntoView + use<> {
    choices
        .into_iter()
        .map(|(code, label)| {
            let selected = code == chosen;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view()
}

/// The page `page` of a list of `count` rows shows (the last when it shrank under it).
pub fn page_of(page: usize, count: usize) -> usize {
    page.min(count.div_ceil(PAGE).max(1) - 1)
}

/// The rows of `rows` on page `page` (the last when the list shrank under it).
pub fn on_page<T>(rows: &[T], page: usize) -> &[T] {
    let start = page_of(page, rows.len()) * PAGE;
    &rows[start.min(rows.len())..(start + PAGE).min(rows.len())]
}

/// Previous and next page of a long list, and where it stands ("2 / 7"); nothing when it fits
/// on one page.
#[component]
pub fn Pager(page: RwSignal<usize>, #[prop(into)] count: Signal<usize>) -> impl IntoView {
    let locale = super::use_locale();
    let pages = move || count.get().div_ceil(PAGE).max(1);
    view! {
        <Show when=move || { pages() > 1 }>
            <div class="pager" data-testid="pager">
                <button type="button" aria-label="‹" on:click=move |_| page.update(|p| *p = page_of(*p, count.get_untracked()).saturating_sub(1))>"‹"</button>
                <span>{move || {
                    let l = locale.get();
                    format!("{} / {}", l.count((page_of(page.get(), count.get()) + 1) as i64), l.count(pages() as i64))
                }}</span>
                <button type="button" aria-label="›" data-testid="next-page" on:click=move |_| page.update(|p| *p = (page_of(*p, count.get_untracked()) + 1).min(pages() - 1))>"›"</button>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_shown_a_page_at_a_time_and_never_past_its_end() {
        let rows: Vec<usize> = (0..250).collect();
        assert_eq!(on_page(&rows, 0), &rows[..100]);
        assert_eq!(on_page(&rows, 2), &rows[200..]);
        assert_eq!(
            on_page(&rows, 9),
            &rows[200..],
            "a page past the end: the last"
        );
        assert!(on_page::<usize>(&[], 3).is_empty());
        assert_eq!(page_of(5, 100), 0, "a hundred rows are one page");
    }
}

/// A form adding a record: on a phone it waits closed behind its button (the page is for its
/// list), and stays open once opened, for the next one; on a desktop it is always open.
#[component]
pub fn NewRecordBox(label: Key, testid: &'static str, children: Children) -> impl IntoView {
    let locale = super::use_locale();
    let open = RwSignal::new(false);
    view! {
        <div class="new-record-box" class:open=open>
            <button
                type="button"
                class="new-record-open"
                data-testid=testid
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">{move || if open.get() { "×" } else { "+" }}</span>
                {move || locale.get().t(label)}
            </button>
            {children()}
        </div>
    }
}

/// A page's file actions (export, import, duplicates): in its header on a desktop; on a phone
/// behind one "⋯" button, where they would push the list below the fold.
#[component]
pub fn PageTools(children: Children) -> impl IntoView {
    let locale = super::use_locale();
    let open = RwSignal::new(false);
    close_on_escape(open);
    view! {
        <div class="page-tools" class:open=open>
            <button
                type="button"
                class="page-tools-open"
                data-testid="page-tools"
                aria-expanded=move || open.get().to_string()
                aria-label=move || locale.get().t(Key::More)
                title=move || locale.get().t(Key::More)
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "⋯"
            </button>
            <div class="page-tools-items">{children()}</div>
        </div>
    }
}

/// A failed request to the server as a person reads it: no connection, the server out of
/// reach, an answer that cannot be read, or the server's own words (which never carry the
/// database's: see `sync::api::to_server_error`).
pub fn server_failure(locale: crate::i18n::Locale, e: &ServerFnError) -> String {
    match e {
        ServerFnError::ServerError(why) | ServerFnError::MiddlewareError(why) => why.clone(),
        ServerFnError::Request(_) if !online() => locale.t(Key::NeedsConnection).to_string(),
        ServerFnError::Request(_) => locale.t(Key::ServerUnreachable).to_string(),
        _ => locale.t(Key::ServerAnswerUnreadable).to_string(),
    }
}

/// Whether the browser says it has a connection.
pub fn online() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}

/// Amounts per currency as one amount in the organisation's currency, each converted at its
/// rate as the dashboard does; those with no rate follow as they are ("₫12,774,000,000 +
/// US$492,000.00" when dollars have no rate).
pub fn in_company_currency(
    l: crate::i18n::Locale,
    settings: &crate::domain::CurrencySettings,
    amounts: &[(crate::domain::Currency, i64)],
) -> String {
    let mut sum = 0i64;
    let mut unconverted = Vec::new();
    for (currency, minor) in amounts {
        match settings.convert(crate::domain::Money::new(*minor, *currency)) {
            Some(converted) => sum = sum.saturating_add(converted),
            None => unconverted.push(l.money(crate::domain::Money::new(*minor, *currency))),
        }
    }
    let all_unconverted = unconverted.len() == amounts.len();
    let converted =
        (!all_unconverted).then(|| l.money(crate::domain::Money::new(sum, settings.currency)));
    converted
        .into_iter()
        .chain(unconverted)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Escape closes what `open` shows (a picker, a question) and only it: heard before the
/// page's own Escape (in the capture phase), which then sees it handled and leaves the page be.
pub fn close_on_escape(open: RwSignal<bool>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::prelude::Closure;
        let heard =
            Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && open.try_get_untracked() == Some(true) {
                    ev.prevent_default();
                    open.set(false);
                }
            });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        let window = leptos::prelude::window();
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "keydown",
            heard.as_ref().unchecked_ref(),
            &options,
        );
        let heard = StoredValue::new_local(heard);
        on_cleanup(move || {
            heard.try_with_value(|heard| {
                let _ = leptos::prelude::window().remove_event_listener_with_callback_and_bool(
                    "keydown",
                    heard.as_ref().unchecked_ref(),
                    true,
                );
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = open;
}

/// A name set inside a sentence, isolated from it (Unicode's first-strong isolate): a Latin
/// deal title in a Persian sentence keeps its own direction, and the quotes and words around it
/// stay in place.
pub fn isolated(name: &str) -> String {
    format!("\u{2068}{name}\u{2069}")
}

/// Totals in the organisation's currency.
#[cfg(test)]
mod total_tests {
    use super::*;
    use crate::domain::rates::{Rate, parse_rate};
    use crate::domain::{Currency, CurrencySettings};
    use crate::i18n::Locale;

    /// A column's total: what has a rate is converted and summed in the organisation's
    /// currency, what has none follows as it is, said apart; nothing is silently dropped.
    #[test]
    fn totals_are_converted_and_the_unconverted_said_apart() {
        let dong = CurrencySettings {
            rates: vec![Rate {
                currency: Currency::USD,
                scaled: parse_rate("25000", '.').unwrap(),
            }],
            ..CurrencySettings::default_for(uuid::Uuid::nil())
        };
        // ₫1,000,000 + $20.00 (₫500,000) + €5.00 (no rate).
        let amounts = [
            (Currency::VND, 1_000_000),
            (Currency::USD, 2000),
            (Currency::EUR, 500),
        ];
        assert_eq!(
            in_company_currency(Locale::En, &dong, &amounts),
            "₫1,500,000 + €5.00"
        );
        assert_eq!(
            in_company_currency(Locale::Vi, &dong, &amounts[..2]),
            "1.500.000\u{A0}₫"
        );
        // Only amounts with no rate: no converted part of nothing before them.
        assert_eq!(
            in_company_currency(Locale::En, &dong, &amounts[2..]),
            "€5.00"
        );
        // An empty column shows no total (the board leaves it out).
        assert_eq!(in_company_currency(Locale::En, &dong, &[]), "");
        assert_eq!(
            in_company_currency(Locale::Fa, &dong, &amounts),
            "\u{200E}₫۱٬۵۰۰٬۰۰۰ + \u{200E}€۵٫۰۰"
        );
    }
}
