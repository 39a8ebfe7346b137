//! Custom fields: what a sales team tracks that the product did not foresee (the province, the
//! contract type, the number of branches). The admin declares one in Settings, on a kind that
//! declares itself customisable (`Kind::CUSTOMISABLE`: deals and leads, contacts, companies);
//! its values live in the records' `custom` map under its key (`x_…`, as Odoo names its own).
//!
//! A custom field's value is a field like any other for the rest of the product: the change log,
//! the timeline, field-level conflicts and an edit of some fields all see `x_province` beside
//! `title` (`expand`), and the same rules check it in the browser and on the server.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use super::kind::Kind;
use super::opportunity::{clean_email, clean_note, clean_phone, clean_text};
use super::{Money, Record, RuleError, Store, money::Currency};

/// A record's custom values, by field key. An empty value is left out.
pub type CustomValues = BTreeMap<String, Value>;

/// What every custom field's key starts with, so it never meets a field the product adds later.
pub const PREFIX: &str = "x_";
/// The longest key.
pub const MAX_KEY: usize = 40;
/// The most options of a dropdown.
pub const MAX_OPTIONS: usize = 100;
/// The largest number a number field takes, either sign (well inside what a double holds exactly).
pub const MAX_NUMBER: f64 = 1e15;

/// A custom field of one kind of record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomField {
    pub id: Uuid,
    /// The kind whose records carry it (`opportunity`, `contact`, `company`).
    pub of: String,
    /// Its name in the records, the change log and exports: `x_` then lower-case letters,
    /// digits and underscores. Fixed once made.
    pub key: String,
    pub labels: Labels,
    pub ty: CustomType,
    /// A form will not save without it, and no change may empty it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// What a new record gets when it is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// A line under the input, saying what to put there.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
    /// Its place among the kind's custom fields (smaller first).
    #[serde(default)]
    pub position: i32,
    /// Shown on the board's cards (deals).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_card: bool,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    /// Deleted `PURGE_AFTER_DAYS` ago: its values are gone from the records (`db::custom_fields`)
    /// and it can no longer be restored.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub purged: bool,
}

/// A deleted field's values stay in the records this many days, restorable with it; then they
/// are removed.
pub const PURGE_AFTER_DAYS: i32 = 30;

/// A custom field's label in each of Rapport's languages; one left empty reads as the first one
/// given (English, then Vietnamese, Chinese, Thai, Persian).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub en: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vi: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zh: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub th: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fa: String,
}

/// The languages' codes, in the order labels fall back.
pub const LANGUAGES: [&str; 5] = ["en", "vi", "zh", "th", "fa"];

impl Labels {
    pub fn get(&self, language: &str) -> &str {
        match language {
            "vi" => &self.vi,
            "zh" => &self.zh,
            "th" => &self.th,
            "fa" => &self.fa,
            _ => &self.en,
        }
    }

    pub fn get_mut(&mut self, language: &str) -> &mut String {
        match language {
            "vi" => &mut self.vi,
            "zh" => &mut self.zh,
            "th" => &mut self.th,
            "fa" => &mut self.fa,
            _ => &mut self.en,
        }
    }

    /// The label in `language`, or the first one given.
    pub fn text(&self, language: &str) -> &str {
        let own = self.get(language);
        if !own.is_empty() {
            return own;
        }
        LANGUAGES
            .iter()
            .map(|l| self.get(l))
            .find(|t| !t.is_empty())
            .unwrap_or_default()
    }
}

/// What a custom field holds, and how its value is written in the record's JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum CustomType {
    /// One line of text: a string.
    Text,
    /// Several lines: a string.
    LongText,
    /// One of the options: the option's id.
    Choice {
        options: Vec<Choice>,
    },
    /// Some of the options: their ids, in the options' order.
    Choices {
        options: Vec<Choice>,
    },
    Email,
    Phone,
    /// A web address: `https://…` or `http://…`.
    Url,
    /// A number with at most `decimals` decimals: a JSON number.
    Number {
        #[serde(default)]
        decimals: u8,
    },
    /// A percentage with at most two decimals: a JSON number (12.5 is 12.5 %).
    Percent,
    /// An amount: `{"minor": …, "currency": …}` like a deal's.
    Money,
    /// A day: `2026-12-04`.
    Date,
    /// A day and time of day, as the person typed it on their clock: `2026-12-04T09:30`.
    DateTime,
    /// Yes or no: `true` (no is left out).
    YesNo,
    /// A person of the organisation: their id.
    User,
    /// A contact: its id.
    Contact,
    /// A company: its id.
    Company,
    /// Computed from the record's other fields and links (`formula.rs`); never stored.
    /// `result`: what it gives, worked out when it is saved.
    Formula {
        expression: String,
        #[serde(default)]
        result: super::formula::Type,
    },
}

