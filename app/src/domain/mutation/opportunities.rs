//! The rules of a lead's and an opportunity's own changes: create, move, edit, win, lose, reopen,
//! delete and restore.

use uuid::Uuid;

use super::super::opportunity::{
    check_priority, check_probability, check_revenue, clean_email, clean_note, clean_phone,
    clean_text, clean_title,
};
use super::{Mutation, OpportunityFields, check_links, check_new_id};
use crate::domain::{
    Opportunity, RuleError, Stage, Store, custom_field, fractional_index, lost_reason, origin,
    stage, team,
};

/// Applies an opportunity's mutation to `current` (the opportunity it names, if known).
pub fn apply_to_opportunity(
    mutation: &Mutation,
    current: Option<&Opportunity>,
    store: &Store,
) -> Result<Opportunity, RuleError> {
    let stages = &store.stages[..];
    match mutation {
        Mutation::CreateOpportunity(new) => {
            if current.is_some() {
                return Err(RuleError::AlreadyExists(new.id));
            }
            check_new_id(store, new.id)?;
            let stage =
                stage::find(stages, new.stage_id).ok_or(RuleError::UnknownStage(new.stage_id))?;
            fractional_index::validate_key(&new.position)?;
            let (country, province, postcode) =
                crate::domain::territory::check_place(&new.country, &new.province, &new.postcode)?;
            let mut created = Opportunity {
                id: new.id,
                title: clean_title(&new.title)?,
                customer_name: clean_text("opportunity.customer_name", &new.customer_name)?,
                company_name: clean_text("opportunity.company_name", &new.company_name)?,
                email: clean_email(&new.email)?,
                phone: clean_phone(&new.phone)?,
                expected_revenue: check_revenue(new.expected_revenue)?,
                probability: stage.entry_probability(),
                stage_id: stage.id,
                position: new.position.clone(),
                priority: check_priority(new.priority)?,
                salesperson_id: store.check_salesperson(new.salesperson_id)?,
                expected_close: new.expected_close,
                version: 0,
                deleted: false,
                lost: false,
                lost_reason_id: None,
                lost_note: String::new(),
                team_id: new.team_id,
                tag_ids: new.tag_ids.clone(),
                contact_id: new.contact_id,
                company_id: new.company_id,
                lead: new.lead,
                description: new.description.clone(),
                campaign_id: new.campaign_id,
                source_id: new.source_id,
                created_on: None,
                closed_on: None,
                stage_since: None,
                changed_on: None,
                custom: custom_field::check_values("opportunity", &new.custom, None, store)?,
                predicted: None,
                probability_by_hand: false,
                score: None,
                qualification: Default::default(),
                mql_on: None,
                sql_on: None,
                returned_reason: String::new(),
                country,
                province,
                postcode,
                language: crate::domain::language::check(&new.language)?,
                merged_into: None,
            };
            check_links(&mut created, store)?;
            Ok(created)
        }
        Mutation::MoveOpportunity {
            id,
            stage_id,
            position,
            ..
        } => {
            let current = live(current, *id)?;
            let stage = stage::find(stages, *stage_id).ok_or(RuleError::UnknownStage(*stage_id))?;
            check_stage_for_team(stage, current.team_id)?;
            fractional_index::validate_key(position)?;
            let mut next = current.clone();
            if current.stage_id != stage.id && !current.probability_by_hand {
                next.probability = stage.entry_probability();
            }
            next.stage_id = stage.id;
            next.position = position.clone();
            Ok(next)
        }
        Mutation::SetOpportunityFields { id, fields, .. } => {
            let current = live(current, *id)?;
            set_fields(current, fields, store)
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
            let won = stage::won_stage_for(stages, current.team_id).ok_or(RuleError::NoWonStage)?;
            fractional_index::validate_key(position)?;
            let mut next = current.clone();
            next.stage_id = won.id;
            next.position = position.clone();
            next.probability = 100;
            next.lost = false;
            next.lost_reason_id = None;
            next.lost_note = String::new();
            // A won deal is an opportunity, whatever it was.
            next.lead = false;
            Ok(next)
        }
        Mutation::MarkLost {
            id,
            reason_id,
            note,
        } => {
            let current = live(current, *id)?;
            if let Some(reason) = reason_id
                && lost_reason::find(&store.lost_reasons, *reason).is_none()
            {
                return Err(RuleError::UnknownLostReason(*reason));
            }
            let mut next = current.clone();
            next.lost = true;
            next.probability = 0;
            next.lost_reason_id = *reason_id;
            next.lost_note = clean_note("opportunity.lost_note", note)?;
            Ok(next)
        }
        Mutation::ReopenLost { id } => {
            let current = live(current, *id)?;
            let stage = stage::find(stages, current.stage_id)
                .ok_or(RuleError::UnknownStage(current.stage_id))?;
            let mut next = current.clone();
            next.lost = false;
            if !current.probability_by_hand {
                next.probability = stage.entry_probability();
            }
            next.lost_reason_id = None;
            next.lost_note = String::new();
            Ok(next)
        }
        other => Err(RuleError::Malformed(format!(
            "not a change of an opportunity: {other:?}"
        ))),
    }
}

/// Its campaign and source, when set, are live ones.
pub fn check_origin(o: &Opportunity, store: &Store) -> Result<(), RuleError> {
    check_campaign(o.campaign_id, store)?;
    check_source(o.source_id, store).map(|_| ())
}

