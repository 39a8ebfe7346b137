//! Who sees and changes what, through the data layer the server functions call (push, pull,
//! history, dashboard), on the demo organisation plus a second organisation in the same
//! database. The expectations are the table of `domain/access.rs` restated here by hand, not
//! computed with the rules under test.

mod common;

use std::collections::{HashMap, HashSet};

use app::db::Identity;
use app::domain::report::{Filter, Period};
use app::domain::{Record, RuleError, view_defaults};
use app::sync::protocol::{Outcome, PendingMutation, PullRequest, PullResponse, PushRequest};
use serde_json::{Value, json};
use uuid::Uuid;

/// A deal's (team, salesperson).
type Scope = (Option<Uuid>, Option<Uuid>);
/// Whether a role may see a deal of this scope, as the table says.
type Sees<'a> = &'a dyn Fn(Scope) -> bool;

/// Each target case asks for another month, so none is refused as a duplicate.
static NEXT_MONTH: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

struct People {
    admin: Identity,
    manager: Identity,
    /// A salesperson of the HCMC team (David's).
    seller: Identity,
    /// A salesperson of the Hanoi team.
    other_seller: Identity,
    reader: Identity,
    hanoi: Uuid,
    hcmc: Uuid,
    /// Every member of HCMC (David leads it).
    hcmc_people: Vec<Uuid>,
}

async fn people(db: &common::TestDb) -> People {
    let teams: Vec<(Uuid, String)> =
        sqlx::query_as("SELECT id, data->>'name' FROM records WHERE kind = 'team'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let team = |part: &str| {
        teams
            .iter()
            .find(|(_, n)| n.contains(part))
            .map(|(id, _)| *id)
            .expect(part)
    };
    let manager = common::identity_of(db, "david@demo.rapport").await;
    let seller = common::identity_of(db, "huy@demo.rapport").await;
    let sarah = common::identity_of(db, "sarah@demo.rapport").await;
    People {
        admin: db.who,
        manager,
        seller,
        other_seller: common::identity_of(db, "khoa@demo.rapport").await,
        reader: common::identity_of(db, "ha@demo.rapport").await,
        hanoi: team("Hanoi"),
        hcmc: team("HCMC"),
        hcmc_people: vec![manager.user_id, seller.user_id, sarah.user_id],
    }
}

