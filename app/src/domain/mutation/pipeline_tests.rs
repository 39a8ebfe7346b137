//! The rules of the set-up (teams, stages, tags), of activities, of contacts and of converting a
//! lead, as `apply` runs them against a `Store`.

use serde_json::json;
use uuid::Uuid;

use super::*;
use crate::domain::activity::{Chaining, DelayFrom, DelayUnit};
use crate::domain::{
    Activity, ActivityType, Currency, LostReason, Stage, Subject, Tag, Team, User, diff_records,
};

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An id that is valid but not time-ordered (version 4).
fn v4_id() -> Uuid {
    Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef)
}

fn user(name: &str) -> User {
    User {
        id: Uuid::now_v7(),
        name: name.into(),
        email: "sales@demo.rapport".into(),
    }
}

fn team(name: &str, leader_id: Option<Uuid>, member_ids: Vec<Uuid>) -> Team {
    Team {
        id: Uuid::now_v7(),
        name: name.into(),
        leader_id,
        member_ids,
        for_quotations: false,
        for_opportunities: true,
        for_warranty: false,
        shared_pipeline: false,
        version: 1,
        deleted: false,
    }
}

fn stage(name: &str, sequence: i32, probability: u8, is_won: bool, team: Option<Uuid>) -> Stage {
    Stage {
        id: Uuid::now_v7(),
        name: name.into(),
        sequence,
        is_won,
        folded: false,
        probability,
        team_id: team,
        version: 1,
        deleted: false,
    }
}

fn tag(name: &str, colour: u8) -> Tag {
    Tag {
        id: Uuid::now_v7(),
        name: name.into(),
        colour,
        version: 1,
        deleted: false,
    }
}

fn activity_type(
    name: &str,
    delay: u16,
    unit: DelayUnit,
    from: DelayFrom,
    chaining: Chaining,
) -> ActivityType {
    ActivityType {
        id: Uuid::now_v7(),
        name: name.into(),
        icon: String::new(),
        delay,
        unit,
        from,
        chaining,
        version: 1,
        deleted: false,
    }
}

/// A type whose done activities lead to nothing.
fn plain_type(name: &str) -> ActivityType {
    activity_type(
        name,
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Nothing,
    )
}

fn activity(type_id: Uuid, opportunity_id: Option<Uuid>, due: NaiveDate) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        type_id,
        // Without a deal: about a contact the test names.
        subject: opportunity_id.map_or(Subject::contact(Uuid::nil()), Subject::deal),
        summary: "Gọi lại cho chị Lan".into(),
        note: String::new(),
        due,
        user_id: None,
        done: false,
        done_on: None,
        feedback: String::new(),
        version: 1,
        deleted: false,
    }
}

fn contact(name: &str) -> Contact {
    Contact {
        id: Uuid::now_v7(),
        name: name.into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 1,
        deleted: false,
    }
}

fn company(name: &str) -> Company {
    Company {
        id: Uuid::now_v7(),
        name: name.into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 1,
        deleted: false,
    }
}

fn opportunity_in(stage_id: Uuid, team_id: Option<Uuid>) -> Opportunity {
    let mut o = Opportunity::sample(stage_id, "Bàn ghế văn phòng cho Vinamilk");
    o.team_id = team_id;
    o
}

fn lead_in(stage_id: Uuid) -> Opportunity {
    let mut o = Opportunity::sample(stage_id, "Khách hỏi giá qua website");
    o.lead = true;
    o
}

fn new_opportunity(stage_id: Uuid, team_id: Option<Uuid>) -> NewOpportunity {
    NewOpportunity {
        id: Uuid::now_v7(),
        title: "Máy lọc nước cho Hòa Phát".into(),
        customer_name: String::new(),
        company_name: String::new(),
        email: String::new(),
        phone: String::new(),
        expected_revenue: Money::new(120_000_000, Currency::VND),
        priority: 1,
        stage_id,
        position: "V".into(),
        salesperson_id: None,
        expected_close: None,
        team_id,
        tag_ids: Vec::new(),
        contact_id: None,
        company_id: None,
        lead: false,
        description: String::new(),
        campaign_id: None,
        source_id: None,
    }
}

fn with(mut store: Store, records: impl IntoIterator<Item = Record>) -> Store {
    for r in records {
        store.put(r);
    }
    store
}

fn set_fields(id: Uuid, fields: OpportunityFields) -> Mutation {
    Mutation::SetOpportunityFields {
        id,
        fields,
        base_version: 0,
    }
}

/// The one record an accepted change returns.
fn one(result: Result<Vec<Record>, RuleError>) -> Record {
    let mut records = result.expect("the change is accepted");
    assert_eq!(records.len(), 1, "exactly one record changes: {records:?}");
    records.remove(0)
}

fn the_opportunity(result: Result<Vec<Record>, RuleError>) -> Opportunity {
    match one(result) {
        Record::Opportunity(o) => o,
        other => panic!("not an opportunity: {other:?}"),
    }
}

fn the_team(result: Result<Vec<Record>, RuleError>) -> Team {
    match one(result) {
        Record::Team(t) => t,
        other => panic!("not a team: {other:?}"),
    }
}

fn the_stage(result: Result<Vec<Record>, RuleError>) -> Stage {
    match one(result) {
        Record::Stage(s) => s,
        other => panic!("not a stage: {other:?}"),
    }
}

fn the_tag(result: Result<Vec<Record>, RuleError>) -> Tag {
    match one(result) {
        Record::Tag(t) => t,
        other => panic!("not a tag: {other:?}"),
    }
}

fn the_activity(result: Result<Vec<Record>, RuleError>) -> Activity {
    match one(result) {
        Record::Activity(a) => a,
        other => panic!("not an activity: {other:?}"),
    }
}

/// Two sales teams, North and South, with a column both boards show, one column each, and a
/// won column each. South's won column comes first in board order.
struct Pipeline {
    store: Store,
    north: Uuid,
    south: Uuid,
    shared: Uuid,
    north_proposal: Uuid,
    south_demo: Uuid,
    north_won: Uuid,
    south_won: Uuid,
}

