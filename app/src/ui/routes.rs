//! Every page and record has an address: the pipeline, each deal, each contact and company, each
//! settings section. `Page` is what an address means; `pages::Main` draws it, and the header,
//! the tab title and the deal editor read it.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::params::ParamsMap;

use crate::i18n::Key;
use uuid::Uuid;

/// One page of the app, as its address says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Board,
    List,
    Leads,
    Activities,
    Contacts,
    /// The companies' list (the contacts page, on its other list).
    Companies,
    Contact(Uuid),
    Company(Uuid),
    /// A deal, open over the page it was opened from (the board after a reload).
    Deal(Uuid),
    Dashboard,
    /// Settings, at one section when named.
    Settings(Option<String>),
    /// Importing a file; one import when named.
    Import(Option<Uuid>),
    /// Possible duplicates of contacts or companies (`?kind=company`).
    Duplicates,
}

impl Page {
    /// Its address.
    pub fn path(&self) -> String {
        match self {
            Page::Board => "/".into(),
            Page::List => "/list".into(),
            Page::Leads => "/leads".into(),
            Page::Activities => "/activities".into(),
            Page::Contacts => "/contacts".into(),
            Page::Companies => "/companies".into(),
            Page::Contact(id) => format!("/contacts/{id}"),
            Page::Company(id) => format!("/companies/{id}"),
            Page::Deal(id) => format!("/deals/{id}"),
            Page::Dashboard => "/dashboard".into(),
            Page::Settings(None) => "/settings".into(),
            Page::Settings(Some(section)) => format!("/settings/{section}"),
            Page::Import(None) => "/import".into(),
            Page::Import(Some(id)) => format!("/import/{id}"),
            Page::Duplicates => "/duplicates".into(),
        }
    }

    /// What an address means; `None` for one that is no page of the app.
    pub fn parse(path: &str) -> Option<Page> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let parts: Vec<&str> = path
            .trim_end_matches('/')
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        let id = |text: &str| Uuid::parse_str(text).ok();
        Some(match parts.as_slice() {
            [] => Page::Board,
            ["list"] => Page::List,
            ["leads"] => Page::Leads,
            ["activities"] => Page::Activities,
            ["contacts"] => Page::Contacts,
            ["companies"] => Page::Companies,
            ["contacts", c] => Page::Contact(id(c)?),
            ["companies", c] => Page::Company(id(c)?),
            ["deals", d] => Page::Deal(id(d)?),
            ["dashboard"] => Page::Dashboard,
            ["settings"] => Page::Settings(None),
            ["settings", section] if is_section(section) => {
                Page::Settings(Some(section.to_string()))
            }
            ["import"] => Page::Import(None),
            ["import", i] => Page::Import(Some(id(i)?)),
            ["duplicates"] => Page::Duplicates,
            _ => return None,
        })
    }

    /// The record this address opens, if it names one (the tab title shows its name).
    pub fn record(&self) -> Option<Uuid> {
        match self {
            Page::Deal(id) | Page::Contact(id) | Page::Company(id) => Some(*id),
            _ => None,
        }
    }

    /// Its name in the tab title. A page of a kind of record can take the kind's name
    /// (`locale.kind(…, true)`), so it needs no text of its own.
    pub fn title(&self, locale: crate::i18n::Locale) -> String {
        locale
            .t(match self {
                Page::Board | Page::Deal(_) => Key::Pipeline,
                Page::List => Key::List,
                Page::Leads => Key::Leads,
                Page::Activities => Key::Activities,
                Page::Contacts | Page::Contact(_) => Key::Contacts,
                Page::Companies | Page::Company(_) => Key::Companies,
                Page::Dashboard => Key::Dashboard,
                Page::Settings(_) => Key::Settings,
                Page::Import(_) => Key::Import,
                Page::Duplicates => Key::Duplicates,
            })
            .to_string()
    }

    /// What its tab in the header says, for a page that has one (`TABS`).
    pub fn tab_label(&self, locale: crate::i18n::Locale) -> String {
        match self {
            Page::Board => locale.t(Key::Board).to_string(),
            other => other.title(locale),
        }
    }

    /// A short name of the page, for its tab's test id (`show-…`).
    pub fn name(&self) -> &'static str {
        match self {
            Page::Board | Page::Deal(_) => "board",
            Page::List => "list",
            Page::Leads => "leads",
            Page::Activities => "activities",
            Page::Contacts | Page::Companies | Page::Contact(_) | Page::Company(_) => "contacts",
            Page::Dashboard => "dashboard",
            Page::Settings(_) => "settings",
            Page::Import(_) => "import",
            Page::Duplicates => "duplicates",
        }
    }

    /// The header tab that is lit on this page.
    pub fn tab(&self) -> Page {
        match self {
            Page::Contact(_) | Page::Company(_) | Page::Companies => Page::Contacts,
            Page::Settings(_) => Page::Settings(None),
            other => other.clone(),
        }
    }
}

