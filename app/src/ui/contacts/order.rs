//! How the lists of contacts, companies, leads and activities are put in order, as their
//! address says: sorted by a field (`sort=email`; `sort=-x_branches`, a custom field's key, `-`
//! first when descending; by name, for leads newest first, for activities soonest first, when
//! it says nothing), grouped by another (`group=company_id`, or a custom field that groups: a
//! dropdown, yes or no, a person, a link), so a saved view keeps them too.

use std::borrow::Cow;

use uuid::Uuid;

use crate::domain::activity::DayGroup;
use crate::domain::custom_field::{self, CustomField, SortKey};
use crate::domain::formula::{Context, Formulas};
use crate::domain::kind::Row;
use crate::domain::{Activity, Company, Contact, CustomValues, Opportunity, Store, origin};
use crate::i18n::{Calendar, Key, Locale};

/// A list's order: the field sorted by, which way, and the field grouped by (empty: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Order {
    pub sort: String,
    pub descending: bool,
    pub group: String,
}

impl Order {
    /// The order an address's `sort` and `group` say.
    pub fn read(sort: Option<String>, group: Option<String>) -> Order {
        let sort = sort.unwrap_or_default();
        let (descending, sort) = match sort.strip_prefix('-') {
            Some(name) => (true, name.to_string()),
            None => (false, sort),
        };
        Order {
            sort,
            descending,
            group: group.unwrap_or_default(),
        }
    }

    /// How the address writes the sort: nothing for the list's own (by name, A to Z).
    pub fn sort_code(&self) -> Option<String> {
        match (self.sort.as_str(), self.descending) {
            ("" | "name", false) => None,
            ("", true) => Some("-name".into()),
            (name, true) => Some(format!("-{name}")),
            (name, false) => Some(name.into()),
        }
    }
}

/// A row of the lists, as the order reads it.
pub trait Listed: Row + serde::Serialize {
    /// The kind whose custom fields it has.
    const KIND: &'static str;
    /// Its own fields (besides its custom ones) a list sorts by and may hide: the one it is
    /// sorted by when the address says nothing (the name, always shown) first.
    const OWN: &'static [&'static str];
    /// Its own fields a list groups by.
    const GROUPS: &'static [&'static str];
    /// Newest first when the address says no order (otherwise by name).
    const NEWEST_FIRST: bool = false;
    /// The text of one of its own fields, as the list shows it.
    fn text<'a>(&'a self, field: &str, store: &'a Store) -> Cow<'a, str>;
    /// What one of its own fields is ordered by, when not by its text (a number, a day).
    fn key(&self, _field: &str) -> Option<SortKey> {
        None
    }
    /// The group it is in by one of its own fields, when the groups are not the field's values
    /// (an activity's due day: overdue, today, …): the group's place and its heading.
    fn grouped(&self, _field: &str, _today: chrono::NaiveDate) -> Option<(SortKey, Key)> {
        None
    }
    fn custom(&self) -> &CustomValues;
}

impl Listed for Contact {
    const KIND: &'static str = "contact";
    const OWN: &'static [&'static str] = &["name", "company_id", "email", "phone"];
    const GROUPS: &'static [&'static str] = &["company_id"];

    fn text<'a>(&'a self, field: &str, store: &'a Store) -> Cow<'a, str> {
        Cow::Borrowed(match field {
            "name" => &self.name,
            "company_id" => self
                .company_id
                .and_then(|id| store.companies.get(&id))
                .map_or("", |c| c.name.as_str()),
            "email" => &self.email,
            "phone" => &self.phone,
            _ => "",
        })
    }

    fn custom(&self) -> &CustomValues {
        &self.custom
    }
}

impl Listed for Company {
    const KIND: &'static str = "company";
    const OWN: &'static [&'static str] = &["name", "email", "phone", "address"];
    const GROUPS: &'static [&'static str] = &[];

    fn text<'a>(&'a self, field: &str, _: &'a Store) -> Cow<'a, str> {
        Cow::Borrowed(match field {
            "name" => &self.name,
            "email" => &self.email,
            "phone" => &self.phone,
            "address" => &self.address,
            _ => "",
        })
    }

    fn custom(&self) -> &CustomValues {
        &self.custom
    }
}

