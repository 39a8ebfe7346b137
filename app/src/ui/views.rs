//! Saved views and the filter builder, over the board and the deals' list. The page's filter is
//! in its address (`f`, with the saved view it came from as `view`), so a filtered page can be
//! sent to a colleague; a view keeps the filter and the page's other choices (search, quick
//! filters, sort, grouping) under a name, for oneself, a team or everyone. Filters run on the
//! browser's copy, offline too (`domain::filter`).

use std::collections::BTreeMap;

use leptos::prelude::*;
use uuid::Uuid;

use super::routes::{Nav, Page};
use super::use_locale;
use crate::domain::filter::{self, Condition, Filter, FilterField, Op, Period, Shape, Takes};
use crate::domain::lead_scoring::Qualification;
use crate::domain::saved_view::{self, SavedView, Sharing};
use crate::domain::view_defaults;
use crate::domain::{Mutation, Store, access::Role};
use crate::i18n::{Calendar, Key, Locale};
use crate::sync::handle::SyncHandle;

/// The filter the address carries.
pub fn filter_in(nav: Nav) -> Filter {
    nav.query("f")
        .map(|text| Filter::from_query(&text))
        .unwrap_or_default()
}

/// The columns the address shows (`cols`, the list's), as a view keeps them: none named, the
/// page's own; all taken off, the title alone.
fn columns_in(nav: Nav) -> Vec<String> {
    match nav.query("cols") {
        None => Vec::new(),
        Some(cols) => {
            let named: Vec<String> = cols
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect();
            if named.is_empty() {
                vec!["title".into()]
            } else {
                named
            }
        }
    }
}

thread_local! {
    /// The filter the builder last wrote into the address: another one came from elsewhere.
    static EDITED: std::cell::RefCell<Option<Filter>> = const { std::cell::RefCell::new(None) };
}

/// Changes the address's filter in place (a filter changed is the page's address, not a step
/// Back walks).
fn edit(nav: Nav, change: impl FnOnce(&mut Filter)) {
    let mut f = untrack(|| filter_in(nav));
    change(&mut f);
    let written = Filter::from_query(&f.to_query().unwrap_or_default());
    EDITED.with(|e| *e.borrow_mut() = Some(written));
    nav.set_query("f", f.to_query());
}

/// What a filter is read with in this browser: the person, today, and their calendar's months
/// and first day of the week.
pub fn context(
    store: &Store,
    me: Option<Uuid>,
    today: chrono::NaiveDate,
    (locale, calendar): (Locale, Calendar),
) -> filter::Context<'_> {
    filter::Context {
        store,
        today,
        me,
        jalali: calendar == Calendar::Jalali,
        week_starts: locale.first_weekday(),
    }
}

/// The reader's language and calendar (tracked).
pub fn use_reading() -> impl Fn() -> (Locale, Calendar) + Copy {
    let locale = use_locale();
    let choice = expect_context::<super::CalendarChoice>();
    move || {
        let l = locale.get();
        (l, choice.for_locale(l))
    }
}

fn page_of(name: &str) -> Page {
    match name {
        "list" => Page::List,
        "leads" => Page::Leads,
        "contacts" => Page::Contacts,
        "companies" => Page::Companies,
        "activities" => Page::Activities,
        _ => Page::Board,
    }
}

/// Where an earlier version kept a person's default views, in this browser only: read once,
/// moved to their `ViewDefaults` (which follows them on every device), then forgotten.
#[cfg(feature = "hydrate")]
fn legacy_defaults_key(me: Option<Uuid>) -> String {
    format!("rapport.views.default.{}", me.unwrap_or_default().simple())
}

/// The default view this browser kept for `page` before they followed the person, taken out.
fn take_legacy_default(me: Option<Uuid>, page: &str) -> Option<Uuid> {
    #[cfg(feature = "hydrate")]
    {
        use gloo_storage::{LocalStorage, Storage};
        let key = legacy_defaults_key(me);
        let mut map: BTreeMap<String, Uuid> = LocalStorage::get(&key).ok()?;
        let found = map.remove(page);
        if map.is_empty() {
            LocalStorage::delete(&key);
        } else {
            let _ = LocalStorage::set(&key, map);
        }
        found
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (me, page);
        None
    }
}

/// Makes `view` the one `page` opens with for this person (`None`: the page opens bare).
fn set_default_view(
    sync: SyncHandle,
    l: Locale,
    page: &str,
    view: Option<Uuid>,
) -> Result<(), String> {
    let Some(me) = sync.view.with_untracked(|v| v.user_id) else {
        return Ok(());
    };
    let defaults = sync
        .view
        .with_untracked(|v| view_defaults::choose(v, me, page, view));
    sync.mutate(Mutation::save(defaults))
        .map_err(|e| super::explain(l, e))
}

