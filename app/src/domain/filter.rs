//! Filters: the conditions a saved view keeps records by (and, next, a segment, a scoring rule,
//! a territory). A filter is data: saved with a view, carried in a page's address, checked
//! before it is saved. It reads a kind's fields as its declaration says (`Kind::FIELDS`),
//! custom ones and formulas included, and decides the same in the browser, on its copy and
//! offline, as on the server.
//!
//! A filter is conditions and groups of them, all of which (or, `any`, one of which) must
//! hold. A condition is a field, an operator that suits the field's shape, and its values
//! written plainly: an amount in the organisation's currency (`150000000`), a day
//! (`2026-12-05`, or `today`), a period (`this_month`), record ids, an option's id, `me`,
//! `my_team`, `yes` or `no`.
//!
//! A condition can also reach across links: a contact's company, a company's deals, a deal's
//! activities (`has` / `has_none`, with the linked records' own filter in `of`). That is what a
//! segment is: "companies in Hanoi with a deal won this year over 100,000,000 ₫". The linked
//! records are read from the same copy, so a segment counts what the browser holds (deals
//! closed since the horizon, `keep.rs`).

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::custom_field::{self, CustomType};
use super::duplicates::fold;
use super::field::FieldType;
use super::{Currency, Record, RuleError, Store};

mod pluck;
pub use pluck::{Picked, field_of, pick, pick_beside};

/// The most conditions a filter holds, groups included.
pub const MAX_CONDITIONS: usize = 50;
/// How deep groups nest.
pub const MAX_DEPTH: usize = 3;
/// The most values one condition takes (ids of "one of").
pub const MAX_VALUES: usize = 200;
/// The longest value.
pub const MAX_VALUE: usize = 200;

/// Conditions and groups of them; the default keeps every record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// One of them is enough (otherwise all of them must hold).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub any: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Filter>,
}

/// One condition: a field, how it is compared, with what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The field's name in the record (`expected_close`), or a custom field's key.
    pub field: String,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// For `has` and `has_none`: what the linked records are to be.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<Filter>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Is,
    IsNot,
    /// Text found in it (a linked record's name, for a link).
    Contains,
    /// Text not found in it.
    Excludes,
    /// One of the values (a list: holds one of them).
    OneOf,
    /// None of the values.
    NoneOf,
    /// Less than; for a day, before.
    Less,
    /// More than; for a day, after.
    More,
    /// From the first value to the second, both included.
    Between,
    /// A day in a period (`Period`).
    Within,
    IsEmpty,
    IsSet,
    /// A linked record (one of them, for records linked here) is as `Condition::of` says.
    Has,
    /// No linked record is as `Condition::of` says.
    HasNone,
}

impl Op {
    pub const ALL: [Op; 14] = [
        Op::Is,
        Op::IsNot,
        Op::Contains,
        Op::Excludes,
        Op::OneOf,
        Op::NoneOf,
        Op::Less,
        Op::More,
        Op::Between,
        Op::Within,
        Op::IsEmpty,
        Op::IsSet,
        Op::Has,
        Op::HasNone,
    ];

    /// Its name in a filter's JSON (`one_of`).
    pub fn code(self) -> &'static str {
        match self {
            Op::Is => "is",
            Op::IsNot => "is_not",
            Op::Contains => "contains",
            Op::Excludes => "excludes",
            Op::OneOf => "one_of",
            Op::NoneOf => "none_of",
            Op::Less => "less",
            Op::More => "more",
            Op::Between => "between",
            Op::Within => "within",
            Op::IsEmpty => "is_empty",
            Op::IsSet => "is_set",
            Op::Has => "has",
            Op::HasNone => "has_none",
        }
    }

    pub fn parse(code: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.code() == code)
    }

    /// How many values it takes: none, one, two, or any number from one.
    pub fn takes(self) -> Takes {
        match self {
            Op::IsEmpty | Op::IsSet | Op::Has | Op::HasNone => Takes::None,
            Op::Between => Takes::Two,
            Op::OneOf | Op::NoneOf => Takes::Many,
            _ => Takes::One,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    None,
    One,
    Two,
    Many,
}

/// A period a day can be in, counted from today in the reader's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Today,
    Yesterday,
    Tomorrow,
    ThisWeek,
    LastWeek,
    NextWeek,
    ThisMonth,
    LastMonth,
    NextMonth,
    ThisQuarter,
    ThisYear,
    Last7Days,
    Last30Days,
    Last60Days,
    Last90Days,
    Next7Days,
    Next30Days,
}

