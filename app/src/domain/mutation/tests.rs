use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::domain::{Currency, LostReason, Stage, User};

fn stage(name: &str, sequence: i32, probability: u8, is_won: bool) -> Stage {
    Stage {
        id: Uuid::now_v7(),
        name: name.into(),
        sequence,
        is_won,
        folded: false,
        rotting_days: 0,
        team_id: None,
        probability,
        version: 1,
        deleted: false,
    }
}

/// The set-up the rules consult, with only these stages.
fn only(stages: &[Stage]) -> Store {
    Store {
        stages: stages.to_vec(),
        ..Store::default()
    }
}

fn with_reasons(stages: &[Stage], lost_reasons: &[LostReason]) -> Store {
    Store {
        stages: stages.to_vec(),
        lost_reasons: lost_reasons.to_vec(),
        ..Store::default()
    }
}

fn stages() -> Vec<Stage> {
    vec![
        stage("New", 1, 10, false),
        stage("Proposition", 2, 60, false),
        stage("Won", 3, 100, true),
    ]
}

fn new_opportunity(stage_id: Uuid) -> NewOpportunity {
    NewOpportunity::sample(stage_id)
}

fn created(stages: &[Stage]) -> Opportunity {
    apply_to_opportunity(
        &Mutation::CreateOpportunity(new_opportunity(stages[0].id)),
        None,
        &only(stages),
    )
    .unwrap()
}

#[test]
fn creating_takes_the_stage_probability_and_trims_the_title() {
    let stages = stages();
    let o = created(&stages);
    assert_eq!(o.title, "Office furniture for Vinamilk");
    assert_eq!(o.probability, 10);
    assert!(!o.deleted);
}

#[test]
fn an_empty_title_is_refused() {
    let stages = stages();
    let mut new = new_opportunity(stages[0].id);
    new.title = "   ".into();
    assert_eq!(
        apply_to_opportunity(&Mutation::CreateOpportunity(new), None, &only(&stages)),
        Err(RuleError::EmptyTitle)
    );
}

#[test]
fn a_negative_revenue_is_refused() {
    let stages = stages();
    let mut new = new_opportunity(stages[0].id);
    new.expected_revenue = Money::new(-1, Currency::USD);
    assert_eq!(
        apply_to_opportunity(&Mutation::CreateOpportunity(new), None, &only(&stages)),
        Err(RuleError::NegativeRevenue)
    );
    let o = created(&stages);
    let set = Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            expected_revenue: Some(Money::new(-5, Currency::VND)),
            ..Default::default()
        },
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&set, Some(&o), &only(&stages)),
        Err(RuleError::NegativeRevenue)
    );
}

#[test]
fn an_unknown_or_deleted_stage_is_refused() {
    let mut stages = stages();
    let elsewhere = Uuid::now_v7();
    let new = new_opportunity(elsewhere);
    assert_eq!(
        apply_to_opportunity(&Mutation::CreateOpportunity(new), None, &only(&stages)),
        Err(RuleError::UnknownStage(elsewhere))
    );
    let o = created(&stages);
    stages[1].deleted = true;
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[1].id,
        position: "V".into(),
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&mv, Some(&o), &only(&stages)),
        Err(RuleError::UnknownStage(stages[1].id))
    );
}

#[test]
fn moving_a_card_to_a_won_stage_sets_probability_to_100() {
    let stages = stages();
    let o = created(&stages);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[2].id,
        position: "k".into(),
        base_version: 0,
    };
    let moved = apply_to_opportunity(&mv, Some(&o), &only(&stages)).unwrap();
    assert_eq!(moved.stage_id, stages[2].id);
    assert_eq!(moved.position, "k");
    assert_eq!(moved.probability, 100);
}

