//! Predictive probability against a real PostgreSQL: learning the demo's history in full, the
//! browser predicting as the server does, a deal closed counting at once, two server
//! processes never learning an organisation at the same time, and who may change what.

mod common;

use app::db::scoring::{learn, learn_due, learn_now};
use app::domain::scoring::{self, ScoringSettings, ScoringTable, hundredths, whole_percent};
use app::domain::{Mutation, Opportunity, Record, RuleError};
use app::sync::protocol::{Outcome, PushRequest};
use app::sync::view::Snapshot;
use chrono::NaiveDate;
use common::{Client, TestDb, demo_db, push};
use uuid::Uuid;

fn settings(fields: &[&str]) -> ScoringSettings {
    ScoringSettings {
        id: Uuid::now_v7(),
        fields: fields.iter().map(|f| f.to_string()).collect(),
        start: NaiveDate::from_ymd_opt(2000, 1, 1),
        version: 0,
        deleted: false,
    }
}

/// The admin turns prediction on, learning from the source and the tags.
async fn turn_on(db: &TestDb, client: &mut Client) {
    let outcome = push(
        db,
        client,
        vec![Mutation::save(settings(&["source_id", "tag_ids"]))],
    )
    .await;
    assert!(matches!(outcome[0], Outcome::Applied { .. }), "{outcome:?}");
}

async fn browser(db: &TestDb) -> Snapshot {
    let mut client = Client::new();
    let mut view = Snapshot::default();
    view.apply_pull(&client.pull(db).await);
    view
}

/// What was learnt, as a new browser pulls it.
async fn learnt_now(db: &TestDb) -> ScoringTable {
    let view = browser(db).await;
    scoring::table(&view).cloned().expect("learnt")
}

fn open(view: &Snapshot) -> Vec<&Opportunity> {
    view.opportunities
        .values()
        .filter(|d| !d.lost && d.closed_on.is_none())
        .collect()
}

#[tokio::test]
async fn learning_the_history_predicts_every_open_deal_as_the_browser_does() {
    let db = demo_db(400).await;
    let mut admin = Client::new();
    turn_on(&db, &mut admin).await;
    let learnt = learn_now(&db.pool, &db.who).await.expect("learn");
    assert!(learnt.won > 10 && learnt.lost > 5, "{learnt:?}");
    assert!(learnt.predicted > 50, "{learnt:?}");

    // The browser's copy holds what was learnt, and predicts each deal as the server wrote it.
    let view = browser(&db).await;
    let table = scoring::table(&view).expect("what was learnt reaches the browser");
    assert_eq!((table.won, table.lost), (learnt.won, learnt.lost));
    let mut predicted = 0;
    for deal in open(&view) {
        let here = scoring::score_in(&view, deal).map(|s| hundredths(s.percent));
        assert_eq!(here, deal.predicted, "{}", deal.title);
        if let Some(p) = deal.predicted {
            predicted += 1;
            assert_eq!(deal.probability, whole_percent(p), "{}", deal.title);
        }
    }
    assert_eq!(
        predicted, learnt.predicted,
        "every open deal the server predicted"
    );
    // Different stages, different odds: not one figure for all.
    let mut figures: Vec<u16> = open(&view).iter().filter_map(|d| d.predicted).collect();
    figures.sort();
    figures.dedup();
    assert!(figures.len() > 3, "{figures:?}");

    // The forecast weighs each deal by its prediction, alike in the browser and on the server.
    let today = chrono::Local::now().date_naive();
    let filter = app::domain::report::Filter::default();
    let here = app::domain::report::dashboard(&view, &filter, today);
    let there = app::db::report::dashboard_of(&db.pool, &db.who, &filter, today)
        .await
        .expect("report");
    assert_eq!(here, there);
    let weighted: i128 = open(&view)
        .iter()
        .filter(|d| !d.lead)
        .map(|d| i128::from(d.expected_revenue.minor) * i128::from(d.chance()))
        .sum();
    assert!(here.weighted > 0 && weighted > 0);

    // A card moved in the browser is predicted there as the server then writes it.
    let mut view = view;
    let deal = open(&view)
        .into_iter()
        .find(|d| d.team_id.is_some() && d.predicted.is_some())
        .cloned()
        .expect("an open deal of a team");
    let stage = view
        .stages
        .iter()
        .filter(|s| !s.is_won && !s.deleted && s.id != deal.stage_id)
        .find(|s| s.team_id.is_none_or(|t| Some(t) == deal.team_id))
        .cloned()
        .expect("another stage");
    let moved = Mutation::MoveOpportunity {
        id: deal.id,
        stage_id: stage.id,
        position: view.end_of_column(stage.id, deal.id),
        base_version: deal.version,
    };
    view.apply_local(&moved, today)
        .expect("the browser moves it");
    let in_browser = view.opportunities[&deal.id].clone();
    assert_ne!(
        in_browser.predicted, deal.predicted,
        "a stage of other odds"
    );
    let outcome = push(&db, &mut admin, vec![moved]).await;
    assert!(matches!(outcome[0], Outcome::Applied { .. }));
    let on_server = browser(&db).await.opportunities[&deal.id].clone();
    assert_eq!(
        (on_server.predicted, on_server.probability),
        (in_browser.predicted, in_browser.probability)
    );
}

