//! What a browser keeps (`domain::keep`), through the data layer the server functions call: a
//! first pull leaves out a deal closed two years ago with everything that only it holds, a
//! fetch brings them back when a person opens it, and later pulls still send its changes.

mod common;

use app::domain::{Activity, Company, Contact, Mutation, Note, Record, Subject};
use chrono::{Days, Utc};
use common::{Client, TestDb, create, test_db};
use uuid::Uuid;

struct World {
    old_deal: Uuid,
    old_activity: Uuid,
    old_note: Uuid,
    old_person: Uuid,
    old_company: Uuid,
    open_deal: Uuid,
    open_activity: Uuid,
    /// A person no deal names, changed this week.
    new_person: Uuid,
}

async fn activity_type(db: &TestDb) -> Uuid {
    sqlx::query_scalar("SELECT id FROM records WHERE org_id = $1 AND kind = 'activity_type'")
        .bind(db.who.org_id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn activity(type_id: Uuid, deal: Uuid, summary: &str) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        type_id,
        subject: Subject::deal(deal),
        summary: summary.into(),
        note: String::new(),
        due: Utc::now().date_naive(),
        user_id: None,
        done: false,
        done_on: None,
        feedback: String::new(),
        version: 0,
        deleted: false,
    }
}

/// A company and a person at it, a deal naming both with an activity and a note, lost and then
/// (by hand, in the database) closed and last touched two years ago; an open deal with its own
/// activity; a person changed today whom no deal names.
async fn world(db: &TestDb, c: &mut Client) -> World {
    let type_id = activity_type(db).await;
    let company = Company {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Công ty TNHH Cơ khí Sông Hồng".into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let person = |name: &str, company_id| Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: name.into(),
        company_id,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let old_person = person("Trần Văn Bình", Some(company.id));
    let new_person = person("Lê Thị Hoa", None);
    let mut old = create(&db.stages[1], "Máy phát điện 2024", "V");
    if let Mutation::CreateOpportunity(n) = &mut old {
        n.contact_id = Some(old_person.id);
        n.company_id = Some(company.id);
    }
    let open = create(&db.stages[0], "Hệ thống camera", "W");
    let (old_id, open_id) = (old.opportunity_id(), open.opportunity_id());
    let old_activity = activity(type_id, old_id, "Gọi lại / Call back");
    let open_activity = activity(type_id, open_id, "Gửi báo giá / Send the quote");
    let note = Note {
        id: Uuid::now_v7(),
        subject: Subject::deal(old_id),
        text: "Khách chọn nhà cung cấp khác".into(),
        version: 0,
        deleted: false,
    };
    let reason: Uuid = sqlx::query_scalar(
        "SELECT id FROM records WHERE org_id = $1 AND kind = 'lost_reason' LIMIT 1",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let steps = vec![
        Mutation::save(company.clone()),
        Mutation::save(old_person.clone()),
        Mutation::save(new_person.clone()),
        old,
        open,
        Mutation::save(old_activity.clone()),
        Mutation::save(open_activity.clone()),
        Mutation::save(note.clone()),
        Mutation::MarkLost {
            id: old_id,
            reason_id: Some(reason),
            note: String::new(),
        },
    ];
    let queued = steps.iter().map(|m| c.queue(m)).collect();
    let pushed = c.push(db, queued).await;
    assert!(
        pushed
            .results
            .iter()
            .all(|r| matches!(r.outcome, app::sync::protocol::Outcome::Applied { .. })),
        "{pushed:?}"
    );
    let two_years_ago = Utc::now().date_naive() - Days::new(730);
    sqlx::query("UPDATE opportunities SET closed_on = $2, updated_at = $2 WHERE id = $1")
        .bind(old_id)
        .bind(two_years_ago)
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE records SET updated_at = $2 WHERE id = ANY($1)")
        .bind(vec![company.id, old_person.id, old_activity.id, note.id])
        .bind(two_years_ago)
        .execute(&db.pool)
        .await
        .unwrap();
    World {
        old_deal: old_id,
        old_activity: old_activity.id,
        old_note: note.id,
        old_person: old_person.id,
        old_company: company.id,
        open_deal: open_id,
        open_activity: open_activity.id,
        new_person: new_person.id,
    }
}

fn ids(deals: &[app::domain::Opportunity], records: &[Record]) -> Vec<Uuid> {
    deals
        .iter()
        .map(|o| o.id)
        .chain(records.iter().map(Record::id))
        .collect()
}

#[tokio::test]
async fn a_first_pull_leaves_out_an_old_closed_deal_and_what_only_it_holds() {
    let db = test_db().await;
    let w = world(&db, &mut Client::new()).await;
    let first = Client::new().pull(&db).await;
    let held = ids(&first.opportunities, &first.records);
    for kept in [w.open_deal, w.open_activity, w.new_person] {
        assert!(held.contains(&kept), "{kept} is kept");
    }
    for left in [
        w.old_deal,
        w.old_activity,
        w.old_note,
        w.old_person,
        w.old_company,
    ] {
        assert!(!held.contains(&left), "{left} stays on the server");
    }
    // The set-up is all there: the stages, the activity types, the lost reasons.
    assert!(first.records.iter().any(|r| r.kind() == "stage"));
    assert!(first.records.iter().any(|r| r.kind() == "activity_type"));
}

#[tokio::test]
async fn opening_an_old_deal_fetches_it_with_what_belongs_to_it_and_what_it_names() {
    let db = test_db().await;
    let w = world(&db, &mut Client::new()).await;
    let fetched = app::db::keep::fetch(&db.pool, &db.who, &[w.old_deal])
        .await
        .expect("fetch");
    let got = ids(&fetched.opportunities, &fetched.records);
    for id in [
        w.old_deal,
        w.old_activity,
        w.old_note,
        w.old_person,
        w.old_company,
    ] {
        assert!(got.contains(&id), "{id} fetched");
    }
    assert!(!got.contains(&w.open_deal), "only what was asked for");
    // An activity asked for by itself comes with the deal it is about.
    let by_activity = app::db::keep::fetch(&db.pool, &db.who, &[w.old_activity])
        .await
        .expect("fetch");
    assert!(ids(&by_activity.opportunities, &by_activity.records).contains(&w.old_deal));
    // An id nobody has, or too many at once.
    let none = app::db::keep::fetch(&db.pool, &db.who, &[Uuid::now_v7()])
        .await
        .expect("fetch");
    assert!(none.opportunities.is_empty() && none.records.is_empty());
    let many: Vec<Uuid> = (0..=app::db::keep::MAX_FETCH)
        .map(|_| Uuid::now_v7())
        .collect();
    assert!(matches!(
        app::db::keep::fetch(&db.pool, &db.who, &many).await,
        Err(app::db::DbError::TooLarge(_))
    ));
}

#[tokio::test]
async fn a_change_to_an_old_deal_still_reaches_a_browser_that_does_not_keep_it() {
    let db = test_db().await;
    let mut author = Client::new();
    let w = world(&db, &mut author).await;
    let mut reader = Client::new();
    reader.pull(&db).await;
    let reopen = author.queue(&Mutation::ReopenLost { id: w.old_deal });
    author.push(&db, vec![reopen]).await;
    let next = reader.pull(&db).await;
    let deal = next
        .opportunities
        .iter()
        .find(|o| o.id == w.old_deal)
        .expect("the reopened deal is sent");
    assert!(!deal.lost && deal.closed_on.is_none());
}

#[tokio::test]
async fn old_deals_are_searched_on_the_server_by_every_word_and_wildcards_are_plain_text() {
    let db = test_db().await;
    let w = world(&db, &mut Client::new()).await;
    let today = Utc::now().date_naive();
    let search = |text: &'static str| {
        let db = &db;
        async move {
            app::db::keep::search_past(&db.pool, &db.who, text, today)
                .await
                .expect("search")
        }
    };
    let found = search("máy PHÁT 2024").await;
    assert_eq!(
        found.opportunities.iter().map(|o| o.id).collect::<Vec<_>>(),
        vec![w.old_deal]
    );
    assert!(
        found.records.iter().any(|r| r.id() == w.old_activity),
        "with what belongs to it"
    );
    // Open deals are in the browser already; a word no old deal has finds nothing; `%` and `_`
    // are letters, not wildcards.
    assert!(search("camera").await.opportunities.is_empty());
    assert!(search("máy 2025").await.opportunities.is_empty());
    assert!(search("%").await.opportunities.is_empty());
    assert!(search("m_y").await.opportunities.is_empty());
    assert!(matches!(
        app::db::keep::search_past(&db.pool, &db.who, "   ", today).await,
        Err(e) if e.status() == axum::http::StatusCode::BAD_REQUEST
    ));
}