#[test]
fn moving_to_another_stage_takes_its_default_probability_but_reordering_keeps_it() {
    let stages = stages();
    let mut o = created(&stages);
    o.probability = 33;
    let reorder = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[0].id,
        position: "a".into(),
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&reorder, Some(&o), &only(&stages))
            .unwrap()
            .probability,
        33
    );
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[1].id,
        position: "a".into(),
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&mv, Some(&o), &only(&stages))
            .unwrap()
            .probability,
        60
    );
}

#[test]
fn a_won_opportunitys_probability_cannot_be_lowered() {
    let stages = stages();
    let o = created(&stages);
    let won = apply_to_opportunity(
        &Mutation::MoveOpportunity {
            id: o.id,
            stage_id: stages[2].id,
            position: "V".into(),
            base_version: 0,
        },
        Some(&o),
        &only(&stages),
    )
    .unwrap();
    let set = Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            probability: Some(50),
            ..Default::default()
        },
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&set, Some(&won), &only(&stages)),
        Err(RuleError::WonProbabilityFixed)
    );
}

#[test]
fn a_malformed_position_is_refused() {
    let stages = stages();
    let o = created(&stages);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[1].id,
        position: "not a key!".into(),
        base_version: 0,
    };
    assert!(matches!(
        apply_to_opportunity(&mv, Some(&o), &only(&stages)),
        Err(RuleError::InvalidPosition(_))
    ));
}

#[test]
fn setting_fields_changes_only_those_fields_and_validates_them() {
    let stages = stages();
    let o = created(&stages);
    let set = Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            priority: Some(3),
            phone: Some("0901 234 567".into()),
            ..Default::default()
        },
        base_version: 0,
    };
    let next = apply_to_opportunity(&set, Some(&o), &only(&stages)).unwrap();
    assert_eq!(
        (next.priority, next.phone.as_str(), next.title.as_str()),
        (3, "0901 234 567", o.title.as_str())
    );
    let bad = |fields| Mutation::SetOpportunityFields {
        id: o.id,
        fields,
        base_version: 0,
    };
    let checks = [
        (
            OpportunityFields {
                priority: Some(4),
                ..Default::default()
            },
            RuleError::InvalidPriority,
        ),
        (
            OpportunityFields {
                probability: Some(101),
                ..Default::default()
            },
            RuleError::InvalidProbability,
        ),
        (
            OpportunityFields {
                email: Some("nobody".into()),
                ..Default::default()
            },
            RuleError::InvalidEmail("nobody".into()),
        ),
        (
            OpportunityFields {
                phone: Some("call me".into()),
                ..Default::default()
            },
            RuleError::InvalidPhone("call me".into()),
        ),
        (
            OpportunityFields {
                title: Some("x".repeat(201)),
                ..Default::default()
            },
            RuleError::TooLong {
                field: "opportunity.title".into(),
                max: 200,
            },
        ),
    ];
    for (fields, err) in checks {
        assert_eq!(
            apply_to_opportunity(&bad(fields), Some(&o), &only(&stages)),
            Err(err)
        );
    }
}

#[test]
fn creating_an_existing_id_or_a_non_time_ordered_id_is_refused() {
    let stages = stages();
    let o = created(&stages);
    let mut again = new_opportunity(stages[0].id);
    again.id = o.id;
    assert_eq!(
        apply_to_opportunity(
            &Mutation::CreateOpportunity(again),
            Some(&o),
            &only(&stages)
        ),
        Err(RuleError::AlreadyExists(o.id))
    );
    let mut v4 = new_opportunity(stages[0].id);
    v4.id = Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef);
    assert_eq!(
        apply_to_opportunity(&Mutation::CreateOpportunity(v4), None, &only(&stages)),
        Err(RuleError::IdNotTimeOrdered)
    );
}

