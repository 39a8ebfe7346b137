//! Importing a sheet (#14) through the data layer the server functions and the upload route
//! call, against a real PostgreSQL: the dry run lists every row that would fail and writes
//! nothing; an import writes in batches that reach browsers as changes; importing the same
//! file again creates nothing; undo removes what was created while untouched; a cancel leaves
//! exactly the finished batches; a server process that dies mid-import leaves its batches for
//! another to go on from, each row written once.

mod common;

use app::db::import::{self, BATCH, Choice};
use app::domain::import::{OnMatch, Plan};
use app::domain::{Contact, Currency, Mutation, Record};
use app::sync::imports::{Preview, Status};
use common::{Client, TestDb, test_db};
use uuid::Uuid;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn plan(preview: &Preview, on_match: OnMatch) -> Plan {
    Plan {
        kind: preview.kind.clone(),
        columns: preview.columns.clone(),
        header: true,
        on_match,
        create_tags: false,
        currency: Currency::VND,
        decimal: None,
    }
}

async fn count(db: &TestDb, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM records WHERE org_id = $1 AND kind = $2 AND NOT deleted",
    )
    .bind(db.who.org_id)
    .bind(kind)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn seq(db: &TestDb) -> i64 {
    sqlx::query_scalar("SELECT seq FROM orgs WHERE id = $1")
        .bind(db.who.org_id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

/// Lan, already a contact before the import.
async fn lan(db: &TestDb) -> Uuid {
    let lan = Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Lan".into(),
        company_id: None,
        job_title: String::new(),
        email: "lan@saomai.vn".into(),
        phone: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let mut client = Client::new();
    let m = client.queue(&Mutation::Save {
        record: Record::Contact(lan.clone()),
    });
    client.push(db, vec![m]).await;
    lan.id
}

/// Uploads a file and runs its import to the end on this process's worker.
async fn import_file(db: &TestDb, name: &str, on_match: OnMatch) -> app::sync::imports::Import {
    let preview = import::upload(
        &db.pool,
        &db.who,
        "contact",
        name,
        &fixture(name),
        &Choice::default(),
    )
    .await
    .expect("upload");
    import::start(
        &db.pool,
        &db.who,
        preview.id,
        &plan(&preview, on_match),
        None,
    )
    .await
    .expect("start");
    while import::run_next(&db.pool, Uuid::now_v7())
        .await
        .expect("run")
    {}
    import::list(&db.pool, &db.who, Some(preview.id))
        .await
        .unwrap()
        .remove(0)
}

#[tokio::test]
async fn a_dry_run_lists_every_failing_row_with_its_line_column_and_why_and_writes_nothing() {
    let db = test_db().await;
    lan(&db).await;
    let before = (
        seq(&db).await,
        count(&db, "contact").await,
        count(&db, "company").await,
    );
    let preview = import::upload(
        &db.pool,
        &db.who,
        "contact",
        "khách hàng.csv",
        &fixture("contacts-mistakes.csv"),
        &Choice::default(),
    )
    .await
    .expect("upload");
    assert_eq!(
        preview.columns,
        ["name", "company_id", "email", "phone", "job_title"]
            .map(|f| Some(f.to_string()))
            .to_vec(),
        "the Vietnamese headers map to the contact's fields"
    );
    assert_eq!((preview.rows, preview.delimiter.as_deref()), (9, Some(";")));
    let checked = import::check(
        &db.pool,
        &db.who,
        preview.id,
        &plan(&preview, OnMatch::Skip),
    )
    .await
    .expect("dry run");
    assert_eq!(
        (
            checked.rows,
            checked.create,
            checked.skip,
            checked.update,
            checked.failed
        ),
        (8, 2, 3, 0, 3)
    );
    assert_eq!(
        checked.new_companies, 1,
        "Minh Phát, named twice, spelt two ways"
    );
    let failures: Vec<(u64, Option<&str>, String)> = checked
        .failures
        .iter()
        .map(|f| (f.line, f.column.as_deref(), f.reason.to_string()))
        .collect();
    assert_eq!(
        failures,
        vec![
            (
                3,
                Some("Email"),
                "\"bich@@hoabinh\" is not an email address".to_string()
            ),
            (4, Some("Họ và tên"), "contact.name is required".into()),
            (
                8,
                Some("Số điện thoại"),
                "\"12ab\" is not a phone number: use digits, spaces, + - ( ) .".into()
            ),
        ]
    );
    let after = (
        seq(&db).await,
        count(&db, "contact").await,
        count(&db, "company").await,
    );
    assert_eq!(after, before, "a dry run writes nothing");
}

#[tokio::test]
async fn an_import_writes_its_rows_as_changes_and_the_same_file_again_creates_nothing() {
    let db = test_db().await;
    let lan = lan(&db).await;
    let mut browser = Client::new();
    browser.pull(&db).await;
    let first = import_file(&db, "contacts-mistakes.csv", OnMatch::Update).await;
    assert_eq!(first.status, Status::Done);
    assert_eq!(
        (
            first.total,
            first.done,
            first.created,
            first.updated,
            first.skipped,
            first.failed
        ),
        (8, 8, 2, 3, 0, 3),
        "Lan is updated; the same person twice in the file is one contact, updated by the row \
         that names them again"
    );
    assert_eq!(count(&db, "contact").await, 3);
    assert_eq!(
        count(&db, "company").await,
        2,
        "Minh Phát, and Lan's Sao Mai"
    );
    // An open browser receives them like any change.
    let pulled = browser.pull(&db).await;
    let names: Vec<String> = pulled
        .records
        .iter()
        .filter_map(|r| match r {
            Record::Contact(c) => Some(c.name.clone()),
            _ => None,
        })
        .collect();
    // Lê Thị Hoa has An's phone: with "update", the later row's name is written over his.
    assert_eq!(names, vec!["Lan Nguyễn", "Lê Thị Hoa", "Phạm Q. Việt"]);
    let Some(Record::Contact(updated)) = pulled.records.iter().find(|r| r.id() == lan) else {
        panic!("Lan's update reaches the browser");
    };
    assert_eq!(
        (updated.name.as_str(), updated.job_title.as_str()),
        ("Lan Nguyễn", "Trưởng phòng")
    );
    assert!(updated.company_id.is_some());

    let again = import_file(&db, "contacts-mistakes.csv", OnMatch::Skip).await;
    assert_eq!((again.created, again.failed), (0, 3));
    assert_eq!(count(&db, "contact").await, 3, "nothing new");
    assert_eq!(count(&db, "company").await, 2);
    let failed = import::failed_rows(&db.pool, &db.who, again.id)
        .await
        .unwrap();
    let lines: Vec<u64> = failed.rows.iter().map(|(f, _)| f.line).collect();
    assert_eq!(lines, vec![3, 4, 8]);
    assert_eq!(
        failed.rows[0].1[0], "Trần Thị Bích",
        "the row as it was, to fix"
    );
}

#[tokio::test]
async fn undo_removes_what_an_import_created_while_untouched_and_refuses_after_a_change() {
    let db = test_db().await;
    let first = import_file(&db, "contacts-mistakes.csv", OnMatch::Skip).await;
    assert_eq!(
        (count(&db, "contact").await, count(&db, "company").await),
        (3, 2)
    );
    let undone = import::undo(&db.pool, &db.who, first.id)
        .await
        .expect("undo");
    assert_eq!(undone.status, Status::Undone);
    assert_eq!(
        (count(&db, "contact").await, count(&db, "company").await),
        (0, 0)
    );
    assert!(
        import::undo(&db.pool, &db.who, first.id).await.is_err(),
        "once"
    );

    // Once someone changes what an import made, it is theirs: undo refuses, and nothing goes.
    let second = import_file(&db, "contacts-mistakes.csv", OnMatch::Skip).await;
    let an: Uuid = sqlx::query_scalar(
        "SELECT id FROM records WHERE org_id = $1 AND data->>'name' = 'Nguyễn Văn An' AND NOT deleted",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let mut client = Client::new();
    let m = client.queue(&Mutation::EditRecord {
        id: an,
        base_version: 0,
        fields: serde_json::Map::from_iter([(
            "job_title".to_string(),
            serde_json::json!("Tổng giám đốc"),
        )]),
    });
    client.push(&db, vec![m]).await;
    let refused = import::undo(&db.pool, &db.who, second.id)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("changed or used since"),
        "{refused}"
    );
    assert_eq!(count(&db, "contact").await, 3);
}

/// `n` contacts, each at one of `n / 10` companies, as a sheet.
fn many(n: usize) -> Vec<u8> {
    let mut csv = String::from("Name,Company,Email,Phone\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Người {i},Công ty {},p{i}@example.vn,09{i:08}\n",
            i / 10
        ));
    }
    csv.into_bytes()
}