fn pipeline() -> Pipeline {
    let north = team("Miền Bắc", None, Vec::new());
    let south = team("Miền Nam", None, Vec::new());
    let shared = stage("Mới", 1, 10, false, None);
    let north_proposal = stage("Báo giá", 2, 40, false, Some(north.id));
    let south_demo = stage("Demo", 2, 50, false, Some(south.id));
    let south_won = stage("Chốt (Nam)", 8, 100, true, Some(south.id));
    let north_won = stage("Chốt (Bắc)", 9, 100, true, Some(north.id));
    Pipeline {
        north: north.id,
        south: south.id,
        shared: shared.id,
        north_proposal: north_proposal.id,
        south_demo: south_demo.id,
        north_won: north_won.id,
        south_won: south_won.id,
        store: Store {
            teams: vec![north, south],
            stages: vec![shared, north_proposal, south_demo, south_won, north_won],
            ..Store::default()
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Teams
// ---------------------------------------------------------------------------------------------

#[test]
fn a_team_without_a_name_is_refused() {
    let store = Store::default();
    let unnamed = team("   ", None, Vec::new());
    assert_eq!(
        apply(&Mutation::save(unnamed), &store),
        Err(RuleError::Required("team.name".into()))
    );
}

#[test]
fn a_team_led_by_someone_who_is_not_a_user_is_refused() {
    let mai = user("Lê Thị Mai");
    let store = Store {
        users: vec![mai.clone()],
        ..Store::default()
    };
    let stranger = Uuid::now_v7();
    let led_by_stranger = team("Miền Bắc", Some(stranger), vec![mai.id]);
    assert_eq!(
        apply(&Mutation::save(led_by_stranger), &store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn a_team_with_a_member_who_is_not_a_user_is_refused() {
    let mai = user("Lê Thị Mai");
    let store = Store {
        users: vec![mai.clone()],
        ..Store::default()
    };
    let stranger = Uuid::now_v7();
    let with_stranger = team("Miền Bắc", Some(mai.id), vec![mai.id, stranger]);
    assert_eq!(
        apply(&Mutation::save(with_stranger), &store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn saving_a_team_keeps_each_member_once_in_order_and_trims_its_name() {
    let (mai, nam) = (user("Lê Thị Mai"), user("Trần Văn Nam"));
    let store = Store {
        users: vec![mai.clone(), nam.clone()],
        ..Store::default()
    };
    let twice = team(
        "  Miền Bắc ",
        Some(mai.id),
        vec![nam.id, mai.id, nam.id, mai.id],
    );
    let saved = the_team(apply(&Mutation::save(twice.clone()), &store));
    assert_eq!(
        saved,
        Team {
            name: "Miền Bắc".into(),
            member_ids: vec![nam.id, mai.id],
            ..twice
        }
    );
}

#[test]
fn a_new_team_needs_a_time_ordered_id() {
    let mut old_style = team("Miền Bắc", None, Vec::new());
    old_style.id = v4_id();
    assert_eq!(
        apply(&Mutation::save(old_style), &Store::default()),
        Err(RuleError::IdNotTimeOrdered)
    );
}

#[test]
fn deleting_a_team_marks_it_deleted_and_keeps_the_rest() {
    let north = team("Miền Bắc", None, Vec::new());
    let store = Store {
        teams: vec![north.clone()],
        ..Store::default()
    };
    let deleted = the_team(apply(&Mutation::Delete { id: north.id }, &store));
    assert_eq!(
        deleted,
        Team {
            deleted: true,
            ..north
        }
    );
}

#[test]
fn a_plain_delete_of_an_opportunity_is_the_deals_own_delete() {
    let p = pipeline();
    let o = opportunity_in(p.shared, None);
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    assert_eq!(
        apply(&Mutation::Delete { id: o.id }, &store),
        apply(&Mutation::DeleteOpportunity { id: o.id }, &store)
    );
    assert!(one(apply(&Mutation::Delete { id: o.id }, &store)).is_deleted());
    let nothing = Uuid::now_v7();
    assert_eq!(
        apply(&Mutation::Delete { id: nothing }, &store),
        Err(RuleError::UnknownRecord(nothing))
    );
}

// ---------------------------------------------------------------------------------------------
// Stages per team
// ---------------------------------------------------------------------------------------------

#[test]
fn creating_an_opportunity_of_one_team_in_another_teams_stage_is_refused() {
    let p = pipeline();
    let new = new_opportunity(p.south_demo, Some(p.north));
    assert_eq!(
        apply(&Mutation::CreateOpportunity(new), &p.store),
        Err(RuleError::StageOfAnotherTeam)
    );
}

#[test]
fn creating_an_opportunity_in_its_own_teams_stage_takes_that_stages_probability() {
    let p = pipeline();
    let new = new_opportunity(p.north_proposal, Some(p.north));
    let created = the_opportunity(apply(&Mutation::CreateOpportunity(new.clone()), &p.store));
    assert_eq!(
        (
            created.id,
            created.stage_id,
            created.team_id,
            created.probability
        ),
        (new.id, p.north_proposal, Some(p.north), 40)
    );
}

#[test]
fn a_stage_shown_to_every_team_takes_opportunities_of_any_team() {
    let p = pipeline();
    for team in [Some(p.north), Some(p.south), None] {
        let new = new_opportunity(p.shared, team);
        let created = the_opportunity(apply(&Mutation::CreateOpportunity(new), &p.store));
        assert_eq!(
            (created.stage_id, created.team_id, created.probability),
            (p.shared, team, 10)
        );
    }
}

#[test]
fn creating_an_opportunity_of_an_unknown_or_deleted_team_is_refused() {
    let mut p = pipeline();
    let nowhere = Uuid::now_v7();
    assert_eq!(
        apply(
            &Mutation::CreateOpportunity(new_opportunity(p.shared, Some(nowhere))),
            &p.store
        ),
        Err(RuleError::UnknownTeam(nowhere))
    );
    p.store.teams[0].deleted = true;
    assert_eq!(
        apply(
            &Mutation::CreateOpportunity(new_opportunity(p.shared, Some(p.north))),
            &p.store
        ),
        Err(RuleError::UnknownTeam(p.north))
    );
}

#[test]
fn moving_a_card_into_another_teams_stage_is_refused() {
    let p = pipeline();
    let o = opportunity_in(p.shared, Some(p.north));
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: p.south_demo,
        position: "V".into(),
        base_version: 0,
    };
    assert_eq!(apply(&mv, &store), Err(RuleError::StageOfAnotherTeam));
}

#[test]
fn moving_a_card_into_its_own_teams_stage_takes_that_stages_probability() {
    let p = pipeline();
    let o = opportunity_in(p.shared, Some(p.north));
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    let mv = Mutation::MoveOpportunity {
        id: o.id,
        stage_id: p.north_proposal,
        position: "k".into(),
        base_version: 0,
    };
    let moved = the_opportunity(apply(&mv, &store));
    assert_eq!(
        (moved.stage_id, moved.position.as_str(), moved.probability),
        (p.north_proposal, "k", 40)
    );
}

#[test]
fn changing_the_team_of_an_opportunity_standing_in_its_old_teams_stage_is_refused() {
    let p = pipeline();
    let o = opportunity_in(p.north_proposal, Some(p.north));
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    let to_south = set_fields(
        o.id,
        OpportunityFields {
            team_id: Some(Some(p.south)),
            ..Default::default()
        },
    );
    assert_eq!(apply(&to_south, &store), Err(RuleError::StageOfAnotherTeam));
}

#[test]
fn changing_the_team_of_an_opportunity_in_a_shared_stage_or_clearing_it_is_allowed() {
    let p = pipeline();
    let shared = opportunity_in(p.shared, Some(p.north));
    let proposal = opportunity_in(p.north_proposal, Some(p.north));
    let store = with(
        p.store,
        [
            Record::Opportunity(shared.clone()),
            Record::Opportunity(proposal.clone()),
        ],
    );
    let to_south = set_fields(
        shared.id,
        OpportunityFields {
            team_id: Some(Some(p.south)),
            ..Default::default()
        },
    );
    assert_eq!(
        the_opportunity(apply(&to_south, &store)).team_id,
        Some(p.south)
    );
    let cleared = set_fields(
        proposal.id,
        OpportunityFields {
            team_id: Some(None),
            ..Default::default()
        },
    );
    let next = the_opportunity(apply(&cleared, &store));
    assert_eq!((next.team_id, next.stage_id), (None, p.north_proposal));
}

#[test]
fn setting_an_unknown_team_on_an_opportunity_is_refused() {
    let p = pipeline();
    let o = opportunity_in(p.shared, None);
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    let nowhere = Uuid::now_v7();
    let set = set_fields(
        o.id,
        OpportunityFields {
            team_id: Some(Some(nowhere)),
            ..Default::default()
        },
    );
    assert_eq!(apply(&set, &store), Err(RuleError::UnknownTeam(nowhere)));
}

#[test]
fn marking_won_takes_the_won_stage_the_opportunitys_own_team_shows() {
    let p = pipeline();
    let north_deal = opportunity_in(p.north_proposal, Some(p.north));
    let south_deal = opportunity_in(p.south_demo, Some(p.south));
    let store = with(
        p.store,
        [
            Record::Opportunity(north_deal.clone()),
            Record::Opportunity(south_deal.clone()),
        ],
    );
    let win = |id| Mutation::MarkWon {
        id,
        position: "k".into(),
    };
    let north_won = the_opportunity(apply(&win(north_deal.id), &store));
    assert_eq!(
        (
            north_won.stage_id,
            north_won.probability,
            north_won.position.as_str()
        ),
        (p.north_won, 100, "k")
    );
    let south_won = the_opportunity(apply(&win(south_deal.id), &store));
    assert_eq!(
        (south_won.stage_id, south_won.probability),
        (p.south_won, 100)
    );
}

#[test]
fn marking_a_lead_won_turns_it_into_an_opportunity() {
    let p = pipeline();
    let mut lead = lead_in(p.shared);
    lead.team_id = Some(p.north);
    let store = with(p.store, [Record::Opportunity(lead.clone())]);
    let won = the_opportunity(apply(
        &Mutation::MarkWon {
            id: lead.id,
            position: "V".into(),
        },
        &store,
    ));
    assert_eq!(
        (won.lead, won.stage_id, won.probability),
        (false, p.north_won, 100)
    );
}

#[test]
fn marking_won_when_no_won_stage_is_shown_for_the_team_is_refused() {
    let mut p = pipeline();
    p.store.stages.retain(|s| s.id != p.north_won);
    let o = opportunity_in(p.north_proposal, Some(p.north));
    let store = with(p.store, [Record::Opportunity(o.clone())]);
    assert_eq!(
        apply(
            &Mutation::MarkWon {
                id: o.id,
                position: "V".into()
            },
            &store
        ),
        Err(RuleError::NoWonStage)
    );
}

// ---------------------------------------------------------------------------------------------
// Saving and deleting stages
// ---------------------------------------------------------------------------------------------

#[test]
fn a_won_stage_is_saved_with_probability_100() {
    let won = stage("Chốt", 9, 40, true, None);
    let saved = the_stage(apply(&Mutation::save(won.clone()), &Store::default()));
    assert_eq!(
        saved,
        Stage {
            probability: 100,
            ..won
        }
    );
}

#[test]
fn a_stage_keeps_its_probability_when_it_is_not_won() {
    let proposal = stage("  Báo giá ", 2, 40, false, None);
    let saved = the_stage(apply(&Mutation::save(proposal.clone()), &Store::default()));
    assert_eq!(
        saved,
        Stage {
            name: "Báo giá".into(),
            ..proposal
        }
    );
}

#[test]
fn a_stage_probability_above_100_is_refused() {
    let too_sure = stage("Báo giá", 2, 101, false, None);
    assert_eq!(
        apply(&Mutation::save(too_sure), &Store::default()),
        Err(RuleError::InvalidProbability)
    );
}

#[test]
fn a_stage_of_an_unknown_team_is_refused() {
    let nowhere = Uuid::now_v7();
    let orphan = stage("Báo giá", 2, 40, false, Some(nowhere));
    assert_eq!(
        apply(&Mutation::save(orphan), &Store::default()),
        Err(RuleError::UnknownTeam(nowhere))
    );
}

#[test]
fn a_stage_of_a_deleted_team_is_refused() {
    let mut gone = team("Miền Trung", None, Vec::new());
    gone.deleted = true;
    let store = Store {
        teams: vec![gone.clone()],
        ..Store::default()
    };
    let orphan = stage("Báo giá", 2, 40, false, Some(gone.id));
    assert_eq!(
        apply(&Mutation::save(orphan), &store),
        Err(RuleError::UnknownTeam(gone.id))
    );
}

#[test]
fn deleting_a_stage_that_still_holds_opportunities_is_refused_with_their_number() {
    let p = pipeline();
    let first = opportunity_in(p.north_proposal, Some(p.north));
    let second = opportunity_in(p.north_proposal, Some(p.north));
    let mut lead = lead_in(p.north_proposal);
    lead.team_id = Some(p.north);
    let mut gone = opportunity_in(p.north_proposal, Some(p.north));
    gone.deleted = true;
    let elsewhere = opportunity_in(p.shared, Some(p.north));
    let store = with(
        p.store,
        [first, second, lead, gone, elsewhere].map(Record::Opportunity),
    );
    assert_eq!(
        apply(
            &Mutation::Delete {
                id: p.north_proposal
            },
            &store
        ),
        Err(RuleError::StageInUse(3))
    );
}

#[test]
fn deleting_a_stage_holding_only_deleted_opportunities_marks_it_deleted() {
    let p = pipeline();
    let mut gone = opportunity_in(p.north_proposal, Some(p.north));
    gone.deleted = true;
    let proposal = p.store.stages[1].clone();
    assert_eq!(proposal.id, p.north_proposal);
    let store = with(p.store, [Record::Opportunity(gone)]);
    let deleted = the_stage(apply(
        &Mutation::Delete {
            id: p.north_proposal,
        },
        &store,
    ));
    assert_eq!(
        deleted,
        Stage {
            deleted: true,
            ..proposal
        }
    );
}

#[test]
fn deleting_a_stage_already_deleted_is_refused() {
    let mut p = pipeline();
    p.store.stages[1].deleted = true;
    assert_eq!(
        apply(
            &Mutation::Delete {
                id: p.north_proposal
            },
            &p.store
        ),
        Err(RuleError::UnknownRecord(p.north_proposal))
    );
}

// ---------------------------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------------------------

#[test]
fn a_tag_named_like_another_in_any_case_is_refused() {
    let vip = tag("VIP", 1);
    let store = Store {
        tags: vec![vip],
        ..Store::default()
    };
    assert_eq!(
        apply(&Mutation::save(tag("  vip ", 2)), &store),
        Err(RuleError::Duplicate("vip".into()))
    );
}

#[test]
fn a_tag_keeps_its_own_name_and_may_reuse_a_deleted_tags_name() {
    let vip = tag("VIP", 1);
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let store = Store {
        tags: vec![vip.clone(), old],
        ..Store::default()
    };
    let recoloured = Tag {
        colour: 4,
        ..vip.clone()
    };
    assert_eq!(
        the_tag(apply(&Mutation::save(recoloured.clone()), &store)),
        recoloured
    );
    let again = tag("hội chợ 2025", 5);
    assert_eq!(
        the_tag(apply(&Mutation::save(again.clone()), &store)),
        again
    );
}

#[test]
fn a_tag_colour_outside_the_palette_is_refused() {
    let last = tag("VIP", crate::domain::tag::COLOURS - 1);
    assert_eq!(
        the_tag(apply(&Mutation::save(last.clone()), &Store::default())),
        last
    );
    let beyond = tag("VIP", crate::domain::tag::COLOURS);
    assert_eq!(
        apply(&Mutation::save(beyond), &Store::default()),
        Err(RuleError::OutOfRange {
            field: "tag.colour".into(),
            min: 0,
            max: i64::from(crate::domain::tag::COLOURS) - 1,
        })
    );
}

#[test]
fn a_tag_without_a_name_is_refused() {
    assert_eq!(
        apply(&Mutation::save(tag(" ", 0)), &Store::default()),
        Err(RuleError::Required("tag.name".into()))
    );
}

#[test]
fn creating_an_opportunity_with_an_unknown_tag_is_refused() {
    let p = pipeline();
    let nowhere = Uuid::now_v7();
    let mut new = new_opportunity(p.shared, None);
    new.tag_ids = vec![nowhere];
    assert_eq!(
        apply(&Mutation::CreateOpportunity(new), &p.store),
        Err(RuleError::UnknownTag(nowhere))
    );
}

#[test]
fn creating_an_opportunity_keeps_each_tag_once() {
    let p = pipeline();
    let (vip, fair) = (tag("VIP", 1), tag("Hội chợ", 2));
    let store = Store {
        tags: vec![vip.clone(), fair.clone()],
        ..p.store
    };
    let mut new = new_opportunity(p.shared, None);
    new.tag_ids = vec![fair.id, vip.id, fair.id];
    let created = the_opportunity(apply(&Mutation::CreateOpportunity(new), &store));
    assert_eq!(created.tag_ids, vec![fair.id, vip.id]);
}

#[test]
fn setting_a_deleted_tag_on_an_opportunity_is_refused() {
    let p = pipeline();
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            tags: vec![old.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let set = set_fields(
        o.id,
        OpportunityFields {
            tag_ids: Some(vec![old.id]),
            ..Default::default()
        },
    );
    assert_eq!(apply(&set, &store), Err(RuleError::UnknownTag(old.id)));
}

#[test]
fn setting_the_tags_of_an_opportunity_keeps_each_once_in_order() {
    let p = pipeline();
    let (vip, fair) = (tag("VIP", 1), tag("Hội chợ", 2));
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            tags: vec![vip.clone(), fair.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let set = set_fields(
        o.id,
        OpportunityFields {
            tag_ids: Some(vec![vip.id, vip.id, fair.id, vip.id]),
            ..Default::default()
        },
    );
    assert_eq!(
        the_opportunity(apply(&set, &store)).tag_ids,
        vec![vip.id, fair.id]
    );
}

#[test]
fn an_unrelated_edit_goes_through_when_the_opportunity_holds_a_tag_since_deleted() {
    let p = pipeline();
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let mut o = opportunity_in(p.shared, None);
    o.tag_ids = vec![old.id];
    let store = with(
        Store {
            tags: vec![old.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let retitle = set_fields(
        o.id,
        OpportunityFields {
            title: Some("  Máy lọc nước, 40 chiếc ".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        the_opportunity(apply(&retitle, &store)),
        Opportunity {
            title: "Máy lọc nước, 40 chiếc".into(),
            ..o
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Activities
// ---------------------------------------------------------------------------------------------

/// A store with the shared stage, these activity types, one opportunity and one user.
struct Desk {
    store: Store,
    opportunity: Opportunity,
    mai: User,
}

fn desk(types: &[ActivityType]) -> Desk {
    let p = pipeline();
    let opportunity = opportunity_in(p.shared, None);
    let mai = user("Lê Thị Mai");
    let store = with(
        Store {
            activity_types: types.to_vec(),
            users: vec![mai.clone()],
            ..p.store
        },
        [Record::Opportunity(opportunity.clone())],
    );
    Desk {
        store,
        opportunity,
        mai,
    }
}

#[test]
fn scheduling_an_activity_on_an_opportunity_saves_it_still_to_do() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut planned = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    planned.user_id = Some(d.mai.id);
    planned.summary = "  Gọi lại cho chị Lan ".into();
    planned.done = true;
    planned.done_on = Some(day(2026, 3, 1));
    planned.feedback = "đã xong".into();
    let saved = the_activity(apply(&Mutation::save(planned.clone()), &d.store));
    assert_eq!(
        saved,
        Activity {
            summary: "Gọi lại cho chị Lan".into(),
            done: false,
            done_on: None,
            feedback: String::new(),
            ..planned
        }
    );
}

#[test]
fn an_activity_of_an_unknown_or_deleted_type_is_refused() {
    let mut retired = plain_type("Fax");
    retired.deleted = true;
    let d = desk(std::slice::from_ref(&retired));
    let nowhere = Uuid::now_v7();
    for type_id in [nowhere, retired.id] {
        let a = activity(type_id, Some(d.opportunity.id), day(2026, 3, 2));
        assert_eq!(
            apply(&Mutation::save(a), &d.store),
            Err(RuleError::UnknownActivityType(type_id))
        );
    }
}

#[test]
fn an_activity_about_a_record_that_is_not_there_or_of_another_kind_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut about_nothing = activity(call.id, None, day(2026, 3, 2));
    let nowhere = Uuid::now_v7();
    about_nothing.subject = Subject::of::<Team>(nowhere);
    assert_eq!(
        apply(&Mutation::save(about_nothing.clone()), &d.store),
        Err(RuleError::UnknownRecord(nowhere))
    );
    // A contact's id said to be a deal's is no deal.
    let an = contact("Nguyễn Văn An");
    let store = with(d.store, [Record::Contact(an.clone())]);
    about_nothing.subject = Subject::deal(an.id);
    assert_eq!(
        apply(&Mutation::save(about_nothing), &store),
        Err(RuleError::UnknownOpportunity(an.id))
    );
}

#[test]
fn an_activity_and_a_note_may_be_about_a_record_of_any_kind() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let company = crate::domain::Company {
        id: Uuid::now_v7(),
        name: "Công ty Sao Mai".into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 1,
        deleted: false,
    };
    let store = with(d.store, [Record::Company(company.clone())]);
    let mut a = activity(call.id, None, day(2026, 3, 2));
    a.subject = Subject::of::<crate::domain::Company>(company.id);
    assert_eq!(the_activity(apply(&Mutation::save(a.clone()), &store)), a);
    let note = crate::domain::Note {
        id: Uuid::now_v7(),
        subject: a.subject,
        text: "Hẹn gặp giám đốc".into(),
        version: 0,
        deleted: false,
    };
    assert_eq!(
        apply(&Mutation::save(note.clone()), &store),
        Ok(vec![Record::Note(note)])
    );
}

#[test]
fn an_activity_about_an_unknown_or_deleted_opportunity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut gone = opportunity_in(d.opportunity.stage_id, None);
    gone.deleted = true;
    let store = with(d.store, [Record::Opportunity(gone.clone())]);
    for id in [Uuid::now_v7(), gone.id] {
        let a = activity(call.id, Some(id), day(2026, 3, 2));
        assert_eq!(
            apply(&Mutation::save(a), &store),
            Err(RuleError::UnknownOpportunity(id))
        );
    }
}

#[test]
fn an_activity_about_an_unknown_or_deleted_contact_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut gone = contact("Nguyễn Văn An");
    gone.deleted = true;
    let store = with(d.store, [Record::Contact(gone.clone())]);
    for id in [Uuid::now_v7(), gone.id] {
        let mut a = activity(call.id, None, day(2026, 3, 2));
        a.subject = Subject::contact(id);
        assert_eq!(
            apply(&Mutation::save(a), &store),
            Err(RuleError::UnknownContact(id))
        );
    }
}

#[test]
fn an_activity_about_a_live_contact_is_scheduled() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let an = contact("Nguyễn Văn An");
    let store = with(d.store, [Record::Contact(an.clone())]);
    let mut a = activity(call.id, None, day(2026, 3, 2));
    a.subject = Subject::contact(an.id);
    assert_eq!(the_activity(apply(&Mutation::save(a.clone()), &store)), a);
}

#[test]
fn an_activity_for_someone_who_is_not_a_user_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let stranger = Uuid::now_v7();
    let mut a = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    a.user_id = Some(stranger);
    assert_eq!(
        apply(&Mutation::save(a), &d.store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn a_done_activity_can_no_longer_be_edited() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut done = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    done.done = true;
    done.done_on = Some(day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(done.clone())]);
    let edit = Activity {
        summary: "Đổi nội dung".into(),
        done: false,
        ..done
    };
    assert_eq!(
        apply(&Mutation::save(edit), &store),
        Err(RuleError::ActivityDone)
    );
}

#[test]
fn completing_an_activity_records_the_day_and_the_trimmed_feedback() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let done = the_activity(apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: "  Khách đồng ý gặp tuần sau ".into(),
            done_on: day(2026, 3, 4),
            next_id: Uuid::now_v7(),
        },
        &store,
    ));
    assert_eq!(
        done,
        Activity {
            done: true,
            done_on: Some(day(2026, 3, 4)),
            feedback: "Khách đồng ý gặp tuần sau".into(),
            ..open
        }
    );
}

/// Completes `open`, of type `done_type`, which triggers `next_type`; returns the changed records.
fn complete_triggering(
    done_type: &ActivityType,
    next_type: &ActivityType,
    open: impl FnOnce(&Desk) -> Activity,
    done_on: NaiveDate,
    next_id: Uuid,
) -> (Activity, Result<Vec<Record>, RuleError>) {
    let d = desk(&[done_type.clone(), next_type.clone()]);
    let open = open(&d);
    let store = with(d.store, [Record::Activity(open.clone())]);
    let result = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: "Khách muốn gặp trực tiếp".into(),
            done_on,
            next_id,
        },
        &store,
    );
    (open, result)
}

#[test]
fn completing_a_call_whose_type_triggers_a_meeting_schedules_the_meeting() {
    let meeting = activity_type(
        "Gặp mặt",
        3,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Nothing,
    );
    // The call's own delay counts weeks from its deadline: the meeting's delay must win.
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let next_id = Uuid::now_v7();
    let mut mai = None;
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| {
            mai = Some(d.mai.id);
            let mut a = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
            a.user_id = Some(d.mai.id);
            a
        },
        day(2026, 3, 5),
        next_id,
    );
    assert!(mai.is_some(), "the call is Mai's to do");
    let records = result.expect("completing is accepted");
    assert_eq!(
        records,
        vec![
            Record::Activity(Activity {
                done: true,
                done_on: Some(day(2026, 3, 5)),
                feedback: "Khách muốn gặp trực tiếp".into(),
                ..open.clone()
            }),
            Record::Activity(Activity {
                id: next_id,
                type_id: meeting.id,
                subject: open.subject,
                summary: String::new(),
                note: String::new(),
                due: day(2026, 3, 8),
                user_id: mai,
                done: false,
                done_on: None,
                feedback: String::new(),
                version: 0,
                deleted: false,
            }),
        ]
    );
}

#[test]
fn a_triggered_activity_due_in_weeks_from_the_previous_deadline_counts_from_that_deadline() {
    let follow_up = activity_type(
        "Gửi báo giá",
        2,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: follow_up.id,
        },
    );
    let (_, result) = complete_triggering(
        &call,
        &follow_up,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let records = result.expect("completing is accepted");
    assert_eq!(records.len(), 2);
    let Record::Activity(next) = &records[1] else {
        panic!("not an activity: {:?}", records[1]);
    };
    assert_eq!(
        (next.type_id, next.due),
        (follow_up.id, day(2026, 3, 16)),
        "two weeks after the call's deadline of 2 March, not after its completion on 5 March"
    );
}

#[test]
fn a_triggered_activity_due_in_months_from_completion_takes_the_months_last_day_when_needed() {
    let review = activity_type(
        "Đánh giá",
        1,
        DelayUnit::Months,
        DelayFrom::Completion,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        5,
        DelayUnit::Days,
        DelayFrom::PreviousDeadline,
        Chaining::Trigger { type_id: review.id },
    );
    let (_, result) = complete_triggering(
        &call,
        &review,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 1, 20)),
        day(2026, 1, 31),
        Uuid::now_v7(),
    );
    let records = result.expect("completing is accepted");
    assert_eq!(records.len(), 2);
    let Record::Activity(next) = &records[1] else {
        panic!("not an activity: {:?}", records[1]);
    };
    assert_eq!((next.type_id, next.due), (review.id, day(2026, 2, 28)));
}

#[test]
fn a_triggered_activity_about_a_contact_due_in_months_from_the_previous_deadline() {
    let review = activity_type(
        "Đánh giá",
        2,
        DelayUnit::Months,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger { type_id: review.id },
    );
    let an = contact("Nguyễn Văn An");
    let next_id = Uuid::now_v7();
    let d = desk(&[call.clone(), review.clone()]);
    let mut open = activity(call.id, None, day(2025, 12, 31));
    open.subject = Subject::contact(an.id);
    open.user_id = Some(d.mai.id);
    let store = with(
        d.store,
        [Record::Contact(an.clone()), Record::Activity(open.clone())],
    );
    let records = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: String::new(),
            done_on: day(2026, 1, 5),
            next_id,
        },
        &store,
    )
    .expect("completing is accepted");
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[1],
        Record::Activity(Activity {
            id: next_id,
            type_id: review.id,
            subject: Subject::contact(an.id),
            summary: String::new(),
            note: String::new(),
            due: day(2026, 2, 28),
            user_id: Some(d.mai.id),
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 0,
            deleted: false,
        })
    );
}

#[test]
fn a_type_may_trigger_itself_for_a_recurring_activity() {
    let weekly = activity_type(
        "Gọi hàng tuần",
        1,
        DelayUnit::Weeks,
        DelayFrom::PreviousDeadline,
        Chaining::Nothing,
    );
    let weekly = ActivityType {
        chaining: Chaining::Trigger { type_id: weekly.id },
        ..weekly
    };
    let d = desk(std::slice::from_ref(&weekly));
    let open = activity(weekly.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let records = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: String::new(),
            done_on: day(2026, 3, 3),
            next_id: Uuid::now_v7(),
        },
        &store,
    )
    .expect("completing is accepted");
    let Some(Record::Activity(next)) = records.get(1) else {
        panic!("no next activity: {records:?}");
    };
    assert_eq!((next.type_id, next.due), (weekly.id, day(2026, 3, 9)));
}