/// The saved views of a page and what they are to this person: choose one, see how many
/// records each keeps, save the page as a view (for oneself, a team, everyone), save changes to
/// one's own, delete it, open one by default; and the filter builder under them.
#[component]
pub fn ViewBar(
    /// The page's name (`saved_view::PAGES`).
    page: &'static str,
    /// The page's own values in its address, which a view keeps with its filter.
    params: &'static [&'static str],
    /// How many records a view keeps, counted by the page's own rules.
    count_of: Callback<SavedView, usize>,
) -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<Nav>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let kind = saved_view::kind_of_page(page).unwrap_or("opportunity");
    let me = Memo::new(move |_| sync.view.with(|v| v.user_id));
    let views = Memo::new(move |_| {
        sync.view.with(|v| {
            saved_view::of_page(v, page, v.user_id)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let chosen = Memo::new(move |_| nav.query("view").and_then(|v| Uuid::parse_str(&v).ok()));
    let current = Memo::new(move |_| {
        let id = chosen.get()?;
        views.with(|vs| vs.iter().find(|v| v.id == id).cloned())
    });
    let filter = Memo::new(move |_| filter_in(nav));
    let here = Memo::new(move |_| nav.queries(params).into_iter().collect::<BTreeMap<_, _>>());
    let columns = Memo::new(move |_| columns_in(nav));
    let edited = Memo::new(move |_| {
        current.with(|c| {
            c.as_ref().is_some_and(|v| {
                filter.with(|f| *f != v.filter)
                    || here.with(|h| *h != v.params)
                    || columns.with(|cs| *cs != v.columns)
            })
        })
    });
    let mine = move || current.with(|c| c.as_ref().is_some_and(|v| Some(v.owner_id) == me.get()));
    // The view this person opens the page with, on every device of theirs.
    let default_of = Memo::new(move |_| sync.view.with(|v| view_defaults::of(v, v.user_id, page)));
    let is_default = move || chosen.get().is_some() && default_of.get() == chosen.get();
    // The filter panel is drawn again whenever the filter is replaced from outside it (a view
    // chosen, a condition removed), so its inputs show what the address says.
    let stamp = RwSignal::new(0u32);
    let panel = RwSignal::new(false);
    let menu = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let open = move |view: Option<&SavedView>, replace: bool| {
        let mut values: Vec<(String, String)> = Vec::new();
        if let Some(v) = view {
            values.extend(v.params.clone());
            values.extend(v.filter.to_query().map(|f| ("f".to_string(), f)));
            if !v.columns.is_empty() {
                values.push(("cols".into(), v.columns.join(",")));
            }
            values.push(("view".into(), v.id.to_string()));
        }
        menu.set(false);
        stamp.update(|s| *s += 1);
        nav.go_to(&page_of(page), values, replace);
    };
    let apply = move |view: Option<&SavedView>| open(view, false);
    // A default view opens when the page is opened bare.
    let opened = StoredValue::new(false);
    Effect::new(move |_| {
        // Once the copy has been read and has met the server at least once (a new device's
        // empty copy does not know the person's views yet).
        let known = sync.view.with(|v| v.cursor > 0);
        if opened.get_value() || !sync.loaded.get() || !known {
            return;
        }
        opened.set_value(true);
        // A deal, contact or company opened by its address keeps its address.
        let bare = nav.is_at(&page_of(page))
            && nav.queries(params).is_empty()
            && untrack(|| filter.with(Filter::is_empty))
            && nav.query("cols").is_none();
        if !bare {
            return;
        }
        // A link naming only its view (`?view=…`) opens the view whole.
        if let Some(id) = chosen.get_untracked() {
            if let Some(v) = views.with_untracked(|vs| vs.iter().find(|v| v.id == id).cloned()) {
                open(Some(&v), true);
            }
            return;
        }
        let mut default = sync
            .view
            .with_untracked(|v| view_defaults::of(v, v.user_id, page));
        if default.is_none()
            && let Some(kept) = take_legacy_default(me.get_untracked(), page)
        {
            default = Some(kept);
            let _ = set_default_view(sync, locale.get_untracked(), page, Some(kept));
        }
        let view = default
            .and_then(|id| views.with_untracked(|vs| vs.iter().find(|v| v.id == id).cloned()));
        if let Some(v) = view {
            open(Some(&v), true);
        }
    });
    // The address changed from elsewhere than the builder (Back, Forward, a link): its inputs
    // are drawn again to show it.
    Effect::new(move |_| {
        let f = filter.get();
        if EDITED.with(|e| e.borrow().as_ref() != Some(&f)) {
            stamp.update(|s| *s += 1);
        }
    });
    // Conditions on fields gone since (a custom field deleted), said where they are seen.
    let left_out = Memo::new(move |_| {
        let l = locale.get();
        let mut gone = Vec::new();
        filter.with(|f| sync.view.with(|v| gone_fields(kind, f, v, l, &mut gone)));
        gone
    });
    let save_changes = move |_| {
        let Some(mut view) = current.get_untracked() else {
            return;
        };
        view.filter = filter.get_untracked();
        view.params = here.get_untracked();
        view.columns = columns.get_untracked();
        match sync.mutate(Mutation::save(view)) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(super::explain(locale.get_untracked(), e))),
        }
    };
    let toggle_default = move |_| {
        let view = (!is_default()).then(|| chosen.get_untracked()).flatten();
        match set_default_view(sync, locale.get_untracked(), page, view) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e)),
        }
    };
    let delete = move |_| {
        let Some(view) = current.get_untracked() else {
            return;
        };
        #[cfg(feature = "hydrate")]
        {
            let asked = window()
                .confirm_with_message(&format!("{}: {}?", t(Key::DeleteView), view.name))
                .unwrap_or(false);
            if !asked {
                return;
            }
        }
        match sync.mutate(Mutation::Delete { id: view.id }) {
            Ok(()) => {
                error.set(None);
                apply(None);
            }
            Err(e) => error.set(Some(super::explain(locale.get_untracked(), e))),
        }
    };
    let conditions = move || filter.with(Filter::len);
    let current_name = move || {
        current.with(|c| match c {
            Some(v) => v.name.clone(),
            None if chosen.get().is_some() => t(Key::ViewGone).to_string(),
            None => t(Key::AllView).to_string(),
        })
    };
    view! {
        <div class="view-bar" data-testid="view-bar">
            <div class="views-menu" class:open=menu>
                <button
                    type="button"
                    class="chip"
                    data-testid="views"
                    aria-expanded=move || menu.get().to_string()
                    aria-label=move || t(Key::Views)
                    on:click=move |_| menu.update(|m| *m = !*m)
                >
                    <span data-testid="view-current">{current_name}</span>
                    <Show when=move || edited.get()>
                        <span class="view-edited" data-testid="view-edited">{move || format!(" · {}", t(Key::ViewEdited))}</span>
                    </Show>
                    " ▾"
                </button>
                <Show when=move || menu.get()>
                    <ul class="views-list" data-testid="views-list">
                        <li>
                            <button type="button" data-testid="view-all" on:click=move |_| apply(None)>
                                {move || t(Key::AllView)}
                            </button>
                        </li>
                        <For each=move || views.get() key=|v| (v.id, v.version) let:v>
                            {
                                // Counted again as the copy changes while the menu is open.
                                let counted = v.clone();
                                let count = Memo::new(move |_| {
                                    sync.view.track();
                                    count_of.run(counted.clone())
                                });
                                let default = default_of.get() == Some(v.id);
                                let shared = v.sharing != Sharing::Private;
                                let name = v.name.clone();
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            data-testid="view-option"
                                            aria-current=move || (chosen.get() == Some(v.id)).then_some("true")
                                            on:click=move |_| apply(Some(&v))
                                        >
                                            <span class="view-name">{name}</span>
                                            {default.then_some(" ★")}
                                            {shared.then_some(" 👥")}
                                            <span class="count" data-testid="view-count">{move || locale.get().count(count.get() as i64)}</span>
                                        </button>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                </Show>
            </div>
            <button
                type="button"
                class="chip"
                data-testid="filter-toggle"
                aria-expanded=move || panel.get().to_string()
                aria-pressed=move || (conditions() > 0).to_string()
                on:click=move |_| panel.update(|p| *p = !*p)
            >
                {move || t(Key::FilterButton)}
                <Show when=move || { conditions() > 0 }>
                    <span class="badge" data-testid="filter-conditions">{move || locale.get().count(conditions() as i64)}</span>
                </Show>
            </button>
            <Show when=move || mine() && edited.get()>
                <button type="button" class="chip primary" data-testid="view-save-changes" on:click=save_changes>
                    {move || t(Key::SaveViewChanges)}
                </button>
            </Show>
            <Show when=move || current.with(Option::is_some)>
                <button
                    type="button"
                    class="chip"
                    data-testid="view-default-toggle"
                    aria-pressed=move || is_default().to_string()
                    on:click=toggle_default
                >
                    {move || if is_default() { "★ " } else { "☆ " }}
                    {move || t(Key::DefaultView)}
                </button>
            </Show>
            <button type="button" class="chip" data-testid="view-save" on:click=move |_| saving.update(|s| *s = !*s)>
                {move || t(Key::SaveView)}
            </button>
            <Show when=mine>
                <button type="button" class="chip danger" data-testid="view-delete" on:click=delete>
                    {move || t(Key::DeleteView)}
                </button>
            </Show>
            <super::parts::ErrorLine error testid="view-error"/>
            <Show when=move || !panel.get() && left_out.with(|g| !g.is_empty())>
                <p class="form-hint error" data-testid="filter-left-out-bar">
                    {move || t(Key::FilterLeftOut).replace("{fields}", &left_out.get().join(", "))}
                </p>
            </Show>
            <Show when=move || saving.get()>
                <SaveView page params saving stamp/>
            </Show>
            <Show when=move || panel.get()>
                {move || {
                    stamp.get();
                    view! { <FilterPanel kind stamp/> }
                }}
            </Show>
        </div>
    }
}

