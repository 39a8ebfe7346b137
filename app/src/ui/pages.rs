//! The pieces of the app a first visit does not need: every page but the board, and the deal
//! form. Each is a `wasm_split` function: `cargo leptos build --split` puts its code (and what
//! only it uses: the dashboard's reports, the settings' forms) in wasm files of its own, so the
//! board, which every visit opens, downloads and compiles less. The service worker keeps every
//! piece, so each page still opens offline.
//!
//! A piece is first loaded, then drawn like any other view, at once and under its caller's
//! reactive owner (a `Suspense` would run the page in an owner of its own, which outlives the
//! values a deleted record's form reads). A piece that cannot be loaded (offline, not kept
//! yet) says so, with a button to try again, instead of stopping the app.

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};
use uuid::Uuid;

use super::routes::Page;
use super::use_locale;
use crate::domain::Record;
use crate::i18n::Key;

#[wasm_split(page_list, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_list))]
fn list() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::list::List/> }.into_any())
}

#[wasm_split(page_leads, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_leads))]
fn leads() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::leads::Leads/> }.into_any())
}

#[wasm_split(page_activities, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_activities))]
fn activities() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::activities::MyActivities/> }.into_any())
}

#[wasm_split(page_contacts, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_contacts))]
fn contacts() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::contacts::Contacts/> }.into_any())
}

#[wasm_split(page_dashboard, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_dashboard))]
fn dashboard() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::dashboard::Dashboard/> }.into_any())
}

#[wasm_split(page_settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_settings))]
fn settings() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::settings::Settings/> }.into_any())
}

#[wasm_split(page_import, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_import))]
fn import() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::import::ImportPage/> }.into_any())
}

#[wasm_split(page_duplicates, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_duplicates))]
fn duplicates() -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::dedupe::DuplicatesPage/> }.into_any())
}

#[wasm_split(duplicates_panel, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_duplicates_panel))]
fn duplicates_panel(draft: Signal<Option<Record>>) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::duplicates::PossibleDuplicates draft/> }.into_any())
}

#[wasm_split(deal_form, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_deal_form))]
fn deal_form(id: Uuid) -> Result<AnyView, SplitLoaderError> {
    Ok(view! { <super::editor::EditForm id/> }.into_any())
}

/// What loads a piece's code...
type Load = fn() -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;
/// ...and what draws it (ready at once when loaded).
type Draw = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, SplitLoaderError>>>>;

/// The main area: the page of the address (under a deal, the page it was opened from; the
/// board after a reload or a link), or "no such page". Drawn again when the page changes, not
/// when only its record or its query does (one contact to another keeps the contacts page).
#[component]
pub fn Main() -> impl IntoView {
    let shown = expect_context::<super::routes::Shown>();
    let drawn = Memo::new(move |_| shown.address.get().map(|_| View::of(&shown.page())));
    move || match drawn.get() {
        None => view! { <NoPage/> }.into_any(),
        Some(View::Board) => view! { <super::board::Board/> }.into_any(),
        Some(View::Piece(_, load, draw)) => view! { <Piece load draw/> }.into_any(),
    }
}