#[test]
fn completing_an_activity_whose_type_only_suggests_the_next_schedules_nothing() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Suggest {
            type_ids: vec![meeting.id],
        },
    );
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let done = the_activity(result);
    assert_eq!((done.id, done.done), (open.id, true));
}

#[test]
fn completing_an_activity_whose_type_chains_nothing_schedules_nothing() {
    let meeting = plain_type("Gặp mặt");
    let call = plain_type("Gọi điện");
    let (open, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        Uuid::now_v7(),
    );
    let done = the_activity(result);
    assert_eq!((done.id, done.done), (open.id, true));
}

#[test]
fn completing_an_activity_twice_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    let complete = |next_id| Mutation::CompleteActivity {
        id: open.id,
        feedback: "ok".into(),
        done_on: day(2026, 3, 2),
        next_id,
    };
    let done = one(apply(&complete(Uuid::now_v7()), &store));
    let store = with(store, [done]);
    assert_eq!(
        apply(&complete(Uuid::now_v7()), &store),
        Err(RuleError::ActivityDone)
    );
}

#[test]
fn completing_an_unknown_activity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let nowhere = Uuid::now_v7();
    assert_eq!(
        apply(
            &Mutation::CompleteActivity {
                id: nowhere,
                feedback: String::new(),
                done_on: day(2026, 3, 2),
                next_id: Uuid::now_v7(),
            },
            &d.store
        ),
        Err(RuleError::UnknownActivity(nowhere))
    );
}