async fn queue_many(db: &TestDb, n: usize) -> Uuid {
    let preview = import::upload(
        &db.pool,
        &db.who,
        "contact",
        "many.csv",
        &many(n),
        &Choice::default(),
    )
    .await
    .unwrap();
    import::start(
        &db.pool,
        &db.who,
        preview.id,
        &plan(&preview, OnMatch::Skip),
        None,
    )
    .await
    .unwrap();
    preview.id
}

async fn rows_done(db: &TestDb, id: Uuid) -> usize {
    import::list(&db.pool, &db.who, Some(id)).await.unwrap()[0].done
}

#[tokio::test]
async fn a_cancel_half_way_leaves_exactly_the_finished_batches() {
    let db = test_db().await;
    let id = queue_many(&db, 30 * BATCH).await;
    let pool = db.pool.clone();
    let worker = tokio::spawn(async move { import::run_next(&pool, Uuid::now_v7()).await });
    while rows_done(&db, id).await < BATCH {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    import::cancel(&db.pool, &db.who, id).await.expect("cancel");
    worker.await.unwrap().unwrap();
    let stopped = import::list(&db.pool, &db.who, Some(id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(stopped.status, Status::Cancelled);
    assert!(
        stopped.done < stopped.total,
        "it stopped part-way: {}",
        stopped.done
    );
    assert_eq!(stopped.done % BATCH, 0, "whole batches");
    assert_eq!(count(&db, "contact").await as usize, stopped.done);
    assert_eq!(stopped.created, stopped.done);
}

#[tokio::test]
async fn a_server_that_dies_mid_import_leaves_it_to_another_and_each_row_is_written_once() {
    let db = test_db().await;
    let total = 8 * BATCH;
    let id = queue_many(&db, total).await;
    // The first process writes a batch or more, then dies (its transaction with it).
    let pool = db.pool.clone();
    let first = tokio::spawn(async move { import::run_next(&pool, Uuid::now_v7()).await });
    while rows_done(&db, id).await < BATCH {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    first.abort();
    let _ = first.await;
    // A second process does not take it while the first's claim is fresh…
    assert!(!import::run_next(&db.pool, Uuid::now_v7()).await.unwrap());
    // …and does once it has gone quiet.
    sqlx::query("UPDATE imports SET heartbeat = now() - interval '5 minutes' WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let (a, b) = tokio::join!(
        import::run_next(&db.pool, Uuid::now_v7()),
        import::run_next(&db.pool, Uuid::now_v7())
    );
    assert!(a.unwrap() ^ b.unwrap(), "one process takes it");
    let done = import::list(&db.pool, &db.who, Some(id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (done.status, done.done, done.created),
        (Status::Done, total, total)
    );
    let distinct: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT lower(data->>'email')) FROM records WHERE org_id = $1 AND kind = 'contact'",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        (count(&db, "contact").await, distinct),
        (total as i64, total as i64)
    );
    assert_eq!(
        count(&db, "company").await,
        (total / 10) as i64,
        "each company once"
    );
}

/// Runs queued imports to their end on this process's worker.
async fn run_all(db: &TestDb) {
    while import::run_next(&db.pool, Uuid::now_v7())
        .await
        .expect("run")
    {}
}

#[tokio::test]
async fn a_row_is_matched_with_records_of_any_page_and_rows_of_earlier_batches() {
    let db = test_db().await;
    // 6,000 people already: their keys are read in pages, the last ones in the second.
    queue_many(&db, 6 * BATCH).await;
    run_all(&db).await;
    assert_eq!(count(&db, "contact").await, 6_000);
    assert_eq!(count(&db, "company").await, 600);
    // 500 of them again, 1,000 new people at seven new companies (named in every batch),
    // then the new people again with their email in capitals, two batches later for some, in
    // the next batch for the others.
    let mut csv = String::from("Name,Company,Email,Phone\n");
    for i in 5_500..6_000 {
        csv.push_str(&format!("Người {i},Công ty {},p{i}@example.vn,\n", i / 10));
    }
    for repeat in [false, true] {
        for j in 0..1_000 {
            let email = format!("q{j}@example.vn");
            let email = if repeat { email.to_uppercase() } else { email };
            csv.push_str(&format!("Khách {j},Cty TNHH Mới {},{email},\n", j % 7));
        }
    }
    let preview = import::upload(
        &db.pool,
        &db.who,
        "contact",
        "again.csv",
        csv.as_bytes(),
        &Choice::default(),
    )
    .await
    .unwrap();
    let plan = plan(&preview, OnMatch::Skip);
    let checked = import::check(&db.pool, &db.who, preview.id, &plan)
        .await
        .unwrap();
    assert_eq!(
        (checked.rows, checked.create, checked.skip, checked.failed),
        (2_500, 1_000, 1_500, 0),
        "the dry run finds the same"
    );
    assert_eq!(checked.new_companies, 7, "each new company counted once");
    import::start(&db.pool, &db.who, preview.id, &plan, None)
        .await
        .unwrap();
    run_all(&db).await;
    let done = import::list(&db.pool, &db.who, Some(preview.id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!(
        (done.status, done.total, done.created, done.skipped),
        (Status::Done, 2_500, 1_000, 1_500)
    );
    assert_eq!(count(&db, "contact").await, 7_000);
    assert_eq!(
        count(&db, "company").await,
        607,
        "a company named in several batches is made once"
    );
    // A made record's timeline says which import made it, and who.
    let q7: Uuid = sqlx::query_scalar(
        "SELECT id FROM records WHERE org_id = $1 AND data->>'email' = 'q7@example.vn'",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let lines = app::db::history::of_records(&db.pool, &db.who, &[q7])
        .await
        .unwrap();
    let made = lines
        .iter()
        .find(|l| l.field == "import")
        .expect("an import line");
    assert_eq!(
        (
            made.record_type.as_str(),
            &made.new,
            made.user_name.is_some()
        ),
        ("contact", &serde_json::json!("again.csv"), true)
    );
}

#[tokio::test]
async fn deals_and_leads_are_imported_with_their_stage_salesperson_tags_and_company_by_name() {
    let db = test_db().await;
    let admin = common::admin_email(&db).await;
    let stage = &db.stages[1];
    let sheet = format!(
        "Tên,Khách hàng,Công ty,Doanh thu dự kiến,Giai đoạn,Nhân viên bán hàng,Từ khóa,Ngày dự kiến chốt\n\
         Máy lọc nước tầng 3,Chị Lan,Công ty Sao Mai,\"150.000.000 ₫\",{},{admin},\"VIP, Hội chợ\",31/12/2026\n\
         Lắp đặt kho lạnh,Anh Minh,,\"2,5\",Không có,,,\n\
         Bảo trì năm 2027,Chị Lan,Công ty Sao Mai,,,,,\n",
        stage.name.to_uppercase()
    );
    let preview = import::upload(
        &db.pool,
        &db.who,
        "opportunity",
        "deals.csv",
        sheet.as_bytes(),
        &Choice::default(),
    )
    .await
    .expect("upload");
    let mut plan = plan(&preview, OnMatch::Skip);
    plan.columns = [
        "title",
        "customer_name",
        "company_id",
        "expected_revenue",
        "stage_id",
        "salesperson_id",
        "tag_ids",
        "expected_close",
    ]
    .map(|f| Some(f.to_string()))
    .to_vec();
    let checked = import::check(&db.pool, &db.who, preview.id, &plan)
        .await
        .unwrap();
    assert_eq!(
        (checked.create, checked.failed),
        (1, 2),
        "{:?}",
        checked.failures
    );
    let failed: Vec<(u64, Option<&str>)> = checked
        .failures
        .iter()
        .map(|f| (f.line, f.column.as_deref()))
        .collect();
    assert_eq!(failed, vec![(2, Some("Từ khóa")), (3, Some("Giai đoạn"))]);
    assert_eq!(
        checked.missing_tags,
        vec!["VIP".to_string()],
        "the first missing tag of a row"
    );
    // Told to create the tags, the first row goes in too.
    plan.create_tags = true;
    import::start(&db.pool, &db.who, preview.id, &plan, None)
        .await
        .unwrap();
    while import::run_next(&db.pool, Uuid::now_v7()).await.unwrap() {}
    let done = import::list(&db.pool, &db.who, Some(preview.id))
        .await
        .unwrap()
        .remove(0);
    assert_eq!((done.created, done.failed), (2, 1));
    let mut browser = Client::new();
    let pulled = browser.pull(&db).await;
    let deal = pulled
        .opportunities
        .iter()
        .find(|o| o.title == "Máy lọc nước tầng 3")
        .expect("the deal reaches the browser");
    assert_eq!(
        deal.stage_id, stage.id,
        "the stage by its name, in any case"
    );
    assert_eq!(deal.expected_revenue.minor, 150_000_000);
    assert_eq!(deal.probability, stage.probability);
    assert!(deal.salesperson_id.is_some(), "the salesperson by email");
    assert_eq!(deal.tag_ids.len(), 2);
    assert!(deal.company_id.is_some());
    assert!(!deal.lead);
    let other = pulled
        .opportunities
        .iter()
        .find(|o| o.title == "Bảo trì năm 2027")
        .unwrap();
    assert_eq!(
        other.stage_id, db.stages[0].id,
        "no stage: the pipeline's first"
    );
    assert_eq!(other.company_id, deal.company_id, "one Sao Mai");

    // The same file as leads: leads, on the leads list.
    let leads = import::upload(
        &db.pool,
        &db.who,
        "lead",
        "leads.csv",
        sheet.as_bytes(),
        &Choice::default(),
    )
    .await
    .unwrap();
    plan.kind = "lead".into();
    import::start(&db.pool, &db.who, leads.id, &plan, None)
        .await
        .unwrap();
    while import::run_next(&db.pool, Uuid::now_v7()).await.unwrap() {}
    let lead_count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM opportunities WHERE org_id = $1 AND lead")
            .bind(db.who.org_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(lead_count, 2);
    // Again as deals: the same deals are not made twice; undo takes the first import's back.
    let again = import::upload(
        &db.pool,
        &db.who,
        "opportunity",
        "deals.csv",
        sheet.as_bytes(),
        &Choice::default(),
    )
    .await
    .unwrap();
    plan.kind = "opportunity".into();
    let checked = import::check(&db.pool, &db.who, again.id, &plan)
        .await
        .unwrap();
    assert_eq!((checked.create, checked.skip), (0, 2));
    // The leads name the company and the tags the first import made: it stays while they do.
    let refused = import::undo(&db.pool, &db.who, preview.id)
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("changed or used since"),
        "{refused}"
    );
    import::undo(&db.pool, &db.who, leads.id)
        .await
        .expect("undo the leads");
    import::undo(&db.pool, &db.who, preview.id)
        .await
        .expect("then the deals");
    let deals: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM opportunities WHERE org_id = $1 AND NOT lead AND NOT deleted",
    )
    .bind(db.who.org_id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(deals, 0);
}

#[tokio::test]
async fn a_leads_country_and_province_are_read_by_the_names_a_sheet_writes() {
    let db = test_db().await;
    let sheet = "Tên,Quốc gia,Tỉnh/Thành phố\n\
                 Kho lạnh Thủ Đức,Việt Nam,TP. Hồ Chí Minh\n\
                 Solar Bangna,,Bangkok\n\
                 Máy lọc Hà Đông,Thái Lan,Hà Nội\n\
                 Bảo trì Đà Lạt,Viet Nam,Tỉnh Lâm Đồng\n";
    let preview = import::upload(
        &db.pool,
        &db.who,
        "lead",
        "leads.csv",
        sheet.as_bytes(),
        &Choice::default(),
    )
    .await
    .expect("upload");
    // The headers in Vietnamese map the columns by themselves.
    assert_eq!(
        preview.columns,
        ["title", "country", "province"]
            .map(|f| Some(f.to_string()))
            .to_vec()
    );
    let plan = plan(&preview, OnMatch::Skip);
    let checked = import::check(&db.pool, &db.who, preview.id, &plan)
        .await
        .unwrap();
    // Hanoi is not in Thailand: that row fails by its province, the others go in.
    assert_eq!(
        (checked.create, checked.failed),
        (3, 1),
        "{:?}",
        checked.failures
    );
    assert_eq!(checked.failures[0].line, 4);
    assert_eq!(
        checked.failures[0].column.as_deref(),
        Some("Tỉnh/Thành phố")
    );
    import::start(&db.pool, &db.who, preview.id, &plan, None)
        .await
        .unwrap();
    while import::run_next(&db.pool, Uuid::now_v7()).await.unwrap() {}
    let pulled = Client::new().pull(&db).await;
    let place = |title: &str| {
        pulled
            .opportunities
            .iter()
            .find(|o| o.title == title)
            .map(|o| (o.country.clone(), o.province.clone()))
    };
    assert_eq!(
        place("Kho lạnh Thủ Đức"),
        Some(("VN".into(), "VN-SG".into()))
    );
    assert_eq!(
        place("Solar Bangna"),
        Some(("TH".into(), "TH-10".into())),
        "the country follows from the province"
    );
    assert_eq!(place("Bảo trì Đà Lạt"), Some(("VN".into(), "VN-LD".into())));
    assert_eq!(place("Máy lọc Hà Đông"), None);
}

#[tokio::test]
async fn only_who_uploaded_a_file_or_an_admin_sees_its_rows_and_imports_it() {
    let db = test_db().await;
    let seller = Uuid::now_v7();
    sqlx::query(
        "INSERT INTO users (id, org_id, name, email, role) VALUES ($1, $2, 'Bình', 'binh@x.vn', 'salesperson')",
    )
    .bind(seller)
    .bind(db.who.org_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let other = app::db::Identity {
        org_id: db.who.org_id,
        user_id: seller,
    };
    let preview = import::upload(
        &db.pool,
        &db.who,
        "contact",
        "admin.csv",
        &fixture("contacts-mistakes.csv"),
        &Choice::default(),
    )
    .await
    .unwrap();
    let plan = plan(&preview, OnMatch::Skip);
    for refused in [
        import::check(&db.pool, &other, preview.id, &plan)
            .await
            .map(|_| ()),
        import::start(&db.pool, &other, preview.id, &plan, None)
            .await
            .map(|_| ()),
        import::failed_rows(&db.pool, &other, preview.id)
            .await
            .map(|_| ()),
        import::preview(&db.pool, &other, preview.id, None, None)
            .await
            .map(|_| ()),
    ] {
        assert!(
            matches!(&refused, Err(e) if e.status() == axum::http::StatusCode::FORBIDDEN),
            "{refused:?}"
        );
    }
    // The list says it is there (who, which file), without its rows.
    assert_eq!(
        import::list(&db.pool, &other, Some(preview.id))
            .await
            .unwrap()[0]
            .file_name,
        "admin.csv"
    );
}
