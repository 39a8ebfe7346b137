//! The registry: every kind of record the CRM syncs, one line each. From this list come the
//! `Record` enum, the `Store` that holds them and its get / put / remove, the kinds' names, and
//! everything `Record` answers by asking the kind (`kind.rs`). Adding a kind is its file plus
//! one line here; see "Adding a kind of record" in the README.
//!
//! `Map` kinds are the many (deals, contacts…), kept by id; `List` kinds are the few (the
//! set-up), kept in a list the screens show in order.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::kind::{Kind, Policy, Row, Scope};
use super::lead_scoring::{LeadQualification, ScoringRule};
use super::scoring::{ScoringSettings, ScoringTable};
use super::territory::Territory;
use super::{
    Activity, ActivityType, Campaign, Company, Contact, CurrencySettings, CustomField, LostReason,
    Note, Opportunity, Product, Quotation, SavedView, Source, Stage, Tag, Target, Team, User,
    ViewDefaults,
};

/// How a `Store` holds the records of one kind.
pub trait Rows<T> {
    fn row(&self, id: Uuid) -> Option<&T>;
    fn put_row(&mut self, row: T);
    fn remove_row(&mut self, id: Uuid);
    fn rows<'a>(&'a self) -> Box<dyn Iterator<Item = &'a T> + 'a>
    where
        T: 'a;
    fn retain_rows(&mut self, keep: &mut dyn FnMut(&T) -> bool);
    /// Becomes `from` where it holds the rows with these ids (other kinds' ids are in
    /// neither).
    fn follow_rows(&mut self, from: &Self, ids: &HashSet<Uuid>);
}

impl<T: Row + Clone> Rows<T> for BTreeMap<Uuid, T> {
    fn row(&self, id: Uuid) -> Option<&T> {
        self.get(&id)
    }
    fn put_row(&mut self, row: T) {
        self.insert(row.id(), row);
    }
    fn remove_row(&mut self, id: Uuid) {
        self.remove(&id);
    }
    fn rows<'a>(&'a self) -> Box<dyn Iterator<Item = &'a T> + 'a>
    where
        T: 'a,
    {
        Box::new(self.values())
    }
    fn retain_rows(&mut self, keep: &mut dyn FnMut(&T) -> bool) {
        self.retain(|_, r| keep(r));
    }
    fn follow_rows(&mut self, from: &Self, ids: &HashSet<Uuid>) {
        for id in ids {
            match from.get(id) {
                Some(row) => {
                    self.insert(*id, row.clone());
                }
                None => {
                    self.remove(id);
                }
            }
        }
    }
}

impl<T: Row + Clone> Rows<T> for Vec<T> {
    fn row(&self, id: Uuid) -> Option<&T> {
        self.iter().find(|r| r.id() == id)
    }
    fn put_row(&mut self, row: T) {
        match self.iter_mut().find(|r| r.id() == row.id()) {
            Some(existing) => *existing = row,
            None => self.push(row),
        }
    }
    fn remove_row(&mut self, id: Uuid) {
        self.retain(|r| r.id() != id);
    }
    fn rows<'a>(&'a self) -> Box<dyn Iterator<Item = &'a T> + 'a>
    where
        T: 'a,
    {
        Box::new(self.iter())
    }
    fn retain_rows(&mut self, keep: &mut dyn FnMut(&T) -> bool) {
        self.retain(|r| keep(r));
    }
    /// Whole, so the rows keep `from`'s order (the few kinds kept in a list are shown in it).
    fn follow_rows(&mut self, from: &Self, ids: &HashSet<Uuid>) {
        if ids
            .iter()
            .any(|id| self.row(*id).is_some() || from.row(*id).is_some())
        {
            self.clone_from(from);
        }
    }
}

