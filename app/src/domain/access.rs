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
//! | saved view                      | their own; edits and deletes those shared with them | their own, shared with their teams or everyone | their own, shared with their teams | their own, shared with their teams |
//! | default views (a person's)      | their own only | their own only        | their own only                      | their own only |
//!
//! A saved view is read by whoever made it and those it is shared with, whatever their role:
//! nobody else, the admin included, reads a private one.
//!
//! A salesperson may also hand a deal to a teammate: a deal may be written into any team the
//! author belongs to.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kind::{Policy, Read, Scope, Write};
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
    pub fn new<'a>(
        user_id: Uuid,
        role: Role,
        teams: impl IntoIterator<Item = &'a Team> + Clone,
    ) -> Viewer {
        let live = || teams.clone().into_iter().filter(|t| !t.deleted);
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
        self.reads(record.policy(), record.scope(), deal)
    }

    /// Whether the person may see a record of a kind with this policy, standing there.
    pub fn reads(
        &self,
        policy: Policy,
        scope: Scope,
        deal: &dyn Fn(Uuid) -> Option<DealScope>,
    ) -> bool {
        if let Scope::Personal {
            owner,
            team,
            everyone,
        } = scope
        {
            return everyone || owner == self.user_id || self.in_or_leads(team);
        }
        if self.reads_everything() || policy.read == Read::Everyone {
            return true;
        }
        match scope {
            Scope::Org | Scope::Team(_) => true,
            Scope::Deal(d) => self.sees_deal(d),
            Scope::OnDeal(parent) => self.sees_parent(parent, deal),
            Scope::About(about) => match about.deal_id() {
                Some(d) => self.sees_parent(Some(d), deal),
                // Another kind's record: what everyone reads, everyone reads about.
                None => Record::policy_of(about.kind).is_some_and(|p| p.read == Read::Everyone),
            },
            Scope::TeamOrPerson { team, person } => self.sees_target(team, person),
            Scope::Personal { .. } => false,
        }
    }

    /// Whether the person is in this team or leads it.
    fn in_or_leads(&self, team: Option<Uuid>) -> bool {
        team.is_some_and(|t| self.teams.contains(&t) || self.led.contains(&t))
    }

    /// Whether the person may turn `before` into `after`, records of their own (`Write::Owner`):
    /// the owner stays who made it; they change theirs, and the admin one shared with them;
    /// shared with a team they are in or lead, with everyone only by a manager or the admin.
    fn writes_own(&self, before: Option<&Record>, after: &Record) -> bool {
        let Scope::Personal {
            owner,
            team,
            everyone,
        } = after.scope()
        else {
            return false;
        };
        let owner_before = match before.map(Record::scope) {
            Some(Scope::Personal { owner, .. }) => Some(owner),
            Some(_) => return false,
            None => None,
        };
        if owner_before.is_some_and(|b| b != owner) {
            return false;
        }
        let admin = self.role == Role::Admin;
        if owner != self.user_id && !(admin && before.is_some()) {
            return false;
        }
        let unchanged = before.is_some_and(|b| b.scope() == after.scope());
        let shares = if everyone {
            admin || self.role == Role::Manager
        } else if team.is_some() {
            admin || self.in_or_leads(team)
        } else {
            true
        };
        after.is_deleted() || unchanged || shares
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
        if after.policy().write == Write::Owner {
            return match before.is_none_or(|b| b.kind() == after.kind())
                && self.writes_own(before, after)
            {
                true => Ok(()),
                false => Err(RuleError::NotAllowed),
            };
        }
        if after.policy().write == Write::Server {
            return Err(RuleError::NotAllowed);
        }
        if self.role == Role::Admin {
            return Ok(());
        }
        if !self.writes() {
            return Err(RuleError::NotAllowed);
        }
        let deleting = after.is_deleted() && before.is_some_and(|b| !b.is_deleted());
        // Records keep their kind: anything else is not this person's to decide.
        if before.is_some_and(|b| b.kind() != after.kind()) {
            return Err(RuleError::NotAllowed);
        }
        let was = before.map(Record::scope);
        let now = after.scope();
        let allowed = match after.policy().write {
            Write::Deal => {
                let was = match was {
                    Some(Scope::Deal(b)) => self.writes_deal(b),
                    _ => before.is_none(),
                };
                let now = match now {
                    Scope::Deal(o) => after.is_deleted() || self.places_deal(o),
                    _ => false,
                };
                was && now
            }
            Write::FollowsDeal => {
                let writes = |scope: Scope| match scope {
                    Scope::OnDeal(parent) => self.writes_parent(parent, deal),
                    Scope::About(about) => match about.deal_id() {
                        Some(d) => self.writes_parent(Some(d), deal),
                        None => {
                            self.writes()
                                && Record::policy_of(about.kind)
                                    .is_some_and(|p| p.read == Read::Everyone)
                        }
                    },
                    _ => false,
                };
                was.is_none_or(writes) && writes(now)
            }
            Write::Shared { delete } => !deleting || delete.contains(&self.role),
            Write::LedTeams => {
                was.is_none_or(|s| self.leads_scope(s))
                    && self.leads_scope(now)
                    && after.manager_may(before, self.user_id)
            }
            Write::Admin | Write::Owner | Write::Server => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(RuleError::NotAllowed)
        }
    }

    /// Whether this kind of change is one the person's role may make at all. Push asks before
    /// running the rules, so a refusal never carries what the rules saw in records out of
    /// sight (how many cards a stage holds, a target that exists). `target` is the record the
    /// mutation names as it stands, when it exists.
    pub fn may_attempt(&self, mutation: &Mutation, target: Option<&Record>) -> bool {
        let policy = mutation
            .saved_policy()
            .or_else(|| target.map(Record::policy));
        // Every role keeps records of its own; whose they are is `check_write`'s to say.
        if policy.is_some_and(|p| p.write == Write::Owner) {
            return true;
        }
        if policy.is_some_and(|p| p.write == Write::Server) {
            return false;
        }
        match self.role {
            Role::Admin => return true,
            Role::ReadOnly => return false,
            Role::Manager | Role::Salesperson => {}
        }
        let Some(policy) = policy else {
            return true;
        };
        match policy.write {
            Write::Admin | Write::Server => false,
            Write::LedTeams => self.role == Role::Manager,
            Write::Shared { delete } => {
                // A merge archives records as a delete does.
                !matches!(
                    mutation,
                    Mutation::Delete { .. } | Mutation::Merge { .. } | Mutation::Unmerge { .. }
                ) || delete.contains(&self.role)
            }
            Write::Deal | Write::FollowsDeal | Write::Owner => true,
        }
    }

    /// Whether a manager keeps set-up standing here: a team they lead, or a target of theirs.
    fn leads_scope(&self, scope: Scope) -> bool {
        match scope {
            Scope::Team(team) => self.leads(team),
            Scope::TeamOrPerson { team, person } => self.manages_target(team, person),
            Scope::Org
            | Scope::Deal(_)
            | Scope::OnDeal(_)
            | Scope::About(_)
            | Scope::Personal { .. } => false,
        }
    }

    fn leads(&self, team: Option<Uuid>) -> bool {
        self.role == Role::Manager && team.is_some_and(|t| self.led.contains(&t))
    }
}

#[cfg(test)]
mod tests;
