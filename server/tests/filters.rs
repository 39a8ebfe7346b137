//! Filters agree (#15): the same filter keeps the same deals in the browser (its copy, the Rust
//! of `domain::filter`) and in PostgreSQL (`db::filter`), over a demo organisation whose deals
//! carry custom values of every shape, amounts in three currencies, and titles in our five
//! languages with their accents, marks, Arabic letters and punctuation.

mod common;

use std::collections::BTreeSet;

use app::domain::custom_field::{Choice, CustomField, CustomType, Labels};
use app::domain::filter::{Context, Filter, Keeper};
use app::domain::rates::{RATE_SCALE, Rate};
use app::domain::{Currency, CurrencySettings, Mutation, Record, Store};
use app::sync::protocol::{PullRequest, PullResponse};
use serde_json::{Value, json};
use uuid::Uuid;

fn field(key: &str, ty: CustomType) -> CustomField {
    CustomField {
        labels: Labels {
            en: key.into(),
            ..Labels::default()
        },
        ..CustomField::draft(Uuid::now_v7(), "opportunity", key.into(), ty)
    }
}

fn options(ids: &[&str]) -> Vec<Choice> {
    ids.iter()
        .map(|id| Choice {
            id: (*id).into(),
            label: id.to_uppercase(),
            colour: 0,
        })
        .collect()
}

const TITLES: &[&str] = &[
    "Máy lọc nước – Sao Mai",
    "MÁY LỌC NƯỚC (Sao Mai, Hà Nội)",
    "Ma\u{301}y chu\u{309} Đức Phát",
    "قرارداد نگهداری — شرکت پارس",
    "قرارداد نگهداري شركت پارس",
    "آموزش کارکنان",
    "สัญญาบำรุงรักษา ปี ๒๕๖๙",
    "สญญาบารงรกษา",
    "维护合同（上海）",
    "维护合同-北京",
    "Invoice #2026/12 — ACME, Inc.",
];

async fn pull_all(db: &common::TestDb) -> PullResponse {
    app::db::pull(
        &db.pool,
        &db.who,
        &PullRequest {
            client_group_id: Uuid::now_v7(),
            cursor: 0,
            schema: 0,
            org_id: None,
            access: None,
        },
    )
    .await
    .expect("pull")
}