/// A lead, in the leads' list.
impl Listed for Opportunity {
    const KIND: &'static str = "opportunity";
    const OWN: &'static [&'static str] = &[
        "title",
        "customer_name",
        "company_name",
        "email",
        "phone",
        "score",
        "expected_revenue",
        "created_on",
    ];
    const GROUPS: &'static [&'static str] = &["salesperson_id", "source_id", "campaign_id"];
    const NEWEST_FIRST: bool = true;

    fn text<'a>(&'a self, field: &str, store: &'a Store) -> Cow<'a, str> {
        Cow::Borrowed(match field {
            "name" | "title" => &self.title,
            "customer_name" => &self.customer_name,
            "company_name" => &self.company_name,
            "email" => &self.email,
            "phone" => &self.phone,
            "salesperson_id" => self
                .salesperson_id
                .and_then(|id| store.users.iter().find(|u| u.id == id))
                .map_or("", |u| u.name.as_str()),
            "source_id" => self
                .source_id
                .and_then(|id| origin::find(&store.sources, id))
                .map_or("", |s| s.name.as_str()),
            "campaign_id" => self
                .campaign_id
                .and_then(|id| origin::find(&store.campaigns, id))
                .map_or("", |c| c.name.as_str()),
            _ => "",
        })
    }

    fn key(&self, field: &str) -> Option<SortKey> {
        Some(match field {
            "score" => self
                .score
                .map_or(SortKey::Last, |s| SortKey::Whole(i64::from(s))),
            // Amounts of different currencies are not comparable: currency first.
            "expected_revenue" => SortKey::Amount(
                self.expected_revenue.currency.code(),
                self.expected_revenue.minor,
            ),
            "created_on" => self.created_on.map_or(SortKey::Last, |d| {
                SortKey::Whole(i64::from(chrono::Datelike::num_days_from_ce(&d)))
            }),
            _ => return None,
        })
    }

    fn custom(&self) -> &CustomValues {
        &self.custom
    }
}

/// No custom values: the kinds that have none.
static NO_VALUES: CustomValues = CustomValues::new();

/// An activity, in the list of everything to do: soonest first, grouped by when it is due
/// (overdue, today, tomorrow, this week, later) unless the address says otherwise.
impl Listed for Activity {
    const KIND: &'static str = "activity";
    const OWN: &'static [&'static str] = &["due", "summary", "type_id", "subject", "user_id"];
    const GROUPS: &'static [&'static str] = &["due", "type_id", "subject", "user_id"];

    fn text<'a>(&'a self, field: &str, store: &'a Store) -> Cow<'a, str> {
        match field {
            "name" | "summary" => Cow::Borrowed(&self.summary),
            "type_id" => Cow::Borrowed(
                store
                    .activity_types
                    .iter()
                    .find(|t| t.id == self.type_id)
                    .map_or("", |t| t.name.as_str()),
            ),
            "subject" => Cow::Owned(store.display_name(self.subject.id).unwrap_or_default()),
            "user_id" => Cow::Borrowed(
                self.user_id
                    .and_then(|id| store.user_name(id))
                    .unwrap_or(""),
            ),
            _ => Cow::Borrowed(""),
        }
    }

    fn key(&self, field: &str) -> Option<SortKey> {
        (field == "due")
            .then(|| SortKey::Whole(i64::from(chrono::Datelike::num_days_from_ce(&self.due))))
    }

    fn grouped(&self, field: &str, today: chrono::NaiveDate) -> Option<(SortKey, Key)> {
        (field == "due").then(|| {
            let group = DayGroup::of(self.due, today);
            (SortKey::Whole(group as i64), day_heading(group))
        })
    }

    fn custom(&self) -> &CustomValues {
        &NO_VALUES
    }
}

/// The heading of the activities due in `group`.
pub fn day_heading(group: DayGroup) -> Key {
    match group {
        DayGroup::Overdue => Key::Overdue,
        DayGroup::Today => Key::Today,
        DayGroup::Tomorrow => Key::Tomorrow,
        DayGroup::ThisWeek => Key::ThisWeek,
        DayGroup::Later => Key::LaterOn,
    }
}

/// The live custom field of `kind` called `key`.
fn custom_of<'a>(store: &'a Store, kind: &str, key: &str) -> Option<&'a CustomField> {
    custom_field::find(store, kind, key).filter(|f| !f.deleted)
}