/// An option of a dropdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Its id in the records: short, fixed once made (a renamed option keeps its values).
    pub id: String,
    pub label: String,
    /// An index into the tags' palette.
    #[serde(default)]
    pub colour: u8,
}

impl CustomType {
    /// The type's name, as Settings offers it and an export writes it.
    pub fn name(&self) -> &'static str {
        match self {
            CustomType::Text => "text",
            CustomType::LongText => "long_text",
            CustomType::Choice { .. } => "choice",
            CustomType::Choices { .. } => "choices",
            CustomType::Email => "email",
            CustomType::Phone => "phone",
            CustomType::Url => "url",
            CustomType::Number { .. } => "number",
            CustomType::Percent => "percent",
            CustomType::Money => "money",
            CustomType::Date => "date",
            CustomType::DateTime => "date_time",
            CustomType::YesNo => "yes_no",
            CustomType::User => "user",
            CustomType::Contact => "contact",
            CustomType::Company => "company",
            CustomType::Formula { .. } => "formula",
        }
    }

    /// Every type, by name, with no options (what Settings offers).
    pub const NAMES: [&'static str; 17] = [
        "text",
        "long_text",
        "choice",
        "choices",
        "email",
        "phone",
        "url",
        "number",
        "percent",
        "money",
        "date",
        "date_time",
        "yes_no",
        "user",
        "contact",
        "company",
        "formula",
    ];

    /// What a person calls a type, in each language (Settings' choice of type).
    pub fn label_of(name: &str) -> super::field::Label {
        use super::field::Label;
        match name {
            "long_text" => Label::of([
                "Several lines",
                "Nhiều dòng",
                "多行文本",
                "ข้อความหลายบรรทัด",
                "چند خط",
            ]),
            "choice" => Label::of([
                "Dropdown",
                "Danh sách chọn",
                "下拉选择",
                "รายการให้เลือก",
                "فهرست کشویی",
            ]),
            "choices" => Label::of([
                "Several of a list",
                "Chọn nhiều",
                "多选",
                "เลือกได้หลายรายการ",
                "چندگزینه‌ای",
            ]),
            "email" => Label::of(["Email", "Email", "邮箱", "อีเมล", "ایمیل"]),
            "phone" => Label::of(["Phone", "Điện thoại", "电话", "โทรศัพท์", "تلفن"]),
            "url" => Label::of(["Web address", "Địa chỉ web", "网址", "ที่อยู่เว็บ", "نشانی وب"]),
            "number" => Label::of(["Number", "Số", "数字", "ตัวเลข", "عدد"]),
            "percent" => Label::of(["Percent", "Phần trăm", "百分比", "เปอร์เซ็นต์", "درصد"]),
            "money" => Label::of(["Amount", "Số tiền", "金额", "จำนวนเงิน", "مبلغ"]),
            "date" => Label::of(["Date", "Ngày", "日期", "วันที่", "تاریخ"]),
            "date_time" => Label::of([
                "Date and time",
                "Ngày và giờ",
                "日期和时间",
                "วันที่และเวลา",
                "تاریخ و ساعت",
            ]),
            "yes_no" => Label::of([
                "Yes or no",
                "Có hoặc không",
                "是或否",
                "ใช่หรือไม่",
                "بله یا خیر",
            ]),
            "user" => Label::of(["Person", "Người dùng", "人员", "ผู้ใช้", "کاربر"]),
            "contact" => Label::of(["Contact", "Người liên hệ", "联系人", "ผู้ติดต่อ", "مخاطب"]),
            "company" => Label::of(["Company", "Công ty", "公司", "บริษัท", "شرکت"]),
            "formula" => Label::of(["Formula", "Công thức", "公式", "สูตร", "فرمول"]),
            _ => Label::of(["Text", "Văn bản", "文本", "ข้อความ", "متن"]),
        }
    }

    /// A type by name, with no options and no decimals.
    pub fn of_name(name: &str) -> Option<CustomType> {
        Some(match name {
            "text" => CustomType::Text,
            "long_text" => CustomType::LongText,
            "choice" => CustomType::Choice {
                options: Vec::new(),
            },
            "choices" => CustomType::Choices {
                options: Vec::new(),
            },
            "email" => CustomType::Email,
            "phone" => CustomType::Phone,
            "url" => CustomType::Url,
            "number" => CustomType::Number { decimals: 0 },
            "percent" => CustomType::Percent,
            "money" => CustomType::Money,
            "date" => CustomType::Date,
            "date_time" => CustomType::DateTime,
            "yes_no" => CustomType::YesNo,
            "user" => CustomType::User,
            "contact" => CustomType::Contact,
            "company" => CustomType::Company,
            "formula" => CustomType::Formula {
                expression: String::new(),
                result: super::formula::Type::Number,
            },
            _ => return None,
        })
    }

    /// The options of a dropdown (none for other types).
    pub fn options(&self) -> &[Choice] {
        match self {
            CustomType::Choice { options } | CustomType::Choices { options } => options,
            _ => &[],
        }
    }
}