/// What the main area draws for a page: the board, or a piece loaded on first use (named by
/// its page, `Page::name`, so the same piece is not drawn again).
#[derive(Clone, Copy)]
enum View {
    Board,
    Piece(&'static str, Load, Draw),
}

impl PartialEq for View {
    fn eq(&self, other: &View) -> bool {
        match (self, other) {
            (View::Board, View::Board) => true,
            (View::Piece(a, ..), View::Piece(b, ..)) => a == b,
            _ => false,
        }
    }
}

impl View {
    fn of(page: &Page) -> View {
        let (load, draw): (Load, Draw) = match page {
            Page::Board | Page::Deal(_) => return View::Board,
            Page::List => (|| Box::pin(load_list()), || Box::pin(list())),
            Page::Leads => (|| Box::pin(load_leads()), || Box::pin(leads())),
            Page::Activities => (|| Box::pin(load_activities()), || Box::pin(activities())),
            Page::Contacts | Page::Companies | Page::Contact(_) | Page::Company(_) => {
                (|| Box::pin(load_contacts()), || Box::pin(contacts()))
            }
            Page::Dashboard => (|| Box::pin(load_dashboard()), || Box::pin(dashboard())),
            Page::Settings(_) => (|| Box::pin(load_settings()), || Box::pin(settings())),
            Page::Import(_) => (|| Box::pin(load_import()), || Box::pin(import())),
            Page::Duplicates => (|| Box::pin(load_duplicates()), || Box::pin(duplicates())),
        };
        View::Piece(page.name(), load, draw)
    }
}

/// An address that is no page of the app.
#[component]
fn NoPage() -> impl IntoView {
    let locale = use_locale();
    view! { <p class="missing" data-testid="no-page">{move || locale.get().t(Key::PageNotFound)}</p> }
}

/// The deal form of `id`, drawn once its piece of the app is loaded.
#[component]
pub fn DealForm(id: Uuid) -> impl IntoView {
    view! { <Piece load=|| Box::pin(load_deal_form()) draw=move || deal_form(id)/> }
}

/// Possible duplicates under a form, once something is typed: its code (the folding of names,
/// with Unicode's tables) is a piece of its own, loaded then, so no page carries it before.
#[component]
pub fn DuplicatesPanel(#[prop(into)] draft: Signal<Option<Record>>) -> impl IntoView {
    let typed = Memo::new(move |_| draft.with(Option::is_some));
    move || {
        typed.get().then(|| {
            view! { <Piece load=|| Box::pin(load_duplicates_panel()) draw=move || duplicates_panel(draft)/> }
        })
    }
}

/// How far the loading of a piece has gone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loading {
    NotStarted,
    Started,
    Failed,
}

/// Draws `draw` once `load` has brought its code; until then a quiet placeholder, and if the
/// code cannot be fetched, says so with a button to try again.
#[component]
fn Piece<D, F>(load: Load, draw: D) -> impl IntoView
where
    D: Fn() -> F + Send + Sync + 'static,
    F: Future<Output = Result<AnyView, SplitLoaderError>>,
{
    let locale = use_locale();
    let loading = RwSignal::new(Loading::NotStarted);
    let start = move || {
        leptos::task::spawn_local(async move {
            let loaded = load().await;
            loading.set(if loaded.is_ok() {
                Loading::Started
            } else {
                Loading::Failed
            });
        });
    };
    move || {
        let state = loading.get();
        // Loaded already (this page was open before, or the load just finished): drawn now.
        if let Some(Ok(view)) = untrack(|| ready_now(draw())) {
            return view;
        }
        match state {
            Loading::Failed => view! {
                <div class="page-failed" role="alert" data-testid="page-failed">
                    <p>{move || locale.get().t(Key::PageNotLoaded)}</p>
                    <button
                        type="button"
                        on:click=move |_| {
                            loading.set(Loading::Started);
                            start();
                        }
                    >
                        {move || locale.get().t(Key::TryAgain)}
                    </button>
                </div>
            }
            .into_any(),
            Loading::NotStarted | Loading::Started => {
                if state == Loading::NotStarted {
                    loading.update_untracked(|s| *s = Loading::Started);
                    start();
                }
                view! { <p class="page-loading" data-testid="page-loading"></p> }.into_any()
            }
        }
    }
}

/// The output of `future` if it is ready without waiting: a loaded piece's is.
fn ready_now<F: Future>(future: F) -> Option<F::Output> {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// Fetches the deal form in the background once the board is up, so the first deal opened
/// shows at once, and opens offline even before the service worker has kept it.
pub fn load_deal_form_soon() {
    #[cfg(feature = "hydrate")]
    set_timeout(
        || leptos::task::spawn_local(async { _ = load_deal_form().await }),
        std::time::Duration::from_secs(1),
    );
}
