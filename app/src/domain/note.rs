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
    let text = clean_note(&note.text)?;
    if text.is_empty() {
        return Err(RuleError::Required("note".into()));
    }
    Ok(Note {
        text,
        deleted: false,
        ..note.clone()
    })
}