#[test]
fn triggering_a_next_activity_under_an_id_that_is_not_time_ordered_is_refused() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let (_, result) = complete_triggering(
        &call,
        &meeting,
        |d| activity(call.id, Some(d.opportunity.id), day(2026, 3, 2)),
        day(2026, 3, 5),
        v4_id(),
    );
    assert_eq!(result, Err(RuleError::IdNotTimeOrdered));
}

#[test]
fn triggering_a_next_activity_under_a_taken_id_is_refused() {
    let meeting = plain_type("Gặp mặt");
    let call = activity_type(
        "Gọi điện",
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Trigger {
            type_id: meeting.id,
        },
    );
    let call_id = call.id;
    let d = desk(&[call, meeting]);
    let open = activity(call_id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    assert_eq!(
        apply(
            &Mutation::CompleteActivity {
                id: open.id,
                feedback: String::new(),
                done_on: day(2026, 3, 5),
                next_id: d.opportunity.id,
            },
            &store
        ),
        Err(RuleError::RecordExists(d.opportunity.id))
    );
}

#[test]
fn cancelling_an_activity_marks_it_deleted() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let open = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    let store = with(d.store, [Record::Activity(open.clone())]);
    assert_eq!(
        the_activity(apply(&Mutation::CancelActivity { id: open.id }, &store)),
        Activity {
            deleted: true,
            ..open
        }
    );
}

