//! What a kind of record declares about itself, once, next to its struct: its name in the
//! change log, who may see and change it (as data, read by `access`), what it points at, what a
//! person calls it, and the rules of a plain save and delete. The registry in `kinds.rs` turns
//! these declarations into the `Record` enum and the `Store`; a kind that leaves one out does
//! not compile.

use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::access::{DealScope, Role};
use super::field::Label;
use super::{Record, RuleError, Store};

/// Who may write records of a kind. Reading follows the record's `Scope` (see `access`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    /// The deals themselves: their own rules (`Viewer::writes_deal`).
    Deal,
    /// Follows the deal it hangs on; on no deal (a contact's), every role that writes.
    FollowsDeal,
    /// The organisation's shared records: every role that writes creates and edits them; the
    /// admin and these roles delete them.
    Shared { delete: &'static [Role] },
    /// Set-up a sales manager keeps for the teams they lead (the record's scope says which).
    LedTeams,
    /// Set-up only the admin keeps.
    Admin,
    /// What the server works out itself (what prediction learnt): nobody writes it, the admin
    /// neither.
    Server,
    /// A person's own (a saved view): they change it, every role, read-only included; the admin
    /// may change or delete one shared with them. Sharing with a team takes being in it, with
    /// everyone being a manager or the admin.
    Owner,
}

/// Who may read records of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Everyone in the organisation.
    Everyone,
    /// Those the record's scope reaches: a deal's, or a team's or person's.
    InScope,
}

/// A kind's access policy: the row of the access table in `access.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub read: Read,
    pub write: Write,
}

/// What a browser keeps of a kind in its copy; the rest stays on the server and is fetched when
/// a person opens it (see `keep.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Every one: the set-up, and the few the screens always need.
    All,
    /// The open ones, and those closed since the horizon (the deals).
    OpenOrRecent,
    /// While a kept deal names it, or a kept record of its own kind belongs to it, or it changed
    /// since the horizon (people and companies).
    WhileNamed,
    /// While what it belongs to (`Kind::parent`) is kept: activities, notes, quotations.
    WithParent,
}

/// Where one record stands for the access rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The organisation's as a whole.
    Org,
    /// A deal itself.
    Deal(DealScope),
    /// Hangs on this deal; `None`: on no deal.
    OnDeal(Option<Uuid>),
    /// About this record (an activity's or a note's): follows it.
    About(super::Subject),
    /// Belongs to this team; `None`: every team's.
    Team(Option<Uuid>),
    /// A team's or, without a team, a person's; neither: the organisation's.
    TeamOrPerson {
        team: Option<Uuid>,
        person: Option<Uuid>,
    },
    /// A person's own, shared with a team of theirs or with everyone: read by them and those
    /// it is shared with, whatever their role (an admin does not read another's private view).
    Personal {
        owner: Uuid,
        team: Option<Uuid>,
        everyone: bool,
    },
}

impl Scope {
    /// The record a record standing here belongs to, if any: a deal, or an activity's or
    /// note's subject.
    pub fn parent(self) -> Option<Uuid> {
        match self {
            Scope::OnDeal(parent) => parent,
            Scope::About(about) => Some(about.id),
            _ => None,
        }
    }

    /// The deal a record standing here hangs on, if any.
    pub fn parent_deal(self) -> Option<Uuid> {
        match self {
            Scope::OnDeal(parent) => parent,
            Scope::About(about) => about.deal_id(),
            _ => None,
        }
    }
}

/// What a person calls a kind of record, one and many, in each of Rapport's languages: a
/// refusal, a "not found" and a set-up section name the kind with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindLabel {
    pub one: Label,
    pub many: Label,
}

impl KindLabel {
    /// In this order: English, Vietnamese, Chinese, Thai, Persian (five, or it does not
    /// compile); first one record, then many.
    pub const fn new(one: [&'static str; 5], many: [&'static str; 5]) -> KindLabel {
        KindLabel {
            one: Label::of(one),
            many: Label::of(many),
        }
    }
}

/// A kind of record. Implemented once per kind, in the kind's own file, and registered with one
/// line in `kinds.rs`.
pub trait Kind: Clone + Serialize + DeserializeOwned + PartialEq + Sized + 'static {
    /// How the change log, the records table and the timeline name the kind.
    const NAME: &'static str;
    /// What a person calls one of them, and many.
    const LABEL: KindLabel;
    /// Its fields (all but `id`, `version` and `deleted`): name, type and label in every
    /// language.
    const FIELDS: &'static [super::field::Field];
    /// Who may read and write records of this kind.
    const POLICY: Policy;
    /// Whether a browser keeps a deleted one (old deals still point at a deleted stage).
    const KEEPS_TOMBSTONE: bool = false;
    /// Whether the rules consult every record of this kind (the set-up): the server loads them
    /// whole for every push.
    const SETUP: bool;
    /// What a browser keeps of this kind.
    const KEEP: Keep;
    /// Whether an admin may give it custom fields (`custom_field.rs`): its records then carry
    /// a `custom` map, which `custom` returns.
    const CUSTOMISABLE: bool = false;

    /// Where this record stands for the access rules.
    fn scope(&self) -> Scope;

    /// The record this one belongs to: what it hangs on for the access rules (its scope's deal
    /// or subject), or a person's company.
    fn parent(&self) -> Option<Uuid> {
        self.scope().parent()
    }

    /// The other records this one points at, lists included.
    fn references(&self) -> Vec<Uuid>;

    /// What a person calls it.
    fn display_name(&self, store: &Store) -> String;

    /// A plain save, of a new record or of a whole one: the records as they would be written
    /// (most write one), or why not.
    fn save(&self, store: &Store) -> Result<Vec<Record>, RuleError>;

    /// A plain delete of this live record: what would be written, or why not.
    fn delete(&self, store: &Store) -> Result<Vec<Record>, RuleError>;

    /// Its custom values (for a customisable kind).
    fn custom(&self) -> Option<&super::custom_field::CustomValues> {
        None
    }

    /// A check of a manager's change beyond their teams' scope (a team: stays theirs, adds
    /// nobody). Only asked for `Write::LedTeams` kinds.
    fn manager_may(&self, _before: Option<&Self>, _manager: Uuid) -> bool {
        true
    }
}

/// The bookkeeping every record carries. Implemented by the registry, from the fields every
/// record struct has (`id`, `version`, `deleted`).
pub trait Row {
    fn id(&self) -> Uuid;
    fn version(&self) -> i64;
    fn set_version(&mut self, version: i64);
    fn is_deleted(&self) -> bool;
    fn set_deleted(&mut self, deleted: bool);
}

/// A delete that only flags the record: for kinds nothing else depends on.
pub fn flag_deleted<K: Kind + Row>(record: &K) -> Vec<Record>
where
    Record: From<K>,
{
    let mut gone = record.clone();
    gone.set_deleted(true);
    vec![Record::from(gone)]
}

/// The ids among `ids` that are set, for `references`.
pub fn ids(ids: impl IntoIterator<Item = Option<Uuid>>) -> Vec<Uuid> {
    ids.into_iter().flatten().collect()
}
