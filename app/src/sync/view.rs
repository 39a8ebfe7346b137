//! What the browser shows: the confirmed rows from the server with the pending mutations
//! replayed on top, using the same rules the server runs. Plain code, tested without a browser.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::PullResponse;
use crate::domain::{
    Currency, Mutation, Opportunity, RuleError, Stage, Store, apply, fractional_index,
    opportunity::column_order, stage,
};

/// The records the browser holds, as of `cursor`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub cursor: i64,
    /// The server schema these rows were read with.
    #[serde(default)]
    pub schema: i64,
    /// The organisation these rows belong to.
    #[serde(default)]
    pub org_id: Option<Uuid>,
    /// The user this browser acts for.
    #[serde(default)]
    pub user_id: Option<Uuid>,
    /// Their role: the UI hides what it would refuse.
    #[serde(default)]
    pub role: Option<crate::domain::access::Role>,
    /// The access fingerprint these rows were chosen under.
    #[serde(default)]
    pub access: String,
    pub store: Store,
}

impl std::ops::Deref for Snapshot {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.store
    }
}

impl std::ops::DerefMut for Snapshot {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

/// A column of the board: a stage, its cards in order, and its totals. The cards are named by
/// id (they are in the snapshot): a move redraws the board without copying every card, and the
/// column only draws the ones in view.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub stage: Stage,
    pub ids: Vec<Uuid>,
    /// Sum of expected revenue per currency, largest first.
    pub totals: Vec<(Currency, i64)>,
    /// The same weighted by each deal's probability, per currency.
    pub weighted: Vec<(Currency, i64)>,
}

impl Snapshot {
    /// Applies a pull's patch: puts, deletes, and the new cursor.
    pub fn apply_pull(&mut self, pull: &PullResponse) {
        if pull.reset {
            *self = Snapshot::default();
        }
        if !pull.users.is_empty() {
            self.store.users = pull.users.clone();
        }
        for o in &pull.opportunities {
            self.store.opportunities.insert(o.id, o.clone());
        }
        for id in &pull.deleted_opportunities {
            self.store.opportunities.remove(id);
        }
        for r in &pull.records {
            self.store.put_live(r.clone());
        }
        for id in &pull.deleted_records {
            self.store.remove(*id);
        }
        self.cursor = pull.cursor;
        self.schema = pull.schema;
        self.org_id = Some(pull.org_id);
        self.user_id = pull.user_id;
        self.role = pull.role;
        self.access = pull.access.clone();
    }

    /// This snapshot with `pending` applied in order. A pending mutation the rules refuse here
    /// is skipped (the server will say why); its index and reason are returned.
    pub fn with_pending<'a>(
        &self,
        pending: impl IntoIterator<Item = (&'a Mutation, NaiveDate)>,
    ) -> (Snapshot, Vec<(usize, RuleError)>) {
        let mut view = self.clone();
        let mut refused = Vec::new();
        for (i, (m, on)) in pending.into_iter().enumerate() {
            if let Err(e) = view.apply_local(m, on) {
                refused.push((i, e));
            }
        }
        (view, refused)
    }

    /// What the shared rules make of `m` here: the records after it (none when it has no
    /// effect on this copy: restoring a record deleted before it arrived here).
    fn outcome(&self, m: &Mutation) -> Result<Vec<crate::domain::Record>, RuleError> {
        let id = m.record_id();
        // Deleted records are not kept here; the server brings a restored one back on pull.
        if matches!(m, Mutation::RestoreOpportunity { .. }) && !self.opportunities.contains_key(&id)
        {
            return Ok(Vec::new());
        }
        apply(m, &self.store)
    }

    /// Whether the shared rules accept `m` here, without applying it.
    pub fn check(&self, m: &Mutation) -> Result<(), RuleError> {
        let records = self.outcome(m)?;
        // What the server would refuse for this person's role is refused at once, before it
        // is queued (the server checks again: this only spares a round trip).
        if let (Some(role), Some(user)) = (self.role, self.user_id) {
            let viewer = crate::domain::access::Viewer::new(user, role, &self.store.teams);
            if !viewer.may_attempt(m, self.store.get(m.record_id()).as_ref()) {
                return Err(RuleError::NotAllowed);
            }
            let lookup = |id: Uuid| self.store.opportunities.get(&id).map(Into::into);
            for after in &records {
                viewer.check_write(self.store.get(after.id()).as_ref(), after, &lookup)?;
            }
        }
        Ok(())
    }

    /// Applies one mutation with the shared rules, made on the day `on`.
    pub fn apply_local(&mut self, m: &Mutation, on: NaiveDate) -> Result<(), RuleError> {
        let mut records = self.outcome(m)?;
        crate::domain::mutation::stamp_dates(&self.store, &mut records, on);
        crate::domain::lead_scoring::settle(&self.store, &mut records, on);
        for next in records {
            self.store.put_live(next);
        }
        Ok(())
    }

    /// A position after every card on the board in `stage_id` other than `except`.
    pub fn end_of_column(&self, stage_id: Uuid, except: Uuid) -> String {
        let last = self
            .opportunities
            .values()
            .filter(|o| o.stage_id == stage_id && o.id != except && !o.lost)
            .map(|o| o.position.as_str())
            .max();
        fractional_index::key_between(last, None).unwrap_or_else(|_| "V".into())
    }

    /// The board of `team` (`None`: every team's): its live stages in order, each with its
    /// cards sorted and its totals.
    pub fn columns(&self, team: Option<Uuid>) -> Vec<Column> {
        self.columns_keeping(team, |_| true)
    }

