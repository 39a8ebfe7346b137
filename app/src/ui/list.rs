//! The list view of opportunities: full-text search, sort by any column, group by stage or
//! priority, paged; a row opens the opportunity's form. Everything runs on the local cache.

use std::sync::Arc;

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
    if search.trim().is_empty() {
        return true;
    }
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

/// What a row is ordered by in a column, worked out once per row (a sort of 10,000 rows
/// compares each many times): custom fields as `custom_field::sort_key` orders them.
fn sort_key(
    o: &Opportunity,
    by: SortBy,
    store: &Store,
    custom: Option<&CustomField>,
) -> custom_field::SortKey {
    use custom_field::SortKey;
    match by {
        SortBy::Title => SortKey::Text(o.title.to_lowercase()),
        SortBy::Customer => match o.customer_name.trim() {
            "" => SortKey::Last,
            name => SortKey::Text(name.to_lowercase()),
        },
        SortBy::Stage => SortKey::Whole(
            store
                .stages
                .iter()
                .find(|s| s.id == o.stage_id)
                .map_or(i64::from(i32::MAX), |s| i64::from(s.sequence)),
        ),
        // Amounts of different currencies are not comparable: currency first, then amount.
        SortBy::Revenue => {
            SortKey::Amount(o.expected_revenue.currency.code(), o.expected_revenue.minor)
        }
        SortBy::Probability => SortKey::Whole(i64::from(o.probability)),
        SortBy::Priority => SortKey::Whole(i64::from(o.priority)),
        // Undated ones last.
        SortBy::Close => o.expected_close.map_or(SortKey::Last, |d| {
            SortKey::Whole(i64::from(chrono::Datelike::num_days_from_ce(&d)))
        }),
        SortBy::Custom(_) => custom.map_or(SortKey::Last, |f| {
            custom_field::sort_key(f, o.custom.get(&f.key), store)
        }),
    }
}

/// What a row is grouped by: its group's place among the others (days by their month, in the
/// Solar Hijri calendar when `jalali`).
fn group_key(
    o: &Opportunity,
    group: GroupBy,
    store: &Store,
    (custom, jalali): (Option<&CustomField>, bool),
) -> custom_field::SortKey {
    use custom_field::SortKey;
    match group {
        GroupBy::Nothing => SortKey::Last,
        GroupBy::Stage => sort_key(o, SortBy::Stage, store, None),
        GroupBy::Custom(_) => custom.map_or(SortKey::Last, |f| {
            custom_field::group_key(f, o.custom.get(&f.key), store, jalali)
        }),
        GroupBy::Priority => SortKey::Whole(-i64::from(o.priority)),
        // By name; deals without one last.
        GroupBy::Salesperson | GroupBy::Team | GroupBy::Tag => {
            group_name(o, group, store).map_or(SortKey::Last, SortKey::Text)
        }
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
#[cfg(test)]
pub fn rows<'a>(
    opportunities: impl Iterator<Item = &'a Opportunity>,
    store: &Store,
    today: chrono::NaiveDate,
    team: Option<Uuid>,
    search: &str,
    sort: (SortBy, bool),
    group: GroupBy,
) -> Vec<Arc<Opportunity>> {
    let open: Vec<Arc<Opportunity>> = open_rows(opportunities, store, today)
        .into_iter()
        .filter(|o| matches(o, search) && (team.is_none() || o.team_id == team))
        .collect();
    ordered(&open, store, sort, (group, false))
}

/// The open opportunities (not leads), each with its formulas computed (as of `today`) among
/// its custom values: what the list filters, worked out again when the records change, not
/// when the filter does.
fn open_rows<'a>(
    opportunities: impl Iterator<Item = &'a Opportunity>,
    store: &Store,
    today: chrono::NaiveDate,
) -> Vec<Arc<Opportunity>> {
    let formulas = crate::domain::formula::Formulas::of(store, "opportunity");
    let cx = crate::domain::formula::Context { store, today };
    opportunities
        .filter(|o| !o.deleted && !o.lost && !o.lead)
        .map(|o| {
            let mut row = o.clone();
            if !formulas.is_empty() {
                row.custom = formulas.lay_over_record(o, &o.custom, &cx).into_owned();
            }
            Arc::new(row)
        })
        .collect()
}