#[tokio::test]
async fn the_same_filter_keeps_the_same_deals_in_the_browser_and_in_postgres() {
    let db = common::demo_db(400).await;
    let mut admin = common::Client::new();
    // A dollar is 25,000 đồng, a baht 700.5.
    let settings = CurrencySettings {
        id: db.who.org_id,
        currency: Currency::VND,
        rates: vec![
            Rate {
                currency: Currency::USD,
                scaled: 25_000 * RATE_SCALE,
            },
            Rate {
                currency: Currency::THB,
                scaled: 7005 * RATE_SCALE / 10,
            },
        ],
        country: String::new(),
        version: 0,
        deleted: false,
    };
    let fields = [
        field(
            "x_region",
            CustomType::Choice {
                options: options(&["north", "centre", "south"]),
            },
        ),
        field(
            "x_lines",
            CustomType::Choices {
                options: options(&["water", "air", "power"]),
            },
        ),
        field("x_size", CustomType::Number { decimals: 1 }),
        field("x_due", CustomType::Date),
        field("x_note", CustomType::Text),
        field("x_vip", CustomType::YesNo),
        field("x_budget", CustomType::Money),
        field("x_owner", CustomType::User),
    ];
    let mut setup = vec![Mutation::save(settings)];
    setup.extend(fields.iter().cloned().map(Mutation::save));
    let outcomes = common::push(&db, &mut admin, setup).await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, app::sync::protocol::Outcome::Applied { .. })),
        "{outcomes:?}"
    );

    // Values of every shape, spread over the deals; some left empty; titles in five languages.
    let people: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM users ORDER BY email")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let ids: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM opportunities WHERE NOT deleted ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let today = chrono::Utc::now().date_naive();
    for (i, id) in ids.iter().enumerate() {
        let mut custom = serde_json::Map::new();
        let pick = |n: usize| i % n;
        if pick(4) != 3 {
            custom.insert(
                "x_region".into(),
                json!(["north", "centre", "south"][pick(3)]),
            );
        }
        if pick(5) != 0 {
            let lines: Vec<&str> = ["water", "air", "power"]
                .iter()
                .enumerate()
                .filter(|(k, _)| (i >> k) & 1 == 1)
                .map(|(_, l)| *l)
                .collect();
            custom.insert("x_lines".into(), json!(lines));
        }
        if pick(6) != 0 {
            custom.insert("x_size".into(), json!((i % 40) as f64 / 2.0 - 3.0));
        }
        if pick(3) != 0 {
            let day = today + chrono::Duration::days((i as i64 % 120) - 60);
            custom.insert("x_due".into(), json!(day.to_string()));
        }
        if pick(2) == 0 {
            custom.insert("x_note".into(), json!(TITLES[i % TITLES.len()]));
        }
        if pick(3) == 1 {
            custom.insert("x_vip".into(), json!(true));
        }
        if pick(4) != 0 {
            let currency = ["VND", "USD", "THB"][pick(3)];
            custom.insert(
                "x_budget".into(),
                json!({"minor": (i as i64 * 7_919) % 5_000_000, "currency": currency}),
            );
        }
        if pick(5) != 1 {
            custom.insert("x_owner".into(), json!(people[i % people.len()]));
        }
        let currency = ["VND", "VND", "USD", "THB"][pick(4)];
        let title = match pick(3) {
            0 => TITLES[i % TITLES.len()].to_string(),
            _ => format!("Deal {i}"),
        };
        sqlx::query(
            "UPDATE opportunities SET custom = $2, currency = $3, title = $4, \
             customer_name = CASE WHEN $5 THEN '' ELSE customer_name END WHERE id = $1",
        )
        .bind(id)
        .bind(Value::Object(custom))
        .bind(currency)
        .bind(title)
        .bind(i % 7 == 0)
        .execute(&db.pool)
        .await
        .unwrap();
    }

    // The browser's copy, as a first pull gives it.
    let pulled = pull_all(&db).await;
    let mut store = Store {
        users: pulled.users.clone(),
        ..Store::default()
    };
    for r in pulled.records.iter().cloned() {
        store.put(r);
    }
    for o in pulled.opportunities.iter().cloned() {
        store.put(Record::Opportunity(o));
    }
    let held: BTreeSet<Uuid> = store.opportunities.keys().copied().collect();
    assert!(held.len() > 100, "the copy holds the open and recent deals");
    let me = people[2];
    let stages: Vec<String> = store.stages.iter().map(|s| s.id.to_string()).collect();
    let tag = store.tags.first().map(|t| t.id.to_string()).unwrap();
    let c = |field: &str, op: &str, values: &[&str]| json!({"field": field, "op": op, "values": values});
    let filters: Vec<Value> = vec![
        json!({"conditions": [c("title", "contains", &["may loc"])]}),
        json!({"conditions": [c("title", "contains", &["SAO MAI"])]}),
        json!({"conditions": [c("title", "contains", &["máy chủ"])]}),
        json!({"conditions": [c("title", "contains", &["نگهداری شرکت"])]}),
        json!({"conditions": [c("title", "contains", &["آموزش"])]}),
        json!({"conditions": [c("title", "contains", &["สัญญาบำรุง"])]}),
        json!({"conditions": [c("title", "contains", &["维护合同 上海"])]}),
        json!({"conditions": [c("title", "contains", &["2026 12 acme"])]}),
        json!({"conditions": [c("title", "excludes", &["deal"])]}),
        json!({"conditions": [c("title", "is", &["may loc nuoc sao mai"])]}),
        json!({"conditions": [c("title", "is_not", &["Deal 3"])]}),
        json!({"conditions": [c("customer_name", "is_empty", &[])]}),
        json!({"conditions": [c("email", "is_set", &[])]}),
        json!({"conditions": [c("expected_revenue", "more", &["100000000"])]}),
        json!({"conditions": [c("expected_revenue", "less", &["50000000"])]}),
        json!({"conditions": [c("expected_revenue", "between", &["20000000", "400000000"])]}),
        json!({"conditions": [c("probability", "between", &["20", "60"])]}),
        json!({"conditions": [c("priority", "is", &["2"])]}),
        json!({"conditions": [c("priority", "is_not", &["0"])]}),
        json!({"conditions": [c("expected_close", "within", &["this_month"])]}),
        json!({"conditions": [c("expected_close", "within", &["next_30_days"])]}),
        json!({"conditions": [c("expected_close", "within", &["last_week"])]}),
        json!({"conditions": [c("expected_close", "less", &["today"])]}),
        json!({"conditions": [c("expected_close", "more", &["today"])]}),
        json!({"conditions": [c("expected_close", "is_empty", &[])]}),
        json!({"conditions": [c("created_on", "within", &["this_year"])]}),
        json!({"conditions": [c("closed_on", "within", &["this_quarter"])]}),
        json!({"conditions": [c("stage_id", "one_of", &[&stages[0], &stages[1]])]}),
        json!({"conditions": [c("stage_id", "none_of", &[&stages[0]])]}),
        json!({"conditions": [c("salesperson_id", "one_of", &["me"])]}),
        json!({"conditions": [c("salesperson_id", "one_of", &["my_team"])]}),
        json!({"conditions": [c("salesperson_id", "is_empty", &[])]}),
        json!({"conditions": [c("team_id", "one_of", &["my_team"])]}),
        json!({"conditions": [c("team_id", "none_of", &["my_team"])]}),
        json!({"conditions": [c("tag_ids", "one_of", &[&tag])]}),
        json!({"conditions": [c("tag_ids", "none_of", &[&tag])]}),
        json!({"conditions": [c("tag_ids", "is_empty", &[])]}),
        json!({"conditions": [c("company_id", "contains", &["cong ty"])]}),
        json!({"conditions": [c("company_id", "is_set", &[])]}),
        json!({"conditions": [c("lost", "is", &["no"])]}),
        json!({"conditions": [c("lead", "is", &["yes"])]}),
        json!({"conditions": [c("x_region", "one_of", &["centre"])]}),
        json!({"conditions": [c("x_region", "none_of", &["north", "south"])]}),
        json!({"conditions": [c("x_region", "is_empty", &[])]}),
        json!({"conditions": [c("x_lines", "one_of", &["air", "power"])]}),
        json!({"conditions": [c("x_lines", "none_of", &["water"])]}),
        json!({"conditions": [c("x_lines", "is_empty", &[])]}),
        json!({"conditions": [c("x_size", "more", &["5.5"])]}),
        json!({"conditions": [c("x_size", "between", &["-1", "2.5"])]}),
        json!({"conditions": [c("x_size", "is", &["0"])]}),
        json!({"conditions": [c("x_size", "is_not", &["0"])]}),
        json!({"conditions": [c("x_due", "within", &["next_month"])]}),
        json!({"conditions": [c("x_due", "between", &["2026-01-01", "today"])]}),
        json!({"conditions": [c("x_due", "is_set", &[])]}),
        json!({"conditions": [c("x_note", "contains", &["قرارداد"])]}),
        json!({"conditions": [c("x_note", "excludes", &["sao mai"])]}),
        json!({"conditions": [c("x_note", "is_empty", &[])]}),
        json!({"conditions": [c("x_vip", "is", &["yes"])]}),
        json!({"conditions": [c("x_vip", "is", &["no"])]}),
        json!({"conditions": [c("x_budget", "more", &["10000"])]}),
        json!({"conditions": [c("x_budget", "between", &["100", "9000"])]}),
        json!({"conditions": [c("x_budget", "is_empty", &[])]}),
        json!({"conditions": [c("x_owner", "one_of", &["me"])]}),
        json!({"conditions": [c("x_owner", "one_of", &["my_team"])]}),
        json!({"conditions": [
            c("x_region", "one_of", &["north"]),
            c("expected_revenue", "more", &["30000000"]),
            c("title", "excludes", &["deal 1"])
        ]}),
        json!({"any": true, "conditions": [
            c("x_vip", "is", &["yes"]),
            c("x_size", "less", &["-2"])
        ], "groups": [{"conditions": [
            c("salesperson_id", "one_of", &["me"]),
            c("expected_close", "within", &["this_quarter"])
        ]}]}),
    ];
    let mut conn = db.pool.acquire().await.unwrap();
    let mut kept_some = 0;
    for jalali in [false, true] {
        let cx = Context {
            jalali,
            week_starts: if jalali {
                chrono::Weekday::Sat
            } else {
                chrono::Weekday::Mon
            },
            ..Context::new(&store, today, Some(me))
        };
        for json in &filters {
            let filter: Filter = serde_json::from_value(json.clone()).unwrap();
            filter
                .check("opportunity", &store)
                .unwrap_or_else(|e| panic!("{json}: {e}"));
            let keeper = Keeper::new(&filter, "opportunity", &cx);
            assert!(keeper.ignored().is_empty(), "{json}");
            let browser: BTreeSet<Uuid> = store
                .opportunities
                .values()
                .filter(|o| !o.deleted && keeper.keeps(*o))
                .map(|o| o.id)
                .collect();
            let postgres: BTreeSet<Uuid> =
                app::db::filter::kept_deals(&mut conn, db.who.org_id, &filter, &cx)
                    .await
                    .unwrap_or_else(|e| panic!("{json}: {e}"))
                    .into_iter()
                    .filter(|id| held.contains(id))
                    .collect();
            assert_eq!(
                browser,
                postgres,
                "{json} (jalali: {jalali}): the browser keeps {} deals, PostgreSQL {}",
                browser.len(),
                postgres.len()
            );
            if !browser.is_empty() && browser.len() < held.len() {
                kept_some += 1;
            }
        }
    }
    // The Persian words find the title written with Arabic letters too, and the Thai words the
    // title without its marks: folded alike on both sides.
    let cx = Context::new(&store, today, Some(me));
    for (words, titles) in [
        ("نگهداری شرکت", [TITLES[3], TITLES[4]]),
        ("สัญญาบำรุง", [TITLES[6], TITLES[6]]),
        ("may chu duc", [TITLES[2], TITLES[2]]),
    ] {
        let filter: Filter =
            serde_json::from_value(json!({"conditions": [c("title", "contains", &[words])]}))
                .unwrap();
        let keeper = Keeper::new(&filter, "opportunity", &cx);
        for title in titles {
            assert!(
                store
                    .opportunities
                    .values()
                    .any(|o| o.title == title && keeper.keeps(o)),
                "{words} finds {title}"
            );
        }
    }
    // Most filters keep some deals and leave others: the agreement is not of empty lists.
    assert!(
        kept_some > filters.len() * 3 / 2,
        "only {kept_some} of {} filters both keep and leave deals",
        filters.len() * 2
    );
}

