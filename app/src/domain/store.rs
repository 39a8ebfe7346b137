//! The records the rules consult and change: the whole org in the browser's cache, the set-up
//! plus the records a push touches on the server. The same rules run against either.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Activity, ActivityType, Campaign, Company, Contact, CurrencySettings, LostReason, Note,
    Opportunity, Product, Quotation, Record, RuleError, Source, Stage, Tag, Target, Team, User,
};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    #[serde(default)]
    pub stages: Vec<Stage>,
    #[serde(default)]
    pub lost_reasons: Vec<LostReason>,
    /// The organisation's people (written by the server only).
    #[serde(default)]
    pub users: Vec<User>,
    #[serde(default)]
    pub teams: Vec<Team>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub activity_types: Vec<ActivityType>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub campaigns: Vec<Campaign>,
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub targets: Vec<Target>,
    /// At most one: the organisation's currency and exchange rates.
    #[serde(default)]
    pub currency_settings: Vec<CurrencySettings>,
    #[serde(default)]
    pub opportunities: BTreeMap<Uuid, Opportunity>,
    #[serde(default)]
    pub activities: BTreeMap<Uuid, Activity>,
    #[serde(default)]
    pub contacts: BTreeMap<Uuid, Contact>,
    #[serde(default)]
    pub companies: BTreeMap<Uuid, Company>,
    #[serde(default)]
    pub quotations: BTreeMap<Uuid, Quotation>,
    #[serde(default)]
    pub notes: BTreeMap<Uuid, Note>,
}

fn get_in<T: Clone>(rows: &[T], id: Uuid, key: impl Fn(&T) -> Uuid) -> Option<T> {
    rows.iter().find(|r| key(r) == id).cloned()
}

fn put_in<T>(rows: &mut Vec<T>, row: T, key: impl Fn(&T) -> Uuid) {
    match rows.iter_mut().find(|r| key(r) == key(&row)) {
        Some(existing) => *existing = row,
        None => rows.push(row),
    }
}

impl Store {
    /// The record with this id, of whatever kind, deleted or not.
    pub fn get(&self, id: Uuid) -> Option<Record> {
        if let Some(o) = self.opportunities.get(&id) {
            return Some(Record::Opportunity(o.clone()));
        }
        if let Some(a) = self.activities.get(&id) {
            return Some(Record::Activity(a.clone()));
        }
        if let Some(c) = self.contacts.get(&id) {
            return Some(Record::Contact(c.clone()));
        }
        if let Some(c) = self.companies.get(&id) {
            return Some(Record::Company(c.clone()));
        }
        if let Some(q) = self.quotations.get(&id) {
            return Some(Record::Quotation(q.clone()));
        }
        if let Some(n) = self.notes.get(&id) {
            return Some(Record::Note(n.clone()));
        }
        get_in(&self.stages, id, |r| r.id)
            .map(Record::Stage)
            .or_else(|| get_in(&self.lost_reasons, id, |r| r.id).map(Record::LostReason))
            .or_else(|| get_in(&self.teams, id, |r| r.id).map(Record::Team))
            .or_else(|| get_in(&self.tags, id, |r| r.id).map(Record::Tag))
            .or_else(|| get_in(&self.activity_types, id, |r| r.id).map(Record::ActivityType))
            .or_else(|| get_in(&self.products, id, |r| r.id).map(Record::Product))
            .or_else(|| get_in(&self.campaigns, id, |r| r.id).map(Record::Campaign))
            .or_else(|| get_in(&self.sources, id, |r| r.id).map(Record::Source))
            .or_else(|| get_in(&self.targets, id, |r| r.id).map(Record::Target))
            .or_else(|| get_in(&self.currency_settings, id, |r| r.id).map(Record::CurrencySettings))
    }

    /// Puts the record in place of the one with its id (deleted ones are kept, flagged).
    pub fn put(&mut self, record: Record) {
        match record {
            Record::Opportunity(o) => {
                self.opportunities.insert(o.id, o);
            }
            Record::Activity(a) => {
                self.activities.insert(a.id, a);
            }
            Record::Contact(c) => {
                self.contacts.insert(c.id, c);
            }
            Record::Company(c) => {
                self.companies.insert(c.id, c);
            }
            Record::Stage(s) => put_in(&mut self.stages, s, |r| r.id),
            Record::LostReason(r) => put_in(&mut self.lost_reasons, r, |r| r.id),
            Record::Team(t) => put_in(&mut self.teams, t, |r| r.id),
            Record::Tag(t) => put_in(&mut self.tags, t, |r| r.id),
            Record::ActivityType(t) => put_in(&mut self.activity_types, t, |r| r.id),
            Record::Product(p) => put_in(&mut self.products, p, |r| r.id),
            Record::Campaign(c) => put_in(&mut self.campaigns, c, |r| r.id),
            Record::Source(c) => put_in(&mut self.sources, c, |r| r.id),
            Record::Target(t) => put_in(&mut self.targets, t, |r| r.id),
            Record::CurrencySettings(c) => put_in(&mut self.currency_settings, c, |r| r.id),
            Record::Quotation(q) => {
                self.quotations.insert(q.id, q);
            }
            Record::Note(n) => {
                self.notes.insert(n.id, n);
            }
        }
    }

    /// Forgets a record altogether (a browser keeps no tombstones of the big kinds).
    pub fn remove(&mut self, id: Uuid) {
        self.opportunities.remove(&id);
        self.activities.remove(&id);
        self.contacts.remove(&id);
        self.companies.remove(&id);
        self.quotations.remove(&id);
        self.notes.remove(&id);
        self.products.retain(|r| r.id != id);
        self.teams.retain(|r| r.id != id);
        self.tags.retain(|r| r.id != id);
        self.activity_types.retain(|r| r.id != id);
        self.campaigns.retain(|r| r.id != id);
        self.sources.retain(|r| r.id != id);
        self.targets.retain(|r| r.id != id);
        self.currency_settings.retain(|r| r.id != id);
    }

    /// Puts the record, or forgets it when it is a deleted one of the big kinds.
    pub fn put_live(&mut self, record: Record) {
        let keeps_tombstone = matches!(record, Record::Stage(_) | Record::LostReason(_));
        if record.is_deleted() && !keeps_tombstone {
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

    pub fn live_contact(&self, id: Uuid) -> Option<&Contact> {
        self.contacts.get(&id).filter(|c| !c.deleted)
    }

    pub fn live_company(&self, id: Uuid) -> Option<&Company> {
        self.companies.get(&id).filter(|c| !c.deleted)
    }

    /// What a person calls the record: a deal's title, a contact's or a stage's name…
    pub fn display_name(&self, id: Uuid) -> Option<String> {
        Some(match self.get(id)? {
            Record::Opportunity(o) => o.title,
            Record::Stage(s) => s.name,
            Record::LostReason(r) => r.name,
            Record::Team(t) => t.name,
            Record::Tag(t) => t.name,
            Record::ActivityType(t) => t.name,
            Record::Activity(a) => self
                .activity_types
                .iter()
                .find(|t| t.id == a.type_id)
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            Record::Contact(c) => c.name,
            Record::Company(c) => c.name,
            Record::Product(p) => p.name,
            Record::Quotation(q) => q.customer_name,
            Record::Note(n) => n.text.chars().take(40).collect(),
            Record::Campaign(c) => c.name,
            Record::Source(c) => c.name,
            Record::Target(t) => t.month.format("%Y-%m").to_string(),
            Record::CurrencySettings(c) => c.currency.code().to_string(),
        })
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
