//! The rules of contacts and companies, and of converting a lead into an opportunity about them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::contact::{check_company, check_contact};
use crate::domain::{Company, Contact, Record, RuleError, Store};

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
