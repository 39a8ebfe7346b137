//! The set-up reports read: campaigns and sources (and lost reasons, the same shape: a name),
//! monthly targets, and the organisation's currency with its exchange rates.

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::parts::{CurrencySelect, ErrorLine};
use super::settings::{deleter, run, run_save};
use super::use_locale;
use crate::domain::rates::{Rate, format_rate, parse_rate};
use crate::domain::report::first_of_month;
use crate::domain::{
    Campaign, Currency, CurrencySettings, LostReason, Mutation, Source, Store, Target,
};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

/// The set-up kinds that are only a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Campaign,
    Source,
    LostReason,
}

impl Named {
    fn items(self, s: &Store) -> Vec<(Uuid, String, i64)> {
        let live = |id, name: &String, version, deleted: bool| {
            (!deleted).then(|| (id, name.clone(), version))
        };
        match self {
            Named::Campaign => s
                .campaigns
                .iter()
                .filter_map(|x| live(x.id, &x.name, x.version, x.deleted))
                .collect(),
            Named::Source => s
                .sources
                .iter()
                .filter_map(|x| live(x.id, &x.name, x.version, x.deleted))
                .collect(),
            Named::LostReason => s
                .lost_reasons
                .iter()
                .filter_map(|x| live(x.id, &x.name, x.version, x.deleted))
                .collect(),
        }
    }

    /// A new one, whole.
    fn create(self, name: String) -> Mutation {
        let id = Uuid::now_v7();
        match self {
            Named::Campaign => Mutation::save(Campaign {
                id,
                name,
                version: 0,
                deleted: false,
            }),
            Named::Source => Mutation::save(Source {
                id,
                name,
                version: 0,
                deleted: false,
            }),
            Named::LostReason => Mutation::save(LostReason {
                id,
                name,
                version: 0,
                deleted: false,
            }),
        }
    }

    fn title(self) -> Key {
        match self {
            Named::Campaign => Key::Campaigns,
            Named::Source => Key::Sources,
            Named::LostReason => Key::LostReasons,
        }
    }

    /// Test ids of the section, a row and the new row; the name input's name.
    fn ids(self) -> [&'static str; 4] {
        match self {
            Named::Campaign => [
                "settings-campaigns",
                "campaign-row",
                "new-campaign",
                "campaign-name",
            ],
            Named::Source => [
                "settings-sources",
                "source-row",
                "new-source",
                "source-name",
            ],
            Named::LostReason => [
                "settings-lost-reasons",
                "lost-reason-row",
                "new-lost-reason",
                "reason-name",
            ],
        }
    }
}

#[component]
pub fn NamedSection(kind: Named) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let items = move || sync.view.with(|v| kind.items(v));
    view! {
        <section class="settings-section" data-testid=kind.ids()[0]>
            <h3>{move || locale.get().t(kind.title())}</h3>
            <For each=items key=|x| (x.0, x.2) let:item>
                <NamedRow kind item=Some(item)/>
            </For>
            <NamedRow kind item=None/>
        </section>
    }
}

