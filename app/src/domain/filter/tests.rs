use serde_json::json;

use super::*;
use crate::domain::custom_field::{Choice, CustomField, Labels};
use crate::domain::formula::{self, Formulas};
use crate::domain::rates::{RATE_SCALE, Rate};
use crate::domain::{Company, CurrencySettings, Money, Opportunity, Stage, Tag, Team, User};

fn custom(key: &str, ty: CustomType) -> CustomField {
    CustomField {
        id: Uuid::now_v7(),
        of: "opportunity".into(),
        key: key.into(),
        labels: Labels {
            en: key.into(),
            ..Labels::default()
        },
        ty,
        required: false,
        default: None,
        help: String::new(),
        position: 0,
        on_card: false,
        version: 1,
        deleted: false,
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
    let company = Company {
        id: Uuid::now_v7(),
        name: "Công ty Hưng Thịnh".into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        merged_into: None,
        custom: Default::default(),
        version: 1,
        deleted: false,
    };
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
    }
}
