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
    let pages = move || count.get().div_ceil(PAGE).max(1);
    view! {
        <Show when=move || { pages() > 1 }>
            <div class="pager" data-testid="pager">
                <button type="button" aria-label="‹" on:click=move |_| page.update(|p| *p = page_of(*p, count.get_untracked()).saturating_sub(1))>"‹"</button>
                <span>{move || format!("{} / {}", page_of(page.get(), count.get()) + 1, pages())}</span>
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