#[test]
fn editing_or_moving_a_deleted_or_unknown_opportunity_is_refused() {
    let stages = stages();
    let o = created(&stages);
    let deleted = apply_to_opportunity(
        &Mutation::DeleteOpportunity { id: o.id },
        Some(&o),
        &only(&stages),
    )
    .unwrap();
    assert!(deleted.deleted);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[1].id,
        position: "V".into(),
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&mv, Some(&deleted), &only(&stages)),
        Err(RuleError::Deleted(o.id))
    );
    assert_eq!(
        apply_to_opportunity(&mv, None, &only(&stages)),
        Err(RuleError::UnknownOpportunity(o.id))
    );
}

#[test]
fn malformed_ids_are_named_when_a_mutation_is_read() {
    let bad =
        json!({"type": "MoveOpportunity", "id": "42", "stage_id": Uuid::now_v7(), "position": "V"});
    assert_eq!(
        Mutation::from_json(&bad),
        Err(RuleError::MalformedId {
            field: "id".into(),
            value: "42".into()
        })
    );
    let nested = json!({"type": "CreateOpportunity", "id": Uuid::now_v7(), "title": "x", "stage_id": "zzz",
        "position": "V", "expected_revenue": {"minor": 1, "currency": "USD"}});
    assert!(
        matches!(Mutation::from_json(&nested), Err(RuleError::MalformedId { field, .. }) if field == "stage_id")
    );
    assert!(matches!(
        Mutation::from_json(&json!({"type": "Explode"})),
        Err(RuleError::Malformed(_))
    ));
}

#[test]
fn a_mutation_survives_the_wire() {
    let stages = stages();
    let m = Mutation::CreateOpportunity(new_opportunity(stages[0].id));
    let value = serde_json::to_value(&m).unwrap();
    assert_eq!(Mutation::from_json(&value).unwrap(), m);
}

#[test]
fn diff_lists_the_changed_fields_only() {
    let stages = stages();
    let o = created(&stages);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: stages[1].id,
        position: "a".into(),
        base_version: 0,
    };
    let moved = apply_to_opportunity(&mv, Some(&o), &only(&stages)).unwrap();
    let mut fields: Vec<String> = diff(Some(&o), &moved)
        .into_iter()
        .map(|c| c.field)
        .collect();
    fields.sort();
    assert_eq!(fields, ["position", "probability", "stage_id"]);
    assert!(
        diff(None, &o)
            .iter()
            .any(|c| c.field == "title" && c.old.is_null())
    );
}

#[test]
fn a_deleted_opportunity_can_be_restored_as_it_was() {
    let stages = stages();
    let o = created(&stages);
    let deleted = apply_to_opportunity(
        &Mutation::DeleteOpportunity { id: o.id },
        Some(&o),
        &only(&stages),
    )
    .unwrap();
    let restored = apply_to_opportunity(
        &Mutation::RestoreOpportunity { id: o.id },
        Some(&deleted),
        &only(&stages),
    )
    .unwrap();
    assert_eq!(restored, o);
    assert_eq!(
        apply_to_opportunity(
            &Mutation::RestoreOpportunity { id: o.id },
            None,
            &only(&stages),
        ),
        Err(RuleError::UnknownOpportunity(o.id))
    );
}

fn reasons() -> Vec<LostReason> {
    vec![LostReason {
        id: Uuid::now_v7(),
        name: "Too expensive".into(),
        version: 1,
        deleted: false,
    }]
}

#[test]
fn marking_won_moves_to_the_won_stage_with_probability_100() {
    let stages = stages();
    let o = created(&stages);
    let won = apply_to_opportunity(
        &Mutation::MarkWon {
            id: o.id,
            position: "V".into(),
        },
        Some(&o),
        &only(&stages),
    )
    .unwrap();
    assert_eq!(
        (won.stage_id, won.probability, won.lost),
        (stages[2].id, 100, false)
    );
    let no_won_stage = &stages[..2];
    assert_eq!(
        apply_to_opportunity(
            &Mutation::MarkWon {
                id: o.id,
                position: "V".into()
            },
            Some(&o),
            &only(no_won_stage),
        ),
        Err(RuleError::NoWonStage)
    );
}

