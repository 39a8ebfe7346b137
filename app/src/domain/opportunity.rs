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
    /// The day it entered its stage (for the days in stage on its card).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_since: Option<NaiveDate>,
    /// The day of its last change (a deal with none for its stage's rotting days is rotting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed_on: Option<NaiveDate>,
    /// Its custom fields' values, by key (see `custom_field.rs`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub custom: super::CustomValues,
    /// Its predicted probability (`scoring.rs`) in hundredths of a percent (3349: 33.49 %);
    /// `None`: not predicted (prediction off, or nothing learnt yet for its team).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted: Option<u16>,
    /// Its probability was set by hand: the prediction stops overriding it until the person
    /// goes back to the predicted one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub probability_by_hand: bool,
    /// Its lead score: the points of the scoring rules it meets (`lead_scoring.rs`), kept while
    /// it is a lead and as it was when it became a deal; `None`: never scored (no rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<i32>,
    /// Where a lead stands between marketing and sales (lead, MQL, SQL, sent back).
    #[serde(
        default,
        skip_serializing_if = "super::lead_scoring::Qualification::is_lead",
        deserialize_with = "super::lead_scoring::Qualification::or_lead"
    )]
    pub qualification: super::lead_scoring::Qualification,
    /// The day it became marketing-qualified (its score reached the threshold, or by hand).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mql_on: Option<NaiveDate>,
    /// The day sales accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_on: Option<NaiveDate>,
    /// Why sales sent it back to marketing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub returned_reason: String,
    /// Where it is: a country's ISO code, a province's code (`territory.rs`), a postcode.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub province: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    /// The language it is spoken to in (`language.rs`); empty: not known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Merged into that lead or deal (and archived): restorable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<Uuid>,
}

impl Opportunity {
    /// How likely it is to be won, in hundredths of a percent, as forecasts weigh it: its
    /// prediction to two decimals, unless its probability was set by hand or it has none.
    pub fn chance(&self) -> u16 {
        match self.predicted {
            Some(p) if !self.probability_by_hand => p.min(10_000),
            _ => u16::from(self.probability.min(100)) * 100,
        }
    }

    /// Whole days it has been in its stage on `today` (`None`: not known).
    pub fn days_in_stage(&self, today: NaiveDate) -> Option<i64> {
        self.stage_since
            .map(|since| (today - since).num_days().max(0))
    }

    /// Whole days since its last change on `today` (`None`: not known).
    pub fn days_unchanged(&self, today: NaiveDate) -> Option<i64> {
        self.changed_on.map(|on| (today - on).num_days().max(0))
    }

    /// Rotting on `today`: open (neither lost nor won), and no change for its stage's
    /// `rotting_days` (0: never rots).
    pub fn is_rotting(&self, rotting_days: u16, today: NaiveDate) -> bool {
        rotting_days > 0
            && !self.lost
            && self.closed_on.is_none()
            && self
                .days_unchanged(today)
                .is_some_and(|days| days >= i64::from(rotting_days))
    }

    /// A lead as a form holds it before it is made: only what names it (for comparing it with
    /// the leads there are).
    pub fn draft_lead(title: String) -> Opportunity {
        Opportunity {
            id: Uuid::nil(),
            title,
            customer_name: String::new(),
            company_name: String::new(),
            email: String::new(),
            phone: String::new(),
            expected_revenue: Money::new(0, super::Currency::VND),
            probability: 0,
            stage_id: Uuid::nil(),
            position: String::new(),
            priority: 0,
            salesperson_id: None,
            expected_close: None,
            version: 0,
            deleted: false,
            lost: false,
            lost_reason_id: None,
            lost_note: String::new(),
            team_id: None,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: true,
            description: String::new(),
            campaign_id: None,
            source_id: None,
            created_on: None,
            closed_on: None,
            stage_since: None,
            changed_on: None,
            custom: Default::default(),
            predicted: None,
            probability_by_hand: false,
            score: None,
            qualification: Default::default(),
            mql_on: None,
            sql_on: None,
            returned_reason: String::new(),
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            merged_into: None,
        }
    }
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
            stage_since: None,
            changed_on: None,
            custom: Default::default(),
            predicted: None,
            probability_by_hand: false,
            score: None,
            qualification: Default::default(),
            mql_on: None,
            sql_on: None,
            returned_reason: String::new(),
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            merged_into: None,
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
    /// Where it is (`territory.rs`); empty: not known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub country: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub province: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    /// The language it is spoken to in (`language.rs`); empty: not known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// Its custom fields' values, by key.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub custom: super::CustomValues,
}

