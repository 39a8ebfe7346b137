//! What the rules ask of the records they hold, beyond get and put (which come from the
//! registry, `kinds.rs`, with the `Store` itself).

use uuid::Uuid;

use super::{Company, Contact, CurrencySettings, Record, RuleError, Store};

impl Store {
    /// Puts the record, or forgets it when it is a deleted one of the big kinds.
    pub fn put_live(&mut self, record: Record) {
        if record.is_deleted() && !record.keeps_tombstone() {
            self.remove(record.id());
        } else {
            self.put(record);
        }
    }

    pub fn check_salesperson(&self, salesperson: Option<Uuid>) -> Result<Option<Uuid>, RuleError> {
        match salesperson {
            Some(id) if !self.users.iter().any(|u| u.id == id) => {
                Err(RuleError::UnknownSalesperson(id))
            }
            other => Ok(other),
        }
    }

    /// The record an activity or a note is about, checked: it exists here, is of the kind named,
    /// and is not deleted.
    pub fn check_subject(&self, about: super::Subject) -> Result<(), RuleError> {
        match self.get(about.id) {
            Some(r) if about.is(&r) && !r.is_deleted() => Ok(()),
            _ => Err(match about.kind {
                "opportunity" => RuleError::UnknownOpportunity(about.id),
                "contact" => RuleError::UnknownContact(about.id),
                kind => RuleError::Missing {
                    kind: kind.into(),
                    id: about.id,
                },
            }),
        }
    }

    pub fn live_contact(&self, id: Uuid) -> Option<&Contact> {
        self.contacts.get(&id).filter(|c| !c.deleted)
    }

    pub fn live_company(&self, id: Uuid) -> Option<&Company> {
        self.companies.get(&id).filter(|c| !c.deleted)
    }

    /// What a person calls the record: a deal's title, a contact's or a stage's name…
    pub fn display_name(&self, id: Uuid) -> Option<String> {
        Some(self.get(id)?.display_name(self))
    }

    /// The organisation's currency and rates (VND without rates until someone sets them).
    pub fn currency(&self) -> CurrencySettings {
        self.currency_settings
            .iter()
            .find(|c| !c.deleted)
            .cloned()
            .unwrap_or_else(|| CurrencySettings::default_for(Uuid::nil()))
    }

    pub fn user_name(&self, id: Uuid) -> Option<&str> {
        self.users
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.as_str())
    }
}