/// "Companies with a deal won": a browser keeps a year of closed deals, so counted on its copy
/// the segment misses a company whose deal was won two years ago; asked of the server
/// (`db::segments`) it counts it, by the same rule over everything the organisation holds.
#[tokio::test]
async fn a_segment_asked_of_the_server_counts_deals_closed_before_the_browsers_horizon() {
    use app::domain::filter::{Condition, Op};
    use app::sync::protocol::Outcome;
    use chrono::Days;
    let db = common::test_db().await;
    let mut c = common::Client::new();
    let today = chrono::Utc::now().date_naive();
    let long_ago = today - Days::new(800);
    let (old, new, none) = (
        common::company("Công ty Cũ"),
        common::company("Công ty Mới"),
        common::company("Công ty Chưa Mua"),
    );
    let deal = |title: &str, company_id: Uuid| match common::create(&db.stages[0], title, "V") {
        Mutation::CreateOpportunity(mut new) => {
            new.company_id = Some(company_id);
            Mutation::CreateOpportunity(new)
        }
        _ => unreachable!(),
    };
    let (then, now) = (deal("Bàn ghế 2024", old.id), deal("Bàn ghế 2026", new.id));
    // Still open: the company has a deal, none won.
    let open = deal("Bàn ghế 2027", none.id);
    let won = |m: &Mutation| Mutation::MarkWon {
        id: m.record_id(),
        position: "V".into(),
    };
    let queued = [
        Mutation::save(old.clone()),
        Mutation::save(new.clone()),
        Mutation::save(none.clone()),
        then.clone(),
        won(&then),
        now.clone(),
        won(&now),
        open,
    ]
    .iter()
    .map(|m| c.queue(m))
    .collect();
    let results = c.push(&db, queued).await.results;
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
        "{results:?}"
    );
    // Won two years ago (a push believes no clock a year off: the history is written here).
    sqlx::query("UPDATE opportunities SET created_on = $2, closed_on = $3 WHERE id = $1")
        .bind(then.record_id())
        .bind(long_ago - Days::new(10))
        .bind(long_ago)
        .execute(&db.pool)
        .await
        .unwrap();
    let won_stage = db.stages.iter().find(|s| s.is_won).expect("a won stage").id;
    let customers = Filter {
        conditions: vec![Condition {
            field: "opportunity.company_id".into(),
            op: Op::Has,
            values: Vec::new(),
            of: Some(Filter {
                conditions: vec![Condition {
                    field: "stage_id".into(),
                    op: Op::OneOf,
                    values: vec![won_stage.to_string()],
                    of: None,
                }],
                ..Filter::default()
            }),
        }],
        ..Filter::default()
    };
    let mut both = vec![old.id, new.id];
    both.sort();
    let counted = app::db::segments::kept(
        &db.pool,
        &db.who,
        "company",
        &customers,
        today,
        (false, chrono::Weekday::Mon),
    )
    .await
    .unwrap();
    assert_eq!(counted, both);
    // Those without one, counted from the won deals alone (asked of PostgreSQL) as from all.
    let (pool, who) = (&db.pool, &db.who);
    let ask = |filter: Filter| async move {
        app::db::segments::kept(
            pool,
            who,
            "company",
            &filter,
            today,
            (false, chrono::Weekday::Mon),
        )
        .await
        .unwrap()
    };
    let not_yet = Filter {
        conditions: vec![Condition {
            op: Op::HasNone,
            ..customers.conditions[0].clone()
        }],
        ..Filter::default()
    };
    assert_eq!(ask(not_yet.clone()).await, vec![none.id]);
    // With a deal at all, and none won: the one whose deal is still open (a segment that needs
    // every deal reads every deal, not only the won ones its other condition names).
    let any_deal = Condition {
        op: Op::Has,
        of: Some(Filter::default()),
        ..customers.conditions[0].clone()
    };
    let dealt_but_not_won = Filter {
        conditions: vec![any_deal, not_yet.conditions[0].clone()],
        ..Filter::default()
    };
    assert_eq!(ask(dealt_but_not_won).await, vec![none.id]);
    // A deal filter SQL cannot say (won deals without an activity) reads every deal, by the
    // same rule: both won deals have none.
    let mut quiet = customers.clone();
    let of = quiet.conditions[0].of.as_mut().unwrap();
    of.conditions.push(Condition {
        field: "activity.subject".into(),
        op: Op::HasNone,
        values: Vec::new(),
        of: Some(Filter::default()),
    });
    assert_eq!(ask(quiet).await, both);
    // A new browser's copy: the deal won two years ago is not in it.
    let mut copy = app::sync::view::Snapshot::default();
    copy.apply_pull(&common::Client::new().pull(&db).await);
    let cx = Context::new(&copy.store, today, Some(db.who.user_id));
    let keeper = Keeper::new(&customers, "company", &cx);
    let here: Vec<Uuid> = copy
        .store
        .companies
        .values()
        .filter(|c| keeper.keeps(*c))
        .map(|c| c.id)
        .collect();
    assert_eq!(here, vec![new.id]);
    // A filter that does not hold is refused as a bad request.
    let wrong = Filter {
        conditions: vec![Condition {
            field: "no_such_field".into(),
            op: Op::Is,
            values: vec!["x".into()],
            of: None,
        }],
        ..Filter::default()
    };
    let refused = app::db::segments::kept(
        &db.pool,
        &db.who,
        "company",
        &wrong,
        today,
        (false, chrono::Weekday::Mon),
    )
    .await
    .unwrap_err();
    assert_eq!(refused.status(), axum::http::StatusCode::BAD_REQUEST);
}

