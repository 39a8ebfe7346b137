//! The rules of the set-up a sales manager keeps: teams, stages, tags, lost reasons and
//! activity types, each saved whole and deleted only when nothing still stands on it.

use super::Mutation;
use crate::domain::{
    Campaign, Record, RuleError, Source, Store, activity, lost_reason, opportunity::clean_text,
    origin, rates, stage, tag, target, team,
};

pub fn apply(mutation: &Mutation, store: &Store) -> Result<Vec<Record>, RuleError> {
    let saved = match mutation {
        Mutation::SaveTeam(t) => {
            fresh_or_same_kind(store, t.id, |r| matches!(r, Record::Team(_)))?;
            Record::Team(team::check(t, &store.users)?)
        }
        Mutation::SaveStage(s) => {
            fresh_or_same_kind(store, s.id, |r| matches!(r, Record::Stage(_)))?;
            if let Some(id) = s.team_id
                && team::find(&store.teams, id).is_none()
            {
                return Err(RuleError::UnknownTeam(id));
            }
            // Its cards must stay in a column of their own team.
            if let Some(team) = s.team_id
                && store.opportunities.values().any(|o| {
                    o.stage_id == s.id && !o.deleted && o.team_id.is_some_and(|t| t != team)
                })
            {
                return Err(RuleError::StageOfAnotherTeam);
            }
            let mut checked = stage::check(s)?;
            checked.deleted = false;
            Record::Stage(checked)
        }
        Mutation::SaveTag(t) => {
            fresh_or_same_kind(store, t.id, |r| matches!(r, Record::Tag(_)))?;
            Record::Tag(tag::check(t, &store.tags)?)
        }
        Mutation::SaveLostReason(r) => {
            fresh_or_same_kind(store, r.id, |x| matches!(x, Record::LostReason(_)))?;
            let name = clean_text("lost reason", &r.name)?;
            if name.is_empty() {
                return Err(RuleError::Required("lost reason".into()));
            }
            let mut checked = r.clone();
            checked.name = name;
            checked.deleted = false;
            Record::LostReason(checked)
        }
        Mutation::SaveProduct(p) => {
            fresh_or_same_kind(store, p.id, |r| matches!(r, Record::Product(_)))?;
            let mut checked = crate::domain::product::check(p)?;
            checked.deleted = false;
            Record::Product(checked)
        }
        Mutation::SaveActivityType(t) => {
            fresh_or_same_kind(store, t.id, |r| matches!(r, Record::ActivityType(_)))?;
            Record::ActivityType(activity::check_type(t, &store.activity_types)?)
        }
        Mutation::SaveCampaign(c) => {
            fresh_or_same_kind(store, c.id, |r| matches!(r, Record::Campaign(_)))?;
            let name = origin::check_name("campaign", c, &store.campaigns)?;
            Record::Campaign(Campaign {
                name,
                deleted: false,
                ..c.clone()
            })
        }
        Mutation::SaveSource(c) => {
            fresh_or_same_kind(store, c.id, |r| matches!(r, Record::Source(_)))?;
            let name = origin::check_name("source", c, &store.sources)?;
            Record::Source(Source {
                name,
                deleted: false,
                ..c.clone()
            })
        }
        Mutation::SaveTarget(t) => {
            fresh_or_same_kind(store, t.id, |r| matches!(r, Record::Target(_)))?;
            Record::Target(target::check(t, store)?)
        }
        Mutation::SaveCurrencySettings(c) => {
            // One per organisation: its id is the organisation's, so two browsers creating
            // them at once make one record.
            fresh_or_same_kind(store, c.id, |r| matches!(r, Record::CurrencySettings(_)))?;
            if store.currency_settings.iter().any(|s| s.id != c.id) {
                return Err(RuleError::RecordExists(c.id));
            }
            Record::CurrencySettings(rates::check(c)?)
        }
        Mutation::DeleteSetup { id } => delete(store, *id)?,
        _ => return Err(RuleError::Malformed("not a change of the set-up".into())),
    };
    Ok(vec![saved])
}

/// A new set-up record needs a time-ordered id; an existing one must be of the same kind.
fn fresh_or_same_kind(
    store: &Store,
    id: uuid::Uuid,
    same: impl Fn(&Record) -> bool,
) -> Result<(), RuleError> {
    match store.get(id) {
        None if id.get_version_num() != 7 => Err(RuleError::IdNotTimeOrdered),
        None => Ok(()),
        // Saving a stale copy must not bring back what someone deleted.
        Some(r) if same(&r) && r.is_deleted() => Err(RuleError::UnknownRecord(id)),
        Some(r) if same(&r) => Ok(()),
        Some(_) => Err(RuleError::RecordExists(id)),
    }
}

fn delete(store: &Store, id: uuid::Uuid) -> Result<Record, RuleError> {
    let mut record = match store.get(id) {
        Some(Record::Team(t)) => {
            // A team's own stages go first (or are given to every team).
            let stages = store
                .stages
                .iter()
                .filter(|s| s.team_id == Some(id) && !s.deleted)
                .count();
            if stages > 0 {
                return Err(RuleError::TeamHasStages(stages));
            }
            Record::Team(t)
        }
        Some(
            r @ (Record::Tag(_)
            | Record::ActivityType(_)
            | Record::Product(_)
            | Record::Campaign(_)
            | Record::Source(_)
            | Record::Target(_)),
        ) => r,
        Some(Record::LostReason(r)) if lost_reason::find(&store.lost_reasons, id).is_some() => {
            Record::LostReason(r)
        }
        Some(Record::Stage(s)) if stage::find(&store.stages, id).is_some() => {
            // Cards need a column: the stage goes once its open cards have moved elsewhere.
            let cards = store
                .opportunities
                .values()
                .filter(|o| o.stage_id == id && !o.deleted && !o.lost)
                .count();
            if cards > 0 {
                return Err(RuleError::StageInUse(cards));
            }
            Record::Stage(s)
        }
        Some(Record::Stage(_) | Record::LostReason(_)) | None => {
            return Err(RuleError::UnknownRecord(id));
        }
        Some(_) => return Err(RuleError::NotDeletable),
    };
    match &mut record {
        Record::Team(r) => r.deleted = true,
        Record::Tag(r) => r.deleted = true,
        Record::ActivityType(r) => r.deleted = true,
        Record::Product(r) => r.deleted = true,
        Record::Campaign(r) => r.deleted = true,
        Record::Source(r) => r.deleted = true,
        Record::Target(r) => r.deleted = true,
        Record::LostReason(r) => r.deleted = true,
        Record::Stage(r) => r.deleted = true,
        _ => {}
    }
    Ok(record)
}
