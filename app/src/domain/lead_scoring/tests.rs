use chrono::Days;

use super::*;
use crate::domain::filter::{Condition, Op};
use crate::domain::{
    Activity, Mutation, NewOpportunity, OpportunityFields, Source, Stage, Subject, apply_on,
};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn cond(field: &str, op: Op, values: &[&str]) -> Condition {
    Condition {
        field: field.into(),
        op,
        values: values.iter().map(|v| v.to_string()).collect(),
        of: None,
    }
}

fn rule(name: &str, points: i32, conditions: Vec<Condition>) -> ScoringRule {
    ScoringRule {
        id: Uuid::now_v7(),
        name: name.into(),
        filter: Filter {
            conditions,
            ..Filter::default()
        },
        points,
        version: 1,
        deleted: false,
    }
}

struct World {
    store: Store,
    website: Uuid,
    stage: Uuid,
}

/// A pipeline with one open stage, a source "Website", and three rules: from the website +40,
/// with an email +10, no activity due in the last 30 days −15.
fn world(mql_at: Option<i32>) -> World {
    let stage = Stage::sample(1, false);
    let website = Source {
        id: Uuid::now_v7(),
        name: "Website".into(),
        version: 1,
        deleted: false,
    };
    let mut store = Store::default();
    let (stage_id, website_id) = (stage.id, website.id);
    store.put(Record::Stage(stage));
    store.put(Record::Stage(Stage::sample(9, true)));
    store.put(Record::Source(website));
    store.put(Record::ScoringRule(rule(
        "From the website",
        40,
        vec![cond("source_id", Op::OneOf, &[&website_id.to_string()])],
    )));
    store.put(Record::ScoringRule(rule(
        "Left an email",
        10,
        vec![cond("email", Op::IsSet, &[])],
    )));
    store.put(Record::ScoringRule(ScoringRule {
        filter: Filter {
            conditions: vec![Condition {
                field: "activity.subject".into(),
                op: Op::HasNone,
                values: Vec::new(),
                of: Some(Filter {
                    conditions: vec![cond("due", Op::Within, &["last_30_days"])],
                    ..Filter::default()
                }),
            }],
            ..Filter::default()
        },
        ..rule("Quiet for a month", -15, Vec::new())
    }));
    store.put(Record::LeadQualification(LeadQualification {
        id: Uuid::now_v7(),
        mql_at,
        version: 1,
        deleted: false,
    }));
    World {
        store,
        website: website_id,
        stage: stage_id,
    }
}

fn new_lead(w: &World, email: &str, source: Option<Uuid>) -> Mutation {
    Mutation::CreateOpportunity(NewOpportunity {
        country: String::new(),
        province: String::new(),
        postcode: String::new(),
        lead: true,
        email: email.into(),
        source_id: source,
        title: "Lọc nước cho trường Tiểu học Nguyễn Du".into(),
        ..NewOpportunity::sample(w.stage)
    })
}