/// `rows` in the list's order: by group (days by month, in the reader's `calendar`), then by
/// the sort (its way), then by name, then by id; their ids. Formulas are computed (as of
/// `today`) only when the order reads one.
pub fn ordered<T: Listed>(
    store: &Store,
    rows: Vec<&T>,
    order: &Order,
    (today, calendar): (chrono::NaiveDate, Calendar),
) -> Vec<Uuid> {
    let kind = T::KIND;
    if order.sort.is_empty() && order.group.is_empty() && T::NEWEST_FIRST {
        let mut ids: Vec<Uuid> = rows.into_iter().map(Row::id).collect();
        ids.sort_by_key(|id| std::cmp::Reverse(*id));
        return ids;
    }
    let formulas = Formulas::of(store, kind);
    let computes = formulas.has(&order.sort) || formulas.has(&order.group);
    let cx = Context { store, today };
    let sort = match order.sort.as_str() {
        "" if T::NEWEST_FIRST => "created_on",
        "" => T::OWN[0],
        sort => sort,
    };
    // Newest first is the other way.
    let descending = order.descending ^ (order.sort.is_empty() && T::NEWEST_FIRST);
    let jalali = calendar == Calendar::Jalali;
    let key = |row: &T, field: &str, values: &CustomValues, grouping: bool| -> SortKey {
        if field.is_empty() {
            return SortKey::Last;
        }
        if let Some(f) = custom_of(store, kind, field) {
            return match grouping {
                true => custom_field::group_key(f, values.get(field), store, jalali),
                false => custom_field::sort_key(f, values.get(field), store),
            };
        }
        if let Some((key, _)) = grouping.then(|| row.grouped(field, today)).flatten() {
            return key;
        }
        if let Some(key) = row.key(field) {
            return key;
        }
        match row.text(field, store) {
            text if text.is_empty() => SortKey::Last,
            // Names as the list always had them; the rest without case.
            text if field == "name" => SortKey::Text(text.into_owned()),
            text => SortKey::Text(text.to_lowercase()),
        }
    };
    let mut keyed: Vec<(SortKey, SortKey, Cow<str>, Uuid)> = rows
        .into_iter()
        .map(|row| {
            let values = if computes {
                formulas.lay_over_record(row, row.custom(), &cx)
            } else {
                Cow::Borrowed(row.custom())
            };
            (
                key(row, &order.group, &values, true),
                key(row, sort, &values, false),
                row.text("name", store),
                row.id(),
            )
        })
        .collect();
    // Records made on one day are in the order they were made (ids are made in time order),
    // the way of the sort.
    let by_time = sort == "created_on";
    keyed.sort_by(|(ga, sa, na, a), (gb, sb, nb, b)| {
        let made = match (by_time, descending) {
            (false, _) => std::cmp::Ordering::Equal,
            (true, false) => a.cmp(b),
            (true, true) => b.cmp(a),
        };
        ga.cmp(gb)
            .then(sa.cmp_either_way(sb, descending))
            .then(made)
            .then_with(|| na.cmp(nb))
            .then_with(|| a.cmp(b))
    });
    keyed.into_iter().map(|(_, _, _, id)| id).collect()
}

