//! Pages and components. The app shell, the header (sync status, language), and the board.

mod account;
mod activities;
mod board;
mod board_groups;
mod calendar;
mod contacts;
mod custom;
mod dashboard;
mod date_input;
mod dedupe;
mod drag;
mod duplicates;
mod editor;
mod export;
mod header;
pub(crate) mod import;
mod lead_scoring;
mod leads;
mod list;
mod lost;
mod pages;
mod parts;
mod past;
mod prediction;
mod quotations;
mod report_setup;
pub mod routes;
mod settings;
mod tags;
mod territories;
mod timeline;
pub mod views;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::i18n::Locale;
use crate::sync::handle::SyncHandle;

/// The page around the app, rendered by the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = initial_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() dir=locale.dir()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#1f3a5f"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icon-192.png"/>
                // The browser's copy starts loading now, while the app's code does.
                <script inner_html=crate::sync::cache::preload_script()></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language to render in: on the server from the cookie or Accept-Language, in the browser
/// from what the server rendered, so both render the same page.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        request_locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or(Locale::En)
    }
}

#[cfg(feature = "ssr")]
pub(crate) fn request_locale() -> Locale {
    use_context::<axum::http::request::Parts>()
        .map(|parts| locale_of(&parts.headers))
        .unwrap_or(Locale::En)
}

/// The language of a request: the one chosen (cookie), else the browser's, else English.
#[cfg(feature = "ssr")]
pub fn locale_of(headers: &axum::http::HeaderMap) -> Locale {
    crate::sync::accounts::cookie(headers, crate::i18n::LOCALE_COOKIE)
        .and_then(Locale::from_tag)
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::En)
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Before the router listens for Back, so a form with unsaved changes is asked first.
    #[cfg(feature = "hydrate")]
    editor::back_guard::install();
    let locale = RwSignal::new(initial_locale());
    provide_context(locale);
    let sync = SyncHandle::new();
    provide_context(sync);
    provide_context(lost::ShowLost(RwSignal::new(false)));
    let team = CurrentTeam(RwSignal::new(None));
    provide_context(team);
    let calendar = CalendarChoice(RwSignal::new(None));
    provide_context(calendar);
    provide_context(quotations::Printing(RwSignal::new(None)));
    provide_context(UndoOffer(RwSignal::new(None)));
    provide_context(contacts::SegmentAnswers::new());
    provide_context(activities::FeedbackDrafts(
        RwSignal::new(Default::default()),
    ));
    let day = Today(RwSignal::new(today()));
    provide_context(day);
    provide_context(activities::Badges::new(sync, day.0));
    // A refusal names a custom field by its key; the org's labels say it in the reader's words.
    let custom_fields = Memo::new(move |_| sync.view.with(|v| v.custom_fields.clone()));
    Effect::new(move |_| custom_fields.with(|f| crate::domain::custom_field::remember(f)));

    // Runs in the browser once the page is live: read the cache, then sync.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            team.restore();
            calendar.restore();
            crate::sync::client::start(sync);
            day.follow();
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/rapport.css"/>
        <Router>
            <Frame/>
        </Router>
        <quotations::PrintView/>
    }
}

