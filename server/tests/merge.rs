//! Merging (#14) as the server applies it: everything that pointed at the records merged moves
//! to the one kept (deals, activities, notes, a company's people); the others are archived,
//! pointing to it, and come back with Unmerge; the merge is in the kept one's timeline; two
//! browsers merging the same pair at once end with one merge; a salesperson may not merge.

mod common;

use app::db::Identity;
use app::domain::{Activity, Mutation, Note, Record, RuleError, Subject};
use app::sync::protocol::Outcome;
use chrono::Utc;
use common::{Client, TestDb, company, create, person, push, test_db};
use serde_json::json;
use uuid::Uuid;

async fn record(db: &TestDb, id: Uuid) -> Record {
    let mut store = app::domain::Store::default();
    let mut conn = db.pool.acquire().await.unwrap();
    app::db::records::load(&mut conn, db.who.org_id, &[id], &mut store)
        .await
        .unwrap();
    app::db::opportunities::load(&mut conn, db.who.org_id, &[id], &mut store)
        .await
        .unwrap();
    store.get(id).expect("the record")
}

/// A call to make, about `subject`.
async fn call_about(db: &TestDb, subject: Subject) -> Activity {
    let type_id: Uuid =
        sqlx::query_scalar("SELECT id FROM records WHERE org_id = $1 AND kind = 'activity_type'")
            .bind(db.who.org_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    Activity {
        id: Uuid::now_v7(),
        type_id,
        subject,
        summary: "Gọi lại".into(),
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

/// Merges `other` into `keep`, taking its `field`, and says it was applied.
async fn merge_taking(
    db: &TestDb,
    client: &mut Client,
    (keep, other): (Uuid, Uuid),
    (field, value): (&str, serde_json::Value),
) {
    let merged = push(
        db,
        client,
        vec![Mutation::Merge {
            keep,
            others: vec![other],
            fields: serde_json::Map::from_iter([(field.to_string(), value)]),
        }],
    )
    .await;
    assert!(matches!(merged[0], Outcome::Applied { .. }), "{merged:?}");
}

#[tokio::test]
async fn a_merge_moves_everything_to_the_record_kept_archives_the_others_and_can_be_undone() {
    let db = test_db().await;
    let mut client = Client::new();
    let (abc, abc2) = (company("Công ty TNHH ABC"), company("Cty TNHH ABC"));
    let an = person("Nguyễn Văn An", "an@abc.vn", "", Some(abc.id));
    let an2 = person("nguyen van an", "an.nguyen@gmail.com", "", Some(abc2.id));
    let colleague = person("Trần Thị Bích", "", "", Some(abc2.id));
    let deal = match create(&db.stages[0], "Máy lọc nước", "V") {
        Mutation::CreateOpportunity(mut new) => {
            new.contact_id = Some(an2.id);
            new.company_id = Some(abc2.id);
            Mutation::CreateOpportunity(new)
        }
        _ => unreachable!(),
    };
    let deal_id = deal.record_id();
    let call = call_about(&db, Subject::contact(an2.id)).await;
    let note = Note {
        id: Uuid::now_v7(),
        subject: Subject::contact(an2.id),
        text: "Thích màu xanh".into(),
        version: 0,
        deleted: false,
    };
    let made = push(
        &db,
        &mut client,
        vec![
            Mutation::save(abc.clone()),
            Mutation::save(abc2.clone()),
            Mutation::save(an.clone()),
            Mutation::save(an2.clone()),
            Mutation::save(colleague.clone()),
            deal,
            Mutation::save(call.clone()),
            Mutation::save(note.clone()),
        ],
    )
    .await;
    assert!(
        made.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{made:?}"
    );

    // The people: An stays, with the other's email, which wins.
    merge_taking(
        &db,
        &mut client,
        (an.id, an2.id),
        ("email", json!("an.nguyen@gmail.com")),
    )
    .await;
    let Record::Contact(kept) = record(&db, an.id).await else {
        panic!()
    };
    assert_eq!(kept.email, "an.nguyen@gmail.com");
    let Record::Contact(gone) = record(&db, an2.id).await else {
        panic!()
    };
    assert!(gone.deleted);
    assert_eq!(gone.merged_into, Some(an.id));
    let Record::Opportunity(d) = record(&db, deal_id).await else {
        panic!()
    };
    assert_eq!(d.contact_id, Some(an.id));
    let Record::Activity(a) = record(&db, call.id).await else {
        panic!()
    };
    assert_eq!(a.subject, Subject::contact(an.id));
    let Record::Note(n) = record(&db, note.id).await else {
        panic!()
    };
    assert_eq!(n.subject, Subject::contact(an.id));
    // The kept one's timeline tells the merge.
    let lines = app::db::history::of_records(&db.pool, &db.who, &[an.id])
        .await
        .unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.record_id == an2.id && l.field == "merged_into"),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.record_id == an.id && l.field == "email")
    );

    // The companies: the people and the deal of the one merged move to the one kept.
    let merged = push(
        &db,
        &mut client,
        vec![Mutation::Merge {
            keep: abc.id,
            others: vec![abc2.id],
            fields: serde_json::Map::new(),
        }],
    )
    .await;
    assert!(matches!(merged[0], Outcome::Applied { .. }), "{merged:?}");
    let Record::Contact(b) = record(&db, colleague.id).await else {
        panic!()
    };
    assert_eq!(b.company_id, Some(abc.id));
    let Record::Opportunity(d) = record(&db, deal_id).await else {
        panic!()
    };
    assert_eq!(d.company_id, Some(abc.id));

    // Unmerge brings the person back, as they were; what moved stays.
    let back = push(&db, &mut client, vec![Mutation::Unmerge { id: an2.id }]).await;
    assert!(matches!(back[0], Outcome::Applied { .. }), "{back:?}");
    let Record::Contact(back) = record(&db, an2.id).await else {
        panic!()
    };
    assert!(!back.deleted && back.merged_into.is_none());
    // A browser receives all of it.
    let mut browser = Client::new();
    let pulled = browser.pull(&db).await;
    assert!(pulled.records.iter().any(|r| r.id() == an2.id));
    assert_eq!(
        pulled
            .opportunities
            .iter()
            .find(|o| o.id == deal_id)
            .unwrap()
            .contact_id,
        Some(an.id)
    );
}

