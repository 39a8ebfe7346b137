//! Contacts and companies: the lists, creating and editing them, and each one's page with its
//! opportunities, activities and timeline (every change from the change log, and every
//! activity, newest first, with who did it).

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use uuid::Uuid;

use super::routes::Page;
use super::{explain, use_locale};
use crate::domain::filter::Filter;
use crate::domain::{Company, Contact, Mutation, Record, Subject};
use crate::export::{Cell, Sheet};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

pub(super) mod order;
use order::{Listed, Order};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Selected {
    Contact(Uuid),
    Company(Uuid),
}

/// What a list is asked for: the words searched (lower case), the conditions, which records
/// the server said they keep (`in_all`), and the order.
struct Asked<'a> {
    needle: &'a str,
    conditions: &'a Filter,
    /// When the server has said which the conditions keep over everything the organisation
    /// holds (a segment's, `SegmentInAll`): those, rather than what this copy keeps by them (it
    /// may not hold the deals that put a company in, or keep it out).
    in_all: Option<&'a Answer>,
    order: &'a Order,
}

/// The ids of `rows` (records of `kind`: contacts or companies) that are live, that the search
/// finds (`found`) and that the conditions keep, in the list's order.
fn kept<'a, T: order::Listed + 'a>(
    v: &crate::sync::view::Snapshot,
    kind: &str,
    rows: impl Iterator<Item = &'a T>,
    found: impl Fn(&T) -> bool,
    asked: &Asked,
    (today, reading): (
        chrono::NaiveDate,
        (crate::i18n::Locale, crate::i18n::Calendar),
    ),
) -> Vec<Uuid> {
    let cx = super::views::context(&v.store, v.user_id, today, reading);
    let keeper = crate::domain::filter::Keeper::new(asked.conditions, kind, &cx);
    let kept: Vec<&T> = rows
        .filter(|r| !r.is_deleted() && found(r))
        .filter(|r| {
            let here = keeper.is_empty() || keeper.keeps(*r);
            match asked.in_all {
                // Judged otherwise by this copy than when the server answered: the record, or
                // one it hangs on, has changed since, here or in a pull; the copy's word is the
                // newer.
                Some(answer) if here != answer.here.contains(&r.id()) => here,
                Some(answer) => answer.ids.contains(&r.id()),
                None => here,
            }
        })
        .collect();
    order::ordered(&v.store, kept, asked.order, (today, reading.1))
}

/// The live contacts whose name, email, phone or company holds the words searched and that
/// the conditions keep, in order: their ids.
fn kept_contacts(
    v: &crate::sync::view::Snapshot,
    asked: &Asked,
    today: chrono::NaiveDate,
    reading: (crate::i18n::Locale, crate::i18n::Calendar),
) -> Vec<Uuid> {
    let needle = asked.needle;
    kept(
        v,
        "contact",
        v.contacts.values(),
        |c| {
            needle.is_empty()
                || ["name", "email", "phone", "company_id"].iter().any(|f| {
                    order::Listed::text(c, f, &v.store)
                        .to_lowercase()
                        .contains(needle)
                })
        },
        asked,
        (today, reading),
    )
}

/// The live companies whose name holds the words searched and that the conditions keep (a
/// segment's, across their deals and contacts), in order: their ids.
fn kept_companies(
    v: &crate::sync::view::Snapshot,
    asked: &Asked,
    today: chrono::NaiveDate,
    reading: (crate::i18n::Locale, crate::i18n::Calendar),
) -> Vec<Uuid> {
    let needle = asked.needle;
    kept(
        v,
        "company",
        v.companies.values(),
        |c| needle.is_empty() || c.name.to_lowercase().contains(needle),
        asked,
        (today, reading),
    )
}

/// The custom values of a record of `kind` as its row in a list shows them: each field that has
/// one (a formula computed), its key, its label and the value as the reader reads it.
pub(super) fn custom_cells<T: serde::Serialize>(
    v: &crate::sync::view::Snapshot,
    kind: &str,
    record: &T,
    values: &crate::domain::CustomValues,
    today: chrono::NaiveDate,
    (l, calendar): (crate::i18n::Locale, crate::i18n::Calendar),
) -> Vec<CustomSpan> {
    let fields = crate::domain::custom_field::of_kind(v, kind);
    if fields.is_empty() {
        return Vec::new();
    }
    let formulas = crate::domain::formula::Formulas::of(v, kind);
    let cx = crate::domain::formula::Context { store: v, today };
    let values = formulas.lay_over_record(record, values, &cx);
    fields
        .into_iter()
        .filter_map(|f| {
            let value = values.get(&f.key)?;
            let shown = super::custom::shown(l, calendar, f, value, v);
            let colour = super::custom::colour_of(f, value);
            (!shown.is_empty()).then(|| (f.key.clone(), l.custom_label(f), shown, colour))
        })
        .collect()
}

/// A custom value in a list's row: the field's key, its label, the value as the reader reads
/// it, and its colour (a dropdown's option's).
pub(super) type CustomSpan = (String, String, String, Option<u8>);

/// The custom values of a row, those its list shows (`shown`, by key).
pub(super) fn custom_spans(cells: Vec<CustomSpan>, shown: impl Fn(&str) -> bool) -> impl IntoView {
    cells
        .into_iter()
        .filter(|(key, ..)| shown(key))
        .map(|(key, label, text, colour)| {
            view! { <span class="muted custom" data-field=key title=label.clone() data-label=label dir="auto">{super::custom::coloured(text, colour)}</span> }
        })
        .collect_view()
}