impl Period {
    pub const ALL: [Period; 17] = [
        Period::Today,
        Period::Yesterday,
        Period::Tomorrow,
        Period::ThisWeek,
        Period::LastWeek,
        Period::NextWeek,
        Period::ThisMonth,
        Period::LastMonth,
        Period::NextMonth,
        Period::ThisQuarter,
        Period::ThisYear,
        Period::Last7Days,
        Period::Last30Days,
        Period::Last60Days,
        Period::Last90Days,
        Period::Next7Days,
        Period::Next30Days,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Period::Today => "today",
            Period::Yesterday => "yesterday",
            Period::Tomorrow => "tomorrow",
            Period::ThisWeek => "this_week",
            Period::LastWeek => "last_week",
            Period::NextWeek => "next_week",
            Period::ThisMonth => "this_month",
            Period::LastMonth => "last_month",
            Period::NextMonth => "next_month",
            Period::ThisQuarter => "this_quarter",
            Period::ThisYear => "this_year",
            Period::Last7Days => "last_7_days",
            Period::Last30Days => "last_30_days",
            Period::Last60Days => "last_60_days",
            Period::Last90Days => "last_90_days",
            Period::Next7Days => "next_7_days",
            Period::Next30Days => "next_30_days",
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }

    /// Its first and last day, as the calendar of `cx` counts weeks and months. "Last 7 days"
    /// is today and the six before; "next 7 days" today and the six after.
    pub fn days(self, cx: &Context) -> (NaiveDate, NaiveDate) {
        let today = cx.today;
        let shift = |d: NaiveDate, by: i64| {
            if by >= 0 {
                d + Days::new(by as u64)
            } else {
                d - Days::new(by.unsigned_abs())
            }
        };
        let week = |by: i64| {
            let days = super::calendar::week_of(shift(today, 7 * by), cx.week_starts);
            (days[0], days[6])
        };
        let month = |by: i32| {
            let (y, m) =
                super::calendar::add_months(super::calendar::month_of(today, cx.jalali), by);
            let days = super::calendar::days_of_month(y, m, cx.jalali);
            (
                days.first().copied().unwrap_or(today),
                days.last().copied().unwrap_or(today),
            )
        };
        match self {
            Period::Today => (today, today),
            Period::Yesterday => (shift(today, -1), shift(today, -1)),
            Period::Tomorrow => (shift(today, 1), shift(today, 1)),
            Period::ThisWeek => week(0),
            Period::LastWeek => week(-1),
            Period::NextWeek => week(1),
            Period::ThisMonth => month(0),
            Period::LastMonth => month(-1),
            Period::NextMonth => month(1),
            Period::ThisQuarter => {
                let (_, m) = super::calendar::month_of(today, cx.jalali);
                let back = (m as i32 - 1) % 3;
                let (first, _) = month(-back);
                let (_, last) = month(2 - back);
                (first, last)
            }
            Period::ThisYear => {
                let (_, m) = super::calendar::month_of(today, cx.jalali);
                let (first, _) = month(1 - m as i32);
                let (_, last) = month(12 - m as i32);
                (first, last)
            }
            Period::Last7Days => (shift(today, -6), today),
            Period::Last30Days => (shift(today, -29), today),
            Period::Last60Days => (shift(today, -59), today),
            Period::Last90Days => (shift(today, -89), today),
            Period::Next7Days => (today, shift(today, 6)),
            Period::Next30Days => (today, shift(today, 29)),
        }
    }
}

/// What a field holds, as a filter reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Text,
    Number,
    /// An amount, compared in the organisation's currency.
    Money,
    /// A day (a day and time is read as its day).
    Date,
    YesNo,
    /// One of these options: (id, label).
    Choice(Vec<(String, String)>),
    /// Some of these options.
    Choices(Vec<(String, String)>),
    /// A record of this kind (or a person: `user`).
    Link(String),
    /// Records of this kind.
    Links(String),
    /// The records of `kind` whose field `via` names this record: a company's deals, a
    /// contact's activities (its key is `kind.via`).
    Related {
        kind: String,
        via: String,
    },
}

impl Shape {
    /// The operators that suit it, the usual one first.
    pub fn ops(&self) -> &'static [Op] {
        use Op::*;
        match self {
            Shape::Text => &[Contains, Excludes, Is, IsNot, IsEmpty, IsSet],
            Shape::Number | Shape::Money => &[Is, IsNot, Less, More, Between, IsEmpty, IsSet],
            Shape::Date => &[Within, Is, Less, More, Between, IsEmpty, IsSet],
            Shape::YesNo => &[Is],
            Shape::Choice(_) | Shape::Choices(_) | Shape::Links(_) => {
                &[OneOf, NoneOf, IsEmpty, IsSet]
            }
            Shape::Link(target) if linkable(target) => {
                &[OneOf, NoneOf, Contains, IsEmpty, IsSet, Has, HasNone]
            }
            Shape::Link(_) => &[OneOf, NoneOf, Contains, IsEmpty, IsSet],
            Shape::Related { .. } => &[Has, HasNone],
        }
    }

    /// The kind of the records a condition with `has` reaches (a link's, or the related
    /// records').
    pub fn reaches(&self) -> Option<&str> {
        match self {
            Shape::Link(target) if linkable(target) => Some(target),
            Shape::Related { kind, .. } => Some(kind),
            _ => None,
        }
    }
}

