//! Every write is a named intent, a `Mutation`, never a raw row. `apply` is the one rule set the
//! browser runs to show a change at once and the server runs to decide what is true.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::opportunity::{
    check_priority, check_probability, check_revenue, clean_email, clean_note, clean_phone,
    clean_text, clean_title,
};
use super::{
    LostReason, Money, NewOpportunity, Opportunity, Priority, RuleError, Stage, User,
    fractional_index, lost_reason, stage,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Mutation {
    CreateOpportunity(NewOpportunity),
    /// Drag and drop: into a stage, at a position inside its column.
    MoveOpportunity {
        id: Uuid,
        stage_id: Uuid,
        position: String,
        /// The version the author saw (0 when unknown), kept for conflict reporting.
        #[serde(default)]
        base_version: i64,
    },
    SetOpportunityFields {
        id: Uuid,
        fields: OpportunityFields,
        /// The version the author saw, kept for conflict reporting.
        #[serde(default)]
        base_version: i64,
    },
    DeleteOpportunity {
        id: Uuid,
    },
    /// Brings a deleted opportunity back, as it was when deleted.
    RestoreOpportunity {
        id: Uuid,
    },
    /// The deal is won: it moves to the won stage (at `position`), probability 100.
    MarkWon {
        id: Uuid,
        position: String,
    },
    /// The deal is lost: it leaves the board, probability 0, with why.
    MarkLost {
        id: Uuid,
        #[serde(default)]
        reason_id: Option<Uuid>,
        #[serde(default)]
        note: String,
    },
    /// A lost deal is back in play, in the stage it was lost from.
    ReopenLost {
        id: Uuid,
    },
}

/// The fields a form may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpportunityFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_revenue: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// `Some(None)` clears the salesperson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesperson_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close: Option<Option<NaiveDate>>,
}

/// One field of a record before and after a change: a line of its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

impl Mutation {
    /// The opportunity this mutation writes.
    pub fn opportunity_id(&self) -> Uuid {
        match self {
            Mutation::CreateOpportunity(new) => new.id,
            Mutation::MoveOpportunity { id, .. }
            | Mutation::SetOpportunityFields { id, .. }
            | Mutation::DeleteOpportunity { id }
            | Mutation::RestoreOpportunity { id }
            | Mutation::MarkWon { id, .. }
            | Mutation::MarkLost { id, .. }
            | Mutation::ReopenLost { id } => *id,
        }
    }

    /// The version of the record its author saw, when the mutation carries one (0: unknown).
    pub fn base_version(&self) -> i64 {
        match self {
            Mutation::MoveOpportunity { base_version, .. }
            | Mutation::SetOpportunityFields { base_version, .. } => *base_version,
            _ => 0,
        }
    }