impl NewOpportunity {
    /// A deal to create for tests: Vinamilk's office furniture, in `stage_id`.
    #[cfg(test)]
    pub fn sample(stage_id: Uuid) -> NewOpportunity {
        NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            custom: Default::default(),
            id: Uuid::now_v7(),
            title: "  Office furniture for Vinamilk  ".into(),
            customer_name: "Vinamilk".into(),
            company_name: String::new(),
            email: "mua.hang@vinamilk.vn".into(),
            phone: "+84 28 5415 5555".into(),
            expected_revenue: Money::new(250_000_000, super::Currency::VND),
            priority: 2,
            stage_id,
            position: "V".into(),
            salesperson_id: None,
            expected_close: None,
            team_id: None,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: false,
            description: String::new(),
            campaign_id: None,
            source_id: None,
        }
    }
}

/// The title, trimmed; refused when empty or too long.
pub fn clean_title(title: &str) -> Result<String, RuleError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(RuleError::EmptyTitle);
    }
    clean_text("opportunity.title", t)
}

/// Characters that change how the text around them is shown without being seen: the
/// bidirectional embeddings, overrides and isolates, zero-width spaces, invisible operators and
/// the byte-order mark. A name or note keeps none of them, so "Invoice \u{202E}fdp.exe" cannot
/// pass for "Invoice exe.pdf". The zero-width non-joiner and joiner stay: Persian words and
/// emoji are written with them.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{180E}'
    )
}

/// One line of text as it may be saved: trimmed, without hidden characters, control characters
/// or line breaks (a break becomes a space); refused when too long.
/// A name as kept: one line of text (`clean_text`), not empty, at most `max` characters.
pub fn clean_name(field: &str, text: &str, max: usize) -> Result<String, RuleError> {
    let name = clean_text(field, text)?;
    if name.is_empty() {
        return Err(RuleError::Required(field.into()));
    }
    if name.chars().count() > max {
        return Err(RuleError::TooLong {
            field: field.into(),
            max,
        });
    }
    Ok(name)
}

