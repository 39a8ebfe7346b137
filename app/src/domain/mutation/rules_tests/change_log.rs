//! What the change log lists for a record: its fields, old and new.

use super::kit::*;

#[test]
fn a_new_record_lists_each_field_it_sets_from_nothing() {
    let vip = tag("VIP", 3);
    assert_eq!(
        diff_records(None, &Record::Tag(vip)),
        vec![
            FieldChange {
                field: "colour".into(),
                old: Value::Null,
                new: json!(3),
            },
            FieldChange {
                field: "name".into(),
                old: Value::Null,
                new: json!("VIP"),
            },
        ]
    );
}

#[test]
fn changing_one_field_lists_only_that_field_with_its_old_and_new_value() {
    let north = team("Miền Bắc", None, Vec::new());
    let renamed = Team {
        name: "Hà Nội".into(),
        version: north.version + 7,
        ..north.clone()
    };
    assert_eq!(
        diff_records(Some(&Record::Team(north)), &Record::Team(renamed)),
        vec![FieldChange {
            field: "name".into(),
            old: json!("Miền Bắc"),
            new: json!("Hà Nội"),
        }]
    );
}

#[test]
fn deleting_a_record_lists_its_deleted_flag_turning_true() {
    let vip = tag("VIP", 3);
    let deleted = Tag {
        deleted: true,
        ..vip.clone()
    };
    assert_eq!(
        diff_records(Some(&Record::Tag(vip)), &Record::Tag(deleted)),
        vec![FieldChange {
            field: "deleted".into(),
            old: Value::Null,
            new: json!(true),
        }]
    );
}

#[test]
fn an_unchanged_record_lists_nothing() {
    let an = contact("Nguyễn Văn An");
    let record = Record::Contact(an);
    assert_eq!(diff_records(Some(&record), &record), Vec::new());
}

#[test]
fn each_kind_of_record_is_named_as_the_change_log_names_it() {
    let p = pipeline();
    let call = plain_type("Gọi điện");
    let kinds: Vec<&str> = [
        Record::Opportunity(opportunity_in(p.shared, None)),
        Record::Stage(p.store.stages[0].clone()),
        Record::LostReason(LostReason {
            id: Uuid::now_v7(),
            name: "Giá cao".into(),
            version: 1,
            deleted: false,
        }),
        Record::Team(p.store.teams[0].clone()),
        Record::Tag(tag("VIP", 1)),
        Record::Activity(activity(call.id, None, day(2026, 3, 2))),
        Record::ActivityType(call),
        Record::Contact(contact("Nguyễn Văn An")),
        Record::Company(company("Công ty Minh Phát")),
    ]
    .iter()
    .map(Record::kind)
    .collect();
    assert_eq!(
        kinds,
        [
            "opportunity",
            "stage",
            "lost_reason",
            "team",
            "tag",
            "activity",
            "activity_type",
            "contact",
            "company"
        ]
    );
}

#[test]
fn a_deals_days_in_stage_and_last_change_are_no_line_of_its_timeline() {
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 12, d);
    let deal = Opportunity {
        stage_since: day(1),
        changed_on: day(1),
        ..Opportunity::sample(Uuid::now_v7(), "Máy lọc nước")
    };
    let renamed = Opportunity {
        title: "Máy lọc nước – Sao Mai".into(),
        changed_on: day(4),
        ..deal.clone()
    };
    assert_eq!(
        diff_records(
            Some(&Record::Opportunity(deal)),
            &Record::Opportunity(renamed)
        ),
        vec![FieldChange {
            field: "title".into(),
            old: json!("Máy lọc nước"),
            new: json!("Máy lọc nước – Sao Mai"),
        }]
    );
}
