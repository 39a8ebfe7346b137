//! Stages: probability, team, deleting one that still holds deals.

use super::kit::*;

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
        Err(RuleError::Missing {
            kind: "stage".into(),
            id: p.north_proposal
        })
    );
}
