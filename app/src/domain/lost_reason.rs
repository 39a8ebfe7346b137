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

impl super::kind::Kind for LostReason {
    const NAME: &'static str = "lost_reason";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Lost reason",
            "Lý do thất bại",
            "输单原因",
            "เหตุผลที่แพ้",
            "دلیل ناموفق بودن",
        ],
        [
            "Lost reasons",
            "Lý do thất bại",
            "输单原因",
            "เหตุผลที่แพ้",
            "دلایل ناموفق بودن",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[super::field::Field::new(
        "name",
        super::field::FieldType::Text,
        ["Name", "Tên", "名称", "ชื่อ", "نام"],
    )];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Admin,
    };
    // Deals lost for a reason since deleted still name it.
    const KEEPS_TOMBSTONE: bool = true;
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, _store: &super::Store) -> Result<Vec<super::Record>, super::RuleError> {
        let name = super::opportunity::clean_text("lost_reason.name", &self.name)?;
        if name.is_empty() {
            return Err(super::RuleError::Required("lost_reason.name".into()));
        }
        Ok(vec![super::Record::LostReason(LostReason {
            name,
            deleted: false,
            ..self.clone()
        })])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, super::RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}
