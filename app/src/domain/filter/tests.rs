use serde_json::json;

use super::*;
use crate::domain::custom_field::{Choice, CustomField, Labels};
use crate::domain::formula::{self, Formulas};
use crate::domain::rates::{RATE_SCALE, Rate};
use crate::domain::{Company, CurrencySettings, Money, Opportunity, Stage, Tag, Team, User};

fn custom(key: &str, ty: CustomType) -> CustomField {
    CustomField {
        labels: Labels {
            en: key.into(),
            ..Labels::default()
        },
        version: 1,
        ..CustomField::draft(Uuid::now_v7(), "opportunity", key.into(), ty)
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-12-05";

struct World {
    store: Store,
    mai: Uuid,
    lan: Uuid,
    north: Uuid,
    vip: Uuid,
    won: Uuid,
    deals: Vec<Opportunity>,
}

/// Three deals of the north team: a big one in dollars closing this month, tagged VIP, with
/// Hưng Thịnh; a small one in đồng closing next month, Mai's; one with nothing set.
fn world() -> World {
    let mai = Uuid::now_v7();
    let lan = Uuid::now_v7();
    let north = Uuid::now_v7();
    let vip = Uuid::now_v7();
    let won = Uuid::now_v7();
    let company = Company::sample("Công ty Hưng Thịnh");
    let mut store = Store {
        users: vec![
            User {
                id: mai,
                name: "Trần Thị Mai".into(),
                email: "mai@example.vn".into(),
            },
            User {
                id: lan,
                name: "Lê Lan".into(),
                email: "lan@example.vn".into(),
            },
        ],
        ..Store::default()
    };
    store.teams.push(Team {
        id: north,
        name: "Miền Bắc".into(),
        leader_id: Some(lan),
        member_ids: vec![mai],
        for_quotations: true,
        for_opportunities: true,
        for_warranty: false,
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
        shared_pipeline: false,
        version: 1,
        deleted: false,
    });
    store.tags.push(Tag {
        id: vip,
        name: "VIP".into(),
        colour: 1,
        version: 1,
        deleted: false,
    });
    store.stages.push(Stage {
        id: won,
        name: "Won".into(),
        sequence: 9,
        is_won: true,
        folded: false,
        rotting_days: 0,
        probability: 100,
        team_id: None,
        version: 1,
        deleted: false,
    });
    store.currency_settings.push(CurrencySettings {
        id: Uuid::nil(),
        currency: crate::domain::Currency::VND,
        // A dollar is 25,000 đồng.
        rates: vec![Rate {
            currency: crate::domain::Currency::USD,
            scaled: 25_000 * RATE_SCALE,
        }],
        country: String::new(),
        version: 1,
        deleted: false,
    });
    store.companies.insert(company.id, company.clone());
    store.custom_fields.push(custom(
        "x_region",
        CustomType::Choice {
            options: ["Bắc", "Nam"]
                .iter()
                .enumerate()
                .map(|(i, l)| Choice {
                    id: format!("r{i}"),
                    label: (*l).into(),
                    colour: 0,
                })
                .collect(),
        },
    ));
    store.custom_fields.push(custom(
        "x_weighted",
        CustomType::Formula {
            expression: "expected_revenue * probability / 100".into(),
            result: formula::Type::Number,
        },
    ));
    let big = Opportunity {
        title: "Máy chủ cho Hưng Thịnh".into(),
        expected_revenue: Money::new(2_000_000, crate::domain::Currency::USD), // $20,000
        probability: 60,
        expected_close: Some(day("2026-12-20")),
        team_id: Some(north),
        salesperson_id: Some(lan),
        tag_ids: vec![vip],
        company_id: Some(company.id),
        custom: [("x_region".to_string(), json!("r0"))].into(),
        ..Opportunity::sample(won, "")
    };
    let small = Opportunity {
        title: "Máy lọc nước".into(),
        expected_revenue: Money::new(150_000_000, crate::domain::Currency::VND),
        probability: 20,
        expected_close: Some(day("2027-01-10")),
        team_id: Some(north),
        salesperson_id: Some(mai),
        custom: [("x_region".to_string(), json!("r1"))].into(),
        ..Opportunity::sample(won, "")
    };
    let bare = Opportunity {
        title: "Chưa rõ".into(),
        expected_revenue: Money::new(0, crate::domain::Currency::VND),
        ..Opportunity::sample(won, "")
    };
    World {
        store,
        mai,
        lan,
        north,
        vip,
        won,
        deals: vec![big, small, bare],
    }
}

impl World {
    /// The titles of the deals `filter` keeps, read by Mai today.
    fn kept(&self, filter: &Filter) -> Vec<String> {
        self.kept_by(filter, Some(self.mai), false)
    }

    fn kept_by(&self, filter: &Filter, me: Option<Uuid>, jalali: bool) -> Vec<String> {
        filter
            .check("opportunity", &self.store)
            .unwrap_or_else(|e| panic!("{filter:?}: {e}"));
        let cx = Context {
            jalali,
            ..Context::new(&self.store, day(TODAY), me)
        };
        let compiled = filter.compile("opportunity", &cx);
        assert!(compiled.ignored.is_empty(), "{:?}", compiled.ignored);
        let formulas = Formulas::of(&self.store, "opportunity");
        let fx = formula::Context {
            store: &self.store,
            today: day(TODAY),
        };
        self.deals
            .iter()
            .filter(|o| {
                let mut o = (*o).clone();
                o.custom = formulas
                    .lay_over(&o.custom, || formula::fields_of(&o), &fx)
                    .into_owned();
                compiled.keeps(&formula::fields_of(&o))
            })
            .map(|o| o.title.clone())
            .collect()
    }
}

fn one(field: &str, op: Op, values: &[&str]) -> Filter {
    Filter {
        conditions: vec![cond(field, op, values)],
        ..Filter::default()
    }
}

fn cond(field: &str, op: Op, values: &[&str]) -> Condition {
    Condition {
        field: field.into(),
        op,
        values: values.iter().map(|v| v.to_string()).collect(),
        of: None,
    }
}

const BIG: &str = "Máy chủ cho Hưng Thịnh";
const SMALL: &str = "Máy lọc nước";
const BARE: &str = "Chưa rõ";

#[test]
fn text_is_found_without_accents_or_case() {
    let w = world();
    assert_eq!(w.kept(&one("title", Op::Contains, &["may"])), [BIG, SMALL]);
    assert_eq!(w.kept(&one("title", Op::Contains, &["HUNG thinh"])), [BIG]);
    assert_eq!(w.kept(&one("title", Op::Excludes, &["máy"])), [BARE]);
    assert_eq!(w.kept(&one("title", Op::Is, &["chua ro"])), [BARE]);
    assert_eq!(w.kept(&one("title", Op::IsNot, &["Chưa rõ"])), [BIG, SMALL]);
    assert_eq!(w.kept(&one("email", Op::IsEmpty, &[])), [BIG, SMALL, BARE]);
    assert!(w.kept(&one("email", Op::IsSet, &[])).is_empty());
}

#[test]
fn numbers_and_amounts_compare_in_the_organisations_currency() {
    let w = world();
    assert_eq!(w.kept(&one("probability", Op::More, &["50"])), [BIG]);
    assert_eq!(
        w.kept(&one("probability", Op::Less, &["50"])),
        [SMALL, BARE]
    );
    assert_eq!(
        w.kept(&one("probability", Op::Between, &["60", "20"])),
        [BIG, SMALL]
    );
    // $20,000 is 500,000,000 ₫: more than 200 million đồng; 150 million is not.
    assert_eq!(
        w.kept(&one("expected_revenue", Op::More, &["200000000"])),
        [BIG]
    );
    assert_eq!(
        w.kept(&one("expected_revenue", Op::Is, &["150000000"])),
        [SMALL]
    );
    // A formula's number: 60 % of 20,000 (dollars) and 20 % of 150 million; the bare deal's
    // 0 × 10 % is 0, a number too.
    assert_eq!(w.kept(&one("x_weighted", Op::More, &["0"])), [BIG, SMALL]);
    assert_eq!(w.kept(&one("x_weighted", Op::Is, &["0"])), [BARE]);
}

#[test]
fn days_are_in_periods_before_after_and_between() {
    let w = world();
    let within = |p: &str| w.kept(&one("expected_close", Op::Within, &[p]));
    assert_eq!(within("this_month"), [BIG]);
    assert_eq!(within("next_month"), [SMALL]);
    assert_eq!(within("next_30_days"), [BIG]);
    assert!(within("next_7_days").is_empty());
    assert_eq!(within("this_quarter"), [BIG]);
    assert_eq!(within("this_year"), [BIG]);
    assert_eq!(
        w.kept(&one("expected_close", Op::More, &["today"])),
        [BIG, SMALL]
    );
    assert_eq!(
        w.kept(&one("expected_close", Op::Less, &["2027-01-01"])),
        [BIG]
    );
    assert_eq!(
        w.kept(&one(
            "expected_close",
            Op::Between,
            &["2027-01-31", "2026-12-21"]
        )),
        [SMALL]
    );
    assert_eq!(w.kept(&one("expected_close", Op::IsEmpty, &[])), [BARE]);
    // In the Solar Hijri calendar this month is Azar (22 November – 21 December): the 20th of
    // December is in it, the 10th of January is in Dey, next month.
    let hijri = |p: &str| w.kept_by(&one("expected_close", Op::Within, &[p]), Some(w.mai), true);
    assert_eq!(hijri("this_month"), [BIG]);
    assert_eq!(hijri("next_month"), [SMALL]);
}

#[test]
fn periods_follow_the_calendar_and_the_first_day_of_the_week() {
    let store = Store::default();
    let cx = |jalali, week_starts| Context {
        jalali,
        week_starts,
        ..Context::new(&store, day(TODAY), None)
    };
    let gregorian = cx(false, Weekday::Mon);
    assert_eq!(
        Period::ThisWeek.days(&gregorian),
        (day("2026-11-30"), day("2026-12-06"))
    );
    assert_eq!(
        Period::LastMonth.days(&gregorian),
        (day("2026-11-01"), day("2026-11-30"))
    );
    assert_eq!(
        Period::ThisQuarter.days(&gregorian),
        (day("2026-10-01"), day("2026-12-31"))
    );
    assert_eq!(
        Period::Last7Days.days(&gregorian),
        (day("2026-11-29"), day(TODAY))
    );
    // Iran's week starts on Saturday: the 5th of December 2026 is one.
    let iran = cx(true, Weekday::Sat);
    assert_eq!(
        Period::ThisWeek.days(&iran),
        (day(TODAY), day("2026-12-11"))
    );
    assert_eq!(
        Period::ThisMonth.days(&iran),
        (day("2026-11-22"), day("2026-12-21"))
    );
    // The Solar Hijri year 1405 began on the 21st of March 2026.
    assert_eq!(
        Period::ThisYear.days(&iran),
        (day("2026-03-21"), day("2027-03-20"))
    );
    // Its third quarter is Mehr to Azar.
    assert_eq!(
        Period::ThisQuarter.days(&iran),
        (day("2026-09-23"), day("2026-12-21"))
    );
}

#[test]
fn links_and_lists_hold_one_of_the_values_me_and_my_team_included() {
    let w = world();
    let id = |u: Uuid| u.to_string();
    assert_eq!(w.kept(&one("salesperson_id", Op::OneOf, &["me"])), [SMALL]);
    assert_eq!(
        w.kept(&one("salesperson_id", Op::OneOf, &[&id(w.lan)])),
        [BIG]
    );
    assert_eq!(
        w.kept(&one("salesperson_id", Op::NoneOf, &["me"])),
        [BIG, BARE]
    );
    // Mai's team is the north one, led by Lan.
    assert_eq!(
        w.kept(&one("salesperson_id", Op::OneOf, &["my_team"])),
        [BIG, SMALL]
    );
    assert_eq!(
        w.kept(&one("team_id", Op::OneOf, &["my_team"])),
        [BIG, SMALL]
    );
    assert_eq!(w.kept(&one("team_id", Op::IsEmpty, &[])), [BARE]);
    assert_eq!(w.kept(&one("team_id", Op::NoneOf, &[&id(w.north)])), [BARE]);
    assert_eq!(w.kept(&one("tag_ids", Op::OneOf, &[&id(w.vip)])), [BIG]);
    assert_eq!(
        w.kept(&one("tag_ids", Op::NoneOf, &[&id(w.vip)])),
        [SMALL, BARE]
    );
    assert_eq!(w.kept(&one("tag_ids", Op::IsSet, &[])), [BIG]);
    assert_eq!(
        w.kept(&one("stage_id", Op::OneOf, &[&id(w.won)])),
        [BIG, SMALL, BARE]
    );
    // A company by its name, without accents.
    assert_eq!(
        w.kept(&one("company_id", Op::Contains, &["hung thinh"])),
        [BIG]
    );
    // A custom dropdown by its option.
    assert_eq!(w.kept(&one("x_region", Op::OneOf, &["r1"])), [SMALL]);
    assert_eq!(w.kept(&one("x_region", Op::IsEmpty, &[])), [BARE]);
    // Someone not signed in has no deals of their own.
    assert!(
        w.kept_by(&one("salesperson_id", Op::OneOf, &["me"]), None, false)
            .is_empty()
    );
}

#[test]
fn groups_hold_all_or_any_of_their_conditions() {
    let w = world();
    let all = Filter {
        conditions: vec![
            cond("title", Op::Contains, &["máy"]),
            cond("probability", Op::Less, &["50"]),
        ],
        ..Filter::default()
    };
    assert_eq!(w.kept(&all), [SMALL]);
    let any = Filter { any: true, ..all };
    assert_eq!(w.kept(&any), [BIG, SMALL, BARE]);
    // Hưng Thịnh's, or Mai's closing next month.
    let nested = Filter {
        any: true,
        conditions: vec![cond("company_id", Op::Contains, &["Hưng"])],
        groups: vec![Filter {
            conditions: vec![
                cond("salesperson_id", Op::OneOf, &["me"]),
                cond("expected_close", Op::Within, &["next_month"]),
            ],
            ..Filter::default()
        }],
    };
    assert_eq!(w.kept(&nested), [BIG, SMALL]);
    assert!(Filter::default().is_empty());
    assert_eq!(w.kept(&Filter::default()), [BIG, SMALL, BARE]);
    // An empty group keeps everything, and does not stop the others.
    let with_empty = Filter {
        conditions: vec![cond("title", Op::Contains, &["lọc"])],
        groups: vec![Filter::default()],
        ..Filter::default()
    };
    assert_eq!(w.kept(&with_empty), [SMALL]);
}

#[test]
fn a_filter_that_cannot_hold_is_refused_before_it_is_saved() {
    let w = world();
    let refused = |f: Filter| f.check("opportunity", &w.store).unwrap_err();
    assert_eq!(
        refused(one("x_gone", Op::IsSet, &[])),
        RuleError::FilterField("opportunity.x_gone".into())
    );
    assert_eq!(
        refused(one("probability", Op::More, &["nhiều"])),
        RuleError::FilterValue {
            field: "opportunity.probability".into(),
            value: "nhiều".into()
        }
    );
    assert!(matches!(
        refused(one("title", Op::Less, &["a"])),
        RuleError::Malformed(_)
    ));
    assert!(matches!(
        refused(one("probability", Op::Between, &["1"])),
        RuleError::Malformed(_)
    ));
    assert!(matches!(
        refused(one("expected_close", Op::Within, &["someday"])),
        RuleError::FilterValue { .. }
    ));
    assert!(matches!(
        refused(one("x_region", Op::OneOf, &["r9"])),
        RuleError::FilterValue { .. }
    ));
    assert!(matches!(
        refused(one("team_id", Op::OneOf, &["me"])),
        RuleError::FilterValue { .. }
    ));
    assert!(matches!(
        refused(one("position", Op::Is, &["V"])),
        RuleError::FilterField(_)
    ));
    let many = Filter {
        conditions: (0..=MAX_CONDITIONS)
            .map(|_| cond("title", Op::Contains, &["a"]))
            .collect(),
        ..Filter::default()
    };
    assert!(matches!(refused(many), RuleError::OutOfRange { .. }));
    let mut deep = one("title", Op::Contains, &["a"]);
    for _ in 0..MAX_DEPTH {
        deep = Filter {
            groups: vec![deep],
            ..Filter::default()
        };
    }
    assert!(matches!(refused(deep), RuleError::Malformed(_)));
}

#[test]
fn a_condition_on_a_deleted_field_is_left_out_and_named() {
    let mut w = world();
    let filter = Filter {
        conditions: vec![
            cond("x_region", Op::OneOf, &["r0"]),
            cond("title", Op::Contains, &["máy"]),
        ],
        ..Filter::default()
    };
    w.store.custom_fields.retain(|f| f.key != "x_region");
    let cx = Context::new(&w.store, day(TODAY), None);
    let compiled = filter.compile("opportunity", &cx);
    assert_eq!(compiled.ignored, ["x_region"]);
    let kept: Vec<_> = w
        .deals
        .iter()
        .filter(|o| compiled.keeps(&formula::fields_of(*o)))
        .map(|o| o.title.as_str())
        .collect();
    assert_eq!(kept, [BIG, SMALL]);
}

#[test]
fn a_filter_goes_into_an_address_and_back() {
    let filter = Filter {
        any: true,
        conditions: vec![cond("title", Op::Contains, &["Đức & Co"])],
        groups: vec![one("expected_close", Op::Within, &["this_month"])],
    };
    let text = filter.to_query().unwrap();
    assert!(text.contains("\"op\":\"contains\""), "{text}");
    assert_eq!(Filter::from_query(&text), filter);
    assert_eq!(Filter::default().to_query(), None);
    assert_eq!(Filter::from_query("{not json"), Filter::default());
    for op in Op::ALL {
        assert_eq!(Op::parse(op.code()), Some(op));
    }
    for p in Period::ALL {
        assert_eq!(Period::parse(p.code()), Some(p));
    }
}

#[test]
fn one_field_is_read_from_a_record_as_its_json_holds_it() {
    let w = world();
    let big = &w.deals[0];
    let whole = formula::fields_of(big);
    for key in [
        "title",
        "expected_revenue",
        "probability",
        "expected_close",
        "tag_ids",
        "team_id",
        "x_region",
        "lead",
    ] {
        assert_eq!(field_of(big, key).as_ref(), whole.get(key), "{key}");
    }
    // Left out of the JSON when empty: read as nothing.
    assert_eq!(field_of(&w.deals[2], "x_region"), None);
    assert_eq!(field_of(big, "x_nowhere"), None);
    assert_eq!(field_of(big, "nowhere"), None);
    // The keeper reads a formula through the record's fields, the rest one by one.
    let cx = Context::new(&w.store, day(TODAY), Some(w.mai));
    for (filter, kept) in [
        (
            one("x_weighted", Op::More, &["1000"]),
            vec![true, true, false],
        ),
        (
            one("title", Op::Contains, &["máy"]),
            vec![true, true, false],
        ),
        (
            one("x_region", Op::OneOf, &["r0"]),
            vec![true, false, false],
        ),
    ] {
        let keeper = Keeper::new(&filter, "opportunity", &cx);
        let got: Vec<bool> = w.deals.iter().map(|o| keeper.keeps(o)).collect();
        assert_eq!(got, kept, "{filter:?}");
        // The same over deals whose formulas are already computed among their custom values
        // (as the list holds them): the formula is read there, not computed again.
        let formulas = Formulas::of(&w.store, "opportunity");
        let fx = formula::Context {
            store: &w.store,
            today: day(TODAY),
        };
        let computed = Keeper::over_computed(&filter, "opportunity", &cx);
        let got: Vec<bool> = w
            .deals
            .iter()
            .map(|o| computed.keeps_beside(o, &formulas.lay_over_record(o, &o.custom, &fx)))
            .collect();
        assert_eq!(got, kept, "{filter:?} over computed formulas");
    }
}

#[test]
fn fields_read_in_one_pass_are_read_as_one_by_one() {
    let w = world();
    let names: Vec<String> = [
        "x_region",
        "title",
        "expected_revenue",
        "x_nowhere",
        "tag_ids",
        "custom",
        "nowhere",
        "probability",
    ]
    .map(String::from)
    .to_vec();
    for deal in &w.deals {
        let picked = pick(deal, &names);
        let beside = pick_beside(deal, &names, &deal.custom);
        for name in names
            .iter()
            .map(String::as_str)
            .chain(["team_id", "x_other"])
        {
            let one = field_of(deal, name);
            assert_eq!(picked.get(name).as_deref(), one.as_ref(), "{name}");
            assert_eq!(beside.get(name).as_deref(), one.as_ref(), "{name}");
        }
    }
}

/// A condition across a link: the linked records `of` keeps, one of them (`has`) or none.
fn linked(field: &str, op: Op, of: Filter) -> Condition {
    Condition {
        field: field.into(),
        op,
        values: Vec::new(),
        of: Some(of),
    }
}

fn all(conditions: Vec<Condition>) -> Filter {
    Filter {
        conditions,
        ..Filter::default()
    }
}

/// Companies and their contacts, deals and activities, for segments.
struct Segments {
    store: Store,
    won: Uuid,
}

impl Segments {
    fn new() -> Segments {
        let w = world();
        let mut store = w.store;
        store.companies.clear();
        let open = Uuid::now_v7();
        store.stages.push(Stage {
            id: open,
            name: "Proposal".into(),
            sequence: 2,
            is_won: false,
            folded: false,
            rotting_days: 0,
            probability: 40,
            team_id: None,
            version: 1,
            deleted: false,
        });
        let mut segments = Segments { store, won: w.won };
        // Name, address; then its deals: (stage won, closed on, amount in đồng, deleted).
        type Deal = (bool, &'static str, i64, bool);
        let companies: [(&str, &str, &[Deal]); 6] = [
            (
                "An Phát",
                "12 Hàng Bài, Hà Nội",
                &[(true, "2026-03-02", 200_000_000, false)],
            ),
            (
                "Bình Minh",
                "Cầu Giấy, HÀ NỘI",
                &[
                    (true, "2025-11-10", 400_000_000, false),
                    (false, "", 500_000_000, false),
                ],
            ),
            (
                "Cửu Long",
                "Quận 1, TP. Hồ Chí Minh",
                &[(true, "2026-06-30", 300_000_000, false)],
            ),
            (
                "Đông Á",
                "Hà Nội",
                &[(true, "2026-07-01", 50_000_000, false)],
            ),
            ("Ê-Đê", "Hà Nội", &[(true, "2026-08-01", 300_000_000, true)]),
            ("Phú Quý", "Hà Nội", &[]),
        ];
        for (name, address, deals) in companies {
            let company = segments.company(name, address);
            for (won, closed, amount, deleted) in deals {
                let stage = if *won { segments.won } else { open };
                let deal = Opportunity {
                    company_id: Some(company),
                    expected_revenue: Money::new(*amount, crate::domain::Currency::VND),
                    closed_on: (!closed.is_empty()).then(|| day(closed)),
                    deleted: *deleted,
                    ..Opportunity::sample(stage, name)
                };
                segments.store.opportunities.insert(deal.id, deal);
            }
        }
        segments
    }

    fn company(&mut self, name: &str, address: &str) -> Uuid {
        let company = Company {
            address: address.into(),
            ..Company::sample(name)
        };
        let id = company.id;
        self.store.companies.insert(id, company);
        id
    }

    fn company_named(&self, name: &str) -> Uuid {
        self.store
            .companies
            .values()
            .find(|c| c.name == name)
            .map(|c| c.id)
            .unwrap()
    }

    /// A contact at `company`, with activities due these days.
    fn contact(&mut self, name: &str, company: Option<&str>, activities: &[&str]) {
        let contact = crate::domain::Contact {
            id: Uuid::now_v7(),
            name: name.into(),
            company_id: company.map(|c| self.company_named(c)),
            job_title: String::new(),
            email: String::new(),
            phone: String::new(),
            merged_into: None,
            custom: Default::default(),
            version: 1,
            deleted: false,
        };
        for due in activities {
            let activity = crate::domain::Activity {
                id: Uuid::now_v7(),
                type_id: Uuid::now_v7(),
                subject: crate::domain::Subject::contact(contact.id),
                summary: "Gọi lại".into(),
                note: String::new(),
                due: day(due),
                user_id: None,
                done: true,
                done_on: Some(day(due)),
                feedback: String::new(),
                version: 1,
                deleted: false,
            };
            self.store.activities.insert(activity.id, activity);
        }
        self.store.contacts.insert(contact.id, contact);
    }

    /// The names of the records of `kind` the filter keeps, sorted.
    fn kept(&self, kind: &str, filter: &Filter) -> Vec<String> {
        filter
            .check(kind, &self.store)
            .unwrap_or_else(|e| panic!("{filter:?}: {e}"));
        let cx = Context::new(&self.store, day(TODAY), None);
        let keeper = Keeper::new(filter, kind, &cx);
        assert!(keeper.ignored().is_empty(), "{:?}", keeper.ignored());
        let mut names: Vec<String> = match kind {
            "company" => self
                .store
                .companies
                .values()
                .filter(|c| keeper.keeps(*c))
                .map(|c| c.name.clone())
                .collect(),
            _ => self
                .store
                .contacts
                .values()
                .filter(|c| keeper.keeps(*c))
                .map(|c| c.name.clone())
                .collect(),
        };
        names.sort();
        names
    }
}

#[test]
fn a_segment_keeps_companies_by_their_deals() {
    let s = Segments::new();
    // "Companies in Hanoi with a deal won this year over 100,000,000 ₫": Bình Minh's was won
    // last year (its open deal is bigger, but not won), Cửu Long is in Hồ Chí Minh City, Đông
    // Á's is too small, Ê-Đê's deal is deleted, Phú Quý has none.
    let won_this_year = all(vec![
        cond("stage_id", Op::OneOf, &[&s.won.to_string()]),
        cond("closed_on", Op::Within, &["this_year"]),
        cond("expected_revenue", Op::More, &["100000000"]),
    ]);
    let segment = all(vec![
        cond("address", Op::Contains, &["ha noi"]),
        linked("opportunity.company_id", Op::Has, won_this_year.clone()),
    ]);
    assert_eq!(s.kept("company", &segment), ["An Phát"]);
    // And those without one: Cửu Long is out by its address.
    let segment = all(vec![
        cond("address", Op::Contains, &["ha noi"]),
        linked("opportunity.company_id", Op::HasNone, won_this_year),
    ]);
    assert_eq!(
        s.kept("company", &segment),
        ["Bình Minh", "Phú Quý", "Ê-Đê", "Đông Á"]
    );
    // With no conditions of its own, `has` asks for one linked record at all.
    let with_deals = one("opportunity.company_id", Op::Has, &[]);
    let with_deals = Filter {
        conditions: vec![Condition {
            of: Some(Filter::default()),
            ..with_deals.conditions[0].clone()
        }],
        ..Filter::default()
    };
    assert_eq!(
        s.kept("company", &with_deals),
        ["An Phát", "Bình Minh", "Cửu Long", "Đông Á"]
    );
}

#[test]
fn a_segment_keeps_contacts_by_their_company_and_activities() {
    let mut s = Segments::new();
    s.contact("Chị Hoa", Some("An Phát"), &["2026-11-25"]);
    s.contact("Anh Minh", Some("An Phát"), &["2026-08-01"]);
    s.contact("Cô Lan", Some("Cửu Long"), &[]);
    s.contact("Ông Tư", Some("Phú Quý"), &[]);
    s.contact("Bà Năm", None, &[]);
    // Contacts of customers (their company won a deal) without an activity in 60 days: Chị
    // Hoa was called ten days ago; Phú Quý never bought; Bà Năm has no company.
    let customers = all(vec![linked(
        "opportunity.company_id",
        Op::Has,
        one("stage_id", Op::OneOf, &[&s.won.to_string()]),
    )]);
    let segment = all(vec![
        linked("company_id", Op::Has, customers.clone()),
        linked(
            "activity.subject",
            Op::HasNone,
            one("due", Op::Within, &["last_60_days"]),
        ),
    ]);
    assert_eq!(s.kept("contact", &segment), ["Anh Minh", "Cô Lan"]);
    // What the server loads to run it: the contacts, their companies, the deals of those, and
    // the activities; nothing else of the organisation.
    let mut read = segment.kinds_read("contact", &s.store);
    read.sort();
    assert_eq!(read, ["activity", "company", "contact", "opportunity"]);
    // A contact without a company has none that is a customer.
    let segment = all(vec![linked("company_id", Op::HasNone, customers)]);
    assert_eq!(s.kept("contact", &segment), ["Bà Năm", "Ông Tư"]);
    let mut read = segment.kinds_read("contact", &s.store);
    read.sort();
    assert_eq!(read, ["company", "contact", "opportunity"]);
    // The deals it reads only through `has`: the server asks for the won ones alone.
    assert_eq!(
        segment.only_through("contact", "opportunity", &s.store),
        Some(vec![one("stage_id", Op::OneOf, &[&s.won.to_string()])])
    );
    // Conditions on its own fields read the contacts alone, and no deals.
    let named = one("name", Op::Contains, &["hoa"]);
    assert_eq!(named.kinds_read("contact", &s.store), ["contact"]);
    assert_eq!(
        named.only_through("contact", "opportunity", &s.store),
        Some(vec![])
    );
}

fn won_only(s: &Segments) -> Filter {
    one("stage_id", Op::OneOf, &[&s.won.to_string()])
}

#[test]
fn the_deals_a_segment_reads_only_through_its_links_are_named_by_their_filters() {
    let s = Segments::new();
    let won = one("stage_id", Op::OneOf, &[&s.won.to_string()]);
    let big = one("expected_revenue", Op::More, &["100000000"]);
    // Each `has` and `has_none`, in groups and in a linked kind's filter, brings its own.
    let segment = Filter {
        any: true,
        conditions: vec![linked("opportunity.company_id", Op::Has, won.clone())],
        groups: vec![all(vec![linked(
            "contact.company_id",
            Op::Has,
            all(vec![linked(
                "opportunity.contact_id",
                Op::HasNone,
                big.clone(),
            )]),
        )])],
    };
    assert_eq!(
        segment.only_through("company", "opportunity", &s.store),
        Some(vec![won, big])
    );
    // A deal named in a link ("merged into the one called …") is read otherwise: it is
    // looked for among all of them.
    let named = all(vec![linked(
        "opportunity.company_id",
        Op::Has,
        one("merged_into", Op::Contains, &["bàn ghế"]),
    )]);
    assert_eq!(named.only_through("company", "opportunity", &s.store), None);
    // "Has a deal at all" beside "has none won" needs every deal, not only the won ones.
    let any_but_none_won = all(vec![
        linked("opportunity.company_id", Op::Has, Filter::default()),
        linked("opportunity.company_id", Op::HasNone, won_only(&s)),
    ]);
    assert_eq!(
        any_but_none_won.only_through("company", "opportunity", &s.store),
        None
    );
    // Deals themselves are never read "through" a link.
    assert_eq!(
        Filter::default().only_through("opportunity", "opportunity", &s.store),
        None
    );
}

#[test]
fn a_segment_that_cannot_hold_is_refused() {
    let s = Segments::new();
    let refused = |kind: &str, filter: Filter| filter.check(kind, &s.store).unwrap_err();
    // `has` without the linked records' filter, and a filter on an operator that takes none.
    let bare = one("opportunity.company_id", Op::Has, &[]);
    assert!(matches!(refused("company", bare), RuleError::Malformed(_)));
    let mut stray = one("address", Op::Contains, &["Hà Nội"]);
    stray.conditions[0].of = Some(Filter::default());
    assert!(matches!(refused("company", stray), RuleError::Malformed(_)));
    // A field the linked kind does not have, named as the linked kind's.
    let unknown = all(vec![linked(
        "opportunity.company_id",
        Op::Has,
        one("address", Op::Contains, &["x"]),
    )]);
    assert_eq!(
        refused("company", unknown),
        RuleError::FilterField("opportunity.address".into())
    );
    // Links to the set-up are no segments: a deal's stage is one of, not has.
    let stage = all(vec![linked("stage_id", Op::Has, Filter::default())]);
    assert!(matches!(
        refused("opportunity", stage),
        RuleError::Malformed(_)
    ));
    // Links nest three deep at most: companies, their deals, the deals' contacts; not the
    // contacts' companies.
    let deep = all(vec![linked(
        "opportunity.company_id",
        Op::Has,
        all(vec![linked(
            "contact_id",
            Op::Has,
            all(vec![linked("company_id", Op::Has, Filter::default())]),
        )]),
    )]);
    match refused("company", deep) {
        RuleError::Malformed(why) => assert!(why.contains("deep"), "{why}"),
        other => panic!("{other:?}"),
    }
    let fine = all(vec![linked(
        "opportunity.company_id",
        Op::Has,
        all(vec![linked(
            "activity.subject",
            Op::HasNone,
            one("due", Op::Within, &["last_30_days"]),
        )]),
    )]);
    fine.check("company", &s.store).unwrap();
    // And the address carries it whole.
    assert_eq!(Filter::from_query(&fine.to_query().unwrap()), fine);
}

#[test]
fn the_links_a_kind_is_reached_by_come_from_the_declarations() {
    let s = Segments::new();
    let keys = |kind: &str| -> Vec<String> {
        fields(kind, &s.store)
            .into_iter()
            .filter(|f| matches!(f.shape, Shape::Related { .. }))
            .map(|f| f.key)
            .collect()
    };
    let company = keys("company");
    for wanted in [
        "opportunity.company_id",
        "contact.company_id",
        "activity.subject",
    ] {
        assert!(company.contains(&wanted.to_string()), "{company:?}");
    }
    assert!(keys("contact").contains(&"opportunity.contact_id".to_string()));
    // Nothing reaches the set-up, nor a person's saved views.
    assert!(keys("stage").is_empty());
    assert!(!company.iter().any(|k| k.starts_with("saved_view.")));
    assert!(!linkable("saved_view") && !linkable("stage") && linkable("activity"));
}
