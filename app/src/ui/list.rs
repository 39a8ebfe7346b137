//! The list view of opportunities: full-text search, sort by any column, group by stage or
//! priority, paged; a row opens the opportunity's form. Everything runs on the local cache.

use std::cmp::Ordering;

use leptos::prelude::*;
use uuid::Uuid;

use super::use_locale;
use crate::domain::custom_field::{self, CustomField};
use crate::domain::{Currency, Money, Opportunity, Store, User};
use crate::export::{Cell, Sheet};
use crate::i18n::{Calendar, Key, Locale};
use crate::sync::handle::SyncHandle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Title,
    Customer,
    Stage,
    Revenue,
    Probability,
    Priority,
    Close,
    /// The deals' custom field at this place among them (`custom_field::of_kind`).
    Custom(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Nothing,
    Stage,
    Priority,
    Salesperson,
    Team,
    Tag,
    /// The deals' custom field at this place among them (one that groups: a dropdown, yes or
    /// no, a person, a contact, a company).
    Custom(usize),
}

/// Whether an opportunity matches every word of the search, in any of its text fields.
pub fn matches(o: &Opportunity, search: &str) -> bool {
    let haystack = format!(
        "{} {} {} {} {} {}",
        o.title, o.customer_name, o.company_name, o.email, o.phone, o.description
    )
    .to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The deals' custom field a sort or a grouping names, if it still exists.
fn custom_of(store: &Store, at: usize) -> Option<&CustomField> {
    custom_field::of_kind(store, "opportunity").get(at).copied()
}

fn compare(
    a: &Opportunity,
    b: &Opportunity,
    by: SortBy,
    store: &Store,
    custom: Option<&CustomField>,
) -> Ordering {
    let stages = &store.stages[..];
    let sequence = |o: &Opportunity| {
        stages
            .iter()
            .find(|s| s.id == o.stage_id)
            .map_or(i32::MAX, |s| s.sequence)
    };
    match by {
        SortBy::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
        SortBy::Customer => a
            .customer_name
            .to_lowercase()
            .cmp(&b.customer_name.to_lowercase()),
        SortBy::Stage => sequence(a).cmp(&sequence(b)),
        // Amounts of different currencies are not comparable: currency first, then amount.
        SortBy::Revenue => (a.expected_revenue.currency.code(), a.expected_revenue.minor)
            .cmp(&(b.expected_revenue.currency.code(), b.expected_revenue.minor)),
        SortBy::Probability => a.probability.cmp(&b.probability),
        SortBy::Priority => a.priority.cmp(&b.priority),
        // Undated ones last.
        SortBy::Close => match (a.expected_close, b.expected_close) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Custom(_) => custom.map_or(Ordering::Equal, |f| {
            custom_field::compare(f, a.custom.get(&f.key), b.custom.get(&f.key), store)
        }),
    }
}

/// The name a group of rows goes by, when rows are grouped by a named thing (`None`: the
/// rows without one, listed last).
fn group_name(o: &Opportunity, group: GroupBy, store: &Store) -> Option<String> {
    match group {
        GroupBy::Salesperson => salesperson_name(o, &store.users),
        GroupBy::Team => o
            .team_id
            .and_then(|id| store.teams.iter().find(|t| t.id == id && !t.deleted))
            .map(|t| t.name.clone()),
        // A deal with several tags is listed under the first of them by name.
        GroupBy::Tag => o
            .tag_ids
            .iter()
            .filter_map(|id| store.tags.iter().find(|t| t.id == *id && !t.deleted))
            .map(|t| t.name.clone())
            .min(),
        GroupBy::Nothing | GroupBy::Stage | GroupBy::Priority | GroupBy::Custom(_) => None,
    }
}

/// The open opportunities (not leads) of `team` (`None`: all) matching `search`, sorted,
/// grouped; each with its formulas computed (as of `today`) among its custom values, so they
/// sort, group and show like the others.
pub fn rows<'a>(
    opportunities: impl Iterator<Item = &'a Opportunity>,
    store: &Store,
    today: chrono::NaiveDate,
    team: Option<Uuid>,
    search: &str,
    sort: (SortBy, bool),
    group: GroupBy,
) -> Vec<Opportunity> {
    let sorted_by = match sort.0 {
        SortBy::Custom(at) => custom_of(store, at),
        _ => None,
    };
    let grouped_by = match group {
        GroupBy::Custom(at) => custom_of(store, at),
        _ => None,
    };
    let mut rows: Vec<Opportunity> = opportunities
        .filter(|o| !o.deleted && !o.lost && !o.lead && matches(o, search))
        .filter(|o| team.is_none() || o.team_id == team)
        .cloned()
        .collect();
    let formulas = crate::domain::formula::Formulas::of(store, "opportunity");
    if !formulas.is_empty() {
        let cx = crate::domain::formula::Context { store, today };
        for o in &mut rows {
            let all = formulas
                .lay_over(&o.custom, || crate::domain::formula::fields_of(&*o), &cx)
                .into_owned();
            o.custom = all;
        }
    }
    rows.sort_by(|a, b| {
        let grouped = match group {
            GroupBy::Nothing => Ordering::Equal,
            GroupBy::Stage => compare(a, b, SortBy::Stage, store, None),
            GroupBy::Custom(at) => compare(a, b, SortBy::Custom(at), store, grouped_by),
            GroupBy::Priority => b.priority.cmp(&a.priority),
            // By name; deals without one last.
            GroupBy::Salesperson | GroupBy::Team | GroupBy::Tag => {
                match (group_name(a, group, store), group_name(b, group, store)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            }
        };
        let within = compare(a, b, sort.0, store, sorted_by);
        grouped
            .then(if sort.1 { within.reverse() } else { within })
            .then_with(|| a.id.cmp(&b.id))
    });
    rows
}

fn salesperson_name(o: &Opportunity, users: &[User]) -> Option<String> {
    o.salesperson_id
        .and_then(|id| users.iter().find(|u| u.id == id))
        .map(|u| u.name.clone())
}

/// Sums of expected revenue per currency, largest first.
pub fn totals(rows: &[Opportunity]) -> Vec<Money> {
    let mut sums: Vec<(Currency, i64)> = Vec::new();
    for o in rows {
        match sums
            .iter_mut()
            .find(|(c, _)| *c == o.expected_revenue.currency)
        {
            Some((_, sum)) => *sum += o.expected_revenue.minor,
            None => sums.push((o.expected_revenue.currency, o.expected_revenue.minor)),
        }
    }
    sums.sort_by_key(|s| std::cmp::Reverse(s.1));
    sums.into_iter().map(|(c, m)| Money::new(m, c)).collect()
}

fn group_label(
    o: &Opportunity,
    group: GroupBy,
    store: &Store,
    (l, calendar): (Locale, Calendar),
) -> Option<String> {
    let stages = &store.stages[..];
    match group {
        GroupBy::Custom(at) => {
            let field = custom_of(store, at)?;
            Some(o.custom.get(&field.key).map_or_else(
                || "—".to_string(),
                |value| super::custom::shown(l, calendar, field, value, store),
            ))
        }
        GroupBy::Salesperson => {
            Some(group_name(o, group, store).unwrap_or_else(|| l.t(Key::Nobody).to_string()))
        }
        GroupBy::Team => {
            Some(group_name(o, group, store).unwrap_or_else(|| l.t(Key::NoTeam).to_string()))
        }
        GroupBy::Tag => Some(group_name(o, group, store).unwrap_or_else(|| "—".to_string())),
        GroupBy::Nothing => None,
        GroupBy::Stage => Some(
            stages
                .iter()
                .find(|s| s.id == o.stage_id)
                .map(|s| s.name.clone())
                .unwrap_or_default(),
        ),
        GroupBy::Priority => Some(if o.priority == 0 {
            "—".into()
        } else {
            "★".repeat(o.priority as usize)
        }),
    }
}

#[component]
pub fn List() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((SortBy::Stage, false));
    let group = RwSignal::new(GroupBy::Nothing);
    let page = RwSignal::new(0usize);
    let t = move |key| locale.get().t(key);
    let team = expect_context::<super::CurrentTeam>().0;
    // Only the deals carrying this tag, when one is chosen.
    let tagged = RwSignal::new(None::<Uuid>);
    let today = super::use_today();
    let all = Memo::new(move |_| {
        let (s, g, team, tag) = (search.get(), group.get(), team.get(), tagged.get());
        sync.view.with(|v| {
            let mut found = rows(
                v.opportunities.values(),
                &v.store,
                today.get(),
                team,
                &s,
                sort.get(),
                g,
            );
            if let Some(tag) = tag {
                found.retain(|o| o.tag_ids.contains(&tag));
            }
            found
        })
    });
    let formats = super::export::Formats::here();
    let choice = expect_context::<super::CalendarChoice>();
    // The deals' custom fields: a column each, after the others.
    let customs = Memo::new(move |_| {
        sync.view.with(|v| {
            custom_field::of_kind(v, "opportunity")
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // The list as a file: every row the search and filters keep, in the list's order.
    let sheet = Callback::new(move |_| {
        let l = formats.locale();
        let calendar = untrack(|| choice.for_locale(l));
        let col = |field| l.field_label("opportunity", field);
        let fields = customs.get_untracked();
        sync.view.with_untracked(|v| Sheet {
            name: l.t(Key::List).to_string(),
            header: [
                col("title"),
                col("customer_name"),
                col("stage_id"),
                col("salesperson_id"),
                col("expected_revenue"),
                l.t(Key::Currency).to_string(),
                col("probability"),
                col("priority"),
                col("expected_close"),
            ]
            .into_iter()
            .chain(fields.iter().map(|f| l.custom_label(f)))
            .collect(),
            rows: all.with_untracked(|rows| {
                rows.iter()
                    .map(|o| {
                        let stage = v.stages.iter().find(|s| s.id == o.stage_id);
                        let mut cells = vec![
                            Cell::text(o.title.clone()),
                            Cell::text(o.customer_name.clone()),
                            Cell::text(stage.map(|s| s.name.clone()).unwrap_or_default()),
                            Cell::text(salesperson_name(o, &v.users).unwrap_or_default()),
                            formats.money(o.expected_revenue),
                            Cell::text(o.expected_revenue.currency.code()),
                            formats.number(i64::from(o.probability)),
                            formats.number(i64::from(o.priority)),
                            formats.date(o.expected_close),
                        ];
                        cells.extend(fields.iter().map(|f| {
                            super::custom::cell(formats, (l, calendar), f, o.custom.get(&f.key), v)
                        }));
                        cells
                    })
                    .collect()
            }),
        })
    });
    let tags = move || {
        sync.view.with(|v| {
            v.tags
                .iter()
                .filter(|t| !t.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let count = Signal::derive(move || all.with(Vec::len));
    let shown = move || all.with(|r| super::parts::on_page(r, page.get()).to_vec());
    let header = move |key: Key, by: SortBy| {
        let arrow = move || match sort.get() {
            (s, false) if s == by => " ▲",
            (s, true) if s == by => " ▼",
            _ => "",
        };
        view! {
            <th>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = (by, s.0 == by && !s.1))>
                    {move || t(key)}
                    {arrow}
                </button>
            </th>
        }
    };
    let summary = move || {
        let l = locale.get();
        all.with(|r| {
            let sums: Vec<String> = totals(r).into_iter().map(|m| l.money(m)).collect();
            format!(
                "{} · {}",
                l.t_n(Key::OpportunitiesCount, r.len()),
                sums.join(" · ")
            )
        })
    };
    let set_group = move |value: String| {
        group.set(match value.as_str() {
            "stage" => GroupBy::Stage,
            "priority" => GroupBy::Priority,
            "salesperson" => GroupBy::Salesperson,
            "team" => GroupBy::Team,
            "tag" => GroupBy::Tag,
            other => other
                .strip_prefix("custom-")
                .and_then(|at| at.parse().ok())
                .map_or(GroupBy::Nothing, GroupBy::Custom),
        });
        page.set(0);
    };
    view! {
        <section class="list-view" data-testid="list">
            <div class="list-tools">
                <input
                    type="search"
                    data-testid="search"
                    placeholder=move || t(Key::Search)
                    aria-label=move || t(Key::Search)
                    prop:value=search
                    on:input=move |ev| {
                        search.set(event_target_value(&ev));
                        page.set(0);
                    }
                />
                <label>
                    <span>{move || t(Key::GroupBy)}</span>
                    <select data-testid="group-by" on:change=move |ev| set_group(event_target_value(&ev))>
                        <option value="">{move || t(Key::Nothing)}</option>
                        <option value="stage">{move || t(Key::Stage)}</option>
                        <option value="priority">{move || t(Key::Priority)}</option>
                        <option value="salesperson">{move || t(Key::Salesperson)}</option>
                        <option value="team">{move || t(Key::Team)}</option>
                        <option value="tag">{move || t(Key::Tags)}</option>
                        {move || {
                            customs
                                .get()
                                .into_iter()
                                .enumerate()
                                .filter(|(_, f)| f.ty.groups())
                                .map(|(at, f)| view! { <option value=format!("custom-{at}")>{move || locale.get().custom_label(&f)}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    <span>{move || t(Key::Tags)}</span>
                    <select
                        data-testid="tag-filter"
                        on:change=move |ev| {
                            tagged.set(Uuid::parse_str(&event_target_value(&ev)).ok());
                            page.set(0);
                        }
                    >
                        <option value="">{move || t(Key::Any)}</option>
                        {move || {
                            tags()
                                .into_iter()
                                .map(|x| {
                                    let id = x.id;
                                    view! { <option value=id.to_string() selected=move || tagged.get() == Some(id)>{x.name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <span class="list-summary" data-testid="list-summary">{summary}</span>
                <super::export::Export name="deals" sheet/>
                <super::import::ImportLink kind="opportunity"/>
            </div>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            {header(Key::OpportunityTitle, SortBy::Title)}
                            {header(Key::Customer, SortBy::Customer)}
                            {header(Key::Stage, SortBy::Stage)}
                            <th>{move || t(Key::Salesperson)}</th>
                            {header(Key::ExpectedRevenue, SortBy::Revenue)}
                            {header(Key::Probability, SortBy::Probability)}
                            {header(Key::Priority, SortBy::Priority)}
                            {header(Key::ExpectedClose, SortBy::Close)}
                            {move || {
                                customs
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .map(|(at, f)| {
                                        let by = SortBy::Custom(at);
                                        let arrow = move || match sort.get() {
                                            (s, false) if s == by => " ▲",
                                            (s, true) if s == by => " ▼",
                                            _ => "",
                                        };
                                        let key = f.key.clone();
                                        view! {
                                            <th data-field=key>
                                                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = (by, s.0 == by && !s.1))>
                                                    {move || locale.get().custom_label(&f)}
                                                    {arrow}
                                                </button>
                                            </th>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let l = locale.get();
                            let calendar = choice.for_locale(l);
                            let g = group.get();
                            let fields = customs.get();
                            sync.view.with(|v| {
                                let mut last_group: Option<String> = None;
                                shown()
                                    .into_iter()
                                    .map(|o| {
                                        let label = group_label(&o, g, &v.store, (l, calendar));
                                        let heading = (label.is_some() && label != last_group).then(|| label.clone());
                                        last_group = label;
                                        let stage = v.stages.iter().find(|s| s.id == o.stage_id).map(|s| s.name.clone());
                                        let seller = salesperson_name(&o, &v.users).unwrap_or_default();
                                        let custom: Vec<(String, String, String)> = fields
                                            .iter()
                                            .map(|f| {
                                                let shown = o.custom.get(&f.key).map(|value| super::custom::shown(l, calendar, f, value, v)).unwrap_or_default();
                                                (f.key.clone(), l.custom_label(f), shown)
                                            })
                                            .collect();
                                        row_view(l, nav, o, (stage.unwrap_or_default(), seller), heading.flatten(), custom)
                                    })
                                    .collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
            <super::parts::Pager page count/>
            <super::past::PastDeals search/>
        </section>
    }
}

fn row_view(
    l: Locale,
    nav: super::routes::Nav,
    o: Opportunity,
    (stage, salesperson): (String, String),
    heading: Option<String>,
    // Each custom field's key, label and value as the reader sees it.
    custom: Vec<(String, String, String)>,
) -> impl IntoView {
    let columns = 8 + custom.len();
    let id: Uuid = o.id;
    let stars = if o.priority == 0 {
        String::new()
    } else {
        "★".repeat(o.priority as usize)
    };
    view! {
        {heading.map(|h| view! { <tr class="group-row"><th colspan=columns>{h}</th></tr> })}
        <tr class="row" data-testid="row" data-id=id.to_string() on:click=move |_| nav.open_deal(id)>
            <td class="title">{o.title.clone()}</td>
            <td class="customer">{o.customer_name.clone()}</td>
            <td class="stage">{stage}</td>
            <td class="seller">{salesperson}</td>
            <td class="number revenue">{l.money(o.expected_revenue)}</td>
            <td class="number probability">{l.percent(i64::from(o.probability))}</td>
            <td class="stars-cell">{stars}</td>
            <td class="close">{o.expected_close.map(super::show_date).unwrap_or_default()}</td>
            {custom
                .into_iter()
                .map(|(key, label, shown)| view! { <td class="custom" data-field=key data-label=label dir="auto">{shown}</td> })
                .collect_view()}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Stage;

    fn opportunity(
        title: &str,
        customer: &str,
        stage: &Stage,
        minor: i64,
        priority: u8,
    ) -> Opportunity {
        Opportunity {
            customer_name: customer.into(),
            phone: "0901 234 567".into(),
            expected_revenue: Money::new(minor, Currency::VND),
            priority,
            ..Opportunity::sample(stage.id, title)
        }
    }

    fn stage(name: &str, sequence: i32) -> Stage {
        Stage {
            id: Uuid::now_v7(),
            name: name.into(),
            sequence,
            is_won: false,
            folded: false,
            rotting_days: 0,
            team_id: None,
            probability: 10,
            version: 1,
            deleted: false,
        }
    }

    #[test]
    fn search_matches_every_word_in_any_text_field_ignoring_case() {
        let s = stage("New", 1);
        let o = opportunity("Phần mềm kế toán", "Vinamilk", &s, 1, 0);
        assert!(matches(&o, "vinamilk phần"));
        assert!(matches(&o, "0901"));
        assert!(!matches(&o, "vinamilk hòa"));
    }

    #[test]
    fn rows_are_sorted_within_their_group_and_lost_ones_are_left_out() {
        let (a, b) = (stage("New", 1), stage("Won", 2));
        let mut lost = opportunity("Lost", "Z", &a, 5, 0);
        lost.lost = true;
        let all = [
            opportunity("Big", "X", &b, 900, 1),
            opportunity("Small", "Y", &a, 100, 3),
            opportunity("Mid", "W", &a, 500, 2),
            lost,
        ];
        let store = Store {
            stages: vec![a, b],
            ..Store::default()
        };
        let by_revenue = rows(
            all.iter(),
            &store,
            chrono::NaiveDate::default(),
            None,
            "",
            (SortBy::Revenue, true),
            GroupBy::Stage,
        );
        let titles: Vec<&str> = by_revenue.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, ["Mid", "Small", "Big"]);
        let by_priority = rows(
            all.iter(),
            &store,
            chrono::NaiveDate::default(),
            None,
            "",
            (SortBy::Title, false),
            GroupBy::Priority,
        );
        let titles: Vec<&str> = by_priority.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, ["Small", "Mid", "Big"]);
        assert_eq!(totals(&by_revenue), vec![Money::new(1500, Currency::VND)]);
    }

    #[test]
    fn rows_sort_and_group_by_a_custom_field() {
        use crate::domain::custom_field::{Choice, CustomType, Labels};
        use serde_json::json;
        let a = stage("New", 1);
        let province = CustomField {
            id: Uuid::now_v7(),
            of: "opportunity".into(),
            key: "x_province".into(),
            labels: Labels {
                en: "Province".into(),
                ..Labels::default()
            },
            ty: CustomType::Choice {
                options: ["Huế", "Hà Nội"]
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Choice {
                        id: format!("o{i}"),
                        label: (*l).into(),
                        colour: 0,
                    })
                    .collect(),
            },
            required: false,
            default: None,
            help: String::new(),
            position: 1,
            on_card: false,
            version: 1,
            deleted: false,
        };
        let mut hanoi = opportunity("Hanoi", "X", &a, 1, 0);
        hanoi.custom.insert("x_province".into(), json!("o1"));
        let mut hue = opportunity("Hue", "Y", &a, 2, 0);
        hue.custom.insert("x_province".into(), json!("o0"));
        let nowhere = opportunity("Nowhere", "Z", &a, 3, 0);
        let all = [nowhere, hanoi, hue];
        let store = Store {
            stages: vec![a],
            custom_fields: vec![province],
            ..Store::default()
        };
        let titles = |sort, group| {
            rows(
                all.iter(),
                &store,
                chrono::NaiveDate::default(),
                None,
                "",
                sort,
                group,
            )
            .into_iter()
            .map(|o| o.title)
            .collect::<Vec<_>>()
        };
        // In the options' order, the empty one last; and reversed, the empty one first.
        assert_eq!(
            titles((SortBy::Custom(0), false), GroupBy::Nothing),
            ["Hue", "Hanoi", "Nowhere"]
        );
        assert_eq!(
            titles((SortBy::Custom(0), true), GroupBy::Nothing),
            ["Nowhere", "Hanoi", "Hue"]
        );
        assert_eq!(
            titles((SortBy::Revenue, true), GroupBy::Custom(0)),
            ["Hue", "Hanoi", "Nowhere"]
        );
        let label = |o: &Opportunity| {
            group_label(
                o,
                GroupBy::Custom(0),
                &store,
                (Locale::En, Calendar::Gregorian),
            )
        };
        assert_eq!(label(&all[1]).as_deref(), Some("Hà Nội"));
        assert_eq!(label(&all[0]).as_deref(), Some("—"));
    }
}