/// Formulas agree too: a condition on a formula is computed, not written in SQL, so PostgreSQL
/// refuses it plainly (`kept_deals`) and a segment asked of the server falls back to the same
/// Rust the browser runs. Over a demo organisation whose deals, contacts and companies carry
/// formulas of every result (a number from an amount and a custom value, text from another
/// formula, yes or no, a value reached through a contact's company), the server's segments
/// keep what the browser's copy keeps.
#[tokio::test]
async fn a_condition_on_a_formula_keeps_the_same_records_in_the_browser_and_on_the_server() {
    use app::domain::formula::Type;
    let db = common::demo_db(300).await;
    let mut admin = common::Client::new();
    let formula = |of: &str, key: &str, expression: &str, result: Type| CustomField {
        of: of.into(),
        ..field(
            key,
            CustomType::Formula {
                expression: expression.into(),
                result,
            },
        )
    };
    let plain = |of: &str, key: &str, ty: CustomType| CustomField {
        of: of.into(),
        ..field(key, ty)
    };
    let fields = [
        plain("opportunity", "x_cost", CustomType::Number { decimals: 0 }),
        formula(
            "opportunity",
            "x_margin",
            "expected_revenue - x_cost",
            Type::Number,
        ),
        formula(
            "opportunity",
            "x_grade",
            "if(x_margin > 20000000, \"good\", \"thin\")",
            Type::Text,
        ),
        plain("company", "x_branches", CustomType::Number { decimals: 0 }),
        plain("company", "x_region", CustomType::Text),
        formula("company", "x_chain", "x_branches >= 3", Type::YesNo),
        formula("contact", "x_where", "company.x_region", Type::Text),
    ];
    let outcomes = common::push(
        &db,
        &mut admin,
        fields.iter().cloned().map(Mutation::save).collect(),
    )
    .await;
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, app::sync::protocol::Outcome::Applied { .. })),
        "{outcomes:?}"
    );
    // Every deal in the last months, so a browser's copy holds them all and the answers can be
    // compared whole; costs spread over them, some left empty.
    let today = chrono::Utc::now().date_naive();
    sqlx::query(
        "UPDATE opportunities SET created_on = $1::date - 60, \
         closed_on = CASE WHEN closed_on IS NULL THEN NULL ELSE $1::date - 30 END",
    )
    .bind(today)
    .execute(&db.pool)
    .await
    .unwrap();
    let deals: Vec<Uuid> = sqlx::query_scalar("SELECT id FROM opportunities ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    for (i, id) in deals.iter().enumerate() {
        let custom = match i % 5 {
            0 => json!({}),
            n => json!({"x_cost": (n as i64) * 9_000_000 + (i as i64 % 7) * 1_000_000}),
        };
        sqlx::query("UPDATE opportunities SET custom = $2 WHERE id = $1")
            .bind(id)
            .bind(custom)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    let companies: Vec<Uuid> =
        sqlx::query_scalar("SELECT id FROM records WHERE kind = 'company' ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    for (i, id) in companies.iter().enumerate() {
        let region = ["Miền Bắc", "Miền Nam", "Trung Bộ"][i % 3];
        let custom = match i % 4 {
            0 => json!({"x_region": region}),
            n => json!({"x_region": region, "x_branches": n * 2 - 1}),
        };
        sqlx::query("UPDATE records SET data = jsonb_set(data, '{custom}', $2) WHERE id = $1")
            .bind(id)
            .bind(custom)
            .execute(&db.pool)
            .await
            .unwrap();
    }

    let mut copy = app::sync::view::Snapshot::default();
    copy.apply_pull(&common::Client::new().pull(&db).await);
    // Every deal: a company's or a person's deals are all there to judge them by.
    assert_eq!(
        copy.store.opportunities.len(),
        deals.len(),
        "the copy holds every deal"
    );
    let me = db.who.user_id;
    let cx = Context::new(&copy.store, today, Some(me));
    let won = copy
        .store
        .stages
        .iter()
        .find(|s| s.is_won)
        .expect("a won stage")
        .id
        .to_string();
    let c = |field: &str, op: &str, values: &[&str]| json!({"field": field, "op": op, "values": values});
    let has = |link: &str, op: &str, conditions: Value| json!({"field": link, "op": op, "values": [], "of": {"conditions": conditions}});
    let mut compared = 0;
    let mut kept_some = 0;
    let asked = |kind: &'static str, json: Value| {
        let filter: Filter = serde_json::from_value(json.clone()).unwrap();
        let (pool, who, copy, cx) = (&db.pool, &db.who, &copy, &cx);
        async move {
            filter
                .check(kind, &copy.store)
                .unwrap_or_else(|e| panic!("{json}: {e}"));
            let keeper = Keeper::new(&filter, kind, cx);
            assert!(keeper.ignored().is_empty(), "{json}");
            let browser: BTreeSet<Uuid> = match kind {
                "company" => copy
                    .store
                    .companies
                    .values()
                    .filter(|r| !r.deleted && keeper.keeps(*r))
                    .map(|r| r.id)
                    .collect(),
                _ => copy
                    .store
                    .contacts
                    .values()
                    .filter(|r| !r.deleted && keeper.keeps(*r))
                    .map(|r| r.id)
                    .collect(),
            };
            let server: BTreeSet<Uuid> = app::db::segments::kept(
                pool,
                who,
                kind,
                &filter,
                today,
                (false, chrono::Weekday::Mon),
            )
            .await
            .unwrap_or_else(|e| panic!("{json}: {e}"))
            .into_iter()
            // Compared over the records the copy holds (it keeps people and companies while
            // a kept deal names them or they changed in the last year).
            .filter(|id| copy.store.get(*id).is_some())
            .collect();
            assert_eq!(
                browser,
                server,
                "{json}: the browser keeps {} {kind} records, the server {}",
                browser.len(),
                server.len()
            );
            let all = match kind {
                "company" => copy.store.companies.len(),
                _ => copy.store.contacts.len(),
            };
            !browser.is_empty() && browser.len() < all
        }
    };
    let filters: Vec<(&str, Value)> = vec![
        (
            "company",
            json!({"conditions": [c("x_chain", "is", &["yes"])]}),
        ),
        (
            "company",
            json!({"conditions": [c("x_chain", "is", &["no"])]}),
        ),
        (
            "company",
            json!({"conditions": [has("opportunity.company_id", "has", json!([c("x_margin", "more", &["20000000"])]))]}),
        ),
        (
            "company",
            json!({"conditions": [has("opportunity.company_id", "has_none", json!([c("x_margin", "less", &["0"])]))]}),
        ),
        (
            "company",
            json!({"conditions": [has("opportunity.company_id", "has", json!([
                c("stage_id", "one_of", &[&won]),
                c("x_grade", "is", &["good"])
            ]))]}),
        ),
        (
            "company",
            json!({"any": true, "conditions": [
                c("x_chain", "is", &["yes"]),
                has("opportunity.company_id", "has", json!([c("x_margin", "is_empty", &[])]))
            ]}),
        ),
        (
            "contact",
            json!({"conditions": [c("x_where", "contains", &["mien bac"])]}),
        ),
        (
            "contact",
            json!({"conditions": [c("x_where", "is_empty", &[])]}),
        ),
        (
            "contact",
            json!({"conditions": [
                c("x_where", "excludes", &["trung"]),
                has("opportunity.contact_id", "has", json!([c("x_grade", "is", &["thin"])]))
            ]}),
        ),
    ];
    for (kind, json) in filters {
        compared += 1;
        if asked(kind, json).await {
            kept_some += 1;
        }
    }
    assert!(
        kept_some * 3 >= compared * 2,
        "only {kept_some} of {compared} segments keep some records and leave others"
    );
    // A deal filter with a formula is not said in SQL: refused plainly, never a wrong answer.
    let margin: Filter =
        serde_json::from_value(json!({"conditions": [c("x_margin", "more", &["0"])]})).unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let refused = app::db::filter::kept_deals(&mut conn, db.who.org_id, &margin, &cx)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, app::db::DbError::Invalid(_)),
        "{refused:?}"
    );
}