impl CustomField {
    /// A field of `of` not saved yet, of type `ty` under `key`: no labels, optional, no default,
    /// first in place (what Settings checks a typed formula or default against).
    pub fn draft(id: Uuid, of: &str, key: String, ty: CustomType) -> CustomField {
        CustomField {
            id,
            of: of.to_string(),
            key,
            labels: Labels::default(),
            ty,
            required: false,
            default: None,
            help: String::new(),
            position: 0,
            on_card: false,
            version: 0,
            deleted: false,
            purged: false,
        }
    }

    /// The field's code in refusals: `kind.x_key`.
    pub fn code(&self) -> String {
        super::field::code(&self.of, &self.key)
    }

    /// The option with this id.
    pub fn option(&self, id: &str) -> Option<&Choice> {
        self.ty.options().iter().find(|o| o.id == id)
    }
}

/// Whether a field name is a custom field's.
pub fn is_custom(field: &str) -> bool {
    field.starts_with(PREFIX)
}

/// The day a stored day, or day and time, falls on (`2026-12-06`, `2026-12-06T09:30`), read
/// digit by digit: a filter or a formula reads one for every record of a list, and chrono's
/// format parser costs more than the rest of the comparison. Anything else is read by that
/// parser, as before.
pub fn stored_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let number = |from: usize, to: usize| {
        let digits = b.get(from..to)?;
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    match (b.get(4), b.get(7), b.get(10)) {
        (Some(b'-'), Some(b'-'), None | Some(b'T')) => {
            NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)
        }
        _ => NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok(),
    }
}

/// The kind's live custom fields, in their order.
pub fn of_kind<'a>(store: &'a Store, kind: &str) -> Vec<&'a CustomField> {
    let mut fields: Vec<&CustomField> = store
        .custom_fields
        .iter()
        .filter(|f| !f.deleted && f.of == kind)
        .collect();
    fields.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.id.cmp(&b.id)));
    fields
}

/// The kind's custom field with this key, live or deleted.
pub fn find<'a>(store: &'a Store, kind: &str, key: &str) -> Option<&'a CustomField> {
    store
        .custom_fields
        .iter()
        .find(|f| f.of == kind && f.key == key)
}

/// A key made from a label: `x_` and its Latin letters and digits, lower case, words joined by
/// underscores ("Contract type" → `x_contract_type`); a label with none (Chinese, Persian…)
/// gives `x_field`. Numbered when taken (`x_field_2`).
pub fn key_for(label: &str, taken: &[&str]) -> String {
    let folded = super::duplicates::fold(label);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut base = format!("{PREFIX}{}", words.join("_"));
    if base == PREFIX {
        base.push_str("field");
    }
    base.truncate(MAX_KEY - 4);
    let base = base.trim_end_matches('_').to_string();
    if !taken.contains(&base.as_str()) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|k| !taken.contains(&k.as_str()))
        .unwrap_or(base)
}