#[test]
fn marking_lost_keeps_the_reason_and_note_and_sets_probability_to_0() {
    let (stages, reasons) = (stages(), reasons());
    let o = created(&stages);
    let lose = Mutation::MarkLost {
        id: o.id,
        reason_id: Some(reasons[0].id),
        note: " Giá cao hơn đối thủ 15% ".into(),
    };
    let lost = apply_to_opportunity(&lose, Some(&o), &with_reasons(&stages, &reasons)).unwrap();
    assert!(lost.lost);
    assert_eq!(
        (lost.probability, lost.lost_reason_id),
        (0, Some(reasons[0].id))
    );
    assert_eq!(lost.lost_note, "Giá cao hơn đối thủ 15%");
    assert_eq!(lost.stage_id, o.stage_id, "a lost deal keeps its stage");
}

#[test]
fn an_unknown_lost_reason_or_an_overlong_note_is_refused() {
    let (stages, reasons) = (stages(), reasons());
    let o = created(&stages);
    let elsewhere = Uuid::now_v7();
    let unknown = Mutation::MarkLost {
        id: o.id,
        reason_id: Some(elsewhere),
        note: String::new(),
    };
    assert_eq!(
        apply_to_opportunity(&unknown, Some(&o), &with_reasons(&stages, &reasons)),
        Err(RuleError::UnknownLostReason(elsewhere))
    );
    let long = Mutation::MarkLost {
        id: o.id,
        reason_id: None,
        note: "x".repeat(2001),
    };
    assert!(matches!(
        apply_to_opportunity(&long, Some(&o), &with_reasons(&stages, &reasons)),
        Err(RuleError::TooLong { .. })
    ));
}

#[test]
fn reopening_a_lost_deal_brings_back_its_stage_probability() {
    let (stages, reasons) = (stages(), reasons());
    let o = created(&stages);
    let lost = apply_to_opportunity(
        &Mutation::MarkLost {
            id: o.id,
            reason_id: Some(reasons[0].id),
            note: "no".into(),
        },
        Some(&o),
        &with_reasons(&stages, &reasons),
    )
    .unwrap();
    let reopened = apply_to_opportunity(
        &Mutation::ReopenLost { id: o.id },
        Some(&lost),
        &with_reasons(&stages, &reasons),
    )
    .unwrap();
    assert!(!reopened.lost);
    assert_eq!(
        (
            reopened.probability,
            reopened.lost_reason_id,
            reopened.lost_note.as_str()
        ),
        (10, None, "")
    );
}

#[test]
fn only_a_user_of_the_organisation_can_be_the_salesperson() {
    let stages = stages();
    let users = [User {
        id: Uuid::now_v7(),
        name: "Lê Thị Mai".into(),
        email: "mai@demo.rapport".into(),
    }];
    let setup = Store {
        stages: stages.clone(),
        users: users.to_vec(),
        ..Store::default()
    };
    let o = created(&stages);
    let assign = |who| Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            salesperson_id: Some(Some(who)),
            ..Default::default()
        },
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&assign(users[0].id), Some(&o), &setup)
            .unwrap()
            .salesperson_id,
        Some(users[0].id)
    );
    let stranger = Uuid::now_v7();
    assert_eq!(
        apply_to_opportunity(&assign(stranger), Some(&o), &setup),
        Err(RuleError::UnknownSalesperson(stranger))
    );
    let unassign = Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            salesperson_id: Some(None),
            ..Default::default()
        },
        base_version: 0,
    };
    assert_eq!(
        apply_to_opportunity(&unassign, Some(&o), &setup)
            .unwrap()
            .salesperson_id,
        None
    );
}

