//! Where a lead or deal is (`domain::territory`): the country, province and postcode inputs of
//! its forms, and the names of countries and provinces in the reader's language; and the
//! language it is spoken to in (`domain::language`), chosen and named the same way.

use leptos::prelude::*;

use super::use_locale;
use crate::domain::territory::{self, COUNTRIES};
use crate::i18n::{Key, Locale};

fn index(l: Locale) -> usize {
    match l {
        Locale::En => 0,
        Locale::Vi => 1,
        Locale::Zh => 2,
        Locale::Th => 3,
        Locale::Fa => 4,
    }
}

/// A country by its code: its name in the reader's language when Rapport knows it, else the
/// code.
pub fn country_label(l: Locale, code: &str) -> String {
    COUNTRIES
        .iter()
        .chain(crate::domain::territory::OTHER_COUNTRIES)
        .find(|c| c.0 == code)
        .map_or_else(|| code.to_string(), |c| c.1[index(l)].to_string())
}

/// A province by its code: as its own country writes it for a reader of that language, in
/// English with the country's own name for the others ("Chiang Mai · เชียงใหม่").
pub fn province_label(l: Locale, code: &str) -> String {
    let Some((_, own, english)) = territory::province(code) else {
        return code.to_string();
    };
    let native = matches!(
        (l, territory::country_of(code)),
        (Locale::Vi, Some("VN"))
            | (Locale::Zh, Some("CN"))
            | (Locale::Th, Some("TH"))
            | (Locale::Fa, Some("IR"))
    );
    if native || own == english {
        own.to_string()
    } else {
        format!("{english} · {own}")
    }
}

/// A language by its code, named in the reader's language (the code when it is none Rapport
/// knows).
pub fn language_label(l: Locale, code: &str) -> String {
    crate::domain::language::names(code)
        .map_or_else(|| code.to_string(), |n| n[index(l)].to_string())
}

/// The language a lead or deal is spoken to in: one of `domain::language::LANGUAGES`, or none.
#[component]
pub fn LanguageSelect(value: RwSignal<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label>
            <span>{move || locale.get().field_label("opportunity", "language")}</span>
            <select name="language" prop:value=value on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{move || locale.get().t(Key::NoneChoice)}</option>
                {move || {
                    let l = locale.get();
                    crate::domain::language::LANGUAGES
                        .iter()
                        .map(|(code, _)| {
                            let chosen = code.to_string();
                            view! { <option value=*code selected=move || value.get() == chosen>{language_label(l, code)}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The country, the province (of the countries Rapport ships provinces of) and the postcode of
/// a form; a country chosen again clears a province of another.
#[component]
pub fn PlaceInputs(
    country: RwSignal<String>,
    province: RwSignal<String>,
    postcode: RwSignal<String>,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let label = move |field: &str| locale.get().field_label("opportunity", field);
    let known = move || COUNTRIES.iter().any(|c| c.0 == country.get());
    view! {
        <div class="editor-row place">
            <label>
                <span>{move || label("country")}</span>
                <select
                    name="country"
                    prop:value=country
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if territory::country_of(&province.get_untracked()) != Some(chosen.as_str()) {
                            province.set(String::new());
                        }
                        country.set(chosen);
                    }
                >
                    <option value="">{move || t(Key::NoneChoice)}</option>
                    {move || {
                        let l = locale.get();
                        let mut codes: Vec<String> = COUNTRIES.iter().map(|c| c.0.to_string()).collect();
                        // A country typed elsewhere (an import, the API) stays choosable.
                        let now = country.get();
                        if !now.is_empty() && !codes.contains(&now) {
                            codes.push(now);
                        }
                        codes
                            .into_iter()
                            .map(|code| {
                                let chosen = code.clone();
                                view! { <option value=code.clone() selected=move || country.get() == chosen>{country_label(l, &code)}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <Show when=known>
                <label>
                    <span>{move || label("province")}</span>
                    <select name="province" prop:value=province on:change=move |ev| province.set(event_target_value(&ev))>
                        <option value="">{move || t(Key::NoneChoice)}</option>
                        {move || {
                            let l = locale.get();
                            territory::provinces_of(&country.get())
                                .map(|(code, _, _)| {
                                    let chosen = code.to_string();
                                    view! { <option value=*code selected=move || province.get() == chosen>{province_label(l, code)}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
            </Show>
            <label class="narrow">
                <span>{move || label("postcode")}</span>
                <input
                    name="postcode"
                    inputmode="text"
                    autocomplete="postal-code"
                    prop:value=postcode
                    on:input=move |ev| postcode.set(event_target_value(&ev))
                />
            </label>
        </div>
    }
}