/// The field as it may be saved, against the kind's others and what it was (`before`).
pub fn check(field: &CustomField, store: &Store) -> Result<CustomField, RuleError> {
    let code = |f: &str| super::field::code(CustomField::NAME, f);
    let before = store.custom_fields.iter().find(|f| f.id == field.id);
    if !Record::customisable_kinds().contains(&field.of.as_str()) {
        return Err(RuleError::NotAChoice {
            value: field.of.chars().take(40).collect(),
            choices: Record::customisable_kinds().join(", "),
        });
    }
    if let Some(before) = before
        && (before.of != field.of || before.key != field.key)
    {
        return Err(RuleError::Malformed(
            "a custom field's kind and key cannot change".into(),
        ));
    }
    let key_ok = field.key.len() <= MAX_KEY
        && field.key.len() > PREFIX.len()
        && is_custom(&field.key)
        && field
            .key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !key_ok {
        return Err(RuleError::Malformed(format!(
            "\"{}\" is not a custom field's key: x_ then a-z, 0-9 and _, at most {MAX_KEY}",
            field.key.chars().take(60).collect::<String>()
        )));
    }
    if store
        .custom_fields
        .iter()
        .any(|f| f.id != field.id && f.of == field.of && f.key == field.key)
    {
        return Err(RuleError::Duplicate(field.key.clone()));
    }
    let mut labels = Labels::default();
    for language in LANGUAGES {
        *labels.get_mut(language) = clean_text(&code("labels"), field.labels.get(language))?;
    }
    if LANGUAGES.iter().all(|l| labels.get(l).is_empty()) {
        return Err(RuleError::Required(code("labels")));
    }
    // Two live fields of a kind called alike would be told apart by nobody.
    for language in LANGUAGES {
        let mine = labels.text(language).to_lowercase();
        let twin = store.custom_fields.iter().find(|f| {
            f.id != field.id
                && !f.deleted
                && f.of == field.of
                && f.labels.text(language).to_lowercase() == mine
        });
        if twin.is_some() {
            return Err(RuleError::Duplicate(labels.text(language).to_string()));
        }
    }
    let ty = match &field.ty {
        CustomType::Choice { options } => CustomType::Choice {
            options: check_options(options)?,
        },
        CustomType::Choices { options } => CustomType::Choices {
            options: check_options(options)?,
        },
        CustomType::Number { decimals } if *decimals > 6 => {
            return Err(RuleError::OutOfRange {
                field: code("ty"),
                min: 0,
                max: 6,
            });
        }
        CustomType::Formula { expression, .. } => {
            let expression = expression.trim().to_string();
            let formula = super::formula::Formula::check_field(field, &expression, store)?;
            check_readers(field, &expression, store)?;
            CustomType::Formula {
                expression,
                result: formula.ty,
            }
        }
        other => other.clone(),
    };
    let computed = matches!(ty, CustomType::Formula { .. });
    let mut checked = CustomField {
        labels,
        ty,
        help: clean_text(&code("help"), &field.help)?,
        // A computed value is never missing, nor given.
        required: field.required && !computed,
        ..field.clone()
    };
    checked.default = match &field.default {
        Some(_) if computed => None,
        Some(value) => check_value(&checked, value, store)?,
        None => None,
    };
    Ok(checked)
}

/// The organisation's other formulas that work now still work with `field`'s formula changed
/// to `expression` (one that reads it would otherwise compute nothing, unseen).
fn check_readers(field: &CustomField, expression: &str, store: &Store) -> Result<(), RuleError> {
    use super::formula::Formula;
    let readers = store
        .custom_fields
        .iter()
        .filter(|f| !f.deleted && f.id != field.id && matches!(f.ty, CustomType::Formula { .. }));
    for reader in readers {
        let works_now = Formula::of_field(reader, store).is_ok();
        if works_now && Formula::of_field_saving(reader, store, Some((field, expression))).is_err()
        {
            return Err(RuleError::FormulaBreaks(reader.code()));
        }
    }
    Ok(())
}

fn check_options(options: &[Choice]) -> Result<Vec<Choice>, RuleError> {
    let code = super::field::code(CustomField::NAME, "ty");
    if options.is_empty() {
        return Err(RuleError::NoOptions);
    }
    if options.len() > MAX_OPTIONS {
        return Err(RuleError::OutOfRange {
            field: code,
            min: 1,
            max: MAX_OPTIONS as i64,
        });
    }
    let mut checked: Vec<Choice> = Vec::with_capacity(options.len());
    for o in options {
        let label = clean_text(&code, &o.label)?;
        let id_ok =
            !o.id.is_empty() && o.id.len() <= 16 && o.id.chars().all(|c| c.is_ascii_alphanumeric());
        if label.is_empty() || !id_ok {
            return Err(RuleError::Required(code));
        }
        if checked
            .iter()
            .any(|c| c.id == o.id || c.label.to_lowercase() == label.to_lowercase())
        {
            return Err(RuleError::Duplicate(label));
        }
        checked.push(Choice {
            id: o.id.clone(),
            label,
            colour: o.colour % super::tag::COLOURS,
        });
    }
    Ok(checked)
}