/// Whether a filter reaches across links to records of `kind`: the business's own records
/// (deals, contacts, companies, activities…), not its set-up nor a person's own.
pub fn linkable(kind: &str) -> bool {
    !Record::setup_kinds().contains(&kind)
        && Record::policy_of(kind).is_some_and(|p| p.write != super::kind::Write::Owner)
}

/// The relations that reach records of `kind` from others: every field of a linkable kind
/// that links to it (a deal's contact, an activity's subject), as `Shape::Related` fields.
fn related(kind: &str) -> Vec<FilterField> {
    if !linkable(kind) {
        return Vec::new();
    }
    Record::KINDS
        .iter()
        .filter(|k| **k != kind && linkable(k))
        .flat_map(|k| {
            Record::fields_of(k)
                .unwrap_or_default()
                .iter()
                .filter(|f| {
                    matches!(f.ty, FieldType::Link(t) if t == kind) || f.ty == FieldType::Subject
                })
                .map(move |f| FilterField {
                    key: format!("{k}.{}", f.name),
                    shape: Shape::Related {
                        kind: k.to_string(),
                        via: f.name.to_string(),
                    },
                })
        })
        .collect()
}

/// A field a filter can name.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterField {
    /// Its name in the record, or a custom field's key.
    pub key: String,
    pub shape: Shape,
}

/// The fields of `kind` a filter can name: its declared fields that hold something a person
/// compares, then its live custom fields (formulas as what they give).
pub fn fields(kind: &str, store: &Store) -> Vec<FilterField> {
    let mut out: Vec<FilterField> = Record::fields_of(kind)
        .unwrap_or_default()
        .iter()
        .filter(|f| f.name != "position")
        .filter_map(|f| {
            let shape = match f.ty {
                FieldType::Text
                | FieldType::LongText
                | FieldType::Email
                | FieldType::Phone
                | FieldType::Currency => Shape::Text,
                FieldType::Money => Shape::Money,
                FieldType::Percent | FieldType::Integer => Shape::Number,
                FieldType::Date => Shape::Date,
                FieldType::YesNo => Shape::YesNo,
                FieldType::Choice(values) => Shape::Choice(
                    values
                        .iter()
                        .map(|v| (v.to_string(), v.to_string()))
                        .collect(),
                ),
                FieldType::Link(target) => Shape::Link(target.into()),
                FieldType::Links(target) => Shape::Links(target.into()),
                FieldType::Lines
                | FieldType::Rates
                | FieldType::Chaining
                | FieldType::Subject
                | FieldType::Labels
                | FieldType::CustomType
                | FieldType::Any
                | FieldType::Filter
                | FieldType::Texts
                | FieldType::Params
                | FieldType::Moment
                | FieldType::Learnt
                | FieldType::Capacities => return None,
            };
            Some(FilterField {
                key: f.name.into(),
                shape,
            })
        })
        .collect();
    for f in custom_field::of_kind(store, kind) {
        let options = |options: &[custom_field::Choice]| {
            options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect()
        };
        let shape = match &f.ty {
            CustomType::Text
            | CustomType::LongText
            | CustomType::Email
            | CustomType::Phone
            | CustomType::Url => Shape::Text,
            CustomType::Choice { options: o } => Shape::Choice(options(o)),
            CustomType::Choices { options: o } => Shape::Choices(options(o)),
            CustomType::Number { .. } | CustomType::Percent => Shape::Number,
            CustomType::Money => Shape::Money,
            CustomType::Date | CustomType::DateTime => Shape::Date,
            CustomType::YesNo => Shape::YesNo,
            CustomType::User => Shape::Link("user".into()),
            CustomType::Contact => Shape::Link("contact".into()),
            CustomType::Company => Shape::Link("company".into()),
            CustomType::Formula { result, .. } => match result {
                super::formula::Type::Number => Shape::Number,
                super::formula::Type::Text => Shape::Text,
                super::formula::Type::YesNo => Shape::YesNo,
                super::formula::Type::Date => Shape::Date,
            },
        };
        out.push(FilterField {
            key: f.key.clone(),
            shape,
        });
    }
    out.extend(related(kind));
    out
}

/// What a filter is read with, beside the records.
pub struct Context<'a> {
    pub store: &'a Store,
    /// Today, where the filter is read.
    pub today: NaiveDate,
    /// The person reading: `me`, and their teams for `my_team`.
    pub me: Option<Uuid>,
    /// Months and years as the Solar Hijri calendar counts them.
    pub jalali: bool,
    /// The reader's first day of the week.
    pub week_starts: Weekday,
}

impl<'a> Context<'a> {
    /// Read on `today` by `me`, in the Gregorian calendar with weeks from Monday.
    pub fn new(store: &'a Store, today: NaiveDate, me: Option<Uuid>) -> Context<'a> {
        Context {
            store,
            today,
            me,
            jalali: false,
            week_starts: Weekday::Mon,
        }
    }

    /// The live teams `me` leads or belongs to.
    fn my_teams(&self) -> Vec<&'a super::Team> {
        let Some(me) = self.me else {
            return Vec::new();
        };
        self.store
            .teams
            .iter()
            .filter(|t| !t.deleted && t.has_member(me))
            .collect()
    }
}

