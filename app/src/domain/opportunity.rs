//! An opportunity (a deal): a qualified lead moving through the stages of the pipeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Money, RuleError};

pub const MAX_TEXT: usize = 200;
/// Larger amounts are typos, and stay far from i64 overflow when columns are summed.
pub const MAX_REVENUE_MINOR: i64 = 1_000_000_000_000_000;

/// 0 to 3 stars.
pub type Priority = u8;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Opportunity {
    pub id: Uuid,
    pub title: String,
    // Empty and default values are left out of the JSON: the browser cache holds thousands.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_name: String,
    /// The company a lead names, as typed, until it is linked to a company record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub company_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phone: String,
    pub expected_revenue: Money,
    /// Percent, 0 to 100.
    pub probability: u8,
    pub stage_id: Uuid,
    /// Fractional index inside its column (see `fractional_index`).
    pub position: String,
    #[serde(default)]
    pub priority: Priority,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salesperson_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close: Option<NaiveDate>,
    /// The change sequence number of the last change the server applied; 0 before it has.
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Lost deals leave the board; they keep their stage, to be reopened there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lost: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_reason_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lost_note: String,
    /// The sales team whose board it is on; `None`: no team yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    /// Still an unqualified lead: on the leads list, not on the board, until converted.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub lead: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<Uuid>,
    /// The day it was created (as a lead or straight as a deal), on its author's calendar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_on: Option<NaiveDate>,
    /// The day it was won or lost; `None` while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
}

#[cfg(test)]
impl Opportunity {
    /// An open opportunity for tests, in `stage_id`: tests override the fields they are about.
    pub fn sample(stage_id: Uuid, title: &str) -> Opportunity {
        Opportunity {
            id: Uuid::now_v7(),
            title: title.into(),
            customer_name: String::new(),
            company_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(1, super::Currency::VND),
            probability: 10,
            stage_id,
            position: "V".into(),
            priority: 0,
            salesperson_id: None,
            expected_close: None,
            version: 1,
            deleted: false,
            lost: false,
            lost_reason_id: None,
            lost_note: String::new(),
            team_id: None,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
            created_on: None,
            closed_on: None,
        }
    }
}

/// What a person gives when creating an opportunity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOpportunity {
    pub id: Uuid,
    pub title: String,
    #[serde(default)]
    pub customer_name: String,
    #[serde(default)]
    pub company_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    pub expected_revenue: Money,
    #[serde(default)]
    pub priority: Priority,
    pub stage_id: Uuid,
    pub position: String,
    #[serde(default)]
    pub salesperson_id: Option<Uuid>,
    #[serde(default)]
    pub expected_close: Option<NaiveDate>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub tag_ids: Vec<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub company_id: Option<Uuid>,
    /// Created as a lead (on the leads list) rather than on the board.
    #[serde(default)]
    pub lead: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub campaign_id: Option<Uuid>,
    #[serde(default)]
    pub source_id: Option<Uuid>,
}

/// The title, trimmed; refused when empty or too long.
pub fn clean_title(title: &str) -> Result<String, RuleError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(RuleError::EmptyTitle);
    }
    clean_text("opportunity.title", t)
}

pub fn clean_text(field: &str, text: &str) -> Result<String, RuleError> {
    let t = text.trim();
    if t.chars().count() > MAX_TEXT {
        return Err(RuleError::TooLong {
            field: field.to_string(),
            max: MAX_TEXT,
        });
    }
    Ok(t.to_string())
}

pub const MAX_NOTE: usize = 2000;

/// A free-text note, trimmed; refused when too long. `field` names it (`kind.field`).
pub fn clean_note(field: &str, note: &str) -> Result<String, RuleError> {
    let n = note.trim();
    if n.chars().count() > MAX_NOTE {
        return Err(RuleError::TooLong {
            field: field.to_string(),
            max: MAX_NOTE,
        });
    }
    Ok(n.to_string())
}

pub fn clean_email(email: &str) -> Result<String, RuleError> {
    let e = email.trim();
    if e.is_empty() {
        return Ok(String::new());
    }
    let valid = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && matches!(e.split_once('@'), Some((local, domain))
            if !local.is_empty() && domain.contains('.') && !domain.starts_with('.')
                && !domain.ends_with('.') && !domain.contains('@'));
    if valid {
        Ok(e.to_string())
    } else {
        Err(RuleError::InvalidEmail(e.chars().take(80).collect()))
    }
}

