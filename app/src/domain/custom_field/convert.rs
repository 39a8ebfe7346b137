//! A custom field's type changed while records hold values: each value converted to the new
//! type, or the change refused, saying how many would not convert. The same rule runs in the
//! browser (on its copy, so the values show converted at once) and on the server (on every
//! record that holds one, which is what decides).
//!
//! A value converts when it reads as the new type: the same value where the two types hold it
//! alike (a number as a percentage, one option as some), otherwise through its text (an
//! option's label, a person's name, a number as written) read as the new type would take it
//! typed (a label as the option of that label, "12.5" as a number, a name as the one person or
//! company of that name). A formula keeps no values, so a field holding some does not become
//! one.

use serde_json::Value;
use uuid::Uuid;

use super::{CustomField, CustomType, check_value, number_value};
use crate::domain::duplicates::fold;
use crate::domain::{Money, Record, RuleError, Store};

/// `value`, held by a field as `from` was, as the field `to` holds it; `None` when it does not
/// read as the new type.
pub fn convert(
    value: &Value,
    from: &CustomField,
    to: &CustomField,
    store: &Store,
) -> Option<Value> {
    let same = match (&from.ty, &to.ty) {
        (_, CustomType::Formula { .. }) => return None,
        (CustomType::Choice { .. }, CustomType::Choices { .. }) => label_of(from, value.as_str()?)
            .and_then(|label| {
                option_named(to, &label).map(|id| Value::Array(vec![Value::String(id)]))
            }),
        (CustomType::Choices { .. }, CustomType::Choice { .. }) => match value.as_array()? {
            items if items.len() == 1 => label_of(from, items[0].as_str()?)
                .and_then(|label| option_named(to, &label).map(Value::String)),
            _ => None,
        },
        (CustomType::Number { .. } | CustomType::Percent, CustomType::Money) => {
            let currency = store.currency().currency;
            let minor = value.as_f64()? * 10f64.powi(currency.exponent() as i32);
            (minor.fract().abs() < 1e-9)
                .then(|| serde_json::to_value(Money::new(minor.round() as i64, currency)).ok())?
        }
        (CustomType::Money, CustomType::Number { .. } | CustomType::Percent) => {
            let money: Money = serde_json::from_value(value.clone()).ok()?;
            Some(number_value(
                money.minor as f64 / 10f64.powi(money.currency.exponent() as i32),
            ))
        }
        (
            CustomType::Number { .. } | CustomType::Percent,
            CustomType::Number { .. } | CustomType::Percent,
        ) => Some(value.clone()),
        (CustomType::Date, CustomType::DateTime) => {
            Some(Value::String(format!("{}T00:00", value.as_str()?)))
        }
        (CustomType::DateTime, CustomType::Date) => {
            Some(Value::String(value.as_str()?.get(..10)?.to_string()))
        }
        _ => from_text(&as_text(value, from, store)?, to, store),
    }?;
    check_value(to, &same, store).ok().flatten()
}

/// The text a value reads as: an option's label, a person's or a company's name, a number as
/// written, a day as `2026-12-05`, yes as "yes".
fn as_text(value: &Value, field: &CustomField, store: &Store) -> Option<String> {
    let name = |id: &str| -> Option<String> {
        let id = Uuid::parse_str(id).ok()?;
        match &field.ty {
            CustomType::User => store
                .users
                .iter()
                .find(|u| u.id == id)
                .map(|u| u.name.clone()),
            _ => store.get(id).map(|r| r.display_name(store)),
        }
    };
    Some(match (&field.ty, value) {
        (CustomType::Choice { .. }, Value::String(id)) => label_of(field, id)?,
        (CustomType::Choices { .. }, Value::Array(items)) => items
            .iter()
            .map(|i| label_of(field, i.as_str()?))
            .collect::<Option<Vec<_>>>()?
            .join(", "),
        (CustomType::User | CustomType::Contact | CustomType::Company, Value::String(id)) => {
            name(id)?
        }
        (CustomType::YesNo, Value::Bool(yes)) => if *yes { "yes" } else { "no" }.to_string(),
        (CustomType::Money, _) => {
            let money: Money = serde_json::from_value(value.clone()).ok()?;
            let major = money.minor as f64 / 10f64.powi(money.currency.exponent() as i32);
            format!("{major} {}", money.currency.code())
        }
        (_, Value::String(s)) => s.clone(),
        (_, Value::Number(n)) => n.to_string(),
        _ => return None,
    })
}