impl Filter {
    /// Whether it keeps every record.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty() && self.groups.iter().all(Filter::is_empty)
    }

    /// The kinds of records keeping records of `kind` by it reads: `kind`, those its
    /// conditions reach across links (and theirs in turn), and those the formulas of each read
    /// through a link. What a server loads to run it (`db::segments`), rather than everything.
    pub fn kinds_read(&self, kind: &str, store: &Store) -> Vec<String> {
        let mut kinds = vec![kind.to_string()];
        self.reaches_into(kind, store, &mut kinds);
        let mut at = 0;
        while at < kinds.len() {
            let of = kinds[at].clone();
            super::formula::Formulas::of(store, &of).reaches(&mut kinds);
            at += 1;
        }
        kinds
    }

    fn reaches_into(&self, kind: &str, store: &Store, into: &mut Vec<String>) {
        let fields = fields(kind, store);
        for c in &self.conditions {
            let reached = fields
                .iter()
                .find(|f| f.key == c.field)
                .and_then(|f| f.shape.reaches());
            let Some(target) = reached else {
                continue;
            };
            if !into.iter().any(|k| k == target) {
                into.push(target.to_string());
            }
            if let Some(of) = &c.of {
                of.reaches_into(target, store, into);
            }
        }
        for g in &self.groups {
            g.reaches_into(kind, store, into);
        }
    }

    /// The filters of the records of `target` that keeping records of `kind` by it reads, when
    /// it reads them only through `has` / `has_none` ("with a deal won this year"): a server
    /// then asks its database for the records one of those keeps, not for all of them
    /// (`db::segments`). Empty when it reads none; `None` when it reads them otherwise too (a
    /// link named, a formula reaching them, "has one at all"), and so needs every one.
    pub fn only_through(&self, kind: &str, target: &str, store: &Store) -> Option<Vec<Filter>> {
        if kind == target {
            return None;
        }
        let mut asked = Vec::new();
        self.gather_through(kind, target, store, &mut asked)?;
        // "Has one at all" (no conditions of its own) asks about every record of `target`;
        // beside other filters, compiled as one of them, it would be left out as empty.
        if asked.iter().any(Filter::is_empty) {
            return None;
        }
        let mut reached = Vec::new();
        for of in self.kinds_read(kind, store) {
            if of != target {
                super::formula::Formulas::of(store, &of).reaches(&mut reached);
            }
        }
        (!reached.iter().any(|k| k == target)).then_some(asked)
    }

    fn gather_through(
        &self,
        kind: &str,
        target: &str,
        store: &Store,
        into: &mut Vec<Filter>,
    ) -> Option<()> {
        let fields = fields(kind, store);
        for c in &self.conditions {
            let reached = fields
                .iter()
                .find(|f| f.key == c.field)
                .and_then(|f| f.shape.reaches());
            match (reached, &c.of) {
                (Some(to), Some(of)) if to == target => {
                    into.push(of.clone());
                    of.gather_through(to, target, store, into)?;
                }
                (Some(to), None) if to == target => return None,
                (Some(to), Some(of)) => of.gather_through(to, target, store, into)?,
                _ => {}
            }
        }
        for g in &self.groups {
            g.gather_through(kind, target, store, into)?;
        }
        Some(())
    }

    /// Whether a condition of it reaches across a link (`has`, `has_none`): a segment's.
    pub fn reaches_links(&self) -> bool {
        self.conditions
            .iter()
            .any(|c| matches!(c.op, Op::Has | Op::HasNone))
            || self.groups.iter().any(Filter::reaches_links)
    }

    /// It reads the same whoever reads it: no "me" nor "my team" (a scoring rule's, a team's
    /// share of new leads, which the server applies for nobody in particular).
    pub fn reader_free(&self) -> Result<(), RuleError> {
        for c in &self.conditions {
            if let Some(v) = c.values.iter().find(|v| *v == "me" || *v == "my_team") {
                return Err(RuleError::FilterValue {
                    field: c.field.clone(),
                    value: v.clone(),
                });
            }
            if let Some(of) = &c.of {
                of.reader_free()?;
            }
        }
        self.groups.iter().try_for_each(Filter::reader_free)
    }

    /// How many conditions it holds, its groups' included.
    pub fn len(&self) -> usize {
        self.conditions
            .iter()
            .map(|c| 1 + c.of.as_ref().map_or(0, Filter::len))
            .sum::<usize>()
            + self.groups.iter().map(Filter::len).sum::<usize>()
    }

    /// The filter as it may be saved over records of `kind`: every field known, every operator
    /// one that suits its field, every value readable; not too big nor too deep.
    pub fn check(&self, kind: &str, store: &Store) -> Result<(), RuleError> {
        if self.len() > MAX_CONDITIONS {
            return Err(RuleError::OutOfRange {
                field: "saved_view.filter".into(),
                min: 0,
                max: MAX_CONDITIONS as i64,
            });
        }
        let fields = fields(kind, store);
        self.check_in(kind, &fields, store, 0)
    }

    fn check_in(
        &self,
        kind: &str,
        fields: &[FilterField],
        store: &Store,
        depth: usize,
    ) -> Result<(), RuleError> {
        if depth >= MAX_DEPTH {
            return Err(RuleError::Malformed(format!(
                "a filter's groups and links nest at most {MAX_DEPTH} deep"
            )));
        }
        for c in &self.conditions {
            let field = fields
                .iter()
                .find(|f| f.key == c.field)
                .ok_or_else(|| RuleError::FilterField(super::field::code(kind, &c.field)))?;
            c.check(kind, &field.shape)?;
            if let (Some(of), Some(target)) = (&c.of, field.shape.reaches()) {
                of.check_in(target, &self::fields(target, store), store, depth + 1)?;
            }
        }
        for g in &self.groups {
            g.check_in(kind, fields, store, depth + 1)?;
        }
        Ok(())
    }

    /// The filter ready to keep records of `kind` by. A condition on a field that is no longer
    /// there (a custom field deleted since the view was saved) or with a value it cannot read
    /// is left out, and named in `Compiled::ignored`.
    pub fn compile(&self, kind: &str, cx: &Context) -> Compiled {
        let fields = fields(kind, cx.store);
        let mut ignored = Vec::new();
        let mut compiled = self.compile_in(kind, &fields, cx, &mut ignored);
        compiled.ignored = ignored;
        compiled
    }

    fn compile_in(
        &self,
        kind: &str,
        fields: &[FilterField],
        cx: &Context,
        ignored: &mut Vec<String>,
    ) -> Compiled {
        let mut tests = Vec::new();
        for c in &self.conditions {
            match fields.iter().find(|f| f.key == c.field) {
                Some(f) if c.check(kind, &f.shape).is_ok() => {
                    tests.push(c.test(&f.shape, cx, ignored))
                }
                _ => ignored.push(c.field.clone()),
            }
        }
        Compiled {
            any: self.any,
            tests,
            groups: self
                .groups
                .iter()
                .map(|g| g.compile_in(kind, fields, cx, ignored))
                .filter(|g| !g.is_empty())
                .collect(),
            ignored: Vec::new(),
        }
    }

    /// The filter as an address carries it (compact JSON); `None` when it keeps everything.
    pub fn to_query(&self) -> Option<String> {
        (!self.is_empty()).then(|| serde_json::to_string(self).unwrap_or_default())
    }

    /// A filter an address carried; an unreadable one keeps everything.
    pub fn from_query(text: &str) -> Filter {
        serde_json::from_str(text).unwrap_or_default()
    }
}

