//! The rules of contacts and companies, of converting a lead into an opportunity about them,
//! and of merging records that are one (contacts, companies, leads and deals).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::contact::{check_company, check_contact};
use crate::domain::{Company, Contact, Record, RuleError, Store, custom_field};

/// Which contact (or company) a converted lead is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "link")]
pub enum Link<T> {
    /// None.
    Nobody,
    /// One already known.
    Existing { id: Uuid },
    /// A new one, created with the conversion.
    New(T),
}

impl<T: HasId> Link<T> {
    pub fn id(&self) -> Option<Uuid> {
        match self {
            Link::Nobody => None,
            Link::Existing { id } => Some(*id),
            Link::New(t) => Some(t.id()),
        }
    }
}

pub trait HasId {
    fn id(&self) -> Uuid;
}

impl HasId for Contact {
    fn id(&self) -> Uuid {
        self.id
    }
}

impl HasId for Company {
    fn id(&self) -> Uuid {
        self.id
    }
}

fn existing_or_new(
    store: &Store,
    id: Uuid,
    is_kind: impl Fn(&Record) -> bool,
) -> Result<bool, RuleError> {
    match store.get(id) {
        None => {
            super::check_new_id(store, id)?;
            Ok(false)
        }
        Some(r) if is_kind(&r) => Ok(true),
        Some(_) => Err(RuleError::RecordExists(id)),
    }
}

pub fn save_company(store: &Store, c: &Company) -> Result<Vec<Record>, RuleError> {
    let existed = existing_or_new(store, c.id, |r| matches!(r, Record::Company(_)))?;
    if existed && store.live_company(c.id).is_none() {
        return Err(RuleError::UnknownCompany(c.id));
    }
    let mut saved = check_company(c)?;
    saved.custom = custom_field::check_values(
        "company",
        &c.custom,
        store.companies.get(&c.id).map(|b| &b.custom),
        store,
    )?;
    saved.deleted = false;
    Ok(vec![Record::Company(saved)])
}

pub fn save_contact(store: &Store, c: &Contact) -> Result<Vec<Record>, RuleError> {
    let existed = existing_or_new(store, c.id, |r| matches!(r, Record::Contact(_)))?;
    if existed && store.live_contact(c.id).is_none() {
        return Err(RuleError::UnknownContact(c.id));
    }
    if let Some(company) = c.company_id
        && store.live_company(company).is_none()
    {
        return Err(RuleError::UnknownCompany(company));
    }
    let mut saved = check_contact(c)?;
    saved.custom = custom_field::check_values(
        "contact",
        &c.custom,
        store.contacts.get(&c.id).map(|b| &b.custom),
        store,
    )?;
    saved.deleted = false;
    Ok(vec![Record::Contact(saved)])
}

/// The lead becomes an opportunity about the chosen (or new) contact and company. A new
/// contact without a company joins the chosen one.
pub fn convert_lead(
    store: &Store,
    id: Uuid,
    contact: &Link<Contact>,
    company: &Link<Company>,
) -> Result<Vec<Record>, RuleError> {
    let lead = super::opportunities::live(store.opportunities.get(&id), id)?;
    if !lead.lead {
        return Err(RuleError::NotALead);
    }
    let mut changed = Vec::new();
    let company_id = match company {
        Link::Nobody => None,
        Link::Existing { id } => Some(
            store
                .live_company(*id)
                .ok_or(RuleError::UnknownCompany(*id))?
                .id,
        ),
        Link::New(c) => {
            if store.get(c.id).is_some() {
                return Err(RuleError::RecordExists(c.id));
            }
            super::check_new_id(store, c.id)?;
            let mut created = check_company(c)?;
            created.deleted = false;
            let id = created.id;
            changed.push(Record::Company(created));
            Some(id)
        }
    };
    let contact_id = match contact {
        Link::Nobody => None,
        Link::Existing { id } => Some(
            store
                .live_contact(*id)
                .ok_or(RuleError::UnknownContact(*id))?
                .id,
        ),
        Link::New(c) => {
            super::check_new_id(store, c.id)?;
            // One id, one record: the company this conversion creates has taken its id.
            if company_id == Some(c.id) {
                return Err(RuleError::RecordExists(c.id));
            }
            let mut created = check_contact(c)?;
            created.deleted = false;
            created.company_id = created.company_id.or(company_id);
            if let Some(company) = created.company_id
                && company_id != Some(company)
                && store.live_company(company).is_none()
            {
                return Err(RuleError::UnknownCompany(company));
            }
            let id = created.id;
            changed.push(Record::Contact(created));
            Some(id)
        }
    };
    let mut opportunity = lead.clone();
    opportunity.lead = false;
    opportunity.contact_id = contact_id.or(lead.contact_id);
    opportunity.company_id = company_id.or(lead.company_id);
    changed.insert(0, Record::Opportunity(opportunity));
    Ok(changed)
}