    /// The fields this mutation sets on purpose (a move sets the stage; its probability and
    /// position follow from it).
    pub fn written_fields(&self) -> Vec<String> {
        match self {
            Mutation::MoveOpportunity { .. } => vec!["stage_id".into()],
            Mutation::SetOpportunityFields { fields, .. } => match serde_json::to_value(fields) {
                Ok(Value::Object(map)) => map.keys().cloned().collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Reads a mutation sent by a client. Ids are checked first so a malformed one is named.
    pub fn from_json(value: &Value) -> Result<Mutation, RuleError> {
        check_ids(value)?;
        serde_json::from_value(value.clone()).map_err(|e| RuleError::Malformed(e.to_string()))
    }
}

fn check_ids(value: &Value) -> Result<(), RuleError> {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "id" || key.ends_with("_id") {
                    if let Value::String(s) = v
                        && Uuid::parse_str(s).is_err()
                    {
                        return Err(RuleError::MalformedId {
                            field: key.clone(),
                            value: s.chars().take(80).collect(),
                        });
                    }
                } else {
                    check_ids(v)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Applies `mutation` to `current` (the opportunity it names, if known), given the org's stages.
/// Returns the opportunity as it is after the change; its `version` is left for the caller.
/// What the rules consult of the organisation's set-up.
#[derive(Debug, Clone, Copy, Default)]
pub struct Setup<'a> {
    pub stages: &'a [Stage],
    pub lost_reasons: &'a [LostReason],
    pub users: &'a [User],
}

impl Setup<'_> {
    fn check_salesperson(&self, salesperson: Option<Uuid>) -> Result<Option<Uuid>, RuleError> {
        match salesperson {
            Some(id) if !self.users.iter().any(|u| u.id == id) => {
                Err(RuleError::UnknownSalesperson(id))
            }
            other => Ok(other),
        }
    }
}

pub fn apply(
    mutation: &Mutation,
    current: Option<&Opportunity>,
    setup: &Setup,
) -> Result<Opportunity, RuleError> {
    let (stages, lost_reasons) = (setup.stages, setup.lost_reasons);
    match mutation {
        Mutation::CreateOpportunity(new) => {
            if current.is_some() {
                return Err(RuleError::AlreadyExists(new.id));
            }
            if new.id.get_version_num() != 7 {
                return Err(RuleError::IdNotTimeOrdered);
            }
            let stage =
                stage::find(stages, new.stage_id).ok_or(RuleError::UnknownStage(new.stage_id))?;
            fractional_index::validate_key(&new.position)?;
            Ok(Opportunity {
                id: new.id,
                title: clean_title(&new.title)?,
                customer_name: clean_text("customer", &new.customer_name)?,
                email: clean_email(&new.email)?,
                phone: clean_phone(&new.phone)?,
                expected_revenue: check_revenue(new.expected_revenue)?,
                probability: stage.entry_probability(),
                stage_id: stage.id,
                position: new.position.clone(),
                priority: check_priority(new.priority)?,
                salesperson_id: setup.check_salesperson(new.salesperson_id)?,
                expected_close: new.expected_close,
                version: 0,
                deleted: false,
                lost: false,
                lost_reason_id: None,
                lost_note: String::new(),
            })
        }
        Mutation::MoveOpportunity {
            id,
            stage_id,
            position,
            ..
        } => {
            let current = live(current, *id)?;
            let stage = stage::find(stages, *stage_id).ok_or(RuleError::UnknownStage(*stage_id))?;
            fractional_index::validate_key(position)?;
            let mut next = current.clone();
            if current.stage_id != stage.id {
                next.probability = stage.entry_probability();
            }
            next.stage_id = stage.id;
            next.position = position.clone();
            Ok(next)
        }
        Mutation::SetOpportunityFields { id, fields, .. } => {
            let current = live(current, *id)?;
            set_fields(current, fields, setup)
        }
        Mutation::DeleteOpportunity { id } => {
            let current = current.ok_or(RuleError::UnknownOpportunity(*id))?;
            let mut next = current.clone();
            next.deleted = true;
            Ok(next)
        }
        Mutation::RestoreOpportunity { id } => {
            let current = current.ok_or(RuleError::UnknownOpportunity(*id))?;
            // Its stage may have gone meanwhile; a card must stand in a live column.
            if stage::find(stages, current.stage_id).is_none() {
                return Err(RuleError::UnknownStage(current.stage_id));
            }
            let mut next = current.clone();
            next.deleted = false;
            Ok(next)
        }
        Mutation::MarkWon { id, position } => {
            let current = live(current, *id)?;
            let won = stage::won_stage(stages).ok_or(RuleError::NoWonStage)?;
            fractional_index::validate_key(position)?;
            let mut next = current.clone();
            next.stage_id = won.id;
            next.position = position.clone();
            next.probability = 100;
            next.lost = false;
            next.lost_reason_id = None;
            next.lost_note = String::new();
            Ok(next)
        }
        Mutation::MarkLost {
            id,
            reason_id,
            note,
        } => {
            let current = live(current, *id)?;
            if let Some(reason) = reason_id
                && lost_reason::find(lost_reasons, *reason).is_none()
            {
                return Err(RuleError::UnknownLostReason(*reason));
            }
            let mut next = current.clone();
            next.lost = true;
            next.probability = 0;
            next.lost_reason_id = *reason_id;
            next.lost_note = clean_note(note)?;
            Ok(next)
        }
        Mutation::ReopenLost { id } => {
            let current = live(current, *id)?;
            let stage = stage::find(stages, current.stage_id)
                .ok_or(RuleError::UnknownStage(current.stage_id))?;
            let mut next = current.clone();
            next.lost = false;
            next.probability = stage.entry_probability();
            next.lost_reason_id = None;
            next.lost_note = String::new();
            Ok(next)
        }
    }
}

fn live(current: Option<&Opportunity>, id: Uuid) -> Result<&Opportunity, RuleError> {
    match current {
        None => Err(RuleError::UnknownOpportunity(id)),
        Some(o) if o.deleted => Err(RuleError::Deleted(id)),
        Some(o) => Ok(o),
    }
}

fn set_fields(
    current: &Opportunity,
    fields: &OpportunityFields,
    setup: &Setup,
) -> Result<Opportunity, RuleError> {
    let stages = setup.stages;
    let mut next = current.clone();
    if let Some(title) = &fields.title {
        next.title = clean_title(title)?;
    }
    if let Some(customer) = &fields.customer_name {
        next.customer_name = clean_text("customer", customer)?;
    }
    if let Some(email) = &fields.email {
        next.email = clean_email(email)?;
    }
    if let Some(phone) = &fields.phone {
        next.phone = clean_phone(phone)?;
    }
    if let Some(revenue) = fields.expected_revenue {
        next.expected_revenue = check_revenue(revenue)?;
    }
    if let Some(p) = fields.priority {
        next.priority = check_priority(p)?;
    }
    if let Some(p) = fields.probability {
        let p = check_probability(p)?;
        let won = stage::find(stages, current.stage_id).is_some_and(|s| s.is_won);
        if won && p != 100 {
            return Err(RuleError::WonProbabilityFixed);
        }
        next.probability = p;
    }
    if let Some(salesperson) = fields.salesperson_id {
        next.salesperson_id = setup.check_salesperson(salesperson)?;
    }
    if let Some(close) = fields.expected_close {
        next.expected_close = close;
    }
    Ok(next)
}

/// Every field of an opportunity but its id and version, by name, as the timeline records it.
fn field_values(o: &Opportunity) -> [(&'static str, Value); 16] {
    use serde_json::json;
    [
        ("title", json!(o.title)),
        ("customer_name", json!(o.customer_name)),
        ("email", json!(o.email)),
        ("phone", json!(o.phone)),
        ("expected_revenue", json!(o.expected_revenue)),
        ("probability", json!(o.probability)),
        ("stage_id", json!(o.stage_id)),
        ("position", json!(o.position)),
        ("priority", json!(o.priority)),
        ("salesperson_id", json!(o.salesperson_id)),
        ("expected_close", json!(o.expected_close)),
        ("deleted", json!(o.deleted)),
        ("lost", json!(o.lost)),
        ("lost_reason_id", json!(o.lost_reason_id)),
        ("lost_note", json!(o.lost_note)),
        ("id", json!(o.id)),
    ]
}

/// The fields that differ between `old` (None for a new record) and `new`, for the timeline.
pub fn diff(old: Option<&Opportunity>, new: &Opportunity) -> Vec<FieldChange> {
    let old_values = old.map(field_values);
    field_values(new)
        .into_iter()
        .enumerate()
        .filter(|(_, (field, _))| *field != "id")
        .filter_map(|(i, (field, new_value))| {
            let old_value = old_values.as_ref().map_or(Value::Null, |o| o[i].1.clone());
            (old_value != new_value).then(|| FieldChange {
                field: field.to_string(),
                old: old_value,
                new: new_value,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