impl Condition {
    /// Whether the operator suits a field of this shape and the values can be read.
    fn check(&self, kind: &str, shape: &Shape) -> Result<(), RuleError> {
        if !shape.ops().contains(&self.op) {
            return Err(RuleError::Malformed(format!(
                "\"{}\" cannot be compared with {}",
                self.field,
                self.op.code()
            )));
        }
        let links = matches!(self.op, Op::Has | Op::HasNone);
        if links != self.of.is_some() {
            return Err(RuleError::Malformed(format!(
                "only has and has_none on \"{}\" take the linked records' filter",
                self.field
            )));
        }
        let count = self.values.len();
        let fits = match self.op.takes() {
            Takes::None => count == 0,
            Takes::One => count == 1,
            Takes::Two => count == 2,
            Takes::Many => (1..=MAX_VALUES).contains(&count),
        };
        if !fits {
            return Err(RuleError::Malformed(format!(
                "{} on \"{}\" takes another number of values",
                self.op.code(),
                self.field
            )));
        }
        let bad = |v: &String| RuleError::FilterValue {
            field: super::field::code(kind, &self.field),
            value: v.chars().take(MAX_VALUE).collect(),
        };
        for v in &self.values {
            if v.chars().count() > MAX_VALUE {
                return Err(bad(v));
            }
            let readable = match (shape, self.op) {
                (Shape::Text, _) | (Shape::Link(_), Op::Contains) => !v.trim().is_empty(),
                (Shape::Number | Shape::Money, _) => number(v).is_some(),
                (Shape::Date, Op::Within) => Period::parse(v).is_some(),
                (Shape::Date, _) => day(v, None).is_some(),
                (Shape::YesNo, _) => v == "yes" || v == "no",
                (Shape::Choice(options) | Shape::Choices(options), _) => {
                    options.iter().any(|(id, _)| id == v)
                }
                (Shape::Link(target) | Shape::Links(target), _) => {
                    Uuid::parse_str(v).is_ok()
                        || (v == "me" && target == "user")
                        || (v == "my_team" && (target == "user" || target == "team"))
                }
                (Shape::Related { .. }, _) => false,
            };
            if !readable {
                return Err(bad(v));
            }
        }
        Ok(())
    }

