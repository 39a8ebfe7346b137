//! Converting a lead: the contact and company it names, finds or creates.

use super::kit::*;

#[test]
fn converting_a_lead_with_a_new_contact_and_company_creates_both_after_the_opportunity() {
    let l = leads();
    let mut new_company = company("  Công ty Hòa Phát ");
    new_company.email = "info@hoaphat.vn".into();
    let mut new_contact = contact(" Trần Thị Bích ");
    new_contact.phone = "0901 234 567".into();
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::New(new_company.clone()),
        ),
        &l.store,
    )
    .expect("converting is accepted");
    assert_eq!(
        records,
        vec![
            Record::Opportunity(Opportunity {
                lead: false,
                contact_id: Some(new_contact.id),
                company_id: Some(new_company.id),
                ..l.lead.clone()
            }),
            Record::Company(Company {
                name: "Công ty Hòa Phát".into(),
                ..new_company.clone()
            }),
            Record::Contact(Contact {
                name: "Trần Thị Bích".into(),
                company_id: Some(new_company.id),
                ..new_contact
            }),
        ]
    );
}

#[test]
fn a_new_contact_without_a_company_joins_the_chosen_existing_company() {
    let l = leads();
    let new_contact = contact("Trần Thị Bích");
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &l.store,
    )
    .expect("converting is accepted");
    assert_eq!(
        records,
        vec![
            Record::Opportunity(Opportunity {
                lead: false,
                contact_id: Some(new_contact.id),
                company_id: Some(l.known_company.id),
                ..l.lead.clone()
            }),
            Record::Contact(Contact {
                company_id: Some(l.known_company.id),
                ..new_contact
            }),
        ]
    );
}

#[test]
fn a_new_contact_keeps_the_live_company_it_names() {
    let l = leads();
    let other = company("Công ty Hòa Phát");
    let store = with(l.store, [Record::Company(other.clone())]);
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.company_id = Some(other.id);
    let records = apply(
        &convert(
            l.lead.id,
            Link::New(new_contact.clone()),
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &store,
    )
    .expect("converting is accepted");
    assert_eq!(records.len(), 2);
    assert_eq!(records[1], Record::Contact(new_contact));
}

#[test]
fn a_new_contact_naming_an_unknown_company_is_refused() {
    let l = leads();
    let nowhere = Uuid::now_v7();
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.company_id = Some(nowhere);
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(new_contact), Link::Nobody),
            &l.store
        ),
        Err(RuleError::UnknownCompany(nowhere))
    );
}

#[test]
fn converting_a_lead_about_known_people_links_them_and_creates_nothing() {
    let l = leads();
    let converted = the_opportunity(apply(
        &convert(
            l.lead.id,
            Link::Existing {
                id: l.known_contact.id,
            },
            Link::Existing {
                id: l.known_company.id,
            },
        ),
        &l.store,
    ));
    assert_eq!(
        converted,
        Opportunity {
            lead: false,
            contact_id: Some(l.known_contact.id),
            company_id: Some(l.known_company.id),
            ..l.lead
        }
    );
}

#[test]
fn converting_a_lead_about_nobody_only_makes_it_an_opportunity() {
    let l = leads();
    let converted = the_opportunity(apply(
        &convert(l.lead.id, Link::Nobody, Link::Nobody),
        &l.store,
    ));
    assert_eq!(
        converted,
        Opportunity {
            lead: false,
            ..l.lead
        }
    );
}

#[test]
fn converting_a_lead_about_a_deleted_or_unknown_contact_is_refused() {
    let l = leads();
    let mut gone = contact("Lê Hoàng Nam");
    gone.deleted = true;
    let store = with(l.store, [Record::Contact(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        assert_eq!(
            apply(
                &convert(l.lead.id, Link::Existing { id }, Link::Nobody),
                &store
            ),
            Err(RuleError::UnknownContact(id))
        );
    }
}

#[test]
fn converting_a_lead_about_a_deleted_or_unknown_company_is_refused() {
    let l = leads();
    let mut gone = company("Công ty Cũ");
    gone.deleted = true;
    let store = with(l.store, [Record::Company(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        assert_eq!(
            apply(
                &convert(l.lead.id, Link::Nobody, Link::Existing { id }),
                &store
            ),
            Err(RuleError::UnknownCompany(id))
        );
    }
}

#[test]
fn converting_what_is_already_an_opportunity_is_refused() {
    let l = leads();
    let deal = opportunity_in(l.lead.stage_id, None);
    let store = with(l.store, [Record::Opportunity(deal.clone())]);
    assert_eq!(
        apply(&convert(deal.id, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::NotALead)
    );
}

#[test]
fn converting_an_unknown_or_deleted_lead_is_refused() {
    let l = leads();
    let mut gone = lead_in(l.lead.stage_id);
    gone.deleted = true;
    let store = with(l.store, [Record::Opportunity(gone.clone())]);
    assert_eq!(
        apply(&convert(gone.id, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::Deleted(gone.id))
    );
    let nowhere = Uuid::now_v7();
    assert_eq!(
        apply(&convert(nowhere, Link::Nobody, Link::Nobody), &store),
        Err(RuleError::UnknownOpportunity(nowhere))
    );
}

#[test]
fn converting_with_a_new_company_under_a_taken_id_is_refused() {
    let l = leads();
    let mut clash = company("Công ty Hòa Phát");
    clash.id = l.known_contact.id;
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::Nobody, Link::New(clash)),
            &l.store
        ),
        Err(RuleError::RecordExists(l.known_contact.id))
    );
}

#[test]
fn converting_with_a_new_contact_under_a_taken_id_is_refused() {
    let l = leads();
    let mut clash = contact("Trần Thị Bích");
    clash.id = l.known_company.id;
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(clash), Link::Nobody),
            &l.store
        ),
        Err(RuleError::RecordExists(l.known_company.id))
    );
}

