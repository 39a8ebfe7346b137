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