/// A value of the field `to` read from text as it would take it typed.
fn from_text(text: &str, to: &CustomField, store: &Store) -> Option<Value> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let one_named = |names: &mut dyn Iterator<Item = (Uuid, String)>| -> Option<Value> {
        let wanted = fold(text);
        let mut found = names.filter(|(_, name)| fold(name) == wanted);
        match (found.next(), found.next()) {
            (Some((id, _)), None) => Some(Value::String(id.to_string())),
            // None of that name, or several: which one is not for a conversion to guess.
            _ => None,
        }
    };
    Some(match &to.ty {
        CustomType::Text
        | CustomType::LongText
        | CustomType::Email
        | CustomType::Phone
        | CustomType::Url
        | CustomType::Date
        | CustomType::DateTime => Value::String(text.to_string()),
        // Numbers as people write them: "12,5" and "1.234.567" in Vietnamese, Persian digits
        // and marks (`reading::read_number`).
        CustomType::Number { .. } | CustomType::Percent => {
            number_value(crate::domain::reading::read_number(text)?)
        }
        CustomType::Money => {
            // A currency code after the amount, or the organisation's currency.
            let (amount, currency) = match text.rsplit_once(char::is_whitespace) {
                Some((amount, code)) if crate::domain::Currency::parse(code).is_some() => {
                    (amount, crate::domain::Currency::parse(code)?)
                }
                _ => (text, store.currency().currency),
            };
            if amount.chars().any(char::is_alphabetic) {
                return None;
            }
            let minor = crate::domain::reading::read_number(amount)?
                * 10f64.powi(currency.exponent() as i32);
            if minor.fract().abs() > 1e-9 {
                return None;
            }
            serde_json::to_value(Money::new(minor.round() as i64, currency)).ok()?
        }
        CustomType::Choice { .. } => Value::String(option_named(to, text)?),
        CustomType::Choices { .. } => Value::Array(
            text.split(',')
                .map(|label| option_named(to, label.trim()).map(Value::String))
                .collect::<Option<Vec<_>>>()?,
        ),
        CustomType::YesNo => match fold(text).as_str() {
            "yes" | "true" | "1" | "co" | "是" | "ใช่" | "بله" => Value::Bool(true),
            // No is kept as nothing: a value that converts to no is no value.
            _ => return None,
        },
        CustomType::User => one_named(
            &mut store
                .users
                .iter()
                .flat_map(|u| [(u.id, u.name.clone()), (u.id, u.email.clone())]),
        )?,
        CustomType::Contact => one_named(
            &mut store
                .contacts
                .values()
                .filter(|c| !c.deleted)
                .map(|c| (c.id, c.name.clone())),
        )?,
        CustomType::Company => one_named(
            &mut store
                .companies
                .values()
                .filter(|c| !c.deleted)
                .map(|c| (c.id, c.name.clone())),
        )?,
        CustomType::Formula { .. } => return None,
    })
}

/// The label of option `id` of a dropdown.
fn label_of(field: &CustomField, id: &str) -> Option<String> {
    field.option(id).map(|o| o.label.clone())
}

/// The id of the option whose label is `label` (without accents or case).
fn option_named(field: &CustomField, label: &str) -> Option<String> {
    let wanted = fold(label);
    field
        .ty
        .options()
        .iter()
        .find(|o| fold(&o.label) == wanted)
        .map(|o| o.id.clone())
}

/// What changing `before` into `after` does to the records of its kind that hold a value: each
/// record with its value converted, or, when some live ones would not convert, how many of how
/// many. A deleted record's value is converted too, so it comes back as the field now is if the
/// record is restored; one that would not convert is taken out (its history keeps it, as every
/// change), since nobody can change it first.
pub fn converted(
    before: &CustomField,
    after: &CustomField,
    store: &Store,
) -> Result<Vec<Record>, RuleError> {
    let (out, held, failed) = convert_all(before, after, store);
    if failed > 0 {
        return Err(RuleError::WouldNotConvert {
            field: after.code(),
            failed,
            held,
        });
    }
    Ok(out)
}

/// How many live records of its kind hold a value of `before`, and how many of those would
/// not convert to `after` (what Settings says before the change is saved).
pub fn counted(before: &CustomField, after: &CustomField, store: &Store) -> (usize, usize) {
    let (_, held, failed) = convert_all(before, after, store);
    (held, failed)
}

/// The records whose value changes, how many live ones hold one, how many of those would not
/// convert.
fn convert_all(
    before: &CustomField,
    after: &CustomField,
    store: &Store,
) -> (Vec<Record>, usize, usize) {
    let mut out = Vec::new();
    let (mut held, mut failed) = (0usize, 0usize);
    store.each_record(&mut |r| {
        if r.kind() != before.of {
            return;
        }
        // Only the value is read from each record; a record is copied when it changes.
        let Some(value) = crate::domain::filter::field_of(&r, &before.key) else {
            return;
        };
        let live = !r.is_deleted();
        held += usize::from(live);
        match convert(&value, before, after, store) {
            Some(new) if new == value => {}
            Some(new) => out.extend(with_value(&r.to_record(), &before.key, Some(new))),
            None if live => failed += 1,
            None => out.extend(with_value(&r.to_record(), &before.key, None)),
        }
    });
    (out, held, failed)
}

/// The record with its custom value `key` replaced, or taken out (through its JSON: any
/// customisable kind).
fn with_value(record: &Record, key: &str, value: Option<Value>) -> Option<Record> {
    let mut json = serde_json::to_value(record).ok()?;
    let custom = json.get_mut("custom")?.as_object_mut()?;
    match value {
        Some(value) => custom.insert(key.to_string(), value),
        None => custom.remove(key),
    };
    serde_json::from_value(json).ok()
}
