//! A note logged on a record of any kind (a lead, an opportunity, a contact…): a line of its
//! timeline, kept as written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::clean_note;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: Uuid,
    /// What it is about: a lead, an opportunity, a contact, or a record of any other kind.
    pub subject: super::Subject,
    pub text: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The note's text, trimmed: required, and not too long.
pub fn check(note: &Note) -> Result<Note, RuleError> {
    let text = clean_note("note.text", &note.text)?;
    if text.is_empty() {
        return Err(RuleError::Required("note.text".into()));
    }
    Ok(Note {
        text,
        deleted: false,
        ..note.clone()
    })
}

impl super::kind::Kind for Note {
    const NAME: &'static str = "note";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Note", "Ghi chú", "备注", "หมายเหตุ", "یادداشت"],
        ["Notes", "Ghi chú", "备注", "หมายเหตุ", "یادداشت‌ها"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "subject",
            super::field::FieldType::Subject,
            ["About", "Về", "关于", "เกี่ยวกับ", "دربارهٔ"],
        ),
        super::field::Field::new(
            "text",
            super::field::FieldType::LongText,
            ["Note", "Ghi chú", "备注", "หมายเหตุ", "یادداشت"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::FollowsDeal,
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::WithParent;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::About(self.subject)
    }

    fn references(&self) -> Vec<Uuid> {
        vec![self.subject.id]
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.text.chars().take(40).collect()
    }

    /// Logging a note: a new one, on a live deal or contact. A note is never edited.
    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        if store.notes.contains_key(&self.id) {
            return Err(RuleError::NotEditable);
        }
        store.check_subject(self.subject)?;
        Ok(vec![super::Record::Note(check(self)?)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}