async fn pull_all(db: &common::TestDb, who: &Identity) -> PullResponse {
    app::db::pull(
        &db.pool,
        who,
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

/// Pushes one mutation as `who` from a new browser; the outcome.
async fn attempt(db: &common::TestDb, who: &Identity, mutation: Value) -> Outcome {
    let response = app::db::push(
        &db.pool,
        who,
        &PushRequest {
            client_group_id: Uuid::now_v7(),
            mutations: vec![PendingMutation {
                client_id: Uuid::now_v7(),
                mutation_id: 1,
                mutation,
                on: None,
            }],
        },
    )
    .await
    .expect("push");
    response.results[0].outcome.clone()
}

fn applied(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Applied { .. })
}

/// (team, salesperson) of every live deal a browser keeps (open, or closed within the year), by
/// id.
async fn deal_scopes(db: &common::TestDb) -> HashMap<Uuid, (Option<Uuid>, Option<Uuid>)> {
    deal_scopes_since(
        db,
        app::domain::keep::horizon(chrono::Utc::now().date_naive()),
    )
    .await
}

/// (team, salesperson) of every live deal open or closed since `since`, by id.
async fn deal_scopes_since(
    db: &common::TestDb,
    since: chrono::NaiveDate,
) -> HashMap<Uuid, (Option<Uuid>, Option<Uuid>)> {
    let rows: Vec<(Uuid, Option<Uuid>, Option<Uuid>)> = sqlx::query_as(
        "SELECT id, team_id, salesperson_id FROM opportunities WHERE org_id = $1 AND NOT deleted \
         AND (closed_on IS NULL OR closed_on >= $2)",
    )
    .bind(db.who.org_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.into_iter().map(|(id, t, s)| (id, (t, s))).collect()
}

/// Today's generic save of a record (`kind` names its variant).
fn save(record: Value) -> Value {
    json!({"type": "Save", "record": record})
}

fn deal_json(db: &common::TestDb, title: &str, team: Option<Uuid>, person: Option<Uuid>) -> Value {
    let mut m = serde_json::to_value(common::create(&db.stages[0], title, "V")).unwrap();
    m["team_id"] = json!(team);
    m["salesperson_id"] = json!(person);
    m
}

#[tokio::test]
async fn each_role_pulls_exactly_the_records_it_may_see() {
    let db = common::demo_db(150).await;
    let p = people(&db).await;
    let deals = deal_scopes(&db).await;
    // The demo's past: deals closed over a year ago, which no first pull holds.
    let every = deal_scopes_since(&db, chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).await;
    let old_deals: HashMap<Uuid, Scope> = every
        .into_iter()
        .filter(|(id, _)| !deals.contains_key(id))
        .collect();
    assert!(old_deals.len() > 10, "the demo has a past");
    let manager_sees = |(team, person): (Option<Uuid>, Option<Uuid>)| {
        team == Some(p.hcmc) || person.is_some_and(|x| p.hcmc_people.contains(&x))
    };
    let seller_sees = |(team, person): (Option<Uuid>, Option<Uuid>)| {
        person == Some(p.seller.user_id) || (person.is_none() && team == Some(p.hcmc))
    };
    let cases: [(&str, &Identity, Sees); 4] = [
        ("admin", &p.admin, &|_| true),
        ("manager", &p.manager, &manager_sees),
        ("salesperson", &p.seller, &seller_sees),
        ("read-only", &p.reader, &|_| true),
    ];
    for (role, who, sees) in cases {
        let expected: HashSet<Uuid> = deals
            .iter()
            .filter(|(_, scope)| sees(**scope))
            .map(|(id, _)| *id)
            .collect();
        let pull = pull_all(&db, who).await;
        let got: HashSet<Uuid> = pull.opportunities.iter().map(|o| o.id).collect();
        let leaks: Vec<_> = got.difference(&expected).collect();
        let hidden: Vec<_> = expected.difference(&got).collect();
        assert!(leaks.is_empty(), "{role} sees deals not theirs: {leaks:?}");
        assert!(
            hidden.is_empty(),
            "{role} misses deals of theirs: {hidden:?}"
        );
        assert!(!got.is_empty(), "{role} sees some deals");
        // Opening records by their address (a fetch of what the browser does not keep: the
        // demo's past) obeys the same sight: asked for every old deal, each role gets exactly
        // its own.
        let visible: HashSet<Uuid> = old_deals
            .iter()
            .filter(|(_, scope)| sees(**scope))
            .map(|(id, _)| *id)
            .collect();
        let asked: Vec<Uuid> = old_deals.keys().copied().collect();
        let fetched = app::db::keep::fetch(&db.pool, who, &asked)
            .await
            .expect("fetch");
        let opened: HashSet<Uuid> = fetched.opportunities.iter().map(|o| o.id).collect();
        assert_eq!(
            opened, visible,
            "{role} opens exactly the old deals they see"
        );
        for r in &fetched.records {
            if let Some(deal) = r.scope().parent_deal() {
                assert!(
                    visible.contains(&deal),
                    "{role} fetched {} of a hidden deal",
                    r.id()
                );
            }
        }
        assert!(
            fetched
                .records
                .iter()
                .any(|r| matches!(r, Record::Activity(_))),
            "{role}: the old deals' activities come with them"
        );
        // What hangs on a deal comes with it, and only with it.
        for r in &pull.records {
            let parent = match r {
                Record::Activity(a) => a.subject.deal_id(),
                Record::Note(n) => n.subject.deal_id(),
                Record::Quotation(q) => Some(q.opportunity_id),
                _ => None,
            };
            if let Some(parent) = parent {
                assert!(
                    got.contains(&parent),
                    "{role} got {} of a hidden deal",
                    r.id()
                );
            }
        }
        let with_parent_visible: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM records WHERE org_id = $1 AND NOT deleted \
             AND COALESCE(data->>'opportunity_id', data->'subject'->>'id')::uuid = ANY($2)",
        )
        .bind(db.who.org_id)
        .bind(got.iter().copied().collect::<Vec<_>>())
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let sent_children = pull
            .records
            .iter()
            .filter(|r| {
                matches!(r, Record::Activity(a) if a.subject.deal_id().is_some())
                    || matches!(r, Record::Note(n) if n.subject.deal_id().is_some())
                    || matches!(r, Record::Quotation(_))
            })
            .count() as i64;
        assert_eq!(
            sent_children, with_parent_visible,
            "{role}: every record of a visible deal"
        );
        // Everyone sees the contacts, the set-up and the people.
        assert!(
            pull.records.iter().any(|r| matches!(r, Record::Contact(_))),
            "{role}"
        );
        let stages = pull.records.iter().filter(|r| r.kind() == "stage").count();
        assert!(stages > 0 && !pull.users.is_empty(), "{role}");
    }
    // The seller does not see everything: the test would pass for a leak otherwise.
    let seller_count = deals.values().filter(|s| seller_sees(**s)).count();
    assert!(
        seller_count < deals.len() / 2,
        "{seller_count} of {}",
        deals.len()
    );
}

#[tokio::test]
async fn the_dashboard_and_the_timeline_show_only_what_the_person_may_see() {
    let db = common::demo_db(150).await;
    let p = people(&db).await;
    let today = chrono::Local::now().date_naive();
    for who in [&p.admin, &p.manager, &p.seller, &p.reader] {
        let pull = pull_all(&db, who).await;
        let mut mine = app::sync::view::Snapshot::default();
        mine.apply_pull(&pull);
        for period in [Period::ThisQuarter, Period::Last12Months] {
            let filter = Filter {
                team_id: None,
                salesperson_id: None,
                period,
            };
            let server = app::db::report::dashboard_of(&db.pool, who, &filter, today)
                .await
                .unwrap();
            let browser = app::domain::report::dashboard(&mine.store, &filter, today);
            assert_eq!(
                server, browser,
                "the server's figures are those of {who:?}'s own records"
            );
        }
    }
    // The seller asks for the timeline of every deal: they get lines of their own deals only.
    let all: Vec<Uuid> = deal_scopes(&db).await.keys().copied().take(400).collect();
    let seller_pull = pull_all(&db, &p.seller).await;
    let visible: HashSet<Uuid> = seller_pull.opportunities.iter().map(|o| o.id).collect();
    // The admin edits one deal the seller sees and one they do not: both have a timeline.
    let seen = *visible.iter().next().unwrap();
    let unseen = *all.iter().find(|id| !visible.contains(id)).unwrap();
    for id in [seen, unseen] {
        let edit = json!({"type": "SetOpportunityFields", "id": id, "fields": {"title": format!("Renamed {id}")}});
        assert!(applied(&attempt(&db, &p.admin, edit).await));
    }
    let lines = app::db::history::of_records(&db.pool, &p.seller, &all)
        .await
        .unwrap();
    assert!(lines.iter().all(|l| visible.contains(&l.record_id)));
    assert!(
        lines.iter().any(|l| l.record_id == seen),
        "their own deal's timeline"
    );
    let admin_lines = app::db::history::of_records(&db.pool, &p.admin, &all)
        .await
        .unwrap();
    assert!(
        admin_lines.len() > lines.len(),
        "the admin's timeline holds more"
    );
}

#[tokio::test]
async fn each_role_may_create_change_and_delete_what_the_table_says() {
    let db = common::demo_db(60).await;
    let p = people(&db).await;
    let deals = deal_scopes(&db).await;
    let sarah = p.hcmc_people[2];
    let sarahs_deal = *deals
        .iter()
        .find(|(_, (_, person))| *person == Some(sarah))
        .expect("a deal of Sarah's")
        .0;
    let khoas_deal = *deals
        .iter()
        .find(|(_, (_, person))| *person == Some(p.other_seller.user_id))
        .expect("a deal of Khoa's")
        .0;
    let roles: [(&str, Identity, Option<Uuid>); 4] = [
        ("admin", p.admin, Some(p.hanoi)),
        ("manager", p.manager, Some(p.hcmc)),
        ("salesperson", p.seller, Some(p.hcmc)),
        ("read-only", p.reader, None),
    ];
    let call_type: Uuid = sqlx::query_scalar(
        "SELECT id FROM records WHERE kind = 'activity_type' AND NOT deleted LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let hcmc_team: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(p.hcmc)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    // Each case: the kind it writes, a name, the mutation for this person, and who may (admin,
    // manager, seller, reader).
    type Case<'a> = (
        &'static str,
        &'static str,
        Box<dyn Fn(&Identity, Option<Uuid>) -> Value + 'a>,
        [bool; 4],
    );
    let (hanoi, hcmc) = (p.hanoi, p.hcmc);
    let org = db.who.org_id;
    let other_team = move |own: Option<Uuid>| {
        if own == Some(hanoi) { hcmc } else { hanoi }
    };
    let dbr = &db;
    let cases: Vec<Case<'_>> = vec![
        (
            "opportunity",
            "create a deal of their own",
            Box::new(move |who, team| deal_json(dbr, "Mine", team, Some(who.user_id))),
            [true, true, true, false],
        ),
        (
            "opportunity",
            "create a deal in a team not theirs",
            Box::new(move |_, team| deal_json(dbr, "Theirs", Some(other_team(team)), None)),
            [true, false, false, false],
        ),
        (
            "opportunity",
            "edit a deal of Sarah's (HCMC)",
            Box::new(
                move |_, _| json!({"type": "SetOpportunityFields", "id": sarahs_deal, "fields": {"title": "Edited"}}),
            ),
            [true, true, false, false],
        ),
        (
            "opportunity",
            "edit a deal of Khoa's (Hanoi)",
            Box::new(
                move |_, _| json!({"type": "SetOpportunityFields", "id": khoas_deal, "fields": {"priority": 3}}),
            ),
            [true, false, false, false],
        ),
        (
            "note",
            "log a note on Sarah's deal",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Note", "id": Uuid::now_v7(), "subject": {"kind": "opportunity", "id": sarahs_deal}, "text": "Called"}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "contact",
            "add a contact",
            Box::new(|_, _| {
                save(json!({"kind": "Contact", "id": Uuid::now_v7(), "name": "Phạm Đức"}))
            }),
            [true, true, true, false],
        ),
        (
            "tag",
            "add a tag",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Tag", "id": Uuid::now_v7(), "name": format!("Tag {}", Uuid::now_v7()), "colour": 1}),
                )
            }),
            [true, true, true, false],
        ),
        (
            "product",
            "add a product",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Product", "id": Uuid::now_v7(), "name": format!("P {}", Uuid::now_v7()), "price": {"minor": 100, "currency": "VND"}, "tax_percent": 10}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "lost_reason",
            "add a lost reason",
            Box::new(|_, _| {
                save(
                    json!({"kind": "LostReason", "id": Uuid::now_v7(), "name": format!("R {}", Uuid::now_v7()), "version": 0}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "campaign",
            "add a campaign",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Campaign", "id": Uuid::now_v7(), "name": format!("C {}", Uuid::now_v7())}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "source",
            "add a source",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Source", "id": Uuid::now_v7(), "name": format!("So {}", Uuid::now_v7())}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "activity_type",
            "add an activity type",
            Box::new(|_, _| {
                save(
                    json!({"kind": "ActivityType", "id": Uuid::now_v7(), "name": format!("T {}", Uuid::now_v7()), "delay": 2, "unit": "Days", "from": "Completion"}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "company",
            "add a company",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Company", "id": Uuid::now_v7(), "name": format!("Công ty {}", Uuid::now_v7())}),
                )
            }),
            [true, true, true, false],
        ),
        (
            "custom_field",
            "add a custom field to the deals",
            Box::new(|_, _| {
                let id = Uuid::now_v7();
                save(
                    json!({"kind": "CustomField", "id": id, "of": "opportunity", "key": format!("x_f{}", id.simple()), "labels": {"en": format!("F {id}")}, "ty": {"type": "Text"}}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "currency_settings",
            "set the organisation's currency and rates",
            Box::new(move |_, _| {
                save(json!({"kind": "CurrencySettings", "id": org, "currency": "VND", "rates": []}))
            }),
            [true, false, false, false],
        ),
        (
            "scoring_settings",
            "choose what predictions learn from",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "ScoringSettings", "id": Uuid::now_v7(), "fields": ["source_id"], "start": null}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "scoring_table",
            "write what predictions learnt (the server's alone)",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "ScoringTable", "id": Uuid::now_v7(), "table": {"teams": {}}, "won": 1000, "lost": 0, "settings_version": 0}),
                )
            }),
            [false, false, false, false],
        ),
        (
            "scoring_rule",
            "give leads from a source points",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "ScoringRule", "id": Uuid::now_v7(), "name": "Website", "points": 10, "filter": {"conditions": [{"field": "lead", "op": "is", "values": ["yes"]}]}}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "lead_qualification",
            "set the score at which leads go to sales",
            Box::new(move |_, _| {
                save(json!({"kind": "LeadQualification", "id": Uuid::now_v7(), "mql_at": 30}))
            }),
            [true, false, false, false],
        ),
        (
            "territory",
            "draw a territory",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Territory", "id": Uuid::now_v7(), "name": format!("T {}", Uuid::now_v7()), "provinces": ["VN-HN"]}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "stage",
            "add a stage every team shares",
            Box::new(|_, _| {
                save(
                    json!({"kind": "Stage", "id": Uuid::now_v7(), "name": format!("S {}", Uuid::now_v7()), "sequence": 99, "probability": 50, "is_won": false, "folded": false, "deleted": false, "version": 0}),
                )
            }),
            [true, false, false, false],
        ),
        (
            "stage",
            "add a stage of HCMC's own",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Stage", "id": Uuid::now_v7(), "name": format!("H {}", Uuid::now_v7()), "sequence": 98, "probability": 50, "is_won": false, "folded": false, "deleted": false, "version": 0, "team_id": p.hcmc}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "target",
            "set a target for Huy",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Target", "id": Uuid::now_v7(), "month": format!("2030-{:02}-01", 1 + NEXT_MONTH.fetch_add(1, std::sync::atomic::Ordering::Relaxed)), "salesperson_id": p.seller.user_id, "amount": {"minor": 1000, "currency": "VND"}}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "activity",
            "schedule a call on Sarah's deal",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Activity", "id": Uuid::now_v7(), "type_id": call_type, "subject": {"kind": "opportunity", "id": sarahs_deal}, "due": "2030-01-10"}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "quotation",
            "quote on Sarah's deal",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "Quotation", "id": Uuid::now_v7(), "opportunity_id": sarahs_deal, "customer_name": "Lan", "currency": "VND", "lines": [], "state": "Draft"}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "saved_view",
            "save a view of their own",
            Box::new(|who: &Identity, _| {
                save(
                    json!({"kind": "SavedView", "id": Uuid::now_v7(), "name": "Closing soon", "page": "board", "filter": {"conditions": [{"field": "expected_close", "op": "within", "values": ["next_30_days"]}]}, "owner_id": who.user_id}),
                )
            }),
            [true, true, true, true],
        ),
        (
            "saved_view",
            "share a view with everyone",
            Box::new(|who: &Identity, _| {
                save(
                    json!({"kind": "SavedView", "id": Uuid::now_v7(), "name": "Everyone's", "page": "list", "owner_id": who.user_id, "sharing": "everyone"}),
                )
            }),
            [true, true, false, false],
        ),
        (
            "saved_view",
            "save a view for someone else",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "SavedView", "id": Uuid::now_v7(), "name": "Sarah's", "page": "list", "owner_id": sarah}),
                )
            }),
            [false, false, false, false],
        ),
        (
            "view_defaults",
            "choose the views they open pages with",
            Box::new(|who: &Identity, _| {
                save(
                    json!({"kind": "ViewDefaults", "id": view_defaults::id_of(who.user_id), "owner_id": who.user_id, "pages": {}}),
                )
            }),
            [true, true, true, true],
        ),
        (
            "view_defaults",
            "choose Sarah's default views",
            Box::new(move |_, _| {
                save(
                    json!({"kind": "ViewDefaults", "id": view_defaults::id_of(sarah), "owner_id": sarah, "pages": {}}),
                )
            }),
            [false, false, false, false],
        ),
        (
            "team",
            "rename the HCMC team",
            Box::new(move |_, _| {
                let mut team = hcmc_team.clone();
                team["name"] = json!(format!("HCMC {}", Uuid::now_v7()));
                save(team)
            }),
            [true, true, false, false],
        ),
    ];
    // Every kind of record has its rows: a kind added without them fails here.
    for kind in Record::KINDS {
        assert!(
            cases.iter().any(|c| c.0 == *kind),
            "no access case writes a {kind}: add its rows to this matrix"
        );
    }
    let mut failures = Vec::new();
    for (_, name, build, allowed) in &cases {
        for (i, (role, who, team)) in roles.iter().enumerate() {
            let outcome = attempt(&db, who, build(who, *team)).await;
            if applied(&outcome) != allowed[i] {
                failures.push(format!("{role} / {name}: {outcome:?}"));
            }
            if let Outcome::Rejected { reason, .. } = &outcome
                && !allowed[i]
                && !matches!(
                    reason,
                    RuleError::NotAllowed
                        | RuleError::UnknownOpportunity(_)
                        | RuleError::UnknownRecord(_)
                        | RuleError::Missing { .. }
                )
            {
                failures.push(format!(
                    "{role} / {name}: refused for another reason: {reason:?}"
                ));
            }
        }
    }
    // Deleting: each person creates a deal of theirs (as the admin hands it), then deletes it.
    for (i, (role, who, team)) in roles.iter().enumerate() {
        let new = deal_json(&db, "To delete", *team, Some(who.user_id));
        let id: Uuid = serde_json::from_value(new["id"].clone()).unwrap();
        assert!(applied(&attempt(&db, &p.admin, new).await));
        let outcome = attempt(&db, who, json!({"type": "DeleteOpportunity", "id": id})).await;
        if applied(&outcome) != [true, true, true, false][i] {
            failures.push(format!("{role} / delete their deal: {outcome:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Refused means nothing written: Khoa's deal kept its priority.
    let priority: i16 = sqlx::query_scalar("SELECT priority FROM opportunities WHERE id = $1")
        .bind(khoas_deal)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(priority, 3, "only the admin's edit went through");
}

#[tokio::test]
async fn a_deal_leaving_sight_arrives_as_a_delete_and_entering_it_as_a_put() {
    let db = common::demo_db(40).await;
    let p = people(&db).await;
    // The admin gives Huy a deal, with an activity on it.
    let new = deal_json(&db, "Handed over", Some(p.hcmc), Some(p.seller.user_id));
    let deal: Uuid = serde_json::from_value(new["id"].clone()).unwrap();
    assert!(applied(&attempt(&db, &p.admin, new).await));
    let note = Uuid::now_v7();
    let logged = attempt(
        &db,
        &p.admin,
        json!({"type": "LogNote", "id": note, "opportunity_id": deal, "text": "Site visit"}),
    )
    .await;
    assert!(applied(&logged), "{logged:?}");
    let group = Uuid::now_v7();
    let pull = |cursor: i64, access: Option<String>| {
        let db = &db;
        let seller = p.seller;
        async move {
            app::db::pull(
                &db.pool,
                &seller,
                &PullRequest {
                    client_group_id: group,
                    cursor,
                    schema: 0,
                    org_id: None,
                    access,
                },
            )
            .await
            .unwrap()
        }
    };
    let first = pull(0, None).await;
    assert!(first.opportunities.iter().any(|o| o.id == deal));
    assert!(first.records.iter().any(|r| r.id() == note));
    let schema_pull = |r: &PullResponse| (r.cursor, Some(r.access.clone()));
    let (cursor, access) = schema_pull(&first);
    // Moved to Hanoi and to Khoa: out of Huy's sight, with its note.
    let moved = attempt(
        &db,
        &p.admin,
        json!({"type": "SetOpportunityFields", "id": deal, "fields": {"team_id": p.hanoi, "salesperson_id": p.other_seller.user_id}}),
    )
    .await;
    assert!(applied(&moved), "{moved:?}");
    let mut second = app::db::pull(
        &db.pool,
        &p.seller,
        &PullRequest {
            client_group_id: group,
            cursor,
            schema: first.schema,
            org_id: None,
            access: access.clone(),
        },
    )
    .await
    .unwrap();
    assert!(!second.reset);
    assert!(second.opportunities.iter().all(|o| o.id != deal));
    assert!(second.deleted_opportunities.contains(&deal), "{second:?}");
    assert!(second.deleted_records.contains(&note));
    // Back to Huy: it returns, with its note, though the note itself did not change.
    let back = attempt(
        &db,
        &p.admin,
        json!({"type": "SetOpportunityFields", "id": deal, "fields": {"team_id": p.hcmc, "salesperson_id": p.seller.user_id}}),
    )
    .await;
    assert!(applied(&back));
    let third = app::db::pull(
        &db.pool,
        &p.seller,
        &PullRequest {
            client_group_id: group,
            cursor: second.cursor,
            schema: first.schema,
            org_id: None,
            access: Some(std::mem::take(&mut second.access)),
        },
    )
    .await
    .unwrap();
    assert!(third.opportunities.iter().any(|o| o.id == deal));
    assert!(third.records.iter().any(|r| r.id() == note));
    // The team starts sharing its pipeline: Huy's sight changed, his cache is rebuilt.
    let mut team: Value = sqlx::query_scalar("SELECT data FROM records WHERE id = $1")
        .bind(p.hcmc)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    team["shared_pipeline"] = json!(true);
    team["type"] = json!("SaveTeam");
    team.as_object_mut().unwrap().remove("kind");
    let shared = attempt(&db, &p.manager, team).await;
    assert!(
        applied(&shared),
        "the manager shares their team's pipeline: {shared:?}"
    );
    let fourth = app::db::pull(
        &db.pool,
        &p.seller,
        &PullRequest {
            client_group_id: group,
            cursor: third.cursor,
            schema: first.schema,
            org_id: None,
            access: Some(third.access.clone()),
        },
    )
    .await
    .unwrap();
    assert!(fourth.reset, "a new sight starts the cache over");
    let scopes = deal_scopes(&db).await;
    let hcmc_deals = scopes.values().filter(|(t, _)| *t == Some(p.hcmc)).count();
    let seen = fourth
        .opportunities
        .iter()
        .filter(|o| o.team_id == Some(p.hcmc))
        .count();
    assert_eq!(seen, hcmc_deals, "Huy now reads every HCMC deal");
    // ...but still changes only his own.
    let sarahs = scopes
        .iter()
        .find(|(_, (_, person))| *person == Some(p.hcmc_people[2]))
        .map(|(id, _)| *id)
        .unwrap();
    let refused = attempt(
        &db,
        &p.seller,
        json!({"type": "SetOpportunityFields", "id": sarahs, "fields": {"title": "Mine?"}}),
    )
    .await;
    assert!(
        matches!(
            refused,
            Outcome::Rejected {
                reason: RuleError::NotAllowed,
                ..
            }
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_change_pulled_by_a_whole_floor_reaches_each_as_they_may_see_it() {
    // Browsers at one cursor pulling the same change share its reading (`db::pull`, the step
    // from their cursor to the org's number): each still receives only what its person may see,
    // whoever's pull read it first.
    let db = common::demo_db(40).await;
    let p = people(&db).await;
    let pull = |who: Identity, from: Option<PullResponse>| {
        let db = &db;
        async move {
            app::db::pull(
                &db.pool,
                &who,
                &PullRequest {
                    client_group_id: Uuid::now_v7(),
                    cursor: from.as_ref().map_or(0, |f| f.cursor),
                    schema: from.as_ref().map_or(0, |f| f.schema),
                    org_id: None,
                    access: from.map(|f| f.access),
                },
            )
            .await
            .unwrap()
        }
    };
    let (huy_then, khoa_then, admin_then) = (
        pull(p.seller, None).await,
        pull(p.other_seller, None).await,
        pull(p.admin, None).await,
    );
    assert_eq!(huy_then.cursor, admin_then.cursor);
    assert_eq!(khoa_then.cursor, admin_then.cursor);
    let huys = deal_json(&db, "Của Huy", Some(p.hcmc), Some(p.seller.user_id));
    let khoas = deal_json(&db, "Của Khoa", Some(p.hanoi), Some(p.other_seller.user_id));
    let ids: Vec<Uuid> = [&huys, &khoas]
        .iter()
        .map(|m| serde_json::from_value(m["id"].clone()).unwrap())
        .collect();
    assert!(applied(&attempt(&db, &p.admin, huys).await));
    assert!(applied(&attempt(&db, &p.admin, khoas).await));
    let has = |r: &PullResponse| -> Vec<bool> {
        ids.iter()
            .map(|id| r.opportunities.iter().any(|o| o.id == *id))
            .collect()
    };
    // Huy's pull reads the step first; the admin's and Khoa's take it from there, then all
    // three at once.
    for _ in 0..2 {
        let huy = pull(p.seller, Some(huy_then.clone())).await;
        let admin = pull(p.admin, Some(admin_then.clone())).await;
        let khoa = pull(p.other_seller, Some(khoa_then.clone())).await;
        assert_eq!(huy.cursor, admin.cursor);
        assert_eq!(has(&huy), [true, false]);
        assert_eq!(has(&admin), [true, true]);
        assert_eq!(has(&khoa), [false, true]);
        let (huy, admin, khoa) = tokio::join!(
            pull(p.seller, Some(huy_then.clone())),
            pull(p.admin, Some(admin_then.clone())),
            pull(p.other_seller, Some(khoa_then.clone()))
        );
        assert_eq!(
            [has(&huy), has(&admin), has(&khoa)],
            [[true, false], [true, true], [false, true]]
        );
    }
}

#[tokio::test]
async fn another_organisation_is_invisible_and_untouchable() {
    let db = common::demo_db(20).await;
    // A second organisation in the same database, with its own admin, stage and deal.
    let org2 = Uuid::now_v7();
    let admin2 = Uuid::now_v7();
    let stage2 = Uuid::now_v7();
    sqlx::query("INSERT INTO orgs (id, name) VALUES ($1, 'Bangkok Trading')")
        .bind(org2)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Somchai', 'somchai@bkk.example', 'admin')")
        .bind(admin2)
        .bind(org2)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO records (id, org_id, kind, data, version) VALUES ($1, $2, 'stage', $3, 1)")
        .bind(stage2)
        .bind(org2)
        .bind(json!({"kind": "Stage", "id": stage2, "name": "New", "sequence": 1, "probability": 10, "is_won": false, "folded": false, "version": 1, "deleted": false}))
        .execute(&db.pool)
        .await
        .unwrap();
    let them = Identity {
        org_id: org2,
        user_id: admin2,
    };
    let mut stage = db.stages[0].clone();
    stage.id = stage2;
    let theirs = serde_json::to_value(common::create(&stage, "Bangkok deal", "V")).unwrap();
    let their_deal: Uuid = serde_json::from_value(theirs["id"].clone()).unwrap();
    let created = attempt(&db, &them, theirs).await;
    assert!(applied(&created), "{created:?}");

    let ours = pull_all(&db, &db.who).await;
    assert!(ours.opportunities.iter().all(|o| o.id != their_deal));
    assert!(ours.records.iter().all(|r| r.id() != stage2));
    assert!(ours.users.iter().all(|u| u.id != admin2));
    let their_pull = pull_all(&db, &them).await;
    assert_eq!(their_pull.opportunities.len(), 1);
    let theirs: Vec<Uuid> = their_pull.records.iter().map(|r| r.id()).collect();
    assert_eq!(
        theirs,
        vec![stage2],
        "their own stage and nothing of the demo org"
    );
    assert_eq!(their_pull.users.len(), 1);

    // Our admin cannot change, delete or take the id of their deal, nor read its timeline.
    for mutation in [
        json!({"type": "SetOpportunityFields", "id": their_deal, "fields": {"title": "Ours now"}}),
        json!({"type": "DeleteOpportunity", "id": their_deal}),
        json!({"type": "LogNote", "id": Uuid::now_v7(), "opportunity_id": their_deal, "text": "x"}),
    ] {
        let outcome = attempt(&db, &db.who, mutation).await;
        assert!(!applied(&outcome), "{outcome:?}");
    }
    let mut same_id = serde_json::to_value(common::create(&db.stages[0], "Clash", "V")).unwrap();
    same_id["id"] = json!(their_deal);
    assert!(matches!(
        attempt(&db, &db.who, same_id).await,
        Outcome::Rejected {
            reason: RuleError::AlreadyExists(_),
            ..
        }
    ));
    let title: String = sqlx::query_scalar("SELECT title FROM opportunities WHERE id = $1")
        .bind(their_deal)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(title, "Bangkok deal");
    let lines = app::db::history::of_records(&db.pool, &db.who, &[their_deal])
        .await
        .unwrap();
    assert!(lines.is_empty(), "no timeline of another org's record");
}

/// A saved view reaches its maker and those it is shared with, whatever their role: the admin
/// never receives a salesperson's private view. One made private later leaves the others'
/// browsers at their next pull.
#[tokio::test]
async fn saved_views_reach_only_their_maker_and_those_they_are_shared_with() {
    let db = common::demo_db(20).await;
    let p = people(&db).await;
    let view = |name: &str, owner: Uuid, sharing: &str, team: Option<Uuid>| json!({"kind": "SavedView", "id": Uuid::now_v7(), "name": name, "page": "board", "owner_id": owner, "sharing": sharing, "team_id": team, "filter": {"conditions": [{"field": "salesperson_id", "op": "one_of", "values": ["me"]}]}});
    let private = view("Huy's own", p.seller.user_id, "private", None);
    let team = view("HCMC this month", p.seller.user_id, "team", Some(p.hcmc));
    let everyone = view("Everyone's", p.manager.user_id, "everyone", None);
    for (who, v) in [
        (&p.seller, &private),
        (&p.seller, &team),
        (&p.manager, &everyone),
    ] {
        let outcome = attempt(&db, who, save(v.clone())).await;
        assert!(applied(&outcome), "{outcome:?}");
    }
    let names = |r: &PullResponse| {
        let mut names: Vec<String> = r
            .records
            .iter()
            .filter_map(|r| match r {
                Record::SavedView(v) => Some(v.name.clone()),
                _ => None,
            })
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&pull_all(&db, &p.seller).await),
        ["Everyone's", "HCMC this month", "Huy's own"]
    );
    assert_eq!(
        names(&pull_all(&db, &p.manager).await),
        ["Everyone's", "HCMC this month"]
    );
    for who in [&p.admin, &p.other_seller, &p.reader] {
        assert_eq!(names(&pull_all(&db, who).await), ["Everyone's"]);
    }
    // David (who leads HCMC) holds the team view; Huy makes it private: it leaves David's copy.
    let mut david = PullRequest {
        client_group_id: Uuid::now_v7(),
        cursor: 0,
        schema: 0,
        org_id: None,
        access: None,
    };
    let first = app::db::pull(&db.pool, &p.manager, &david).await.unwrap();
    (david.cursor, david.schema, david.access) = (first.cursor, first.schema, Some(first.access));
    let mut narrowed = team.clone();
    narrowed["sharing"] = json!("private");
    narrowed["version"] = json!(0);
    let outcome = attempt(&db, &p.seller, save(narrowed)).await;
    assert!(applied(&outcome), "{outcome:?}");
    let next = app::db::pull(&db.pool, &p.manager, &david).await.unwrap();
    let id: Uuid = serde_json::from_value(team["id"].clone()).unwrap();
    assert!(
        next.deleted_records.contains(&id),
        "{:?}",
        next.deleted_records
    );
    assert!(names(&next).is_empty());
    // A person's default views follow them to every device, and reach nobody else, the admin
    // included.
    let defaults = json!({"kind": "ViewDefaults", "id": view_defaults::id_of(p.seller.user_id), "owner_id": p.seller.user_id, "pages": {"board": everyone["id"]}});
    let outcome = attempt(&db, &p.seller, save(defaults)).await;
    assert!(applied(&outcome), "{outcome:?}");
    let holds_defaults = |r: &PullResponse| {
        r.records
            .iter()
            .any(|r| matches!(r, Record::ViewDefaults(d) if d.owner_id == p.seller.user_id))
    };
    assert!(holds_defaults(&pull_all(&db, &p.seller).await));
    for who in [&p.admin, &p.manager, &p.other_seller, &p.reader] {
        assert!(!holds_defaults(&pull_all(&db, who).await));
    }
    // A filter naming no field of the deals is refused, in the reader's words.
    let mut broken = view("Broken", p.seller.user_id, "private", None);
    broken["filter"] = json!({"conditions": [{"field": "x_nowhere", "op": "is_set"}]});
    match attempt(&db, &p.seller, save(broken)).await {
        Outcome::Rejected { reason, .. } => assert_eq!(
            reason,
            RuleError::FilterField("opportunity.x_nowhere".into())
        ),
        other => panic!("{other:?}"),
    }
}
