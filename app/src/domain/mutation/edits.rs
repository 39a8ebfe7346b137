//! Editing a record that is not an opportunity: only the fields a person changed are sent, laid
//! over the record as it stands, and the result checked by the same rule that saves that kind.
//! So two people editing different fields of one contact (or team, stage, tag...) both keep
//! theirs, and one overwriting the other's field is told, as with opportunities.

use serde_json::{Map, Value};
use uuid::Uuid;

use super::Mutation;
use crate::domain::{Record, RuleError, Store};

/// Fields the bookkeeping owns, or that change only through their own mutation.
const NOT_EDITABLE: [&str; 9] = [
    "id",
    "kind",
    "version",
    "deleted",
    "state",
    "done",
    "done_on",
    "feedback",
    "merged_into",
];

/// The fields of `after` that differ from `before`, as an edit sends them. A field left out of
/// `after`'s JSON (an emptied one) is sent as null, which the edit reads as "back to empty".
pub fn changed_fields<T: serde::Serialize>(before: &T, after: &T) -> Map<String, Value> {
    let as_map = |t: &T| match serde_json::to_value(t) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let (mut before, mut after) = (as_map(before), as_map(after));
    // Each custom value is a field of its own: two people filling two of them both keep theirs.
    crate::domain::custom_field::expand(&mut before);
    crate::domain::custom_field::expand(&mut after);
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !matches!(k.as_str(), "id" | "kind" | "version" | "deleted"))
        .filter(|k| before.get(*k) != after.get(*k))
        .map(|k| (k.clone(), after.get(k).cloned().unwrap_or(Value::Null)))
        .collect()
}

pub fn edit(
    store: &Store,
    id: Uuid,
    fields: &Map<String, Value>,
) -> Result<Vec<Record>, RuleError> {
    let current = match store.get(id) {
        Some(r) if !r.is_deleted() => r,
        Some(gone) => return Err(gone.missing()),
        None => return Err(RuleError::UnknownRecord(id)),
    };
    if let Some(key) = fields.keys().find(|k| NOT_EDITABLE.contains(&k.as_str())) {
        return Err(RuleError::Malformed(format!(
            "{key} cannot be edited this way"
        )));
    }
    if fields.contains_key("custom") {
        return Err(RuleError::Malformed(
            "custom values are edited one by one, by their keys".into(),
        ));
    }
    let Ok(Value::Object(mut map)) = serde_json::to_value(&current) else {
        return Err(RuleError::Malformed("the record cannot be read".into()));
    };
    let mut custom = match map.remove("custom") {
        Some(Value::Object(custom)) => custom,
        _ => Map::new(),
    };
    for (key, value) in fields {
        // A custom value goes in the record's `custom` map, beside the others.
        let target = if crate::domain::custom_field::is_custom(key) {
            &mut custom
        } else {
            &mut map
        };
        if value.is_null() {
            target.remove(key);
        } else {
            target.insert(key.clone(), value.clone());
        }
    }
    let has_custom = !custom.is_empty();
    if has_custom {
        map.insert("custom".into(), Value::Object(custom));
    }
    let edited: Record = serde_json::from_value(Value::Object(map))
        .map_err(|e| RuleError::Malformed(e.to_string()))?;
    if has_custom && edited.custom().is_none() {
        return Err(RuleError::Malformed(format!(
            "a {} has no custom fields",
            edited.kind()
        )));
    }
    // The kind's own save rule checks the result, as if the whole record had been saved.
    if matches!(edited, Record::Opportunity(_) | Record::Note(_)) {
        return Err(RuleError::NotEditable);
    }
    let save = Mutation::Save { record: edited };
    super::apply(&save, store)
}
