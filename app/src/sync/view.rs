//! What the browser shows: the confirmed rows from the server with the pending mutations
//! replayed on top, using the same rules the server runs. Plain code, tested without a browser.

use std::collections::{HashMap, HashSet};

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

    /// Brings this copy level with `confirmed` again, when it was `confirmed` as it stood
    /// before the changes `since` names (pulls, fetched records, this browser's own changes
    /// replayed here), at the cost of those records rather than of copying the whole copy:
    /// what a browser does at every pull once nothing of its own waits.
    pub fn catch_up(&mut self, confirmed: &Snapshot, since: &super::cache::Unsaved) {
        debug_assert!(
            !since.all,
            "a copy rewritten whole is cloned, not caught up"
        );
        self.store.follow(&confirmed.store, &since.ids);
        if since.head {
            self.cursor = confirmed.cursor;
            self.schema = confirmed.schema;
            self.org_id = confirmed.org_id;
            self.user_id = confirmed.user_id;
            self.role = confirmed.role;
            self.access.clone_from(&confirmed.access);
            self.store.users.clone_from(&confirmed.store.users);
        }
    }

    /// This snapshot with `pending` applied in order, and the ids of the records they
    /// changed (where it differs from this one). A pending mutation the rules refuse here is
    /// skipped (the server will say why); its index and reason are returned.
    pub fn with_pending<'a>(
        &self,
        pending: impl IntoIterator<Item = (&'a Mutation, NaiveDate)>,
    ) -> (Snapshot, Vec<(usize, RuleError)>, HashSet<Uuid>) {
        let mut view = self.clone();
        let mut refused = Vec::new();
        let mut changed = HashSet::new();
        for (i, (m, on)) in pending.into_iter().enumerate() {
            match view.apply_local(m, on) {
                Ok(ids) => changed.extend(ids),
                Err(e) => refused.push((i, e)),
            }
        }
        (view, refused, changed)
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

    /// Applies one mutation with the shared rules, made on the day `on`: the ids of the
    /// records it changed.
    pub fn apply_local(&mut self, m: &Mutation, on: NaiveDate) -> Result<Vec<Uuid>, RuleError> {
        let mut records = self.outcome(m)?;
        crate::domain::mutation::stamp_dates(&self.store, &mut records, on);
        crate::domain::lead_scoring::settle(&self.store, &mut records, on);
        let ids = records.iter().map(crate::domain::Record::id).collect();
        for next in records {
            self.store.put_live(next);
        }
        Ok(ids)
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

impl Snapshot {
    /// The board of `team` again, from `before` (this board as it was) and the records
    /// `changed` since (a card moved, one made, one lost): those cards are taken out and put
    /// back in place, and only the columns they left or joined are totalled again. `None`
    /// when a stage changed: the board is worked out whole.
    pub fn columns_after(
        &self,
        before: &[Column],
        team: Option<Uuid>,
        changed: &HashSet<Uuid>,
    ) -> Option<Vec<Column>> {
        let stages_changed = self.stages.iter().any(|s| changed.contains(&s.id))
            || before.iter().any(|c| changed.contains(&c.stage.id));
        if stages_changed {
            return None;
        }
        let mut columns = before.to_vec();
        let mut touched = HashSet::new();
        for (i, column) in columns.iter_mut().enumerate() {
            let len = column.ids.len();
            column.ids.retain(|id| !changed.contains(id));
            if column.ids.len() != len {
                touched.insert(i);
            }
        }
        // Put back those the board shows, as `columns_keeping` would.
        for id in changed {
            let Some(o) = self.opportunities.get(id) else {
                continue;
            };
            if o.deleted || o.lost || o.lead || team.is_some_and(|t| o.team_id != Some(t)) {
                continue;
            }
            let Some(i) = columns.iter().position(|c| c.stage.id == o.stage_id) else {
                continue;
            };
            let ids = &mut columns[i].ids;
            let at = ids.partition_point(|other| {
                self.opportunities
                    .get(other)
                    .is_some_and(|x| column_order(x, o).is_lt())
            });
            ids.insert(at, *id);
            touched.insert(i);
        }
        for i in touched {
            let column = &columns[i];
            let cards: Vec<&Opportunity> = column
                .ids
                .iter()
                .filter_map(|id| self.opportunities.get(id))
                .collect();
            columns[i] = Column::of(column.stage.clone(), &cards);
        }
        Some(columns)
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

    /// A pull that brings nothing, up to `cursor`.
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
        let (view, refused, _) = s.with_pending([&a, &b, &mv].map(|m| (m, NaiveDate::MIN)));
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
        let (view, refused, _) = s.with_pending([&bad, &good].map(|m| (m, NaiveDate::MIN)));
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
            schema: 2,
            reset,
            deleted_opportunities: deleted,
            ..PullResponse::empty(9)
        };
        s.apply_pull(&patch(false, vec![id]));
        assert!(s.opportunities.is_empty());
        assert_eq!(s.cursor, 9);
        s.apply_pull(&patch(true, vec![]));
        assert!(s.stages.is_empty());
    }
    #[test]
    fn a_copy_in_step_catches_up_with_the_pulls_it_missed_by_their_records_alone() {
        use crate::domain::{Record, Tag, User};
        let tag = Tag::sample;
        let (kept, dropped) = (tag("VIP"), tag("Old"));
        let mut confirmed = Snapshot {
            cursor: 4,
            store: Store {
                stages: vec![stage(1, false)],
                tags: vec![kept.clone(), dropped.clone()],
                ..Default::default()
            },
            ..Default::default()
        };
        for title in ["A", "B"] {
            let m = create(confirmed.stages[0].id, title, "V", 1);
            confirmed.apply_local(&m, NaiveDate::MIN).unwrap();
        }
        let ids: Vec<Uuid> = confirmed.opportunities.keys().copied().collect();
        let mut view = confirmed.clone();
        let mut moved = confirmed.opportunities[&ids[0]].clone();
        moved.title = "A, renamed".into();
        moved.version += 1;
        let first = PullResponse {
            schema: 3,
            org_id: Uuid::now_v7(),
            user_id: Some(Uuid::now_v7()),
            access: "team:1".into(),
            users: vec![User {
                id: Uuid::now_v7(),
                name: "Lan".into(),
                email: "lan@example.vn".into(),
            }],
            opportunities: vec![moved],
            deleted_opportunities: vec![ids[1]],
            records: vec![Record::Tag(Tag {
                name: "VIP customer".into(),
                version: 2,
                ..kept
            })],
            deleted_records: vec![dropped.id],
            ..PullResponse::empty(5)
        };
        // A later one, with the first's head.
        let second = PullResponse {
            cursor: 6,
            users: vec![],
            opportunities: vec![],
            deleted_opportunities: vec![],
            records: vec![Record::Tag(tag("New"))],
            deleted_records: vec![],
            ..first.clone()
        };
        let pulls = [first, second];
        let mut since = super::super::cache::Unsaved::default();
        for pull in &pulls {
            confirmed.apply_pull(pull);
            since.note_pull(pull);
        }
        assert_ne!(view, confirmed);
        view.catch_up(&confirmed, &since);
        assert_eq!(view, confirmed);
    }
    #[test]
    fn a_copy_with_its_own_changes_replayed_catches_up_once_the_server_has_answered_them() {
        let confirmed = Snapshot {
            store: Store {
                stages: vec![stage(1, false)],
                ..Default::default()
            },
            ..Default::default()
        };
        let (kept, refused) = (
            create(confirmed.stages[0].id, "Taken", "V", 1),
            create(confirmed.stages[0].id, "Refused", "a", 2),
        );
        let (view, _, changed) =
            confirmed.with_pending([&kept, &refused].map(|m| (m, NaiveDate::MIN)));
        assert_eq!(view.opportunities.len(), 2);
        // The server took the first (a later version) and refused the second.
        let mut taken = view.opportunities[&kept.opportunity_id()].clone();
        taken.version = 1;
        let answer = PullResponse {
            opportunities: vec![taken],
            ..PullResponse::empty(7)
        };
        let mut confirmed = confirmed;
        confirmed.apply_pull(&answer);
        let mut since = super::super::cache::Unsaved {
            ids: changed,
            ..Default::default()
        };
        since.note_pull(&answer);
        let mut caught_up = view.clone();
        caught_up.catch_up(&confirmed, &since);
        assert_eq!(caught_up, confirmed);
        assert!(
            !caught_up
                .opportunities
                .contains_key(&refused.opportunity_id())
        );
    }
    #[test]
    fn a_board_brought_up_to_date_by_the_cards_changed_is_the_board_worked_out_whole() {
        let team = Uuid::now_v7();
        let mut s = Snapshot {
            store: Store {
                stages: vec![stage(1, false), stage(2, false), stage(3, true)],
                ..Default::default()
            },
            ..Default::default()
        };
        let stages: Vec<Uuid> = s.stages.iter().map(|st| st.id).collect();
        // Thirty deals, some sharing a position, some of the team.
        for i in 0..30 {
            let position = ["a", "V", "k", "V"][i % 4];
            let m = create(stages[i % 3], &format!("Deal {i}"), position, 10 * i as i64);
            s.apply_local(&m, NaiveDate::MIN).unwrap();
            if i % 2 == 0 {
                let id = m.opportunity_id();
                s.store.opportunities.get_mut(&id).unwrap().team_id = Some(team);
            }
        }
        let ids: Vec<Uuid> = s.opportunities.keys().copied().collect();
        for board in [None, Some(team)] {
            let mut now = s.clone();
            let before = now.columns(board);
            let mut changed = HashSet::new();
            // Moved into another stage between two cards, moved within its own, lost, made,
            // deleted, and one whose total changed.
            let moves = [
                (ids[0], stages[1], "W"),
                (ids[4], stages[1], "b"),
                (ids[5], stages[0], "Z"),
            ];
            for (id, stage_id, position) in moves {
                let o = now.store.opportunities.get_mut(&id).unwrap();
                o.stage_id = stage_id;
                o.position = position.into();
                changed.insert(id);
            }
            now.store.opportunities.get_mut(&ids[7]).unwrap().lost = true;
            now.store
                .opportunities
                .get_mut(&ids[8])
                .unwrap()
                .expected_revenue
                .minor = 999;
            now.store.opportunities.remove(&ids[9]);
            let made = create(stages[2], "New", "V", 5);
            changed.extend(now.apply_local(&made, NaiveDate::MIN).unwrap());
            if let Some(t) = board {
                now.store
                    .opportunities
                    .get_mut(&made.opportunity_id())
                    .unwrap()
                    .team_id = Some(t);
            }
            changed.extend([ids[7], ids[8], ids[9]]);
            // An activity, a contact: nothing of the board.
            changed.insert(Uuid::now_v7());
            assert_eq!(
                now.columns_after(&before, board, &changed),
                Some(now.columns(board))
            );
            // A stage changed: worked out whole.
            changed.insert(stages[1]);
            assert_eq!(now.columns_after(&before, board, &changed), None);
        }
    }
    #[test]
    fn the_few_kinds_kept_in_a_list_catch_up_in_the_confirmed_order() {
        use crate::domain::Tag;
        let tag = Tag::sample;
        let confirmed = Snapshot {
            store: Store {
                tags: vec![tag("A"), tag("B"), tag("C")],
                ..Default::default()
            },
            ..Default::default()
        };
        // Deleted here (a list keeps no deleted tag), refused by the server: back in its
        // place, not at the end.
        let b = confirmed.tags[1].id;
        let mut view = confirmed.clone();
        view.store.tags.remove(1);
        let since = super::super::cache::Unsaved {
            ids: HashSet::from([b]),
            ..Default::default()
        };
        view.catch_up(&confirmed, &since);
        assert_eq!(view, confirmed);
    }
}
