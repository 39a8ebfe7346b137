//! What the browser shows: the confirmed rows from the server with the pending mutations
//! replayed on top, using the same rules the server runs. Plain code, tested without a browser.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::protocol::PullResponse;
use crate::domain::{
    Currency, LostReason, Mutation, Opportunity, RuleError, Setup, Stage, User, apply,
    fractional_index, opportunity::column_order, stage,
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
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub lost_reasons: Vec<LostReason>,
    #[serde(default)]
    pub users: Vec<User>,
    pub opportunities: BTreeMap<Uuid, Opportunity>,
}

/// A column of the board: a stage, its cards in order, and its totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub stage: Stage,
    pub cards: Vec<Opportunity>,
    /// Sum of expected revenue per currency, largest first.
    pub totals: Vec<(Currency, i64)>,
}

impl Snapshot {
    /// Applies a pull's patch: puts, deletes, and the new cursor.
    pub fn apply_pull(&mut self, pull: &PullResponse) {
        if pull.reset {
            *self = Snapshot::default();
        }
        upsert(&mut self.stages, &pull.stages, |s| s.id);
        upsert(&mut self.lost_reasons, &pull.lost_reasons, |r| r.id);
        if !pull.users.is_empty() {
            self.users = pull.users.clone();
        }
        for o in &pull.opportunities {
            self.opportunities.insert(o.id, o.clone());
        }
        for id in &pull.deleted_opportunities {
            self.opportunities.remove(id);
        }
        self.cursor = pull.cursor;
        self.schema = pull.schema;
        self.org_id = Some(pull.org_id);
    }

    /// This snapshot with `pending` applied in order. A pending mutation the rules refuse here
    /// is skipped (the server will say why); its index and reason are returned.
    pub fn with_pending<'a>(
        &self,
        pending: impl IntoIterator<Item = &'a Mutation>,
    ) -> (Snapshot, Vec<(usize, RuleError)>) {
        let mut view = self.clone();
        let mut refused = Vec::new();
        for (i, m) in pending.into_iter().enumerate() {
            if let Err(e) = view.apply_local(m) {
                refused.push((i, e));
            }
        }
        (view, refused)
    }

    /// What the shared rules make of `m` here: the record after it, or `None` when it has no
    /// effect on this copy (restoring a record deleted before it arrived here).
    fn outcome(&self, m: &Mutation) -> Result<Option<Opportunity>, RuleError> {
        let id = m.opportunity_id();
        // Deleted records are not kept here; the server brings a restored one back on pull.
        if matches!(m, Mutation::RestoreOpportunity { .. }) && !self.opportunities.contains_key(&id)
        {
            return Ok(None);
        }
        apply(m, self.opportunities.get(&id), &self.setup()).map(Some)
    }

    /// The set-up the rules consult, as this copy knows it.
    pub fn setup(&self) -> Setup<'_> {
        Setup {
            stages: &self.stages,
            lost_reasons: &self.lost_reasons,
            users: &self.users,
        }
    }

    /// Whether the shared rules accept `m` here, without applying it.
    pub fn check(&self, m: &Mutation) -> Result<(), RuleError> {
        self.outcome(m).map(|_| ())
    }

    /// Applies one mutation with the shared rules.
    pub fn apply_local(&mut self, m: &Mutation) -> Result<(), RuleError> {
        if let Some(next) = self.outcome(m)? {
            if next.deleted {
                self.opportunities.remove(&next.id);
            } else {
                self.opportunities.insert(next.id, next);
            }
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

    /// The board: live stages in order, each with its cards sorted and its totals.
    pub fn columns(&self) -> Vec<Column> {
        let mut by_stage: HashMap<Uuid, Vec<Opportunity>> = HashMap::new();
        // Lost deals are off the board.
        for o in self
            .opportunities
            .values()
            .filter(|o| !o.deleted && !o.lost)
        {
            by_stage.entry(o.stage_id).or_default().push(o.clone());
        }
        stage::board_order(&self.stages)
            .into_iter()
            .map(|stage| {
                let mut cards = by_stage.remove(&stage.id).unwrap_or_default();
                cards.sort_by(column_order);
                let mut sums: HashMap<Currency, i64> = HashMap::new();
                for c in &cards {
                    *sums.entry(c.expected_revenue.currency).or_default() +=
                        c.expected_revenue.minor;
                }
                let mut totals: Vec<(Currency, i64)> = sums.into_iter().collect();
                totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.code().cmp(b.0.code())));
                Column {
                    stage: stage.clone(),
                    cards,
                    totals,
                }
            })
            .collect()
    }
}

/// Puts each of `changed` in `rows`, replacing the row with the same id.
fn upsert<T: Clone>(rows: &mut Vec<T>, changed: &[T], id: impl Fn(&T) -> Uuid) {
    for row in changed {
        match rows.iter_mut().find(|r| id(r) == id(row)) {
            Some(existing) => *existing = row.clone(),
            None => rows.push(row.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Money, NewOpportunity};

    fn stage(sequence: i32, is_won: bool) -> Stage {
        Stage {
            id: Uuid::now_v7(),
            name: format!("S{sequence}"),
            sequence,
            is_won,
            folded: false,
            probability: 20,
            version: 1,
            deleted: false,
        }
    }

    fn create(stage_id: Uuid, title: &str, position: &str, minor: i64) -> Mutation {
        Mutation::CreateOpportunity(NewOpportunity {
            id: Uuid::now_v7(),
            title: title.into(),
            customer_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(minor, Currency::VND),
            priority: 0,
            stage_id,
            position: position.into(),
            salesperson_id: None,
            expected_close: None,
        })
    }

    #[test]
    fn pending_mutations_are_replayed_on_the_confirmed_rows() {
        let s = Snapshot {
            stages: vec![stage(2, true), stage(1, false)],
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
        let (view, refused) = s.with_pending([&a, &b, &mv]);
        assert!(refused.is_empty());
        let columns = view.columns();
        assert_eq!(
            columns[0].stage.sequence, 1,
            "columns follow the stage sequence"
        );
        let titles: Vec<&str> = columns[0].cards.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["B", "A"], "cards follow their positions");
        assert_eq!(columns[0].totals, vec![(Currency::VND, 150)]);
        assert!(columns[1].cards.is_empty());
    }

    #[test]
    fn a_pending_mutation_the_rules_refuse_is_skipped_and_reported() {
        let s = Snapshot {
            stages: vec![stage(1, false)],
            ..Default::default()
        };
        let bad = create(Uuid::now_v7(), "lost", "V", 1);
        let good = create(s.stages[0].id, "kept", "V", 1);
        let (view, refused) = s.with_pending([&bad, &good]);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, 0);
        assert_eq!(view.opportunities.len(), 1);
    }

    #[test]
    fn a_pull_patch_puts_and_deletes_and_a_reset_starts_over() {
        let mut s = Snapshot {
            stages: vec![stage(1, false)],
            ..Default::default()
        };
        let m = create(s.stages[0].id, "A", "V", 1);
        s.apply_local(&m).unwrap();
        let id = m.opportunity_id();
        let patch = |reset, deleted: Vec<Uuid>| PullResponse {
            cursor: 9,
            schema: 2,
            org_id: Uuid::now_v7(),
            reset,
            stages: vec![],
            lost_reasons: vec![],
            users: vec![],
            opportunities: vec![],
            deleted_opportunities: deleted,
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