#[tokio::test]
async fn two_browsers_merging_the_same_pair_at_once_make_one_merge() {
    let db = test_db().await;
    let mut setup = Client::new();
    let (a, b) = (
        person("Lê Văn Minh", "minh@x.vn", "", None),
        person("Le Van Minh", "", "", None),
    );
    push(
        &db,
        &mut setup,
        vec![Mutation::save(a.clone()), Mutation::save(b.clone())],
    )
    .await;
    for round in 0..3 {
        let (x, y) = if round % 2 == 0 {
            (a.id, b.id)
        } else {
            (b.id, a.id)
        };
        let (mut one, mut two) = (Client::new(), Client::new());
        // Each keeps its own choice of the pair: one wins, the other is refused.
        let first = Mutation::Merge {
            keep: x,
            others: vec![y],
            fields: serde_json::Map::new(),
        };
        let second = Mutation::Merge {
            keep: y,
            others: vec![x],
            fields: serde_json::Map::new(),
        };
        let (r1, r2) = tokio::join!(
            push(&db, &mut one, vec![first]),
            push(&db, &mut two, vec![second])
        );
        let applied = [&r1[0], &r2[0]]
            .iter()
            .filter(|o| matches!(o, Outcome::Applied { .. }))
            .count();
        assert_eq!(applied, 1, "{r1:?} {r2:?}");
        let live: i64 =
            sqlx::query_scalar("SELECT count(*) FROM records WHERE id = ANY($1) AND NOT deleted")
                .bind(vec![a.id, b.id])
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_eq!(live, 1, "one of the pair stays");
        // Back to two for the next round.
        let archived: Uuid =
            sqlx::query_scalar("SELECT id FROM records WHERE id = ANY($1) AND deleted")
                .bind(vec![a.id, b.id])
                .fetch_one(&db.pool)
                .await
                .unwrap();
        let back = push(&db, &mut setup, vec![Mutation::Unmerge { id: archived }]).await;
        assert!(matches!(back[0], Outcome::Applied { .. }));
    }
}

#[tokio::test]
async fn a_salesperson_may_not_merge_and_nobody_merges_what_is_not_there() {
    let db = test_db().await;
    let mut client = Client::new();
    let (a, b) = (
        person("Võ Minh Tuấn", "", "", None),
        person("Vo Minh Tuan", "", "", None),
    );
    push(
        &db,
        &mut client,
        vec![Mutation::save(a.clone()), Mutation::save(b.clone())],
    )
    .await;
    let seller = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Bình', 'binh@x.vn', 'salesperson')",
    )
    .bind(seller)
    .bind(db.who.org_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let as_seller = TestDb {
        pool: db.pool.clone(),
        url: db.url.clone(),
        who: Identity {
            org_id: db.who.org_id,
            user_id: seller,
        },
        stages: db.stages.clone(),
    };
    let merge = Mutation::Merge {
        keep: a.id,
        others: vec![b.id],
        fields: serde_json::Map::new(),
    };
    let refused = push(&as_seller, &mut Client::new(), vec![merge]).await;
    assert!(
        matches!(
            &refused[0],
            Outcome::Rejected {
                reason: RuleError::NotAllowed,
                ..
            }
        ),
        "{refused:?}"
    );
    let nobody = Mutation::Merge {
        keep: a.id,
        others: vec![Uuid::now_v7()],
        fields: serde_json::Map::new(),
    };
    let refused = push(&db, &mut client, vec![nobody]).await;
    assert!(
        matches!(&refused[0], Outcome::Rejected { .. }),
        "{refused:?}"
    );
}

