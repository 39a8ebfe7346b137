//! The dashboard's figures: the browser computes them from its cache, the server's report
//! endpoint from Postgres. Both must say the same, and closing a deal records its day.

mod common;

use app::domain::Mutation;
use app::domain::report::{Dashboard, Filter, Period, dashboard};
use app::sync::protocol::Outcome;
use app::sync::view::Snapshot;
use chrono::{Days, NaiveDate};
use common::{Client, TestDb, create, demo_db, test_db};

/// What a browser holds after its first sync: the pull, applied by the client's own code.
async fn browser_copy(db: &TestDb) -> Snapshot {
    let mut client = Client::new();
    let mut view = Snapshot::default();
    view.apply_pull(&client.pull(db).await);
    view
}

async fn server_figures(db: &TestDb, filter: &Filter, today: NaiveDate) -> Dashboard {
    app::db::report::dashboard_of(&db.pool, &db.who, filter, today)
        .await
        .expect("report")
}

#[tokio::test]
async fn the_browser_and_the_server_agree_on_the_demo_data() {
    let db = demo_db(400).await;
    let view = browser_copy(&db).await;
    let today = chrono::Local::now().date_naive();
    let mut filters = vec![Filter::default()];
    for period in Period::ALL {
        filters.push(Filter {
            period,
            ..Filter::default()
        });
    }
    for team in &view.teams {
        filters.push(Filter {
            team_id: Some(team.id),
            ..Filter::default()
        });
    }
    for user in &view.users {
        filters.push(Filter {
            salesperson_id: Some(user.id),
            period: Period::ThisYear,
            ..Filter::default()
        });
    }
    for filter in &filters {
        let browser = dashboard(&view, filter, today);
        let server = server_figures(&db, filter, today).await;
        assert_eq!(browser, server, "{filter:?}");
    }
    // Not an empty agreement: the demo has a pipeline, wins, losses, targets, campaigns.
    let all = dashboard(
        &view,
        &Filter {
            period: Period::Last12Months,
            ..Filter::default()
        },
        today,
    );
    assert!(all.open.count > 100 && all.open.value > 0, "{:?}", all.open);
    assert!(all.won.count > 0 && all.lost.count > 0);
    assert!(all.target_this_month.is_some());
    assert!(all.campaigns.len() > 1 && all.sources.len() > 1);
    assert!(all.forecast.iter().any(|c| c.weighted > 0));
    assert!(all.overdue_activities > 0);
    assert!(all.unconverted.is_empty(), "the demo's dollars have a rate");
}

#[tokio::test]
async fn a_deal_closed_offline_keeps_the_day_it_was_closed() {
    let db = test_db().await;
    let mut c = Client::new();
    let today = chrono::Utc::now().date_naive();
    let yesterday = today - Days::new(1);
    let m = create(&db.stages[0], "Máy chủ", "V");
    let id = m.record_id();
    let mut created = c.queue(&m);
    created.on = Some(today - Days::new(3));
    let won = Mutation::MarkWon {
        id,
        position: "V".into(),
    };
    let mut closed = c.queue(&won);
    closed.on = Some(yesterday);
    let results = c.push(&db, vec![created, closed]).await.results;
    assert!(
        results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Applied { .. }))
    );
    let deal = browser_copy(&db).await.opportunities[&id].clone();
    assert_eq!(deal.created_on, Some(today - Days::new(3)));
    assert_eq!(deal.closed_on, Some(yesterday));

    // A clock years off is not believed: the server's day is used.
    let reopened = Mutation::MoveOpportunity {
        id,
        stage_id: db.stages[1].id,
        position: "V".into(),
        base_version: 0,
    };
    let lost = Mutation::MarkLost {
        id,
        reason_id: None,
        note: String::new(),
    };
    let first = c.queue(&reopened);
    let mut second = c.queue(&lost);
    second.on = NaiveDate::from_ymd_opt(2099, 1, 1);
    c.push(&db, vec![first, second]).await;
    let deal = browser_copy(&db).await.opportunities[&id].clone();
    assert!(deal.lost);
    let closed_on = deal.closed_on.expect("closed");
    assert!(closed_on >= today && closed_on <= chrono::Utc::now().date_naive());
}

/// The demo's pipeline goes through the same rules as everyone's records, and each of its
/// records has a timeline: the fields it was made with. Its past (deals closed years ago, and
/// what belongs to them) is written as an import is, without one.
#[tokio::test]
async fn every_demo_record_has_its_timeline() {
    let db = common::demo_db(40).await;
    let without: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM ( \
             SELECT id FROM records WHERE updated_at > now() - interval '1 day' \
             UNION ALL SELECT id FROM opportunities WHERE closed_on IS NULL \
                 OR closed_on > now() - interval '1 year') r \
         WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.record_id = r.id)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(without, 0, "records without a timeline");
    let past: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM opportunities WHERE closed_on < now() - interval '1 year'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(past, 10, "a quarter as many deals of the past");
}
