//! Lead scoring against a real PostgreSQL: the admin's rules score a lead as it is pushed, the
//! threshold hands it to sales, sales accept or send it back; the server's job scores leads
//! again as days pass and when the rules change, and two processes never score at once; with a
//! threshold, assignment hands out only what marketing handed over.

mod common;

use app::db::lead_scoring::{score, score_due};
use app::domain::filter::{Condition, Filter, Op};
use app::domain::lead_scoring::{LeadQualification, Qualification, ScoringRule};
use app::domain::{Mutation, NewOpportunity, OpportunityFields, RuleError};
use app::sync::protocol::Outcome;
use common::{Client, TestDb, create, demo_db, push};
use uuid::Uuid;

fn rule(name: &str, points: i32, field: &str, op: Op, values: &[&str]) -> ScoringRule {
    ScoringRule {
        id: Uuid::now_v7(),
        name: name.into(),
        filter: Filter {
            conditions: vec![Condition {
                field: field.into(),
                op,
                values: values.iter().map(|v| v.to_string()).collect(),
                of: None,
            }],
            ..Filter::default()
        },
        points,
        version: 0,
        deleted: false,
    }
}

fn lead(db: &TestDb, title: &str, email: &str) -> Mutation {
    let Mutation::CreateOpportunity(new) = create(&db.stages[0], title, "V") else {
        unreachable!()
    };
    Mutation::CreateOpportunity(NewOpportunity {
        country: String::new(),
        province: String::new(),
        postcode: String::new(),
        lead: true,
        email: email.into(),
        ..new
    })
}

