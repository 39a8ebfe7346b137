//! Why a deal was lost: a classifier the sales team keeps, used in reports and filters.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LostReason {
    pub id: Uuid,
    pub name: String,
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// The live lost reason with this id.
pub fn find(reasons: &[LostReason], id: Uuid) -> Option<&LostReason> {
    reasons.iter().find(|r| r.id == id && !r.deleted)
}