/// A value as it may be saved in `field`, or why not; `None`: empty (left out of the record).
pub fn check_value(
    field: &CustomField,
    value: &Value,
    store: &Store,
) -> Result<Option<Value>, RuleError> {
    let code = field.code();
    let shown = || match value {
        Value::String(s) => s.chars().take(80).collect(),
        other => other.to_string().chars().take(80).collect(),
    };
    if value.is_null() {
        return Ok(None);
    }
    let text = || {
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| RuleError::Malformed(format!("{code}: {}", shown())))
    };
    let kept = |s: String| (!s.is_empty()).then_some(Value::String(s));
    let id = |s: String| {
        Uuid::parse_str(s.trim()).map_err(|_| RuleError::MalformedId {
            field: code.clone(),
            value: s.chars().take(80).collect(),
        })
    };
    Ok(match &field.ty {
        CustomType::Formula { .. } => return Err(RuleError::Computed(code)),
        CustomType::Text => kept(clean_text(&code, &text()?)?),
        CustomType::LongText => kept(clean_note(&code, &text()?)?),
        CustomType::Email => kept(clean_email(&text()?)?),
        CustomType::Phone => kept(clean_phone(&text()?)?),
        CustomType::Url => {
            let url = clean_text(&code, &text()?)?;
            if url.is_empty() {
                return Ok(None);
            }
            let lower = url.to_lowercase();
            let rest = lower
                .strip_prefix("https://")
                .or_else(|| lower.strip_prefix("http://"));
            match rest {
                Some(host) if host.contains('.') && !url.contains(' ') => Some(Value::String(url)),
                _ => return Err(RuleError::InvalidUrl(url.chars().take(80).collect())),
            }
        }
        CustomType::Choice { options } => {
            let chosen = text()?;
            if chosen.is_empty() {
                return Ok(None);
            }
            if !options.iter().any(|o| o.id == chosen) {
                return Err(not_a_choice(&chosen, options));
            }
            Some(Value::String(chosen))
        }
        CustomType::Choices { options } => {
            let Some(items) = value.as_array() else {
                return Err(RuleError::Malformed(format!("{code}: {}", shown())));
            };
            let mut chosen: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                let Some(id) = item.as_str() else {
                    return Err(RuleError::Malformed(format!("{code}: {}", shown())));
                };
                if !options.iter().any(|o| o.id == id) {
                    return Err(not_a_choice(id, options));
                }
                chosen.push(id);
            }
            // In the options' order, once each.
            let ordered: Vec<Value> = options
                .iter()
                .filter(|o| chosen.contains(&o.id.as_str()))
                .map(|o| Value::String(o.id.clone()))
                .collect();
            (!ordered.is_empty()).then_some(Value::Array(ordered))
        }
        CustomType::Number { decimals } => Some(number(&code, value, *decimals, shown)?),
        CustomType::Percent => Some(number(&code, value, 2, shown)?),
        CustomType::Money => {
            let money: Money = serde_json::from_value(value.clone())
                .map_err(|_| RuleError::Malformed(format!("{code}: {}", shown())))?;
            if money.minor.abs() > super::opportunity::MAX_REVENUE_MINOR {
                return Err(RuleError::OutOfRange {
                    field: code,
                    min: -super::opportunity::MAX_REVENUE_MINOR,
                    max: super::opportunity::MAX_REVENUE_MINOR,
                });
            }
            let _: Currency = money.currency;
            Some(serde_json::to_value(money).unwrap_or(Value::Null))
        }
        CustomType::Date => {
            let day = text()?;
            if day.is_empty() {
                return Ok(None);
            }
            let parsed = NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .map_err(|_| RuleError::NotADay(day.chars().take(80).collect()))?;
            Some(Value::String(parsed.format("%Y-%m-%d").to_string()))
        }
        CustomType::DateTime => {
            let at = text()?;
            if at.is_empty() {
                return Ok(None);
            }
            let parsed = NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M:%S"))
                .map_err(|_| RuleError::NotADay(at.chars().take(80).collect()))?;
            Some(Value::String(parsed.format("%Y-%m-%dT%H:%M").to_string()))
        }
        CustomType::YesNo => match value {
            Value::Bool(true) => Some(Value::Bool(true)),
            Value::Bool(false) => None,
            _ => return Err(RuleError::NotYesOrNo(shown())),
        },
        CustomType::User => {
            let s = text()?;
            if s.is_empty() {
                return Ok(None);
            }
            let person = id(s)?;
            store.check_salesperson(Some(person))?;
            Some(Value::String(person.to_string()))
        }
        CustomType::Contact => {
            let s = text()?;
            if s.is_empty() {
                return Ok(None);
            }
            let contact = id(s)?;
            if store.live_contact(contact).is_none() {
                return Err(RuleError::UnknownContact(contact));
            }
            Some(Value::String(contact.to_string()))
        }
        CustomType::Company => {
            let s = text()?;
            if s.is_empty() {
                return Ok(None);
            }
            let company = id(s)?;
            if store.live_company(company).is_none() {
                return Err(RuleError::UnknownCompany(company));
            }
            Some(Value::String(company.to_string()))
        }
    })
}