#[tokio::test]
async fn a_deal_lost_counts_at_once_and_back_in_play_is_taken_back() {
    let db = demo_db(200).await;
    let mut admin = Client::new();
    turn_on(&db, &mut admin).await;
    learn_now(&db.pool, &db.who).await.expect("learn");
    let view = browser(&db).await;
    let before = scoring::table(&view).cloned().expect("learnt");
    let deal = open(&view)
        .into_iter()
        .find(|d| d.created_on.is_some())
        .cloned()
        .expect("an open deal");
    let team = deal.team_id.unwrap_or_default();
    let stage = deal.stage_id.to_string();
    let lost_in = |t: &ScoringTable| t.table.teams[&team][scoring::STAGE][&stage].lost;
    let outcome = push(
        &db,
        &mut admin,
        vec![Mutation::MarkLost {
            id: deal.id,
            reason_id: None,
            note: String::new(),
        }],
    )
    .await;
    assert!(matches!(outcome[0], Outcome::Applied { .. }));
    let after = learnt_now(&db).await;
    assert!(
        after.version > before.version,
        "the browsers pull the count"
    );
    assert!((lost_in(&after) - lost_in(&before) - 1.0).abs() < 1e-9);
    push(&db, &mut admin, vec![Mutation::ReopenLost { id: deal.id }]).await;
    let reopened = learnt_now(&db).await;
    assert!((lost_in(&reopened) - lost_in(&before)).abs() < 1e-9);
    // Counted as they close, the figures are those a full learning gives.
    learn_now(&db.pool, &db.who).await.expect("learn");
    let relearnt = learnt_now(&db).await;
    assert_eq!(relearnt.table, reopened.table);
}

#[tokio::test]
async fn a_second_process_skips_an_organisation_the_first_holds_and_learns_once_due() {
    let db = demo_db(100).await;
    let mut admin = Client::new();
    turn_on(&db, &mut admin).await;
    // Another process (or a push) holds the organisation: this one skips it, at once.
    let mut other = db.pool.begin().await.expect("tx");
    sqlx::query("SELECT id FROM orgs WHERE id = $1 FOR UPDATE")
        .bind(db.who.org_id)
        .execute(&mut *other)
        .await
        .expect("lock");
    assert_eq!(
        learn(&db.pool, db.who.org_id, false).await.expect("skip"),
        None
    );
    assert_eq!(learn_due(&db.pool).await.expect("skip"), 0);
    other.rollback().await.expect("release");
    // Due (never learnt): learnt once, then not again until the settings change.
    assert_eq!(learn_due(&db.pool).await.expect("learn"), 1);
    assert_eq!(learn_due(&db.pool).await.expect("nothing due"), 0);
    let view = browser(&db).await;
    let mut changed = view.scoring_settings[0].clone();
    changed.fields = vec!["source_id".into()];
    push(&db, &mut admin, vec![Mutation::save(changed)]).await;
    assert_eq!(learn_due(&db.pool).await.expect("learn"), 1);
    // Two processes at once: each learns or skips, and what was learnt is one table.
    let (a, b) = tokio::join!(
        learn(&db.pool, db.who.org_id, false),
        learn(&db.pool, db.who.org_id, false)
    );
    assert!(a.expect("a").is_some() || b.expect("b").is_some());
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM records WHERE org_id = $1 AND kind = 'scoring_table'",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(tables, 1);

    // Turned off: the deals lose their predictions (and keep their probabilities).
    let predicted = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM opportunities WHERE org_id = $1 AND predicted IS NOT NULL",
        )
        .bind(db.who.org_id)
        .fetch_one(&db.pool)
        .await
        .expect("count")
    };
    assert!(predicted().await > 0);
    let mut off = browser(&db).await.scoring_settings[0].clone();
    off.start = None;
    push(&db, &mut admin, vec![Mutation::save(off)]).await;
    learn_due(&db.pool).await.expect("forget");
    assert_eq!(predicted().await, 0);
    let view = browser(&db).await;
    assert!(open(&view).iter().all(|d| d.predicted.is_none()));
}

#[tokio::test]
async fn only_the_server_writes_what_was_learnt_and_only_the_admin_asks_to_learn() {
    let db = demo_db(100).await;
    let mut admin = Client::new();
    turn_on(&db, &mut admin).await;
    learn_now(&db.pool, &db.who).await.expect("learn");
    let view = browser(&db).await;
    let mut forged = scoring::table(&view).cloned().expect("learnt");
    forged.won = 1_000_000;
    let outcome = push(&db, &mut admin, vec![Mutation::save(forged.clone())]).await;
    assert!(
        matches!(&outcome[0], Outcome::Rejected { reason, .. } if *reason == RuleError::NotAllowed),
        "not even the admin: {outcome:?}"
    );
    let seller = common::identity_of(&db, "huy@demo.rapport").await;
    assert!(matches!(
        learn_now(&db.pool, &seller).await,
        Err(app::db::DbError::Forbidden(_))
    ));
    let client = Client::new();
    let answer = app::db::push(
        &db.pool,
        &seller,
        &PushRequest {
            client_group_id: client.group,
            mutations: vec![{
                let mut c = client;
                c.queue(&Mutation::save(settings(&[])))
            }],
        },
    )
    .await
    .expect("push");
    assert!(matches!(
        &answer.results[0].outcome,
        Outcome::Rejected { reason, .. } if *reason == RuleError::NotAllowed
    ));
    let table: Record = sqlx::query_scalar::<_, sqlx::types::Json<Record>>(
        "SELECT data FROM records WHERE org_id = $1 AND kind = 'scoring_table'",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .expect("table")
    .0;
    assert!(matches!(table, Record::ScoringTable(t) if t.won < 1_000_000));
}