/// The heading of the group `row` is listed under, when the list is grouped: the value of the
/// field grouped by as the reader reads it, "—" for none.
pub fn group_of<T: Listed>(
    store: &Store,
    row: &T,
    group: &str,
    (l, calendar): (Locale, Calendar),
    today: chrono::NaiveDate,
) -> Option<String> {
    if group.is_empty() {
        return None;
    }
    let kind = T::KIND;
    if let Some((_, heading)) = row.grouped(group, today) {
        return Some(l.t(heading).to_string());
    }
    let shown = match custom_of(store, kind, group) {
        Some(f) => {
            let formulas = Formulas::of(store, kind);
            let values = formulas.lay_over_record(row, row.custom(), &Context { store, today });
            super::super::custom::group_heading(l, calendar, f, values.get(group), store)
        }
        None => row.text(group, store).into_owned(),
    };
    Some(if shown.is_empty() {
        "—".into()
    } else {
        shown
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_field::{Choice, CustomType, Labels};

    fn company(name: &str, email: &str, size: Option<&str>) -> Company {
        let mut c = Company {
            email: email.into(),
            ..Company::sample(name)
        };
        if let Some(s) = size {
            c.custom.insert("x_size".into(), serde_json::json!(s));
        }
        c
    }

    fn size_field() -> CustomField {
        CustomField {
            id: Uuid::now_v7(),
            of: "company".into(),
            key: "x_size".into(),
            labels: Labels::default(),
            ty: CustomType::Choice {
                options: ["Small", "Large"]
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Choice {
                        id: format!("o{}", i + 1),
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
        }
    }

    #[test]
    fn a_list_is_sorted_by_a_field_either_way_and_grouped_by_another() {
        let mut store = Store::default();
        store.custom_fields.push(size_field());
        let rows = [
            company("Đông Á", "b@donga.vn", Some("o2")),
            company("An Phát", "c@anphat.vn", Some("o1")),
            company("Bình Minh", "", Some("o2")),
            company("Cửu Long", "a@cuulong.vn", None),
        ];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let names = |order: &Order| -> Vec<String> {
            ordered(
                &store,
                rows.iter().collect(),
                order,
                (today, Calendar::Gregorian),
            )
            .into_iter()
            .map(|id| rows.iter().find(|r| r.id == id).unwrap().name.clone())
            .collect()
        };
        let by = |sort: &str, group: &str| {
            Order::read(
                Some(sort.into()).filter(|s: &String| !s.is_empty()),
                Some(group.into()),
            )
        };
        // By name, as the list always was.
        assert_eq!(
            names(&Order::default()),
            ["An Phát", "Bình Minh", "Cửu Long", "Đông Á"]
        );
        // By email; those without one last, whichever way.
        assert_eq!(
            names(&by("email", "")),
            ["Cửu Long", "Đông Á", "An Phát", "Bình Minh"]
        );
        assert_eq!(
            names(&by("-email", "")),
            ["An Phát", "Đông Á", "Cửu Long", "Bình Minh"]
        );
        // Grouped by the dropdown, in its options' order (none last), by name within.
        let grouped = by("", "x_size");
        assert_eq!(
            names(&grouped),
            ["An Phát", "Bình Minh", "Đông Á", "Cửu Long"]
        );
        let headings: Vec<Option<String>> = ["An Phát", "Cửu Long"]
            .iter()
            .map(|n| {
                let row = rows.iter().find(|r| r.name == *n).unwrap();
                group_of(
                    &store,
                    row,
                    "x_size",
                    (Locale::En, Calendar::Gregorian),
                    today,
                )
            })
            .collect();
        assert_eq!(headings, [Some("Small".into()), Some("—".into())]);
        // The address: nothing for the list's own order.
        assert_eq!(Order::default().sort_code(), None);
        assert_eq!(by("-email", "").sort_code().as_deref(), Some("-email"));
        assert_eq!(by("-name", "").sort_code().as_deref(), Some("-name"));
    }

    #[test]
    fn leads_of_one_day_are_in_the_order_they_came_and_days_group_by_month() {
        let stage = Uuid::now_v7();
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d);
        let mut store = Store::default();
        let mut met = size_field();
        met.of = "opportunity".into();
        met.key = "x_met".into();
        met.ty = CustomType::Date;
        store.custom_fields.push(met);
        // Made in this order (ids are made in time order), names the other way.
        let leads: Vec<Opportunity> = [
            ("Mid", 1, "2026-11-10"),
            ("Zeta", 3, "2026-11-30"),
            ("Alpha", 3, "2026-12-15"),
        ]
        .into_iter()
        .map(|(title, d, met)| {
            let mut o = Opportunity {
                created_on: day(d),
                lead: true,
                ..Opportunity::sample(stage, title)
            };
            o.custom.insert("x_met".into(), serde_json::json!(met));
            o
        })
        .collect();
        let today = day(7).unwrap();
        let titles = |order: &Order, calendar| -> Vec<String> {
            ordered(&store, leads.iter().collect(), order, (today, calendar))
                .into_iter()
                .map(|id| leads.iter().find(|r| r.id == id).unwrap().title.clone())
                .collect()
        };
        // Oldest first: of the two made on the 3rd, the earlier one first, whatever its name;
        // newest first, the other way.
        assert_eq!(
            titles(
                &Order::read(Some("created_on".into()), None),
                Calendar::Gregorian
            ),
            ["Mid", "Zeta", "Alpha"]
        );
        assert_eq!(
            titles(&Order::default(), Calendar::Gregorian),
            ["Alpha", "Zeta", "Mid"]
        );
        assert_eq!(
            titles(
                &Order::read(Some("-created_on".into()), None),
                Calendar::Gregorian
            ),
            ["Alpha", "Zeta", "Mid"]
        );
        // Grouped by the month they met in: November's two, then December's; in Solar Hijri
        // months, 30 November is in Azar with 15 December, 10 November in Aban.
        let by_month = Order::read(Some("title".into()), Some("x_met".into()));
        assert_eq!(
            titles(&by_month, Calendar::Gregorian),
            ["Mid", "Zeta", "Alpha"]
        );
        assert_eq!(
            titles(&by_month, Calendar::Jalali),
            ["Mid", "Alpha", "Zeta"]
        );
        let heading = |title: &str, reading| {
            let lead = leads.iter().find(|l| l.title == title).unwrap();
            group_of(&store, lead, "x_met", reading, today).unwrap()
        };
        assert_eq!(
            heading("Zeta", (Locale::En, Calendar::Gregorian)),
            "November 2026"
        );
        assert_eq!(heading("Zeta", (Locale::Fa, Calendar::Jalali)), "آذر ۱۴۰۵");
    }
    #[test]
    fn activities_are_soonest_first_by_when_due_unless_the_address_says_otherwise() {
        use crate::domain::activity::{ActivityType, Chaining, DelayFrom, DelayUnit};
        use crate::domain::{Record, Subject, User};
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        // Monday 7 December 2026.
        let today = day(7);
        let mut store = Store::default();
        let kind = |name: &str| ActivityType {
            id: Uuid::now_v7(),
            name: name.into(),
            icon: String::new(),
            delay: 0,
            unit: DelayUnit::Days,
            from: DelayFrom::Completion,
            chaining: Chaining::Nothing,
            version: 1,
            deleted: false,
        };
        let (call, email) = (kind("Call"), kind("Email"));
        store.activity_types = vec![call.clone(), email.clone()];
        let lan = User {
            id: Uuid::now_v7(),
            name: "Lan".into(),
            email: "lan@example.vn".into(),
        };
        store.users.push(lan.clone());
        let deal = Opportunity::sample(Uuid::now_v7(), "Vinamilk");
        let about = deal.id;
        store.put(Record::Opportunity(deal));
        let at = |summary: &str, due, kind: &ActivityType, user: Option<Uuid>| Activity {
            id: Uuid::now_v7(),
            type_id: kind.id,
            subject: Subject::deal(about),
            summary: summary.into(),
            note: String::new(),
            due,
            user_id: user,
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 1,
            deleted: false,
        };
        let rows = [
            at("Next week", day(16), &call, Some(lan.id)),
            at("Late", day(2), &email, None),
            at("Thursday", day(10), &email, Some(lan.id)),
            at("Now", day(7), &call, None),
        ];
        let listed = |order: &Order| -> Vec<(String, Option<String>)> {
            ordered(
                &store,
                rows.iter().collect(),
                order,
                (today, Calendar::Gregorian),
            )
            .into_iter()
            .map(|id| {
                let a = rows.iter().find(|r| r.id == id).unwrap();
                let heading = group_of(
                    &store,
                    a,
                    &order.group,
                    (Locale::En, Calendar::Gregorian),
                    today,
                );
                (a.summary.clone(), heading)
            })
            .collect()
        };
        let of = |sort: &str, group: &str| {
            Order::read(
                Some(sort.into()).filter(|s: &String| !s.is_empty()),
                Some(group.into()),
            )
        };
        let pair = |s: &str, h: Option<&str>| (s.to_string(), h.map(str::to_string));
        // Soonest first, under when they are due.
        assert_eq!(
            listed(&of("", "due")),
            [
                pair("Late", Some("Overdue")),
                pair("Now", Some("Today")),
                pair("Thursday", Some("This week")),
                pair("Next week", Some("Later")),
            ]
        );
        // Latest first, not grouped.
        assert_eq!(
            listed(&of("-due", "")),
            [
                pair("Next week", None),
                pair("Thursday", None),
                pair("Now", None),
                pair("Late", None),
            ]
        );
        // By type, soonest first in each; by person, those of nobody last either way.
        assert_eq!(
            listed(&of("", "type_id")),
            [
                pair("Now", Some("Call")),
                pair("Next week", Some("Call")),
                pair("Late", Some("Email")),
                pair("Thursday", Some("Email")),
            ]
        );
        assert_eq!(
            listed(&of("-user_id", ""))
                .into_iter()
                .map(|(s, _)| s)
                .collect::<Vec<_>>(),
            ["Next week", "Thursday", "Late", "Now"]
        );
        // By what they are about: its name.
        assert_eq!(listed(&of("", "subject"))[0].1.as_deref(), Some("Vinamilk"));
    }
}