#[test]
fn cancelling_a_done_or_cancelled_activity_is_refused() {
    let call = plain_type("Gọi điện");
    let d = desk(std::slice::from_ref(&call));
    let mut done = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    done.done = true;
    let mut cancelled = activity(call.id, Some(d.opportunity.id), day(2026, 3, 2));
    cancelled.deleted = true;
    let store = with(
        d.store,
        [
            Record::Activity(done.clone()),
            Record::Activity(cancelled.clone()),
        ],
    );
    assert_eq!(
        apply(&Mutation::CancelActivity { id: done.id }, &store),
        Err(RuleError::ActivityDone)
    );
    assert_eq!(
        apply(&Mutation::CancelActivity { id: cancelled.id }, &store),
        Err(RuleError::UnknownActivity(cancelled.id))
    );
}

// ---------------------------------------------------------------------------------------------
// Converting a lead
// ---------------------------------------------------------------------------------------------

/// The shared stage, one lead in it, and a live contact and company already known.
struct Leads {
    store: Store,
    lead: Opportunity,
    known_contact: Contact,
    known_company: Company,
}

fn leads() -> Leads {
    let p = pipeline();
    let lead = lead_in(p.shared);
    let known_company = company("Công ty Minh Phát");
    let mut known_contact = contact("Nguyễn Văn An");
    known_contact.company_id = Some(known_company.id);
    let store = with(
        p.store,
        [
            Record::Opportunity(lead.clone()),
            Record::Contact(known_contact.clone()),
            Record::Company(known_company.clone()),
        ],
    );
    Leads {
        store,
        lead,
        known_contact,
        known_company,
    }
}

