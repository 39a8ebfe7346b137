//! What a kind's fields are: each one's name, type, and label in the five languages, declared
//! with the kind (`Kind::FIELDS`). The timeline, refusals and conflict notices name a field by
//! its label in the reader's language; custom fields, saved views, list columns, import mapping
//! and automations read the same list.

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    Email,
    Phone,
    /// An amount in minor units with its currency.
    Money,
    /// A whole number from 0 to 100.
    Percent,
    /// A whole number.
    Integer,
    Date,
    /// Yes or no.
    YesNo,
    /// An ISO currency code.
    Currency,
    /// One of these values.
    Choice(&'static [&'static str]),
    /// The id of a record of this kind (or of a person: "user").
    Link(&'static str),
    /// The ids of records of this kind.
    Links(&'static str),
    /// A quotation's lines.
    Lines,
    /// Exchange rates.
    Rates,
    /// What follows a done activity of a type.
    Chaining,
    /// A record of any kind (what an activity or a note is about).
    Subject,
    /// A label in each language (a custom field's).
    Labels,
    /// A custom field's type, with its options.
    CustomType,
    /// A value of whatever type (a custom field's default).
    Any,
    /// A saved view's conditions (`filter.rs`).
    Filter,
    /// Names, in order (a view's columns).
    Texts,
    /// Values of a page's address, by name (a view's search and sort).
    Params,
    /// A moment: a day and a time, in UTC.
    Moment,
    /// What prediction learnt: counts by team, variable and value (`scoring::Table`).
    Learnt,
    /// A team's members' shares of new leads (`team::Capacity`).
    Capacities,
}

/// A label in each of Rapport's languages: leaving one out does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub en: &'static str,
    pub vi: &'static str,
    pub zh: &'static str,
    pub th: &'static str,
    pub fa: &'static str,
}

/// One field of a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Its name in the record's JSON and in the change log.
    pub name: &'static str,
    pub ty: FieldType,
    pub label: Label,
}

impl Label {
    /// In this order: English, Vietnamese, Chinese, Thai, Persian.
    pub const fn of(text: [&'static str; 5]) -> Label {
        Label {
            en: text[0],
            vi: text[1],
            zh: text[2],
            th: text[3],
            fa: text[4],
        }
    }
}

impl Field {
    /// A field with its label in each language, in this order: English, Vietnamese, Chinese,
    /// Thai, Persian (five, or it does not compile).
    pub const fn new(name: &'static str, ty: FieldType, label: [&'static str; 5]) -> Field {
        Field {
            name,
            ty,
            label: Label::of(label),
        }
    }
}

