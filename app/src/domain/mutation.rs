//! Every write is a named intent, a `Mutation`, never a raw row. `apply` is the one rule set the
//! browser runs to show a change at once and the server runs to decide what is true.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::kind::Policy;
use super::opportunity::clean_note;
use super::{
    Company, Contact, Money, NewOpportunity, Opportunity, Priority, QuotationState, Record,
    RuleError, Store, stage, tag, team,
};

pub(crate) mod activities;
pub(crate) mod contacts;
mod edits;
mod legacy;
mod opportunities;
pub(crate) mod quotations;
pub use contacts::Link;
pub use edits::changed_fields;
pub use opportunities::apply_to_opportunity;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// A qualified lead becomes an opportunity, about a contact and a company that are either
    /// already known (matched by email, phone or name) or created with it.
    ConvertLead {
        id: Uuid,
        contact: Link<Contact>,
        company: Link<Company>,
    },
    /// Creates a record of any kind, or saves one whole (a team, a stage, a contact, an
    /// activity, a note…): the kind's own save rule decides.
    Save {
        record: Record,
    },
    /// Deletes a record of any kind, when its kind's delete rule allows.
    Delete {
        id: Uuid,
    },
    /// Marks an activity done with feedback. If its type triggers a next one, that one is
    /// scheduled under `next_id`.
    CompleteActivity {
        id: Uuid,
        #[serde(default)]
        feedback: String,
        done_on: NaiveDate,
        next_id: Uuid,
    },
    CancelActivity {
        id: Uuid,
    },
    /// Changes some fields of a record other than an opportunity (a contact, a team, a stage…):
    /// only those, laid over the record as it stands.
    EditRecord {
        id: Uuid,
        fields: serde_json::Map<String, Value>,
        /// The version the author saw, kept for conflict reporting.
        #[serde(default)]
        base_version: i64,
    },
    /// Sends, accepts (which wins the deal, placed at `position` in the won column), declines
    /// or takes back a quotation.
    SetQuotationState {
        id: Uuid,
        opportunity_id: Uuid,
        state: QuotationState,
        #[serde(default)]
        position: String,
    },
    /// Merges contacts (or companies) into the one that stays, `keep`: `fields` are the values
    /// that win, field by field, laid over it; everything that pointed at the others (deals,
    /// activities, notes, people of a company) points at it; the others are archived, pointing
    /// to it, and can be brought back (`Unmerge`).
    Merge {
        keep: Uuid,
        others: Vec<Uuid>,
        #[serde(default)]
        fields: serde_json::Map<String, Value>,
    },
    /// Brings back a record archived by a merge; what was moved stays with the one kept.
    Unmerge {
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
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_revenue: Option<Money>,
    /// Set by hand: the prediction stops overriding it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<u8>,
    /// `Some(false)`: back to the predicted probability (or the stage's, without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability_by_hand: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// `Some(None)` clears the salesperson.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub salesperson_id: Option<Option<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub expected_close: Option<Option<NaiveDate>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub team_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_ids: Option<Vec<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub contact_id: Option<Option<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub company_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub campaign_id: Option<Option<Uuid>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "set_or_cleared"
    )]
    pub source_id: Option<Option<Uuid>>,
    /// Custom values set, by key; a null empties one. The others stay as they are.
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub custom: serde_json::Map<String, Value>,
    /// Where a lead stands: handed to sales, accepted, sent back (with `returned_reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<crate::domain::lead_scoring::Qualification>,
    /// Why sales sends a lead back (with `qualification` sent back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub returned_reason: Option<String>,
    /// Where it is: a country's code, a province's code, a postcode (`territory.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// The language it is spoken to in (`language.rs`); empty: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A field a change may set or clear: absent, it stays as it is (`None`, by `default`); `null`,
/// it is cleared (`Some(None)`); a value sets it. Serde alone reads a `null` as absent, which
/// would turn "clear the closing date" into "leave it" once the change is sent.
fn set_or_cleared<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// One field of a record before and after a change: a line of its timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Value,
    pub new: Value,
}

impl Mutation {
    /// A plain save of a record of any kind (new, or whole).
    pub fn save(record: impl Into<Record>) -> Mutation {
        Mutation::Save {
            record: record.into(),
        }
    }

    /// The record this mutation is about (for an opportunity's mutations, the opportunity).
    pub fn opportunity_id(&self) -> Uuid {
        self.record_id()
    }

