//! Who may see and change what: the one place the record rules live. The server's data layer
//! asks these functions for every row a pull sends and every record a push would write; the
//! browser asks them only to hide buttons that would be refused.
//!
//! | record                          | admin | sales manager          | salesperson                         | read-only |
//! |---------------------------------|-------|------------------------|-------------------------------------|-----------|
//! | lead / opportunity              | all   | the teams they lead, their members' and their own | their own and their teams' unassigned ones; reads the team's others when the team shares its pipeline | reads all |
//! | activity, note, quotation       | follows its deal; on a contact: everyone but read-only |
//! | contact, company                | all   | all                    | creates and edits, no delete        | reads all |
//! | tag                             | all   | creates and edits      | creates and edits                   | reads all |
//! | stage                           | all   | their teams' own stages| reads                               | reads all |
//! | sales team                      | all   | edits the teams they lead (stays their leader, adds nobody) | reads | reads all |
//! | target                          | all   | their teams' and members' | reads their own and their teams'  | reads all |
//! | lost reason, activity type, product, campaign, source, currency settings | all | reads | reads | reads all |
//!
//! A salesperson may also hand a deal to a teammate: a deal may be written into any team the
//! author belongs to.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Mutation, Opportunity, Record, RuleError, Team};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Salesperson,
    ReadOnly,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Manager,
        Role::Salesperson,
        Role::ReadOnly,
    ];

    /// How the role is stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Salesperson => "salesperson",
            Role::ReadOnly => "read_only",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a rule needs to know of a deal to decide about it and about what hangs on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealScope {
    pub team_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
}

impl From<&Opportunity> for DealScope {
    fn from(o: &Opportunity) -> DealScope {
        DealScope {
            team_id: o.team_id,
            salesperson_id: o.salesperson_id,
        }
    }
}

/// A person as the rules see them: their role and where they stand in the sales teams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Viewer {
    pub user_id: Uuid,
    pub role: Role,
    /// Teams they lead or belong to.
    teams: BTreeSet<Uuid>,
    /// Of those, the teams whose members see the whole team pipeline.
    shared: BTreeSet<Uuid>,
    /// Teams they lead (only counted for sales managers).
    led: BTreeSet<Uuid>,
    /// Everyone in the teams they lead, themselves included (only for sales managers).
    led_people: BTreeSet<Uuid>,
}

impl Viewer {
    /// The viewer as the org's live teams place them.
    pub fn new(user_id: Uuid, role: Role, teams: &[Team]) -> Viewer {
        let live = || teams.iter().filter(|t| !t.deleted);
        let mine: Vec<&Team> = live().filter(|t| t.has_member(user_id)).collect();
        let led: Vec<&Team> = if role == Role::Manager {
            live().filter(|t| t.leader_id == Some(user_id)).collect()
        } else {
            Vec::new()
        };
        let mut led_people: BTreeSet<Uuid> = led
            .iter()
            .flat_map(|t| t.member_ids.iter().copied().chain(t.leader_id))
            .collect();
        if role == Role::Manager {
            led_people.insert(user_id);
        }
        Viewer {
            user_id,
            role,
            teams: mine.iter().map(|t| t.id).collect(),
            shared: mine
                .iter()
                .filter(|t| t.shared_pipeline)
                .map(|t| t.id)
                .collect(),
            led: led.iter().map(|t| t.id).collect(),
            led_people,
        }
    }

