//! Every kind of record the CRM syncs, as one type: what a mutation produces, what pull sends,
//! and what the change log describes field by field.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::{
    Activity, ActivityType, Campaign, Company, Contact, CurrencySettings, FieldChange, LostReason,
    Note, Opportunity, Product, Quotation, Source, Stage, Tag, Target, Team,
};

// Most records are opportunities, the largest kind: boxing it would cost an allocation per
// record for nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Record {
    Opportunity(Opportunity),
    Stage(Stage),
    LostReason(LostReason),
    Team(Team),
    Tag(Tag),
    ActivityType(ActivityType),
    Activity(Activity),
    Contact(Contact),
    Company(Company),
    Product(Product),
    Quotation(Quotation),
    Note(Note),
    Campaign(Campaign),
    Source(Source),
    Target(Target),
    CurrencySettings(CurrencySettings),
}

macro_rules! each {
    ($self:expr, $r:ident => $e:expr) => {
        match $self {
            Record::Opportunity($r) => $e,
            Record::Stage($r) => $e,
            Record::LostReason($r) => $e,
            Record::Team($r) => $e,
            Record::Tag($r) => $e,
            Record::ActivityType($r) => $e,
            Record::Activity($r) => $e,
            Record::Contact($r) => $e,
            Record::Company($r) => $e,
            Record::Product($r) => $e,
            Record::Quotation($r) => $e,
            Record::Note($r) => $e,
            Record::Campaign($r) => $e,
            Record::Source($r) => $e,
            Record::Target($r) => $e,
            Record::CurrencySettings($r) => $e,
        }
    };
}

impl Record {
    pub fn id(&self) -> Uuid {
        each!(self, r => r.id)
    }

    pub fn version(&self) -> i64 {
        each!(self, r => r.version)
    }

    pub fn set_version(&mut self, version: i64) {
        each!(self, r => r.version = version)
    }

    pub fn is_deleted(&self) -> bool {
        each!(self, r => r.deleted)
    }

    /// The record's kind, as the change log and the records table name it.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Opportunity(_) => "opportunity",
            Record::Stage(_) => "stage",
            Record::LostReason(_) => "lost_reason",
            Record::Team(_) => "team",
            Record::Tag(_) => "tag",
            Record::ActivityType(_) => "activity_type",
            Record::Activity(_) => "activity",
            Record::Contact(_) => "contact",
            Record::Company(_) => "company",
            Record::Product(_) => "product",
            Record::Quotation(_) => "quotation",
            Record::Note(_) => "note",
            Record::Campaign(_) => "campaign",
            Record::Source(_) => "source",
            Record::Target(_) => "target",
            Record::CurrencySettings(_) => "currency_settings",
        }
    }

    /// Its fields by name, without the bookkeeping ones: a missing field is an empty one.
    fn fields(&self) -> serde_json::Map<String, Value> {
        let mut map = match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            _ => serde_json::Map::new(),
        };
        for bookkeeping in ["kind", "id", "version"] {
            map.remove(bookkeeping);
        }
        map
    }
}

/// The fields that differ between `old` (None for a new record) and `new`: its timeline lines.
pub fn diff_records(old: Option<&Record>, new: &Record) -> Vec<FieldChange> {
    let old = old.map(Record::fields).unwrap_or_default();
    let new = new.fields();
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let before = old.get(name).cloned().unwrap_or(Value::Null);
            let after = new.get(name).cloned().unwrap_or(Value::Null);
            (before != after).then(|| FieldChange {
                field: name.clone(),
                old: before,
                new: after,
            })
        })
        .collect()
}