    /// The record this mutation is about.
    pub fn record_id(&self) -> Uuid {
        match self {
            Mutation::CreateOpportunity(new) => new.id,
            Mutation::MoveOpportunity { id, .. }
            | Mutation::SetOpportunityFields { id, .. }
            | Mutation::DeleteOpportunity { id }
            | Mutation::RestoreOpportunity { id }
            | Mutation::MarkWon { id, .. }
            | Mutation::MarkLost { id, .. }
            | Mutation::ReopenLost { id }
            | Mutation::ConvertLead { id, .. }
            | Mutation::Delete { id }
            | Mutation::CompleteActivity { id, .. }
            | Mutation::CancelActivity { id }
            | Mutation::SetQuotationState { id, .. }
            | Mutation::EditRecord { id, .. }
            | Mutation::Unmerge { id } => *id,
            Mutation::Save { record } => record.id(),
            Mutation::Merge { keep, .. } => *keep,
        }
    }

    /// The policy of the kind this mutation saves, when it says (a save carries its record;
    /// a delete or an edit names only an id).
    pub fn saved_policy(&self) -> Option<Policy> {
        match self {
            Mutation::Save { record } => Some(record.policy()),
            _ => None,
        }
    }

    /// The records (other than the set-up, which the rules always have) that applying this
    /// mutation reads or writes: what the server loads before it applies.
    pub fn targets(&self) -> Vec<Uuid> {
        let mut ids = vec![self.record_id()];
        let mut also = |id: Option<Uuid>| ids.extend(id);
        match self {
            Mutation::CreateOpportunity(new) => {
                also(new.contact_id);
                also(new.company_id);
                ids.extend(super::custom_field::references(&new.custom));
            }
            Mutation::SetOpportunityFields { fields, .. } => {
                also(fields.contact_id.flatten());
                also(fields.company_id.flatten());
                for value in fields.custom.values() {
                    ids_in(value, &mut ids);
                }
            }
            Mutation::ConvertLead {
                contact, company, ..
            } => {
                also(contact.id());
                also(company.id());
                // A new contact may name a company of its own.
                if let Link::New(c) = contact {
                    also(c.company_id);
                }
            }
            Mutation::Save { record } => ids.extend(record.references()),
            Mutation::CompleteActivity { next_id, .. } => also(Some(*next_id)),
            // An edit may point at other records (a contact's company, a team's members).
            Mutation::EditRecord { fields, .. } => {
                for value in fields.values() {
                    ids_in(value, &mut ids);
                }
            }
            Mutation::SetQuotationState { opportunity_id, .. } => also(Some(*opportunity_id)),
            Mutation::Merge { others, fields, .. } => {
                ids.extend(others);
                for value in fields.values() {
                    ids_in(value, &mut ids);
                }
            }
            Mutation::Unmerge { .. } => {}
            _ => {}
        }
        ids
    }

    /// The version of the record its author saw, when the mutation carries one (0: unknown).
    pub fn base_version(&self) -> i64 {
        match self {
            Mutation::MoveOpportunity { base_version, .. }
            | Mutation::SetOpportunityFields { base_version, .. }
            | Mutation::EditRecord { base_version, .. } => *base_version,
            _ => 0,
        }
    }

