//! A deal and its team's stages: creating, moving and changing team.

use super::kit::*;

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