/// The pages with a tab in the header, in order.
pub const TABS: &[Page] = &[
    Page::Board,
    Page::List,
    Page::Leads,
    Page::Activities,
    Page::Contacts,
    Page::Dashboard,
    Page::Settings(None),
];

/// A settings section's name in an address: lower case letters and dashes.
fn is_section(text: &str) -> bool {
    !text.is_empty() && text.len() <= 40 && text.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// What the app shows now: the page of the address, or, while a deal is open, the page it was
/// opened from.
#[derive(Clone, Copy)]
pub struct Shown {
    /// The page of the address (`None`: no page of the app).
    pub address: Memo<Option<Page>>,
    /// The page under the deal editor.
    pub under: RwSignal<Page>,
}

impl Shown {
    /// The page drawn in the main area.
    pub fn page(self) -> Page {
        match self.address.get() {
            Some(Page::Deal(_)) => self.under.get(),
            Some(page) => page,
            None => Page::Board,
        }
    }

    /// The deal open in the editor, if the address names one.
    pub fn deal(self) -> Option<Uuid> {
        match self.address.get() {
            Some(Page::Deal(id)) => Some(id),
            _ => None,
        }
    }
}

/// The router's way to another address.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// Moving between pages from code (a row clicked, a form closed).
#[derive(Clone, Copy)]
pub struct Nav {
    navigate: StoredValue<Navigate, LocalStorage>,
    path: Memo<String>,
    query: Memo<ParamsMap>,
    /// Whether this tab opened the current deal itself (so closing it goes back in history).
    opened_here: RwSignal<bool>,
    shown: Shown,
}

impl Nav {
    pub fn new(shown: Shown) -> Nav {
        let navigate = leptos_router::hooks::use_navigate();
        let location = leptos_router::hooks::use_location();
        Nav {
            navigate: StoredValue::new_local(Box::new(navigate)),
            path: location.pathname,
            query: location.query,
            opened_here: RwSignal::new(false),
            shown,
        }
    }

    /// Whether the address is this page's own (not a record opened over it).
    pub fn is_at(self, page: &Page) -> bool {
        self.path.get_untracked() == page.path()
    }

    /// Goes to a page, as a new entry in the history (Back returns).
    pub fn go(self, page: &Page) {
        self.navigate
            .with_value(|go| go(&page.path(), NavigateOptions::default()));
    }

    /// Goes to a page in place of the current entry (a reload or Back does not return here).
    pub fn replace(self, page: &Page) {
        self.navigate.with_value(|go| {
            go(
                &page.path(),
                NavigateOptions {
                    replace: true,
                    ..NavigateOptions::default()
                },
            )
        });
    }

    /// Goes to a page with a query (`?kind=contact`), as a new entry in the history.
    pub fn go_with(self, page: &Page, query: &str) {
        self.navigate.with_value(|go| {
            go(
                &format!("{}{query}", page.path()),
                NavigateOptions::default(),
            )
        });
    }

    /// A value of the address's query (a filter of the page shown).
    pub fn query(self, key: &str) -> Option<String> {
        self.query.with(|q| q.get(key))
    }

    /// The values of the address's query named in `keys`, those set.
    pub fn queries(self, keys: &[&str]) -> Vec<(String, String)> {
        self.query.with(|q| {
            keys.iter()
                .filter_map(|k| q.get(k).map(|v| (k.to_string(), v)))
                .collect()
        })
    }

    /// Goes to a page with these values in its query: a new entry in the history, or (with
    /// `replace`) in place of this one (a page opening with its default view).
    pub fn go_to(
        self,
        page: &Page,
        values: impl IntoIterator<Item = (String, String)>,
        replace: bool,
    ) {
        let mut query = ParamsMap::new();
        for (key, value) in values {
            query.insert(key, value);
        }
        let address = format!("{}{}", page.path(), query.to_query_string());
        self.navigate.with_value(|go| {
            go(
                &address,
                NavigateOptions {
                    replace,
                    ..NavigateOptions::default()
                },
            )
        });
    }

    /// Sets (or, with `None`, removes) a value of the address's query, in place: a filter
    /// changed is part of the page's address, not a step Back walks.
    pub fn set_query(self, key: &'static str, value: Option<String>) {
        let mut query = self.query.get_untracked();
        if query.get(key) == value {
            return;
        }
        match value {
            Some(value) => query.replace(key, value),
            None => {
                query.remove(key);
            }
        }
        let address = format!("{}{}", self.path.get_untracked(), query.to_query_string());
        self.navigate.with_value(|go| {
            go(
                &address,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            )
        });
    }

    /// Opens a deal over the page shown.
    pub fn open_deal(self, id: Uuid) {
        self.opened_here.set(true);
        self.go(&Page::Deal(id));
    }

    /// Closes the open deal: back where it was opened from.
    pub fn close_deal(self) {
        if self.shown.deal().is_none() {
            return;
        }
        #[cfg(feature = "hydrate")]
        if self.opened_here.get_untracked()
            && let Ok(history) = window().history()
        {
            self.opened_here.set(false);
            let _ = history.back();
            return;
        }
        self.replace(&self.shown.under.get_untracked());
    }
}

/// Where opening a record the copy does not hold stands.
#[derive(Debug, Clone, PartialEq)]
enum Opening {
    /// The copy is being read or first filled.
    Waiting,
    /// Asked of the server.
    Fetching,
    /// The server does not have it for this person.
    NotThere,
    /// No connection: it opens online.
    Offline,
    /// The server could not give it, in its words.
    Failed(String),
}

/// In place of a record the address names but this browser does not hold: loading while the
/// copy is being read or first filled; then it is asked of the server (the copy keeps only the
/// open and recent deals, `domain::keep`), and once the server answers the record shows, or a
/// plain word says it is not there for this person, or that it opens when online.
#[component]
pub fn Missing(id: Uuid) -> impl IntoView {
    let locale = super::use_locale();
    let sync = expect_context::<crate::sync::handle::SyncHandle>();
    let filled = move || sync.loaded.get() && sync.view.with(|v| v.cursor > 0);
    let opening = RwSignal::new(Opening::Waiting);
    let ask = move || {
        opening.set(Opening::Fetching);
        leptos::task::spawn_local(async move {
            use crate::sync::handle::FetchError;
            let next = match sync.fetch(vec![id]).await {
                // Found: the page that holds this shows the record in place of this.
                Ok(found) if found > 0 => return,
                Ok(_) => Opening::NotThere,
                Err(FetchError::Offline) => Opening::Offline,
                Err(FetchError::Failed(why)) => Opening::Failed(why),
            };
            // Gone meanwhile (the person went elsewhere): nothing to say.
            let _ = opening.try_set(next);
        });
    };
    Effect::new(move |_| {
        if filled() && opening.get_untracked() == Opening::Waiting {
            ask();
        }
    });
    view! {
        <div class="missing" data-testid="missing" role="status">
            {move || {
                let locale = locale.get();
                match opening.get() {
                    Opening::Waiting => view! { <p>{locale.t(Key::LoadingRecord)}</p> }.into_any(),
                    Opening::Fetching => {
                        view! { <p data-testid="fetching">{locale.t(Key::FetchingRecord)}</p> }
                            .into_any()
                    }
                    Opening::NotThere => view! { <p>{locale.t(Key::NotFoundOrHidden)}</p> }.into_any(),
                    failed @ (Opening::Offline | Opening::Failed(_)) => {
                        let why = match failed {
                            Opening::Failed(why) => why,
                            _ => locale.t(Key::NotKeptHere).to_string(),
                        };
                        view! {
                            <p data-testid="not-kept">{why}</p>
                            <button type="button" data-testid="fetch-again" on:click=move |_| ask()>
                                {locale.t(Key::TryAgain)}
                            </button>
                        }
                        .into_any()
                    }
                }
            }}
        </div>
    }
}

/// What the main area shows only in the browser: the page comes from the browser's copy, and
/// the server renders the same empty frame for every address, so the offline app (one cached
/// frame) opens any link.
#[component]
pub fn ClientOnly(children: ChildrenFn) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! { <Show when=move || mounted.get()>{children()}</Show> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_reads_back_from_its_address() {
        let id = Uuid::now_v7();
        let pages = [
            Page::Board,
            Page::List,
            Page::Leads,
            Page::Activities,
            Page::Contacts,
            Page::Companies,
            Page::Contact(id),
            Page::Company(id),
            Page::Deal(id),
            Page::Dashboard,
            Page::Settings(None),
            Page::Settings(Some("lost-reasons".into())),
        ];
        for page in pages {
            assert_eq!(Page::parse(&page.path()), Some(page.clone()), "{page:?}");
        }
    }

    #[test]
    fn an_address_with_a_query_or_a_trailing_slash_is_the_same_page() {
        let id = Uuid::now_v7();
        assert_eq!(
            Page::parse(&format!("/deals/{id}/?from=mail")),
            Some(Page::Deal(id))
        );
        assert_eq!(
            Page::parse("/dashboard?period=quarter"),
            Some(Page::Dashboard)
        );
    }

    #[test]
    fn an_address_that_is_no_page_is_none() {
        for path in [
            "/deals/not-an-id",
            "/nowhere",
            "/settings/<b>",
            "/contacts/1/2",
        ] {
            assert_eq!(Page::parse(path), None, "{path}");
        }
    }
}