fn made(w: &World, m: &Mutation, on: NaiveDate) -> Opportunity {
    match apply_on(m, &w.store, on).unwrap().remove(0) {
        Record::Opportunity(o) => o,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_leads_score_is_the_sum_of_the_rules_it_meets() {
    let w = world(None);
    let on = day("2026-12-05");
    // From the website, with an email, no activity: 40 + 10 − 15.
    let lead = made(&w, &new_lead(&w, "lan@truong.edu.vn", Some(w.website)), on);
    assert_eq!(lead.score, Some(35));
    // Without an email nor a source: only the month without activity.
    let bare = made(&w, &new_lead(&w, "", None), on);
    assert_eq!(bare.score, Some(-15));
    // The rules it met, in their order, for the "why".
    let scorer = Scorer::new(&w.store, on).unwrap();
    let met: Vec<&str> = scorer.met(&lead).iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        met,
        ["From the website", "Left an email", "Quiet for a month"]
    );
    // No threshold: scored, never handed to sales.
    assert_eq!(lead.qualification, Qualification::Lead);
    assert_eq!(lead.mql_on, None);
}

#[test]
fn an_activity_in_the_month_takes_the_quiet_rule_away() {
    let mut w = world(None);
    let on = day("2026-12-05");
    let lead = made(&w, &new_lead(&w, "", Some(w.website)), on);
    assert_eq!(lead.score, Some(25));
    w.store.put(Record::Opportunity(lead.clone()));
    let call = Activity {
        id: Uuid::now_v7(),
        type_id: Uuid::now_v7(),
        subject: Subject::deal(lead.id),
        summary: "Gọi lại".into(),
        note: String::new(),
        due: on - Days::new(3),
        user_id: None,
        done: true,
        done_on: Some(on - Days::new(3)),
        feedback: String::new(),
        version: 1,
        deleted: false,
    };
    w.store.put(Record::Activity(call));
    let edit = Mutation::SetOpportunityFields {
        id: lead.id,
        fields: OpportunityFields {
            description: Some("Cần 40 máy".into()),
            ..OpportunityFields::default()
        },
        base_version: lead.version,
    };
    assert_eq!(made(&w, &edit, on).score, Some(40));
    // Forty days on, the call is older than a month: quiet again.
    assert_eq!(made(&w, &edit, on + Days::new(40)).score, Some(25));
}

#[test]
fn reaching_the_threshold_hands_a_lead_to_sales_once() {
    let mut w = world(Some(30));
    let on = day("2026-12-05");
    let low = made(&w, &new_lead(&w, "", None), on);
    assert_eq!(
        (low.score, low.qualification),
        (Some(-15), Qualification::Lead)
    );
    let lead = made(&w, &new_lead(&w, "lan@truong.edu.vn", Some(w.website)), on);
    assert_eq!(lead.qualification, Qualification::Mql);
    assert_eq!(lead.mql_on, Some(on));
    w.store.put(Record::Opportunity(lead.clone()));
    // Its email taken away a week later: 25, below the threshold, but it stays handed over,
    // handed over on its first day.
    let later = on + Days::new(7);
    let edit = Mutation::SetOpportunityFields {
        id: lead.id,
        fields: OpportunityFields {
            email: Some(String::new()),
            ..OpportunityFields::default()
        },
        base_version: lead.version,
    };
    let lower = made(&w, &edit, later);
    assert_eq!(lower.score, Some(25));
    assert_eq!(
        (lower.qualification, lower.mql_on),
        (Qualification::Mql, Some(on))
    );
}

#[test]
fn sales_accept_a_lead_or_send_it_back_saying_why() {
    let mut w = world(Some(30));
    let on = day("2026-12-05");
    let lead = made(&w, &new_lead(&w, "lan@truong.edu.vn", Some(w.website)), on);
    w.store.put(Record::Opportunity(lead.clone()));
    let to = |q: Qualification, reason: Option<&str>| Mutation::SetOpportunityFields {
        id: lead.id,
        fields: OpportunityFields {
            qualification: Some(q),
            returned_reason: reason.map(String::from),
            ..OpportunityFields::default()
        },
        base_version: lead.version,
    };
    let next = day("2026-12-08");
    let accepted = made(&w, &to(Qualification::Sql, None), next);
    assert_eq!(accepted.qualification, Qualification::Sql);
    assert_eq!((accepted.mql_on, accepted.sql_on), (Some(on), Some(next)));
    // Sent back: a reason is needed.
    assert_eq!(
        apply_on(&to(Qualification::Returned, Some("  ")), &w.store, next),
        Err(RuleError::Required("opportunity.returned_reason".into()))
    );
    let back = made(
        &w,
        &to(
            Qualification::Returned,
            Some(" Chỉ hỏi giá, chưa có ngân sách "),
        ),
        next,
    );
    assert_eq!(back.qualification, Qualification::Returned);
    assert_eq!(back.returned_reason, "Chỉ hỏi giá, chưa có ngân sách");
    w.store.put(Record::Opportunity(back.clone()));
    // Its score does not hand it over again; marketing does, by hand, and the reason goes.
    let touched = Mutation::SetOpportunityFields {
        id: lead.id,
        fields: OpportunityFields {
            description: Some("Hỏi lại sau Tết".into()),
            ..OpportunityFields::default()
        },
        base_version: back.version,
    };
    assert_eq!(
        made(&w, &touched, next).qualification,
        Qualification::Returned
    );
    let again = made(&w, &to(Qualification::Mql, None), next);
    assert_eq!(
        (again.qualification, again.returned_reason.as_str()),
        (Qualification::Mql, "")
    );
    assert_eq!(again.mql_on, Some(on));
}

#[test]
fn a_deal_is_not_qualified_and_keeps_the_score_it_had() {
    let mut w = world(Some(30));
    let on = day("2026-12-05");
    let deal = made(
        &w,
        &Mutation::CreateOpportunity(NewOpportunity::sample(w.stage)),
        on,
    );
    assert_eq!(
        (deal.score, deal.qualification),
        (None, Qualification::Lead)
    );
    w.store.put(Record::Opportunity(deal.clone()));
    let accept = Mutation::SetOpportunityFields {
        id: deal.id,
        fields: OpportunityFields {
            qualification: Some(Qualification::Sql),
            ..OpportunityFields::default()
        },
        base_version: deal.version,
    };
    assert_eq!(apply_on(&accept, &w.store, on), Err(RuleError::NotALead));
}

#[test]
fn without_rules_leads_have_no_score() {
    let mut w = world(Some(30));
    for r in &mut w.store.scoring_rules {
        r.deleted = true;
    }
    let lead = made(
        &w,
        &new_lead(&w, "lan@truong.edu.vn", None),
        day("2026-12-05"),
    );
    assert_eq!(
        (lead.score, lead.qualification),
        (None, Qualification::Lead)
    );
}

#[test]
fn a_rule_is_named_scores_something_and_speaks_of_leads_as_anyone_reads_them() {
    let w = world(None);
    let good = rule("Hanoi", 5, vec![cond("lead", Op::Is, &["yes"])]);
    assert!(good.save(&w.store).is_ok());
    let refused = |r: ScoringRule| r.save(&w.store).unwrap_err();
    assert_eq!(
        refused(ScoringRule {
            name: "  ".into(),
            ..good.clone()
        }),
        RuleError::Required("scoring_rule.name".into())
    );
    for points in [0, 1_001, -1_001] {
        assert!(matches!(
            refused(ScoringRule {
                points,
                ..good.clone()
            }),
            RuleError::OutOfRange { .. }
        ));
    }
    assert_eq!(
        refused(ScoringRule {
            filter: Filter::default(),
            ..good.clone()
        }),
        RuleError::Required("scoring_rule.filter".into())
    );
    assert_eq!(
        refused(rule(
            "Mine",
            5,
            vec![cond("salesperson_id", Op::OneOf, &["me"])]
        )),
        RuleError::FilterValue {
            field: "salesperson_id".into(),
            value: "me".into()
        }
    );
    assert!(matches!(
        refused(rule("Nope", 5, vec![cond("no_such_field", Op::Is, &["x"])])),
        RuleError::FilterField(_)
    ));
    // One threshold per organisation.
    let second = LeadQualification {
        id: Uuid::now_v7(),
        mql_at: Some(10),
        version: 0,
        deleted: false,
    };
    assert!(matches!(
        second.save(&w.store),
        Err(RuleError::RecordExists(_))
    ));
}

#[test]
fn where_a_lead_stands_is_written_as_data_says_it() {
    for q in Qualification::ALL {
        assert_eq!(Qualification::parse(q.code()), Some(q));
        assert_eq!(
            serde_json::to_value(q).unwrap(),
            serde_json::Value::String(q.code().into())
        );
    }
    assert_eq!(Qualification::parse("won"), None);
    // An import writes an empty field as null: a plain lead.
    let mut deal = serde_json::to_value(crate::domain::Opportunity::sample(
        Uuid::now_v7(),
        "Đơn hàng",
    ))
    .unwrap();
    deal["qualification"] = serde_json::Value::Null;
    let read: crate::domain::Opportunity = serde_json::from_value(deal).unwrap();
    assert_eq!(read.qualification, Qualification::Lead);
}
