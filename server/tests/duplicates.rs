//! The duplicates page (#14) over a real PostgreSQL: people with the same email in another
//! case, the same phone written another way, the same name with and without accents, names
//! alike (found by PostgreSQL's trigrams), companies with their legal form shortened, in
//! Vietnamese, Chinese and Thai; most likely first; "not the same" is remembered.

mod common;

use app::domain::duplicates::Reason;
use app::domain::{Mutation, Record};
use common::{Client, TestDb, company, person, test_db};
use uuid::Uuid;

async fn save(db: &TestDb, records: Vec<Record>) {
    let mut client = Client::new();
    let mutations = records
        .into_iter()
        .map(|record| client.queue(&Mutation::Save { record }))
        .collect();
    client.push(db, mutations).await;
}

fn names(cluster: &app::sync::dedupe::Cluster) -> Vec<String> {
    let mut names: Vec<String> = cluster
        .records
        .iter()
        .map(|r| match r {
            Record::Contact(c) => c.name.clone(),
            Record::Company(c) => c.name.clone(),
            _ => String::new(),
        })
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn clusters_of_people_and_companies_most_likely_first_and_not_the_same_is_remembered() {
    let db = test_db().await;
    save(
        &db,
        vec![
            person("Trần Thị Bích", "Bich@HoaBinh.vn", "", None).into(),
            person("Bích Trần", "bich@hoabinh.vn", "", None).into(),
            person("Lê Văn Minh", "", "+84 90 123 4567", None).into(),
            person("Minh (kho)", "", "(090) 123-4567", None).into(),
            person("Nguyễn Văn An", "", "", None).into(),
            person("nguyen van an", "", "", None).into(),
            person("Phạm Quốc Việt", "", "", None).into(),
            person("Phạm Quốc Viet Anh", "", "", None).into(),
            person("王小明", "", "", None).into(),
            person("王小明", "", "", None).into(),
            person("สมชาย ใจดี", "", "", None).into(),
            person("สมชายใจดี", "", "", None).into(),
            person("Hoàng Thị Lan", "", "", None).into(),
        ],
    )
    .await;
    let people = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .expect("clusters");
    let summary: Vec<(Reason, Vec<String>)> = people.iter().map(|c| (c.reason, names(c))).collect();
    assert_eq!(
        summary[0],
        (
            Reason::Email,
            vec!["Bích Trần".into(), "Trần Thị Bích".into()]
        )
    );
    assert_eq!(
        summary[1],
        (
            Reason::Phone,
            vec!["Lê Văn Minh".into(), "Minh (kho)".into()]
        )
    );
    for same in [
        vec!["Nguyễn Văn An".to_string(), "nguyen van an".into()],
        vec!["王小明".into(), "王小明".into()],
        vec!["สมชาย ใจดี".into(), "สมชายใจดี".into()],
    ] {
        assert!(
            summary.contains(&(Reason::Name(100), same.clone())),
            "{same:?} in {summary:?}"
        );
    }
    let alike = summary
        .iter()
        .find(|(_, n)| n.contains(&"Phạm Quốc Việt".to_string()))
        .expect("names alike, by trigrams");
    assert!(matches!(alike.0, Reason::Name(n) if n < 100), "{alike:?}");
    assert!(
        !summary
            .iter()
            .any(|(_, n)| n.contains(&"Hoàng Thị Lan".to_string()))
    );

    // "Not the same": the pair is not offered again.
    let an: Vec<Uuid> = people
        .iter()
        .find(|c| names(c).contains(&"nguyen van an".to_string()))
        .unwrap()
        .records
        .iter()
        .map(Record::id)
        .collect();
    app::db::duplicates::not_duplicates(&db.pool, &db.who, &an)
        .await
        .unwrap();
    let again = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(
        !again
            .iter()
            .any(|c| names(c).contains(&"nguyen van an".to_string()))
    );
    assert_eq!(again.len(), people.len() - 1);

    save(
        &db,
        vec![
            company("Công ty TNHH ABC").into(),
            company("Cty TNHH ABC").into(),
            company("深圳市腾讯计算机系统有限公司").into(),
            company("深圳市腾讯计算机系统").into(),
            company("Vinamilk").into(),
        ],
    )
    .await;
    let companies = app::db::duplicates::clusters(&db.pool, &db.who, "company")
        .await
        .unwrap();
    let summary: Vec<Vec<String>> = companies.iter().map(names).collect();
    assert!(
        summary.contains(&vec!["Cty TNHH ABC".to_string(), "Công ty TNHH ABC".into()]),
        "{summary:?}"
    );
    assert!(
        summary.contains(&vec![
            "深圳市腾讯计算机系统".to_string(),
            "深圳市腾讯计算机系统有限公司".into()
        ]),
        "{summary:?}"
    );
    assert_eq!(summary.len(), 2);
    // Another org's records are not the asker's to mark.
    let foreign = vec![Uuid::now_v7(), Uuid::now_v7()];
    assert!(
        app::db::duplicates::not_duplicates(&db.pool, &db.who, &foreign)
            .await
            .is_err()
    );
}

/// A phone written without its country's code is the organisation's country's when its
/// settings say one (a company in Singapore selling in dollars), not its currency's.
#[tokio::test]
async fn phones_without_a_calling_code_are_of_the_country_the_settings_say() {
    let db = test_db().await;
    save(
        &db,
        vec![
            person("Tan Wei Ming", "", "+65 9123 4567", None).into(),
            person("Wei Ming (office)", "", "9123 4567", None).into(),
        ],
    )
    .await;
    let by_phone = |clusters: &[app::sync::dedupe::Cluster]| {
        clusters.iter().any(|c| c.reason == Reason::Phone)
    };
    // Dong: "9123 4567" is read as a Vietnamese number.
    let before = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(!by_phone(&before), "{before:?}");
    let settings = app::domain::CurrencySettings {
        id: db.who.org_id,
        currency: app::domain::Currency::USD,
        country: "sg".into(),
        ..app::domain::CurrencySettings::default_for(db.who.org_id)
    };
    save(&db, vec![Record::CurrencySettings(settings)]).await;
    let after = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(by_phone(&after), "{after:?}");
}

/// Two old contacts alike by name, under more than the 500 records changed since that the
/// page probes as it is asked for: the background pass over every record finds them, two
/// server processes probing at once find them once, and the pass ends and starts again.
#[tokio::test]
async fn a_background_pass_finds_names_alike_among_the_whole_organisation() {
    let db = test_db().await;
    let (old, older) = (
        person("Phạm Quốc Việt", "", "", None),
        person("Phạm Quốc Viet Anh", "", "", None),
    );
    let ids = [old.id, older.id];
    save(&db, vec![old.into(), older.into()]).await;
    sqlx::query("UPDATE records SET updated_at = now() - interval '1 day' WHERE id = ANY($1)")
        .bind(&ids[..])
        .execute(&db.pool)
        .await
        .unwrap();
    // 1,100 people changed since, with names alike to nobody's.
    sqlx::query(
        "INSERT INTO records (id, org_id, kind, data, version) \
         SELECT id, $1, 'contact', jsonb_build_object('id', id, 'name', 'z' || md5(i::text), \
             'version', 1), 1 \
         FROM (SELECT i, gen_random_uuid() AS id FROM generate_series(1, 1100) i) g",
    )
    .bind(db.who.org_id)
    .execute(&db.pool)
    .await
    .unwrap();
    // As autovacuum would after so many rows: the planner then probes by the trigram index.
    sqlx::query("ANALYZE records")
        .execute(&db.pool)
        .await
        .unwrap();
    let alike = |clusters: &[app::sync::dedupe::Cluster]| {
        clusters.iter().any(|c| {
            matches!(c.reason, Reason::Name(n) if n < 100)
                && c.records.iter().all(|r| ids.contains(&r.id()))
        })
    };
    let before = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(!alike(&before), "out of the page's own probe: {before:?}");

    // Two processes at once: each batch is probed by one of them.
    let org = db.who.org_id;
    let mut ended = false;
    while !ended {
        let (one, two) = tokio::join!(
            app::db::duplicates::scan(&db.pool, org, "contact"),
            app::db::duplicates::scan(&db.pool, org, "contact"),
        );
        let (one, two) = (one.unwrap(), two.unwrap());
        ended = one == Some(true) || two == Some(true);
    }
    let after = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(alike(&after), "{after:?}");
    assert_eq!(
        after
            .iter()
            .filter(|c| c.records.iter().any(|r| ids.contains(&r.id())))
            .count(),
        1
    );
    // Renamed apart, the pair is no longer offered, before the next pass drops it.
    sqlx::query(
        "UPDATE records SET data = jsonb_set(data, '{name}', '\"Hoàng Thị Lan\"') WHERE id = $1",
    )
    .bind(ids[1])
    .execute(&db.pool)
    .await
    .unwrap();
    let renamed = app::db::duplicates::clusters(&db.pool, &db.who, "contact")
        .await
        .unwrap();
    assert!(!alike(&renamed), "{renamed:?}");
    // A pass just ended is not due again for a while.
    let due: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM alike_scans WHERE org_id = $1 AND kind = 'contact' \
         AND after_id IS NULL AND passed_at > now() - interval '1 minute'",
    )
    .bind(org)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(due, 1);
}