    /// The test this condition makes of a record, its values read once.
    fn test(&self, shape: &Shape, cx: &Context, ignored: &mut Vec<String>) -> Test {
        let check = match (shape, self.op) {
            (_, Op::Has | Op::HasNone) => {
                let of = self.of.clone().unwrap_or_default();
                let keep = self.op == Op::Has;
                let ids = match shape {
                    Shape::Related { kind, via } => linking(kind, via, &of, cx, ignored),
                    _ => reached(shape.reaches().unwrap_or_default(), &of, cx, ignored),
                };
                let field = match shape {
                    Shape::Related { .. } => "id".to_string(),
                    _ => self.field.clone(),
                };
                return Test {
                    field,
                    shape: shape.clone(),
                    money: None,
                    check: Check::Linked { keep, ids },
                };
            }
            (_, Op::IsEmpty) => Check::Empty(true),
            (_, Op::IsSet) => Check::Empty(false),
            (Shape::Text, op) => Check::Text {
                op,
                text: fold(self.values[0].trim()),
            },
            (Shape::Number | Shape::Money, op) => {
                let n: Vec<f64> = self.values.iter().filter_map(|v| number(v)).collect();
                let (low, high) = match op {
                    Op::Between => (n[0].min(n[1]), n[0].max(n[1])),
                    _ => (n[0], n[0]),
                };
                Check::Number { op, low, high }
            }
            (Shape::Date, op) => {
                let (low, high) = match op {
                    Op::Within => Period::parse(&self.values[0])
                        .unwrap_or(Period::Today)
                        .days(cx),
                    Op::Between => {
                        let a = day(&self.values[0], Some(cx.today)).unwrap_or(cx.today);
                        let b = day(&self.values[1], Some(cx.today)).unwrap_or(cx.today);
                        (a.min(b), a.max(b))
                    }
                    _ => {
                        let d = day(&self.values[0], Some(cx.today)).unwrap_or(cx.today);
                        (d, d)
                    }
                };
                Check::Date { op, low, high }
            }
            (Shape::YesNo, _) => Check::YesNo(self.values[0] == "yes"),
            (Shape::Link(target), Op::Contains) => Check::Ids {
                keep: true,
                ids: named(target, &self.values[0], cx.store),
            },
            (
                Shape::Choice(_)
                | Shape::Choices(_)
                | Shape::Link(_)
                | Shape::Links(_)
                | Shape::Related { .. },
                op,
            ) => {
                let target = match shape {
                    Shape::Link(t) | Shape::Links(t) => t.as_str(),
                    _ => "",
                };
                let mut ids = HashSet::new();
                for v in &self.values {
                    match v.as_str() {
                        "me" => ids.extend(cx.me.map(|m| m.to_string())),
                        "my_team" if target == "team" => {
                            ids.extend(cx.my_teams().iter().map(|t| t.id.to_string()));
                        }
                        "my_team" => {
                            ids.extend(cx.me.map(|m| m.to_string()));
                            for t in cx.my_teams() {
                                ids.extend(t.member_ids.iter().map(Uuid::to_string));
                                ids.extend(t.leader_id.map(|l| l.to_string()));
                            }
                        }
                        other => {
                            ids.insert(other.to_string());
                        }
                    }
                }
                Check::Ids {
                    keep: op != Op::NoneOf,
                    ids,
                }
            }
        };
        Test {
            field: self.field.clone(),
            shape: shape.clone(),
            money: matches!(shape, Shape::Money).then(|| cx.store.currency()),
            check,
        }
    }
}

/// A number as a filter's value writes it: `150000000`, `12.5`, `-3`.
fn number(text: &str) -> Option<f64> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && n.abs() <= 1e18)
}

/// A day as a filter's value writes it (`2026-12-05`), or `today` when today is known.
fn day(text: &str, today: Option<NaiveDate>) -> Option<NaiveDate> {
    match text {
        "today" => Some(today.unwrap_or(NaiveDate::MIN)),
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
    }
}

/// The ids of the records of `kind` whose name holds `text`, without accents or case.
fn named(kind: &str, text: &str, store: &Store) -> HashSet<String> {
    let wanted = fold(text.trim());
    let mut ids = HashSet::new();
    let mut take = |id: Uuid, name: &str| {
        if fold(name).contains(&wanted) {
            ids.insert(id.to_string());
        }
    };
    match kind {
        "user" => store.users.iter().for_each(|u| take(u.id, &u.name)),
        "contact" => store.contacts.values().for_each(|c| take(c.id, &c.name)),
        "company" => store.companies.values().for_each(|c| take(c.id, &c.name)),
        _ => store.each_record(&mut |r| {
            if r.kind() == kind {
                let record = r.to_record();
                take(record.id(), &record.display_name(store));
            }
        }),
    }
    ids
}

