//! The two records prediction keeps: what the organisation chose to learn from (the admin's,
//! in Settings) and what the server learnt (the server's alone: every browser reads it, so a
//! deal changed offline is predicted there as the server will).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CHOICES, Table};
use crate::domain::custom_field::CustomType;
use crate::domain::field::{Field, FieldType};
use crate::domain::kind::{Keep, Kind, KindLabel, Policy, Read, Scope, Write};
use crate::domain::{Record, RuleError, Store};

/// The most fields one organisation learns from.
pub const MAX_FIELDS: usize = 20;

/// What an organisation learns its predictions from: one per organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringSettings {
    pub id: Uuid,
    /// Besides the stage: names from `CHOICES`, and `custom.<key>` of deals' dropdowns.
    #[serde(default)]
    pub fields: Vec<String>,
    /// Only deals created on or after this day are learnt from; `None`: prediction is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl ScoringSettings {
    /// The fields a deal may be learnt from in this organisation: the choices, then its deals'
    /// live dropdowns.
    pub fn offered(store: &Store) -> Vec<String> {
        let mut offered: Vec<String> = CHOICES.iter().map(|c| c.to_string()).collect();
        offered.extend(
            store
                .custom_fields
                .iter()
                .filter(|f| !f.deleted && f.of == "opportunity")
                .filter(|f| matches!(f.ty, CustomType::Choice { .. }))
                .map(|f| format!("custom.{}", f.key)),
        );
        offered
    }
}

/// What the server learnt from the organisation's won and lost deals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoringTable {
    pub id: Uuid,
    #[serde(default)]
    pub table: Table,
    /// The deals it was last learnt from whole: how many won, how many lost.
    #[serde(default)]
    pub won: u32,
    #[serde(default)]
    pub lost: u32,
    /// When it was last learnt whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learnt_at: Option<DateTime<Utc>>,
    /// The version of the settings it was learnt with: other settings, learn again.
    #[serde(default)]
    pub settings_version: i64,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

impl Kind for ScoringSettings {
    const NAME: &'static str = "scoring_settings";
    const LABEL: KindLabel = KindLabel::new(
        [
            "Predictive probability",
            "Xác suất dự đoán",
            "预测成交概率",
            "ความน่าจะเป็นที่คาดการณ์",
            "احتمال پیش‌بینی‌شده",
        ],
        [
            "Predictive probability",
            "Xác suất dự đoán",
            "预测成交概率",
            "ความน่าจะเป็นที่คาดการณ์",
            "احتمال پیش‌بینی‌شده",
        ],
    );
    const FIELDS: &'static [Field] = &[
        Field::new(
            "fields",
            FieldType::Texts,
            ["Learnt from", "Học từ", "学习字段", "เรียนรู้จาก", "آموخته از"],
        ),
        Field::new(
            "start",
            FieldType::Date,
            [
                "Deals created since",
                "Cơ hội tạo từ ngày",
                "创建日期自",
                "ดีลที่สร้างตั้งแต่",
                "معامله‌های ایجادشده از",
            ],
        ),
    ];
    const POLICY: Policy = Policy {
        read: Read::Everyone,
        write: Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: Keep = Keep::All;

    fn scope(&self) -> Scope {
        Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        Self::LABEL.one.en.into()
    }

    fn save(&self, store: &Store) -> Result<Vec<Record>, RuleError> {
        // One per organisation.
        if store
            .scoring_settings
            .iter()
            .any(|s| s.id != self.id && !s.deleted)
        {
            return Err(RuleError::RecordExists(self.id));
        }
        let offered = ScoringSettings::offered(store);
        let mut fields: Vec<String> = Vec::with_capacity(self.fields.len());
        for field in &self.fields {
            if !offered.contains(field) {
                return Err(RuleError::NotAChoice {
                    value: field.clone(),
                    choices: offered.join(", "),
                });
            }
            if !fields.contains(field) {
                fields.push(field.clone());
            }
        }
        if fields.len() > MAX_FIELDS {
            return Err(RuleError::TooLong {
                field: "scoring_settings.fields".into(),
                max: MAX_FIELDS,
            });
        }
        Ok(vec![Record::ScoringSettings(ScoringSettings {
            fields,
            ..self.clone()
        })])
    }

    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}

impl Kind for ScoringTable {
    const NAME: &'static str = "scoring_table";
    const LABEL: KindLabel = KindLabel::new(
        [
            "What prediction learnt",
            "Dữ liệu dự đoán đã học",
            "预测学习结果",
            "สิ่งที่การคาดการณ์เรียนรู้",
            "آموخته‌های پیش‌بینی",
        ],
        [
            "What prediction learnt",
            "Dữ liệu dự đoán đã học",
            "预测学习结果",
            "สิ่งที่การคาดการณ์เรียนรู้",
            "آموخته‌های پیش‌بینی",
        ],
    );
    const FIELDS: &'static [Field] = &[
        Field::new(
            "table",
            FieldType::Learnt,
            [
                "What was learnt",
                "Dữ liệu đã học",
                "学习结果",
                "สิ่งที่เรียนรู้",
                "آموخته‌ها",
            ],
        ),
        Field::new(
            "won",
            FieldType::Integer,
            [
                "Won deals learnt from",
                "Cơ hội thắng đã học",
                "已学习的赢单",
                "ดีลที่ชนะที่เรียนรู้",
                "معامله‌های موفق آموخته",
            ],
        ),
        Field::new(
            "lost",
            FieldType::Integer,
            [
                "Lost deals learnt from",
                "Cơ hội thua đã học",
                "已学习的输单",
                "ดีลที่แพ้ที่เรียนรู้",
                "معامله‌های ناموفق آموخته",
            ],
        ),
        Field::new(
            "learnt_at",
            FieldType::Moment,
            [
                "Learnt at",
                "Học lúc",
                "学习时间",
                "เรียนรู้เมื่อ",
                "زمان یادگیری",
            ],
        ),
        Field::new(
            "settings_version",
            FieldType::Integer,
            [
                "Settings learnt with",
                "Phiên bản cài đặt",
                "所用设置版本",
                "เวอร์ชันการตั้งค่า",
                "نسخهٔ تنظیمات",
            ],
        ),
    ];
    const POLICY: Policy = Policy {
        read: Read::Everyone,
        write: Write::Server,
    };
    const SETUP: bool = true;
    const KEEP: Keep = Keep::All;

    fn scope(&self) -> Scope {
        Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        Self::LABEL.one.en.into()
    }

    /// The server learns it; nobody saves it.
    fn save(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Err(RuleError::NotEditable)
    }

    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Err(RuleError::NotDeletable)
    }
}
