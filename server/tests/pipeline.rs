//! The pipeline's records through push and pull against a real PostgreSQL: set-up, activities
//! and their chaining, lead conversion, quotations; each refusal leaves nothing half-saved.

mod common;

use app::domain::activity::{Chaining, DelayFrom, DelayUnit};
use app::domain::quotation::{Fixed, QuotationLine, QuotationState};
use app::domain::{
    Activity, ActivityType, Company, Contact, Currency, Link, Money, Mutation, NewOpportunity,
    Product, Quotation, Record, RuleError, Stage, Tag, Team,
};
use app::sync::protocol::{Outcome, PullResponse};
use chrono::NaiveDate;
use common::{Client, TestDb, create, test_db};
use uuid::Uuid;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a date")
}

/// Pushes the mutations one by one in a push, returning each one's outcome.
async fn push_all(db: &TestDb, c: &mut Client, mutations: &[Mutation]) -> Vec<Outcome> {
    let queued = mutations.iter().map(|m| c.queue(m)).collect();
    c.push(db, queued)
        .await
        .results
        .into_iter()
        .map(|r| r.outcome)
        .collect()
}

fn applied(outcomes: &[Outcome]) {
    for o in outcomes {
        assert!(matches!(o, Outcome::Applied { .. }), "not applied: {o:?}");
    }
}