pub fn clean_phone(phone: &str) -> Result<String, RuleError> {
    let p = phone.trim();
    let valid = p.len() <= 40
        && p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'))
        && (p.is_empty() || p.chars().any(|c| c.is_ascii_digit()));
    if valid {
        Ok(p.to_string())
    } else {
        Err(RuleError::InvalidPhone(p.chars().take(80).collect()))
    }
}

pub fn check_revenue(m: Money) -> Result<Money, RuleError> {
    if m.minor < 0 {
        Err(RuleError::NegativeRevenue)
    } else if m.minor > MAX_REVENUE_MINOR {
        Err(RuleError::RevenueTooLarge)
    } else {
        Ok(m)
    }
}

pub fn check_priority(p: Priority) -> Result<Priority, RuleError> {
    if p <= 3 {
        Ok(p)
    } else {
        Err(RuleError::InvalidPriority)
    }
}

pub fn check_probability(p: u8) -> Result<u8, RuleError> {
    if p <= 100 {
        Ok(p)
    } else {
        Err(RuleError::InvalidProbability)
    }
}

/// Sort key of a card inside its column: position, then id so equal positions stay stable.
pub fn column_order(a: &Opportunity, b: &Opportunity) -> std::cmp::Ordering {
    a.position.cmp(&b.position).then_with(|| a.id.cmp(&b.id))
}

