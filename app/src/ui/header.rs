//! The top bar: the product, the sync status with the number of changes waiting, the language.

use leptos::prelude::*;

use super::routes::{Page, Shown};
use super::use_locale;
use crate::domain::{Money, Mutation, RuleError};
use crate::i18n::{Key, LOCALE_COOKIE, Locale};
use crate::sync::handle::{MutateError, Notice, Status, SyncHandle};
use crate::sync::view::Snapshot;

#[component]
pub fn Header() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let shown = expect_context::<Shown>();
    let team = expect_context::<super::CurrentTeam>();
    let t = move |key| locale.get().t(key);
    let status_text = move || {
        let l = locale.get();
        match (sync.status.get(), sync.pending.get()) {
            (Status::Offline, 0) => l.t(Key::Offline).to_string(),
            (Status::Offline, n) => format!("{} · {}", l.t(Key::Offline), l.t_n(Key::Waiting, n)),
            (Status::Retrying, 0) => l.t(Key::Retrying).to_string(),
            (Status::Retrying, n) => {
                format!("{} · {}", l.t(Key::Retrying), l.t_n(Key::Waiting, n))
            }
            (Status::Syncing, _) => l.t(Key::Syncing).to_string(),
            (Status::Online, 0) => l.t(Key::Online).to_string(),
            (Status::Online, n) => l.t_n(Key::Waiting, n),
        }
    };
    let status_class = move || match sync.status.get() {
        Status::Online => "sync-status online",
        Status::Offline => "sync-status offline",
        Status::Syncing => "sync-status syncing",
        Status::Retrying => "sync-status retrying",
    };
    // How many leads wait to be qualified (the board shows only opportunities).
    let open_leads = Memo::new(move |_| {
        sync.view.with(|v| {
            v.opportunities
                .values()
                .filter(|o| o.lead && !o.lost && !o.deleted)
                .count()
                .to_string()
        })
    });
    // On a phone the bar at the bottom holds four pages and "More" the rest.
    let more = RwSignal::new(false);
    let switch_to = move |(order, page): (usize, Page)| {
        let filtered = matches!(page, Page::Board | Page::List | Page::Dashboard);
        let base = page.path();
        // A team chosen goes along to the pages it filters, so their address names it.
        let path = move || match team.0.get() {
            Some(t) if filtered => format!("{base}?team={t}"),
            _ => base.clone(),
        };
        let test_id = format!("show-{}", page.name());
        let label = page.clone();
        let icon = tab_icon(&page);
        let lit = Memo::new(move |_| shown.page().tab() == page);
        view! {
            <a
                href=path
                data-testid=test_id
                class:on=lit
                style:order=order.to_string()
                aria-current=move || lit.get().then_some("page")
            >
                {icon}
                <span class="tab-label">{move || label.tab_label(locale.get())}</span>
            </a>
        }
    };
    let tab = move |(order, page): (usize, &Page)| {
        let link = switch_to((order, page.clone()));
        if *page == Page::Leads {
            view! { <span class="nav-count" data-testid="lead-count" data-count=open_leads>{link}</span> }.into_any()
        } else {
            link.into_any()
        }
    };
    let in_more = |page: &Page| PHONE_MORE.contains(page);
    let more_lit = Memo::new(move |_| PHONE_MORE.contains(&shown.page().tab()));
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && more.get_untracked() {
            // Only the menu closes, not the page under it.
            ev.prevent_default();
            more.set(false);
        }
    });
    on_cleanup(move || escape.remove());
    view! {
        <header class="topbar">
            <div class="brand">"Rapport"</div>
            <h1 class="page-title">{move || t(Key::Pipeline)}</h1>
            <nav class="view-switch" class:open=more aria-label=move || t(Key::Pipeline)>
                {super::routes::TABS.iter().enumerate().filter(|(_, p)| !in_more(p)).map(tab).collect_view()}
                <div class="more-tabs" data-testid="more-tabs" on:click=move |_| more.set(false)>
                    {super::routes::TABS.iter().enumerate().filter(|(_, p)| in_more(p)).map(tab).collect_view()}
                </div>
                <button
                    type="button"
                    class="more"
                    data-testid="nav-more"
                    class:on=more_lit
                    aria-expanded=move || more.get().to_string()
                    on:click=move |_| more.update(|m| *m = !*m)
                >
                    {tab_icon_more()}
                    <span class="tab-label">{move || t(Key::More)}</span>
                </button>
            </nav>
            <Show when=move || more.get()>
                <div class="scrim" on:click=move |_| more.set(false)></div>
            </Show>
            <TeamSwitcher/>
            <div class="topbar-tools">
                <super::lost::LostButton/>
                <span class=status_class data-testid="sync-status" role="status">
                    <span class="status-text">{status_text}</span>
                </span>
                <super::account::UserMenu/>
            </div>
            <Show when=move || sync.view.with(|v| v.role == Some(crate::domain::access::Role::ReadOnly))>
                <p class="read-only-notice" data-testid="read-only">{move || t(Key::ReadOnlyNotice)}</p>
            </Show>
        </header>
    }
}