/// The ids of the live records of `kind` that `of` keeps: a link holding one of them reaches
/// a record as wanted.
fn reached(kind: &str, of: &Filter, cx: &Context, ignored: &mut Vec<String>) -> HashSet<String> {
    let keeper = Keeper::new(of, kind, cx);
    ignored.extend(keeper.ignored().iter().cloned());
    let mut ids = HashSet::new();
    cx.store.each_record(&mut |r| {
        if r.kind() == kind && !r.is_deleted() && keeper.keeps(&r) {
            ids.insert(r.id().to_string());
        }
    });
    ids
}

/// The ids the field `via` of the live records of `kind` that `of` keeps names: the records
/// that have one of them linked to them (the companies of the deals kept).
fn linking(
    kind: &str,
    via: &str,
    of: &Filter,
    cx: &Context,
    ignored: &mut Vec<String>,
) -> HashSet<String> {
    let keeper = Keeper::new(of, kind, cx);
    ignored.extend(keeper.ignored().iter().cloned());
    let mut ids = HashSet::new();
    cx.store.each_record(&mut |r| {
        if r.kind() != kind || r.is_deleted() {
            return;
        }
        let named = match field_of(&r, via) {
            // A subject names its record's kind and id.
            Some(Value::Object(subject)) => subject.get("id").cloned(),
            other => other,
        };
        if let Some(Value::String(id)) = named
            && keeper.keeps(&r)
        {
            ids.insert(id);
        }
    });
    ids
}

/// A filter ready to keep records by (`Filter::compile`).
#[derive(Debug, Clone)]
pub struct Compiled {
    any: bool,
    tests: Vec<Test>,
    groups: Vec<Compiled>,
    /// The fields of conditions left out: not there any more, or not readable.
    pub ignored: Vec<String>,
}

/// One condition, its values read: what PostgreSQL is asked too (`db::filter`).
#[derive(Debug, Clone)]
pub struct Test {
    pub field: String,
    pub shape: Shape,
    /// For an amount: the organisation's currency and rates.
    pub money: Option<super::CurrencySettings>,
    pub check: Check,
}

#[derive(Debug, Clone)]
pub enum Check {
    /// Empty (`true`) or set.
    Empty(bool),
    Text {
        op: Op,
        text: String,
    },
    Number {
        op: Op,
        low: f64,
        high: f64,
    },
    Date {
        op: Op,
        low: NaiveDate,
        high: NaiveDate,
    },
    YesNo(bool),
    /// Holds one of the ids (`keep`), or none of them.
    Ids {
        keep: bool,
        ids: HashSet<String>,
    },
    /// Links to one of the records (`keep`), or to none of them: the ids of the linked
    /// records a condition's own filter keeps, worked out from the copy (`has`, `has_none`).
    Linked {
        keep: bool,
        ids: HashSet<String>,
    },
}

impl Compiled {
    /// Whether one of its conditions and groups is enough (rather than all of them).
    pub fn any(&self) -> bool {
        self.any
    }

    /// Its conditions, their values read.
    pub fn tests(&self) -> &[Test] {
        &self.tests
    }

    pub fn groups(&self) -> &[Compiled] {
        &self.groups
    }

    /// Whether it keeps every record.
    pub fn is_empty(&self) -> bool {
        self.tests.is_empty() && self.groups.iter().all(Compiled::is_empty)
    }

    /// Whether it keeps the record whose fields are `fields` (`formula::fields_of`, formulas
    /// laid over).
    pub fn keeps(&self, fields: &Map<String, Value>) -> bool {
        self.keeps_by(&mut |key| fields.get(key).map(Cow::Borrowed))
    }

    /// Whether it keeps the record whose field `key` is `field(key)`: only the fields it
    /// compares are asked for.
    pub fn keeps_by<'v>(&self, field: &mut dyn FnMut(&str) -> Option<Cow<'v, Value>>) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut each = |i: usize| -> bool {
            match self.tests.get(i) {
                Some(t) => t.passes(field(&t.field).as_deref()),
                None => self.groups[i - self.tests.len()].keeps_by(field),
            }
        };
        let count = self.tests.len() + self.groups.len();
        if self.any {
            (0..count).any(&mut each)
        } else {
            (0..count).all(&mut each)
        }
    }

    /// The fields it compares.
    fn names<'s>(&'s self, into: &mut Vec<&'s str>) {
        into.extend(self.tests.iter().map(|t| t.field.as_str()));
        for g in &self.groups {
            g.names(into);
        }
    }
}