#[test]
fn deals_keep_the_day_they_were_created_won_lost_and_reopened() {
    let stages = stages();
    let reasons = vec![LostReason {
        id: Uuid::now_v7(),
        name: "Price".into(),
        version: 1,
        deleted: false,
    }];
    let mut store = with_reasons(&stages, &reasons);
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let mut run = |m: Mutation, on| {
        let records = apply_on(&m, &store, on).unwrap();
        let Record::Opportunity(o) = records[0].clone() else {
            panic!("not a deal")
        };
        store.opportunities.insert(o.id, o.clone());
        o
    };
    let new = new_opportunity(stages[0].id);
    let id = new.id;
    let o = run(Mutation::CreateOpportunity(new), day(2));
    assert_eq!((o.created_on, o.closed_on), (Some(day(2)), None));
    // An edit changes neither day.
    let fields = OpportunityFields {
        title: Some("Renamed".into()),
        ..OpportunityFields::default()
    };
    let edit = |base_version| Mutation::SetOpportunityFields {
        id,
        fields: fields.clone(),
        base_version,
    };
    let o = run(edit(0), day(3));
    assert_eq!((o.created_on, o.closed_on), (Some(day(2)), None));
    let lost = Mutation::MarkLost {
        id,
        reason_id: Some(reasons[0].id),
        note: String::new(),
    };
    assert_eq!(run(lost, day(5)).closed_on, Some(day(5)));
    assert_eq!(run(edit(0), day(6)).closed_on, Some(day(5)));
    assert_eq!(run(Mutation::ReopenLost { id }, day(7)).closed_on, None);
    // Dragged into the won column is won too.
    let won = Mutation::MoveOpportunity {
        id,
        stage_id: stages[2].id,
        position: "V".into(),
        base_version: 0,
    };
    let o = run(won, day(9));
    assert_eq!((o.created_on, o.closed_on), (Some(day(2)), Some(day(9))));
    let back = Mutation::MoveOpportunity {
        id,
        stage_id: stages[1].id,
        position: "V".into(),
        base_version: 0,
    };
    assert_eq!(run(back, day(10)).closed_on, None);
}

#[test]
fn deals_keep_the_day_they_entered_their_stage_and_their_last_change() {
    let stages = stages();
    let mut store = with_reasons(&stages, &[]);
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let mut run = |m: Mutation, on| {
        let records = apply_on(&m, &store, on).unwrap();
        let Record::Opportunity(o) = records[0].clone() else {
            panic!("not a deal")
        };
        store.opportunities.insert(o.id, o.clone());
        (o.stage_since, o.changed_on)
    };
    let new = new_opportunity(stages[0].id);
    let id = new.id;
    assert_eq!(
        run(Mutation::CreateOpportunity(new), day(2)),
        (Some(day(2)), Some(day(2)))
    );
    // An edit is a change, not a new stage.
    let edit = Mutation::SetOpportunityFields {
        id,
        fields: OpportunityFields {
            title: Some("Renamed".into()),
            ..OpportunityFields::default()
        },
        base_version: 0,
    };
    assert_eq!(run(edit, day(5)), (Some(day(2)), Some(day(5))));
    // Moved within its column: still the same stage since day 2.
    let reorder = |stage: usize, position: &str| Mutation::MoveOpportunity {
        id,
        stage_id: stages[stage].id,
        position: position.into(),
        base_version: 0,
    };
    assert_eq!(run(reorder(0, "a"), day(6)), (Some(day(2)), Some(day(6))));
    // Into the next stage: there since that day.
    assert_eq!(run(reorder(1, "V"), day(9)), (Some(day(9)), Some(day(9))));
}