    /// Changes whenever what this person may see could change without any record of theirs
    /// changing (a new role, another team, a team that starts sharing its pipeline): a client
    /// whose cache was built under another one starts over.
    pub fn fingerprint(&self) -> String {
        let list = |set: &BTreeSet<Uuid>| {
            set.iter()
                .map(|id| id.simple().to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.user_id.simple(),
            self.role.code(),
            list(&self.teams),
            list(&self.shared),
            list(&self.led),
            list(&self.led_people)
        )
    }

    pub fn reads_everything(&self) -> bool {
        matches!(self.role, Role::Admin | Role::ReadOnly)
    }

    /// Whether the person may change anything at all.
    pub fn writes(&self) -> bool {
        self.role != Role::ReadOnly
    }

    fn in_team(&self, team: Option<Uuid>) -> bool {
        team.is_some_and(|t| self.teams.contains(&t))
    }

    fn manages(&self, deal: DealScope) -> bool {
        self.role == Role::Manager
            && (deal.team_id.is_some_and(|t| self.led.contains(&t))
                || deal
                    .salesperson_id
                    .is_some_and(|p| self.led_people.contains(&p)))
    }

    /// May change this deal: theirs, their team's unassigned one, or one they manage.
    pub fn writes_deal(&self, deal: DealScope) -> bool {
        match self.role {
            Role::Admin => true,
            Role::ReadOnly => false,
            Role::Manager | Role::Salesperson => {
                deal.salesperson_id == Some(self.user_id)
                    || (deal.salesperson_id.is_none() && self.in_team(deal.team_id))
                    || self.manages(deal)
            }
        }
    }

    /// May see this deal.
    pub fn sees_deal(&self, deal: DealScope) -> bool {
        self.reads_everything()
            || self.writes_deal(deal)
            || deal.team_id.is_some_and(|t| self.shared.contains(&t))
    }

    /// May put a deal here: one they may change, or one handed to a team they are in.
    fn places_deal(&self, deal: DealScope) -> bool {
        self.writes_deal(deal) || (self.writes() && self.in_team(deal.team_id))
    }

    /// Whether the person may see this record. `deal` finds a deal's scope by id (deleted deals
    /// too), for the records that hang on a deal.
    pub fn can_read(&self, record: &Record, deal: &dyn Fn(Uuid) -> Option<DealScope>) -> bool {
        if self.reads_everything() {
            return true;
        }
        match record {
            Record::Opportunity(o) => self.sees_deal(o.into()),
            Record::Activity(a) => self.sees_parent(a.opportunity_id, deal),
            Record::Note(n) => self.sees_parent(n.opportunity_id, deal),
            Record::Quotation(q) => self.sees_parent(Some(q.opportunity_id), deal),
            Record::Target(t) => self.sees_target(t.team_id, t.salesperson_id),
            Record::Stage(_)
            | Record::LostReason(_)
            | Record::Team(_)
            | Record::Tag(_)
            | Record::ActivityType(_)
            | Record::Contact(_)
            | Record::Company(_)
            | Record::Product(_)
            | Record::Campaign(_)
            | Record::Source(_)
            | Record::CurrencySettings(_) => true,
        }
    }

    fn sees_parent(
        &self,
        opportunity: Option<Uuid>,
        deal: &dyn Fn(Uuid) -> Option<DealScope>,
    ) -> bool {
        match opportunity {
            // On a contact: contacts are the whole organisation's.
            None => true,
            Some(id) => deal(id).is_some_and(|d| self.sees_deal(d)),
        }
    }

    fn writes_parent(
        &self,
        opportunity: Option<Uuid>,
        deal: &dyn Fn(Uuid) -> Option<DealScope>,
    ) -> bool {
        match opportunity {
            None => self.writes(),
            Some(id) => deal(id).is_some_and(|d| self.writes_deal(d)),
        }
    }

    fn sees_target(&self, team: Option<Uuid>, person: Option<Uuid>) -> bool {
        match (team, person) {
            (None, None) => true,
            (Some(t), _) => self.teams.contains(&t) || self.led.contains(&t),
            (None, Some(p)) => p == self.user_id || self.led_people.contains(&p),
        }
    }

    fn manages_target(&self, team: Option<Uuid>, person: Option<Uuid>) -> bool {
        self.role == Role::Manager
            && match (team, person) {
                (Some(t), _) => self.led.contains(&t),
                (None, Some(p)) => self.led_people.contains(&p),
                (None, None) => false,
            }
    }

    /// Whether the person may turn `before` (None: a new record) into `after`. A record they
    /// cannot see is answered as unknown, so a refusal tells nothing about it.
    pub fn check_write(
        &self,
        before: Option<&Record>,
        after: &Record,
        deal: &dyn Fn(Uuid) -> Option<DealScope>,
    ) -> Result<(), RuleError> {
        if let Some(before) = before
            && !self.can_read(before, deal)
        {
            return Err(match before {
                Record::Opportunity(o) => RuleError::UnknownOpportunity(o.id),
                other => RuleError::UnknownRecord(other.id()),
            });
        }
        if self.role == Role::Admin {
            return Ok(());
        }
        if !self.writes() {
            return Err(RuleError::NotAllowed);
        }
        let deleting = after.is_deleted() && before.is_some_and(|b| !b.is_deleted());
        let allowed = match (before, after) {
            (_, Record::Opportunity(o)) => {
                let was = match before {
                    Some(Record::Opportunity(b)) => self.writes_deal(b.into()),
                    _ => before.is_none(),
                };
                was && (o.deleted || self.places_deal(o.into()))
            }
            (_, Record::Activity(a)) => {
                let was = match before {
                    Some(Record::Activity(b)) => self.writes_parent(b.opportunity_id, deal),
                    _ => before.is_none(),
                };
                was && self.writes_parent(a.opportunity_id, deal)
            }
            (_, Record::Note(n)) => {
                let was = match before {
                    Some(Record::Note(b)) => self.writes_parent(b.opportunity_id, deal),
                    _ => before.is_none(),
                };
                was && self.writes_parent(n.opportunity_id, deal)
            }
            (_, Record::Quotation(q)) => {
                let was = match before {
                    Some(Record::Quotation(b)) => self.writes_parent(Some(b.opportunity_id), deal),
                    _ => before.is_none(),
                };
                was && self.writes_parent(Some(q.opportunity_id), deal)
            }
            (_, Record::Contact(_) | Record::Company(_)) => !deleting || self.role == Role::Manager,
            (_, Record::Tag(_)) => !deleting,
            (_, Record::Stage(s)) => {
                let was = match before {
                    Some(Record::Stage(b)) => self.leads(b.team_id),
                    _ => before.is_none(),
                };
                was && self.leads(s.team_id)
            }
            // Their own team's name and flags, and members leaving it. Adding someone would put
            // that person's deals, anywhere, in the manager's reach: an admin adds people.
            (Some(Record::Team(b)), Record::Team(t)) => {
                self.role == Role::Manager
                    && b.leader_id == Some(self.user_id)
                    && t.leader_id == Some(self.user_id)
                    && t.member_ids.iter().all(|m| b.member_ids.contains(m))
                    && !t.deleted
            }
            (_, Record::Target(t)) => {
                let was = match before {
                    Some(Record::Target(b)) => self.manages_target(b.team_id, b.salesperson_id),
                    _ => before.is_none(),
                };
                was && self.manages_target(t.team_id, t.salesperson_id)
            }
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(RuleError::NotAllowed)
        }
    }

    /// Whether this kind of change is one the person's role may make at all. Push asks before
    /// running the rules, so a refusal never carries what the rules saw in records out of
    /// sight (how many cards a stage holds, a target that exists).
    pub fn may_attempt(&self, mutation: &Mutation) -> bool {
        match self.role {
            Role::Admin => true,
            Role::ReadOnly => false,
            // Tags are the one piece of set-up a salesperson keeps.
            Role::Salesperson => !mutation.is_setup() || matches!(mutation, Mutation::SaveTag(_)),
            Role::Manager => !matches!(
                mutation,
                Mutation::SaveLostReason(_)
                    | Mutation::SaveActivityType(_)
                    | Mutation::SaveProduct(_)
                    | Mutation::SaveCampaign(_)
                    | Mutation::SaveSource(_)
                    | Mutation::SaveCurrencySettings(_)
            ),
        }
    }

    fn leads(&self, team: Option<Uuid>) -> bool {
        self.role == Role::Manager && team.is_some_and(|t| self.led.contains(&t))
    }
}

#[cfg(test)]
mod tests;