macro_rules! registry {
    (@rows Map $t:ty) => { BTreeMap<Uuid, $t> };
    (@rows List $t:ty) => { Vec<$t> };
    ($($kind:ident => $field:ident: $rows:ident),* $(,)?) => {
        /// A record of any kind, borrowed: serialises exactly as its `Record`.
        #[derive(Debug, Clone, Copy, Serialize)]
        #[serde(tag = "kind")]
        pub enum RecordRef<'a> {
            $($kind(&'a $kind),)*
        }

        impl RecordRef<'_> {
            pub fn id(&self) -> Uuid {
                match self { $(RecordRef::$kind(r) => r.id,)* }
            }

            /// Its kind's name.
            pub fn kind(&self) -> &'static str {
                match self { $(RecordRef::$kind(_) => <$kind as Kind>::NAME,)* }
            }

            pub fn is_deleted(&self) -> bool {
                match self { $(RecordRef::$kind(r) => r.deleted,)* }
            }

            /// The record, owned.
            pub fn to_record(&self) -> Record {
                match self { $(RecordRef::$kind(r) => Record::$kind((*r).clone()),)* }
            }
        }

        /// One record of any kind: what a mutation produces, what pull sends, and what the
        /// change log describes field by field.
        // Most records are opportunities, the largest kind: boxing it would cost an allocation
        // per record for nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "kind")]
        pub enum Record {
            $($kind($kind),)*
        }

        $(
            impl Row for $kind {
                fn id(&self) -> Uuid {
                    self.id
                }
                fn version(&self) -> i64 {
                    self.version
                }
                fn set_version(&mut self, version: i64) {
                    self.version = version;
                }
                fn is_deleted(&self) -> bool {
                    self.deleted
                }
                fn set_deleted(&mut self, deleted: bool) {
                    self.deleted = deleted;
                }
            }

            impl From<$kind> for Record {
                fn from(r: $kind) -> Record {
                    Record::$kind(r)
                }
            }
        )*

        impl Record {
            /// Every kind's name, as `Kind::NAME` gives it.
            pub const KINDS: &'static [&'static str] = &[$(<$kind as Kind>::NAME,)*];

            /// The names of the kinds the rules always consult (the set-up): the server loads
            /// all of them for every push.
            pub fn setup_kinds() -> Vec<&'static str> {
                [$((<$kind as Kind>::NAME, <$kind as Kind>::SETUP),)*]
                    .into_iter()
                    .filter_map(|(name, setup)| setup.then_some(name))
                    .collect()
            }

            /// The names of the kinds an admin may give custom fields.
            pub fn customisable_kinds() -> Vec<&'static str> {
                [$((<$kind as Kind>::NAME, <$kind as Kind>::CUSTOMISABLE),)*]
                    .into_iter()
                    .filter_map(|(name, customisable)| customisable.then_some(name))
                    .collect()
            }

            /// Its custom values, for a kind that has them.
            pub fn custom(&self) -> Option<&super::custom_field::CustomValues> {
                match self { $(Record::$kind(r) => <$kind as Kind>::custom(r),)* }
            }

            /// The names of the kinds a browser keeps once deleted.
            pub fn tombstone_kinds() -> Vec<&'static str> {
                [$((<$kind as Kind>::NAME, <$kind as Kind>::KEEPS_TOMBSTONE),)*]
                    .into_iter()
                    .filter_map(|(name, keeps)| keeps.then_some(name))
                    .collect()
            }

            /// The fields of a kind, by name.
            pub fn fields_of(kind: &str) -> Option<&'static [super::field::Field]> {
                match kind {
                    $(<$kind as Kind>::NAME => Some(<$kind as Kind>::FIELDS),)*
                    _ => None,
                }
            }

            /// One field of a kind.
            pub fn field(kind: &str, name: &str) -> Option<&'static super::field::Field> {
                Self::fields_of(kind)?.iter().find(|f| f.name == name)
            }

            /// What a person calls a kind, by name.
            pub fn label_of(kind: &str) -> Option<super::kind::KindLabel> {
                match kind {
                    $(<$kind as Kind>::NAME => Some(<$kind as Kind>::LABEL),)*
                    _ => None,
                }
            }

            /// The refusal of a change to this record when it is gone (deleted, or out of sight).
            pub fn missing(&self) -> super::RuleError {
                super::RuleError::Missing {
                    kind: self.kind().into(),
                    id: self.id(),
                }
            }

            /// The policy of a kind, by name.
            pub fn policy_of(kind: &str) -> Option<Policy> {
                match kind {
                    $(<$kind as Kind>::NAME => Some(<$kind as Kind>::POLICY),)*
                    _ => None,
                }
            }

            pub fn id(&self) -> Uuid {
                match self { $(Record::$kind(r) => r.id,)* }
            }

            pub fn version(&self) -> i64 {
                match self { $(Record::$kind(r) => r.version,)* }
            }

            pub fn set_version(&mut self, version: i64) {
                match self { $(Record::$kind(r) => r.version = version,)* }
            }

            pub fn is_deleted(&self) -> bool {
                match self { $(Record::$kind(r) => r.deleted,)* }
            }

            pub fn set_deleted(&mut self, deleted: bool) {
                match self { $(Record::$kind(r) => r.deleted = deleted,)* }
            }

            /// The record's kind, as the change log and the records table name it.
            pub fn kind(&self) -> &'static str {
                match self { $(Record::$kind(_) => <$kind as Kind>::NAME,)* }
            }

            pub fn policy(&self) -> Policy {
                match self { $(Record::$kind(_) => <$kind as Kind>::POLICY,)* }
            }

            pub fn scope(&self) -> Scope {
                match self { $(Record::$kind(r) => <$kind as Kind>::scope(r),)* }
            }

            /// The other records this one points at.
            pub fn references(&self) -> Vec<Uuid> {
                match self { $(Record::$kind(r) => <$kind as Kind>::references(r),)* }
            }

            /// The names of the kinds a browser keeps by this rule.
            pub fn kept_by(rule: super::kind::Keep) -> Vec<&'static str> {
                [$((<$kind as Kind>::NAME, <$kind as Kind>::KEEP),)*]
                    .into_iter()
                    .filter_map(|(name, keep)| (keep == rule).then_some(name))
                    .collect()
            }

            /// What a browser keeps of this record's kind.
            pub fn keep(&self) -> super::kind::Keep {
                match self { $(Record::$kind(_) => <$kind as Kind>::KEEP,)* }
            }

            /// The record this one belongs to (`Kind::parent`).
            pub fn parent(&self) -> Option<Uuid> {
                match self { $(Record::$kind(r) => <$kind as Kind>::parent(r),)* }
            }

            /// Whether a browser keeps this record once it is deleted.
            pub fn keeps_tombstone(&self) -> bool {
                match self { $(Record::$kind(_) => <$kind as Kind>::KEEPS_TOMBSTONE,)* }
            }

            /// What a person calls it.
            pub fn display_name(&self, store: &Store) -> String {
                match self { $(Record::$kind(r) => <$kind as Kind>::display_name(r, store),)* }
            }

            /// The rule of a plain save of this record.
            pub fn save(&self, store: &Store) -> Result<Vec<Record>, super::RuleError> {
                match self { $(Record::$kind(r) => <$kind as Kind>::save(r, store),)* }
            }

            /// The rule of a plain delete of this record.
            pub fn delete(&self, store: &Store) -> Result<Vec<Record>, super::RuleError> {
                match self { $(Record::$kind(r) => <$kind as Kind>::delete(r, store),)* }
            }

            /// The extra check of a manager's change of a `LedTeams` kind.
            pub fn manager_may(&self, before: Option<&Record>, manager: Uuid) -> bool {
                match self {
                    $(Record::$kind(r) => {
                        let before = match before {
                            Some(Record::$kind(b)) => Some(b),
                            Some(_) => return false,
                            None => None,
                        };
                        <$kind as Kind>::manager_may(r, before, manager)
                    })*
                }
            }
        }

        /// The records the rules consult and change: the whole org in the browser's cache, the
        /// set-up plus the records a push touches on the server. The same rules run on either.
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct Store {
            /// The organisation's people (written by the server only).
            #[serde(default)]
            pub users: Vec<User>,
            $(
                #[serde(default)]
                pub $field: registry!(@rows $rows $kind),
            )*
        }

        impl Store {
            /// Becomes `from` at the records with these ids: each one of the kinds kept by
            /// id, the kinds kept in a list whole when one of theirs is named.
            pub fn follow(&mut self, from: &Store, ids: &HashSet<Uuid>) {
                $(Rows::<$kind>::follow_rows(&mut self.$field, &from.$field, ids);)*
            }

            /// The record with this id, of whatever kind, deleted or not.
            pub fn get(&self, id: Uuid) -> Option<Record> {
                $(
                    if let Some(r) = Rows::<$kind>::row(&self.$field, id) {
                        return Some(Record::$kind(r.clone()));
                    }
                )*
                None
            }

            /// Puts the record in place of the one with its id (deleted ones are kept, flagged).
            pub fn put(&mut self, record: Record) {
                match record {
                    $(Record::$kind(r) => Rows::<$kind>::put_row(&mut self.$field, r),)*
                }
            }

            /// Forgets a record altogether.
            pub fn remove(&mut self, id: Uuid) {
                $(Rows::<$kind>::remove_row(&mut self.$field, id);)*
            }

            /// Where every record stands for the access rules, with its kind's policy.
            pub fn scopes(&self) -> Vec<(Policy, Scope)> {
                let mut all = Vec::new();
                $(
                    all.extend(
                        Rows::<$kind>::rows(&self.$field)
                            .map(|r| (<$kind as Kind>::POLICY, <$kind as Kind>::scope(r))),
                    );
                )*
                all
            }

            /// Keeps only the records `keep` says yes to, asked with the kind's policy and the
            /// record's scope.
            pub fn retain(&mut self, keep: &mut dyn FnMut(Policy, Scope) -> bool) {
                $(
                    Rows::<$kind>::retain_rows(&mut self.$field, &mut |r: &$kind| {
                        keep(<$kind as Kind>::POLICY, <$kind as Kind>::scope(r))
                    });
                )*
            }

            /// Hands every record it holds, of every kind, to `f`, borrowed (the browser's
            /// cache serialises them without copying a 100,000-deal store).
            pub fn each_record<'a>(&'a self, f: &mut dyn FnMut(RecordRef<'a>)) {
                $(
                    for r in Rows::<$kind>::rows(&self.$field) {
                        f(RecordRef::$kind(r));
                    }
                )*
            }

            /// Keeps only the records `keep` says yes to, asked with the kind's rule of keeping,
            /// the record's id and what it belongs to.
            pub fn retain_kept(
                &mut self,
                keep: &mut dyn FnMut(super::kind::Keep, Uuid, Option<Uuid>) -> bool,
            ) {
                $(
                    Rows::<$kind>::retain_rows(&mut self.$field, &mut |r: &$kind| {
                        keep(<$kind as Kind>::KEEP, r.id, <$kind as Kind>::parent(r))
                    });
                )*
            }

            /// How many records of each kind it holds, by kind name.
            pub fn counts(&self) -> Vec<(&'static str, usize)> {
                vec![$((<$kind as Kind>::NAME, Rows::<$kind>::rows(&self.$field).count()),)*]
            }
        }
    };
}