/// A server stopping while a batch of names is probed drops the batch: nothing of it is kept,
/// no failure is logged nor shown, and the next run probes it again.
#[tokio::test]
async fn a_stopping_server_drops_the_batch_of_names_in_hand() {
    let db = test_db().await;
    save(
        &db,
        vec![
            person("Phạm Quốc Việt", "", "", None).into(),
            person("Phạm Quốc Viet Anh", "", "", None).into(),
        ],
    )
    .await;
    // Another transaction holds the records, so the probe waits on it as a long one would.
    let mut holder = db.pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE records IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *holder)
        .await
        .unwrap();
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let pool = db.pool.clone();
    let run = tokio::spawn(async move { app::db::duplicates::scan_due(&pool, &stopping).await });
    // The run is under way: its probe waits for the lock.
    let mut waited = 0;
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'records'::regclass",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        if waiting > 0 {
            break;
        }
        waited += 1;
        assert!(waited < 200, "the probe never reached the records");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    stop.send(true).unwrap();
    let probed = tokio::time::timeout(std::time::Duration::from_secs(5), run)
        .await
        .expect("the run ends at the stop, not when the lock goes")
        .unwrap()
        .unwrap();
    assert_eq!(probed, 0);
    holder.rollback().await.unwrap();
    let failures: i64 = sqlx::query_scalar("SELECT count(*) FROM job_failures")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(failures, 0);
    // Nothing of the batch was kept: no pass began; the next run makes them.
    let begun = "SELECT count(*) FROM alike_scans WHERE org_id = $1 \
                 AND (started_at IS NOT NULL OR passed_at IS NOT NULL)";
    let count = |sql: &'static str| {
        sqlx::query_scalar::<_, i64>(sql)
            .bind(db.who.org_id)
            .fetch_one(&db.pool)
    };
    assert_eq!(count(begun).await.unwrap(), 0);
    let (_, stopping) = tokio::sync::watch::channel(false);
    let probed = app::db::duplicates::scan_due(&db.pool, &stopping)
        .await
        .unwrap();
    assert_eq!(probed, 3, "contacts, companies and leads");
    assert_eq!(count(begun).await.unwrap(), 3);
}