fn convert(id: Uuid, contact: Link<Contact>, company: Link<Company>) -> Mutation {
    Mutation::ConvertLead {
        id,
        contact,
        company,
    }
}

#[test]
fn converting_a_lead_with_a_new_contact_and_company_creates_both_after_the_opportunity() {
    let l = leads();
    let mut new_company = company("  Công ty Hòa Phát ");
    new_company.email = "info@hoaphat.vn".into();
    let mut new_contact = contact(" Trần Thị Bích ");
    new_contact.phone = "0901 234 567".into();
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::New(new_company.clone()),
        ),
        &l.store,
    )
    .expect("converting is accepted");
    assert_eq!(
        records,
        vec![
            Record::Opportunity(Opportunity {
                lead: false,
                contact_id: Some(new_contact.id),
                company_id: Some(new_company.id),
                ..l.lead.clone()
            }),
            Record::Company(Company {
                name: "Công ty Hòa Phát".into(),
                ..new_company.clone()
            }),
            Record::Contact(Contact {
                name: "Trần Thị Bích".into(),
                company_id: Some(new_company.id),
                ..new_contact
            }),
        ]
    );
}

#[test]
fn a_new_contact_without_a_company_joins_the_chosen_existing_company() {
    let l = leads();
    let new_contact = contact("Trần Thị Bích");
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &l.store,
    )
    .expect("converting is accepted");
    assert_eq!(
        records,
        vec![
            Record::Opportunity(Opportunity {
                lead: false,
                contact_id: Some(new_contact.id),
                company_id: Some(l.known_company.id),
                ..l.lead.clone()
            }),
            Record::Contact(Contact {
                company_id: Some(l.known_company.id),
                ..new_contact
            }),
        ]
    );
}

#[test]
fn a_new_contact_keeps_the_live_company_it_names() {
    let l = leads();
    let other = company("Công ty Hòa Phát");
    let store = with(l.store, [Record::Company(other.clone())]);
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.company_id = Some(other.id);
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &store,
    )
    .expect("converting is accepted");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1], Record::Contact(new_contact));
}

#[test]
fn a_new_contact_naming_an_unknown_company_is_refused() {
    let l = leads();
    let nowhere = Uuid::now_v7();
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.company_id = Some(nowhere);
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(new_contact), Link::Nobody),
            &l.store
        ),
        Err(RuleError::UnknownCompany(nowhere))
    );
}

#[test]
fn converting_a_lead_about_known_people_links_them_and_creates_nothing() {
    let l = leads();
    let converted = the_opportunity(apply(
        &convert(
            l.lead.id,
            Link::Existing {
                id: l.known_contact.id,
            },
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &l.store,
    ));
    assert_eq!(
        converted,
        Opportunity {
            lead: false,
            contact_id: Some(l.known_contact.id),
            company_id: Some(l.known_company.id),
            ..l.lead
        }
    );
}

#[test]
fn converting_a_lead_about_nobody_only_makes_it_an_opportunity() {
    let l = leads();
    let converted = the_opportunity(apply(
        &convert(l.lead.id, Link::Nobody, Link::Nobody),
        &l.store,
    ));
    assert_eq!(
        converted,
        Opportunity {
            lead: false,
            ..l.lead
        }
    );
}

#[test]
fn converting_a_lead_about_a_deleted_or_unknown_contact_is_refused() {
    let l = leads();
    let mut gone = contact("Lê Hoàng Nam");
    gone.deleted = true;
    let store = with(l.store, [Record::Contact(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        assert_eq!(
            apply(
                &convert(l.lead.id, Link::Existing { id }, Link::Nobody),
                &store
            ),
            Err(RuleError::UnknownContact(id))
        );
    }
}

#[test]
fn converting_a_lead_about_a_deleted_or_unknown_company_is_refused() {
    let l = leads();
    let mut gone = company("Công ty Cũ");
    gone.deleted = true;
    let store = with(l.store, [Record::Company(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        assert_eq!(
            apply(
                &convert(l.lead.id, Link::Nobody, Link::Existing { id }),
                &store
            ),
            Err(RuleError::UnknownCompany(id))
        );
    }
}

#[test]
fn converting_what_is_already_an_opportunity_is_refused() {
    let l = leads();
    let deal = opportunity_in(l.lead.stage_id, None);
    let store = with(l.store, [Record::Opportunity(deal.clone())]);
    assert_eq!(
        apply(&convert(deal.id, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::NotALead)
    );
}

#[test]
fn converting_an_unknown_or_deleted_lead_is_refused() {
    let l = leads();
    let mut gone = lead_in(l.lead.stage_id);
    gone.deleted = true;
    let store = with(l.store, [Record::Opportunity(gone.clone())]);
    assert_eq!(
        apply(&convert(gone.id, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::Deleted(gone.id))
    );
    let nowhere = Uuid::now_v7();
    assert_eq!(
        apply(&convert(nowhere, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::UnknownOpportunity(nowhere))
    );
}

#[test]
fn converting_with_a_new_company_under_a_taken_id_is_refused() {
    let l = leads();
    let mut clash = company("Công ty Hòa Phát");
    clash.id = l.known_contact.id;
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::Nobody, Link::New(clash)),
            &l.store
        ),
        Err(RuleError::RecordExists(l.known_contact.id))
    );
}

#[test]
fn converting_with_a_new_contact_under_a_taken_id_is_refused() {
    let l = leads();
    let mut clash = contact("Trần Thị Bích");
    clash.id = l.known_company.id;
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(clash), Link::Nobody),
            &l.store
        ),
        Err(RuleError::RecordExists(l.known_company.id))
    );
}

#[test]
fn converting_with_a_new_record_under_an_id_that_is_not_time_ordered_is_refused() {
    let l = leads();
    let mut old_style = contact("Trần Thị Bích");
    old_style.id = v4_id();
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(old_style), Link::Nobody),
            &l.store
        ),
        Err(RuleError::IdNotTimeOrdered)
    );
}

