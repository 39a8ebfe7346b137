//! Where a lead came from: the marketing campaign that brought it and its source (a web form,
//! a trade fair, a referral…). Reports count leads, deals and won revenue per campaign and source.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::RuleError;
use super::opportunity::clean_text;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub id: Uuid,
    pub name: String,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

/// Campaigns and sources are the same shape: a name unique among the live ones of its kind.
pub trait Named {
    fn id(&self) -> Uuid;
    fn name(&self) -> &str;
    fn deleted(&self) -> bool;
}

macro_rules! named {
    ($t:ty) => {
        impl Named for $t {
            fn id(&self) -> Uuid {
                self.id
            }
            fn name(&self) -> &str {
                &self.name
            }
            fn deleted(&self) -> bool {
                self.deleted
            }
        }
    };
}
named!(Campaign);
named!(Source);

/// The name as it may be saved: trimmed, not empty, not taken by another live one of `others`.
pub fn check_name<T: Named>(label: &str, item: &T, others: &[T]) -> Result<String, RuleError> {
    let name = clean_text(label, item.name())?;
    if name.is_empty() {
        return Err(RuleError::Required(label.into()));
    }
    let lower = name.to_lowercase();
    if others
        .iter()
        .any(|o| o.id() != item.id() && !o.deleted() && o.name().to_lowercase() == lower)
    {
        return Err(RuleError::Duplicate(name));
    }
    Ok(name)
}

pub fn find<T: Named>(items: &[T], id: Uuid) -> Option<&T> {
    items.iter().find(|t| t.id() == id && !t.deleted())
}

macro_rules! kind {
    ($t:ident, $name:literal, $others:ident, $one:expr, $many:expr) => {
        impl super::kind::Kind for $t {
            const NAME: &'static str = $name;
            const LABEL: super::kind::KindLabel = super::kind::KindLabel::new($one, $many);
            const FIELDS: &'static [super::field::Field] = &[super::field::Field::new(
                "name",
                super::field::FieldType::Text,
                ["Name", "Tên", "名称", "ชื่อ", "نام"],
            )];
            const POLICY: super::kind::Policy = super::kind::Policy {
                read: super::kind::Read::Everyone,
                write: super::kind::Write::Admin,
            };
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

            fn save(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
                let name = check_name(concat!($name, ".name"), self, &store.$others)?;
                Ok(vec![super::Record::$t($t {
                    name,
                    deleted: false,
                    ..self.clone()
                })])
            }

            fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
                Ok(super::kind::flag_deleted(self))
            }
        }
    };
}
kind!(
    Campaign,
    "campaign",
    campaigns,
    ["Campaign", "Chiến dịch", "营销活动", "แคมเปญ", "کمپین"],
    ["Campaigns", "Chiến dịch", "营销活动", "แคมเปญ", "کمپین‌ها"]
);
kind!(
    Source,
    "source",
    sources,
    ["Source", "Nguồn", "来源", "แหล่งที่มา", "منبع"],
    ["Sources", "Nguồn", "来源", "แหล่งที่มา", "منابع"]
);

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(name: &str) -> Campaign {
        Campaign {
            id: Uuid::now_v7(),
            name: name.into(),
            version: 0,
            deleted: false,
        }
    }

    #[test]
    fn a_name_is_required_and_unique_among_live_ones() {
        let tet = campaign("Tết 2026");
        let mut gone = campaign("Expo");
        gone.deleted = true;
        let others = vec![tet.clone(), gone];
        assert_eq!(
            check_name("campaign.name", &campaign("  "), &others),
            Err(RuleError::Required("campaign.name".into()))
        );
        assert_eq!(
            check_name("campaign.name", &campaign(" tết 2026 "), &others),
            Err(RuleError::Duplicate("tết 2026".into()))
        );
        // Renaming itself, or taking a deleted one's name, is fine.
        assert_eq!(
            check_name("campaign.name", &tet, &others),
            Ok("Tết 2026".into())
        );
        assert_eq!(
            check_name("campaign.name", &campaign("Expo"), &others),
            Ok("Expo".into())
        );
    }
}