fn not_a_choice(value: &str, options: &[Choice]) -> RuleError {
    RuleError::NotAChoice {
        value: value.chars().take(80).collect(),
        choices: options
            .iter()
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A number with at most `decimals` decimals, within `MAX_NUMBER`.
fn number(
    code: &str,
    value: &Value,
    decimals: u8,
    shown: impl Fn() -> String,
) -> Result<Value, RuleError> {
    let n = value
        .as_f64()
        .filter(|n| n.is_finite())
        .ok_or_else(|| RuleError::NotANumber(shown()))?;
    if n.abs() > MAX_NUMBER {
        return Err(RuleError::OutOfRange {
            field: code.to_string(),
            min: -(MAX_NUMBER as i64),
            max: MAX_NUMBER as i64,
        });
    }
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = n * scale;
    if (scaled - scaled.round()).abs() > 1e-6 * scale.max(1.0) {
        return Err(RuleError::TooManyDecimals {
            field: code.to_string(),
            max: decimals,
        });
    }
    Ok(number_value(scaled.round() / scale))
}

/// A number as a record's JSON holds it: a whole one as an integer, so 12 and 12.0 are one
/// value.
pub fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

/// A record's custom values as they may be saved: each value set or changed checked against
/// its field (one left as it was passes as it is, so a contact merged away since, or a field
/// deleted since, does not block an unrelated change), and none of the required ones emptied;
/// on a new record (`before` is `None`) the defaults fill what was not given, and the required
/// ones must be there.
pub fn check_values(
    kind: &str,
    values: &CustomValues,
    before: Option<&CustomValues>,
    store: &Store,
) -> Result<CustomValues, RuleError> {
    let mut checked = CustomValues::new();
    for (key, value) in values {
        if before.and_then(|b| b.get(key)) == Some(value) {
            checked.insert(key.clone(), value.clone());
            continue;
        }
        match find(store, kind, key) {
            Some(field) if !field.deleted => {
                if let Some(v) = check_value(field, value, store)? {
                    checked.insert(key.clone(), v);
                }
            }
            Some(field) => return Err(field.missing()),
            None => {
                return Err(RuleError::Malformed(format!(
                    "{kind} has no custom field {}",
                    key.chars().take(60).collect::<String>()
                )));
            }
        }
    }
    for field in of_kind(store, kind) {
        if checked.contains_key(&field.key) {
            continue;
        }
        if before.is_none()
            && let Some(default) = &field.default
        {
            checked.insert(field.key.clone(), default.clone());
            continue;
        }
        let had = before.is_none_or(|b| b.contains_key(&field.key));
        if field.required && had {
            return Err(RuleError::Required(field.code()));
        }
    }
    Ok(checked)
}

impl CustomField {
    fn missing(&self) -> RuleError {
        RuleError::Missing {
            kind: CustomField::NAME.into(),
            id: self.id,
        }
    }
}

/// What a value is ordered by, worked out once (a sort of 10,000 rows compares each many
/// times): empty last, numbers by size, options in the admin's order, names and text without
/// case.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Text(String),
    Number(f64),
    Whole(i64),
    Amount(&'static str, i64),
    Places(Vec<usize>),
    Flag(Option<bool>),
    /// No value: after every value.
    Last,
}

impl Eq for SortKey {}

impl SortKey {
    /// How two keys are ordered, the other way when `descending`: those without a value last,
    /// whichever way (a list turned around does not start with its blanks).
    pub fn cmp_either_way(&self, other: &SortKey, descending: bool) -> std::cmp::Ordering {
        match (self, other) {
            (SortKey::Last, _) | (_, SortKey::Last) => self.cmp(other),
            _ if descending => other.cmp(self),
            _ => self.cmp(other),
        }
    }
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        use SortKey::*;
        use std::cmp::Ordering;
        match (self, other) {
            (Last, Last) => Ordering::Equal,
            (Last, _) => Ordering::Greater,
            (_, Last) => Ordering::Less,
            (Text(a), Text(b)) => a.cmp(b),
            (Number(a), Number(b)) => a.total_cmp(b),
            (Whole(a), Whole(b)) => a.cmp(b),
            (Amount(a, x), Amount(b, y)) => (a, x).cmp(&(b, y)),
            (Places(a), Places(b)) => a.cmp(b),
            (Flag(a), Flag(b)) => a.cmp(b),
            // Keys of one field are of one kind.
            _ => Ordering::Equal,
        }
    }
}

/// What a value of `field` is ordered by (`None`: empty, last).
pub fn sort_key(field: &CustomField, value: Option<&Value>, store: &Store) -> SortKey {
    let Some(v) = value else {
        // A yes or no left empty is no (a "no" is stored as nothing): it sorts as one.
        return match field.ty.is_yes_no() {
            true => SortKey::Flag(Some(false)),
            false => SortKey::Last,
        };
    };
    let text = |v: &Value| SortKey::Text(v.as_str().unwrap_or_default().to_lowercase());
    let place = |v: &Value| {
        v.as_str()
            .and_then(|id| field.ty.options().iter().position(|o| o.id == id))
            .unwrap_or(usize::MAX)
    };
    // A value not of the field's type (one written before the type changed) is as none.
    let number = |v: &Value| v.as_f64().map_or(SortKey::Last, SortKey::Number);
    match &field.ty {
        CustomType::Number { .. } | CustomType::Percent => number(v),
        CustomType::Money => serde_json::from_value::<Money>(v.clone())
            .map_or(SortKey::Last, |m| {
                SortKey::Amount(m.currency.code(), m.minor)
            }),
        CustomType::Choice { .. } => SortKey::Whole(place(v) as i64),
        CustomType::Choices { .. } => match v.as_array() {
            Some(ids) if !ids.is_empty() => SortKey::Places(ids.iter().map(place).collect()),
            _ => SortKey::Last,
        },
        CustomType::YesNo => SortKey::Flag(v.as_bool()),
        CustomType::Formula { result, .. } => match result {
            super::formula::Type::Number => number(v),
            super::formula::Type::YesNo => SortKey::Flag(v.as_bool()),
            super::formula::Type::Text | super::formula::Type::Date => text(v),
        },
        CustomType::User | CustomType::Contact | CustomType::Company => SortKey::Text(
            v.as_str()
                .and_then(|s| Uuid::parse_str(s).ok())
                .and_then(|id| {
                    store
                        .user_name(id)
                        .map(str::to_string)
                        .or_else(|| store.display_name(id))
                })
                .unwrap_or_default()
                .to_lowercase(),
        ),
        CustomType::Text
        | CustomType::LongText
        | CustomType::Email
        | CustomType::Phone
        | CustomType::Url
        | CustomType::Date
        | CustomType::DateTime => text(v),
    }
}

/// How two values of `field` are ordered (`sort_key`'s order).
pub fn compare(
    field: &CustomField,
    a: Option<&Value>,
    b: Option<&Value>,
    store: &Store,
) -> std::cmp::Ordering {
    sort_key(field, a, store).cmp(&sort_key(field, b, store))
}

/// The day a value of `field` is on, when the field holds days (a date, a date and time, a
/// formula giving a date).
pub fn day_of(field: &CustomField, value: &Value) -> Option<NaiveDate> {
    let text = value.as_str().filter(|_| field.ty.holds_days())?;
    text.get(..10)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
}

/// What a record is grouped by in `field`: its value as it sorts (a multi-select's set of
/// options as one), but a day by its month, in the Solar Hijri calendar when `jalali`.
pub fn group_key(
    field: &CustomField,
    value: Option<&Value>,
    store: &Store,
    jalali: bool,
) -> SortKey {
    if !field.ty.holds_days() {
        return sort_key(field, value, store);
    }
    // A value that is no day (kept from before a type change) is with the empty ones: one kind
    // of key for the field, so the groups are in one order.
    match value.and_then(|v| day_of(field, v)) {
        Some(day) => {
            let (year, month) = super::calendar::month_of(day, jalali);
            SortKey::Whole(i64::from(year) * 12 + i64::from(month))
        }
        None => SortKey::Last,
    }
}

impl CustomType {
    /// Whether its values are days (a date, a date and time, a formula giving a date).
    pub fn holds_days(&self) -> bool {
        matches!(
            self,
            CustomType::Date
                | CustomType::DateTime
                | CustomType::Formula {
                    result: super::formula::Type::Date,
                    ..
                }
        )
    }

    /// Whether its values are yes or no (a "no" is stored as no value).
    pub fn is_yes_no(&self) -> bool {
        matches!(
            self,
            CustomType::YesNo
                | CustomType::Formula {
                    result: super::formula::Type::YesNo,
                    ..
                }
        )
    }

    /// Whether records can be grouped by a field of this type: all but free text, links to
    /// pages, emails, phones and amounts, which each record has its own of. Numbers are grouped
    /// by value, days by month, a multi-select by the options chosen together.
    pub fn groups(&self) -> bool {
        !matches!(
            self,
            CustomType::Text
                | CustomType::LongText
                | CustomType::Email
                | CustomType::Phone
                | CustomType::Url
                | CustomType::Money
        )
    }
}

/// The values `fields` sets (a key with null empties it), laid over `values`.
pub fn lay_over(values: &CustomValues, fields: &Map<String, Value>) -> CustomValues {
    let mut next = values.clone();
    for (key, value) in fields {
        if value.is_null() {
            next.remove(key);
        } else {
            next.insert(key.clone(), value.clone());
        }
    }
    next
}

/// A record's JSON with its custom values as fields of their own (`x_province` beside
/// `title`): what the change log and an edit of some fields compare.
pub fn expand(map: &mut Map<String, Value>) {
    if let Some(Value::Object(custom)) = map.remove("custom") {
        map.extend(custom);
    }
}

/// The ids a record's custom values may name (people, contacts, companies): every value that
/// reads as one.
pub fn references(values: &CustomValues) -> Vec<Uuid> {
    values
        .values()
        .filter_map(Value::as_str)
        .filter(|s| s.len() == 36)
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect()
}

thread_local! {
    /// The custom fields this browser knows, for naming them in a refusal (the refusal holds
    /// only `kind.x_key`; the labels are the org's).
    static KNOWN: RefCell<Vec<CustomField>> = const { RefCell::new(Vec::new()) };
}

/// Remembers the org's custom fields (the app does, whenever they change).
pub fn remember(fields: &[CustomField]) {
    KNOWN.with(|k| *k.borrow_mut() = fields.to_vec());
}

/// A remembered custom field's label in `language`.
pub fn known_label(kind: &str, key: &str, language: &str) -> Option<String> {
    KNOWN.with(|k| {
        k.borrow()
            .iter()
            .find(|f| f.of == kind && f.key == key)
            .map(|f| f.labels.text(language).to_string())
    })
}

impl Kind for CustomField {
    const NAME: &'static str = "custom_field";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        [
            "Custom field",
            "Trường tùy chỉnh",
            "自定义字段",
            "ฟิลด์กำหนดเอง",
            "فیلد سفارشی",
        ],
        [
            "Custom fields",
            "Trường tùy chỉnh",
            "自定义字段",
            "ฟิลด์กำหนดเอง",
            "فیلدهای سفارشی",
        ],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "of",
            super::field::FieldType::Choice(&["opportunity", "contact", "company"]),
            ["Record", "Bản ghi", "记录", "ระเบียน", "رکورد"],
        ),
        super::field::Field::new(
            "key",
            super::field::FieldType::Text,
            ["Key", "Mã", "键", "คีย์", "کلید"],
        ),
        super::field::Field::new(
            "labels",
            super::field::FieldType::Labels,
            ["Label", "Nhãn", "标签文字", "ป้ายชื่อ", "برچسب فیلد"],
        ),
        super::field::Field::new(
            "ty",
            super::field::FieldType::CustomType,
            ["Type", "Kiểu", "类型", "ประเภท", "نوع"],
        ),
        super::field::Field::new(
            "required",
            super::field::FieldType::YesNo,
            ["Required", "Bắt buộc", "必填", "จำเป็น", "الزامی"],
        ),
        super::field::Field::new(
            "default",
            super::field::FieldType::Any,
            ["Default", "Mặc định", "默认值", "ค่าเริ่มต้น", "مقدار پیش‌فرض"],
        ),
        super::field::Field::new(
            "help",
            super::field::FieldType::Text,
            ["Help", "Hướng dẫn", "说明", "คำอธิบาย", "راهنما"],
        ),
        super::field::Field::new(
            "position",
            super::field::FieldType::Integer,
            ["Position", "Vị trí", "位置", "ลำดับ", "جایگاه"],
        ),
        super::field::Field::new(
            "on_card",
            super::field::FieldType::YesNo,
            [
                "On the card",
                "Trên thẻ",
                "显示在卡片上",
                "แสดงบนการ์ด",
                "روی کارت",
            ],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Admin,
    };
    // A deleted field is kept: its values stay in the records, named in their timelines, and
    // come back with it.
    const KEEPS_TOMBSTONE: bool = true;
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &Store) -> String {
        self.labels.text("en").to_string()
    }

    /// A field whose type changed takes its values along, converted (`convert.rs`).
    fn save(&self, store: &Store) -> Result<Vec<Record>, RuleError> {
        let before = store.custom_fields.iter().find(|f| f.id == self.id);
        // Purged, its values are gone: it is not there to restore or change.
        if before.is_some_and(|b| b.purged) || self.purged {
            return Err(RuleError::Missing {
                kind: CustomField::NAME.into(),
                id: self.id,
            });
        }
        let checked = check(self, store)?;
        let mut changed = match before {
            Some(before) if before.ty.name() != checked.ty.name() => {
                convert::converted(before, &checked, store)?
            }
            _ => Vec::new(),
        };
        changed.insert(0, Record::CustomField(checked));
        Ok(changed)
    }

    fn delete(&self, _store: &Store) -> Result<Vec<Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}

mod convert;
pub use convert::{convert, counted};

#[cfg(test)]
mod tests;
