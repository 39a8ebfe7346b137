//! The rules of activities: scheduling one, marking it done (which schedules the next one when
//! its type says so), and cancelling one.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::activity::{Chaining, clean_activity, find_type};
use crate::domain::{Activity, Record, RuleError, Store};

pub fn save(store: &Store, a: &Activity) -> Result<Vec<Record>, RuleError> {
    let kept_type = match store.get(a.id) {
        None => {
            super::check_new_id(store, a.id)?;
            None
        }
        Some(Record::Activity(existing)) if existing.deleted => {
            return Err(RuleError::UnknownActivity(a.id));
        }
        Some(Record::Activity(existing)) if existing.done => return Err(RuleError::ActivityDone),
        Some(Record::Activity(existing)) => Some(existing.type_id),
        Some(_) => return Err(RuleError::RecordExists(a.id)),
    };
    // An activity may keep a type deleted since it was scheduled.
    if kept_type != Some(a.type_id) && find_type(&store.activity_types, a.type_id).is_none() {
        return Err(RuleError::UnknownActivityType(a.type_id));
    }
    store.check_subject(a.subject)?;
    let mut saved = clean_activity(a)?;
    saved.user_id = store.check_salesperson(a.user_id)?;
    // Done is said by completing it, with feedback, not by an edit.
    saved.done = false;
    saved.done_on = None;
    saved.feedback = String::new();
    saved.deleted = false;
    Ok(vec![Record::Activity(saved)])
}

fn open_activity(store: &Store, id: Uuid) -> Result<&Activity, RuleError> {
    match store.activities.get(&id) {
        Some(a) if a.deleted => Err(RuleError::UnknownActivity(id)),
        Some(a) if a.done => Err(RuleError::ActivityDone),
        Some(a) => Ok(a),
        None => Err(RuleError::UnknownActivity(id)),
    }
}

/// Marks the activity done. When its type triggers a next type, that activity is scheduled for
/// the same record and person, due per the next type's delay; `next_id` names it.
pub fn complete(
    store: &Store,
    id: Uuid,
    feedback: &str,
    done_on: NaiveDate,
    next_id: Uuid,
) -> Result<Vec<Record>, RuleError> {
    let current = open_activity(store, id)?;
    let mut done = current.clone();
    done.done = true;
    done.done_on = Some(done_on);
    done.feedback = crate::domain::opportunity::clean_note("activity.feedback", feedback)?;
    let mut changed = vec![Record::Activity(done)];
    let triggered =
        find_type(&store.activity_types, current.type_id).and_then(|t| match &t.chaining {
            Chaining::Trigger { type_id } => find_type(&store.activity_types, *type_id),
            _ => None,
        });
    if let Some(next_type) = triggered {
        super::check_new_id(store, next_id)?;
        changed.push(Record::Activity(Activity {
            id: next_id,
            type_id: next_type.id,
            subject: current.subject,
            summary: String::new(),
            note: String::new(),
            due: next_type.due_after(done_on, current.due),
            user_id: current.user_id,
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 0,
            deleted: false,
        }));
    }
    Ok(changed)
}

pub fn cancel(store: &Store, id: Uuid) -> Result<Vec<Record>, RuleError> {
    let mut cancelled = open_activity(store, id)?.clone();
    cancelled.deleted = true;
    Ok(vec![Record::Activity(cancelled)])
}