fn check_campaign(id: Option<Uuid>, store: &Store) -> Result<Option<Uuid>, RuleError> {
    match id {
        Some(id) if origin::find(&store.campaigns, id).is_none() => Err(RuleError::Missing {
            kind: "campaign".into(),
            id,
        }),
        other => Ok(other),
    }
}

fn check_source(id: Option<Uuid>, store: &Store) -> Result<Option<Uuid>, RuleError> {
    match id {
        Some(id) if origin::find(&store.sources, id).is_none() => Err(RuleError::Missing {
            kind: "source".into(),
            id,
        }),
        other => Ok(other),
    }
}

/// A stage of one team is not a column of another team's board.
pub fn check_stage_for_team(stage: &Stage, team: Option<Uuid>) -> Result<(), RuleError> {
    match (stage.team_id, team) {
        (Some(own), Some(team)) if own != team => Err(RuleError::StageOfAnotherTeam),
        _ => Ok(()),
    }
}

pub fn live(current: Option<&Opportunity>, id: Uuid) -> Result<&Opportunity, RuleError> {
    match current {
        None => Err(RuleError::UnknownOpportunity(id)),
        Some(o) if o.deleted => Err(RuleError::Deleted(id)),
        Some(o) => Ok(o),
    }
}

fn set_fields(
    current: &Opportunity,
    fields: &OpportunityFields,
    store: &Store,
) -> Result<Opportunity, RuleError> {
    let mut next = current.clone();
    if let Some(title) = &fields.title {
        next.title = clean_title(title)?;
    }
    if let Some(customer) = &fields.customer_name {
        next.customer_name = clean_text("opportunity.customer_name", customer)?;
    }
    if let Some(company) = &fields.company_name {
        next.company_name = clean_text("opportunity.company_name", company)?;
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
        let won = stage::find(&store.stages, current.stage_id).is_some_and(|s| s.is_won);
        if won && p != 100 {
            return Err(RuleError::WonProbabilityFixed);
        }
        next.probability = p;
        next.probability_by_hand = true;
    }
    // Back to what the rules give: the prediction, or else the stage's.
    if fields.probability_by_hand == Some(false) && next.probability_by_hand {
        next.probability_by_hand = false;
        if let Some(stage) = stage::find(&store.stages, next.stage_id)
            && !next.lost
        {
            next.probability = stage.entry_probability();
        }
    }
    if fields.country.is_some() || fields.province.is_some() || fields.postcode.is_some() {
        let pick =
            |given: &Option<String>, was: &String| given.clone().unwrap_or_else(|| was.clone());
        // A country changed without a province: the old province (of the old country) goes.
        let province = match (&fields.province, &fields.country) {
            (Some(p), _) => p.clone(),
            (None, Some(c)) if c.trim().to_uppercase() != next.country => String::new(),
            (None, _) => next.province.clone(),
        };
        let (country, province, postcode) = crate::domain::territory::check_place(
            &pick(&fields.country, &next.country),
            &province,
            &pick(&fields.postcode, &next.postcode),
        )?;
        (next.country, next.province, next.postcode) = (country, province, postcode);
    }
    if let Some(language) = &fields.language {
        next.language = crate::domain::language::check(language)?;
    }
    if let Some(to) = fields.qualification {
        crate::domain::lead_scoring::requalify(&mut next, to, fields.returned_reason.as_deref())?;
    }
    if let Some(salesperson) = fields.salesperson_id {
        next.salesperson_id = store.check_salesperson(salesperson)?;
    }
    if let Some(close) = fields.expected_close {
        next.expected_close = close;
    }
    if let Some(description) = &fields.description {
        next.description = clean_note("opportunity.description", description)?;
    }
    // Links are checked only when this change sets them: a tag deleted since must not block
    // an unrelated edit.
    if let Some(team_id) = fields.team_id {
        if let Some(id) = team_id
            && team::find(&store.teams, id).is_none()
        {
            return Err(RuleError::UnknownTeam(id));
        }
        next.team_id = team_id;
        if let Some(stage) = stage::find(&store.stages, next.stage_id) {
            check_stage_for_team(stage, team_id)?;
        }
    }
    if let Some(tags) = &fields.tag_ids {
        let mut kept: Vec<Uuid> = Vec::with_capacity(tags.len());
        for id in tags {
            if crate::domain::tag::find(&store.tags, *id).is_none() {
                return Err(RuleError::UnknownTag(*id));
            }
            if !kept.contains(id) {
                kept.push(*id);
            }
        }
        next.tag_ids = kept;
    }
    if let Some(contact) = fields.contact_id {
        if let Some(id) = contact
            && store.live_contact(id).is_none()
        {
            return Err(RuleError::UnknownContact(id));
        }
        next.contact_id = contact;
    }
    if let Some(company) = fields.company_id {
        if let Some(id) = company
            && store.live_company(id).is_none()
        {
            return Err(RuleError::UnknownCompany(id));
        }
        next.company_id = company;
    }
    if let Some(campaign) = fields.campaign_id {
        next.campaign_id = check_campaign(campaign, store)?;
    }
    if let Some(source) = fields.source_id {
        next.source_id = check_source(source, store)?;
    }
    if !fields.custom.is_empty() {
        let laid = custom_field::lay_over(&current.custom, &fields.custom);
        next.custom =
            custom_field::check_values("opportunity", &laid, Some(&current.custom), store)?;
    }
    Ok(next)
}