fn refused(outcome: &Outcome) -> RuleError {
    match outcome {
        Outcome::Rejected { reason, .. } => reason.clone(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn count(db: &TestDb, kind: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM records WHERE kind = $1")
        .bind(kind)
        .fetch_one(&db.pool)
        .await
        .expect("count")
}

fn kind(name: &str, delay: u16, chaining: Chaining) -> ActivityType {
    ActivityType {
        id: Uuid::now_v7(),
        name: name.into(),
        icon: String::new(),
        delay,
        unit: DelayUnit::Days,
        from: DelayFrom::Completion,
        chaining,
        version: 0,
        deleted: false,
    }
}

fn records(pull: &PullResponse) -> impl Iterator<Item = &Record> {
    pull.records.iter()
}

#[tokio::test]
async fn set_up_records_sync_and_a_completed_activity_schedules_the_one_its_type_triggers() {
    let db = test_db().await;
    let mut c = Client::new();
    let team = Team {
        id: Uuid::now_v7(),
        name: "Kinh doanh Đà Nẵng".into(),
        leader_id: Some(db.who.user_id),
        member_ids: vec![],
        for_quotations: true,
        for_opportunities: true,
        for_warranty: false,
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
        shared_pipeline: false,
        version: 0,
        deleted: false,
    };
    let survey = Stage {
        id: Uuid::now_v7(),
        name: "Khảo sát".into(),
        sequence: 25,
        is_won: false,
        folded: false,
        rotting_days: 0,
        probability: 35,
        team_id: Some(team.id),
        version: 0,
        deleted: false,
    };
    let tag = Tag {
        id: Uuid::now_v7(),
        name: "VIP".into(),
        colour: 3,
        version: 0,
        deleted: false,
    };
    let follow_up = kind("Follow-up", 3, Chaining::Nothing);
    let call = kind(
        "Call",
        1,
        Chaining::Trigger {
            type_id: follow_up.id,
        },
    );
    let Mutation::CreateOpportunity(mut new) = create(&survey, "Máy lạnh", "V") else {
        unreachable!()
    };
    new.team_id = Some(team.id);
    new.tag_ids = vec![tag.id];
    let deal = new.id;
    let activity = Activity {
        id: Uuid::now_v7(),
        type_id: call.id,
        subject: app::domain::Subject::deal(deal),
        summary: "Gọi lại".into(),
        note: String::new(),
        due: day(20),
        user_id: Some(db.who.user_id),
        done: false,
        done_on: None,
        feedback: String::new(),
        version: 0,
        deleted: false,
    };
    let next_id = Uuid::now_v7();
    applied(
        &push_all(
            &db,
            &mut c,
            &[
                Mutation::save(team.clone()),
                Mutation::save(survey.clone()),
                Mutation::save(tag.clone()),
                Mutation::save(follow_up.clone()),
                Mutation::save(call.clone()),
                Mutation::CreateOpportunity(new),
                Mutation::save(activity.clone()),
                Mutation::CompleteActivity {
                    id: activity.id,
                    feedback: "Khách đồng ý".into(),
                    done_on: day(22),
                    next_id,
                },
            ],
        )
        .await,
    );

    let pull = c.pull(&db).await;
    assert!(
        records(&pull).any(
            |r| matches!(r, Record::Stage(s) if s.id == survey.id && s.team_id == Some(team.id))
        )
    );
    assert!(records(&pull).any(|r| matches!(r, Record::Team(t) if t.name == "Kinh doanh Đà Nẵng")));
    let o = &pull.opportunities[0];
    assert_eq!(
        (o.team_id, o.tag_ids.clone(), o.probability),
        (Some(team.id), vec![tag.id], 35)
    );
    let activities: Vec<&Activity> = records(&pull)
        .filter_map(|r| match r {
            Record::Activity(a) => Some(a),
            _ => None,
        })
        .collect();
    let done = activities
        .iter()
        .find(|a| a.id == activity.id)
        .expect("the call");
    assert_eq!(
        (done.done, done.done_on, done.feedback.as_str()),
        (true, Some(day(22)), "Khách đồng ý")
    );
    let next = activities
        .iter()
        .find(|a| a.id == next_id)
        .expect("the follow-up");
    assert_eq!(next.type_id, follow_up.id);
    assert_eq!(next.due, day(25), "three days after the call was done");
    assert_eq!(
        (next.subject.deal_id(), next.user_id),
        (Some(deal), Some(db.who.user_id))
    );

    // The change log says what each record is.
    let logged: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT record_id) FROM changes WHERE record_type = 'activity'",
    )
    .fetch_one(&db.pool)
    .await
    .expect("log");
    assert_eq!(logged, 2);

    // A later pull sends only what changed since, and a deleted tag as a deletion.
    applied(&push_all(&db, &mut c, &[Mutation::Delete { id: tag.id }]).await);
    let patch = c.pull(&db).await;
    assert_eq!(patch.deleted_records, vec![tag.id]);
    assert!(patch.records.is_empty() && patch.opportunities.is_empty());
}

#[tokio::test]
async fn a_stage_of_another_team_and_a_stage_still_holding_cards_are_refused() {
    let db = test_db().await;
    let mut c = Client::new();
    let team = |name: &str| Team {
        id: Uuid::now_v7(),
        name: name.into(),
        leader_id: None,
        member_ids: vec![],
        for_quotations: true,
        for_opportunities: true,
        for_warranty: false,
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
        shared_pipeline: false,
        version: 0,
        deleted: false,
    };
    let (north, south) = (team("North"), team("South"));
    let mut south_stage = db.stages[1].clone();
    south_stage.id = Uuid::now_v7();
    south_stage.name = "South only".into();
    south_stage.team_id = Some(south.id);
    let Mutation::CreateOpportunity(mut new) = create(&south_stage, "Deal", "V") else {
        unreachable!()
    };
    new.team_id = Some(north.id);
    let outcomes = push_all(
        &db,
        &mut c,
        &[
            Mutation::save(north.clone()),
            Mutation::save(south),
            Mutation::save(south_stage.clone()),
            Mutation::CreateOpportunity(new),
            create(&db.stages[0], "Kept", "V"),
            Mutation::Delete {
                id: db.stages[0].id,
            },
        ],
    )
    .await;
    applied(&outcomes[..3]);
    assert_eq!(refused(&outcomes[3]), RuleError::StageOfAnotherTeam);
    assert!(matches!(outcomes[4], Outcome::Applied { .. }));
    assert_eq!(refused(&outcomes[5]), RuleError::StageInUse(1));
    let pull = c.pull(&db).await;
    let titles: Vec<&str> = pull
        .opportunities
        .iter()
        .map(|o| o.title.as_str())
        .collect();
    assert_eq!(titles, ["Kept"]);
    assert!(
        records(&pull)
            .any(|r| matches!(r, Record::Stage(s) if s.id == db.stages[0].id && !s.deleted))
    );
}

#[tokio::test]
async fn converting_a_lead_stores_the_deal_its_new_company_and_contact_together_or_nothing() {
    let db = test_db().await;
    let mut c = Client::new();
    let Mutation::CreateOpportunity(mut lead) = create(&db.stages[0], "Điện mặt trời", "V")
    else {
        unreachable!()
    };
    lead.lead = true;
    lead.company_name = "Công ty Ánh Dương".into();
    let id = lead.id;
    let company = Company {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Công ty Ánh Dương".into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let contact = |email: &str| Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Hoàng Thị Lan".into(),
        company_id: None,
        job_title: String::new(),
        email: email.into(),
        phone: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let bad = Mutation::ConvertLead {
        id,
        contact: Link::New(contact("not an email")),
        company: Link::New(company.clone()),
    };
    let lan = contact("lan@anhduong.vn");
    let good = Mutation::ConvertLead {
        id,
        contact: Link::New(lan.clone()),
        company: Link::New(Company {
            id: Uuid::now_v7(),
            ..company.clone()
        }),
    };
    let outcomes = push_all(&db, &mut c, &[Mutation::CreateOpportunity(lead), bad]).await;
    assert!(matches!(outcomes[0], Outcome::Applied { .. }));
    assert!(matches!(refused(&outcomes[1]), RuleError::InvalidEmail(_)));
    assert_eq!(
        count(&db, "company").await,
        0,
        "the refused conversion wrote nothing"
    );
    assert_eq!(count(&db, "contact").await, 0);

    applied(&push_all(&db, &mut c, &[good]).await);
    let pull = c.pull(&db).await;
    let deal = &pull.opportunities[0];
    assert!(!deal.lead);
    assert_eq!(deal.contact_id, Some(lan.id));
    let stored_contact = records(&pull)
        .find_map(|r| match r {
            Record::Contact(x) => Some(x.clone()),
            _ => None,
        })
        .expect("the contact");
    assert_eq!(
        stored_contact.company_id, deal.company_id,
        "the contact joins the new company"
    );

    // The contact's timeline: its creation, by the user who converted the lead.
    let history = app::db::history::of_records(&db.pool, &db.who, &[lan.id])
        .await
        .expect("history");
    let name_line = history
        .iter()
        .find(|l| l.field == "name")
        .expect("a name line");
    assert_eq!(name_line.new, serde_json::json!("Hoàng Thị Lan"));
    assert_eq!(name_line.user_name.as_deref(), Some("Administrator"));
    assert!(history.iter().all(|l| l.record_type == "contact"));
}

#[tokio::test]
async fn an_accepted_quotation_wins_its_deal_and_can_no_longer_change() {
    let db = test_db().await;
    let mut c = Client::new();
    let deal = create(&db.stages[0], "Nội thất", "V");
    let deal_id = deal.record_id();
    let desk = Product {
        id: Uuid::now_v7(),
        name: "Bàn làm việc".into(),
        price: Money::new(2_500_000, Currency::VND),
        tax_percent: 10,
        version: 0,
        deleted: false,
    };
    let gone = Product {
        id: Uuid::now_v7(),
        name: "Ghế cũ".into(),
        ..desk.clone()
    };
    let line = |product: &Product, quantity| QuotationLine {
        product_id: Some(product.id),
        description: product.name.clone(),
        quantity: Fixed::whole(quantity),
        unit_price: product.price.minor,
        discount_percent: Fixed::whole(5),
        tax_percent: Fixed::whole(i64::from(product.tax_percent)),
    };
    let quotation = Quotation {
        id: Uuid::now_v7(),
        opportunity_id: deal_id,
        customer_name: "Vinamilk".into(),
        currency: Currency::VND,
        lines: vec![line(&desk, 3)],
        state: QuotationState::Accepted,
        valid_until: None,
        note: String::new(),
        version: 0,
        deleted: false,
    };
    let with_gone = Quotation {
        lines: vec![line(&desk, 1), line(&gone, 1)],
        ..quotation.clone()
    };
    let accept = Mutation::SetQuotationState {
        id: quotation.id,
        opportunity_id: deal_id,
        state: QuotationState::Accepted,
        position: "V".into(),
    };
    let outcomes = push_all(
        &db,
        &mut c,
        &[
            deal,
            Mutation::save(desk.clone()),
            Mutation::save(gone.clone()),
            Mutation::Delete { id: gone.id },
            Mutation::save(with_gone),
            Mutation::save(quotation.clone()),
            accept,
            Mutation::save(quotation.clone()),
        ],
    )
    .await;
    applied(&outcomes[..4]);
    assert_eq!(refused(&outcomes[4]), RuleError::UnknownProduct(gone.id));
    assert!(matches!(outcomes[5], Outcome::Applied { .. }));
    assert!(matches!(outcomes[6], Outcome::Applied { .. }));
    assert_eq!(refused(&outcomes[7]), RuleError::QuotationLocked);

    let pull = c.pull(&db).await;
    let stored = records(&pull)
        .find_map(|r| match r {
            Record::Quotation(q) => Some(q.clone()),
            _ => None,
        })
        .expect("the quotation");
    assert_eq!(
        stored.state,
        QuotationState::Accepted,
        "saved as a draft, then accepted"
    );
    // 3 × 2,500,000 less 5% = 7,125,000; 10% tax = 712,500.
    assert_eq!(stored.totals().total, 7_837_500);
    let won = db.stages.iter().find(|s| s.is_won).expect("a won stage");
    let o = &pull.opportunities[0];
    assert_eq!((o.stage_id, o.probability), (won.id, 100));
}

#[tokio::test]
async fn an_id_of_another_kind_or_another_org_cannot_be_taken() {
    let db = test_db().await;
    let mut c = Client::new();
    let contact = Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "An".into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    let same_id = NewOpportunity {
        country: String::new(),
        province: String::new(),
        postcode: String::new(),
        id: contact.id,
        ..match create(&db.stages[0], "x", "V") {
            Mutation::CreateOpportunity(n) => n,
            _ => unreachable!(),
        }
    };
    let outcomes = push_all(
        &db,
        &mut c,
        &[
            Mutation::save(contact.clone()),
            Mutation::CreateOpportunity(same_id),
        ],
    )
    .await;
    assert!(matches!(outcomes[0], Outcome::Applied { .. }));
    assert_eq!(refused(&outcomes[1]), RuleError::RecordExists(contact.id));

    // Another organisation in the same database: the contact does not exist for it, and its
    // id is not free to take either.
    let other_org = Uuid::now_v7();
    let other_user = Uuid::now_v7();
    sqlx::query("INSERT INTO orgs (id, name) VALUES ($1, 'Other')")
        .bind(other_org)
        .execute(&db.pool)
        .await
        .expect("org");
    sqlx::query("INSERT INTO users (id, org_id, name, email) VALUES ($1, $2, 'Eve', 'eve@x.vn')")
        .bind(other_user)
        .bind(other_org)
        .execute(&db.pool)
        .await
        .expect("user");
    let other = TestDb {
        pool: db.pool.clone(),
        url: db.url.clone(),
        who: app::db::Identity {
            org_id: other_org,
            user_id: other_user,
        },
        stages: Vec::new(),
    };
    let mut stranger = Client::new();
    let renamed = Contact {
        name: "Eve's".into(),
        ..contact.clone()
    };
    let outcomes = push_all(&other, &mut stranger, &[Mutation::save(renamed)]).await;
    assert_eq!(refused(&outcomes[0]), RuleError::UnknownRecord(contact.id));
    let name: String = sqlx::query_scalar("SELECT data->>'name' FROM records WHERE id = $1")
        .bind(contact.id)
        .fetch_one(&db.pool)
        .await
        .expect("the contact");
    assert_eq!(name, "An");
}

#[tokio::test]
async fn set_up_deleted_meanwhile_is_not_brought_back_and_another_orgs_stage_is_not_taken() {
    let db = test_db().await;
    let mut c = Client::new();
    let tag = Tag {
        id: Uuid::now_v7(),
        name: "Export".into(),
        colour: 1,
        version: 0,
        deleted: false,
    };
    let outcomes = push_all(
        &db,
        &mut c,
        &[
            Mutation::save(tag.clone()),
            Mutation::Delete { id: tag.id },
            // A stale settings page saves it again.
            Mutation::save(tag.clone()),
        ],
    )
    .await;
    applied(&outcomes[..2]);
    assert_eq!(
        refused(&outcomes[2]),
        RuleError::Missing {
            kind: "tag".into(),
            id: tag.id
        }
    );

    // Another organisation sends a stage under this one's stage id.
    let other_org = Uuid::now_v7();
    let other_user = Uuid::now_v7();
    sqlx::query("INSERT INTO orgs (id, name) VALUES ($1, 'Other')")
        .bind(other_org)
        .execute(&db.pool)
        .await
        .expect("org");
    sqlx::query("INSERT INTO users (id, org_id, name, email) VALUES ($1, $2, 'Eve', 'eve@x.vn')")
        .bind(other_user)
        .bind(other_org)
        .execute(&db.pool)
        .await
        .expect("user");
    let other = TestDb {
        pool: db.pool.clone(),
        url: db.url.clone(),
        who: app::db::Identity {
            org_id: other_org,
            user_id: other_user,
        },
        stages: Vec::new(),
    };
    let stolen = Stage {
        name: "Mine now".into(),
        ..db.stages[0].clone()
    };
    let mut stranger = Client::new();
    let outcomes = push_all(&other, &mut stranger, &[Mutation::save(stolen)]).await;
    assert_eq!(
        refused(&outcomes[0]),
        RuleError::UnknownRecord(db.stages[0].id)
    );
    let name: String = sqlx::query_scalar("SELECT data->>'name' FROM records WHERE id = $1")
        .bind(db.stages[0].id)
        .fetch_one(&db.pool)
        .await
        .expect("the stage");
    assert_eq!(name, db.stages[0].name);
}

#[tokio::test]
async fn two_people_editing_different_fields_of_a_contact_both_keep_theirs_and_a_same_field_overwrite_is_told()
 {
    let db = test_db().await;
    let (mut a, mut b) = (Client::new(), Client::new());
    let lan = Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Hoàng Thị Lan".into(),
        company_id: None,
        job_title: String::new(),
        email: "lan@x.vn".into(),
        phone: String::new(),
        version: 0,
        deleted: false,
        merged_into: None,
    };
    applied(&push_all(&db, &mut a, &[Mutation::save(lan.clone())]).await);
    a.pull(&db).await;
    b.pull(&db).await;
    let seen: i64 = sqlx::query_scalar("SELECT version FROM records WHERE id = $1")
        .bind(lan.id)
        .fetch_one(&db.pool)
        .await
        .expect("version");
    let edit = |fields: serde_json::Value| Mutation::EditRecord {
        id: lan.id,
        fields: fields.as_object().cloned().expect("an object"),
        base_version: seen,
    };
    // Both saw the same version; A changes the phone and the job title, B the email and the
    // job title, later.
    applied(
        &push_all(
            &db,
            &mut a,
            &[edit(
                serde_json::json!({ "phone": "0901 234 567", "job_title": "Kế toán" }),
            )],
        )
        .await,
    );
    applied(
        &push_all(
            &db,
            &mut b,
            &[edit(
                serde_json::json!({ "email": "lan@anhduong.vn", "job_title": "Giám đốc" }),
            )],
        )
        .await,
    );
    let pull = a.pull(&db).await;
    let stored = records(&pull)
        .find_map(|r| match r {
            Record::Contact(c) => Some(c.clone()),
            _ => None,
        })
        .expect("the contact");
    assert_eq!(
        (
            stored.phone.as_str(),
            stored.email.as_str(),
            stored.job_title.as_str()
        ),
        ("0901 234 567", "lan@anhduong.vn", "Giám đốc")
    );
    // A is told its job title was replaced, and by what.
    assert_eq!(pull.conflicts.len(), 1);
    let told = &pull.conflicts[0];
    assert_eq!((told.record_id, told.field.as_str()), (lan.id, "job_title"));
    assert_eq!(
        (told.lost.clone(), told.won.clone()),
        (serde_json::json!("Kế toán"), serde_json::json!("Giám đốc"))
    );
}

#[tokio::test]
async fn an_edit_pushed_on_its_own_is_checked_against_the_records_it_points_at() {
    let db = test_db().await;
    let mut c = Client::new();
    let deal = create(&db.stages[0], "Nội thất", "V");
    let quotation = Quotation {
        id: Uuid::now_v7(),
        opportunity_id: deal.record_id(),
        customer_name: "Vinamilk".into(),
        currency: Currency::VND,
        lines: Vec::new(),
        state: QuotationState::Draft,
        valid_until: None,
        note: String::new(),
        version: 0,
        deleted: false,
    };
    applied(&push_all(&db, &mut c, &[deal, Mutation::save(quotation.clone())]).await);
    // A later push, alone: the server must load the quotation's deal to check it.
    let edit = Mutation::EditRecord {
        id: quotation.id,
        fields: serde_json::json!({ "lines": [{
            "description": "Lắp đặt", "quantity": 1, "unit_price": 1_500_000,
            "discount_percent": 0, "tax_percent": 8
        }]})
        .as_object()
        .cloned()
        .expect("an object"),
        base_version: 0,
    };
    applied(&push_all(&db, &mut c, &[edit]).await);
    let stored: serde_json::Value =
        sqlx::query_scalar("SELECT data->'lines'->0->'unit_price' FROM records WHERE id = $1")
            .bind(quotation.id)
            .fetch_one(&db.pool)
            .await
            .expect("the quotation");
    assert_eq!(stored, serde_json::json!(1_500_000));
}

async fn column(db: &TestDb, stage: &Stage) -> Vec<(Uuid, String, i64)> {
    sqlx::query_as(
        "SELECT id, position, version FROM opportunities \
         WHERE stage_id = $1 AND NOT deleted AND NOT lost ORDER BY position COLLATE \"C\", id",
    )
    .bind(stage.id)
    .fetch_all(&db.pool)
    .await
    .expect("column")
}

fn all_differ(cards: &[(Uuid, String, i64)]) -> bool {
    cards.windows(2).all(|w| w[0].1 < w[1].1)
}

#[tokio::test]
async fn two_cards_dropped_into_one_slot_get_positions_of_their_own_and_old_ties_are_repaired() {
    let db = test_db().await;
    let stage = &db.stages[0];
    // Two people, each offline, put a card at the same place ("V", between no one).
    let (mut a, mut b) = (Client::new(), Client::new());
    applied(&push_all(&db, &mut a, &[create(stage, "Bàn giao", "V")]).await);
    applied(&push_all(&db, &mut b, &[create(stage, "Khảo sát", "V")]).await);
    let third = create(stage, "Báo giá", "V");
    applied(&push_all(&db, &mut a, std::slice::from_ref(&third)).await);
    let cards = column(&db, stage).await;
    assert_eq!(cards.len(), 3);
    assert!(all_differ(&cards), "no tie is stored: {cards:?}");
    // The first keeps its place; each later one lands just after the card it tied with.
    assert_eq!(cards[0].1, "V");
    // A browser sees the position the server gave.
    let pulled = b.pull(&db).await;
    let seen = pulled
        .opportunities
        .iter()
        .find(|o| o.id == third.record_id())
        .expect("pulled");
    assert_ne!(seen.position, "V");

    // A client that puts card after card at the same place (a script, a bench) is never
    // refused for it: the keys grow until they may not, and then the tie stays.
    let again: Vec<Mutation> = (0..400)
        .map(|n| create(stage, &format!("Lặp lại {n}"), "V"))
        .collect();
    applied(&push_all(&db, &mut a, &again).await);

    // Ties left from before (an older version stored them): the start-up repair unties them
    // in the order they were shown, each as a change browsers pull, and then finds nothing.
    sqlx::query("UPDATE opportunities SET position = 'M' WHERE stage_id = $1")
        .bind(stage.id)
        .execute(&db.pool)
        .await
        .expect("ties");
    let shown: Vec<Uuid> = column(&db, stage).await.iter().map(|c| c.0).collect();
    let cursor = b.cursor;
    let moved = server::repair::untie_positions(&db.pool)
        .await
        .expect("repair");
    assert_eq!(moved, shown.len() - 1);
    let after = column(&db, stage).await;
    assert!(all_differ(&after), "{after:?}");
    assert_eq!(
        after.iter().map(|c| c.0).collect::<Vec<_>>(),
        shown,
        "the order is kept"
    );
    let pulled = b.pull(&db).await;
    assert!(b.cursor > cursor);
    assert_eq!(
        pulled.opportunities.len(),
        moved,
        "those that moved reach the browsers"
    );
    assert_eq!(
        server::repair::untie_positions(&db.pool)
            .await
            .expect("again"),
        0
    );
}
