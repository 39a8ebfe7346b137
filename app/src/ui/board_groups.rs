//! The board grouped by another field than the stage (`group=salesperson`, `priority`, or a deal
//! custom field a card can be set to by a drop: a dropdown, yes or no, a person): a column per
//! value, the deals of every stage in each, in the stages' order; a card dragged to another
//! column takes that column's value, as Odoo's pipeline grouped by salesperson hands a deal to a
//! colleague. The board by stage is the board without `group`.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::domain::custom_field::{self, CustomField, CustomType};
use crate::domain::{Opportunity, OpportunityFields, Stage, Store};
use crate::i18n::{Key, Locale};
use crate::sync::view::Column;

/// A column of the board grouped by a field: its id on the page (not a stage's), its heading,
/// the value its deals have there (as JSON, `null` for none), and what a card dropped in it
/// takes, when it may take it (not a required field's "none").
#[derive(Debug, Clone, PartialEq)]
pub struct Lane {
    pub id: Uuid,
    pub name: String,
    value: Value,
    pub fields: OpportunityFields,
    pub takes: bool,
}

/// A column's id: made from the grouping and its value, so a column folded is the same column
/// again (a person added or an option moved does not shift it onto another). Two FNV-1a hashes
/// of them: ids of their own, out of the way of records' (version 7, made in time order).
fn lane_id(code: &str, value: &Value) -> Uuid {
    let text = format!("{code}={value}");
    let hash = |start: u64| {
        text.bytes().fold(start, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    };
    Uuid::from_u64_pair(hash(0xcbf2_9ce4_8422_2325), hash(0x8422_2325_cbf2_9ce4))
}

/// Why a card may not go to a column of the board grouped by `code` (a required field's column
/// of none), in the reader's language.
pub fn closed_why(store: &Store, code: &str, l: Locale) -> Option<String> {
    custom_field::of_kind(store, "opportunity")
        .into_iter()
        .find(|f| f.key == code && f.required)
        .map(|f| l.rule_error(&crate::domain::RuleError::Required(f.code())))
}

/// The fields the board may be grouped by, by the code its address writes, with their labels:
/// the salesperson, the priority, then the custom fields a drop can set.
pub fn groupings(l: Locale, store: &Store) -> Vec<(String, String)> {
    [
        ("salesperson".to_string(), l.t(Key::Salesperson).to_string()),
        ("priority".to_string(), l.t(Key::Priority).to_string()),
    ]
    .into_iter()
    .chain(
        custom_field::of_kind(store, "opportunity")
            .into_iter()
            .filter(|f| settable(f))
            .map(|f| (f.key.clone(), l.custom_label(f))),
    )
    .collect()
}

/// Whether a card dropped in a column can be given the column's value of `field`: it names
/// one of few things, and is not computed.
fn settable(field: &CustomField) -> bool {
    matches!(
        field.ty,
        CustomType::Choice { .. } | CustomType::YesNo | CustomType::User
    )
}

/// The columns of the board grouped by `code`, in order, the one of deals without a value
/// last; `None` when `code` names nothing the board groups by.
pub fn lanes(store: &Store, code: &str, l: Locale) -> Option<Vec<Lane>> {
    let with_fields = |name: String, value: Value, fields: OpportunityFields| Lane {
        id: lane_id(code, &value),
        name,
        value,
        fields,
        takes: true,
    };
    let mut people: Vec<_> = store.users.iter().collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    let custom = |key: &str, value: Value| OpportunityFields {
        custom: [(key.to_string(), value)].into_iter().collect(),
        ..OpportunityFields::default()
    };
    Some(match code {
        "salesperson" => people
            .iter()
            .map(|u| {
                let fields = OpportunityFields {
                    salesperson_id: Some(Some(u.id)),
                    ..OpportunityFields::default()
                };
                with_fields(u.name.clone(), json!(u.id), fields)
            })
            .chain(std::iter::once(with_fields(
                l.t(Key::Nobody).to_string(),
                Value::Null,
                OpportunityFields {
                    salesperson_id: Some(None),
                    ..OpportunityFields::default()
                },
            )))
            .collect(),
        "priority" => (0..=3u8)
            .map(|p| {
                let name = match p {
                    0 => "—".to_string(),
                    p => "★".repeat(usize::from(p)),
                };
                let fields = OpportunityFields {
                    priority: Some(p),
                    ..OpportunityFields::default()
                };
                with_fields(name, json!(p), fields)
            })
            .collect(),
        key => {
            let field = custom_field::of_kind(store, "opportunity")
                .into_iter()
                .find(|f| f.key == key && settable(f))?;
            let values: Vec<(String, Value)> = match &field.ty {
                CustomType::Choice { options } => options
                    .iter()
                    .map(|o| (o.label.clone(), json!(o.id)))
                    .collect(),
                CustomType::YesNo => vec![
                    (l.t(Key::Yes).to_string(), json!(true)),
                    (l.t(Key::No).to_string(), json!(false)),
                ],
                _ => people
                    .iter()
                    .map(|u| (u.name.clone(), json!(u.id)))
                    .collect(),
            };
            // A yes or no left empty is no: there is no column of none.
            let none = (!matches!(field.ty, CustomType::YesNo)).then(|| ("—".into(), Value::Null));
            values
                .into_iter()
                .chain(none)
                .map(|(name, value)| {
                    // A required field is not emptied by a drop (nor a required yes or no
                    // set to no): its column of none shows its deals and takes none.
                    let empties = value.is_null() || value == json!(false);
                    Lane {
                        takes: !(field.required && empties),
                        ..with_fields(name, value.clone(), custom(key, value))
                    }
                })
                .collect()
        }
    })
}

/// The value a deal has in the field the board is grouped by, as its lanes hold them.
fn value_of(o: &Opportunity, code: &str, store: &Store) -> Value {
    match code {
        "salesperson" => o.salesperson_id.map_or(Value::Null, |id| json!(id)),
        "priority" => json!(o.priority),
        key => {
            let value = o.custom.get(key).cloned().unwrap_or(Value::Null);
            let yes_no = custom_field::of_kind(store, "opportunity")
                .into_iter()
                .any(|f| f.key == key && matches!(f.ty, CustomType::YesNo));
            match value {
                Value::Null if yes_no => json!(false),
                value => value,
            }
        }
    }
}

/// The board's columns (by stage, each in its order) laid out again by `lanes`: each deal in
/// the column of its value (the last, of none, when no column has it: a deleted option, a
/// person gone), the stages' order kept within each, with each column's totals.
pub fn regroup(columns: &[Column], store: &Store, code: &str, lanes: &[Lane]) -> Vec<Column> {
    let mut cards: Vec<Vec<&Opportunity>> = vec![Vec::new(); lanes.len()];
    for id in columns.iter().flat_map(|c| c.ids.iter()) {
        let Some(o) = store.opportunities.get(id) else {
            continue;
        };
        let value = value_of(o, code, store);
        let at = lanes
            .iter()
            .position(|lane| lane.value == value)
            .unwrap_or(lanes.len() - 1);
        cards[at].push(o);
    }
    lanes
        .iter()
        .zip(cards)
        .enumerate()
        .map(|(n, (lane, cards))| {
            let heading = Stage {
                id: lane.id,
                name: lane.name.clone(),
                sequence: n as i32,
                is_won: false,
                folded: false,
                rotting_days: 0,
                team_id: None,
                probability: 0,
                version: 0,
                deleted: false,
            };
            Column::of(heading, &cards)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::User;
    use crate::domain::custom_field::Choice;

    fn person(name: &str) -> User {
        User {
            id: Uuid::now_v7(),
            name: name.into(),
            email: format!("{}@sao-mai.vn", name.to_lowercase()),
        }
    }

    #[test]
    fn a_board_by_salesperson_has_a_column_each_and_one_of_nobody_last() {
        let stages = [Stage::sample(1, false), Stage::sample(2, false)];
        let (mai, an) = (person("Mai"), person("An"));
        let mut store = Store {
            users: vec![mai.clone(), an.clone()],
            stages: stages.to_vec(),
            ..Store::default()
        };
        let deal = |title: &str, stage: &Stage, who: Option<&User>| Opportunity {
            salesperson_id: who.map(|u| u.id),
            ..Opportunity::sample(stage.id, title)
        };
        for o in [
            deal("Second stage, Mai", &stages[1], Some(&mai)),
            deal("First stage, Mai", &stages[0], Some(&mai)),
            deal("Nobody's", &stages[0], None),
            deal("An's", &stages[1], Some(&an)),
        ] {
            store.opportunities.insert(o.id, o);
        }
        let by_stage = crate::sync::view::Snapshot {
            store: store.clone(),
            ..Default::default()
        }
        .columns(None);
        let lanes = lanes(&store, "salesperson", Locale::En).unwrap();
        let names: Vec<&str> = lanes.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["An", "Mai", "— nobody —"]);
        let columns = regroup(&by_stage, &store, "salesperson", &lanes);
        let titles: Vec<Vec<&str>> = columns
            .iter()
            .map(|c| {
                c.ids
                    .iter()
                    .map(|id| store.opportunities[id].title.as_str())
                    .collect()
            })
            .collect();
        // The first stage's deals before the second's.
        assert_eq!(
            titles,
            [
                vec!["An's"],
                vec!["First stage, Mai", "Second stage, Mai"],
                vec!["Nobody's"]
            ]
        );
        assert_eq!(columns[1].totals, vec![(crate::domain::Currency::VND, 2)]);
        // A card dropped on Mai's column becomes hers; on Nobody's, nobody's.
        assert_eq!(lanes[1].fields.salesperson_id, Some(Some(mai.id)));
        assert_eq!(lanes[2].fields.salesperson_id, Some(None));
        assert!(
            lanes
                .iter()
                .all(|l| !store.opportunities.contains_key(&l.id))
        );
    }

    #[test]
    fn a_board_by_a_dropdown_or_a_yes_or_no_has_a_column_per_value() {
        let stage = Stage::sample(1, false);
        let field = |key: &str, ty: CustomType| CustomField {
            ty,
            ..CustomField::draft(Uuid::now_v7(), "opportunity", key.into(), CustomType::Text)
        };
        let size = field(
            "x_size",
            CustomType::Choice {
                options: ["Small", "Large"]
                    .iter()
                    .enumerate()
                    .map(|(i, l)| Choice {
                        id: format!("o{i}"),
                        label: (*l).into(),
                        colour: 0,
                    })
                    .collect(),
            },
        );
        let mut store = Store {
            stages: vec![stage.clone()],
            custom_fields: vec![
                size,
                field("x_vip", CustomType::YesNo),
                field("x_note", CustomType::Text),
            ],
            ..Store::default()
        };
        let mut large = Opportunity::sample(stage.id, "Large");
        large.custom.insert("x_size".into(), json!("o1"));
        large.custom.insert("x_vip".into(), json!(true));
        let mut gone = Opportunity::sample(stage.id, "Of a deleted option");
        gone.custom.insert("x_size".into(), json!("o9"));
        let plain = Opportunity::sample(stage.id, "Plain");
        for o in [large, gone, plain] {
            store.opportunities.insert(o.id, o);
        }
        let by_stage = crate::sync::view::Snapshot {
            store: store.clone(),
            ..Default::default()
        }
        .columns(None);
        let counted = |code: &str| -> Vec<(String, usize)> {
            let lanes = lanes(&store, code, Locale::En).unwrap();
            regroup(&by_stage, &store, code, &lanes)
                .into_iter()
                .map(|c| (c.stage.name, c.ids.len()))
                .collect()
        };
        assert_eq!(
            counted("x_size"),
            [("Small".into(), 0), ("Large".into(), 1), ("—".into(), 2)]
        );
        // A yes or no left empty is no.
        assert_eq!(counted("x_vip"), [("Yes".into(), 1), ("No".into(), 2)]);
        // Free text is not a board's grouping; nor a field that is not there.
        assert!(lanes(&store, "x_note", Locale::En).is_none());
        assert!(lanes(&store, "x_nothing", Locale::En).is_none());
        let offered: Vec<String> = groupings(Locale::En, &store)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert_eq!(offered, ["salesperson", "priority", "x_size", "x_vip"]);
        // Dropped on "Large": the dropdown's option is set; on "—", emptied.
        let sizes = lanes(&store, "x_size", Locale::En).unwrap();
        assert_eq!(sizes[1].fields.custom.get("x_size"), Some(&json!("o1")));
        assert_eq!(sizes[2].fields.custom.get("x_size"), Some(&Value::Null));
        assert!(sizes.iter().all(|l| l.takes));
        // Required, it cannot be emptied: its "—" takes no card (a required yes or no, no
        // "No").
        for field in &mut store.custom_fields {
            field.required = true;
        }
        let takes = |code: &str| -> Vec<bool> {
            lanes(&store, code, Locale::En)
                .unwrap()
                .iter()
                .map(|l| l.takes)
                .collect()
        };
        assert_eq!(takes("x_size"), [true, true, false]);
        assert_eq!(takes("x_vip"), [true, false]);
        // A column is the same column (its fold with it) whatever comes before it.
        let mut more = store.clone();
        if let CustomType::Choice { options } = &mut more.custom_fields[0].ty {
            options.insert(
                0,
                Choice {
                    id: "o7".into(),
                    label: "Tiny".into(),
                    colour: 0,
                },
            );
        }
        let large = |store: &Store| {
            lanes(store, "x_size", Locale::En)
                .unwrap()
                .into_iter()
                .find(|l| l.name == "Large")
                .unwrap()
                .id
        };
        assert_eq!(large(&store), large(&more));
        assert_ne!(large(&store), sizes[0].id);
    }
}
