//! A record saved under another kind's id, and what a mutation names for the server to load.

use super::kit::*;

#[test]
fn creating_an_opportunity_under_a_contacts_id_is_refused() {
    let p = pipeline();
    let an = contact("Nguyễn Văn An");
    let store = with(p.store, [Record::Contact(an.clone())]);
    let mut new = new_opportunity(p.shared, None);
    new.id = an.id;
    assert_eq!(
        apply(&Mutation::CreateOpportunity(new), &store),
        Err(RuleError::RecordExists(an.id))
    );
}

#[test]
fn saving_a_set_up_record_under_the_id_of_another_kind_is_refused() {
    let p = pipeline();
    let an = contact("Nguyễn Văn An");
    let store = with(p.store, [Record::Contact(an.clone())]);
    let mut as_tag = tag("VIP", 1);
    as_tag.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_tag), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_team = team("Miền Trung", None, Vec::new());
    as_team.id = an.id;
    assert_eq!(
        apply(&Mutation::save(as_team), &store),
        Err(RuleError::RecordExists(an.id))
    );
    let mut as_stage = stage("Báo giá", 2, 40, false, None);
    as_stage.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_stage), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_type = plain_type("Gọi điện");
    as_type.id = p.shared;
    assert_eq!(
        apply(&Mutation::save(as_type), &store),
        Err(RuleError::RecordExists(p.shared))
    );
}

#[test]
fn saving_a_contact_company_or_activity_under_the_id_of_another_kind_is_refused() {
    let p = pipeline();
    let call = plain_type("Gọi điện");
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            activity_types: vec![call.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let mut as_contact = contact("Nguyễn Văn An");
    as_contact.id = o.id;
    assert_eq!(
        apply(&Mutation::save(as_contact), &store),
        Err(RuleError::RecordExists(o.id))
    );
    let mut as_company = company("Công ty Minh Phát");
    as_company.id = p.north;
    assert_eq!(
        apply(&Mutation::save(as_company), &store),
        Err(RuleError::RecordExists(p.north))
    );
    let mut as_activity = activity(call.id, Some(o.id), day(2026, 3, 2));
    as_activity.id = o.id;
    assert_eq!(
        apply(&Mutation::save(as_activity), &store),
        Err(RuleError::RecordExists(o.id))
    );
}

#[test]
fn a_conversion_and_a_completion_name_every_record_they_read_or_write() {
    let l = leads();
    let new_contact = contact("Trần Thị Bích");
    let conversion = convert(
        l.lead.id,
        Link::New(new_contact.clone()),
        Link::Existing {
            id: l.known_company.id,
        },
    );
    assert_eq!(
        conversion.targets(),
        vec![l.lead.id, new_contact.id, l.known_company.id]
    );
    let (id, next_id) = (Uuid::now_v7(), Uuid::now_v7());
    let completion = Mutation::CompleteActivity {
        id,
        feedback: String::new(),
        done_on: day(2026, 3, 2),
        next_id,
    };
    assert_eq!(completion.targets(), vec![id, next_id]);
}
