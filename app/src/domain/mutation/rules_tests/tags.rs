//! Tags: names, colours, and deals holding them.

use super::kit::*;

#[test]
fn a_tag_named_like_another_in_any_case_is_refused() {
    let vip = tag("VIP", 1);
    let store = Store {
        tags: vec![vip],
        ..Store::default()
    };
    assert_eq!(
        apply(&Mutation::save(tag("  vip ", 2)), &store),
        Err(RuleError::Duplicate("vip".into()))
    );
}

#[test]
fn a_tag_keeps_its_own_name_and_may_reuse_a_deleted_tags_name() {
    let vip = tag("VIP", 1);
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let store = Store {
        tags: vec![vip.clone(), old],
        ..Store::default()
    };
    let recoloured = Tag {
        colour: 4,
        ..vip.clone()
    };
    assert_eq!(
        the_tag(apply(&Mutation::save(recoloured.clone()), &store)),
        recoloured
    );
    let again = tag("hội chợ 2025", 5);
    assert_eq!(
        the_tag(apply(&Mutation::save(again.clone()), &store)),
        again
    );
}

#[test]
fn a_tag_colour_outside_the_palette_is_refused() {
    let last = tag("VIP", crate::domain::tag::COLOURS - 1);
    assert_eq!(
        the_tag(apply(&Mutation::save(last.clone()), &Store::default())),
        last
    );
    let beyond = tag("VIP", crate::domain::tag::COLOURS);
    assert_eq!(
        apply(&Mutation::save(beyond), &Store::default()),
        Err(RuleError::OutOfRange {
            field: "tag.colour".into(),
            min: 0,
            max: i64::from(crate::domain::tag::COLOURS) - 1,
        })
    );
}

#[test]
fn a_tag_without_a_name_is_refused() {
    assert_eq!(
        apply(&Mutation::save(tag(" ", 0)), &Store::default()),
        Err(RuleError::Required("tag.name".into()))
    );
}

#[test]
fn creating_an_opportunity_with_an_unknown_tag_is_refused() {
    let p = pipeline();
    let nowhere = Uuid::now_v7();
    let mut new = new_opportunity(p.shared, None);
    new.tag_ids = vec![nowhere];
    assert_eq!(
        apply(&Mutation::CreateOpportunity(new), &p.store),
        Err(RuleError::UnknownTag(nowhere))
    );
}

#[test]
fn creating_an_opportunity_keeps_each_tag_once() {
    let p = pipeline();
    let (vip, fair) = (tag("VIP", 1), tag("Hội chợ", 2));
    let store = Store {
        tags: vec![vip.clone(), fair.clone()],
        ..p.store
    };
    let mut new = new_opportunity(p.shared, None);
    new.tag_ids = vec![fair.id, vip.id, fair.id];
    let created = the_opportunity(apply(&Mutation::CreateOpportunity(new), &store));
    assert_eq!(created.tag_ids, vec![fair.id, vip.id]);
}

#[test]
fn setting_a_deleted_tag_on_an_opportunity_is_refused() {
    let p = pipeline();
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            tags: vec![old.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let set = set_fields(
        o.id,
        OpportunityFields {
            tag_ids: Some(vec![old.id]),
            ..Default::default()
        },
    );
    assert_eq!(apply(&set, &store), Err(RuleError::UnknownTag(old.id)));
}

#[test]
fn setting_the_tags_of_an_opportunity_keeps_each_once_in_order() {
    let p = pipeline();
    let (vip, fair) = (tag("VIP", 1), tag("Hội chợ", 2));
    let o = opportunity_in(p.shared, None);
    let store = with(
        Store {
            tags: vec![vip.clone(), fair.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let set = set_fields(
        o.id,
        OpportunityFields {
            tag_ids: Some(vec![vip.id, vip.id, fair.id, vip.id]),
            ..Default::default()
        },
    );
    assert_eq!(
        the_opportunity(apply(&set, &store)).tag_ids,
        vec![vip.id, fair.id]
    );
}

#[test]
fn an_unrelated_edit_goes_through_when_the_opportunity_holds_a_tag_since_deleted() {
    let p = pipeline();
    let mut old = tag("Hội chợ 2025", 3);
    old.deleted = true;
    let mut o = opportunity_in(p.shared, None);
    o.tag_ids = vec![old.id];
    let store = with(
        Store {
            tags: vec![old.clone()],
            ..p.store
        },
        [Record::Opportunity(o.clone())],
    );
    let retitle = set_fields(
        o.id,
        OpportunityFields {
            title: Some("  Máy lọc nước, 40 chiếc ".into()),
            ..Default::default()
        },
    );
    assert_eq!(
        the_opportunity(apply(&retitle, &store)),
        Opportunity {
            title: "Máy lọc nước, 40 chiếc".into(),
            ..o
        }
    );
}