impl super::kind::Kind for Opportunity {
    const NAME: &'static str = "opportunity";
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field {
            name: "title",
            ty: super::field::FieldType::Text,
            label: super::field::Label {
                en: "Title",
                vi: "Tên",
                zh: "名称",
                th: "ชื่อ",
                fa: "عنوان",
            },
        },
        super::field::Field {
            name: "customer_name",
            ty: super::field::FieldType::Text,
            label: super::field::Label {
                en: "Customer",
                vi: "Khách hàng",
                zh: "客户",
                th: "ลูกค้า",
                fa: "مشتری",
            },
        },
        super::field::Field {
            name: "company_name",
            ty: super::field::FieldType::Text,
            label: super::field::Label {
                en: "Company",
                vi: "Công ty",
                zh: "公司",
                th: "บริษัท",
                fa: "شرکت",
            },
        },
        super::field::Field {
            name: "email",
            ty: super::field::FieldType::Email,
            label: super::field::Label {
                en: "Email",
                vi: "Email",
                zh: "邮箱",
                th: "อีเมล",
                fa: "ایمیل",
            },
        },
        super::field::Field {
            name: "phone",
            ty: super::field::FieldType::Phone,
            label: super::field::Label {
                en: "Phone",
                vi: "Điện thoại",
                zh: "电话",
                th: "โทรศัพท์",
                fa: "تلفن",
            },
        },
        super::field::Field {
            name: "expected_revenue",
            ty: super::field::FieldType::Money,
            label: super::field::Label {
                en: "Expected revenue",
                vi: "Doanh thu dự kiến",
                zh: "预期收入",
                th: "รายได้ที่คาดหวัง",
                fa: "درآمد مورد انتظار",
            },
        },
        super::field::Field {
            name: "probability",
            ty: super::field::FieldType::Percent,
            label: super::field::Label {
                en: "Probability",
                vi: "Xác suất",
                zh: "成交概率",
                th: "ความน่าจะเป็น",
                fa: "احتمال",
            },
        },
        super::field::Field {
            name: "stage_id",
            ty: super::field::FieldType::Link("stage"),
            label: super::field::Label {
                en: "Stage",
                vi: "Giai đoạn",
                zh: "阶段",
                th: "ขั้นตอน",
                fa: "مرحله",
            },
        },
        super::field::Field {
            name: "position",
            ty: super::field::FieldType::Text,
            label: super::field::Label {
                en: "Position in column",
                vi: "Vị trí trong cột",
                zh: "列中位置",
                th: "ตำแหน่งในคอลัมน์",
                fa: "جایگاه در ستون",
            },
        },
        super::field::Field {
            name: "priority",
            ty: super::field::FieldType::Integer,
            label: super::field::Label {
                en: "Priority",
                vi: "Mức ưu tiên",
                zh: "优先级",
                th: "ลำดับความสำคัญ",
                fa: "اولویت",
            },
        },
        super::field::Field {
            name: "salesperson_id",
            ty: super::field::FieldType::Link("user"),
            label: super::field::Label {
                en: "Salesperson",
                vi: "Nhân viên kinh doanh",
                zh: "销售人员",
                th: "พนักงานขาย",
                fa: "کارشناس فروش",
            },
        },
        super::field::Field {
            name: "expected_close",
            ty: super::field::FieldType::Date,
            label: super::field::Label {
                en: "Expected closing",
                vi: "Ngày dự kiến chốt",
                zh: "预计成交日期",
                th: "วันที่คาดว่าจะปิดการขาย",
                fa: "تاریخ بستن مورد انتظار",
            },
        },
        super::field::Field {
            name: "lost",
            ty: super::field::FieldType::YesNo,
            label: super::field::Label {
                en: "Lost",
                vi: "Thất bại",
                zh: "输单",
                th: "แพ้",
                fa: "ناموفق",
            },
        },
        super::field::Field {
            name: "lost_reason_id",
            ty: super::field::FieldType::Link("lost_reason"),
            label: super::field::Label {
                en: "Lost reason",
                vi: "Lý do thất bại",
                zh: "输单原因",
                th: "เหตุผลที่แพ้",
                fa: "دلیل ناموفق بودن",
            },
        },
        super::field::Field {
            name: "lost_note",
            ty: super::field::FieldType::LongText,
            label: super::field::Label {
                en: "Lost note",
                vi: "Ghi chú thất bại",
                zh: "输单备注",
                th: "หมายเหตุการแพ้",
                fa: "یادداشت ناموفق بودن",
            },
        },
        super::field::Field {
            name: "team_id",
            ty: super::field::FieldType::Link("team"),
            label: super::field::Label {
                en: "Sales team",
                vi: "Đội ngũ bán hàng",
                zh: "销售团队",
                th: "ทีมขาย",
                fa: "تیم فروش",
            },
        },
        super::field::Field {
            name: "tag_ids",
            ty: super::field::FieldType::Links("tag"),
            label: super::field::Label {
                en: "Tags",
                vi: "Từ khóa",
                zh: "标签",
                th: "แท็ก",
                fa: "برچسب‌ها",
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
            name: "company_id",
            ty: super::field::FieldType::Link("company"),
            label: super::field::Label {
                en: "Company",
                vi: "Công ty",
                zh: "公司",
                th: "บริษัท",
                fa: "شرکت",
            },
        },
        super::field::Field {
            name: "lead",
            ty: super::field::FieldType::YesNo,
            label: super::field::Label {
                en: "Lead",
                vi: "Tiềm năng",
                zh: "潜在客户",
                th: "ลูกค้าเป้าหมาย",
                fa: "سرنخ",
            },
        },
        super::field::Field {
            name: "description",
            ty: super::field::FieldType::LongText,
            label: super::field::Label {
                en: "Description",
                vi: "Mô tả",
                zh: "描述",
                th: "รายละเอียด",
                fa: "توضیحات",
            },
        },
        super::field::Field {
            name: "campaign_id",
            ty: super::field::FieldType::Link("campaign"),
            label: super::field::Label {
                en: "Campaign",
                vi: "Chiến dịch",
                zh: "营销活动",
                th: "แคมเปญ",
                fa: "کمپین",
            },
        },
        super::field::Field {
            name: "source_id",
            ty: super::field::FieldType::Link("source"),
            label: super::field::Label {
                en: "Source",
                vi: "Nguồn",
                zh: "来源",
                th: "แหล่งที่มา",
                fa: "منبع",
            },
        },
        super::field::Field {
            name: "created_on",
            ty: super::field::FieldType::Date,
            label: super::field::Label {
                en: "Created on",
                vi: "Ngày tạo",
                zh: "创建日期",
                th: "วันที่สร้าง",
                fa: "تاریخ ایجاد",
            },
        },
        super::field::Field {
            name: "closed_on",
            ty: super::field::FieldType::Date,
            label: super::field::Label {
                en: "Closed on",
                vi: "Ngày đóng",
                zh: "关闭日期",
                th: "วันที่ปิด",
                fa: "تاریخ بستن",
            },
        },
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::Deal,
    };
    const SETUP: bool = false;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Deal(self.into())
    }

    fn references(&self) -> Vec<Uuid> {
        let mut ids = super::kind::ids([
            Some(self.stage_id),
            self.salesperson_id,
            self.lost_reason_id,
            self.team_id,
            self.contact_id,
            self.company_id,
            self.campaign_id,
            self.source_id,
        ]);
        ids.extend(&self.tag_ids);
        ids
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.title.clone()
    }

    /// A deal changes through its own named mutations (create, move, set fields, won, lost).
    fn save(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Err(RuleError::NotEditable)
    }

    fn delete(&self, store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        let deleted = super::apply_to_opportunity(
            &super::Mutation::DeleteOpportunity { id: self.id },
            Some(self),
            store,
        )?;
        Ok(vec![super::Record::Opportunity(deleted)])
    }
}