#[test]
fn campaigns_and_sources_are_checked_only_when_set() {
    use crate::domain::{Campaign, Source};
    let stages = stages();
    let campaign = Campaign {
        id: Uuid::now_v7(),
        name: "Tết".into(),
        version: 1,
        deleted: false,
    };
    let source = Source {
        id: Uuid::now_v7(),
        name: "Web".into(),
        version: 1,
        deleted: false,
    };
    let mut store = Store {
        campaigns: vec![campaign.clone()],
        sources: vec![source.clone()],
        ..only(&stages)
    };
    let mut new = new_opportunity(stages[0].id);
    new.campaign_id = Some(campaign.id);
    new.source_id = Some(source.id);
    let o = apply_to_opportunity(&Mutation::CreateOpportunity(new.clone()), None, &store).unwrap();
    assert_eq!(
        (o.campaign_id, o.source_id),
        (Some(campaign.id), Some(source.id))
    );
    // The source is deleted since: the campaign can still be changed, the source not set again.
    store.sources[0].deleted = true;
    let set = |fields: OpportunityFields| Mutation::SetOpportunityFields {
        id: o.id,
        fields,
        base_version: 0,
    };
    let cleared = apply_to_opportunity(
        &set(OpportunityFields {
            campaign_id: Some(None),
            ..OpportunityFields::default()
        }),
        Some(&o),
        &store,
    )
    .unwrap();
    assert_eq!(
        (cleared.campaign_id, cleared.source_id),
        (None, Some(source.id))
    );
    assert_eq!(
        apply_to_opportunity(
            &set(OpportunityFields {
                source_id: Some(Some(source.id)),
                ..OpportunityFields::default()
            }),
            Some(&o),
            &store,
        ),
        Err(RuleError::Missing {
            kind: "source".into(),
            id: source.id
        })
    );
    // A deal cannot be created with a deleted source either.
    new.id = Uuid::now_v7();
    assert_eq!(
        apply_to_opportunity(&Mutation::CreateOpportunity(new), None, &store),
        Err(RuleError::Missing {
            kind: "source".into(),
            id: source.id
        })
    );
    // Saving a campaign is never a way to delete it.
    let sneaky = Campaign {
        deleted: true,
        ..campaign
    };
    let saved = apply(&Mutation::save(sneaky), &store).unwrap();
    assert!(matches!(&saved[0], Record::Campaign(c) if !c.deleted));
}

#[test]
fn a_deal_won_without_a_day_gets_one_at_its_next_change() {
    // A stage made the won stage while holding deals: they are won, with no closing day yet.
    let mut stages = stages();
    let o = Opportunity {
        created_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1),
        ..Opportunity::sample(stages[1].id, "Kho lạnh")
    };
    stages[1].is_won = true;
    let store = Store {
        opportunities: [(o.id, o.clone())].into_iter().collect(),
        ..only(&stages)
    };
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let edit = Mutation::SetOpportunityFields {
        id: o.id,
        fields: OpportunityFields {
            description: Some("signed".into()),
            ..OpportunityFields::default()
        },
        base_version: 0,
    };
    let records = apply_on(&edit, &store, day).unwrap();
    assert!(matches!(&records[0], Record::Opportunity(x) if x.closed_on == Some(day)));
}

/// A field cleared in a form reaches the server cleared: `null` is "clear it", not "leave it"
/// (serde alone reads both the same).
#[test]
fn a_field_cleared_is_sent_cleared_and_one_left_out_stays() {
    let id = Uuid::now_v7();
    let cleared = Mutation::SetOpportunityFields {
        id,
        fields: OpportunityFields {
            salesperson_id: Some(None),
            expected_close: Some(None),
            team_id: Some(None),
            contact_id: Some(None),
            company_id: Some(None),
            campaign_id: Some(None),
            source_id: Some(None),
            ..OpportunityFields::default()
        },
        base_version: 3,
    };
    let sent = serde_json::to_value(&cleared).unwrap();
    assert_eq!(sent["fields"]["expected_close"], serde_json::Value::Null);
    assert_eq!(serde_json::from_value::<Mutation>(sent).unwrap(), cleared);
    // Left out, or set: as they were.
    let untouched: OpportunityFields = serde_json::from_value(serde_json::json!({})).unwrap();
    assert_eq!(untouched.salesperson_id, None);
    let set: OpportunityFields =
        serde_json::from_value(serde_json::json!({"salesperson_id": id})).unwrap();
    assert_eq!(set.salesperson_id, Some(Some(id)));
}
