//! Deleted set-up that stays deleted, and edits that carry only the changed fields.

use super::kit::*;

#[test]
fn a_team_with_stages_of_its_own_cannot_be_deleted() {
    let p = pipeline();
    assert_eq!(
        apply(&Mutation::Delete { id: p.north }, &p.store),
        Err(RuleError::TeamHasStages(2))
    );
}

#[test]
fn saving_a_stale_copy_of_deleted_set_up_does_not_bring_it_back() {
    let mut vip = tag("VIP", 1);
    let store = with(Store::default(), [Record::Tag(vip.clone())]);
    let deleted = the_tag(apply(&Mutation::Delete { id: vip.id }, &store));
    let store = with(store, [Record::Tag(deleted)]);
    vip.name = "VIP khách".into();
    assert_eq!(
        apply(&Mutation::save(vip.clone()), &store),
        Err(RuleError::Missing {
            kind: "tag".into(),
            id: vip.id
        })
    );
}

#[test]
fn an_activity_keeps_a_type_deleted_since_it_was_scheduled_but_a_new_one_needs_a_live_type() {
    let p = pipeline();
    let mut call = plain_type("Call");
    let deal = opportunity_in(p.shared, None);
    let planned = activity(call.id, Some(deal.id), day(2026, 11, 30));
    call.deleted = true;
    let store = with(
        p.store,
        [
            Record::ActivityType(call.clone()),
            Record::Opportunity(deal.clone()),
            Record::Activity(planned.clone()),
        ],
    );
    let rescheduled = Activity {
        due: day(2026, 12, 2),
        ..planned.clone()
    };
    assert_eq!(
        the_activity(apply(&Mutation::save(rescheduled), &store)).due,
        day(2026, 12, 2)
    );
    let fresh = activity(call.id, Some(deal.id), day(2026, 12, 2));
    assert_eq!(
        apply(&Mutation::save(fresh), &store),
        Err(RuleError::UnknownActivityType(call.id))
    );
}

#[test]
fn converting_a_lead_names_the_company_of_its_new_contact_for_the_server_to_load() {
    let company = Uuid::now_v7();
    let mut new_contact = contact("Lan");
    new_contact.company_id = Some(company);
    let convert = Mutation::ConvertLead {
        id: Uuid::now_v7(),
        contact: Link::New(new_contact),
        company: Link::Nobody,
    };
    assert!(convert.targets().contains(&company));
}

#[test]
fn an_edit_sends_only_the_changed_fields_and_an_emptied_one_as_null() {
    let before = contact("Lan");
    let after = Contact {
        phone: "0901 234 567".into(),
        email: String::new(),
        version: 99,
        ..Contact {
            email: "lan@x.vn".into(),
            ..before.clone()
        }
    };
    let with_email = Contact {
        email: "lan@x.vn".into(),
        ..before.clone()
    };
    let fields = changed_fields(&with_email, &after);
    assert_eq!(
        serde_json::Value::Object(fields),
        json!({ "phone": "0901 234 567", "email": null }),
        "the version is bookkeeping, not an edit"
    );
}

#[test]
fn an_edit_lays_its_fields_over_the_record_as_it_stands_and_checks_the_result() {
    let lan = Contact {
        email: "lan@x.vn".into(),
        job_title: "Kế toán".into(),
        ..contact("Lan")
    };
    let store = with(Store::default(), [Record::Contact(lan.clone())]);
    let edit = |fields: serde_json::Value| Mutation::EditRecord {
        id: lan.id,
        fields: fields.as_object().cloned().unwrap_or_default(),
        base_version: lan.version,
    };
    let Record::Contact(edited) = one(apply(
        &edit(json!({ "phone": "0901 234 567", "email": null })),
        &store,
    )) else {
        panic!("a contact");
    };
    assert_eq!(
        (
            edited.phone.as_str(),
            edited.email.as_str(),
            edited.job_title.as_str()
        ),
        ("0901 234 567", "", "Kế toán"),
        "the untouched job title stays"
    );
    assert!(matches!(
        apply(&edit(json!({ "email": "not-an-email" })), &store),
        Err(RuleError::InvalidEmail(_))
    ));
    assert!(matches!(
        apply(&edit(json!({ "deleted": true })), &store),
        Err(RuleError::Malformed(_))
    ));
    let unknown = Uuid::now_v7();
    let edit_of = |id| Mutation::EditRecord {
        id,
        fields: serde_json::Map::new(),
        base_version: 0,
    };
    assert_eq!(
        apply(&edit_of(unknown), &store),
        Err(RuleError::UnknownRecord(unknown))
    );
    let p = pipeline();
    let deal = opportunity_in(p.shared, None);
    let store = with(p.store, [Record::Opportunity(deal.clone())]);
    assert_eq!(
        apply(&edit_of(deal.id), &store),
        Err(RuleError::NotEditable)
    );
}