/// The form that saves the page as a new view.
#[component]
fn SaveView(
    page: &'static str,
    params: &'static [&'static str],
    saving: RwSignal<bool>,
    stamp: RwSignal<u32>,
) -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<Nav>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let name = RwSignal::new(String::new());
    let sharing = RwSignal::new(String::from("private"));
    let default = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // Teams this person is in or leads, and whether they may share with everyone.
    let teams = move || {
        sync.view.with(|v| {
            let me = v.user_id;
            v.teams
                .iter()
                .filter(|t| !t.deleted && me.is_some_and(|m| t.has_member(m)))
                .map(|t| (t.id, t.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let to_everyone = move || {
        sync.view
            .with(|v| matches!(v.role, Some(Role::Admin | Role::Manager)))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(owner) = sync.view.with_untracked(|v| v.user_id) else {
            return;
        };
        let chosen = sharing.get_untracked();
        let (sharing, team_id) = match chosen.as_str() {
            "everyone" => (Sharing::Everyone, None),
            "private" => (Sharing::Private, None),
            team => (Sharing::Team, Uuid::parse_str(team).ok()),
        };
        let view = SavedView {
            id: Uuid::now_v7(),
            name: name.get_untracked(),
            page: page.into(),
            filter: untrack(|| filter_in(nav)),
            params: untrack(|| nav.queries(params)).into_iter().collect(),
            columns: untrack(|| columns_in(nav)),
            owner_id: owner,
            sharing,
            team_id,
            version: 0,
            deleted: false,
        };
        let id = view.id;
        match sync.mutate(Mutation::save(view)) {
            Ok(()) => {
                if default.get_untracked()
                    && let Err(e) = set_default_view(sync, locale.get_untracked(), page, Some(id))
                {
                    error.set(Some(e));
                    return;
                }
                saving.set(false);
                stamp.update(|s| *s += 1);
                nav.set_query("view", Some(id.to_string()));
            }
            Err(e) => error.set(Some(super::explain(locale.get_untracked(), e))),
        }
    };
    view! {
        <form class="save-view" data-testid="save-view-form" on:submit=save>
            <label>
                <span>{move || t(Key::ViewName)}</span>
                <input type="text" name="view-name" maxlength="80" required prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            </label>
            <label>
                <span>{move || t(Key::SharedWith)}</span>
                <select data-testid="view-sharing" on:change=move |ev| sharing.set(event_target_value(&ev))>
                    <option value="private">{move || t(Key::OnlyMe)}</option>
                    {move || {
                        teams()
                            .into_iter()
                            .map(|(id, team)| view! { <option value=id.to_string()>{team}</option> })
                            .collect_view()
                    }}
                    <Show when=to_everyone>
                        <option value="everyone">{move || t(Key::Everyone2)}</option>
                    </Show>
                </select>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="view-default" prop:checked=default on:change=move |ev| default.set(event_target_checked(&ev))/>
                <span>{move || t(Key::DefaultView)}</span>
            </label>
            <button type="submit" class="primary" data-testid="view-save-submit">{move || t(Key::Save)}</button>
            <button type="button" on:click=move |_| saving.set(false)>{move || t(Key::Cancel)}</button>
            <super::parts::ErrorLine error testid="save-view-error"/>
        </form>
    }
}

/// One step into a filter: one of its groups, or the linked records' filter of one of its
/// conditions (`has`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Group(usize),
    Of(usize),
}

/// Where a list of conditions is in the page's filter: the filter's own (no step), a group's,
/// a link's, at most `filter::MAX_DEPTH` steps in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Path([Option<Step>; filter::MAX_DEPTH]);

impl Path {
    /// Whether a condition here may reach across a link: its linked conditions would stand one
    /// step further in, which the filter's rules allow only under `filter::MAX_DEPTH`.
    fn links_allowed(self) -> bool {
        self.0.iter().flatten().count() + 1 < filter::MAX_DEPTH
    }

    fn then(self, step: Step) -> Path {
        let mut next = self;
        if let Some(free) = next.0.iter_mut().find(|s| s.is_none()) {
            *free = Some(step);
        }
        next
    }
}

/// The filter at `path` in `f`.
fn filter_at(f: &Filter, path: Path) -> Option<&Filter> {
    path.0.iter().flatten().try_fold(f, |f, step| match *step {
        Step::Group(g) => f.groups.get(g),
        Step::Of(c) => f.conditions.get(c)?.of.as_ref(),
    })
}

fn filter_at_mut(f: &mut Filter, path: Path) -> Option<&mut Filter> {
    let mut f = f;
    for step in path.0.iter().flatten() {
        f = match *step {
            Step::Group(g) => f.groups.get_mut(g)?,
            Step::Of(c) => f.conditions.get_mut(c)?.of.as_mut()?,
        };
    }
    Some(f)
}

/// The declared kind of this name (the builder's components keep kinds as `&'static str`).
fn kind_named(name: &str) -> Option<&'static str> {
    crate::domain::Record::KINDS
        .iter()
        .copied()
        .find(|k| *k == name)
}

/// The operators offered for a field: its shape's, but "one of" for a contact or a company (a
/// list of thousands): those are found by name.
/// No operator reaches across a link where its conditions could not nest (`Path::links_allowed`).
fn offered(shape: &Shape, path: Path) -> Vec<Op> {
    shape
        .ops()
        .iter()
        .copied()
        .filter(|op| path.links_allowed() || !links(*op))
        .filter(|op| match shape {
            Shape::Link(k) if k == "contact" || k == "company" => {
                !matches!(op, Op::OneOf | Op::NoneOf)
            }
            _ => true,
        })
        .collect()
}

/// Whether an operator reaches across a link (and so takes the linked records' filter).
fn links(op: Op) -> bool {
    matches!(op, Op::Has | Op::HasNone)
}

/// A new condition on `field`: its usual operator, with a value where one is obvious.
fn fresh(field: &FilterField, path: Path) -> Condition {
    let op = offered(&field.shape, path)[0];
    let values = match (&field.shape, op) {
        (Shape::YesNo, _) => vec!["yes".into()],
        (Shape::Date, Op::Within) => vec![Period::ThisMonth.code().into()],
        _ => Vec::new(),
    };
    Condition {
        field: field.key.clone(),
        op,
        values,
        of: links(op).then(Filter::default),
    }
}

/// The labels of the fields of conditions on fields that are gone (a custom field deleted
/// since the view was saved), at every depth.
fn gone_fields(kind: &str, f: &Filter, store: &Store, l: Locale, out: &mut Vec<String>) {
    let fields = filter::fields(kind, store);
    for c in &f.conditions {
        match fields.iter().find(|x| x.key == c.field) {
            None => out.push(l.field_label(kind, &c.field)),
            Some(x) => {
                if let (Some(of), Some(reached)) = (&c.of, x.shape.reaches()) {
                    gone_fields(reached, of, store, l, out);
                }
            }
        }
    }
    for g in &f.groups {
        gone_fields(kind, g, store, l, out);
    }
}

/// The filter builder: a row per condition (field, how it is compared, with what), "all of" or
/// "any of" them, groups with their own, and, under a condition across a link ("deals: has one
/// where"), the linked records' own conditions.
#[component]
fn FilterPanel(kind: &'static str, stamp: RwSignal<u32>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let filter = Memo::new(move |_| filter_in(nav));
    let groups = move || filter.with(|f| f.groups.len());
    let first = move || {
        sync.view
            .with_untracked(|v| filter::fields(kind, v).first().cloned())
    };
    let add = move |_| {
        let Some(first) = first() else {
            return;
        };
        edit(nav, |f| f.conditions.push(fresh(&first, Path::default())));
    };
    let add_group = move |_| {
        let Some(first) = first() else {
            return;
        };
        edit(nav, |f| {
            f.groups.push(Filter {
                any: true,
                conditions: vec![fresh(&first, Path::default().then(Step::Group(0)))],
                groups: Vec::new(),
            })
        });
    };
    let left_out = move || {
        let l = locale.get();
        let mut gone = Vec::new();
        filter.with(|f| sync.view.with(|v| gone_fields(kind, f, v, l, &mut gone)));
        (!gone.is_empty()).then(|| t(Key::FilterLeftOut).replace("{fields}", &gone.join(", ")))
    };
    view! {
        <div class="filter-panel" data-testid="filter-panel">
            <Conditions kind path=Path::default() filter stamp adds=None/>
            <For each=move || 0..groups() key=|g| *g let:g>
                <div class="filter-group" data-testid="filter-group">
                    <Conditions kind path=Path::default().then(Step::Group(g)) filter stamp adds=Some("filter-add-in-group")/>
                </div>
            </For>
            <div class="filter-actions">
                <button type="button" class="chip" data-testid="filter-add" on:click=add>
                    {move || format!("+ {}", t(Key::FilterAdd))}
                </button>
                <button type="button" class="chip" data-testid="filter-add-group" on:click=add_group>
                    {move || format!("+ {}", t(Key::FilterAddGroup))}
                </button>
            </div>
            {move || left_out().map(|text| view! { <p class="form-hint" data-testid="filter-left-out">{text}</p> })}
        </div>
    }
}

/// The conditions at `path` (the filter's own, a group's, a link's) over records of `kind`:
/// "all of" or "any of" them, a row each, and (with `adds`, the button's test id) a way to add
/// one there.
#[component]
fn Conditions(
    kind: &'static str,
    path: Path,
    filter: Memo<Filter>,
    stamp: RwSignal<u32>,
    adds: Option<&'static str>,
) -> AnyView {
    let nav = expect_context::<Nav>();
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    // A field that only reaches across a link is not offered where links cannot nest.
    let fields = Memo::new(move |_| {
        let mut fields = sync.view.with(|v| filter::fields(kind, v));
        fields.retain(|f| !offered(&f.shape, path).is_empty());
        fields
    });
    let count = move || filter.with(|f| filter_at(f, path).map_or(0, |f| f.conditions.len()));
    let add = move |_| {
        let Some(first) = fields.with_untracked(|fs| fs.first().cloned()) else {
            return;
        };
        edit(nav, |f| {
            if let Some(f) = filter_at_mut(f, path) {
                f.conditions.push(fresh(&first, path));
            }
        });
    };
    view! {
        <Match path filter/>
        <For each=move || 0..count() key=|at| *at let:at>
            <ConditionRow kind path at filter fields stamp/>
        </For>
        {adds.map(|testid| view! {
            <button type="button" class="link" data-testid=testid on:click=add>
                {move || format!("+ {}", t(Key::FilterAdd))}
            </button>
        })}
    }
    .into_any()
}

/// "All of these" or "any of these", for the conditions at `path`.
#[component]
fn Match(path: Path, filter: Memo<Filter>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let any = move || filter.with(|f| filter_at(f, path).is_some_and(|f| f.any));
    let set = move |ev: leptos::ev::Event| {
        let any = event_target_value(&ev) == "any";
        edit(nav, |f| {
            if let Some(f) = filter_at_mut(f, path) {
                f.any = any;
            }
        });
    };
    view! {
        <select class="filter-match" data-testid="filter-match" on:change=set prop:value=move || if any() { "any" } else { "all" }>
            <option value="all" selected=move || !any()>{move || t(Key::FilterAll)}</option>
            <option value="any" selected=any>{move || t(Key::FilterAny)}</option>
        </select>
    }
}

/// One condition: its field, its operator, its values, and a way to remove it; under one
/// across a link, the linked records' conditions.
#[component]
fn ConditionRow(
    kind: &'static str,
    path: Path,
    at: usize,
    filter: Memo<Filter>,
    fields: Memo<Vec<FilterField>>,
    stamp: RwSignal<u32>,
) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let condition = Memo::new(move |_| {
        filter.with(|f| {
            filter_at(f, path)
                .and_then(|f| f.conditions.get(at))
                .cloned()
        })
    });
    let key = Memo::new(move |_| condition.with(|c| c.as_ref().map(|c| c.field.clone())));
    let shape = Memo::new(move |_| {
        let key = key.get()?;
        fields.with(|fs| fs.iter().find(|f| f.key == key).map(|f| f.shape.clone()))
    });
    let op = Memo::new(move |_| condition.with(|c| c.as_ref().map(|c| c.op)));
    let change = move |f: Box<dyn FnOnce(&mut Condition)>| {
        edit(nav, |filter| {
            if let Some(c) = filter_at_mut(filter, path).and_then(|f| f.conditions.get_mut(at)) {
                f(c);
            }
        });
    };
    let pick_field = move |ev: leptos::ev::Event| {
        let wanted = event_target_value(&ev);
        let Some(field) = fields.with_untracked(|fs| fs.iter().find(|f| f.key == wanted).cloned())
        else {
            return;
        };
        change(Box::new(move |c| *c = fresh(&field, path)));
        // Another field of the same shape keeps the same inputs: drawn again, empty.
        stamp.update(|s| *s += 1);
    };
    let pick_op = move |ev: leptos::ev::Event| {
        let Some(op) = Op::parse(&event_target_value(&ev)) else {
            return;
        };
        let shape = shape.get_untracked();
        change(Box::new(move |c| {
            let kept = c.op.takes() == op.takes() && (c.op == Op::Within) == (op == Op::Within);
            c.op = op;
            if !kept {
                c.values = match (shape, op) {
                    (Some(Shape::Date), Op::Within) => vec![Period::ThisMonth.code().into()],
                    _ => Vec::new(),
                };
            }
            // "Has one where" and "has none where" share the linked records' conditions.
            c.of = links(op).then(|| c.of.take().unwrap_or_default());
        }));
    };
    let remove = move |_| {
        edit(nav, |f| {
            if let Some(f) = filter_at_mut(f, path)
                && at < f.conditions.len()
            {
                f.conditions.remove(at);
            }
            // A group left without conditions goes too.
            f.groups
                .retain(|g| !g.conditions.is_empty() || !g.groups.is_empty());
        });
        stamp.update(|s| *s += 1);
    };
    let field_options = move || {
        let l = locale.get();
        let chosen = key.get().unwrap_or_default();
        let mut options: Vec<(String, String)> = fields.with(|fs| {
            fs.iter()
                .map(|f| (f.key.clone(), l.field_label(kind, &f.key)))
                .collect()
        });
        if !options.iter().any(|(k, _)| *k == chosen) {
            options.push((chosen.clone(), l.field_label(kind, &chosen)));
        }
        options
            .into_iter()
            .map(|(k, label)| {
                let selected = k == chosen;
                view! { <option value=k selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let op_options = move || {
        let l = locale.get();
        let Some(shape) = shape.get() else {
            return Vec::new();
        };
        let chosen = op.get();
        let of_days = shape == Shape::Date;
        offered(&shape, path)
            .into_iter()
            .map(|o| {
                view! { <option value=o.code() selected=Some(o) == chosen>{l.filter_op(o, of_days)}</option> }
            })
            .collect::<Vec<_>>()
    };
    let editor = move || {
        let (Some(shape), Some(op)) = (shape.get(), op.get()) else {
            return ().into_any();
        };
        let values = untrack(|| condition.get().map(|c| c.values).unwrap_or_default());
        values_editor(
            shape,
            op,
            values,
            Callback::new(move |values: Vec<String>| {
                change(Box::new(move |c| c.values = values));
            }),
        )
    };
    // The linked records' own conditions, over their kind's fields.
    let reached = Memo::new(move |_| {
        let shape = shape.get()?;
        op.get().filter(|o| links(*o) && path.links_allowed())?;
        kind_named(shape.reaches()?)
    });
    let linked = move || {
        reached.get().map(|reached| {
            view! {
                <div class="filter-group filter-linked" data-testid="filter-linked">
                    <Conditions kind=reached path=path.then(Step::Of(at)) filter stamp adds=Some("filter-add-linked")/>
                </div>
            }
        })
    };
    view! {
        <div class="filter-row" data-testid="filter-row">
            <select data-testid="filter-field" aria-label=move || t(Key::FilterField) on:change=pick_field>
                {field_options}
            </select>
            <select data-testid="filter-op" aria-label=move || t(Key::FilterOperator) on:change=pick_op>
                {op_options}
            </select>
            {editor}
            <button type="button" class="remove" data-testid="filter-remove" aria-label=move || t(Key::FilterRemove) title=move || t(Key::FilterRemove) on:click=remove>
                "×"
            </button>
        </div>
        {linked}
    }
}

/// A number as typed in the reader's language (their digits, group marks and decimal mark),
/// as a filter writes it; text that is no number is kept as typed (the condition then holds
/// nothing back until it reads).
fn typed_number(l: Locale, text: &str) -> String {
    let western = crate::domain::reading::western_digits(text.trim());
    let plain: String = western
        .chars()
        .filter(|c| !l.group_marks().contains(c) && !c.is_whitespace())
        .map(|c| {
            if c == l.decimal_separator() || c == '\u{066B}' {
                '.'
            } else {
                c
            }
        })
        .collect();
    if plain.parse::<f64>().is_ok() {
        plain
    } else {
        text.trim().to_string()
    }
}

/// The inputs of a condition's values, as its field's shape and operator take them.
fn values_editor(shape: Shape, op: Op, values: Vec<String>, set: Callback<Vec<String>>) -> AnyView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let first = values.first().cloned().unwrap_or_default();
    match (op.takes(), &shape, op) {
        (Takes::None, _, _) => ().into_any(),
        (_, Shape::Text, _) | (_, Shape::Link(_), Op::Contains) => view! {
            <input
                type="text"
                data-testid="filter-value"
                aria-label=move || t(Key::FilterValue)
                value=first
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    set.run(if text.trim().is_empty() { Vec::new() } else { vec![text] });
                }
            />
        }
        .into_any(),
        (takes, Shape::Number | Shape::Money, _) => {
            let held = RwSignal::new(values.clone());
            let input = move |i: usize| {
                let shown = held.with_untracked(|v| v.get(i).cloned().unwrap_or_default());
                view! {
                    <input
                        type="text"
                        inputmode="decimal"
                        data-testid="filter-number"
                        aria-label=move || t(Key::FilterValue)
                        value=shown
                        on:input=move |ev| {
                            let text = typed_number(locale.get_untracked(), &event_target_value(&ev));
                            held.update(|v| {
                                v.resize(if takes == Takes::Two { 2 } else { 1 }, String::new());
                                v[i] = text;
                            });
                            let all = held.get_untracked();
                            set.run(if all.iter().any(|v| v.is_empty()) { Vec::new() } else { all });
                        }
                    />
                }
            };
            match takes {
                Takes::Two => view! { <span class="filter-between">{input(0)}" – "{input(1)}</span> }.into_any(),
                _ => input(0).into_any(),
            }
        }
        (_, Shape::Date, Op::Within) => view! {
            <select
                data-testid="filter-period"
                aria-label=move || t(Key::FilterValue)
                on:change=move |ev| set.run(vec![event_target_value(&ev)])
            >
                {Period::ALL
                    .into_iter()
                    .map(|p| {
                        let selected = p.code() == first;
                        view! { <option value=p.code() selected=selected>{move || locale.get().period(p)}</option> }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        (takes, Shape::Date, _) => {
            let count = if takes == Takes::Two { 2 } else { 1 };
            let days: Vec<RwSignal<String>> = (0..count)
                .map(|i| RwSignal::new(values.get(i).cloned().unwrap_or_default()))
                .collect();
            let all = days.clone();
            Effect::new(move |previous: Option<()>| {
                let held: Vec<String> = all.iter().map(|d| d.get()).collect();
                if previous.is_some() {
                    let valid = held
                        .iter()
                        .all(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok());
                    set.run(if valid { held } else { Vec::new() });
                }
            });
            days.into_iter()
                .map(|value| {
                    view! {
                        <super::date_input::DateInput value name="filter-day" label=Key::FilterValue testid="filter-day"/>
                    }
                })
                .collect_view()
                .into_any()
        }
        (_, Shape::YesNo, _) => view! {
            <select data-testid="filter-yes-no" aria-label=move || t(Key::FilterValue) on:change=move |ev| set.run(vec![event_target_value(&ev)])>
                <option value="yes" selected=first == "yes">{move || t(Key::Yes)}</option>
                <option value="no" selected=first == "no">{move || t(Key::No)}</option>
            </select>
        }
        .into_any(),
        (_, Shape::Choice(_) | Shape::Choices(_) | Shape::Link(_) | Shape::Links(_), _) => {
            view! { <Choices shape values set/> }.into_any()
        }
        // Its linked records' conditions are under the row.
        (_, Shape::Related { .. }, _) => ().into_any(),
    }
}

/// Ticks for "one of": the options of a dropdown, or the records of a kind (with "me" and "my
/// team" for people and teams).
#[component]
fn Choices(shape: Shape, values: Vec<String>, set: Callback<Vec<String>>) -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let held = RwSignal::new(values);
    let choices = move || -> Vec<(String, String)> {
        let l = locale.get();
        let special = |codes: &[(&str, Key)]| -> Vec<(String, String)> {
            codes
                .iter()
                .map(|(c, k)| (c.to_string(), l.t(*k).to_string()))
                .collect()
        };
        sync.view.with(|v| match &shape {
            Shape::Choice(options) | Shape::Choices(options) => {
                // Where a lead stands: said in words, not codes.
                let stands: Vec<_> = options
                    .iter()
                    .map(|(code, _)| Qualification::parse(code))
                    .collect();
                match stands.iter().all(Option::is_some) {
                    true => options
                        .iter()
                        .zip(stands.into_iter().flatten())
                        .map(|((code, _), q)| {
                            (code.clone(), super::lead_scoring::qualification_label(l, q))
                        })
                        .collect(),
                    false => options.clone(),
                }
            }
            Shape::Link(kind) | Shape::Links(kind) => {
                let mut out = match kind.as_str() {
                    "user" => special(&[("me", Key::Me), ("my_team", Key::MyTeam)]),
                    "team" => special(&[("my_team", Key::MyTeam)]),
                    _ => Vec::new(),
                };
                match kind.as_str() {
                    "user" => {
                        out.extend(v.users.iter().map(|u| (u.id.to_string(), u.name.clone())))
                    }
                    kind => v.each_record(&mut |r| {
                        if r.kind() == kind {
                            let record = r.to_record();
                            if !record.is_deleted() {
                                out.push((record.id().to_string(), record.display_name(v)));
                            }
                        }
                    }),
                }
                out
            }
            _ => Vec::new(),
        })
    };
    view! {
        <div class="filter-choices" data-testid="filter-choices">
            {move || {
                choices()
                    .into_iter()
                    .map(|(id, label)| {
                        let checked = held.with_untracked(|h| h.contains(&id));
                        let value = id.clone();
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    value=id
                                    prop:checked=checked
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        held.update(|h| {
                                            h.retain(|x| *x != value);
                                            if on {
                                                h.push(value.clone());
                                            }
                                        });
                                        set.run(held.get_untracked());
                                    }
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}
