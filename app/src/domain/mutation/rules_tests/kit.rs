//! The shared kit of the rules' tests: sample users, teams, stages, tags, activity types,
//! activities, contacts, companies, deals and leads, stores holding them, and readers of what
//! `apply` returned. Every test file of `rules_tests` starts with `use super::kit::*;`.

pub(super) use serde_json::json;
pub(super) use uuid::Uuid;

pub(super) use super::super::*;
pub(super) use crate::domain::activity::{Chaining, DelayFrom, DelayUnit};
pub(super) use crate::domain::{
    Activity, ActivityType, Currency, LostReason, Stage, Subject, Tag, Team, User, diff_records,
};

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An id that is valid but not time-ordered (version 4).
pub(super) fn v4_id() -> Uuid {
    Uuid::from_u128(0x1234_5678_9abc_4def_8123_4567_89ab_cdef)
}

pub(super) fn user(name: &str) -> User {
    User {
        id: Uuid::now_v7(),
        name: name.into(),
        email: "sales@demo.rapport".into(),
    }
}

pub(super) fn team(name: &str, leader_id: Option<Uuid>, member_ids: Vec<Uuid>) -> Team {
    Team {
        id: Uuid::now_v7(),
        name: name.into(),
        leader_id,
        member_ids,
        for_quotations: false,
        for_opportunities: true,
        for_warranty: false,
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
        shared_pipeline: false,
        version: 1,
        deleted: false,
    }
}

pub(super) fn stage(
    name: &str,
    sequence: i32,
    probability: u8,
    is_won: bool,
    team: Option<Uuid>,
) -> Stage {
    Stage {
        id: Uuid::now_v7(),
        name: name.into(),
        sequence,
        is_won,
        folded: false,
        rotting_days: 0,
        probability,
        team_id: team,
        version: 1,
        deleted: false,
    }
}

pub(super) fn tag(name: &str, colour: u8) -> Tag {
    Tag {
        colour,
        ..Tag::sample(name)
    }
}

pub(super) fn activity_type(
    name: &str,
    delay: u16,
    unit: DelayUnit,
    from: DelayFrom,
    chaining: Chaining,
) -> ActivityType {
    ActivityType {
        id: Uuid::now_v7(),
        name: name.into(),
        icon: String::new(),
        delay,
        unit,
        from,
        chaining,
        version: 1,
        deleted: false,
    }
}

/// A type whose done activities lead to nothing.
pub(super) fn plain_type(name: &str) -> ActivityType {
    activity_type(
        name,
        1,
        DelayUnit::Days,
        DelayFrom::Completion,
        Chaining::Nothing,
    )
}

pub(super) fn activity(type_id: Uuid, opportunity_id: Option<Uuid>, due: NaiveDate) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        type_id,
        // Without a deal: about a contact the test names.
        subject: opportunity_id.map_or(Subject::contact(Uuid::nil()), Subject::deal),
        summary: "Gọi lại cho chị Lan".into(),
        note: String::new(),
        due,
        user_id: None,
        done: false,
        done_on: None,
        feedback: String::new(),
        version: 1,
        deleted: false,
    }
}

pub(super) fn contact(name: &str) -> Contact {
    Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: name.into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    }
}

pub(super) fn company(name: &str) -> Company {
    Company {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: name.into(),
        email: String::new(),
        phone: String::new(),
        address: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    }
}

pub(super) fn opportunity_in(stage_id: Uuid, team_id: Option<Uuid>) -> Opportunity {
    let mut o = Opportunity::sample(stage_id, "Bàn ghế văn phòng cho Vinamilk");
    o.team_id = team_id;
    o
}

pub(super) fn lead_in(stage_id: Uuid) -> Opportunity {
    let mut o = Opportunity::sample(stage_id, "Khách hỏi giá qua website");
    o.lead = true;
    o
}

pub(super) fn new_opportunity(stage_id: Uuid, team_id: Option<Uuid>) -> NewOpportunity {
    NewOpportunity {
        country: String::new(),
        province: String::new(),
        postcode: String::new(),
        language: String::new(),
        custom: Default::default(),
        id: Uuid::now_v7(),
        title: "Máy lọc nước cho Hòa Phát".into(),
        customer_name: String::new(),
        company_name: String::new(),
        email: String::new(),
        phone: String::new(),
        expected_revenue: Money::new(120_000_000, Currency::VND),
        priority: 1,
        stage_id,
        position: "V".into(),
        salesperson_id: None,
        expected_close: None,
        team_id,
        tag_ids: Vec::new(),
        contact_id: None,
        company_id: None,
        lead: false,
        description: String::new(),
        campaign_id: None,
        source_id: None,
    }
}

pub(super) fn with(mut store: Store, records: impl IntoIterator<Item = Record>) -> Store {
    for r in records {
        store.put(r);
    }
    store
}

pub(super) fn set_fields(id: Uuid, fields: OpportunityFields) -> Mutation {
    Mutation::SetOpportunityFields {
        id,
        fields,
        base_version: 0,
    }
}