registry! {
    Opportunity => opportunities: Map,
    Stage => stages: List,
    LostReason => lost_reasons: List,
    Team => teams: List,
    Tag => tags: List,
    ActivityType => activity_types: List,
    Activity => activities: Map,
    Contact => contacts: Map,
    Company => companies: Map,
    Product => products: List,
    Quotation => quotations: Map,
    Note => notes: Map,
    Campaign => campaigns: List,
    Source => sources: List,
    Target => targets: List,
    CurrencySettings => currency_settings: List,
    CustomField => custom_fields: List,
    SavedView => saved_views: List,
    ViewDefaults => view_defaults: List,
    ScoringSettings => scoring_settings: List,
    ScoringTable => scoring_tables: List,
    ScoringRule => scoring_rules: List,
    LeadQualification => lead_qualifications: List,
    Territory => territories: List,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Currency, Money};

    fn team() -> Team {
        Team {
            id: Uuid::now_v7(),
            name: "Hà Nội".into(),
            leader_id: Some(Uuid::now_v7()),
            member_ids: vec![Uuid::now_v7(), Uuid::now_v7()],
            for_quotations: true,
            for_opportunities: true,
            for_warranty: false,
            capacities: Vec::new(),
            takes: Default::default(),
            territories: Vec::new(),
            shared_pipeline: false,
            version: 3,
            deleted: false,
        }
    }

    #[test]
    fn every_kind_has_its_own_name() {
        let mut names = Record::KINDS.to_vec();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Record::KINDS.len());
        assert!(Record::setup_kinds().contains(&"stage"));
        assert!(!Record::setup_kinds().contains(&"opportunity"));
        assert_eq!(
            Record::tombstone_kinds(),
            vec!["stage", "lost_reason", "custom_field"]
        );
        assert_eq!(
            Record::customisable_kinds(),
            vec!["opportunity", "contact", "company"]
        );
    }

    #[test]
    fn references_are_declared_lists_included() {
        let t = team();
        let mut expected = vec![t.leader_id.unwrap()];
        expected.extend(&t.member_ids);
        assert_eq!(Record::Team(t).references(), expected);
        let mut o = Opportunity::sample(Uuid::now_v7(), "Máy chủ");
        o.tag_ids = vec![Uuid::now_v7(), Uuid::now_v7()];
        let refs = Record::Opportunity(o.clone()).references();
        assert!(o.tag_ids.iter().all(|t| refs.contains(t)));
        assert!(refs.contains(&o.stage_id));
    }

    #[test]
    fn the_store_keeps_any_kind_by_id() {
        let mut store = Store::default();
        let t = team();
        let product = Product {
            id: Uuid::now_v7(),
            name: "Máy lọc nước".into(),
            price: Money::new(5_000_000, Currency::VND),
            tax_percent: 10,
            version: 1,
            deleted: false,
        };
        store.put(t.clone().into());
        store.put(product.clone().into());
        assert_eq!(store.get(t.id), Some(Record::Team(t.clone())));
        assert_eq!(
            store.display_name(product.id).as_deref(),
            Some("Máy lọc nước")
        );
        let renamed = Team {
            name: "Hà Nội 2".into(),
            ..t.clone()
        };
        store.put(renamed.into());
        assert_eq!(store.teams.len(), 1, "put replaces the one with its id");
        store.remove(t.id);
        assert_eq!(store.get(t.id), None);
        assert_eq!(store.get(product.id).map(|r| r.kind()), Some("product"));
        let counts = store.counts();
        assert!(counts.contains(&("product", 1)) && counts.contains(&("team", 0)));
    }

    #[test]
    fn a_deleted_stage_stays_in_a_browser_and_a_deleted_tag_does_not() {
        let mut store = Store::default();
        let stage = Stage {
            id: Uuid::now_v7(),
            name: "Mới".into(),
            sequence: 1,
            is_won: false,
            folded: false,
            rotting_days: 0,
            probability: 10,
            team_id: None,
            version: 1,
            deleted: true,
        };
        let tag = crate::domain::Tag {
            deleted: true,
            ..crate::domain::Tag::sample("VIP")
        };
        store.put_live(stage.clone().into());
        store.put_live(tag.clone().into());
        assert!(store.get(stage.id).is_some_and(|s| s.is_deleted()));
        assert_eq!(store.get(tag.id), None);
    }
}
