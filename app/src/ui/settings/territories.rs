//! Settings → Territories (the admin's): each a name and its places (whole countries, provinces
//! picked country by country, postcode beginnings); teams and members cover them in Settings →
//! Sales teams.

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run_save};
use crate::domain::territory::{self, COUNTRIES, Territory};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::territories::{country_label, province_label};
use crate::ui::use_locale;

#[component]
pub(super) fn Territories() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let all = Memo::new(move |_| {
        sync.view.with(|v| {
            let mut all: Vec<Territory> = territory::live(v).cloned().collect();
            all.sort_by(|a, b| a.name.cmp(&b.name));
            all
        })
    });
    view! {
        <section class="settings-section" data-testid="settings-territories">
            <h3>{move || locale.get().kind("territory", true)}</h3>
            <p class="hint">{move || t(Key::TerritoryHelp)}</p>
            <For each=move || all.get() key=super::row_key let:territory>
                <TerritoryRow territory=Some(territory)/>
            </For>
            <TerritoryRow territory=None/>
        </section>
    }
}

#[component]
fn TerritoryRow(territory: Option<Territory>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = territory.is_none();
    let opened = StoredValue::new(territory.clone());
    let base = territory.unwrap_or(Territory {
        id: Uuid::nil(),
        name: String::new(),
        countries: Vec::new(),
        provinces: Vec::new(),
        postcodes: Vec::new(),
        version: 0,
        deleted: false,
    });
    let id = base.id;
    let name = RwSignal::new(base.name.clone());
    let countries = RwSignal::new(base.countries.clone());
    let provinces = RwSignal::new(base.provinces.clone());
    let postcodes = RwSignal::new(base.postcodes.join(", "));
    // Whose provinces the picker shows: the first country of those named, else Vietnam.
    let showing = RwSignal::new(
        base.provinces
            .first()
            .and_then(|p| territory::country_of(p))
            .unwrap_or("VN")
            .to_string(),
    );
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let l = locale.get_untracked();
        let edited = Territory {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            countries: countries.get_untracked(),
            provinces: provinces.get_untracked(),
            postcodes: postcodes
                .get_untracked()
                .split([',', ';', '،', '、'])
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .collect(),
            version: 0,
            deleted: false,
        };
        let saved = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                edited,
            )
        });
        if saved && is_new {
            name.set(String::new());
            countries.set(Vec::new());
            provinces.set(Vec::new());
            postcodes.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    let toggle = move |list: RwSignal<Vec<String>>, code: String, on: bool| {
        list.update(|all| {
            all.retain(|c| *c != code);
            if on {
                all.push(code);
            }
        });
    };
    let field = move |f: &str| locale.get().field_label("territory", f);
    view! {
        <div class="settings-row territory-row" data-testid=if is_new { "new-territory" } else { "territory-row" }>
            <input
                name="territory-name"
                dir="auto"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <fieldset class="territory-countries">
                <legend>{move || field("countries")}</legend>
                {COUNTRIES
                    .iter()
                    .map(|(code, _)| {
                        let code = code.to_string();
                        let has = code.clone();
                        let set = code.clone();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    name="territory-country"
                                    value=code.clone()
                                    prop:checked=move || countries.with(|c| c.contains(&has))
                                    on:change=move |ev| toggle(countries, set.clone(), event_target_checked(&ev))
                                />
                                <span>{move || country_label(locale.get(), &code)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <fieldset class="territory-provinces">
                <legend>
                    {move || field("provinces")}
                    " "
                    <span class="muted" data-testid="provinces-chosen">{move || locale.get().count(provinces.with(Vec::len) as i64)}</span>
                </legend>
                <select name="province-country" prop:value=showing on:change=move |ev| showing.set(event_target_value(&ev))>
                    {COUNTRIES
                        .iter()
                        .map(|(code, _)| {
                            let chosen = code.to_string();
                            view! { <option value=*code selected=move || showing.get() == chosen>{move || country_label(locale.get(), code)}</option> }
                        })
                        .collect_view()}
                </select>
                <div class="province-choices">
                    {move || {
                        let l = locale.get();
                        territory::provinces_of(&showing.get())
                            .map(|(code, _, _)| {
                                let code = code.to_string();
                                let has = code.clone();
                                let set = code.clone();
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name="territory-province"
                                            value=code.clone()
                                            prop:checked=move || provinces.with(|p| p.contains(&has))
                                            on:change=move |ev| toggle(provinces, set.clone(), event_target_checked(&ev))
                                        />
                                        <span>{province_label(l, &code)}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </fieldset>
            <label class="territory-postcodes">
                <span>{move || field("postcodes")}</span>
                <input
                    name="territory-postcodes"
                    placeholder=move || t(Key::PostcodesHint)
                    prop:value=postcodes
                    on:input=move |ev| postcodes.set(event_target_value(&ev))
                />
            </label>
            <button type="button" class="primary" data-testid="save-territory" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