    /// The fields this mutation sets on purpose (a move sets the stage; its probability and
    /// position follow from it).
    pub fn written_fields(&self) -> Vec<String> {
        match self {
            Mutation::MoveOpportunity { .. } => vec!["stage_id".into()],
            Mutation::EditRecord { fields, .. } | Mutation::Merge { fields, .. } => {
                fields.keys().cloned().collect()
            }
            Mutation::SetOpportunityFields { fields, .. } => match serde_json::to_value(fields) {
                Ok(Value::Object(mut map)) => {
                    super::custom_field::expand(&mut map);
                    map.keys().cloned().collect()
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// Reads a mutation sent by a client, in today's form or in one an older version queued
    /// (a browser may sit offline through an upgrade). Ids are checked first so a malformed one
    /// is named.
    pub fn from_json(value: &Value) -> Result<Mutation, RuleError> {
        // What a browser sends in place of a change too large to ever pass: refused alone, so
        // the changes queued after it still go.
        if value.get("type").and_then(Value::as_str) == Some(TOO_LARGE) {
            let number = |key: &str| {
                value
                    .get(key)
                    .and_then(Value::as_u64)
                    .map_or(0, |n| n as usize)
            };
            return Err(RuleError::TooLarge {
                bytes: number("bytes"),
                max: number("max"),
            });
        }
        check_ids(value)?;
        if let Some(old) = legacy::read(value) {
            return old;
        }
        serde_json::from_value(value.clone())
            .map_err(|e| RuleError::Malformed(e.to_string().chars().take(300).collect()))
    }
}

/// The `type` of the stand-in for a change too large to send.
pub const TOO_LARGE: &str = "TooLarge";

/// The stand-in a browser sends for a change of `bytes` that can never pass a push of `max`.
pub fn too_large(bytes: usize, max: usize) -> Value {
    serde_json::json!({"type": TOO_LARGE, "bytes": bytes, "max": max})
}

/// The ids a value names: a string that is a uuid, or a list of them.
fn ids_in(value: &Value, ids: &mut Vec<Uuid>) {
    match value {
        Value::String(s) => ids.extend(Uuid::parse_str(s).ok()),
        Value::Array(items) => items.iter().for_each(|v| ids_in(v, ids)),
        _ => {}
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

/// `apply`, with the dates a deal keeps for reports: the day it was created, and the day it was
/// won or lost. `on` is the day its author made the change, on their own calendar (carried with
/// the change, so a deal closed offline yesterday was closed yesterday).
pub fn apply_on(
    mutation: &Mutation,
    store: &Store,
    on: NaiveDate,
) -> Result<Vec<Record>, RuleError> {
    let mut records = apply(mutation, store)?;
    stamp_dates(store, &mut records, on);
    super::lead_scoring::settle(store, &mut records, on);
    Ok(records)
}

/// Sets `created_on` on new deals, `closed_on` on deals that were just won or lost (cleared
/// when one is back in play), `stage_since` on deals that entered a stage, and `changed_on`.
pub fn stamp_dates(store: &Store, records: &mut [Record], on: NaiveDate) {
    let outcome = |o: &Opportunity| {
        if o.lost {
            Some(false)
        } else if stage::find(&store.stages, o.stage_id).is_some_and(|s| s.is_won) {
            Some(true)
        } else {
            None
        }
    };
    for record in records {
        let Record::Opportunity(next) = record else {
            continue;
        };
        let before = store.opportunities.get(&next.id);
        match before {
            None => next.created_on = next.created_on.or(Some(on)),
            Some(b) => next.created_on = b.created_on,
        }
        next.stage_since = match before {
            Some(b) if b.stage_id == next.stage_id => b.stage_since.or(b.changed_on),
            _ => Some(on),
        };
        next.changed_on = Some(on);
        let now = outcome(next);
        if now.is_none() {
            next.closed_on = None;
        } else if next.closed_on.is_none() || before.is_none_or(|b| outcome(b) != now) {
            next.closed_on = Some(on);
        }
    }
}

/// Applies `mutation` to the records of `store` it names. Returns every record as it is after
/// the change (most change one; converting a lead may create a contact and a company); their
/// `version` is left for the caller. Nothing in `store` is changed. Every deal it changes is
/// predicted again (`scoring::predict`).
pub fn apply(mutation: &Mutation, store: &Store) -> Result<Vec<Record>, RuleError> {
    let mut records = apply_rules(mutation, store)?;
    for record in &mut records {
        if let Record::Opportunity(deal) = record {
            super::scoring::predict(store, deal);
        }
    }
    Ok(records)
}

fn apply_rules(mutation: &Mutation, store: &Store) -> Result<Vec<Record>, RuleError> {
    match mutation {
        Mutation::CreateOpportunity(_)
        | Mutation::MoveOpportunity { .. }
        | Mutation::SetOpportunityFields { .. }
        | Mutation::DeleteOpportunity { .. }
        | Mutation::RestoreOpportunity { .. }
        | Mutation::MarkWon { .. }
        | Mutation::MarkLost { .. }
        | Mutation::ReopenLost { .. } => {
            let id = mutation.record_id();
            if matches!(mutation, Mutation::CreateOpportunity(_))
                && store
                    .get(id)
                    .is_some_and(|r| !matches!(r, Record::Opportunity(_)))
            {
                return Err(RuleError::RecordExists(id));
            }
            let next = apply_to_opportunity(mutation, store.opportunities.get(&id), store)?;
            Ok(vec![Record::Opportunity(next)])
        }
        Mutation::ConvertLead {
            id,
            contact,
            company,
        } => contacts::convert_lead(store, *id, contact, company),
        Mutation::Save { record } => {
            fresh_or_same_kind(store, record)?;
            record.save(store)
        }
        Mutation::Delete { id } => match store.get(*id) {
            Some(record) if !record.is_deleted() => record.delete(store),
            Some(gone) => Err(gone.missing()),
            None => Err(RuleError::UnknownRecord(*id)),
        },
        Mutation::EditRecord { id, fields, .. } => edits::edit(store, *id, fields),
        Mutation::Merge {
            keep,
            others,
            fields,
        } => contacts::merge(store, *keep, others, fields),
        Mutation::Unmerge { id } => contacts::unmerge(store, *id),
        Mutation::SetQuotationState {
            id,
            opportunity_id,
            state,
            position,
        } => {
            if store
                .quotations
                .get(id)
                .is_some_and(|q| q.opportunity_id != *opportunity_id)
            {
                return Err(RuleError::Malformed(
                    "the quotation belongs to another opportunity".into(),
                ));
            }
            quotations::set_state(store, *id, *state, position)
        }
        Mutation::CompleteActivity {
            id,
            feedback,
            done_on,
            next_id,
        } => activities::complete(store, *id, feedback, *done_on, *next_id),
        Mutation::CancelActivity { id } => activities::cancel(store, *id),
    }
}

/// A new record needs a time-ordered id; an existing one must be of the same kind, and live:
/// saving a stale copy must not bring back what someone deleted. A deleted custom field is the
/// exception: saved again, it comes back with its values (Settings' Restore).
fn fresh_or_same_kind(store: &Store, record: &Record) -> Result<(), RuleError> {
    let id = record.id();
    match store.get(id) {
        None if id.get_version_num() != 7 => Err(RuleError::IdNotTimeOrdered),
        // A person's default views' id is theirs before they save any.
        None if !matches!(record, Record::ViewDefaults(_))
            && super::view_defaults::reserved(store, id) =>
        {
            Err(RuleError::RecordExists(id))
        }
        None => Ok(()),
        Some(r) if r.kind() != record.kind() => Err(RuleError::RecordExists(id)),
        Some(Record::CustomField(_)) => Ok(()),
        Some(r) if r.is_deleted() => Err(r.missing()),
        Some(_) => Ok(()),
    }
}

/// A new record's id: time-ordered, and not taken by any record.
fn check_new_id(store: &Store, id: Uuid) -> Result<(), RuleError> {
    if id.get_version_num() != 7 {
        return Err(RuleError::IdNotTimeOrdered);
    }
    if store.get(id).is_some() || super::view_defaults::reserved(store, id) {
        return Err(RuleError::RecordExists(id));
    }
    Ok(())
}

/// The opportunity's references to the set-up and to other records, checked.
fn check_links(o: &mut Opportunity, store: &Store) -> Result<(), RuleError> {
    if let Some(team) = o.team_id
        && team::find(&store.teams, team).is_none()
    {
        return Err(RuleError::UnknownTeam(team));
    }
    let stage =
        stage::find(&store.stages, o.stage_id).ok_or(RuleError::UnknownStage(o.stage_id))?;
    if let (Some(own), Some(team)) = (stage.team_id, o.team_id)
        && own != team
    {
        return Err(RuleError::StageOfAnotherTeam);
    }
    let mut tags: Vec<Uuid> = Vec::with_capacity(o.tag_ids.len());
    for id in &o.tag_ids {
        if tag::find(&store.tags, *id).is_none() {
            return Err(RuleError::UnknownTag(*id));
        }
        if !tags.contains(id) {
            tags.push(*id);
        }
    }
    o.tag_ids = tags;
    if let Some(c) = o.contact_id
        && store.live_contact(c).is_none()
    {
        return Err(RuleError::UnknownContact(c));
    }
    if let Some(c) = o.company_id
        && store.live_company(c).is_none()
    {
        return Err(RuleError::UnknownCompany(c));
    }
    o.description = clean_note("opportunity.description", &o.description)?;
    opportunities::check_origin(o, store)
}

/// The fields that differ between `old` (None for a new opportunity) and `new`.
pub fn diff(old: Option<&Opportunity>, new: &Opportunity) -> Vec<FieldChange> {
    super::record::diff_records(
        old.map(|o| Record::Opportunity(o.clone())).as_ref(),
        &Record::Opportunity(new.clone()),
    )
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod rules_tests;