/// The app inside its router: the header, the page of the address, and the deal editor.
#[component]
fn Frame() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let location = leptos_router::hooks::use_location();
    let address = Memo::new(move |_| routes::Page::parse(&location.pathname.get()));
    let shown = routes::Shown {
        address,
        under: RwSignal::new(routes::Page::Board),
    };
    provide_context(shown);
    provide_context(routes::Nav::new(shown));
    pages::load_deal_form_soon();
    // An address that is no page of the app is answered 404 (the app then says so).
    #[cfg(feature = "ssr")]
    if address.get_untracked().is_none()
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    // The page under a deal is the one it was opened from.
    Effect::new(move |_| {
        if let Some(page) = address.get()
            && !matches!(page, routes::Page::Deal(_))
        {
            shown.under.set(page);
        }
    });
    // A team named in the address is the one shown (a link to a team's pipeline).
    let nav = expect_context::<routes::Nav>();
    let team = expect_context::<CurrentTeam>();
    Effect::new(move |_| {
        let Some(named) = nav.query("team") else {
            return;
        };
        let chosen = uuid::Uuid::parse_str(&named).ok();
        if team.0.get_untracked() != chosen {
            team.choose(chosen);
        }
    });
    // The tab names the page, or the record open.
    let title = move || {
        let l = locale.get();
        let record = address.get().and_then(|page| page.record()).and_then(|id| {
            sync.view
                .with(|v| v.get(id).map(|r| r.display_name(&v.store)))
        });
        let page = record.unwrap_or_else(|| shown.page().title(l));
        format!("{page} · Rapport")
    };
    view! {
        <Title text=title/>
        <div class="app">
            <header::Header/>
            <header::Notices/>
            <main class="main">
                // One view for every address: `routes::Page` reads it, `pages::Main` draws it.
                <Routes fallback=|| ()>
                    <Route path=path!("/") view=|| view! { <routes::ClientOnly><pages::Main/></routes::ClientOnly> }/>
                    <Route path=path!("/*any") view=|| view! { <routes::ClientOnly><pages::Main/></routes::ClientOnly> }/>
                </Routes>
            </main>
            <routes::ClientOnly>
                <editor::Editor/>
            </routes::ClientOnly>
            <lost::LostList/>
            <UndoToast/>
        </div>
    }
}

/// What was just done that can be undone for a few seconds (a deal deleted), with the change
/// that undoes it; the number tells one offer from the next.
#[derive(Clone, Copy)]
pub struct UndoOffer(RwSignal<Option<(u64, String, crate::domain::Mutation)>>);

impl UndoOffer {
    /// How long an offer stands.
    const FOR: std::time::Duration = std::time::Duration::from_secs(8);

    /// Offers `undo` under `text` ("“Deal” deleted") for a few seconds.
    pub fn offer(self, text: String, undo: crate::domain::Mutation) {
        let number = self
            .0
            .with_untracked(|o| o.as_ref().map_or(0, |(n, ..)| n + 1));
        self.0.set(Some((number, text, undo)));
        set_timeout(
            move || {
                if self
                    .0
                    .with_untracked(|o| o.as_ref().is_some_and(|(n, ..)| *n == number))
                {
                    self.0.set(None);
                }
            },
            Self::FOR,
        );
    }
}

/// The standing undo offer, at the bottom of the screen.
#[component]
fn UndoToast() -> impl IntoView {
    let offer = expect_context::<UndoOffer>();
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let undo = move |_| {
        if let Some((_, _, change)) = offer.0.get_untracked() {
            offer.0.set(None);
            // Refused (the record changed meanwhile, or this browser could not keep it): said.
            if let Err(e) = sync.mutate(change) {
                let why = explain(locale.get_untracked(), e);
                sync.notices
                    .update(|n| n.push(crate::sync::handle::Notice::Problem(why)));
            }
        }
    };
    move || {
        offer.0.get().map(|(_, text, _)| {
            view! {
                <div class="toast" role="status" data-testid="undo-toast">
                    <span>{text}</span>
                    <button type="button" data-testid="undo" on:click=undo>{move || locale.get().t(crate::i18n::Key::Undo)}</button>
                    <button type="button" class="close" aria-label=move || locale.get().t(crate::i18n::Key::Dismiss) on:click=move |_| offer.0.set(None)>"×"</button>
                </div>
            }
        })
    }
}

/// The reader's calendar day, moving on at midnight: what is due, overdue or rotting follows it
/// on a page left open overnight.
#[derive(Clone, Copy)]
pub struct Today(pub RwSignal<chrono::NaiveDate>);

impl Today {
    #[cfg(feature = "hydrate")]
    fn follow(self) {
        let _ = set_interval_with_handle(
            move || {
                let now = today();
                if self.0.get_untracked() != now {
                    self.0.set(now);
                }
            },
            std::time::Duration::from_secs(30),
        );
    }
}

