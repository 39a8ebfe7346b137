//! Marking a deal won: the won stage its team shows.

use super::kit::*;

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