/// (score, qualification, mql_on is set, sql_on is set, returned_reason) of a lead.
async fn stands(db: &TestDb, id: Uuid) -> (Option<i32>, String, bool, bool, String) {
    sqlx::query_as(
        "SELECT score, qualification, mql_on IS NOT NULL, sql_on IS NOT NULL, returned_reason \
         FROM opportunities WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

fn applied(outcome: &[Outcome]) {
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
}

/// An email +20, created in the last 7 days +15; MQL at 30.
async fn set_rules(db: &TestDb, admin: &mut Client) -> (ScoringRule, ScoringRule) {
    let email = rule("Left an email", 20, "email", Op::IsSet, &[]);
    let fresh = rule(
        "New this week",
        15,
        "created_on",
        Op::Within,
        &["last_7_days"],
    );
    applied(
        &push(
            db,
            admin,
            vec![
                Mutation::save(email.clone()),
                Mutation::save(fresh.clone()),
                Mutation::save(LeadQualification {
                    id: Uuid::now_v7(),
                    mql_at: Some(30),
                    version: 0,
                    deleted: false,
                }),
            ],
        )
        .await,
    );
    (email, fresh)
}

#[tokio::test]
async fn a_pushed_lead_is_scored_handed_to_sales_and_accepted_or_sent_back() {
    let db = demo_db(10).await;
    let mut admin = Client::new();
    set_rules(&db, &mut admin).await;
    let (hot, cold) = (
        lead(
            &db,
            "Máy lọc nước – Trường Nguyễn Du",
            "lan@nguyendu.edu.vn",
        ),
        lead(&db, "Hỏi giá", ""),
    );
    let (hot_id, cold_id) = (hot.record_id(), cold.record_id());
    applied(&push(&db, &mut admin, vec![hot, cold]).await);
    assert_eq!(
        stands(&db, hot_id).await,
        (Some(35), "mql".into(), true, false, String::new())
    );
    assert_eq!(
        stands(&db, cold_id).await,
        (Some(15), "lead".into(), false, false, String::new())
    );
    // The seller accepts the one handed over and sends the other back.
    let mut seller = Client::new();
    let huy = common::identity_of(&db, "huy@demo.rapport").await;
    for id in [hot_id, cold_id] {
        sqlx::query("UPDATE opportunities SET salesperson_id = $2 WHERE id = $1")
            .bind(id)
            .bind(huy.user_id)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    let to = |id, q, reason: Option<&str>| Mutation::SetOpportunityFields {
        id,
        fields: OpportunityFields {
            qualification: Some(q),
            returned_reason: reason.map(String::from),
            ..OpportunityFields::default()
        },
        base_version: 0,
    };
    let outcome = common::push_as(
        &db,
        &huy,
        &mut seller,
        vec![
            to(hot_id, Qualification::Sql, None),
            to(cold_id, Qualification::Returned, None),
            to(cold_id, Qualification::Returned, Some("Chưa có ngân sách")),
        ],
    )
    .await;
    assert!(matches!(outcome[0], Outcome::Applied { .. }), "{outcome:?}");
    assert!(
        matches!(&outcome[1], Outcome::Rejected { reason: RuleError::Required(f), .. } if f == "opportunity.returned_reason"),
        "{outcome:?}"
    );
    assert!(matches!(outcome[2], Outcome::Applied { .. }), "{outcome:?}");
    assert_eq!(
        stands(&db, hot_id).await,
        (Some(35), "sql".into(), true, true, String::new())
    );
    assert_eq!(
        stands(&db, cold_id).await,
        (
            Some(15),
            "returned".into(),
            true,
            false,
            "Chưa có ngân sách".into()
        )
    );
}

#[tokio::test]
async fn the_job_scores_leads_again_as_days_pass_and_when_the_rules_change() {
    let db = demo_db(10).await;
    let mut admin = Client::new();
    let (email, _) = set_rules(&db, &mut admin).await;
    let m = lead(&db, "Bàn ghế văn phòng", "mua@vinamilk.vn");
    let id = m.record_id();
    applied(&push(&db, &mut admin, vec![m]).await);
    assert_eq!(stands(&db, id).await.0, Some(35));
    let org = db.who.org_id;
    // Just scored by the push and the rules unchanged since the first run: nothing to do.
    score(&db.pool, org, true).await.unwrap();
    assert_eq!(score_due(&db.pool).await.unwrap(), 0);
    // Ten days later it is no longer new: the job takes the 15 points away (it stays handed to
    // sales), once the hour since its last run has passed.
    sqlx::query("UPDATE opportunities SET created_on = created_on - 10 WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(
        score_due(&db.pool).await.unwrap(),
        0,
        "scored within the hour"
    );
    sqlx::query("UPDATE lead_scoring_runs SET scored_at = scored_at - interval '2 hours'")
        .execute(&db.pool)
        .await
        .unwrap();
    let before: i64 = sqlx::query_scalar("SELECT version FROM opportunities WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(score_due(&db.pool).await.unwrap(), 1);
    assert_eq!(
        stands(&db, id).await,
        (Some(20), "mql".into(), true, false, String::new())
    );
    let after: i64 = sqlx::query_scalar("SELECT version FROM opportunities WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(after > before, "a new version, for the browsers to pull");
    // The admin deletes the email rule: the job scores again at once, without waiting the hour.
    applied(&push(&db, &mut admin, vec![Mutation::Delete { id: email.id }]).await);
    assert_eq!(score_due(&db.pool).await.unwrap(), 1);
    assert_eq!(stands(&db, id).await.0, Some(0));
    // A lead written without a score (an import writes rows as they are) is scored at once.
    sqlx::query("UPDATE opportunities SET score = NULL WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(score_due(&db.pool).await.unwrap(), 1);
    assert_eq!(stands(&db, id).await.0, Some(0));
}

#[tokio::test]
async fn two_processes_never_score_one_organisation_at_once() {
    let db = demo_db(10).await;
    let mut admin = Client::new();
    set_rules(&db, &mut admin).await;
    let leads: Vec<Mutation> = (0..20)
        .map(|i| lead(&db, &format!("Lead {i}"), &format!("l{i}@vd.vn")))
        .collect();
    let ids: Vec<Uuid> = leads.iter().map(Mutation::record_id).collect();
    applied(&push(&db, &mut admin, leads).await);
    // The demo's own leads scored first; then the twenty as if never scored.
    score(&db.pool, db.who.org_id, true).await.unwrap();
    sqlx::query("UPDATE opportunities SET score = NULL, qualification = 'lead', mql_on = NULL WHERE id = ANY($1)")
        .bind(&ids)
        .execute(&db.pool)
        .await
        .unwrap();
    // While another process holds the organisation, a run skips it.
    let mut other = db.pool.begin().await.unwrap();
    sqlx::query("SELECT id FROM orgs WHERE id = $1 FOR UPDATE")
        .bind(db.who.org_id)
        .execute(&mut *other)
        .await
        .unwrap();
    assert!(
        score(&db.pool, db.who.org_id, false)
            .await
            .unwrap()
            .is_none()
    );
    other.rollback().await.unwrap();
    // Two at once: however they interleave, one takes the organisation and the other skips it
    // or, coming after, finds nothing left to do; every lead is handed over once.
    let (a, b) = tokio::join!(
        score(&db.pool, db.who.org_id, false),
        score(&db.pool, db.who.org_id, false)
    );
    let runs: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert!(!runs.is_empty());
    let total = runs
        .iter()
        .fold((0, 0), |(c, h), r| (c + r.changed, h + r.handed));
    assert_eq!(total, (20, 20), "{runs:?}");
    // Each lead's timeline says the rules handed it to sales (a line made by nobody), once.
    let lines: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE field = 'qualification' AND record_id = ANY($1) \
         AND new_value = '\"mql\"' AND user_id IS NULL",
    )
    .bind(&ids)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(lines, 20);
}

/// A run that fails for an organisation is not only logged: its admin is told in Settings
/// (with the log's reference) until a run succeeds; other people may not read it.
#[tokio::test]
async fn a_failing_run_is_kept_for_the_admin_until_one_succeeds() {
    let db = demo_db(10).await;
    let mut admin = Client::new();
    set_rules(&db, &mut admin).await;
    // The run's last write fails (as a full disk or a lost connection would).
    sqlx::query(
        "ALTER TABLE lead_scoring_runs ADD CONSTRAINT broken CHECK (rules_version < 0) NOT VALID",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM lead_scoring_runs")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(score_due(&db.pool).await.unwrap(), 0, "nothing scored");
    let failures = app::db::job_failures_of(&db.pool, &db.who).await.unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].0, "lead_scoring");
    assert_eq!(
        failures[0].2.len(),
        32,
        "a reference to quote: {failures:?}"
    );
    let khoa = common::identity_of(&db, "khoa@demo.rapport").await;
    assert!(matches!(
        app::db::job_failures_of(&db.pool, &khoa).await,
        Err(app::db::DbError::Forbidden(_))
    ));
    // Mended: the next run scores, and the failure is gone.
    sqlx::query("ALTER TABLE lead_scoring_runs DROP CONSTRAINT broken")
        .execute(&db.pool)
        .await
        .unwrap();
    assert_eq!(score_due(&db.pool).await.unwrap(), 1);
    assert!(
        app::db::job_failures_of(&db.pool, &db.who)
            .await
            .unwrap()
            .is_empty()
    );
}
