//! What the change log makes of a record: its fields, field by field. The `Record` enum itself
//! comes from the registry (`kinds.rs`).

use serde_json::Value;

use super::{FieldChange, Record};

impl Record {
    /// Its fields by name, without the bookkeeping ones: a missing field is an empty one.
    fn fields(&self) -> serde_json::Map<String, Value> {
        // Each custom value is a line of its own, as formulas read it.
        let mut map = super::formula::fields_of(self);
        // A deal's days in stage and last change follow from its other changes: they are no
        // line of a timeline.
        for bookkeeping in ["kind", "id", "version", "stage_since", "changed_on"] {
            map.remove(bookkeeping);
        }
        map
    }
}

/// The fields that differ between `old` (None for a new record) and `new`: its timeline lines.
pub fn diff_records(old: Option<&Record>, new: &Record) -> Vec<FieldChange> {
    let old = old.map(Record::fields).unwrap_or_default();
    let new = new.fields();
    let mut names: Vec<&String> = old.keys().chain(new.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let before = old.get(name).cloned().unwrap_or(Value::Null);
            let after = new.get(name).cloned().unwrap_or(Value::Null);
            (before != after).then(|| FieldChange {
                field: name.clone(),
                old: before,
                new: after,
            })
        })
        .collect()
}