impl Test {
    fn passes(&self, value: Option<&Value>) -> bool {
        let value = value.filter(|v| !is_empty(v));
        match &self.check {
            Check::Empty(empty) => value.is_none() == *empty,
            Check::Text { op, text } => {
                let found = value.map(|v| fold(&plain(v))).unwrap_or_default();
                match op {
                    Op::Contains => found.contains(text.as_str()),
                    Op::Excludes => !found.contains(text.as_str()),
                    Op::Is => found == *text,
                    _ => found != *text,
                }
            }
            Check::Number { op, low, high } => {
                let Some(n) = value.and_then(|v| self.amount(v)) else {
                    // Empty is no number: unequal to any, neither less nor more.
                    return *op == Op::IsNot;
                };
                match op {
                    Op::Is => n == *low,
                    Op::IsNot => n != *low,
                    Op::Less => n < *low,
                    Op::More => n > *low,
                    _ => *low <= n && n <= *high,
                }
            }
            Check::Date { op, low, high } => {
                let Some(d) = value
                    .and_then(Value::as_str)
                    .and_then(super::custom_field::stored_day)
                else {
                    return false;
                };
                match op {
                    Op::Less => d < *low,
                    Op::More => d > *high,
                    _ => *low <= d && d <= *high,
                }
            }
            Check::YesNo(yes) => value.and_then(Value::as_bool).unwrap_or(false) == *yes,
            Check::Ids { keep, ids } | Check::Linked { keep, ids } => {
                let holds = match value {
                    Some(Value::Array(items)) => items
                        .iter()
                        .any(|i| i.as_str().is_some_and(|s| ids.contains(s))),
                    Some(v) => v.as_str().is_some_and(|s| ids.contains(s)),
                    None => false,
                };
                holds == *keep
            }
        }
    }

    /// A number's value; an amount's in the organisation's currency (major units), `None`
    /// without a rate for its currency.
    fn amount(&self, value: &Value) -> Option<f64> {
        match &self.money {
            None => value.as_f64(),
            Some(settings) => {
                let minor = value.get("minor")?.as_i64()?;
                let currency = Currency::parse(value.get("currency")?.as_str()?)?;
                let converted = settings.convert(super::Money::new(minor, currency))?;
                Some(converted as f64 / 10f64.powi(settings.currency.exponent() as i32))
            }
        }
    }
}

/// A filter with what it needs to keep records of one kind: its formulas, computed only for a
/// record the filter asks one of.
pub struct Keeper<'a> {
    compiled: Compiled,
    formulas: Option<super::formula::Formulas>,
    /// The record's fields the conditions and their formulas read: taken in one pass.
    reads: Vec<String>,
    cx: super::formula::Context<'a>,
}

impl<'a> Keeper<'a> {
    /// `filter` ready to keep records of `kind`, as read in `cx`.
    pub fn new(filter: &Filter, kind: &str, cx: &Context<'a>) -> Keeper<'a> {
        Keeper::with(filter, kind, cx, false)
    }

    /// `filter` ready to keep records of `kind` whose formula values are already among their
    /// custom values (`Formulas::lay_over_record`): read there, not computed again.
    pub fn over_computed(filter: &Filter, kind: &str, cx: &Context<'a>) -> Keeper<'a> {
        Keeper::with(filter, kind, cx, true)
    }

    fn with(filter: &Filter, kind: &str, cx: &Context<'a>, computed: bool) -> Keeper<'a> {
        let compiled = filter.compile(kind, cx);
        let mut names = Vec::new();
        compiled.names(&mut names);
        let formulas = super::formula::Formulas::of(cx.store, kind);
        let computes = !computed && names.iter().any(|n| formulas.has(n));
        let mut reads: Vec<String> = Vec::new();
        let read = names.into_iter().filter(|n| !computes || !formulas.has(n));
        let read = read.chain(
            formulas
                .reads()
                .iter()
                .map(String::as_str)
                .filter(|_| computes),
        );
        for name in read {
            if !reads.iter().any(|r| r == name) {
                reads.push(name.to_string());
            }
        }
        Keeper {
            reads,
            compiled,
            formulas: computes.then_some(formulas),
            cx: super::formula::Context {
                store: cx.store,
                today: cx.today,
            },
        }
    }

    /// Whether it keeps every record.
    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }

    /// The fields of conditions left out (`Compiled::ignored`).
    pub fn ignored(&self) -> &[String] {
        &self.compiled.ignored
    }

    /// Whether it keeps `record`: each field it compares read from the record, a formula
    /// computed from the fields it reads.
    pub fn keeps<T: Serialize>(&self, record: &T) -> bool {
        self.is_empty() || self.keeps_picked(&pick(record, &self.reads))
    }

    /// Whether it keeps `record`, whose custom values are `custom` (with its formulas laid over
    /// them, for a keeper `over_computed`): looked up there rather than read through the record.
    pub fn keeps_beside<T: Serialize>(
        &self,
        record: &T,
        custom: &super::custom_field::CustomValues,
    ) -> bool {
        self.is_empty() || self.keeps_picked(&pick_beside(record, &self.reads, custom))
    }

    fn keeps_picked<T: Serialize>(&self, fields: &Picked<'_, T>) -> bool {
        let Some(formulas) = &self.formulas else {
            return self.compiled.keeps_by(&mut |key| fields.get(key));
        };
        self.compiled.keeps_by(&mut |key| match formulas.has(key) {
            true => formulas.value_in(key, fields, &self.cx).map(Cow::Owned),
            false => fields.get(key),
        })
    }
}

/// Whether a record's value counts as empty: nothing, blank text, an empty list.
fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}

/// A value as text is searched.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