pub fn clean_text(field: &str, text: &str) -> Result<String, RuleError> {
    let line: String = text
        .chars()
        .filter(|c| !is_hidden(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let t = line.trim();
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
    // Line breaks and tabs stay in a note; other control and hidden characters do not.
    let kept: String = note
        .chars()
        .filter(|c| !is_hidden(*c) && (!c.is_control() || matches!(c, '\n' | '\t')))
        .collect();
    let n = kept.trim();
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
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_hidden(c))
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

/// New positions for the cards of one column (id and position) that share their position with
/// an earlier card in column order: each run of equals keeps its first card where it is, and
/// the others get keys after it and before the next different position, in the same order. So
/// nothing moves on screen, and a card can be dropped between any two. Empty when none tie.
pub fn untied(column: &[(Uuid, String)]) -> Vec<(Uuid, String)> {
    let mut cards: Vec<&(Uuid, String)> = column.iter().collect();
    cards.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = Vec::new();
    let mut i = 0;
    while i < cards.len() {
        let position = &cards[i].1;
        let run = cards[i..].iter().take_while(|c| c.1 == *position).count();
        if run > 1 {
            let next = cards.get(i + run).map(|c| c.1.as_str());
            let keys = super::fractional_index::n_keys_between(Some(position), next, run - 1)
                .unwrap_or_default();
            out.extend(
                cards[i + 1..i + run]
                    .iter()
                    .zip(keys)
                    .map(|(card, key)| (card.0, key)),
            );
        }
        i += run;
    }
    out
}

impl super::kind::Kind for Opportunity {
    const NAME: &'static str = "opportunity";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Opportunity", "Cơ hội", "商机", "โอกาสการขาย", "فرصت فروش"],
        [
            "Opportunities",
            "Cơ hội",
            "商机",
            "โอกาสการขาย",
            "فرصت‌های فروش",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "title",
            super::field::FieldType::Text,
            ["Title", "Tên", "名称", "ชื่อ", "عنوان"],
        ),
        super::field::Field::new(
            "customer_name",
            super::field::FieldType::Text,
            ["Customer", "Khách hàng", "客户", "ลูกค้า", "مشتری"],
        ),
        super::field::Field::new(
            "company_name",
            super::field::FieldType::Text,
            ["Company", "Công ty", "公司", "บริษัท", "شرکت"],
        ),
        super::field::Field::new(
            "email",
            super::field::FieldType::Email,
            ["Email", "Email", "邮箱", "อีเมล", "ایمیل"],
        ),
        super::field::Field::new(
            "phone",
            super::field::FieldType::Phone,
            ["Phone", "Điện thoại", "电话", "โทรศัพท์", "تلفن"],
        ),
        super::field::Field::new(
            "expected_revenue",
            super::field::FieldType::Money,
            [
                "Expected revenue",
                "Doanh thu dự kiến",
                "预期收入",
                "รายได้ที่คาดหวัง",
                "درآمد مورد انتظار",
            ],
        ),
        super::field::Field::new(
            "probability",
            super::field::FieldType::Percent,
            [
                "Probability",
                "Xác suất",
                "成交概率",
                "ความน่าจะเป็น",
                "احتمال",
            ],
        ),
        super::field::Field::new(
            "stage_id",
            super::field::FieldType::Link("stage"),
            ["Stage", "Giai đoạn", "阶段", "ขั้นตอน", "مرحله"],
        ),
        super::field::Field::new(
            "position",
            super::field::FieldType::Text,
            [
                "Position in column",
                "Vị trí trong cột",
                "列中位置",
                "ตำแหน่งในคอลัมน์",
                "جایگاه در ستون",
            ],
        ),
        super::field::Field::new(
            "priority",
            super::field::FieldType::Integer,
            [
                "Priority",
                "Mức ưu tiên",
                "优先级",
                "ลำดับความสำคัญ",
                "اولویت",
            ],
        ),
        super::field::Field::new(
            "salesperson_id",
            super::field::FieldType::Link("user"),
            [
                "Salesperson",
                "Nhân viên kinh doanh",
                "销售人员",
                "พนักงานขาย",
                "کارشناس فروش",
            ],
        ),
        super::field::Field::new(
            "expected_close",
            super::field::FieldType::Date,
            [
                "Expected closing",
                "Ngày dự kiến chốt",
                "预计成交日期",
                "วันที่คาดว่าจะปิดการขาย",
                "تاریخ بستن مورد انتظار",
            ],
        ),
        super::field::Field::new(
            "lost",
            super::field::FieldType::YesNo,
            ["Lost", "Thất bại", "输单", "แพ้", "ناموفق"],
        ),
        super::field::Field::new(
            "lost_reason_id",
            super::field::FieldType::Link("lost_reason"),
            [
                "Lost reason",
                "Lý do thất bại",
                "输单原因",
                "เหตุผลที่แพ้",
                "دلیل ناموفق بودن",
            ],
        ),
        super::field::Field::new(
            "lost_note",
            super::field::FieldType::LongText,
            [
                "Lost note",
                "Ghi chú thất bại",
                "输单备注",
                "หมายเหตุการแพ้",
                "یادداشت ناموفق بودن",
            ],
        ),
        super::field::Field::new(
            "team_id",
            super::field::FieldType::Link("team"),
            [
                "Sales team",
                "Đội ngũ bán hàng",
                "销售团队",
                "ทีมขาย",
                "تیم فروش",
            ],
        ),
        super::field::Field::new(
            "tag_ids",
            super::field::FieldType::Links("tag"),
            ["Tags", "Từ khóa", "标签", "แท็ก", "برچسب‌ها"],
        ),
        super::field::Field::new(
            "contact_id",
            super::field::FieldType::Link("contact"),
            ["Contact", "Người liên hệ", "联系人", "ผู้ติดต่อ", "مخاطب"],
        ),
        super::field::Field::new(
            "company_id",
            super::field::FieldType::Link("company"),
            ["Company", "Công ty", "公司", "บริษัท", "شرکت"],
        ),
        super::field::Field::new(
            "lead",
            super::field::FieldType::YesNo,
            ["Lead", "Tiềm năng", "潜在客户", "ลูกค้าเป้าหมาย", "سرنخ"],
        ),
        super::field::Field::new(
            "description",
            super::field::FieldType::LongText,
            ["Description", "Mô tả", "描述", "รายละเอียด", "توضیحات"],
        ),
        super::field::Field::new(
            "campaign_id",
            super::field::FieldType::Link("campaign"),
            ["Campaign", "Chiến dịch", "营销活动", "แคมเปญ", "کمپین"],
        ),
        super::field::Field::new(
            "source_id",
            super::field::FieldType::Link("source"),
            ["Source", "Nguồn", "来源", "แหล่งที่มา", "منبع"],
        ),
        super::field::Field::new(
            "created_on",
            super::field::FieldType::Date,
            [
                "Created on",
                "Ngày tạo",
                "创建日期",
                "วันที่สร้าง",
                "تاریخ ایجاد",
            ],
        ),
        super::field::Field::new(
            "closed_on",
            super::field::FieldType::Date,
            ["Closed on", "Ngày đóng", "关闭日期", "วันที่ปิด", "تاریخ بستن"],
        ),
        super::field::Field::new(
            "score",
            super::field::FieldType::Integer,
            [
                "Lead score",
                "Điểm tiềm năng",
                "线索评分",
                "คะแนนลูกค้าเป้าหมาย",
                "امتیاز سرنخ",
            ],
        ),
        super::field::Field::new(
            "qualification",
            // The usual one to look for first (`Qualification::code`).
            super::field::FieldType::Choice(&["mql", "sql", "returned", "lead"]),
            [
                "Qualification",
                "Mức đánh giá",
                "认定阶段",
                "สถานะการคัดกรอง",
                "وضعیت صلاحیت",
            ],
        ),
        super::field::Field::new(
            "mql_on",
            super::field::FieldType::Date,
            [
                "Handed to sales on",
                "Ngày chuyển cho kinh doanh",
                "移交销售日期",
                "วันที่ส่งให้ฝ่ายขาย",
                "تاریخ تحویل به فروش",
            ],
        ),
        super::field::Field::new(
            "sql_on",
            super::field::FieldType::Date,
            [
                "Accepted by sales on",
                "Ngày kinh doanh nhận",
                "销售接受日期",
                "วันที่ฝ่ายขายรับ",
                "تاریخ پذیرش فروش",
            ],
        ),
        super::field::Field::new(
            "returned_reason",
            super::field::FieldType::LongText,
            [
                "Reason for sending back",
                "Lý do trả lại",
                "退回原因",
                "เหตุผลที่ส่งกลับ",
                "دلیل بازگرداندن",
            ],
        ),
        super::field::Field::new(
            "country",
            super::field::FieldType::Text,
            ["Country", "Quốc gia", "国家", "ประเทศ", "کشور"],
        ),
        super::field::Field::new(
            "province",
            super::field::FieldType::Text,
            ["Province", "Tỉnh/Thành phố", "省份", "จังหวัด", "استان"],
        ),
        super::field::Field::new(
            "postcode",
            super::field::FieldType::Text,
            [
                "Postcode",
                "Mã bưu chính",
                "邮政编码",
                "รหัสไปรษณีย์",
                "کد پستی",
            ],
        ),
        super::field::Field::new(
            "language",
            super::field::FieldType::Text,
            ["Language", "Ngôn ngữ", "语言", "ภาษา", "زبان"],
        ),
        super::field::Field::new(
            "merged_into",
            super::field::FieldType::Link("opportunity"),
            [
                "Merged into",
                "Đã gộp vào",
                "已合并到",
                "รวมเข้ากับ",
                "ادغام‌شده در",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::InScope,
        write: super::kind::Write::Deal,
    };
    const SETUP: bool = false;
    const KEEP: super::kind::Keep = super::kind::Keep::OpenOrRecent;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Deal(self.into())
    }

    const CUSTOMISABLE: bool = true;

    fn custom(&self) -> Option<&super::CustomValues> {
        Some(&self.custom)
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
        ids.extend(super::custom_field::references(&self.custom));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deal_rots_after_its_stages_days_without_a_change() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let deal = Opportunity {
            stage_since: Some(day(1)),
            changed_on: Some(day(10)),
            ..Opportunity::sample(Uuid::now_v7(), "Máy lọc nước")
        };
        assert_eq!(deal.days_in_stage(day(24)), Some(23));
        assert_eq!(deal.days_unchanged(day(24)), Some(14));
        // Fourteen days without a change: rotting on the fourteenth, not the day before.
        assert!(!deal.is_rotting(14, day(23)));
        assert!(deal.is_rotting(14, day(24)));
        // A stage set to never rot, a lost deal and a deal of unknown age never rot.
        assert!(!deal.is_rotting(0, day(30)));
        let lost = Opportunity {
            lost: true,
            ..deal.clone()
        };
        assert!(!lost.is_rotting(14, day(30)));
        let won = Opportunity {
            closed_on: Some(day(10)),
            ..deal.clone()
        };
        assert!(!won.is_rotting(14, day(30)));
        let unknown = Opportunity {
            changed_on: None,
            ..deal.clone()
        };
        assert!(!unknown.is_rotting(14, day(30)));
        // A clock behind the change's day counts no negative days.
        assert_eq!(deal.days_in_stage(day(1) - chrono::Days::new(3)), Some(0));
    }

    #[test]
    fn hidden_and_bidirectional_controls_are_removed_from_names_and_notes() {
        assert_eq!(
            clean_text("opportunity.title", "Invoice \u{202E}fdp.exe").unwrap(),
            "Invoice fdp.exe"
        );
        assert_eq!(
            clean_text("contact.name", "\u{FEFF}Lan\u{200B} Anh\u{2066}\u{2069}").unwrap(),
            "Lan Anh"
        );
        // Persian keeps its zero-width non-joiner; a title keeps one line.
        assert_eq!(
            clean_text("tag.name", "می\u{200C}خواهم").unwrap(),
            "می\u{200C}خواهم"
        );
        assert_eq!(
            clean_text("opportunity.title", "Hai\ndòng\t").unwrap(),
            "Hai dòng"
        );
        assert_eq!(
            clean_note("note.text", "Dòng một\nDòng hai\u{202D}").unwrap(),
            "Dòng một\nDòng hai"
        );
        assert!(clean_email("lan\u{200B}@saomai.vn").is_err());
    }
    #[test]
    fn cards_tied_on_a_position_are_untied_in_place_and_the_rest_stay() {
        let id = |n: u128| Uuid::from_u128(n);
        let column = vec![
            (id(5), "V".to_string()),
            (id(2), "M".to_string()),
            (id(9), "M".to_string()),
            (id(4), "M".to_string()),
            (id(7), "X".to_string()),
        ];
        let moved = untied(&column);
        // The first of the three at "M" (by id) stays; the other two go after it, before "V".
        assert_eq!(
            moved.iter().map(|m| m.0).collect::<Vec<_>>(),
            [id(4), id(9)]
        );
        assert!("M" < moved[0].1.as_str() && moved[0].1 < moved[1].1 && moved[1].1.as_str() < "V");
        let mut after: Vec<(Uuid, String)> = column
            .iter()
            .map(|(i, p)| {
                (
                    *i,
                    moved
                        .iter()
                        .find(|m| m.0 == *i)
                        .map_or(p.clone(), |m| m.1.clone()),
                )
            })
            .collect();
        after.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(
            after.iter().map(|a| a.0).collect::<Vec<_>>(),
            [id(2), id(4), id(9), id(5), id(7)],
            "the order on screen is kept"
        );
        assert!(untied(&after).is_empty());
        // A tie at the end of the column has no next position to stay before.
        let last = untied(&[(id(1), "a".into()), (id(3), "a".into())]);
        assert_eq!(last.len(), 1);
        assert!(last[0].1.as_str() > "a");
    }
}