/// `rows` in the list's order: by group (days by month, in the Solar Hijri calendar when
/// `jalali`), then `sort` within each, then by id. Each row's keys are worked out once and
/// sorted with its place; the rows themselves are shared, not copied.
fn ordered(
    rows: &[Arc<Opportunity>],
    store: &Store,
    sort: (SortBy, bool),
    (group, jalali): (GroupBy, bool),
) -> Vec<Arc<Opportunity>> {
    let sorted_by = match sort.0 {
        SortBy::Custom(at) => custom_of(store, at),
        _ => None,
    };
    let grouped_by = match group {
        GroupBy::Custom(at) => custom_of(store, at),
        _ => None,
    };
    use custom_field::SortKey;
    let mut keyed: Vec<(SortKey, SortKey, Uuid, usize)> = rows
        .iter()
        .enumerate()
        .map(|(at, o)| {
            (
                group_key(o, group, store, (grouped_by, jalali)),
                sort_key(o, sort.0, store, sorted_by),
                o.id,
                at,
            )
        })
        .collect();
    keyed.sort_by(|(ga, wa, a, _), (gb, wb, b, _)| {
        ga.cmp(gb)
            .then(wa.cmp_either_way(wb, sort.1))
            .then_with(|| a.cmp(b))
    });
    keyed
        .into_iter()
        .map(|(_, _, _, at)| Arc::clone(&rows[at]))
        .collect()
}

/// The board's columns' cards in the order an address's `sort` names (`sort_of`: a field of
/// the deals' or one of their custom fields, either way, those without a value last); as
/// placed by hand when it names none. Cards of one value stay as placed; formulas are computed
/// (as of `today`) when the sort reads one.
pub(super) fn sort_columns(
    columns: &mut [crate::sync::view::Column],
    code: &str,
    store: &Store,
    today: chrono::NaiveDate,
) {
    let (by, descending) = sort_of(code, store);
    if by == SortBy::Stage {
        return;
    }
    let field = match by {
        SortBy::Custom(at) => custom_of(store, at),
        _ => None,
    };
    let formulas = crate::domain::formula::Formulas::of(store, "opportunity");
    let computed = field.filter(|f| formulas.has(&f.key));
    let cx = crate::domain::formula::Context { store, today };
    for column in columns {
        let mut keyed: Vec<(custom_field::SortKey, Uuid)> = column
            .ids
            .iter()
            .filter_map(|id| store.opportunities.get(id))
            .map(|o| {
                let key = match computed {
                    Some(f) => custom_field::sort_key(
                        f,
                        formulas.lay_over_record(o, &o.custom, &cx).get(&f.key),
                        store,
                    ),
                    None => sort_key(o, by, store, field),
                };
                (key, o.id)
            })
            .collect();
        // Stable: cards of one value keep their places.
        keyed.sort_by(|(a, _), (b, _)| a.cmp_either_way(b, descending));
        column.ids = keyed.into_iter().map(|(_, id)| id).collect();
    }
}

/// Whether an address's `sort` names a field (the board is otherwise as placed by hand).
pub(super) fn sorts_by_a_field(code: &str, store: &Store) -> bool {
    sort_of(code, store).0 != SortBy::Stage
}

/// The fields the board's cards may be sorted by, by the code the address writes (`sort_of`),
/// with their labels: the deals' own, then their custom fields.
pub(super) fn board_sorts(l: Locale, store: &Store) -> Vec<(String, String)> {
    let own = [
        ("title", l.field_label("opportunity", "title")),
        ("customer", l.t(Key::Customer).to_string()),
        ("revenue", l.t(Key::ExpectedRevenue).to_string()),
        ("probability", l.t(Key::Probability).to_string()),
        ("priority", l.t(Key::Priority).to_string()),
        ("close", l.t(Key::ExpectedClose).to_string()),
    ];
    own.into_iter()
        .map(|(code, label)| (code.to_string(), label))
        .chain(
            custom_field::of_kind(store, "opportunity")
                .into_iter()
                .map(|f| (f.key.clone(), l.custom_label(f))),
        )
        .collect()
}

fn salesperson_name(o: &Opportunity, users: &[User]) -> Option<String> {
    o.salesperson_id
        .and_then(|id| users.iter().find(|u| u.id == id))
        .map(|u| u.name.clone())
}

