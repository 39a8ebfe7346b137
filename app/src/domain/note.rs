//! A note logged on a lead, an opportunity or a contact: a line of its timeline, kept as written.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::clean_note;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opportunity_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Uuid>,
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
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field {
            name: "opportunity_id",
            ty: super::field::FieldType::Link("opportunity"),
            label: super::field::Label {
                en: "Opportunity",
                vi: "Cơ hội",
                zh: "商机",
                th: "โอกาสการขาย",
                fa: "فرصت فروش",
            },
        },
        super::field::Field {
            name: "contact_id",
            ty: super::field::FieldType::Link("contact"),
            label: super::field::Label {
                en: "Contact",
                vi: "Người liên hệ",
                zh: "联系人",
                th: "ผู้ติดต่อ",
                fa: "مخاطب",
            },
        },
        super::field::Field {
            name: "text",
            ty: super::field::FieldType::LongText,
            label: super::field::Label {
                en: "Note",
                vi: "Ghi chú",
                zh: "备注",
                th: "หมายเหตุ",
                fa: "یادداشت",
            },
        },
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::FollowsDeal,
    };
    const SETUP: bool = false;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::OnDeal(self.opportunity_id)
    }

    fn references(&self) -> Vec<Uuid> {
        super::kind::ids([self.opportunity_id, self.contact_id])
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.text.chars().take(40).collect()
    }

    /// Logging a note: a new one, on a live deal or contact. A note is never edited.
    fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        if store.notes.contains_key(&self.id) {
            return Err(RuleError::NotEditable);
        }
        match (self.opportunity_id, self.contact_id) {
            (None, None) => return Err(RuleError::ActivityWithoutRecord),
            (Some(o), _) if store.opportunities.get(&o).is_none_or(|o| o.deleted) => {
                return Err(RuleError::UnknownOpportunity(o));
            }
            (_, Some(c)) if store.live_contact(c).is_none() => {
                return Err(RuleError::UnknownContact(c));
            }
            _ => {}
        }
        Ok(vec![super::Record::Note(check(self)?)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}