#[test]
fn converting_with_a_new_contact_and_a_new_company_sharing_one_id_is_refused() {
    let l = leads();
    let new_company = company("Công ty Hòa Phát");
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.id = new_company.id;
    assert_eq!(
        apply(
            &convert(
                l.lead.id,
                Link::New(new_contact),
                Link::New(new_company.clone())
            ),
            &l.store
        ),
        Err(RuleError::RecordExists(new_company.id))
    );
}

#[test]
fn the_contact_and_company_a_conversion_creates_are_live() {
    let l = leads();
    let mut new_company = company("Công ty Hòa Phát");
    new_company.deleted = true;
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.deleted = true;
    let records = apply(
        &convert(l.lead.id, Link::New(new_contact), Link::New(new_company)),
        &l.store,
    )
    .expect("converting is accepted");
    let deleted: Vec<&'static str> = records
        .iter()
        .filter(|r| r.is_deleted())
        .map(Record::kind)
        .collect();
    assert_eq!(deleted, Vec::<&str>::new());
}

// ---------------------------------------------------------------------------------------------
// Contacts and companies
// ---------------------------------------------------------------------------------------------

#[test]
fn a_contact_at_an_unknown_or_deleted_company_is_refused() {
    let mut gone = company("Công ty Cũ");
    gone.deleted = true;
    let store = with(Store::default(), [Record::Company(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        let mut an = contact("Nguyễn Văn An");
        an.company_id = Some(id);
        assert_eq!(
            apply(&Mutation::save(an), &store),
            Err(RuleError::UnknownCompany(id))
        );
    }
}

#[test]
fn a_contact_with_an_invalid_email_is_refused() {
    let mut an = contact("Nguyễn Văn An");
    an.email = "an at minhphat".into();
    assert_eq!(
        apply(&Mutation::save(an), &Store::default()),
        Err(RuleError::InvalidEmail("an at minhphat".into()))
    );
}

#[test]
fn a_contact_at_a_live_company_is_saved_cleaned() {
    let minh_phat = company("Công ty Minh Phát");
    let store = with(Store::default(), [Record::Company(minh_phat.clone())]);
    let mut an = contact("  Nguyễn Văn An ");
    an.company_id = Some(minh_phat.id);
    an.email = " an@minhphat.vn ".into();
    an.job_title = " Giám đốc mua hàng ".into();
    assert_eq!(
        one(apply(&Mutation::save(an.clone()), &store)),
        Record::Contact(Contact {
            name: "Nguyễn Văn An".into(),
            email: "an@minhphat.vn".into(),
            job_title: "Giám đốc mua hàng".into(),
            ..an
        })
    );
}

#[test]
fn editing_a_deleted_contact_is_refused() {
    let mut gone = contact("Nguyễn Văn An");
    gone.deleted = true;
    let store = with(Store::default(), [Record::Contact(gone.clone())]);
    assert_eq!(
        apply(&Mutation::save(gone.clone()), &store),
        Err(RuleError::UnknownRecord(gone.id))
    );
}

#[test]
fn a_company_without_a_name_is_refused() {
    assert_eq!(
        apply(&Mutation::save(company("   ")), &Store::default()),
        Err(RuleError::Required("company.name".into()))
    );
}

#[test]
fn a_company_is_saved_live_with_its_details_cleaned() {
    let mut minh_phat = company(" Công ty Minh Phát ");
    minh_phat.phone = " 028 3822 0000 ".into();
    minh_phat.deleted = true;
    assert_eq!(
        one(apply(&Mutation::save(minh_phat.clone()), &Store::default())),
        Record::Company(Company {
            name: "Công ty Minh Phát".into(),
            phone: "028 3822 0000".into(),
            deleted: false,
            ..minh_phat
        })
    );
}

// ---------------------------------------------------------------------------------------------
// Record ids across kinds
// ---------------------------------------------------------------------------------------------

#[test]
fn creating_an_opportunity_under_a_contacts_id_is_refused() {
    let p = pipeline();
    let an = contact("Nguyễn Văn An");
    let store = with(p.store, [Record::Contact(an.clone())]);
    let mut new = new_opportunity(p.shared, None);
    new.id = an.id;
    assert_eq!(
        apply(&Mutation::CreateOpportunity(new), &store),
        Err(RuleError::RecordExists(an.id))
    );
}

#[test]
fn saving_a_set_up_record_under_the_id_of_another_kind_is_refused() {
    let p = pipeline();
    let an = contact("Nguyễn Văn An");
    let store = with(p.store, [Record::Contact(an.clone())]);
    let mut as_tag = tag("VIP", 1);
    as_tag.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_tag), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_team = team("Miền Trung", None, Vec::new());
    as_team.id = an.id;
    assert_eq!(
        apply(&Mutation::save(as_team), &store),
        Err(RuleError::RecordExists(an.id))
    );
    let mut as_stage = stage("Báo giá", 2, 40, false, None);
    as_stage.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_stage), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_type = plain_type("Gọi điện");
    as_type.id = p.shared;
    assert_eq!(
        apply(&Mutation::save(as_type), &store),
        Err(RuleError::RecordExists(p.shared))
    );
}

#[test]
fn saving_a_contact_company_or_activity_under_the_id_of_another_kind_is_refused() {
    let p = pipeline();
    let call = plain_type("Gọi điện");
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            activity_types: vec![call.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let mut as_contact = contact("Nguyễn Văn An");
    as_contact.id = o.id;
    assert_eq!(
        apply(&Mutation::save(as_contact), &store),
        Err(RuleError::RecordExists(o.id))
    );
    let mut as_company = company("Công ty Minh Phát");
    as_company.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_company), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_activity = activity(call.id, Some(o.id), day(2026, 3, 2));
    as_activity.id = o.id;
    assert_eq!(
        apply(&Mutation::save(as_activity), &store),
        Err(RuleError::RecordExists(o.id))
    );
}

// ---------------------------------------------------------------------------------------------
// What the server loads before it applies
// ---------------------------------------------------------------------------------------------

#[test]
fn a_conversion_and_a_completion_name_every_record_they_read_or_write() {
    let l = leads();
    let new_contact = contact("Trần Thị Bích");
    let conversion = convert(
        l.lead.id,
        Link::New(new_contact.clone()),
        Link::Existing {
            id: l.known_company.id,
        },
    );
    assert_eq!(
        conversion.targets(),
        vec![l.lead.id, new_contact.id, l.known_company.id]
    );
    let (id, next_id) = (Uuid::now_v7(), Uuid::now_v7());
    let completion = Mutation::CompleteActivity {
        id,
        feedback: String::new(),
        done_on: day(2026, 3, 2),
        next_id,
    };
    assert_eq!(completion.targets(), vec![id, next_id]);
}