#[component]
pub fn Contacts() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let nav = expect_context::<super::routes::Nav>();
    let shown = expect_context::<super::routes::Shown>();
    // The search is in the address (with the conditions), so a list can be sent and saved as a
    // view; the words typed are held here first, so none is lost to an address replaced while
    // they are typed.
    let search = RwSignal::new(nav.query("q").unwrap_or_default());
    Effect::new(move |_| {
        let q = nav.query("q").unwrap_or_default();
        if search.with_untracked(|w| w.trim() != q.trim()) {
            search.set(q);
        }
    });
    // Which list: the address says (`/companies`, or a company's page).
    let companies_tab =
        Memo::new(move |_| matches!(shown.page(), Page::Companies | Page::Company(_)));
    // The contact or company whose page is open: the address says.
    let selected = Memo::new(move |_| match shown.page() {
        Page::Contact(id) => Some(Selected::Contact(id)),
        Page::Company(id) => Some(Selected::Company(id)),
        _ => None,
    });
    // Shown once it is in this browser's copy (after a reload, once the cache is read).
    let found = Memo::new(move |_| {
        selected.get().filter(|s| {
            sync.view.with(|v| match s {
                Selected::Contact(id) => v.contacts.get(id).is_some_and(|c| !c.deleted),
                Selected::Company(id) => v.companies.get(id).is_some_and(|c| !c.deleted),
            })
        })
    });
    let needle = move || search.get().trim().to_lowercase();
    // The contacts and the companies the search keeps, by name: their ids only (a list of
    // 100,000 is not copied at each change); a page of them is shown, the file has them all.
    // The contacts, only those the filter builder's conditions keep too (`f` in the address, a
    // saved view's).
    let conditions = Memo::new(move |_| super::views::filter_in(nav));
    let today = super::use_today();
    let reading = super::views::use_reading();
    // What the server last counted in a segment over the whole organisation.
    let answers = expect_context::<SegmentAnswers>();
    // Sorted and grouped as the address says (a saved view's too).
    let order = Memo::new(move |_| Order::read(nav.query("sort"), nav.query("group")));
    let contact_ids = Memo::new(move |_| {
        let n = needle();
        let (c, today, reading) = (conditions.get(), today.get(), reading());
        order.with(|order| {
            answers.with("contact", &c, (today, reading), |in_all| {
                let asked = Asked {
                    needle: &n,
                    conditions: &c,
                    in_all,
                    order,
                };
                sync.view.with(|v| kept_contacts(v, &asked, today, reading))
            })
        })
    });
    let count_of = Callback::new(move |view: crate::domain::SavedView| {
        let (today, reading) = (today.get_untracked(), untrack(reading));
        let n = view.params.get("q").cloned().unwrap_or_default();
        let kept = match view.page.as_str() {
            "companies" => kept_companies,
            _ => kept_contacts,
        };
        let kind = if view.page == "companies" {
            "company"
        } else {
            "contact"
        };
        untrack(|| {
            answers.with(kind, &view.filter, (today, reading), |in_all| {
                let asked = Asked {
                    needle: &n.trim().to_lowercase(),
                    conditions: &view.filter,
                    in_all,
                    order: &Order::default(),
                };
                sync.view.with(|v| kept(v, &asked, today, reading).len())
            })
        })
    });
    let company_ids = Memo::new(move |_| {
        let n = needle();
        let (c, today, reading) = (conditions.get(), today.get(), reading());
        order.with(|order| {
            answers.with("company", &c, (today, reading), |in_all| {
                let asked = Asked {
                    needle: &n,
                    conditions: &c,
                    in_all,
                    order,
                };
                sync.view
                    .with(|v| kept_companies(v, &asked, today, reading))
            })
        })
    });
    // Contacts with their company's name, as listed.
    let contact_rows = move |ids: &[Uuid]| {
        sync.view.with(|v| {
            ids.iter()
                .filter_map(|id| v.contacts.get(id))
                .map(|c| {
                    let company = c
                        .company_id
                        .and_then(|id| v.companies.get(&id).map(|x| x.name.clone()))
                        .unwrap_or_default();
                    (c.clone(), company)
                })
                .collect::<Vec<_>>()
        })
    };
    let company_rows = move |ids: &[Uuid]| {
        sync.view.with(|v| {
            ids.iter()
                .filter_map(|id| v.companies.get(id).cloned())
                .collect::<Vec<_>>()
        })
    };
    // A row's custom values, as the reader reads them (a page of rows at a time).
    let row_custom = move |kind: &'static str, id: Uuid| {
        let (today, reading) = (today.get(), reading());
        sync.view
            .with(|v| match kind {
                "company" => v
                    .companies
                    .get(&id)
                    .map(|c| custom_cells(v, kind, c, &c.custom, today, reading)),
                _ => v
                    .contacts
                    .get(&id)
                    .map(|c| custom_cells(v, kind, c, &c.custom, today, reading)),
            })
            .unwrap_or_default()
    };
    // The columns the address shows (`cols`, a saved view's): the name always.
    let cols = Memo::new(move |_| super::list::shown_columns(nav.query("cols")));
    let on = move |code: &str| cols.with(|c| super::list::is_shown(c, code));
    let page = RwSignal::new(0usize);
    // A new search, or the other list, starts at its first page.
    Effect::new(move |_| {
        search.track();
        companies_tab.track();
        page.set(0);
    });
    let on_page = move |ids: &[Uuid]| super::parts::on_page(ids, page.get()).to_vec();
    // The heading each row of the page opens, when the list is grouped and its group changes
    // there.
    let headings = move |kind: &'static str, ids: &[Uuid]| -> HashMap<Uuid, String> {
        let group = order.with(|o| o.group.clone());
        if group.is_empty() {
            return HashMap::new();
        }
        let (today, reading) = (today.get(), reading());
        sync.view.with(|v| {
            let mut last = None;
            let mut opened = HashMap::new();
            for id in ids {
                let label = match kind {
                    "company" => v
                        .companies
                        .get(id)
                        .and_then(|c| order::group_of(&v.store, c, &group, reading, today)),
                    _ => v
                        .contacts
                        .get(id)
                        .and_then(|c| order::group_of(&v.store, c, &group, reading, today)),
                };
                if let Some(label) = label.clone().filter(|_| label != last) {
                    opened.insert(*id, label);
                }
                last = label;
            }
            opened
        })
    };
    let contacts = move || {
        contact_ids.with(|ids| {
            let shown = on_page(ids);
            let mut heads = headings("contact", &shown);
            contact_rows(&shown)
                .into_iter()
                .map(|(c, company)| {
                    let heading = heads.remove(&c.id);
                    (c, company, heading)
                })
                .collect::<Vec<_>>()
        })
    };
    let companies = move || {
        company_ids.with(|ids| {
            let shown = on_page(ids);
            let mut heads = headings("company", &shown);
            company_rows(&shown)
                .into_iter()
                .map(|c| {
                    let heading = heads.remove(&c.id);
                    (c, heading)
                })
                .collect::<Vec<_>>()
        })
    };
    let count = Signal::derive(move || {
        if companies_tab.get() {
            company_ids.with(Vec::len)
        } else {
            contact_ids.with(Vec::len)
        }
    });
    // Whichever of the two lists is shown, as a file: the rows the search keeps, by name.
    let formats = super::export::Formats::here();
    let choice = expect_context::<super::CalendarChoice>();
    let today = super::use_today();
    let sheet = Callback::new(move |_| {
        let l = formats.locale();
        let calendar = untrack(|| choice.for_locale(l));
        // The kind's custom fields: a column each, after the others.
        let kind = if companies_tab.get_untracked() {
            "company"
        } else {
            "contact"
        };
        let fields: Vec<crate::domain::CustomField> = sync.view.with_untracked(|v| {
            crate::domain::custom_field::of_kind(v, kind)
                .into_iter()
                .cloned()
                .collect()
        });
        let custom_header = fields.iter().map(|f| l.custom_label(f));
        let today = today.get_untracked();
        // The kind's formulas, checked once for every row; the records' fields are read only
        // when there are some.
        let formulas = sync
            .view
            .with_untracked(|v| crate::domain::formula::Formulas::of(v, kind));
        let computes = !formulas.is_empty();
        let custom_cells =
            |values: &crate::domain::CustomValues,
             record: serde_json::Map<String, serde_json::Value>| {
                sync.view.with_untracked(|v| {
                    let values = formulas.lay_over(
                        values,
                        || record,
                        &crate::domain::formula::Context { store: v, today },
                    );
                    fields
                        .iter()
                        .map(|f| {
                            super::custom::cell(formats, (l, calendar), f, values.get(&f.key), v)
                        })
                        .collect::<Vec<_>>()
                })
            };
        if companies_tab.get_untracked() {
            let col = |field| l.field_label("company", field);
            Sheet {
                name: l.t(Key::Companies).to_string(),
                header: ["name", "email", "phone", "address"]
                    .map(col)
                    .into_iter()
                    .chain(custom_header)
                    .collect(),
                rows: company_ids
                    .with_untracked(|ids| company_rows(ids))
                    .into_iter()
                    .map(|c| {
                        let record = if computes {
                            crate::domain::formula::fields_of(&c)
                        } else {
                            Default::default()
                        };
                        let extra = custom_cells(&c.custom, record);
                        [c.name, c.email, c.phone, c.address]
                            .map(Cell::text)
                            .into_iter()
                            .chain(extra)
                            .collect()
                    })
                    .collect(),
            }
        } else {
            let col = |field| l.field_label("contact", field);
            Sheet {
                name: l.t(Key::Contacts).to_string(),
                header: ["name", "company_id", "job_title", "email", "phone"]
                    .map(col)
                    .into_iter()
                    .chain(custom_header)
                    .collect(),
                rows: contact_ids
                    .with_untracked(|ids| contact_rows(ids))
                    .into_iter()
                    .map(|(c, company)| {
                        let record = if computes {
                            crate::domain::formula::fields_of(&c)
                        } else {
                            Default::default()
                        };
                        let extra = custom_cells(&c.custom, record);
                        [c.name, company, c.job_title, c.email, c.phone]
                            .map(Cell::text)
                            .into_iter()
                            .chain(extra)
                            .collect()
                    })
                    .collect(),
            }
        }
    });
    view! {
        <section class="page contacts" data-testid="contacts">
            <header class="page-header">
                <h2>{move || t(if companies_tab.get() { Key::Companies } else { Key::Contacts })}</h2>
                // How many the search and the conditions keep (a segment's live count).
                <span class="filter-count" data-testid="list-count" role="status">{move || locale.get().count(count.get() as i64)}</span>
                <div class="view-switch" role="group">
                    <button type="button" data-testid="show-contacts-list" class:on=move || !companies_tab.get() on:click=move |_| nav.go(&Page::Contacts)>
                        {move || t(Key::Contacts)}
                    </button>
                    <button type="button" data-testid="show-companies" class:on=move || companies_tab.get() on:click=move |_| nav.go(&Page::Companies)>
                        {move || t(Key::Companies)}
                    </button>
                </div>
                <input
                    type="search"
                    class="search"
                    placeholder=move || t(Key::Search)
                    aria-label=move || t(Key::Search)
                    prop:value=search
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        search.set(typed.clone());
                        nav.set_query("q", (!typed.trim().is_empty()).then_some(typed));
                    }
                />
                <super::parts::PageTools>
                    <super::export::Export
                        name=Signal::derive(move || if companies_tab.get() { "companies" } else { "contacts" })
                        sheet
                    />
                    <super::import::ImportLink kind=Signal::derive(move || if companies_tab.get() { "company" } else { "contact" })/>
                    <button type="button" class="import-link" data-testid="duplicates-link" on:click=move |_| {
                        let kind = if companies_tab.get_untracked() { "company" } else { "contact" };
                        nav.go_with(&Page::Duplicates, &format!("?kind={kind}"));
                    }>
                        {move || t(Key::Duplicates)}
                    </button>
                </super::parts::PageTools>
            </header>
            <Show when=move || companies_tab.get() fallback=move || view! {
                <super::views::ViewBar page="contacts" params=PARAMS count_of/>
                <OrderTools kind="contact" own=Contact::OWN groups=Contact::GROUPS hideable=&["company_id", "email", "phone"] order cols/>
                <SegmentInAll kind="contact" conditions/>
                <ContactForm contact=None/>
                <ul class="rows">
                    <For each=contacts key=|(c, company, heading)| (c.id, c.version, company.clone(), heading.clone()) let:row>
                        {
                            let id = row.0.id;
                            view! {
                                {row.2.map(|h| view! { <li class="group-heading" data-testid="group-heading" dir="auto">{h}</li> })}
                                <li class="row" data-testid="contact-row" on:click=move |_| nav.go(&Page::Contact(id))>
                                    <strong class="row-title" dir="auto">{row.0.name.clone()}</strong>
                                    <span class="company" hidden=move || !on("company_id")>{row.1.clone()}</span>
                                    <span class="muted" hidden=move || !on("email")>{row.0.email.clone()}</span>
                                    <span class="muted" dir="ltr" hidden=move || !on("phone")>{row.0.phone.clone()}</span>
                                    {move || custom_spans(row_custom("contact", id), on)}
                                </li>
                            }
                        }
                    </For>
                </ul>
            }>
                <super::views::ViewBar page="companies" params=PARAMS count_of/>
                <OrderTools kind="company" own=Company::OWN groups=Company::GROUPS hideable=&["email", "phone", "address"] order cols/>
                <SegmentInAll kind="company" conditions/>
                <CompanyForm company=None/>
                <ul class="rows">
                    <For each=companies key=|(c, heading)| (c.id, c.version, heading.clone()) let:row>
                        {
                            let (company, heading) = row;
                            let id = company.id;
                            view! {
                                {heading.map(|h| view! { <li class="group-heading" data-testid="group-heading" dir="auto">{h}</li> })}
                                <li class="row" data-testid="company-row" on:click=move |_| nav.go(&Page::Company(id))>
                                    <strong class="row-title" dir="auto">{company.name.clone()}</strong>
                                    <span class="muted" hidden=move || !on("email")>{company.email.clone()}</span>
                                    <span class="muted" dir="ltr" hidden=move || !on("phone")>{company.phone.clone()}</span>
                                    <span class="muted" hidden=move || !on("address")>{company.address.clone()}</span>
                                    {move || custom_spans(row_custom("company", id), on)}
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
            <super::parts::Pager page count/>
            {move || match (selected.get(), found.get()) {
                (_, Some(s)) => {
                    let back = match s {
                        Selected::Company(_) => Page::Companies,
                        Selected::Contact(_) => Page::Contacts,
                    };
                    Some(view! { <Detail selected=s close=Callback::new(move |_| nav.go(&back))/> }.into_any())
                }
                (Some(Selected::Contact(id) | Selected::Company(id)), None) => {
                    // Merged into another: said so, with the way there and back.
                    let into = sync.view.with(|v| match v.get(id) {
                        Some(Record::Contact(c)) if c.deleted => c.merged_into,
                        Some(Record::Company(c)) if c.deleted => c.merged_into,
                        _ => None,
                    });
                    Some(match into {
                        Some(into) => view! { <Merged id into/> }.into_any(),
                        None => view! { <super::routes::Missing id/> }.into_any(),
                    })
                }
                (None, None) => None,
            }}
        </section>
    }
}