#[test]
fn converting_with_a_new_record_under_an_id_that_is_not_time_ordered_is_refused() {
    let l = leads();
    let mut old_style = contact("Trần Thị Bích");
    old_style.id = v4_id();
    assert_eq!(
        apply(
            &convert(l.lead.id, Link::New(old_style), Link::Nobody),
            &l.store
        ),
        Err(RuleError::IdNotTimeOrdered)
    );
}

#[test]
fn converting_with_a_new_contact_and_a_new_company_sharing_one_id_is_refused() {
    let l = leads();
    let new_company = company("Công ty Hòa Phát");
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.id = new_company.id;
    assert_eq!(
        apply(
            &convert(
                l.lead.id,
                Link::New(new_contact),
                Link::New(new_company.clone())
            ),
            &l.store
        ),
        Err(RuleError::RecordExists(new_company.id))
    );
}

#[test]
fn the_contact_and_company_a_conversion_creates_are_live() {
    let l = leads();
    let mut new_company = company("Công ty Hòa Phát");
    new_company.deleted = true;
    let mut new_contact = contact("Trần Thị Bích");
    new_contact.deleted = true;
    let records = apply(
        &convert(l.lead.id, Link::New(new_contact), Link::New(new_company)),
        &l.store,
    )
    .expect("converting is accepted");
    let deleted: Vec<&'static str> = records
        .iter()
        .filter(|r| r.is_deleted())
        .map(Record::kind)
        .collect();
    assert_eq!(deleted, Vec::<&str>::new());
}

/// Two leads from one customer (one written without accents) and an activity on the second.
fn two_leads() -> (Leads, Opportunity, Activity) {
    let mut l = leads();
    let mut again = lead_in(l.lead.stage_id);
    again.customer_name = "nguyen van an".into();
    again.phone = "0901 234 567".into();
    again.description = "Gọi từ Zalo".into();
    let call = plain_type("Gọi điện");
    let follow_up = activity(call.id, Some(again.id), day(2026, 12, 8));
    l.store = with(
        l.store,
        [
            Record::Opportunity(again.clone()),
            Record::ActivityType(call),
            Record::Activity(follow_up.clone()),
        ],
    );
    (l, again, follow_up)
}

fn merge(keep: Uuid, others: Vec<Uuid>, fields: serde_json::Value) -> Mutation {
    let serde_json::Value::Object(fields) = fields else {
        panic!("fields are an object")
    };
    Mutation::Merge {
        keep,
        others,
        fields,
    }
}

#[test]
fn merging_leads_keeps_one_with_the_chosen_values_and_moves_what_hung_on_the_other() {
    let (l, again, follow_up) = two_leads();
    let records = apply(
        &merge(
            l.lead.id,
            vec![again.id],
            serde_json::json!({ "phone": "0901 234 567", "description": "Gọi từ Zalo" }),
        ),
        &l.store,
    )
    .expect("a merge of two leads is accepted");
    assert_eq!(
        records,
        vec![
            Record::Opportunity(Opportunity {
                phone: "0901 234 567".into(),
                description: "Gọi từ Zalo".into(),
                ..l.lead.clone()
            }),
            Record::Opportunity(Opportunity {
                deleted: true,
                merged_into: Some(l.lead.id),
                ..again.clone()
            }),
            Record::Activity(Activity {
                subject: Subject::deal(l.lead.id),
                ..follow_up
            }),
        ]
    );
    // And brought back as it was.
    let store = with(l.store.clone(), records);
    assert_eq!(
        apply(&Mutation::Unmerge { id: again.id }, &store),
        Ok(vec![Record::Opportunity(again)])
    );
}

#[test]
fn a_merge_of_leads_chooses_what_a_person_wrote_not_where_it_stands() {
    let (l, again, _) = two_leads();
    for field in ["stage_id", "position", "score", "lead", "merged_into"] {
        let refused = apply(
            &merge(
                l.lead.id,
                vec![again.id],
                serde_json::json!({ field: serde_json::Value::Null }),
            ),
            &l.store,
        );
        assert!(
            matches!(refused, Err(RuleError::Malformed(_))),
            "{field}: {refused:?}"
        );
    }
    // A value chosen is checked as an edit checks it.
    assert!(
        apply(
            &merge(
                l.lead.id,
                vec![again.id],
                serde_json::json!({ "email": "not an address" })
            ),
            &l.store
        )
        .is_err()
    );
}

#[test]
fn a_lead_is_not_merged_with_a_person() {
    let (l, ..) = two_leads();
    assert!(matches!(
        apply(
            &merge(l.lead.id, vec![l.known_contact.id], serde_json::json!({})),
            &l.store
        ),
        Err(RuleError::Malformed(_))
    ));
}