// ---------------------------------------------------------------------------------------------
// The change log
// ---------------------------------------------------------------------------------------------

#[test]
fn a_new_record_lists_each_field_it_sets_from_nothing() {
    let vip = tag("VIP", 3);
    assert_eq!(
        diff_records(None, &Record::Tag(vip)),
        vec![
            FieldChange {
                field: "colour".into(),
                old: Value::Null,
                new: json!(3),
            },
            FieldChange {
                field: "name".into(),
                old: Value::Null,
                new: json!("VIP"),
            },
        ]
    );
}

#[test]
fn changing_one_field_lists_only_that_field_with_its_old_and_new_value() {
    let north = team("Miền Bắc", None, Vec::new());
    let renamed = Team {
        name: "Hà Nội".into(),
        version: north.version + 7,
        ..north.clone()
    };
    assert_eq!(
        diff_records(Some(&Record::Team(north)), &Record::Team(renamed)),
        vec![FieldChange {
            field: "name".into(),
            old: json!("Miền Bắc"),
            new: json!("Hà Nội"),
        }]
    );
}

#[test]
fn deleting_a_record_lists_its_deleted_flag_turning_true() {
    let vip = tag("VIP", 3);
    let deleted = Tag {
        deleted: true,
        ..vip.clone()
    };
    assert_eq!(
        diff_records(Some(&Record::Tag(vip)), &Record::Tag(deleted)),
        vec![FieldChange {
            field: "deleted".into(),
            old: Value::Null,
            new: json!(true),
        }]
    );
}

#[test]
fn an_unchanged_record_lists_nothing() {
    let an = contact("Nguyễn Văn An");
    let record = Record::Contact(an);
    assert_eq!(diff_records(Some(&record), &record), Vec::new());
}

#[test]
fn each_kind_of_record_is_named_as_the_change_log_names_it() {
    let p = pipeline();
    let call = plain_type("Gọi điện");
    let kinds: Vec<&str> = [
        Record::Opportunity(opportunity_in(p.shared, None)),
        Record::Stage(p.store.stages[0].clone()),
        Record::LostReason(LostReason {
            id: Uuid::now_v7(),
            name: "Giá cao".into(),
            version: 1,
            deleted: false,
        }),
        Record::Team(p.store.teams[0].clone()),
        Record::Tag(tag("VIP", 1)),
        Record::Activity(activity(call.id, None, day(2026, 3, 2))),
        Record::ActivityType(call),
        Record::Contact(contact("Nguyễn Văn An")),
        Record::Company(company("Công ty Minh Phát")),
    ]
    .iter()
    .map(Record::kind)
    .collect();
    assert_eq!(
        kinds,
        [
            "opportunity",
            "stage",
            "lost_reason",
            "team",
            "tag",
            "activity",
            "activity_type",
            "contact",
            "company"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// What deleted set-up leaves behind
// ---------------------------------------------------------------------------------------------

#[test]
fn a_team_with_stages_of_its_own_cannot_be_deleted() {
    let p = pipeline();
    assert_eq!(
        apply(&Mutation::Delete { id: p.north }, &p.store),
        Err(RuleError::TeamHasStages(2))
    );
}

#[test]
fn saving_a_stale_copy_of_deleted_set_up_does_not_bring_it_back() {
    let mut vip = tag("VIP", 1);
    let store = with(Store::default(), [Record::Tag(vip.clone())]);
    let deleted = the_tag(apply(&Mutation::Delete { id: vip.id }, &store));
    let store = with(store, [Record::Tag(deleted)]);
    vip.name = "VIP khách".into();
    assert_eq!(
        apply(&Mutation::save(vip.clone()), &store),
        Err(RuleError::UnknownRecord(vip.id))
    );
}

#[test]
fn an_activity_keeps_a_type_deleted_since_it_was_scheduled_but_a_new_one_needs_a_live_type() {
    let p = pipeline();
    let mut call = plain_type("Call");
    let deal = opportunity_in(p.shared, None);
    let planned = activity(call.id, Some(deal.id), day(2026, 11, 30));
    call.deleted = true;
    let store = with(
        p.store,
        [
            Record::ActivityType(call.clone()),
            Record::Opportunity(deal.clone()),
            Record::Activity(planned.clone()),
        ],
    );
    let rescheduled = Activity {
        due: day(2026, 12, 2),
        ..planned.clone()
    };
    assert_eq!(
        the_activity(apply(&Mutation::save(rescheduled), &store)).due,
        day(2026, 12, 2)
    );
    let fresh = activity(call.id, Some(deal.id), day(2026, 12, 2));
    assert_eq!(
        apply(&Mutation::save(fresh), &store),
        Err(RuleError::UnknownActivityType(call.id))
    );
}

#[test]
fn converting_a_lead_names_the_company_of_its_new_contact_for_the_server_to_load() {
    let company = Uuid::now_v7();
    let mut new_contact = contact("Lan");
    new_contact.company_id = Some(company);
    let convert = Mutation::ConvertLead {
        id: Uuid::now_v7(),
        contact: Link::New(new_contact),
        company: Link::Nobody,
    };
    assert!(convert.targets().contains(&company));
}

// ---------------------------------------------------------------------------------------------
// Edits of some fields
// ---------------------------------------------------------------------------------------------

#[test]
fn an_edit_sends_only_the_changed_fields_and_an_emptied_one_as_null() {
    let before = contact("Lan");
    let after = Contact {
        phone: "0901 234 567".into(),
        email: String::new(),
        version: 99,
        ..Contact {
            email: "lan@x.vn".into(),
            ..before.clone()
        }
    };
    let with_email = Contact {
        email: "lan@x.vn".into(),
        ..before.clone()
    };
    let fields = changed_fields(&with_email, &after);
    assert_eq!(
        serde_json::Value::Object(fields),
        json!({ "phone": "0901 234 567", "email": null }),
        "the version is bookkeeping, not an edit"
    );
}

#[test]
fn an_edit_lays_its_fields_over_the_record_as_it_stands_and_checks_the_result() {
    let lan = Contact {
        email: "lan@x.vn".into(),
        job_title: "Kế toán".into(),
        ..contact("Lan")
    };
    let store = with(Store::default(), [Record::Contact(lan.clone())]);
    let edit = |fields: serde_json::Value| Mutation::EditRecord {
        id: lan.id,
        fields: fields.as_object().cloned().unwrap_or_default(),
        base_version: lan.version,
    };
    let Record::Contact(edited) = one(apply(
        &edit(json!({ "phone": "0901 234 567", "email": null })),
        &store,
    )) else {
        panic!("a contact");
    };
    assert_eq!(
        (
            edited.phone.as_str(),
            edited.email.as_str(),
            edited.job_title.as_str()
        ),
        ("0901 234 567", "", "Kế toán"),
        "the untouched job title stays"
    );
    assert!(matches!(
        apply(&edit(json!({ "email": "not-an-email" })), &store),
        Err(RuleError::InvalidEmail(_))
    ));
    assert!(matches!(
        apply(&edit(json!({ "deleted": true })), &store),
        Err(RuleError::Malformed(_))
    ));
    let unknown = Uuid::now_v7();
    let edit_of = |id| Mutation::EditRecord {
        id,
        fields: serde_json::Map::new(),
        base_version: 0,
    };
    assert_eq!(
        apply(&edit_of(unknown), &store),
        Err(RuleError::UnknownRecord(unknown))
    );
    let p = pipeline();
    let deal = opportunity_in(p.shared, None);
    let store = with(p.store, [Record::Opportunity(deal.clone())]);
    assert_eq!(
        apply(&edit_of(deal.id), &store),
        Err(RuleError::NotEditable)
    );
}