/// The lists' values in their address that a saved view keeps: search, sort, grouping.
const PARAMS: &[&str] = &["q", "sort", "group"];

/// How the address says "no grouping" to a list grouped when it says nothing.
pub(super) const NO_GROUP: &str = "none";

/// How a list of contacts, companies or leads is sorted and grouped, and which of its columns
/// it shows: kept in its address (`sort`, `group`, `cols`), and so in a view. `kind`: whose
/// custom fields it has; `own`, `groups`, `hideable`: its own fields it sorts by, groups by and
/// may hide (`order::Listed`); `newest_first`: its order when the address says none (otherwise
/// by its first field); `grouped_by`: its grouping when the address says none (then
/// `group=none` says none).
#[component]
pub(super) fn OrderTools(
    kind: &'static str,
    own: &'static [&'static str],
    groups: &'static [&'static str],
    hideable: &'static [&'static str],
    #[prop(optional)] newest_first: bool,
    #[prop(optional)] grouped_by: &'static str,
    order: Memo<Order>,
    cols: Memo<Option<HashSet<String>>>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let customs = Memo::new(move |_| {
        sync.view.with(|v| {
            crate::domain::custom_field::of_kind(v, kind)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // Each field by its code, with its label: the kind's own, then its custom fields.
    let fields = move |own: &'static [&'static str], custom: bool| {
        let l = locale.get();
        own.iter()
            .map(|f| (f.to_string(), l.field_label(kind, f)))
            .chain(customs.with(|fs| {
                fs.iter()
                    .filter(|f| custom || f.ty.groups())
                    .map(|f| (f.key.clone(), l.custom_label(f)))
                    .collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>()
    };
    // The order shown: the list's own when the address says none.
    let shown = move || {
        order.with(|o| match (o.sort.as_str(), newest_first) {
            ("", true) => ("created_on".to_string(), !o.descending),
            ("", false) => (own[0].to_string(), o.descending),
            (sort, _) => (sort.to_string(), o.descending),
        })
    };
    let sorted_by = move || shown().0;
    let descending = move || shown().1;
    let set_order = move |change: &dyn Fn(&mut Order)| {
        let mut next = order.get_untracked();
        (next.sort, next.descending) = untrack(shown);
        change(&mut next);
        // The list's own order is written as nothing.
        let own_order = if newest_first {
            ("created_on", true)
        } else {
            (own[0], false)
        };
        if (next.sort.as_str(), next.descending) == own_order {
            next.sort = String::new();
            next.descending = false;
        }
        nav.set_query("sort", next.sort_code());
        let group = match next.group.as_str() {
            "" if !grouped_by.is_empty() => Some(NO_GROUP.to_string()),
            "" => None,
            own_group if own_group == grouped_by => None,
            _ => Some(next.group),
        };
        nav.set_query("group", group);
    };
    let hideable = Signal::derive(move || fields(hideable, true));
    view! {
        <div class="list-tools" data-testid="order-tools">
            <label>
                <span>{move || t(Key::SortBy)}</span>
                <select
                    data-testid="sort-by"
                    prop:value=sorted_by
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        // Another field starts from its first value.
                        set_order(&|o| {
                            o.sort = code.clone();
                            o.descending = false;
                        });
                    }
                >
                    {move || super::parts::code_options(fields(own, true), &sorted_by())}
                </select>
            </label>
            <button
                type="button"
                class="chip"
                data-testid="sort-reversed"
                aria-pressed=move || descending().to_string()
                title=move || t(Key::Reversed)
                aria-label=move || t(Key::Reversed)
                on:click=move |_| set_order(&|o| o.descending = !o.descending)
            >
                {move || if descending() { "↓" } else { "↑" }}
            </button>
            <label>
                <span>{move || t(Key::GroupBy)}</span>
                <select
                    data-testid="group-by"
                    prop:value=move || order.with(|o| o.group.clone())
                    on:change=move |ev| {
                        let code = event_target_value(&ev);
                        set_order(&|o| o.group = code.clone());
                    }
                >
                    <option value="">{move || t(Key::Nothing)}</option>
                    {move || {
                        let group = order.with(|o| o.group.clone());
                        super::parts::code_options(fields(groups, false), &group)
                    }}
                </select>
            </label>
            <super::list::ColumnsMenu cols columns=hideable/>
        </div>
    }
}

/// What the server last said each segment keeps over everything the organisation holds, the
/// few latest. Kept for the whole visit, so a list opened again, or offline, shows what it
/// showed.
#[derive(Debug, Clone, Copy)]
pub struct SegmentAnswers(RwSignal<Vec<Answer>>);

/// What the server said a segment keeps.
#[derive(Debug)]
struct Answer {
    kind: &'static str,
    conditions: Filter,
    /// What it was asked with (`Answer::question`).
    asked: Question,
    /// The ids it keeps.
    ids: HashSet<Uuid>,
    /// What this browser's copy kept by the same conditions when the question was asked: a
    /// record the copy judges otherwise now has changed since, and the copy is followed for it.
    here: HashSet<Uuid>,
}

/// The day, calendar and first day of the week a segment is asked with: "won this year" is
/// another question on the first of January, "this month" another in the Solar Hijri calendar,
/// "this week" another from Saturday.
type Question = (chrono::NaiveDate, bool, chrono::Weekday);

impl Answer {
    /// What a question asked on `today` by a reader of `reading` is asked with.
    fn question(
        today: chrono::NaiveDate,
        (l, calendar): (crate::i18n::Locale, crate::i18n::Calendar),
    ) -> Question {
        (
            today,
            calendar == crate::i18n::Calendar::Jalali,
            l.first_weekday(),
        )
    }
}

impl SegmentAnswers {
    /// How many answers are kept.
    const MOST: usize = 8;

    pub fn new() -> Self {
        SegmentAnswers(RwSignal::new(Vec::new()))
    }

    /// `f` of the server's answer to `conditions` among the records of `kind`, asked on the
    /// day and with the reading of `asked`, if it has given one (tracked).
    fn with<T>(
        self,
        kind: &str,
        conditions: &Filter,
        asked: (
            chrono::NaiveDate,
            (crate::i18n::Locale, crate::i18n::Calendar),
        ),
        f: impl FnOnce(Option<&Answer>) -> T,
    ) -> T {
        let asked = Answer::question(asked.0, asked.1);
        self.0.with(|answers| {
            f(answers
                .iter()
                .find(|a| a.kind == kind && a.asked == asked && a.conditions == *conditions))
        })
    }

    fn keep(self, answer: Answer) {
        let _ = self.0.try_update(|answers| {
            answers.retain(|a| {
                !(a.kind == answer.kind
                    && a.asked == answer.asked
                    && a.conditions == answer.conditions)
            });
            answers.insert(0, answer);
            answers.truncate(Self::MOST);
        });
    }
}

impl Default for SegmentAnswers {
    fn default() -> Self {
        Self::new()
    }
}

/// How long the copy rests after a change before a segment on screen is asked again.
const AGAIN_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The most records of a segment fetched from the server into this browser's copy, so that its
/// list and its file hold the ones the copy lacks (a company whose deal was won years ago).
const MOST_FETCHED: usize = 10 * crate::sync::protocol::MAX_FETCH;

/// A segment's count over everything the organisation holds, asked of the server while online
/// (this browser's copy keeps a year of closed deals: "companies with a deal won" counted on it
/// misses those won before): said under the list when its conditions reach across links. The
/// ids it gives are the list's (`SegmentAnswers`), and those this copy lacks are fetched, so
/// the list and its file hold what the count says.
#[component]
fn SegmentInAll(kind: &'static str, conditions: Memo<Filter>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let answers = expect_context::<SegmentAnswers>();
    let today = super::use_today();
    let reading = super::views::use_reading();
    let count = RwSignal::new(None::<Result<usize, String>>);
    let still = move |asked: &Filter| conditions.try_with_untracked(|c| c == asked) == Some(true);
    let ask = move |filter: Filter,
                    today: chrono::NaiveDate,
                    reading: (crate::i18n::Locale, crate::i18n::Calendar)| {
        let (l, calendar) = reading;
        // What this copy keeps as the question leaves: a record changed while it is out is
        // judged otherwise by the copy when the answer comes, and followed there.
        let here: HashSet<Uuid> = sync.view.with_untracked(|v| {
            let asked = Asked {
                needle: "",
                conditions: &filter,
                in_all: None,
                order: &Order::default(),
            };
            let here = match kind {
                "company" => kept_companies(v, &asked, today, reading),
                _ => kept_contacts(v, &asked, today, reading),
            };
            here.into_iter().collect()
        });
        leptos::task::spawn_local(async move {
            let answer = crate::sync::api::segment(
                kind.to_string(),
                filter.clone(),
                today,
                calendar == crate::i18n::Calendar::Jalali,
                l.first_weekday(),
            )
            .await;
            // Only the answer to the conditions still shown, and a failure said only online
            // (offline, the list's own count is what there is).
            if !still(&filter) {
                return;
            }
            let (shown, missing) = match answer {
                Ok(ids) => {
                    let n = ids.len();
                    let missing: Vec<Uuid> = sync.view.with_untracked(|v| {
                        ids.iter()
                            .filter(|id| v.get(**id).is_none())
                            .take(MOST_FETCHED)
                            .copied()
                            .collect()
                    });
                    answers.keep(Answer {
                        kind,
                        conditions: filter.clone(),
                        asked: Answer::question(today, reading),
                        ids: ids.into_iter().collect(),
                        here,
                    });
                    (Some(Ok(n)), missing)
                }
                Err(e) if super::parts::online() => (
                    Some(Err(super::parts::server_failure(
                        locale.get_untracked(),
                        &e,
                    ))),
                    Vec::new(),
                ),
                Err(_) => (None, Vec::new()),
            };
            let _ = count.try_set(shown);
            // Then what this copy lacks, a few hundred at a time, while the segment is shown.
            for chunk in missing.chunks(crate::sync::protocol::MAX_FETCH) {
                if !still(&filter) || sync.fetch(chunk.to_vec()).await.is_err() {
                    break;
                }
            }
        });
    };
    Effect::new(move |_| {
        let filter = conditions.get();
        let (today, reading) = (today.get(), reading());
        count.set(None);
        if !filter.reaches_links() {
            return;
        }
        // Asked once the conditions rest: the server reads the whole organisation for it.
        set_timeout(
            move || {
                if still(&filter) {
                    ask(filter, today, reading);
                }
            },
            std::time::Duration::from_millis(400),
        );
    });
    // The organisation changed (a pull brought changes: the cursor moved) or a change was made
    // here: asked again once all is sent and has rested a while, so a record changed in a way
    // this copy cannot judge (its company's deal won years ago is not here) is the server's word
    // again, not the one from before the change. Records fetched for the segment itself move
    // neither, so they ask nothing.
    let moved = Memo::new(move |_| (sync.view.with(|v| v.cursor), sync.pending.get()));
    let changes = StoredValue::new(0u64);
    Effect::new(move |seen: Option<()>| {
        moved.track();
        let round = changes.get_value() + 1;
        changes.set_value(round);
        // Not when the page opens: the conditions' own asking is under way.
        if seen.is_none() {
            return;
        }
        set_timeout(
            move || {
                let filter = conditions.get_untracked();
                let rested = changes.try_get_value() == Some(round);
                // While changes wait to be sent, the server would answer without them.
                let sent = sync.pending.try_get_untracked() == Some(0);
                if rested && sent && super::parts::online() && filter.reaches_links() {
                    ask(filter, today.get_untracked(), untrack(reading));
                }
            },
            AGAIN_AFTER,
        );
    });
    let said = move || {
        count.get().map(|answer| match answer {
            Ok(n) => view! {
                <p class="muted" data-testid="segment-in-all">
                    {move || locale.get().t_n(Key::SegmentInAll, n)}
                </p>
            }
            .into_any(),
            Err(why) => view! { <p class="error" role="alert">{why}</p> }.into_any(),
        })
    };
    said.into_view()
}

/// A contact, company, lead or deal merged into another: where it went, and "bring it back"
/// (what moved with the merge stays with the one kept).
#[component]
pub(super) fn Merged(id: Uuid, into: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let error = RwSignal::new(None::<String>);
    let (name, kept, page) = sync.view.with_untracked(|v| {
        let name = v.get(id).map(|r| r.display_name(v)).unwrap_or_default();
        let kept = v.get(into).map(|r| r.display_name(v));
        let page = match v.get(id) {
            Some(Record::Company(_)) => Page::Company(into),
            Some(Record::Opportunity(_)) => Page::Deal(into),
            _ => Page::Contact(into),
        };
        (name, kept, page)
    });
    let open = move |_| nav.go(&page);
    let back = move |_| match sync.mutate(Mutation::Unmerge { id }) {
        Ok(()) => error.set(None),
        Err(e) => error.set(Some(explain(locale.get_untracked(), e))),
    };
    view! {
        <div class="missing" data-testid="merged" role="status">
            <p>
                <strong>{name}</strong>
                " · "
                {move || t(Key::MergedInto)}
                " "
                <button type="button" class="link" data-testid="merged-into" on:click=open>
                    {kept.clone().unwrap_or_else(|| into.to_string())}
                </button>
            </p>
            <button type="button" data-testid="unmerge" on:click=back>{move || t(Key::BringBack)}</button>
            <super::parts::ErrorLine error testid="form-error"/>
        </div>
    }
}

/// Creates a contact (`contact` None) or edits one.
#[component]
fn ContactForm(
    contact: Option<Contact>,
    /// Where the form says whether it holds unsaved changes, for the page it is on.
    #[prop(optional)]
    unsaved: Option<Unsaved>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let editing = StoredValue::new(contact.clone());
    let name = RwSignal::new(contact.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let company = RwSignal::new(
        contact
            .as_ref()
            .and_then(|c| c.company_id)
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let job = RwSignal::new(
        contact
            .as_ref()
            .map(|c| c.job_title.clone())
            .unwrap_or_default(),
    );
    let email = RwSignal::new(
        contact
            .as_ref()
            .map(|c| c.email.clone())
            .unwrap_or_default(),
    );
    let phone = RwSignal::new(
        contact
            .as_ref()
            .map(|c| c.phone.clone())
            .unwrap_or_default(),
    );
    let custom = RwSignal::new(
        contact
            .as_ref()
            .map(|c| c.custom.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let is_new = contact.is_none();
    let draft_id = contact.as_ref().map_or(Uuid::nil(), |c| c.id);
    // What is typed, as the contact it would be: compared with the others while typed.
    let draft = Signal::derive(move || {
        let (n, e, p) = (name.get(), email.get(), phone.get());
        (!(n.trim().is_empty() && e.trim().is_empty() && p.trim().is_empty())).then(|| {
            Record::Contact(Contact {
                id: draft_id,
                name: n,
                company_id: None,
                job_title: String::new(),
                email: e,
                phone: p,
                version: 0,
                deleted: false,
                merged_into: None,
                custom: Default::default(),
            })
        })
    });
    // What the form holds now, as the contact it would save.
    let typed = move || Contact {
        id: editing.with_value(|e| e.as_ref().map_or_else(Uuid::now_v7, |c| c.id)),
        name: name.get_untracked(),
        company_id: Uuid::parse_str(&company.get_untracked()).ok(),
        job_title: job.get_untracked(),
        email: email.get_untracked(),
        phone: phone.get_untracked(),
        version: 0,
        deleted: false,
        merged_into: None,
        custom: custom.get_untracked(),
    };
    if let Some(unsaved) = unsaved {
        unsaved.watch(editing, typed);
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let saved = typed();
        let id = saved.id;
        let change = match editing.get_value() {
            None => Mutation::save(saved),
            Some(before) => Mutation::EditRecord {
                id: before.id,
                fields: crate::domain::changed_fields(&before, &saved),
                base_version: before.version,
            },
        };
        match sync.mutate(change) {
            Ok(()) => {
                error.set(None);
                // Later edits are judged against what is saved now.
                if !is_new {
                    editing.set_value(sync.view.with_untracked(|v| v.contacts.get(&id).cloned()));
                }
                if is_new {
                    for f in [name, company, job, email, phone] {
                        f.set(String::new());
                    }
                    custom.set(Default::default());
                }
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    let companies = move || {
        sync.view.with(|v| {
            let mut all: Vec<Company> = v
                .companies
                .values()
                .filter(|c| !c.deleted)
                .cloned()
                .collect();
            all.sort_by(|a, b| a.name.cmp(&b.name));
            all
        })
    };
    let input = move |signal, key, name, kind| text_input(signal, key, name, kind, !is_new);
    let form = view! {
        <form class="new-record" data-testid="contact-form" on:submit=submit>
            {input(name, Key::Name, "name", "text")}
            <super::parts::RecordSelect value=company choices=move || companies().into_iter().map(|c| (c.id, c.name)).collect() none=Key::Company label=Key::Company name="company" dash=true/>
            {input(job, Key::JobTitle, "job", "text")}
            {input(email, Key::Email, "email", "email")}
            {input(phone, Key::Phone, "phone", "tel")}
            <super::custom::CustomInputs kind="contact" values=custom id=draft_id/>
            <button type="submit" class="primary">{move || t(if is_new { Key::NewContact } else { Key::Save })}</button>
            <super::parts::ErrorLine error testid="form-error"/>
            <super::pages::DuplicatesPanel draft/>
        </form>
    };
    if is_new {
        view! {
            <super::parts::NewRecordBox label=Key::NewContact testid="open-new-contact">{form}</super::parts::NewRecordBox>
        }
        .into_any()
    } else {
        form.into_any()
    }
}

/// Creates a company (`company` None) or edits one.
#[component]
fn CompanyForm(
    company: Option<Company>,
    /// Where the form says whether it holds unsaved changes, for the page it is on.
    #[prop(optional)]
    unsaved: Option<Unsaved>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let editing = StoredValue::new(company.clone());
    let name = RwSignal::new(company.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let email = RwSignal::new(
        company
            .as_ref()
            .map(|c| c.email.clone())
            .unwrap_or_default(),
    );
    let phone = RwSignal::new(
        company
            .as_ref()
            .map(|c| c.phone.clone())
            .unwrap_or_default(),
    );
    let address = RwSignal::new(
        company
            .as_ref()
            .map(|c| c.address.clone())
            .unwrap_or_default(),
    );
    let custom = RwSignal::new(
        company
            .as_ref()
            .map(|c| c.custom.clone())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let is_new = company.is_none();
    let draft_id = company.as_ref().map_or(Uuid::nil(), |c| c.id);
    let draft = Signal::derive(move || {
        let (n, e, p) = (name.get(), email.get(), phone.get());
        (!(n.trim().is_empty() && e.trim().is_empty() && p.trim().is_empty())).then(|| {
            Record::Company(Company {
                id: draft_id,
                name: n,
                email: e,
                phone: p,
                address: String::new(),
                version: 0,
                deleted: false,
                merged_into: None,
                custom: Default::default(),
            })
        })
    });
    // What the form holds now, as the company it would save.
    let typed = move || Company {
        id: editing.with_value(|e| e.as_ref().map_or_else(Uuid::now_v7, |c| c.id)),
        name: name.get_untracked(),
        email: email.get_untracked(),
        phone: phone.get_untracked(),
        address: address.get_untracked(),
        version: 0,
        deleted: false,
        merged_into: None,
        custom: custom.get_untracked(),
    };
    if let Some(unsaved) = unsaved {
        unsaved.watch(editing, typed);
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let saved = typed();
        let id = saved.id;
        let change = match editing.get_value() {
            None => Mutation::save(saved),
            Some(before) => Mutation::EditRecord {
                id: before.id,
                fields: crate::domain::changed_fields(&before, &saved),
                base_version: before.version,
            },
        };
        match sync.mutate(change) {
            Ok(()) => {
                error.set(None);
                // Later edits are judged against what is saved now.
                if !is_new {
                    editing.set_value(sync.view.with_untracked(|v| v.companies.get(&id).cloned()));
                }
                if is_new {
                    for f in [name, email, phone, address] {
                        f.set(String::new());
                    }
                    custom.set(Default::default());
                }
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    let input = move |signal, key, name, kind| text_input(signal, key, name, kind, !is_new);
    let form = view! {
        <form class="new-record" data-testid="company-form" on:submit=submit>
            {input(name, Key::Name, "name", "text")}
            {input(email, Key::Email, "email", "email")}
            {input(phone, Key::Phone, "phone", "tel")}
            {input(address, Key::Address, "address", "text")}
            <super::custom::CustomInputs kind="company" values=custom id=draft_id/>
            <button type="submit" class="primary">{move || t(if is_new { Key::NewCompany } else { Key::Save })}</button>
            <super::parts::ErrorLine error testid="form-error"/>
            <super::pages::DuplicatesPanel draft/>
        </form>
    };
    if is_new {
        view! {
            <super::parts::NewRecordBox label=Key::NewCompany testid="open-new-company">{form}</super::parts::NewRecordBox>
        }
        .into_any()
    } else {
        form.into_any()
    }
}

/// A text field of a contact's or company's form: on the record's page, under its label (a
/// filled field still says what it is); in a new one's form, the label is inside it until typed.
fn text_input(
    signal: RwSignal<String>,
    key: Key,
    name: &'static str,
    kind: &'static str,
    labelled: bool,
) -> AnyView {
    let locale = use_locale();
    let t = move || locale.get().t(key);
    let input = view! {
        <input
            name=name
            type=kind
            placeholder=t
            aria-label=t
            prop:value=signal
            on:input=move |ev| signal.set(event_target_value(&ev))
        />
    };
    if labelled {
        view! { <label class="field"><span>{t}</span>{input}</label> }.into_any()
    } else {
        input.into_any()
    }
}

/// A form's answer to "does it hold unsaved changes?", for the page it is on.
#[derive(Clone, Copy)]
struct Unsaved(StoredValue<Option<Callback<(), bool>>>);

impl Unsaved {
    fn new() -> Unsaved {
        Unsaved(StoredValue::new(None))
    }

    /// The form's record as it was opened (`editing`; none for a new one) against what the
    /// form holds now (`typed`).
    fn watch<T>(
        self,
        editing: StoredValue<Option<T>>,
        typed: impl Fn() -> T + Send + Sync + 'static,
    ) where
        T: serde::Serialize + Send + Sync + 'static,
    {
        self.0.set_value(Some(Callback::new(move |()| {
            editing.with_value(|e| {
                e.as_ref().is_some_and(|before| {
                    !crate::domain::changed_fields(before, &typed()).is_empty()
                })
            })
        })));
    }

    fn now(self) -> bool {
        self.0.get_value().is_some_and(|c| c.run(()))
    }
}

/// A contact's or company's page.
#[component]
fn Detail(selected: Selected, close: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let about = match selected {
        Selected::Contact(id) => Subject::contact(id),
        Selected::Company(id) => Subject::of::<Company>(id),
    };
    let unsaved = Unsaved::new();
    let (title, form) = sync.view.with_untracked(|v| match selected {
        Selected::Contact(id) => {
            let c = v.contacts.get(&id).cloned();
            (
                c.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
                view! { <ContactForm contact=c unsaved/> }.into_any(),
            )
        }
        Selected::Company(id) => {
            let c = v.companies.get(&id).cloned();
            (
                c.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
                view! { <CompanyForm company=c unsaved/> }.into_any(),
            )
        }
    });
    // Leaving with unsaved changes asks, as the deal page does; Escape is the deal's while one
    // is open over this page.
    let shown = expect_context::<super::routes::Shown>();
    let address = match selected {
        Selected::Contact(id) => Page::Contact(id),
        Selected::Company(id) => Page::Company(id),
    }
    .path();
    let guard = super::editor::LeaveGuard::new(
        address,
        Callback::new(move |()| unsaved.now()),
        close,
        Vec::new(),
        Some(Callback::new(move |()| untrack(|| shown.deal().is_some()))),
    );
    let opportunities = move || {
        sync.view.with(|v| {
            let mut deals: Vec<_> = v
                .opportunities
                .values()
                .filter(|o| !o.deleted)
                .filter(|o| match selected {
                    Selected::Contact(id) => o.contact_id == Some(id),
                    Selected::Company(id) => o.company_id == Some(id),
                })
                .cloned()
                .collect();
            deals.sort_by_key(|o| std::cmp::Reverse(o.id));
            deals
        })
    };
    // The open deals' worth, in the organisation's currency (as the board converts it).
    let open_total = move || {
        let l = locale.get();
        let open: Vec<_> = opportunities()
            .into_iter()
            .filter(|o| !o.lost && !o.lead && o.closed_on.is_none())
            .map(|o| o.expected_revenue)
            .collect();
        if open.is_empty() {
            return String::new();
        }
        let mut sums: Vec<(crate::domain::Currency, i64)> = Vec::new();
        for m in open {
            match sums.iter_mut().find(|(c, _)| *c == m.currency) {
                Some((_, sum)) => *sum = sum.saturating_add(m.minor),
                None => sums.push((m.currency, m.minor)),
            }
        }
        sync.view
            .with(|v| super::parts::in_company_currency(l, &v.currency(), &sums))
    };
    let people = move || match selected {
        Selected::Company(id) => sync.view.with(|v| {
            v.contacts
                .values()
                .filter(|c| !c.deleted && c.company_id == Some(id))
                .cloned()
                .collect::<Vec<_>>()
        }),
        Selected::Contact(_) => Vec::new(),
    };
    view! {
        // The deal page's layout: the name at the top, the details and what hangs on the record
        // beside its activities and timeline (below them on a phone).
        <section class="editor deal-page detail" data-testid="detail" role="dialog" aria-modal="true">
            <header class="editor-header deal-head">
                <button type="button" class="close" data-testid="detail-back" aria-label=move || t(Key::Close) on:click=move |_| guard.leave()>"×"</button>
                <h2>{title}</h2>
                <span class="deal-amount" data-testid="detail-open-total">{open_total}</span>
            </header>
            <div class="deal-body">
                <section class="deal-details">
                    <super::editor::LeaveQuestion guard/>
                    {form}
                    <Show when=move || !people().is_empty()>
                        <h3>{move || t(Key::Contacts)}</h3>
                        <ul class="rows compact">
                            {move || people().into_iter().map(|c| view! { <li>{c.name}" "<span class="muted">{c.job_title}</span></li> }).collect_view()}
                        </ul>
                    </Show>
                    <h3>{move || t(Key::Opportunities)}</h3>
                    <ul class="rows compact" data-testid="detail-opportunities">
                        {move || {
                            opportunities()
                                .into_iter()
                                .map(|o| {
                                    let id = o.id;
                                    let money = locale.get_untracked().money(o.expected_revenue);
                                    view! {
                                        <li>
                                            <button type="button" class="link" on:click=move |_| nav.open_deal(id)>{o.title.clone()}</button>
                                            " "<span class="muted">{money}</span>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </section>
                <aside class="deal-side">
                    <super::activities::ActivityPanel about=about/>
                    <super::timeline::Timeline about=about/>
                </aside>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server's answer is the list's, but a company this copy judges otherwise than when
    /// the answer came has changed since: the copy's word for it.
    #[test]
    fn a_segments_list_follows_the_server_but_the_copy_for_what_changed_since() {
        let [hanoi, mut far, saigon] = [
            Company::sample("Hà Nội Steel"),
            Company::sample("Hà Nội Old Customer"),
            Company::sample("Sài Gòn Foods"),
        ];
        let conditions: Filter = serde_json::from_value(serde_json::json!({
            "conditions": [{"field": "name", "op": "contains", "values": ["ha noi"]}]
        }))
        .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let reading = (crate::i18n::Locale::En, crate::i18n::Calendar::Gregorian);
        let snapshot = |companies: &[&Company]| {
            let mut v = crate::sync::view::Snapshot::default();
            for c in companies {
                v.store.companies.insert(c.id, (*c).clone());
            }
            v
        };
        let listed = |v: &crate::sync::view::Snapshot, answer: Option<&Answer>| -> Vec<Uuid> {
            let asked = Asked {
                needle: "",
                conditions: &conditions,
                in_all: answer,
                order: &Order::default(),
            };
            kept_companies(v, &asked, today, reading)
        };
        let v = snapshot(&[&hanoi, &far, &saigon]);
        // The copy keeps both Hà Nội ones; the server, over deals the copy lacks (say), only
        // the old customer and the Sài Gòn one.
        let here: HashSet<Uuid> = listed(&v, None).into_iter().collect();
        assert_eq!(here, HashSet::from([hanoi.id, far.id]));
        let answer = Answer {
            kind: "company",
            conditions: conditions.clone(),
            asked: Answer::question(today, reading),
            ids: HashSet::from([far.id, saigon.id]),
            here,
        };
        let as_set = |ids: Vec<Uuid>| ids.into_iter().collect::<HashSet<_>>();
        assert_eq!(
            as_set(listed(&v, Some(&answer))),
            HashSet::from([far.id, saigon.id])
        );
        // The old customer renamed here, so the copy keeps it no more: out, as the copy says,
        // though the server's answer (from before) has it.
        far.name = "Huế Old Customer".into();
        let renamed_out = snapshot(&[&hanoi, &far, &saigon]);
        assert_eq!(
            as_set(listed(&renamed_out, Some(&answer))),
            HashSet::from([saigon.id])
        );
        // A new one the copy keeps: in, though the server has not counted it yet.
        let new = Company::sample("Hà Nội Newcomer");
        let with_new = snapshot(&[&hanoi, &far, &saigon, &new]);
        assert_eq!(
            as_set(listed(&with_new, Some(&answer))),
            HashSet::from([saigon.id, new.id])
        );
        // The answer is for its day and reading only.
        Owner::new().with(|| {
            let answers = SegmentAnswers::new();
            answers.keep(answer);
            let found = |day: chrono::NaiveDate| {
                answers.with("company", &conditions, (day, reading), |a| a.is_some())
            };
            assert!(found(today));
            assert!(!found(today.succ_opt().unwrap()));
        });
    }
}