/// How a refusal names a field: `kind.field` (e.g. `tag.name`), so the reader's language can
/// say it. Older refusals stored plain English words; those are shown as they are.
pub fn code(kind: &str, field: &str) -> String {
    format!("{kind}.{field}")
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};
    use uuid::Uuid;

    use super::*;
    use crate::domain::Record;

    /// A value of each type, as the record's JSON holds it.
    fn sample(ty: FieldType) -> Value {
        let id = || json!(Uuid::now_v7());
        match ty {
            FieldType::Text | FieldType::LongText => json!("Máy lọc nước"),
            FieldType::Email => json!("lan@sao-mai.vn"),
            FieldType::Phone => json!("0903 123 456"),
            FieldType::Money => json!({"minor": 1000, "currency": "VND"}),
            FieldType::Percent | FieldType::Integer => json!(1),
            FieldType::Date => json!("2026-12-01"),
            FieldType::YesNo => json!(true),
            FieldType::Currency => json!("USD"),
            FieldType::Choice(values) => json!(values[0]),
            FieldType::Link(_) => id(),
            FieldType::Links(_) => json!([id(), id()]),
            FieldType::Lines => {
                json!([{"description": "Lắp đặt", "quantity": 1, "unit_price": 100}])
            }
            FieldType::Rates => json!([{"currency": "EUR", "scaled": 27_000_000_000i64}]),
            FieldType::Chaining => json!({"mode": "Trigger", "type_id": Uuid::now_v7()}),
            FieldType::Subject => json!({"kind": "contact", "id": Uuid::now_v7()}),
            FieldType::Labels => json!({"en": "Province", "vi": "Tỉnh"}),
            FieldType::CustomType => {
                json!({"type": "Choice", "options": [{"id": "a", "label": "Hà Nội", "colour": 1}]})
            }
            FieldType::Any => json!("a"),
            FieldType::Filter => {
                json!({"conditions": [{"field": "title", "op": "contains", "values": ["Đức"]}]})
            }
            FieldType::Texts => json!(["title", "expected_revenue"]),
            // Text by name: an address's values, or a person's default view of each page.
            FieldType::Params => json!({"board": Uuid::now_v7(), "list": Uuid::now_v7()}),
            FieldType::Moment => json!("2026-12-01T10:00:00Z"),
            FieldType::Learnt => json!({"teams": {}}),
            FieldType::Capacities => json!([{"user_id": Uuid::now_v7(), "per_month": 30}]),
        }
    }

    /// Each kind's declared fields are exactly its record's: a record made of one value per
    /// declared field reads, and writes back every one of them and nothing else.
    #[test]
    fn every_kind_declares_exactly_the_fields_its_records_have() {
        for kind in Record::KINDS {
            let fields = Record::fields_of(kind).unwrap();
            let variant = serde_json::to_value(kind)
                .unwrap()
                .as_str()
                .unwrap()
                .split('_')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect::<String>();
            let mut json = serde_json::Map::new();
            json.insert("kind".into(), json!(variant));
            json.insert("id".into(), json!(Uuid::now_v7()));
            json.insert("version".into(), json!(1));
            json.insert("deleted".into(), json!(false));
            for f in fields {
                json.insert(f.name.into(), sample(f.ty));
            }
            let record: Record = serde_json::from_value(Value::Object(json))
                .unwrap_or_else(|e| panic!("{kind}: a record of its declared fields: {e}"));
            let Value::Object(back) = serde_json::to_value(&record).unwrap() else {
                panic!("{kind}");
            };
            let mut written: Vec<&str> = back
                .keys()
                .map(String::as_str)
                .filter(|k| !matches!(*k, "kind" | "id" | "version" | "deleted"))
                .collect();
            let mut declared: Vec<&str> = fields.iter().map(|f| f.name).collect();
            written.sort();
            declared.sort();
            assert_eq!(written, declared, "{kind}");
        }
    }

    /// Every label a kind declares (its own, one and many, and each field's), named for the
    /// failure message.
    fn labels_of(kind: &str) -> Vec<(String, Label)> {
        let named = Record::label_of(kind).unwrap();
        let mut labels = vec![
            (format!("{kind} (one)"), named.one),
            (format!("{kind} (many)"), named.many),
        ];
        for f in Record::fields_of(kind).unwrap() {
            labels.push((format!("{kind}.{}", f.name), f.label));
        }
        labels
    }

    #[test]
    fn every_kind_and_every_field_of_it_has_a_label_in_every_language() {
        for kind in Record::KINDS {
            for (what, l) in labels_of(kind) {
                for (lang, text) in [
                    ("en", l.en),
                    ("vi", l.vi),
                    ("zh", l.zh),
                    ("th", l.th),
                    ("fa", l.fa),
                ] {
                    assert!(!text.trim().is_empty(), "{what}: no {lang} label");
                    assert!(
                        !text.contains('_'),
                        "{what} in {lang} reads as code: {text}"
                    );
                }
                for (lang, text) in [("zh", l.zh), ("th", l.th), ("fa", l.fa)] {
                    assert!(
                        !text.is_ascii(),
                        "{what} in {lang} is left in English: {text}"
                    );
                }
            }
        }
    }
}
