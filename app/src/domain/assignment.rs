//! Assignment (#16 item 3): who takes the leads nobody has yet. The rule is Odoo's (18.0,
//! `addons/crm/models/crm_team.py` and `crm_team_member.py`), restated:
//!
//! - **A member's quota** for a run is their capacity (leads per 30 days) divided by 30,
//!   rounded half up (15 → 1, 44 → 1, 45 → 2, 75 → 3), less the leads they were given in the
//!   last 24 hours; "assign now" gives them their whole daily quota again. A member away (opted
//!   out) or with nothing left takes none.
//! - **Teams** first: each lead without a team or a salesperson is given, one at a time, to a
//!   team drawn at random in proportion to the team's capacity (the sum of its members'), among
//!   the teams whose filter it passes; a team whose leads have all gone leaves the draw. Over many
//!   leads each team's share follows its capacity; every such lead gets a team.
//! - **Members** next, team by team: the team's leads without a salesperson, highest probability
//!   first (then the oldest), each to the first member in turn whose own filter it passes. The
//!   turn starts with the largest quota (equal quotas in a random order, so nobody is always
//!   first); a member who takes a lead goes to the back of the turn, or leaves it when their quota
//!   is used up. A lead no member's filter takes stays with the team.
//!
//! Plain data in, decisions out: the caller says which filters a lead passes and where the
//! random numbers come from (seeded in tests), and writes what was decided.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What one run did: how many leads were given a team, and how many a salesperson.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assigned {
    pub teams: u32,
    pub people: u32,
    /// New leads found to be the same as one someone has (same email or phone): given to them.
    #[serde(default)]
    pub twins: u32,
}

/// A member's leads per day from their capacity per 30 days, rounded half up.
pub fn daily_quota(capacity: u32) -> u32 {
    capacity.saturating_add(15) / 30
}

/// How many leads a member takes in this run: their daily quota less what they were given in
/// the last 24 hours (`forced`, "assign now": the whole daily quota). At or below zero: none.
pub fn quota(capacity: u32, given_last_day: u32, forced: bool) -> i64 {
    let daily = i64::from(daily_quota(capacity));
    if forced {
        daily
    } else {
        daily - i64::from(given_last_day)
    }
}

/// A team in the draw: its capacity and the leads it may take, in the order it takes them
/// (highest priority first, then the newest, as Odoo orders them).
#[derive(Debug, Clone, PartialEq)]
pub struct TeamDraw {
    pub team: Uuid,
    pub capacity: u32,
    pub leads: Vec<Uuid>,
}

/// Gives each lead of the teams' lists a team: one lead per draw, to the team drawn in
/// proportion to its capacity, until every list is used up. `draw` gives numbers in [0, 1).
/// Returns (lead, team) in the order given.
pub fn allocate(teams: Vec<TeamDraw>, draw: &mut dyn FnMut() -> f64) -> Vec<(Uuid, Uuid)> {
    let mut population: Vec<TeamDraw> = teams.into_iter().filter(|t| t.capacity > 0).collect();
    for team in &mut population {
        team.leads.reverse(); // taken from the end
    }
    let mut given: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let mut allocated = Vec::new();
    while !population.is_empty() {
        let total: f64 = population.iter().map(|t| f64::from(t.capacity)).sum();
        let mut at = draw().clamp(0.0, 1.0) * total;
        let mut chosen = population.len() - 1;
        for (i, team) in population.iter().enumerate() {
            if at < f64::from(team.capacity) {
                chosen = i;
                break;
            }
            at -= f64::from(team.capacity);
        }
        let team = &mut population[chosen];
        while team.leads.last().is_some_and(|l| given.contains(l)) {
            team.leads.pop();
        }
        match team.leads.pop() {
            Some(lead) => {
                given.insert(lead);
                allocated.push((lead, team.team));
            }
            None => {
                population.remove(chosen);
            }
        }
    }
    allocated
}

/// A member in a team's turn: who, and how many leads they take in this run (`quota`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Turn {
    pub user: Uuid,
    pub quota: i64,
}

/// Hands a team's leads (already in order: highest probability first, then the oldest) to its
/// members in turn. `accepts(user, lead)`: the lead passes the member's filter. `draw` orders
/// members of equal quota. Returns (lead, user) for the leads given.
pub fn hand_out(
    members: Vec<Turn>,
    leads: &[Uuid],
    accepts: &dyn Fn(Uuid, Uuid) -> bool,
    draw: &mut dyn FnMut() -> f64,
) -> Vec<(Uuid, Uuid)> {
    let mut keyed: Vec<(Turn, f64)> = members
        .into_iter()
        .filter(|m| m.quota > 0)
        .map(|m| (m, draw()))
        .collect();
    keyed.sort_by(|a, b| b.0.quota.cmp(&a.0.quota).then_with(|| b.1.total_cmp(&a.1)));
    let mut turn: std::collections::VecDeque<Turn> = keyed.into_iter().map(|(m, _)| m).collect();
    let mut given = Vec::new();
    for lead in leads {
        if turn.is_empty() {
            break;
        }
        let Some(at) = turn.iter().position(|m| accepts(m.user, *lead)) else {
            continue;
        };
        let Some(mut member) = turn.remove(at) else {
            continue;
        };
        given.push((*lead, member.user));
        member.quota -= 1;
        if member.quota > 0 {
            turn.push_back(member);
        }
    }
    given
}

#[cfg(test)]
mod tests;