/// Sums of expected revenue per currency, largest first.
pub fn totals<O: std::borrow::Borrow<Opportunity>>(rows: &[O]) -> Vec<Money> {
    let mut sums: Vec<(Currency, i64)> = Vec::new();
    for o in rows.iter().map(O::borrow) {
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
            Some(super::custom::group_heading(
                l,
                calendar,
                field,
                o.custom.get(&field.key),
                store,
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

/// The list's values in its address that a saved view keeps: search, sort, grouping, tag.
const PARAMS: &[&str] = &["q", "sort", "group", "tag"];

/// The list's own columns after the title (always shown), as the address names them.
const COLUMNS: [&str; 7] = [
    "customer",
    "stage",
    "salesperson",
    "revenue",
    "probability",
    "priority",
    "close",
];

/// The columns the address shows (`cols=stage,revenue,x_region`, a saved view's columns):
/// `None`, all of them.
pub(super) fn shown_columns(cols: Option<String>) -> Option<std::collections::HashSet<String>> {
    cols.map(|c| {
        c.split(',')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect()
    })
}

/// Whether column `code` is shown.
pub(super) fn is_shown(shown: &Option<std::collections::HashSet<String>>, code: &str) -> bool {
    shown.as_ref().is_none_or(|s| s.contains(code))
}

/// The deals' list's columns that may be hidden, with their labels: its own, then its custom
/// fields'.
fn deal_columns(l: Locale, customs: &[CustomField]) -> Vec<(String, String)> {
    let fixed = [
        Key::Customer,
        Key::Stage,
        Key::Salesperson,
        Key::ExpectedRevenue,
        Key::Probability,
        Key::Priority,
        Key::ExpectedClose,
    ];
    COLUMNS
        .iter()
        .zip(fixed)
        .map(|(code, key)| (code.to_string(), l.t(key).to_string()))
        .chain(customs.iter().map(|f| (f.key.clone(), l.custom_label(f))))
        .collect()
}

/// How the address writes a sort: the column's name (a custom field's key), `-` first when
/// descending; the list's own order (by stage) is written as nothing.
fn sort_code((by, descending): (SortBy, bool), store: &Store) -> Option<String> {
    let name = match by {
        SortBy::Title => "title".to_string(),
        SortBy::Customer => "customer".into(),
        SortBy::Stage if !descending => return None,
        SortBy::Stage => "stage".into(),
        SortBy::Revenue => "revenue".into(),
        SortBy::Probability => "probability".into(),
        SortBy::Priority => "priority".into(),
        SortBy::Close => "close".into(),
        SortBy::Custom(at) => custom_of(store, at)?.key.clone(),
    };
    Some(if descending { format!("-{name}") } else { name })
}

/// The sort an address writes (`sort_code`); the list's own order for anything else.
fn sort_of(code: &str, store: &Store) -> (SortBy, bool) {
    let (descending, name) = match code.strip_prefix('-') {
        Some(name) => (true, name),
        None => (false, code),
    };
    let by = match name {
        "title" => SortBy::Title,
        "customer" => SortBy::Customer,
        "revenue" => SortBy::Revenue,
        "probability" => SortBy::Probability,
        "priority" => SortBy::Priority,
        "close" => SortBy::Close,
        key => match custom_field::of_kind(store, "opportunity")
            .iter()
            .position(|f| f.key == key)
        {
            Some(at) => SortBy::Custom(at),
            None => return (SortBy::Stage, descending && name == "stage"),
        },
    };
    (by, descending)
}

/// How the address writes a grouping (a custom field's key for one).
fn group_code(group: GroupBy, store: &Store) -> Option<String> {
    Some(match group {
        GroupBy::Nothing => return None,
        GroupBy::Stage => "stage".into(),
        GroupBy::Priority => "priority".into(),
        GroupBy::Salesperson => "salesperson".into(),
        GroupBy::Team => "team".into(),
        GroupBy::Tag => "tag".into(),
        GroupBy::Custom(at) => custom_of(store, at)?.key.clone(),
    })
}

fn group_of(code: &str, store: &Store) -> GroupBy {
    match code {
        "stage" => GroupBy::Stage,
        "priority" => GroupBy::Priority,
        "salesperson" => GroupBy::Salesperson,
        "team" => GroupBy::Team,
        "tag" => GroupBy::Tag,
        key => custom_field::of_kind(store, "opportunity")
            .iter()
            .position(|f| f.key == key && f.ty.groups())
            .map_or(GroupBy::Nothing, GroupBy::Custom),
    }
}

/// The open rows (`open_rows`) of `team` (`None`: all) the search, the tag (`tag`) and the
/// conditions keep, before they are put in order (`ordered`).
#[allow(clippy::too_many_arguments)]
fn listed(
    v: &crate::sync::view::Snapshot,
    open: &[Arc<Opportunity>],
    tag: Option<Uuid>,
    conditions: &crate::domain::filter::Filter,
    search: &str,
    team: Option<Uuid>,
    today: chrono::NaiveDate,
    reading: (Locale, Calendar),
) -> Vec<Arc<Opportunity>> {
    let cx = super::views::context(&v.store, v.user_id, today, reading);
    let keeper = crate::domain::filter::Keeper::over_computed(conditions, "opportunity", &cx);
    open.iter()
        .filter(|o| tag.is_none_or(|t| o.tag_ids.contains(&t)))
        .filter(|o| team.is_none() || o.team_id == team)
        .filter(|o| matches(o, search))
        .filter(|o| keeper.keeps_beside(&***o, &o.custom))
        .cloned()
        .collect()
}

#[component]
pub fn List() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    // What the list shows is in its address (search, sort, grouping, tag, conditions), so it
    // can be sent, saved as a view, and is there again after a reload. The words typed are held
    // here first, so none is lost to an address being replaced while they are typed.
    let search = RwSignal::new(nav.query("q").unwrap_or_default());
    Effect::new(move |_| {
        let q = nav.query("q").unwrap_or_default();
        if search.with_untracked(|w| w.trim() != q.trim()) {
            search.set(q);
        }
    });
    let sort = Memo::new(move |_| {
        let code = nav.query("sort").unwrap_or_default();
        sync.view.with(|v| sort_of(&code, v))
    });
    let group = Memo::new(move |_| {
        let code = nav.query("group").unwrap_or_default();
        sync.view.with(|v| group_of(&code, v))
    });
    let tagged = Memo::new(move |_| nav.query("tag").and_then(|t| Uuid::parse_str(&t).ok()));
    let conditions = Memo::new(move |_| super::views::filter_in(nav));
    let cols = Memo::new(move |_| shown_columns(nav.query("cols")));
    let on = move |code: &str| cols.with(|c| is_shown(c, code));
    let page = RwSignal::new(0usize);
    let t = move |key| locale.get().t(key);
    let team = expect_context::<super::CurrentTeam>().0;
    let today = super::use_today();
    let reading = super::views::use_reading();
    // How many times the rows were worked out, and how long the last time took: the kept rows
    // when what keeps them changed, and their order.
    let compute_ms = RwSignal::new((0u32, 0.0));
    // The open deals with their formulas computed: worked out again when the records change.
    let open = Memo::new_with_compare(
        move |last: Option<&(Vec<Arc<Opportunity>>, f64, u64)>| {
            let today = today.get();
            let started = super::now_ms();
            let rows = sync
                .view
                .with(|v| open_rows(v.opportunities.values(), &v.store, today));
            let round = last.map_or(0, |(_, _, round)| round + 1);
            (rows, super::now_ms() - started, round)
        },
        // Each working out makes new rows: telling them apart would cost as much again.
        |_, _| true,
    );
    // The rows kept, with the time it took (the open rows' too, when they were worked out for
    // it) and which working out it was: not worked out again when only the order changes.
    let open_counted = StoredValue::new(None::<u64>);
    let kept = Memo::new_with_compare(
        move |last: Option<&(Vec<Arc<Opportunity>>, f64, u64)>| {
            let (s, team, c, tag) = (search.get(), team.get(), conditions.get(), tagged.get());
            let (today, reading) = (today.get(), reading());
            open.with(|(open, opening, opened)| {
                let started = super::now_ms();
                let rows = sync
                    .view
                    .with(|v| listed(v, open, tag, &c, &s, team, today, reading));
                // The open rows' time counts once, in the first keeping after them.
                let opening = if open_counted.get_value() == Some(*opened) {
                    0.0
                } else {
                    *opening
                };
                open_counted.set_value(Some(*opened));
                let round = last.map_or(0, |(_, _, round)| round + 1);
                (rows, opening + super::now_ms() - started, round)
            })
        },
        // Each working out makes new rows: telling them apart would cost as much again.
        |_, _| true,
    );
    // The last working out of the kept rows whose time is counted in `compute_ms`.
    let counted = StoredValue::new(None::<u64>);
    let all = Memo::new(move |_| {
        let (sort, group) = (sort.get(), group.get());
        let jalali = reading().1 == Calendar::Jalali;
        kept.with(|(rows, keeping, round)| {
            let started = super::now_ms();
            let rows = sync
                .view
                .with(|v| ordered(rows, &v.store, sort, (group, jalali)));
            // How long the filter, the formulas (when they ran for this), the sort and the
            // grouping took (the benchmark reads it).
            let keeping = if counted.get_value() == Some(*round) {
                0.0
            } else {
                *keeping
            };
            counted.set_value(Some(*round));
            let ms = keeping + super::now_ms() - started;
            untrack(|| compute_ms.update(|(n, last)| (*n, *last) = (*n + 1, ms)));
            rows
        })
    });
    let count_of = Callback::new(move |view: crate::domain::SavedView| {
        let (team, today, reading) = (
            team.get_untracked(),
            today.get_untracked(),
            untrack(reading),
        );
        let search = view.params.get("q").cloned().unwrap_or_default();
        let tag = view.params.get("tag").and_then(|t| Uuid::parse_str(t).ok());
        open.with_untracked(|(open, _, _)| {
            sync.view.with_untracked(|v| {
                listed(v, open, tag, &view.filter, &search, team, today, reading).len()
            })
        })
    });
    let set_sort = move |by: SortBy| {
        let (was, descending) = sort.get_untracked();
        let code = sync
            .view
            .with_untracked(|v| sort_code((by, was == by && !descending), v));
        nav.set_query("sort", code);
    };
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
        let fields: Vec<CustomField> = customs
            .get_untracked()
            .into_iter()
            .filter(|f| on(&f.key))
            .collect();
        let shown = cols.get_untracked();
        // The list's columns, those shown: each its code, heading(s) and cells.
        let fixed: [(&str, &[String]); 8] = [
            ("title", &[col("title")]),
            ("customer", &[col("customer_name")]),
            ("stage", &[col("stage_id")]),
            ("salesperson", &[col("salesperson_id")]),
            (
                "revenue",
                &[col("expected_revenue"), l.t(Key::Currency).to_string()],
            ),
            ("probability", &[col("probability")]),
            ("priority", &[col("priority")]),
            ("close", &[col("expected_close")]),
        ];
        let wanted = |code: &str| code == "title" || is_shown(&shown, code);
        sync.view.with_untracked(|v| Sheet {
            name: l.t(Key::List).to_string(),
            header: fixed
                .iter()
                .filter(|(code, _)| wanted(code))
                .flat_map(|(_, heads)| heads.iter().cloned())
                .chain(fields.iter().map(|f| l.custom_label(f)))
                .collect(),
            rows: all.with_untracked(|rows| {
                rows.iter()
                    .map(|o| {
                        let stage = v.stages.iter().find(|s| s.id == o.stage_id);
                        let mut cells = Vec::new();
                        for (code, _) in &fixed {
                            if !wanted(code) {
                                continue;
                            }
                            match *code {
                                "title" => cells.push(Cell::text(o.title.clone())),
                                "customer" => cells.push(Cell::text(o.customer_name.clone())),
                                "stage" => cells.push(Cell::text(
                                    stage.map(|s| s.name.clone()).unwrap_or_default(),
                                )),
                                "salesperson" => cells.push(Cell::text(
                                    salesperson_name(o, &v.users).unwrap_or_default(),
                                )),
                                "revenue" => cells.extend([
                                    formats.money(o.expected_revenue),
                                    Cell::text(o.expected_revenue.currency.code()),
                                ]),
                                "probability" => {
                                    cells.push(formats.number(i64::from(o.probability)))
                                }
                                "priority" => cells.push(formats.number(i64::from(o.priority))),
                                _ => cells.push(formats.date(o.expected_close)),
                            }
                        }
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
                <button type="button" class="sort" on:click=move |_| set_sort(by)>
                    {move || t(key)}
                    {arrow}
                </button>
            </th>
        }
    };
    let summary = move || {
        let l = locale.get();
        all.with(|r| {
            // In the organisation's currency, as the board and the dashboard convert it; what
            // has no rate follows as it is.
            let sums: Vec<(Currency, i64)> = totals(r)
                .into_iter()
                .map(|m| (m.currency, m.minor))
                .collect();
            let total = sync
                .view
                .with(|v| super::parts::in_company_currency(l, &v.currency(), &sums));
            let count = l.t_n(Key::OpportunitiesCount, r.len());
            if total.is_empty() {
                count
            } else {
                format!("{count} · {total}")
            }
        })
    };
    let set_group = move |value: String| {
        nav.set_query("group", (!value.is_empty()).then_some(value));
        page.set(0);
    };
    let group_value = move || {
        sync.view
            .with(|v| group_code(group.get(), v).unwrap_or_default())
    };
    view! {
        <section class="list-view" data-testid="list" data-computed=move || compute_ms.get().0 data-compute-ms=move || format!("{:.2}", compute_ms.get().1)>
            <super::views::ViewBar page="list" params=PARAMS count_of/>
            <div class="list-tools">
                <input
                    type="search"
                    data-testid="search"
                    placeholder=move || t(Key::Search)
                    aria-label=move || t(Key::Search)
                    prop:value=search
                    on:input=move |ev| {
                        let typed = event_target_value(&ev);
                        search.set(typed.clone());
                        nav.set_query("q", (!typed.trim().is_empty()).then_some(typed));
                        page.set(0);
                    }
                />
                <label>
                    <span>{move || t(Key::GroupBy)}</span>
                    <select data-testid="group-by" on:change=move |ev| set_group(event_target_value(&ev)) prop:value=group_value>
                        <option value="">{move || t(Key::Nothing)}</option>
                        <option value="stage" selected=move || group_value() == "stage">{move || t(Key::Stage)}</option>
                        <option value="priority" selected=move || group_value() == "priority">{move || t(Key::Priority)}</option>
                        <option value="salesperson" selected=move || group_value() == "salesperson">{move || t(Key::Salesperson)}</option>
                        <option value="team" selected=move || group_value() == "team">{move || t(Key::Team)}</option>
                        <option value="tag" selected=move || group_value() == "tag">{move || t(Key::Tags)}</option>
                        {move || {
                            customs
                                .get()
                                .into_iter()
                                .filter(|f| f.ty.groups())
                                .map(|f| {
                                    let key = f.key.clone();
                                    let selected = key == group_value();
                                    view! { <option value=key selected=selected>{move || locale.get().custom_label(&f)}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <ColumnsMenu cols columns=Signal::derive(move || deal_columns(locale.get(), &customs.get()))/>
                <label>
                    <span>{move || t(Key::Tags)}</span>
                    <select
                        data-testid="tag-filter"
                        on:change=move |ev| {
                            let tag = event_target_value(&ev);
                            nav.set_query("tag", (!tag.is_empty()).then_some(tag));
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
                <super::parts::PageTools>
                    <super::export::Export name="deals" sheet/>
                    <super::import::ImportLink kind="opportunity"/>
                </super::parts::PageTools>
            </div>
            <div class="table-wrap">
                <table>
                    <thead>
                        <tr>
                            {header(Key::OpportunityTitle, SortBy::Title)}
                            {move || on("customer").then(|| header(Key::Customer, SortBy::Customer))}
                            {move || on("stage").then(|| header(Key::Stage, SortBy::Stage))}
                            {move || on("salesperson").then(|| view! { <th>{move || t(Key::Salesperson)}</th> })}
                            {move || on("revenue").then(|| header(Key::ExpectedRevenue, SortBy::Revenue))}
                            {move || on("probability").then(|| header(Key::Probability, SortBy::Probability))}
                            {move || on("priority").then(|| header(Key::Priority, SortBy::Priority))}
                            {move || on("close").then(|| header(Key::ExpectedClose, SortBy::Close))}
                            {move || {
                                customs
                                    .get()
                                    .into_iter()
                                    .enumerate()
                                    .filter(|(_, f)| on(&f.key))
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
                                                <button type="button" class="sort" on:click=move |_| set_sort(by)>
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
                            let fields: Vec<CustomField> = customs.get().into_iter().filter(|f| on(&f.key)).collect();
                            let shown_cols = cols.get();
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
                                        let custom: Vec<CustomCell> = fields
                                            .iter()
                                            .map(|f| {
                                                let value = o.custom.get(&f.key);
                                                let shown = value.map(|value| super::custom::shown(l, calendar, f, value, v)).unwrap_or_default();
                                                let colour = value.and_then(|value| super::custom::colour_of(f, value));
                                                (f.key.clone(), l.custom_label(f), shown, colour)
                                            })
                                            .collect();
                                        row_view(l, nav, Arc::unwrap_or_clone(o), (stage.unwrap_or_default(), seller), heading.flatten(), custom, &shown_cols)
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

/// Which columns a list shows: a tick each, kept in the address (`cols`), and so in a view.
/// `columns`: the list's columns that may be hidden, each with its label (its own, then its
/// custom fields'). The board's cards' fields are chosen the same way (`param`: `cards`;
/// `defaults`: those shown when the address names none, all otherwise; `most`: how many may
/// be ticked).
#[component]
pub(super) fn ColumnsMenu(
    cols: Memo<Option<std::collections::HashSet<String>>>,
    columns: Signal<Vec<(String, String)>>,
    #[prop(default = "cols")] param: &'static str,
    #[prop(optional)] defaults: Option<Signal<std::collections::HashSet<String>>>,
    #[prop(optional)] most: Option<usize>,
    #[prop(optional)] label: Option<Signal<String>>,
    #[prop(default = "columns-menu")] testid: &'static str,
) -> impl IntoView {
    let nav = expect_context::<super::routes::Nav>();
    let locale = use_locale();
    let every = move || -> Vec<String> {
        columns.with_untracked(|cs| cs.iter().map(|(c, _)| c.clone()).collect())
    };
    let default_set = move || -> std::collections::HashSet<String> {
        defaults.map_or_else(|| every().into_iter().collect(), |d| d.get_untracked())
    };
    let toggle = move |code: String, on: bool| {
        let mut set = cols.get_untracked().unwrap_or_else(default_set);
        if on {
            set.insert(code);
        } else {
            set.remove(&code);
        }
        let shown: Vec<String> = every().into_iter().filter(|c| set.contains(c)).collect();
        let as_default = shown
            .iter()
            .cloned()
            .collect::<std::collections::HashSet<_>>()
            == default_set()
                .into_iter()
                .filter(|c| every().contains(c))
                .collect();
        nav.set_query(param, (!as_default).then(|| shown.join(",")));
    };
    let is_on = move |code: &str| {
        cols.with(|c| match (c, defaults) {
            (None, Some(d)) => d.with(|d| d.contains(code)),
            _ => is_shown(c, code),
        })
    };
    let labels = move || columns.get();
    let summary = move || match label {
        Some(label) => label.get(),
        None => locale.get().field_label("saved_view", "columns"),
    };
    view! {
        <details class="columns-menu" data-testid=testid>
            <summary class="chip">{summary}</summary>
            <div class="columns-list">
                {move || {
                    let codes: Vec<(String, String)> = labels();
                    let ticked = codes.iter().filter(|(c, _)| is_on(c)).count();
                    codes
                        .into_iter()
                        .map(|(code, label)| {
                            let shown = is_on(&code);
                            // No more than `most`: the others wait until one is unticked.
                            let full = !shown && most.is_some_and(|m| ticked >= m);
                            let value = code.clone();
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        value=code
                                        prop:checked=shown
                                        disabled=full
                                        on:change=move |ev| toggle(value.clone(), event_target_checked(&ev))
                                    />
                                    <span>{label}</span>
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </details>
    }
}

/// A custom field's cell in a row: its key, label, value as the reader reads it, and colour.
type CustomCell = (String, String, String, Option<u8>);

fn row_view(
    l: Locale,
    nav: super::routes::Nav,
    o: Opportunity,
    (stage, salesperson): (String, String),
    heading: Option<String>,
    // Each custom field's key, label and value as the reader sees it (those shown).
    custom: Vec<CustomCell>,
    shown: &Option<std::collections::HashSet<String>>,
) -> impl IntoView + use<> {
    let on = |code: &str| is_shown(shown, code);
    let columns = 1 + COLUMNS.iter().filter(|c| on(c)).count() + custom.len();
    let id: Uuid = o.id;
    let stars = if o.priority == 0 {
        String::new()
    } else {
        "★".repeat(o.priority as usize)
    };
    view! {
        {heading.map(|h| view! { <tr class="group-row"><th colspan=columns><span>{h}</span></th></tr> })}
        <tr class="row" data-testid="row" data-id=id.to_string() on:click=move |_| nav.open_deal(id)>
            <td class="title">{o.title.clone()}</td>
            {on("customer").then(|| view! { <td class="customer">{o.customer_name.clone()}</td> })}
            {on("stage").then(|| view! { <td class="stage">{stage}</td> })}
            {on("salesperson").then(|| view! { <td class="seller">{salesperson}</td> })}
            {on("revenue").then(|| view! { <td class="number revenue">{l.money(o.expected_revenue)}</td> })}
            {on("probability").then(|| view! { <td class="number probability">{l.percent(i64::from(o.probability))}</td> })}
            {on("priority").then(|| view! { <td class="stars-cell">{stars}</td> })}
            {on("close").then(|| view! { <td class="close">{o.expected_close.map(super::show_date).unwrap_or_default()}</td> })}
            {custom
                .into_iter()
                .map(|(key, label, shown, colour)| view! { <td class="custom" data-field=key data-label=label dir="auto">{super::custom::coloured(shown, colour)}</td> })
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
            purged: false,
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
            .map(|o| o.title.clone())
            .collect::<Vec<_>>()
        };
        // In the options' order, the empty one last, whichever way.
        assert_eq!(
            titles((SortBy::Custom(0), false), GroupBy::Nothing),
            ["Hue", "Hanoi", "Nowhere"]
        );
        assert_eq!(
            titles((SortBy::Custom(0), true), GroupBy::Nothing),
            ["Hanoi", "Hue", "Nowhere"]
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

    #[test]
    fn a_boards_columns_are_sorted_by_a_field_and_cards_of_one_value_stay_as_placed() {
        use serde_json::json;
        let a = stage("New", 1);
        let mut store = Store {
            stages: vec![a.clone()],
            ..Store::default()
        };
        let mut seats = crate::domain::custom_field::CustomField::draft(
            Uuid::now_v7(),
            "opportunity",
            "x_seats".into(),
            crate::domain::custom_field::CustomType::Number { decimals: 0 },
        );
        seats.labels.en = "Seats".into();
        store.custom_fields.push(seats);
        // As placed: the first two worth the same.
        let placed = [
            ("Placed first", 500, Some(12)),
            ("Placed second", 500, None),
            ("Small", 100, Some(3)),
            ("Large", 900, Some(40)),
        ];
        let mut ids = Vec::new();
        for (title, minor, n) in placed {
            let mut o = opportunity(title, "X", &a, minor, 0);
            if let Some(n) = n {
                o.custom.insert("x_seats".into(), json!(n));
            }
            ids.push(o.id);
            store.opportunities.insert(o.id, o);
        }
        let titles = |code: &str| -> Vec<String> {
            let mut columns = vec![crate::sync::view::Column {
                stage: a.clone(),
                ids: ids.clone(),
                totals: vec![],
                weighted: vec![],
            }];
            sort_columns(&mut columns, code, &store, chrono::NaiveDate::default());
            columns[0]
                .ids
                .iter()
                .map(|id| store.opportunities[id].title.clone())
                .collect()
        };
        assert_eq!(
            titles(""),
            ["Placed first", "Placed second", "Small", "Large"]
        );
        assert_eq!(
            titles("revenue"),
            ["Small", "Placed first", "Placed second", "Large"]
        );
        assert_eq!(
            titles("-revenue"),
            ["Large", "Placed first", "Placed second", "Small"]
        );
        // Those without a value last, whichever way.
        assert_eq!(
            titles("-x_seats"),
            ["Large", "Placed first", "Small", "Placed second"]
        );
        assert_eq!(
            titles("x_seats"),
            ["Small", "Placed first", "Large", "Placed second"]
        );
    }
}