/// Today as a signal (see `Today`).
pub fn use_today() -> RwSignal<chrono::NaiveDate> {
    use_context::<Today>().map_or_else(|| RwSignal::new(today()), |t| t.0)
}

/// The calendar a person chose to see dates in; `None`: their language's usual one.
/// Remembered in this browser.
#[derive(Clone, Copy)]
pub struct CalendarChoice(pub RwSignal<Option<crate::i18n::Calendar>>);

impl CalendarChoice {
    #[cfg(feature = "hydrate")]
    const KEY: &'static str = "rapport.calendar";

    #[cfg(feature = "hydrate")]
    fn restore(self) {
        use gloo_storage::{LocalStorage, Storage};
        if let Ok(code) = LocalStorage::get::<String>(Self::KEY) {
            self.0.set(crate::i18n::Calendar::parse(&code));
        }
    }

    pub fn choose(self, calendar: crate::i18n::Calendar) {
        self.0.set(Some(calendar));
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            let _ = LocalStorage::set(Self::KEY, calendar.code());
        }
    }

    /// The calendar to show dates in for `locale`: the chosen one if that language offers it.
    pub fn for_locale(self, locale: Locale) -> crate::i18n::Calendar {
        self.0
            .get()
            .filter(|c| locale.calendars().contains(c))
            .unwrap_or_else(|| locale.default_calendar())
    }
}

/// A day as the reader writes it, in their calendar (reactive: call it inside a closure).
pub fn show_date(day: chrono::NaiveDate) -> String {
    let locale = use_locale().get();
    let calendar = expect_context::<CalendarChoice>().for_locale(locale);
    locale.date(day, calendar)
}

/// A moment as the reader writes it: their day in their calendar, and the time on their clock.
pub fn show_time(at: chrono::DateTime<chrono::Utc>) -> String {
    #[cfg(feature = "hydrate")]
    let at = {
        let offset = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            at.timestamp_millis() as f64
        ))
        .get_timezone_offset();
        at - chrono::Duration::minutes(offset as i64)
    };
    let locale = use_locale().get();
    format!(
        "{} {}",
        show_date(at.date_naive()),
        locale.digits(&at.format("%H:%M").to_string())
    )
}

/// The sales team whose pipeline is shown; `None`: every team's. Remembered in this browser.
#[derive(Clone, Copy)]
pub struct CurrentTeam(pub RwSignal<Option<uuid::Uuid>>);

impl CurrentTeam {
    #[cfg(feature = "hydrate")]
    const KEY: &'static str = "rapport.team";

    #[cfg(feature = "hydrate")]
    fn restore(self) {
        use gloo_storage::{LocalStorage, Storage};
        if let Ok(team) = LocalStorage::get::<Option<uuid::Uuid>>(Self::KEY) {
            self.0.set(team);
        }
    }

    pub fn choose(self, team: Option<uuid::Uuid>) {
        self.0.set(team);
        #[cfg(feature = "hydrate")]
        {
            use gloo_storage::{LocalStorage, Storage};
            let _ = LocalStorage::set(Self::KEY, team);
        }
    }
}

/// This moment, by the browser's clock (the standard library has no clock in wasm).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    #[cfg(feature = "hydrate")]
    {
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now()
    }
}

/// Today in the reader's time zone: the day activities fall due against.
pub fn today() -> chrono::NaiveDate {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        chrono::NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        )
        .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Local::now().date_naive()
    }
}

/// Milliseconds from an arbitrary origin, as precise as the platform allows: what a page
/// times its computing with (`data-compute-ms`, read by the benchmarks).
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or_else(js_sys::Date::now)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or_default()
    }
}

/// Why a change was not taken, in the reader's language.
pub fn explain(l: Locale, e: crate::sync::handle::MutateError) -> String {
    match e {
        crate::sync::handle::MutateError::Rule(rule) => l.rule_error(&rule),
        crate::sync::handle::MutateError::Storage(why) => l
            .t(crate::i18n::Key::NotKeptInBrowser)
            .replace("{reason}", &why),
    }
}

/// The current locale, as provided by `App`.
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<RwSignal<Locale>>()
}