/// The one record an accepted change returns.
pub(super) fn one(result: Result<Vec<Record>, RuleError>) -> Record {
    let mut records = result.expect("the change is accepted");
    assert_eq!(records.len(), 1, "exactly one record changes: {records:?}");
    records.remove(0)
}

pub(super) fn the_opportunity(result: Result<Vec<Record>, RuleError>) -> Opportunity {
    match one(result) {
        Record::Opportunity(o) => o,
        other => panic!("not an opportunity: {other:?}"),
    }
}

pub(super) fn the_team(result: Result<Vec<Record>, RuleError>) -> Team {
    match one(result) {
        Record::Team(t) => t,
        other => panic!("not a team: {other:?}"),
    }
}

pub(super) fn the_stage(result: Result<Vec<Record>, RuleError>) -> Stage {
    match one(result) {
        Record::Stage(s) => s,
        other => panic!("not a stage: {other:?}"),
    }
}

pub(super) fn the_tag(result: Result<Vec<Record>, RuleError>) -> Tag {
    match one(result) {
        Record::Tag(t) => t,
        other => panic!("not a tag: {other:?}"),
    }
}

pub(super) fn the_activity(result: Result<Vec<Record>, RuleError>) -> Activity {
    match one(result) {
        Record::Activity(a) => a,
        other => panic!("not an activity: {other:?}"),
    }
}

/// Two sales teams, North and South, with a column both boards show, one column each, and a
/// won column each. South's won column comes first in board order.
pub(super) struct Pipeline {
    pub(super) store: Store,
    pub(super) north: Uuid,
    pub(super) south: Uuid,
    pub(super) shared: Uuid,
    pub(super) north_proposal: Uuid,
    pub(super) south_demo: Uuid,
    pub(super) north_won: Uuid,
    pub(super) south_won: Uuid,
}

pub(super) fn pipeline() -> Pipeline {
    let north = team("Miền Bắc", None, Vec::new());
    let south = team("Miền Nam", None, Vec::new());
    let shared = stage("Mới", 1, 10, false, None);
    let north_proposal = stage("Báo giá", 2, 40, false, Some(north.id));
    let south_demo = stage("Demo", 2, 50, false, Some(south.id));
    let south_won = stage("Chốt (Nam)", 8, 100, true, Some(south.id));
    let north_won = stage("Chốt (Bắc)", 9, 100, true, Some(north.id));
    Pipeline {
        north: north.id,
        south: south.id,
        shared: shared.id,
        north_proposal: north_proposal.id,
        south_demo: south_demo.id,
        north_won: north_won.id,
        south_won: south_won.id,
        store: Store {
            teams: vec![north, south],
            stages: vec![shared, north_proposal, south_demo, south_won, north_won],
            ..Store::default()
        },
    }
}

/// A store with the shared stage, these activity types, one opportunity and one user.
pub(super) struct Desk {
    pub(super) store: Store,
    pub(super) opportunity: Opportunity,
    pub(super) mai: User,
}

pub(super) fn desk(types: &[ActivityType]) -> Desk {
    let p = pipeline();
    let opportunity = opportunity_in(p.shared, None);
    let mai = user("Lê Thị Mai");
    let store = with(
        Store {
            activity_types: types.to_vec(),
            users: vec![mai.clone()],
            ..p.store
        },
        [Record::Opportunity(opportunity.clone())],
    );
    Desk {
        store,
        opportunity,
        mai,
    }
}

/// Completes `open`, of type `done_type`, which triggers `next_type`; returns the changed records.
pub(super) fn complete_triggering(
    done_type: &ActivityType,
    next_type: &ActivityType,
    open: impl FnOnce(&Desk) -> Activity,
    done_on: NaiveDate,
    next_id: Uuid,
) -> (Activity, Result<Vec<Record>, RuleError>) {
    let d = desk(&[done_type.clone(), next_type.clone()]);
    let open = open(&d);
    let store = with(d.store, [Record::Activity(open.clone())]);
    let result = apply(
        &Mutation::CompleteActivity {
            id: open.id,
            feedback: "Khách muốn gặp trực tiếp".into(),
            done_on,
            next_id,
        },
        &store,
    );
    (open, result)
}

/// The shared stage, one lead in it, and a live contact and company already known.
pub(super) struct Leads {
    pub(super) store: Store,
    pub(super) lead: Opportunity,
    pub(super) known_contact: Contact,
    pub(super) known_company: Company,
}

pub(super) fn leads() -> Leads {
    let p = pipeline();
    let lead = lead_in(p.shared);
    let known_company = company("Công ty Minh Phát");
    let mut known_contact = contact("Nguyễn Văn An");
    known_contact.company_id = Some(known_company.id);
    let store = with(
        p.store,
        [
            Record::Opportunity(lead.clone()),
            Record::Contact(known_contact.clone()),
            Record::Company(known_company.clone()),
        ],
    );
    Leads {
        store,
        lead,
        known_contact,
        known_company,
    }
}

pub(super) fn convert(id: Uuid, contact: Link<Contact>, company: Link<Company>) -> Mutation {
    Mutation::ConvertLead {
        id,
        contact,
        company,
    }
}