/// A contact named in a custom field (a company's referrer, a deal's partner contact) is named
/// as the one kept after a merge, though nothing else links the two: the server reads what
/// names the merged one in a custom field, as the browser holds it.
#[tokio::test]
async fn a_merge_moves_what_names_the_merged_one_in_a_custom_field() {
    use app::domain::custom_field::{CustomField, CustomType, Labels};
    let db = test_db().await;
    let mut client = Client::new();
    let field = |of: &str, key: &str| CustomField {
        id: Uuid::now_v7(),
        of: of.into(),
        key: key.into(),
        labels: Labels {
            en: "Referred by".into(),
            ..Labels::default()
        },
        ty: CustomType::Contact,
        required: false,
        default: None,
        help: String::new(),
        position: 1,
        on_card: false,
        version: 0,
        deleted: false,
        purged: false,
    };
    let (an, an2) = (
        person("Nguyễn Văn An", "an@abc.vn", "", None),
        person("nguyen van an", "an@abc.vn", "", None),
    );
    let mut referred = company("Công ty Bình Minh");
    referred.custom.insert("x_referrer".into(), json!(an2.id));
    let deal = match create(&db.stages[0], "Bàn ghế", "V") {
        Mutation::CreateOpportunity(mut new) => {
            new.custom.insert("x_partner".into(), json!(an2.id));
            Mutation::CreateOpportunity(new)
        }
        _ => unreachable!(),
    };
    let deal_id = deal.record_id();
    let made = push(
        &db,
        &mut client,
        vec![
            Mutation::save(field("company", "x_referrer")),
            Mutation::save(field("opportunity", "x_partner")),
            Mutation::save(an.clone()),
            Mutation::save(an2.clone()),
            Mutation::save(referred.clone()),
            deal,
        ],
    )
    .await;
    assert!(
        made.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{made:?}"
    );

    let merged = push(
        &db,
        &mut client,
        vec![Mutation::Merge {
            keep: an.id,
            others: vec![an2.id],
            fields: serde_json::Map::new(),
        }],
    )
    .await;
    assert!(matches!(merged[0], Outcome::Applied { .. }), "{merged:?}");
    let Record::Company(c) = record(&db, referred.id).await else {
        panic!()
    };
    assert_eq!(c.custom.get("x_referrer"), Some(&json!(an.id)));
    let Record::Opportunity(d) = record(&db, deal_id).await else {
        panic!()
    };
    assert_eq!(d.custom.get("x_partner"), Some(&json!(an.id)));
}