#[component]
fn NamedRow(kind: Named, item: Option<(Uuid, String, i64)>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = item.is_none();
    let [_, row_id, new_id, input_name] = kind.ids();
    let (id, opened_name, version) = item.unwrap_or((Uuid::nil(), String::new(), 0));
    let name = RwSignal::new(opened_name.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let l = locale.get_untracked();
        let typed = name.get_untracked();
        if is_new {
            if run(sync, l, error, kind.create(typed)) {
                name.set(String::new());
            }
        } else if typed != opened_name {
            // Only the name: someone else's edit of another field stays.
            let mut fields = serde_json::Map::new();
            fields.insert("name".into(), serde_json::Value::String(typed));
            run(
                sync,
                l,
                error,
                Mutation::EditRecord {
                    id,
                    fields,
                    base_version: version,
                },
            );
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid=if is_new { new_id } else { row_id }>
            <input
                name=input_name
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <button type="button" class="primary" on:click=save>{move || t(if is_new { Key::Add } else { Key::Save })}</button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

/// Whom a target is for, as the scope select writes it: "" (the organisation), "team:<id>",
/// "user:<id>".
fn scope_value(team: Option<Uuid>, person: Option<Uuid>) -> String {
    match (team, person) {
        (_, Some(p)) => format!("user:{p}"),
        (Some(t), None) => format!("team:{t}"),
        (None, None) => String::new(),
    }
}

fn parse_scope(value: &str) -> (Option<Uuid>, Option<Uuid>) {
    let id = |s: &str| Uuid::parse_str(s).ok();
    match value.split_once(':') {
        Some(("team", t)) => (id(t), None),
        Some(("user", p)) => (None, id(p)),
        _ => (None, None),
    }
}

fn scope_name(s: &Store, team: Option<Uuid>, person: Option<Uuid>, everyone: &str) -> String {
    match (team, person) {
        (_, Some(p)) => s.user_name(p).unwrap_or_default().to_string(),
        (Some(t), None) => s.display_name(t).unwrap_or_default(),
        (None, None) => everyone.to_string(),
    }
}

#[component]
pub fn Targets() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let targets = move || {
        sync.view.with(|v| {
            let mut live: Vec<Target> = v.targets.iter().filter(|x| !x.deleted).cloned().collect();
            live.sort_by(|a, b| {
                b.month.cmp(&a.month).then_with(|| {
                    let name = |x: &Target| scope_name(v, x.team_id, x.salesperson_id, "");
                    name(a).cmp(&name(b))
                })
            });
            live
        })
    };
    view! {
        <section class="settings-section" data-testid="settings-targets">
            <h3>{move || t(Key::Targets)}</h3>
            <NewTarget/>
            <For each=targets key=|x| (x.id, x.version) let:target>
                <TargetRow target/>
            </For>
        </section>
    }
}

fn scope_options(s: &Store, everyone: &str) -> Vec<(String, String)> {
    let mut out = vec![(String::new(), everyone.to_string())];
    out.extend(
        s.teams
            .iter()
            .filter(|x| !x.deleted)
            .map(|x| (scope_value(Some(x.id), None), x.name.clone())),
    );
    out.extend(
        s.users
            .iter()
            .map(|u| (scope_value(None, Some(u.id)), u.name.clone())),
    );
    out
}

#[component]
fn NewTarget() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let month = RwSignal::new(first_of_month(super::today()).format("%Y-%m").to_string());
    let scope = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let currency = RwSignal::new(sync.view.with_untracked(|v| v.currency().currency));
    let error = RwSignal::new(None::<String>);
    let options = move || {
        let everyone = t(Key::Organisation);
        sync.view.with(|v| scope_options(v, everyone))
    };
    let add = move |_| {
        let l = locale.get_untracked();
        let Ok(first) =
            NaiveDate::parse_from_str(&format!("{}-01", month.get_untracked()), "%Y-%m-%d")
        else {
            return error.set(Some(l.t(Key::InvalidDate).to_string()));
        };
        let money = match l.read_amount(&amount.get_untracked(), currency.get_untracked()) {
            Ok(money) => money,
            Err(e) => return error.set(Some(l.amount_error(e, currency.get_untracked()))),
        };
        let (team_id, salesperson_id) = parse_scope(&scope.get_untracked());
        let target = Target {
            id: Uuid::now_v7(),
            month: first,
            team_id,
            salesperson_id,
            amount: money,
            version: 0,
            deleted: false,
        };
        if run(sync, l, error, Mutation::save(target)) {
            amount.set(String::new());
        }
    };
    view! {
        <div class="settings-row" data-testid="new-target">
            <crate::ui::date_input::MonthInput value=month name="target-month" label=Key::Month/>
            <select
                name="target-scope"
                aria-label=move || t(Key::Team)
                on:change=move |ev| scope.set(event_target_value(&ev))
                prop:value=scope
            >
                {move || {
                    options()
                        .into_iter()
                        .map(|(value, name)| {
                            let v = value.clone();
                            view! { <option value=value selected=move || scope.get() == v>{name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <crate::ui::parts::AmountInput value=amount currency=currency name="target-amount" class="amount" label=Key::Amount hint=true/>
            <CurrencySelect value=currency name="target-currency"/>
            <button type="button" class="primary" data-testid="add-target" on:click=add>{move || t(Key::Add)}</button>
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

#[component]
fn TargetRow(target: Target) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let id = target.id;
    let opened = StoredValue::new(target.clone());
    let calendar = expect_context::<crate::ui::CalendarChoice>();
    let month = target.month;
    let l = locale.get_untracked();
    let amount = RwSignal::new(l.amount_for_typing(target.amount));
    let currency = RwSignal::new(target.amount.currency);
    let error = RwSignal::new(None::<String>);
    let who = move || {
        let everyone = t(Key::Organisation);
        opened.with_value(|x| {
            sync.view
                .with(|v| scope_name(v, x.team_id, x.salesperson_id, everyone))
        })
    };
    let save = move |_| {
        let l = locale.get_untracked();
        let money = match l.read_amount(&amount.get_untracked(), currency.get_untracked()) {
            Ok(money) => money,
            Err(e) => return error.set(Some(l.amount_error(e, currency.get_untracked()))),
        };
        opened.with_value(|before| {
            let edited = Target {
                amount: money,
                ..before.clone()
            };
            run_save(sync, l, error, Some((before, id, before.version)), edited)
        });
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid="target-row">
            <span class="target-month">{move || locale.get().report_month(calendar.for_locale(locale.get()), month)}</span>
            <span class="target-who">{who}</span>
            <crate::ui::parts::AmountInput value=amount currency=currency name="target-amount" class="amount" label=Key::Amount/>
            <CurrencySelect value=currency name="target-currency"/>
            <button type="button" class="primary" on:click=save>{move || t(Key::Save)}</button>
            <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button>
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

/// The currency reports are in, and what one unit of each other currency is worth in it.
#[component]
pub fn CurrencyRates() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    // Redrawn when the settings change (another manager's save arrives).
    let current = Memo::new(move |_| sync.view.with(|v| v.currency_settings.first().cloned()));
    view! {
        <section class="settings-section" data-testid="settings-currency">
            <h3>{move || t(Key::CurrencyRates)}</h3>
            {move || view! { <CurrencyForm saved=current.get()/> }}
        </section>
    }
}

#[component]
fn CurrencyForm(saved: Option<CurrencySettings>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let opened = StoredValue::new(saved.clone());
    let start = saved.unwrap_or_else(|| CurrencySettings::default_for(Uuid::nil()));
    let currency = RwSignal::new(start.currency);
    let country = RwSignal::new(start.country.clone());
    let decimal = locale.get_untracked().decimal_separator();
    let rates: Vec<(Currency, RwSignal<String>)> = Currency::ALL
        .into_iter()
        .map(|c| {
            let typed = start
                .rates
                .iter()
                .find(|r| r.currency == c)
                .map(|r| format_rate(r.scaled, decimal))
                .unwrap_or_default();
            (c, RwSignal::new(typed))
        })
        .collect();
    let rates = StoredValue::new(rates);
    let error = RwSignal::new(None::<String>);
    // The rates as typed, read in `company`; the name of the first that cannot be read.
    let read = move |company: Currency| -> Result<CurrencySettings, String> {
        let l = locale.get_untracked();
        let mut typed = Vec::new();
        for (c, text) in rates.get_value() {
            let text = text.get_untracked();
            if c == company || text.trim().is_empty() {
                continue;
            }
            match parse_rate(&text, l.decimal_separator()) {
                Ok(scaled) => typed.push(Rate {
                    currency: c,
                    scaled,
                }),
                Err(e) => return Err(format!("{}: {}", c.code(), l.rule_error(&e))),
            }
        }
        Ok(CurrencySettings {
            currency: company,
            rates: typed,
            country: country.get_untracked(),
            ..CurrencySettings::default_for(Uuid::nil())
        })
    };
    // Another company currency: the typed rates are restated in it (they were worth so many of
    // the old one), or cleared when the new one had no rate to restate them from.
    let change_currency = move |next: Currency| {
        let l = locale.get_untracked();
        let restated = read(currency.get_untracked())
            .ok()
            .and_then(|s| s.rebased(next));
        for (c, text) in rates.get_value() {
            let rate = restated
                .as_ref()
                .and_then(|s| s.rates.iter().find(|r| r.currency == c))
                .map(|r| format_rate(r.scaled, l.decimal_separator()));
            text.set(rate.unwrap_or_default());
        }
        currency.set(next);
    };
    let save = move |_| {
        let l = locale.get_untracked();
        let typed = match read(currency.get_untracked()) {
            Ok(typed) => typed,
            Err(e) => return error.set(Some(e)),
        };
        opened.with_value(|before| {
            let id = match before {
                Some(b) => b.id,
                // One per organisation: its id is the organisation's.
                None => sync
                    .view
                    .with_untracked(|v| v.org_id)
                    .unwrap_or_else(Uuid::now_v7),
            };
            let edited = CurrencySettings {
                id,
                version: before.as_ref().map_or(0, |b| b.version),
                ..typed
            };
            run_save(
                sync,
                l,
                error,
                before.as_ref().map(|b| (b, id, b.version)),
                edited,
            )
        });
    };
    view! {
        <div class="settings-row">
            <label>
                {move || t(Key::CompanyCurrency)}" "
                <CurrencySelect value=currency name="company-currency" on_pick=Callback::new(change_currency)/>
            </label>
        </div>
        // Whose numbers a phone written without "+" is: how duplicates and imports compare them.
        <div class="settings-row">
            <label>
                {move || t(Key::PhoneCountry)}" "
                <select name="phone-country" prop:value=country on:change=move |ev| country.set(event_target_value(&ev))>
                    <option value="" selected=move || country.get().is_empty()>{move || t(Key::PhoneCountryFromCurrency)}</option>
                    {crate::domain::duplicates::CALLING_CODES
                        .iter()
                        .map(|(code, calling)| {
                            view! {
                                <option value=*code selected=move || country.get() == *code>
                                    {move || format!("{} (+{calling})", super::territories::country_label(locale.get(), code))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        {rates
            .get_value()
            .into_iter()
            .map(|(c, text)| {
                view! {
                    <div class="settings-row" data-testid="rate-row" hidden=move || currency.get() == c>
                        <label>
                            {move || locale.get().t(Key::RateOf).replace("{n}", c.code())}" "
                            <input
                                class="amount"
                                name=format!("rate-{}", c.code())
                                inputmode="decimal"
                                prop:value=text
                                on:input=move |ev| text.set(event_target_value(&ev))
                            />
                            " "{move || currency.get().code()}
                        </label>
                    </div>
                }
            })
            .collect_view()}
        <div class="settings-row">
            <button type="button" class="primary" data-testid="save-rates" on:click=save>{move || t(Key::Save)}</button>
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