    /// The board of `team` with only the deals `keep` keeps (a search, a filter), the totals
    /// theirs.
    pub fn columns_keeping(
        &self,
        team: Option<Uuid>,
        keep: impl Fn(&Opportunity) -> bool,
    ) -> Vec<Column> {
        let mut by_stage: HashMap<Uuid, Vec<&Opportunity>> = HashMap::new();
        // Lost deals are off the board.
        for o in self
            .opportunities
            .values()
            .filter(|o| !o.deleted && !o.lost && !o.lead)
            .filter(|o| team.is_none() || o.team_id == team)
            .filter(|o| keep(o))
        {
            by_stage.entry(o.stage_id).or_default().push(o);
        }
        stage::board_order(&self.stages)
            .into_iter()
            .filter(|s| s.shown_for(team))
            .map(|stage| {
                let mut cards = by_stage.remove(&stage.id).unwrap_or_default();
                cards.sort_by(|a, b| column_order(a, b));
                Column::of(stage.clone(), &cards)
            })
            .collect()
    }
}

impl Column {
    /// The column of `stage` holding `cards`, in their order, with their totals.
    pub fn of(stage: Stage, cards: &[&Opportunity]) -> Column {
        let mut sums: HashMap<Currency, (i64, i128)> = HashMap::new();
        for c in cards {
            let sum = sums.entry(c.expected_revenue.currency).or_default();
            sum.0 += c.expected_revenue.minor;
            sum.1 += i128::from(c.expected_revenue.minor) * i128::from(c.chance());
        }
        let mut totals: Vec<(Currency, i64)> =
            sums.iter().map(|(c, (sum, _))| (*c, *sum)).collect();
        totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.code().cmp(b.0.code())));
        let weighted = totals
            .iter()
            .map(|(c, _)| (*c, (sums[c].1 / 10_000) as i64))
            .collect();
        Column {
            stage,
            ids: cards.iter().map(|o| o.id).collect(),
            totals,
            weighted,
        }
    }
}

/// Puts each of `changed` in `rows`, replacing the row with the same id.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Money, NewOpportunity};

    fn stage(sequence: i32, is_won: bool) -> Stage {
        Stage {
            probability: 20,
            ..Stage::sample(sequence, is_won)
        }
    }

    fn create(stage_id: Uuid, title: &str, position: &str, minor: i64) -> Mutation {
        Mutation::CreateOpportunity(NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            custom: Default::default(),
            id: Uuid::now_v7(),
            title: title.into(),
            customer_name: String::new(),
            company_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(minor, Currency::VND),
            priority: 0,
            stage_id,
            position: position.into(),
            salesperson_id: None,
            expected_close: None,
            team_id: None,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
        })
    }

    #[test]
    fn pending_mutations_are_replayed_on_the_confirmed_rows() {
        let s = Snapshot {
            store: Store {
                stages: vec![stage(2, true), stage(1, false)],
                ..Default::default()
            },
            ..Default::default()
        };
        let (a, b) = (
            create(s.stages[1].id, "A", "V", 100),
            create(s.stages[1].id, "B", "a", 50),
        );
        let mv = Mutation::MoveOpportunity {
            id: b.opportunity_id(),
            stage_id: s.stages[1].id,
            position: "M".into(),
            base_version: 0,
        };
        let (view, refused) = s.with_pending([&a, &b, &mv].map(|m| (m, NaiveDate::MIN)));
        assert!(refused.is_empty());
        let columns = view.columns(None);
        assert_eq!(
            columns[0].stage.sequence, 1,
            "columns follow the stage sequence"
        );
        let titles: Vec<&str> = columns[0]
            .ids
            .iter()
            .map(|id| view.opportunities[id].title.as_str())
            .collect();
        assert_eq!(titles, ["B", "A"], "cards follow their positions");
        assert_eq!(columns[0].totals, vec![(Currency::VND, 150)]);
        assert!(columns[1].ids.is_empty());
    }

    #[test]
    fn a_pending_mutation_the_rules_refuse_is_skipped_and_reported() {
        let s = Snapshot {
            store: Store {
                stages: vec![stage(1, false)],
                ..Default::default()
            },
            ..Default::default()
        };
        let bad = create(Uuid::now_v7(), "lost", "V", 1);
        let good = create(s.stages[0].id, "kept", "V", 1);
        let (view, refused) = s.with_pending([&bad, &good].map(|m| (m, NaiveDate::MIN)));
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, 0);
        assert_eq!(view.opportunities.len(), 1);
    }

    #[test]
    fn a_pull_patch_puts_and_deletes_and_a_reset_starts_over() {
        let mut s = Snapshot {
            store: Store {
                stages: vec![stage(1, false)],
                ..Default::default()
            },
            ..Default::default()
        };
        let m = create(s.stages[0].id, "A", "V", 1);
        s.apply_local(&m, NaiveDate::MIN).unwrap();
        let id = m.opportunity_id();
        let patch = |reset, deleted: Vec<Uuid>| PullResponse {
            cursor: 9,
            schema: 2,
            org_id: Uuid::now_v7(),
            user_id: None,
            role: None,
            access: String::new(),
            reset,
            users: vec![],
            opportunities: vec![],
            deleted_opportunities: deleted,
            records: vec![],
            deleted_records: vec![],
            last_mutation_ids: HashMap::new(),
            rejections: vec![],
            conflicts: vec![],
        };
        s.apply_pull(&patch(false, vec![id]));
        assert!(s.opportunities.is_empty());
        assert_eq!(s.cursor, 9);
        s.apply_pull(&patch(true, vec![]));
        assert!(s.stages.is_empty());
    }
}