/// The pages a phone reaches through "More" (its bar at the bottom holds the others).
const PHONE_MORE: &[Page] = &[Page::List, Page::Dashboard, Page::Settings(None)];

/// A tab's picture, shown on a phone's bar (line drawings on a 24 px grid).
fn tab_icon(page: &Page) -> impl IntoView + use<> {
    let path = match page {
        Page::Board => "M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v13h-4z",
        Page::List => "M4 6h16M4 12h16M4 18h16",
        Page::Leads => "M3 5h18l-7 8v6l-4 2v-8z",
        Page::Activities => "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4",
        Page::Contacts => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 4-6 8-6s8 2 8 6",
        Page::Dashboard => "M5 20V11M12 20V4M19 20v-7",
        _ => "M4 7h10M18 7h2M4 17h4M12 17h8M16 5v4M10 15v4",
    };
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d=path/>
        </svg>
    }
}

/// The "More" tab's picture: three dots.
fn tab_icon_more() -> impl IntoView {
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" aria-hidden="true">
            <path d="M5 12h.01M12 12h.01M19 12h.01" stroke-width="3.5"/>
        </svg>
    }
}

/// The language picker (in the account menu); `chosen` runs after a choice.
#[component]
pub fn LanguagePicker(#[prop(into)] chosen: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let choose = move |tag: String| {
        let Some(picked) = Locale::from_tag(&tag) else {
            return;
        };
        locale.set(picked);
        remember_locale(picked);
        chosen.run(());
    };
    view! {
        <label class="language">
            <span>{move || locale.get().t(Key::Language)}</span>
            <select
                data-testid="language"
                on:change=move |ev| choose(event_target_value(&ev))
                prop:value=move || locale.get().tag()
            >
                {Locale::ALL
                    .into_iter()
                    .map(|l| view! { <option value=l.tag()>{l.name()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Saves the choice where the server can read it, and marks the page's language.
fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let doc = document();
        if let Some(html) = doc.document_element() {
            let _ = html.set_attribute("lang", locale.tag());
            let _ = html.set_attribute("dir", locale.dir());
        }
        if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
            let cookie = format!(
                "{LOCALE_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                locale.tag()
            );
            let _ = html_doc.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (locale, LOCALE_COOKIE);
}

/// Changes the server refused, values replaced by others, and problems, until dismissed.
#[component]
pub fn Notices() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    view! {
        <div class="notices" aria-live="polite">
            {move || {
                let l = locale.get();
                sync.notices.get().into_iter().enumerate().map(|(i, notice)| notice_view(sync, l, i, notice)).collect_view()
            }}
        </div>
    }
}

/// What a notice's Restore button does.
type RestoreAction = Box<dyn Fn() -> Result<(), MutateError> + Send + Sync>;

/// Who made a change a notice is about, as it can name them.
enum Author {
    /// The person reading (in another window or device).
    Me,
    /// A colleague this browser knows, by name.
    Named(String),
    Unknown,
}

fn author(v: &Snapshot, by: Option<uuid::Uuid>) -> Author {
    match by {
        Some(by) if Some(by) == v.user_id => Author::Me,
        Some(by) => v
            .users
            .iter()
            .find(|u| u.id == by)
            .map_or(Author::Unknown, |u| Author::Named(u.name.clone())),
        None => Author::Unknown,
    }
}

fn notice_view(sync: SyncHandle, l: Locale, index: usize, notice: Notice) -> AnyView {
    let quoted = |what: &str| {
        if what.is_empty() {
            String::new()
        } else {
            format!(" «{what}»")
        }
    };
    let (text, restore): (String, Option<RestoreAction>) = match notice {
        Notice::Refused {
            what,
            reason: RuleError::Deleted(id),
            mutation,
            by,
            ..
        } => {
            // The deal comes back as it was deleted, then the refused change is made again, so
            // the edit the notice is about is not lost with it.
            let again = Mutation::from_json(&mutation)
                .ok()
                .filter(|m| !matches!(m, Mutation::DeleteOpportunity { .. }));
            // Who deleted it: a colleague by name, or this person elsewhere.
            let text = match sync.view.with_untracked(|v| author(v, by)) {
                Author::Named(who) => l
                    .t(Key::DeletedMeanwhileBy)
                    .replace("{who}", &super::parts::isolated(&who)),
                Author::Me => l.t(Key::DeletedMeanwhileByYou).to_string(),
                Author::Unknown => l.t(Key::DeletedMeanwhile).to_string(),
            }
            .replace("{what}", &super::parts::isolated(&what));
            (
                text,
                Some(Box::new(move || {
                    sync.restore_deleted(id)?;
                    if let Some(change) = &again {
                        let failed = l
                            .t(Key::ReapplyFailed)
                            .replace("{what}", &super::parts::isolated(&what));
                        reapply_when_back(sync, l, id, change.clone(), failed);
                    }
                    Ok(())
                })),
            )
        }
        Notice::Refused { what, reason, .. } => (
            format!(
                "{}{}: {}",
                l.t(Key::Refused),
                quoted(&what),
                l.rule_error(&reason)
            ),
            None,
        ),
        Notice::Overwritten { what, conflict } => {
            let won = sync
                .view
                .with_untracked(|v| describe_value(v, l, &conflict.field, &conflict.won));
            // The colleague whose later change won, by name (someone this browser knows of).
            let template = match sync.view.with_untracked(|v| author(v, conflict.by)) {
                Author::Named(who) => l.t(Key::OverwrittenBy).replace("{who}", &who),
                Author::Me | Author::Unknown => l.t(Key::Overwritten).to_string(),
            };
            let text = template
                .replace("{field}", &{
                    let kind = sync
                        .view
                        .with_untracked(|v| v.get(conflict.record_id).map(|r| r.kind()));
                    l.field_label(kind.unwrap_or_default(), &conflict.field)
                })
                .replace("{what}", &super::parts::isolated(&what))
                .replace("{won}", &won);
            (
                text,
                Some(Box::new(move || sync.restore_overwritten(&conflict))),
            )
        }
        Notice::Given { id, what } => {
            let nav = expect_context::<super::routes::Nav>();
            let text = l
                .t(Key::GivenToYou)
                .replace("{what}", &super::parts::isolated(&what));
            return view! {
                <div class="notice given" data-testid="notice">
                    <span>{text}</span>
                    <button class="primary" data-testid="open-given" on:click=move |_| {
                        sync.dismiss(index);
                        nav.open_deal(id);
                    }>{l.t(Key::Open)}</button>
                    <button on:click=move |_| sync.dismiss(index)>{l.t(Key::Dismiss)}</button>
                </div>
            }
            .into_any();
        }
        Notice::StorageFull => (l.t(Key::StorageFull).to_string(), None),
        Notice::NoOfflineCopy => (l.t(Key::NoOfflineCopy).to_string(), None),
        Notice::CopyUnreadable => (l.t(Key::CopyUnreadable).to_string(), None),
        Notice::Problem(message) => (message, None),
        Notice::Busy(message) => (format!("{} {message}", l.t(Key::ServerCouldNotTake)), None),
    };
    let restore_button = restore.map(|restore| {
        let on_restore = move |_| match restore() {
            Ok(()) => sync.dismiss(index),
            Err(e) => sync.notices.update(|n| n.push(Notice::Problem(super::explain(l, e)))),
        };
        view! { <button class="primary" data-testid="restore" on:click=on_restore>{l.t(Key::Restore)}</button> }
    });
    view! {
        <div class="notice" data-testid="notice">
            <span>{text}</span>
            {restore_button}
            <button on:click=move |_| sync.dismiss(index)>{l.t(Key::Dismiss)}</button>
        </div>
    }
    .into_any()
}

/// Makes `change` again once the deal `id` is back in this browser's copy (the server restores
/// it; the next pull brings it), so a restore keeps the edit that was refused. If it is not back
/// within half a minute, `failed` is said.
fn reapply_when_back(
    sync: SyncHandle,
    l: Locale,
    id: uuid::Uuid,
    change: Mutation,
    failed: String,
) {
    use std::cell::Cell;
    use std::rc::Rc;
    let handle: Rc<Cell<Option<IntervalHandle>>> = Rc::default();
    let (own, tries) = (handle.clone(), Rc::new(Cell::new(0u32)));
    let started = set_interval_with_handle(
        move || {
            let back = sync
                .view
                .with_untracked(|v| v.opportunities.get(&id).is_some_and(|o| !o.deleted));
            tries.set(tries.get() + 1);
            if !back && tries.get() < 150 {
                return;
            }
            if let Some(h) = own.take() {
                h.clear();
            }
            let outcome = if back {
                sync.mutate(change.clone())
                    .map_err(|e| super::explain(l, e))
            } else {
                Err(failed.clone())
            };
            if let Err(problem) = outcome {
                sync.notices.update(|n| n.push(Notice::Problem(problem)));
            }
        },
        std::time::Duration::from_millis(200),
    );
    if let Ok(h) = started {
        handle.set(Some(h));
    }
}

/// A field's value as a person reads it: money formatted, a stage by name, stars for priority.
fn describe_value(view: &Snapshot, l: Locale, field: &str, value: &serde_json::Value) -> String {
    match field {
        "expected_revenue" => serde_json::from_value::<Money>(value.clone())
            .map(|m| l.money(m))
            .unwrap_or_default(),
        "stage_id" => value
            .as_str()
            .and_then(|s| uuid::Uuid::parse_str(s).ok())
            .and_then(|id| view.stages.iter().find(|s| s.id == id))
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        "priority" => "★".repeat(value.as_u64().unwrap_or(0) as usize),
        _ => match value {
            serde_json::Value::String(s) => format!("«{s}»"),
            serde_json::Value::Null => "—".into(),
            other => other.to_string(),
        },
    }
}

/// Which sales team's pipeline the board, list and leads show.
#[component]
fn TeamSwitcher() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let team = expect_context::<super::CurrentTeam>();
    let shown = expect_context::<Shown>();
    let nav = expect_context::<super::routes::Nav>();
    let teams = move || {
        sync.view.with(|v| {
            v.teams
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label class="team-switch">
            <span class="visually-hidden">{move || locale.get().t(Key::Team)}</span>
            <select
                data-testid="team-switcher"
                on:change=move |ev| {
                    let chosen = uuid::Uuid::parse_str(&event_target_value(&ev)).ok();
                    team.choose(chosen);
                    // The pages a team filters carry it in their address.
                    if matches!(shown.page(), Page::Board | Page::List | Page::Dashboard) {
                        nav.set_query("team", Some(chosen.map_or_else(|| "all".into(), |t| t.to_string())));
                    }
                }
                prop:value=move || team.0.get().map(|x| x.to_string()).unwrap_or_default()
            >
                <option value="">{move || locale.get().t(Key::AllTeams)}</option>
                {move || {
                    teams()
                        .into_iter()
                        .map(|x| {
                            let id = x.id;
                            view! { <option value=id.to_string() selected=move || team.0.get() == Some(id)>{x.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The calendar dates are shown in, where the language offers more than one (Persian: the Solar
/// Hijri or the Gregorian; Thai: the Buddhist era or the Gregorian).
#[component]
pub fn CalendarSwitch(#[prop(into)] chosen: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let choice = expect_context::<super::CalendarChoice>();
    view! {
        <Show when=move || { locale.get().calendars().len() > 1 }>
            <label class="language">
            <span>{move || locale.get().t(Key::CalendarName)}</span>
            <select
                class="calendar-switch"
                data-testid="calendar"
                on:change=move |ev| {
                    if let Some(c) = crate::i18n::Calendar::parse(&event_target_value(&ev)) {
                        choice.choose(c);
                        chosen.run(());
                    }
                }
                prop:value=move || choice.for_locale(locale.get()).code()
            >
                {move || {
                    locale
                        .get()
                        .calendars()
                        .iter()
                        .map(|c| view! { <option value=c.code()>{c.name()}</option> })
                        .collect_view()
                }}
            </select>
            </label>
        </Show>
    }
}
