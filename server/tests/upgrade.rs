//! A database written by an older Rapport, upgraded by the migrations: what it held is still
//! there and reads as today's records (stages and lost reasons move into `records`; activities
//! and notes name a subject instead of a deal or a contact).

mod common;

use app::db::Identity;
use app::domain::{Record, Subject};
use app::sync::protocol::PullRequest;
use serde_json::json;
use uuid::Uuid;

/// The migrations up to (not including) `version`, run from a copy of their folder.
async fn migrate_before(pool: &sqlx::PgPool, version: u32) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let to = std::env::temp_dir().join(format!("rapport-migrations-{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let number: u32 = name[..4].parse().unwrap();
        if number < version {
            std::fs::copy(&path, to.join(&name)).unwrap();
        }
    }
    sqlx::migrate::Migrator::new(to.as_path())
        .await
        .unwrap()
        .run(pool)
        .await
        .unwrap();
    std::fs::remove_dir_all(to).unwrap();
}

#[tokio::test]
async fn an_older_database_keeps_its_stages_reasons_activities_and_notes() {
    let (pool, _) = common::empty_db().await;
    migrate_before(&pool, 7).await;
    let (org, user) = (Uuid::now_v7(), Uuid::now_v7());
    sqlx::query("INSERT INTO orgs (id, name, seq) VALUES ($1, 'Sao Mai', 10)")
        .bind(org)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Lan', 'lan@saomai.vn', 'admin')")
        .bind(user)
        .bind(org)
        .execute(&pool)
        .await
        .unwrap();
    let (stage, reason, gone_reason) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    sqlx::query("INSERT INTO stages (id, org_id, name, sequence, is_won, probability, version) VALUES ($1, $2, 'Khảo sát', 2, false, 40, 3)")
        .bind(stage)
        .bind(org)
        .execute(&pool)
        .await
        .unwrap();
    for (id, name, deleted) in [(reason, "Giá cao", false), (gone_reason, "Hết hàng", true)] {
        sqlx::query("INSERT INTO lost_reasons (id, org_id, name, version, deleted) VALUES ($1, $2, $3, 4, $4)")
            .bind(id)
            .bind(org)
            .bind(name)
            .bind(deleted)
            .execute(&pool)
            .await
            .unwrap();
    }
    let (deal, contact, call, note, type_id) = (
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
        Uuid::now_v7(),
    );
    // The deal and the person they are about, open and recent: a first pull keeps what belongs
    // to them (found through `parent_id`, which the upgrade fills in from the documents).
    sqlx::query(
        "INSERT INTO opportunities (id, org_id, title, expected_revenue, currency, probability, \
             stage_id, position, version) VALUES ($1, $2, 'Máy lạnh', 1000, 'VND', 40, $3, 'V', 7)",
    )
    .bind(deal)
    .bind(org)
    .bind(stage)
    .execute(&pool)
    .await
    .unwrap();
    let old = [
        (
            contact,
            "contact",
            json!({"kind": "Contact", "id": contact, "name": "Trần Văn Minh", "version": 4}),
        ),
        (
            call,
            "activity",
            json!({"kind": "Activity", "id": call, "type_id": type_id, "opportunity_id": deal, "summary": "Gọi lại", "due": "2026-12-04", "version": 5}),
        ),
        (
            note,
            "note",
            json!({"kind": "Note", "id": note, "contact_id": contact, "text": "Hẹn gặp thứ Hai", "version": 6}),
        ),
    ];
    for (id, kind, data) in old {
        sqlx::query(
            "INSERT INTO records (id, org_id, kind, data, version) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(org)
        .bind(kind)
        .bind(data)
        .bind(5i64)
        .execute(&pool)
        .await
        .unwrap();
    }

    server::MIGRATOR.run(&pool).await.expect("the upgrade");

    let pull = app::db::pull(
        &pool,
        &Identity {
            org_id: org,
            user_id: user,
        },
        &PullRequest {
            client_group_id: Uuid::now_v7(),
            cursor: 0,
            schema: 0,
            org_id: None,
            access: None,
        },
    )
    .await
    .expect("an upgraded database is read");
    let find = |id: Uuid| pull.records.iter().find(|r| r.id() == id).cloned();
    match find(stage) {
        Some(Record::Stage(s)) => assert_eq!(
            (s.name.as_str(), s.probability, s.version),
            ("Khảo sát", 40, 3)
        ),
        other => panic!("the stage: {other:?}"),
    }
    assert!(matches!(find(reason), Some(Record::LostReason(r)) if !r.deleted));
    // A deal lost for a reason since deleted still names it: its tombstone comes along.
    assert!(matches!(find(gone_reason), Some(Record::LostReason(r)) if r.deleted));
    match find(call) {
        Some(Record::Activity(a)) => assert_eq!(
            (a.subject, a.summary.as_str()),
            (Subject::deal(deal), "Gọi lại")
        ),
        other => panic!("the activity: {other:?}"),
    }
    match find(note) {
        Some(Record::Note(n)) => assert_eq!(n.subject, Subject::contact(contact)),
        other => panic!("the note: {other:?}"),
    }
    let parents: Vec<(Uuid, Option<Uuid>)> =
        sqlx::query_as("SELECT id, parent_id FROM records WHERE id = ANY($1) ORDER BY id")
            .bind(vec![call, note])
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(parents, vec![(call, Some(deal)), (note, Some(contact))]);
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('stages', 'lost_reasons')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(tables, 0, "the old tables are gone");
}