/// The most records one merge takes in (besides the one that stays).
pub const MAX_MERGED: usize = 50;

/// The fields of a lead or deal whose value a merge may take from another: what a person
/// wrote of it, not where it stands (its stage, place in the column, score, days).
pub const MERGED_OPPORTUNITY_FIELDS: [&str; 20] = [
    "title",
    "customer_name",
    "company_name",
    "email",
    "phone",
    "expected_revenue",
    "priority",
    "salesperson_id",
    "expected_close",
    "team_id",
    "tag_ids",
    "contact_id",
    "company_id",
    "description",
    "campaign_id",
    "source_id",
    "country",
    "province",
    "postcode",
    "language",
];

/// Merges `others` into `keep` (see `Mutation::Merge`): the kept record with the winning
/// values, the others archived and pointing to it, and every record that named one of them
/// naming it instead. All of one kind (contacts, companies, or leads and deals) and live.
pub fn merge(
    store: &Store,
    keep: Uuid,
    others: &[Uuid],
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<Record>, RuleError> {
    let kept = match store.get(keep) {
        Some(r) if !r.is_deleted() => r,
        Some(gone) => return Err(gone.missing()),
        None => return Err(RuleError::UnknownRecord(keep)),
    };
    if !matches!(
        kept,
        Record::Contact(_) | Record::Company(_) | Record::Opportunity(_)
    ) {
        return Err(RuleError::NotEditable);
    }
    let mut merged: Vec<Uuid> = others.to_vec();
    merged.sort();
    merged.dedup();
    if merged.is_empty() || merged.len() > MAX_MERGED || merged.contains(&keep) {
        return Err(RuleError::Malformed(format!(
            "a merge takes one to {MAX_MERGED} other records, not the one kept"
        )));
    }
    let mut changed = if fields.is_empty() {
        vec![kept.clone()]
    } else if let Record::Opportunity(o) = &kept {
        vec![Record::Opportunity(merged_opportunity(store, o, fields)?)]
    } else {
        super::edits::edit(store, keep, fields)?
    };
    for id in &merged {
        let other = match store.get(*id) {
            Some(r) if r.is_deleted() => return Err(r.missing()),
            Some(r) if r.kind() == kept.kind() => r,
            Some(_) => {
                return Err(RuleError::Malformed(
                    "only records of one kind are merged".into(),
                ));
            }
            None => {
                return Err(RuleError::Missing {
                    kind: kept.kind().into(),
                    id: *id,
                });
            }
        };
        changed.push(archived(other, keep));
    }
    // What named the others names the one kept.
    let mut pointing = Vec::new();
    store.each_record(&mut |r| {
        let record = r.to_record();
        if record.references().iter().any(|id| merged.contains(id))
            && !merged.contains(&r.id())
            && r.id() != keep
        {
            pointing.push(record);
        }
    });
    for record in pointing.into_iter().filter(|r| !r.is_deleted()) {
        changed.push(repointed(&record, &merged, keep)?);
    }
    Ok(changed)
}

/// The lead or deal kept, with the values chosen from the others, checked by the rules of an
/// edit of its fields.
fn merged_opportunity(
    store: &Store,
    kept: &crate::domain::Opportunity,
    fields: &serde_json::Map<String, serde_json::Value>,
) -> Result<crate::domain::Opportunity, RuleError> {
    if let Some(key) = fields
        .keys()
        .find(|k| !MERGED_OPPORTUNITY_FIELDS.contains(&k.as_str()))
    {
        return Err(RuleError::Malformed(format!(
            "a merge does not choose the {key} of a lead or deal"
        )));
    }
    let chosen: super::OpportunityFields =
        serde_json::from_value(serde_json::Value::Object(fields.clone()))
            .map_err(|e| RuleError::Malformed(e.to_string()))?;
    super::opportunities::apply_to_opportunity(
        &super::Mutation::SetOpportunityFields {
            id: kept.id,
            fields: chosen,
            base_version: kept.version,
        },
        Some(kept),
        store,
    )
}

/// A record archived by a merge into `keep`.
fn archived(record: Record, keep: Uuid) -> Record {
    match record {
        Record::Opportunity(o) => Record::Opportunity(crate::domain::Opportunity {
            deleted: true,
            merged_into: Some(keep),
            ..o
        }),
        Record::Contact(c) => Record::Contact(Contact {
            deleted: true,
            merged_into: Some(keep),
            ..c
        }),
        Record::Company(c) => Record::Company(Company {
            deleted: true,
            merged_into: Some(keep),
            ..c
        }),
        other => other,
    }
}

/// `record` with every mention of the `merged` ids (a contact, a company, a subject) made a
/// mention of `keep`: written once for every kind, later ones too, through its JSON.
fn repointed(record: &Record, merged: &[Uuid], keep: Uuid) -> Result<Record, RuleError> {
    fn swap(value: &mut serde_json::Value, merged: &[String], keep: &str) {
        match value {
            serde_json::Value::String(s) if merged.contains(s) => *s = keep.to_string(),
            serde_json::Value::Array(items) => {
                for item in items.iter_mut() {
                    swap(item, merged, keep);
                }
                // A list of ids names the kept one once.
                let mut seen = Vec::new();
                items.retain(|i| {
                    let fresh = !seen.contains(i);
                    seen.push(i.clone());
                    fresh
                });
            }
            serde_json::Value::Object(map) => {
                for v in map.values_mut() {
                    swap(v, merged, keep);
                }
            }
            _ => {}
        }
    }
    let merged: Vec<String> = merged.iter().map(Uuid::to_string).collect();
    let mut json = serde_json::to_value(record).map_err(|e| RuleError::Malformed(e.to_string()))?;
    // Its own id aside: what it names.
    if let serde_json::Value::Object(map) = &mut json {
        for (key, v) in map.iter_mut() {
            if key != "id" {
                swap(v, &merged, &keep.to_string());
            }
        }
    }
    serde_json::from_value(json).map_err(|e| RuleError::Malformed(e.to_string()))
}

/// Brings back a record a merge archived, as it was (what was moved stays where it went).
pub fn unmerge(store: &Store, id: Uuid) -> Result<Vec<Record>, RuleError> {
    let back = match store.get(id) {
        Some(Record::Contact(c)) if c.deleted && c.merged_into.is_some() => {
            Record::Contact(Contact {
                deleted: false,
                merged_into: None,
                ..c
            })
        }
        Some(Record::Company(c)) if c.deleted && c.merged_into.is_some() => {
            Record::Company(Company {
                deleted: false,
                merged_into: None,
                ..c
            })
        }
        Some(Record::Opportunity(o)) if o.deleted && o.merged_into.is_some() => {
            // Its stage may have gone meanwhile; a card must stand in a live column.
            if crate::domain::stage::find(&store.stages, o.stage_id).is_none() {
                return Err(RuleError::UnknownStage(o.stage_id));
            }
            Record::Opportunity(crate::domain::Opportunity {
                deleted: false,
                merged_into: None,
                ..o
            })
        }
        Some(other) => return Err(other.missing()),
        None => return Err(RuleError::UnknownRecord(id)),
    };
    Ok(vec![back])
}