/// Leads too: the duplicates page finds two leads from one customer (the same phone written
/// two ways, the name with and without accents) among those the person may see; merging them
/// keeps one with the chosen values and moves the other's activities to it; the merge is in
/// its timeline, the other's address says where it went, and it comes back with Unmerge.
#[tokio::test]
async fn leads_are_found_alike_merged_and_brought_back() {
    let db = test_db().await;
    let mut client = Client::new();
    let seller = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Bình', 'binh@x.vn', 'salesperson')",
    )
    .bind(seller)
    .bind(db.who.org_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let lead = |title: &str, customer: &str, phone: &str, email: &str, owner: Uuid| match create(
        &db.stages[0],
        title,
        "V",
    ) {
        Mutation::CreateOpportunity(mut new) => {
            new.lead = true;
            new.customer_name = customer.into();
            new.phone = phone.into();
            new.email = email.into();
            new.salesperson_id = Some(owner);
            new
        }
        _ => unreachable!(),
    };
    let me = db.who.user_id;
    let first = lead(
        "Hỏi giá máy lọc nước",
        "Nguyễn Văn An",
        "0901234567",
        "",
        me,
    );
    let mut again = lead(
        "Máy lọc nước cho văn phòng",
        "nguyen van an",
        "+84 90 123 4567",
        "",
        me,
    );
    again.description = "Khách gọi lại qua Zalo".into();
    // The seller's lead and one of the admin's share an email: only the admin sees both.
    let sellers = lead(
        "Báo giá bàn ghế",
        "Lê Thị Hoa",
        "",
        "hoa@phuongdong.vn",
        seller,
    );
    let admins = lead("Bàn ghế hội trường", "Hoa Lê", "", "Hoa@PhuongDong.vn", me);
    let call = call_about(&db, Subject::deal(again.id)).await;
    let made = push(
        &db,
        &mut client,
        vec![
            Mutation::CreateOpportunity(first.clone()),
            Mutation::CreateOpportunity(again.clone()),
            Mutation::CreateOpportunity(sellers.clone()),
            Mutation::CreateOpportunity(admins.clone()),
            Mutation::save(call.clone()),
        ],
    )
    .await;
    assert!(
        made.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{made:?}"
    );
    let ids = |c: &app::sync::dedupe::Cluster| {
        let mut ids: Vec<Uuid> = c.records.iter().map(Record::id).collect();
        ids.sort();
        ids
    };
    let sorted = |mut v: Vec<Uuid>| {
        v.sort();
        v
    };
    let found = app::db::duplicates::clusters(&db.pool, &db.who, "lead")
        .await
        .expect("clusters of leads");
    let phone = found
        .iter()
        .find(|c| c.reason == app::domain::duplicates::Reason::Phone)
        .expect("the same phone written two ways");
    assert_eq!(ids(phone), sorted(vec![first.id, again.id]));
    assert!(
        found
            .iter()
            .any(|c| c.reason == app::domain::duplicates::Reason::Email
                && ids(c) == sorted(vec![sellers.id, admins.id])),
        "{found:?}"
    );
    let as_seller = Identity {
        org_id: db.who.org_id,
        user_id: seller,
    };
    let theirs = app::db::duplicates::clusters(&db.pool, &as_seller, "lead")
        .await
        .expect("the seller's clusters");
    assert!(
        theirs.is_empty(),
        "a lead the seller cannot see is never offered: {theirs:?}"
    );
    // Nor said apart by them.
    assert!(
        app::db::duplicates::not_duplicates(&db.pool, &as_seller, &[sellers.id, admins.id])
            .await
            .is_err()
    );

    // The first stays, with the other's description.
    merge_taking(
        &db,
        &mut client,
        (first.id, again.id),
        ("description", json!("Khách gọi lại qua Zalo")),
    )
    .await;
    let Record::Opportunity(kept) = record(&db, first.id).await else {
        panic!()
    };
    assert_eq!(kept.description, "Khách gọi lại qua Zalo");
    assert!(kept.lead && !kept.deleted);
    let Record::Opportunity(gone) = record(&db, again.id).await else {
        panic!()
    };
    assert!(gone.deleted);
    assert_eq!(gone.merged_into, Some(first.id));
    let Record::Activity(a) = record(&db, call.id).await else {
        panic!()
    };
    assert_eq!(a.subject, Subject::deal(first.id));
    let lines = app::db::history::of_records(&db.pool, &db.who, &[first.id])
        .await
        .unwrap();
    assert!(
        lines
            .iter()
            .any(|l| l.record_id == again.id && l.field == "merged_into"),
        "{lines:?}"
    );
    // Merged, it is no longer offered; its address says where it went.
    let found = app::db::duplicates::clusters(&db.pool, &db.who, "lead")
        .await
        .unwrap();
    assert!(found.iter().all(|c| !ids(c).contains(&again.id)));
    let fetched = app::db::keep::fetch(&db.pool, &db.who, &[again.id])
        .await
        .unwrap();
    assert_eq!(fetched.opportunities.len(), 1);
    assert_eq!(fetched.opportunities[0].merged_into, Some(first.id));

    // Brought back as it was; the activity stays where it went.
    let back = push(&db, &mut client, vec![Mutation::Unmerge { id: again.id }]).await;
    assert!(matches!(back[0], Outcome::Applied { .. }), "{back:?}");
    let Record::Opportunity(back) = record(&db, again.id).await else {
        panic!()
    };
    assert!(!back.deleted && back.merged_into.is_none() && back.lead);
    let Record::Activity(a) = record(&db, call.id).await else {
        panic!()
    };
    assert_eq!(a.subject, Subject::deal(first.id));
    // "Not the same", remembered for leads too.
    app::db::duplicates::not_duplicates(&db.pool, &db.who, &[first.id, again.id])
        .await
        .expect("said apart");
    let found = app::db::duplicates::clusters(&db.pool, &db.who, "lead")
        .await
        .unwrap();
    assert!(
        found
            .iter()
            .all(|c| ids(c) != sorted(vec![first.id, again.id])),
        "{found:?}"
    );
}
