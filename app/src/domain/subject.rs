//! What an activity or a note is about: a record of any kind, named by its kind and id. A kind
//! gets activities, notes and a timeline by being declared; nothing else is added for it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use super::kind::Kind;
use super::{Contact, Opportunity, Record};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    /// The kind's name (`Kind::NAME`).
    pub kind: &'static str,
    pub id: Uuid,
}

impl Subject {
    /// A record of kind `K`.
    pub fn of<K: Kind>(id: Uuid) -> Subject {
        Subject { kind: K::NAME, id }
    }

    /// A lead or an opportunity.
    pub fn deal(id: Uuid) -> Subject {
        Subject::of::<Opportunity>(id)
    }

    pub fn contact(id: Uuid) -> Subject {
        Subject::of::<Contact>(id)
    }

    /// The deal it is about, when it is about one.
    pub fn deal_id(self) -> Option<Uuid> {
        (self.kind == Opportunity::NAME).then_some(self.id)
    }

    /// The contact it is about, when it is about one.
    pub fn contact_id(self) -> Option<Uuid> {
        (self.kind == Contact::NAME).then_some(self.id)
    }

    /// Whether it is this record.
    pub fn is(self, record: &Record) -> bool {
        self.id == record.id() && self.kind == record.kind()
    }
}

#[derive(Serialize, Deserialize)]
struct Wire<'a> {
    kind: &'a str,
    id: Uuid,
}

impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Wire {
            kind: self.kind,
            id: self.id,
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Subject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Owned {
            kind: String,
            id: Uuid,
        }
        let wire = Owned::deserialize(d)?;
        let kind = Record::KINDS
            .iter()
            .find(|k| **k == wire.kind)
            .ok_or_else(|| {
                serde::de::Error::custom(format!("no kind of record is called {}", wire.kind))
            })?;
        Ok(Subject { kind, id: wire.id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subject_is_written_as_its_kind_and_id_and_an_unknown_kind_is_refused() {
        let id = Uuid::now_v7();
        let about = Subject::deal(id);
        let json = serde_json::to_value(about).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "opportunity", "id": id}));
        assert_eq!(serde_json::from_value::<Subject>(json).unwrap(), about);
        assert_eq!(about.deal_id(), Some(id));
        assert_eq!(about.contact_id(), None);
        let unknown = serde_json::json!({"kind": "spaceship", "id": id});
        assert!(serde_json::from_value::<Subject>(unknown).is_err());
    }
}
