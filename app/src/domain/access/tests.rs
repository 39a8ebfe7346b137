//! The rules of access.rs, role by role, on a small org: two teams, a manager leading one, two
//! salespeople in it and one in the other.

use chrono::NaiveDate;

use super::*;
use crate::domain::{Activity, Contact, Note, Stage, Target, Team};

struct World {
    admin: Uuid,
    manager: Uuid,
    ann: Uuid,
    bao: Uuid,
    chi: Uuid,
    reader: Uuid,
    north: Team,
    south: Team,
}

fn world() -> World {
    let [admin, manager, ann, bao, chi, reader] = [(); 6].map(|_| Uuid::now_v7());
    let team = |name: &str, leader, members: Vec<Uuid>| Team {
        id: Uuid::now_v7(),
        name: name.into(),
        leader_id: leader,
        member_ids: members,
        for_quotations: true,
        for_opportunities: true,
        for_warranty: false,
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
        shared_pipeline: false,
        version: 1,
        deleted: false,
    };
    World {
        admin,
        manager,
        ann,
        bao,
        chi,
        reader,
        north: team("North", Some(manager), vec![ann, bao]),
        south: team("South", None, vec![chi]),
    }
}

impl World {
    fn viewer(&self, user: Uuid, role: Role) -> Viewer {
        Viewer::new(user, role, &[self.north.clone(), self.south.clone()])
    }
    fn all(&self) -> [(&'static str, Viewer); 6] {
        [
            ("admin", self.viewer(self.admin, Role::Admin)),
            ("manager", self.viewer(self.manager, Role::Manager)),
            ("ann", self.viewer(self.ann, Role::Salesperson)),
            ("bao", self.viewer(self.bao, Role::Salesperson)),
            ("chi", self.viewer(self.chi, Role::Salesperson)),
            ("reader", self.viewer(self.reader, Role::ReadOnly)),
        ]
    }
}

fn deal(team: Option<Uuid>, person: Option<Uuid>) -> Opportunity {
    let mut o = Opportunity::sample(Uuid::now_v7(), "Deal");
    o.team_id = team;
    o.salesperson_id = person;
    o
}

fn no_deals(_: Uuid) -> Option<DealScope> {
    None
}

/// Who of `all()` may read and who may edit (title change) this deal, by name.
fn who_reads_and_edits(w: &World, o: &Opportunity) -> (Vec<&'static str>, Vec<&'static str>) {
    let before = Record::Opportunity(o.clone());
    let mut edited = o.clone();
    edited.title = "Edited".into();
    let after = Record::Opportunity(edited);
    let mut readers = Vec::new();
    let mut editors = Vec::new();
    for (name, v) in w.all() {
        if v.can_read(&before, &no_deals) {
            readers.push(name);
        }
        if v.check_write(Some(&before), &after, &no_deals).is_ok() {
            editors.push(name);
        }
    }
    (readers, editors)
}

#[test]
fn each_role_sees_and_changes_the_deals_the_table_says() {
    let w = world();
    let ann_own = deal(Some(w.north.id), Some(w.ann));
    assert_eq!(
        who_reads_and_edits(&w, &ann_own),
        (
            vec!["admin", "manager", "ann", "reader"],
            vec!["admin", "manager", "ann"]
        )
    );
    let north_unassigned = deal(Some(w.north.id), None);
    assert_eq!(
        who_reads_and_edits(&w, &north_unassigned),
        (
            vec!["admin", "manager", "ann", "bao", "reader"],
            vec!["admin", "manager", "ann", "bao"]
        )
    );
    let chi_own = deal(Some(w.south.id), Some(w.chi));
    assert_eq!(
        who_reads_and_edits(&w, &chi_own),
        (vec!["admin", "chi", "reader"], vec!["admin", "chi"])
    );
    // No team and nobody's: the org's pool, the admin's to hand out.
    let pool = deal(None, None);
    assert_eq!(
        who_reads_and_edits(&w, &pool),
        (vec!["admin", "reader"], vec!["admin"])
    );
    // A member of a led team stays in the manager's sight on a deal of another team.
    let ann_elsewhere = deal(Some(w.south.id), Some(w.ann));
    assert_eq!(
        who_reads_and_edits(&w, &ann_elsewhere),
        (
            vec!["admin", "manager", "ann", "reader"],
            vec!["admin", "manager", "ann"]
        )
    );
}

#[test]
fn a_shared_team_pipeline_is_read_by_its_members_but_not_changed() {
    let mut w = world();
    w.north.shared_pipeline = true;
    let ann_own = deal(Some(w.north.id), Some(w.ann));
    assert_eq!(
        who_reads_and_edits(&w, &ann_own),
        (
            vec!["admin", "manager", "ann", "bao", "reader"],
            vec!["admin", "manager", "ann"]
        )
    );
}

#[test]
fn a_salesperson_creates_deals_for_themselves_or_their_team_and_hands_them_to_a_teammate() {
    let w = world();
    let ann = w.viewer(w.ann, Role::Salesperson);
    let create = |o: Opportunity| ann.check_write(None, &Record::Opportunity(o), &no_deals);
    assert_eq!(create(deal(None, Some(w.ann))), Ok(()));
    assert_eq!(create(deal(Some(w.north.id), None)), Ok(()));
    assert_eq!(create(deal(Some(w.north.id), Some(w.bao))), Ok(()));
    assert_eq!(
        create(deal(Some(w.south.id), None)),
        Err(RuleError::NotAllowed)
    );
    assert_eq!(create(deal(None, None)), Err(RuleError::NotAllowed));
    // Moving their own deal to another team is refused; to a teammate, allowed.
    let own = deal(Some(w.north.id), Some(w.ann));
    let moved = |team, person| {
        let mut o = own.clone();
        o.team_id = team;
        o.salesperson_id = person;
        ann.check_write(
            Some(&Record::Opportunity(own.clone())),
            &Record::Opportunity(o),
            &no_deals,
        )
    };
    assert_eq!(moved(Some(w.north.id), Some(w.bao)), Ok(()));
    assert_eq!(moved(Some(w.south.id), None), Err(RuleError::NotAllowed));
    // Deleting their own deal is theirs to do.
    let mut gone = own.clone();
    gone.deleted = true;
    assert_eq!(
        ann.check_write(
            Some(&Record::Opportunity(own.clone())),
            &Record::Opportunity(gone),
            &no_deals
        ),
        Ok(())
    );
}

#[test]
fn a_deal_out_of_sight_is_refused_as_unknown_and_one_in_sight_as_not_allowed() {
    let mut w = world();
    w.south.shared_pipeline = true;
    let chi_own = deal(Some(w.south.id), Some(w.chi));
    let mut edited = chi_own.clone();
    edited.title = "Mine now".into();
    let ann = w.viewer(w.ann, Role::Salesperson);
    assert_eq!(
        ann.check_write(
            Some(&Record::Opportunity(chi_own.clone())),
            &Record::Opportunity(edited.clone()),
            &no_deals
        ),
        Err(RuleError::UnknownOpportunity(chi_own.id))
    );
    // In a team that shares its pipeline, a member who is not chi reads chi's deal but may
    // not change it.
    let colleague = Uuid::now_v7();
    let mut south = w.south.clone();
    south.member_ids.push(colleague);
    let colleague = Viewer::new(colleague, Role::Salesperson, &[south]);
    assert!(colleague.can_read(&Record::Opportunity(chi_own.clone()), &no_deals));
    assert_eq!(
        colleague.check_write(
            Some(&Record::Opportunity(chi_own.clone())),
            &Record::Opportunity(edited),
            &no_deals
        ),
        Err(RuleError::NotAllowed)
    );
}

#[test]
fn activities_notes_and_quotations_follow_their_deal_and_contacts_are_everyones() {
    let w = world();
    let chi_deal = deal(Some(w.south.id), Some(w.chi));
    let scope: DealScope = (&chi_deal).into();
    let lookup = move |id: Uuid| (id == chi_deal.id).then_some(scope);
    let on_deal = Record::Activity(Activity {
        id: Uuid::now_v7(),
        type_id: Uuid::now_v7(),
        subject: crate::domain::Subject::deal(chi_deal.id),
        summary: "Call".into(),
        note: String::new(),
        due: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        user_id: Some(w.chi),
        done: false,
        done_on: None,
        feedback: String::new(),
        version: 1,
        deleted: false,
    });
    let note_on_contact = Record::Note(Note {
        id: Uuid::now_v7(),
        subject: crate::domain::Subject::contact(Uuid::now_v7()),
        text: "Met at the fair".into(),
        version: 1,
        deleted: false,
    });
    let ann = w.viewer(w.ann, Role::Salesperson);
    let chi = w.viewer(w.chi, Role::Salesperson);
    let reader = w.viewer(w.reader, Role::ReadOnly);
    assert!(!ann.can_read(&on_deal, &lookup));
    assert!(chi.can_read(&on_deal, &lookup));
    assert_eq!(chi.check_write(None, &on_deal, &lookup), Ok(()));
    assert_eq!(
        ann.check_write(None, &on_deal, &lookup),
        Err(RuleError::NotAllowed)
    );
    assert!(ann.can_read(&note_on_contact, &lookup));
    assert_eq!(ann.check_write(None, &note_on_contact, &lookup), Ok(()));
    assert!(reader.can_read(&on_deal, &lookup));
    assert_eq!(
        reader.check_write(None, &note_on_contact, &lookup),
        Err(RuleError::NotAllowed)
    );
    // A record hanging on a deal nobody can find is the admin's alone.
    assert!(!chi.can_read(&on_deal, &no_deals));
}

#[test]
fn contacts_are_deleted_by_managers_and_admins_only() {
    let w = world();
    let contact = Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Phạm Văn Đức".into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    };
    let before = Record::Contact(contact.clone());
    let deleted = Record::Contact(Contact {
        deleted: true,
        ..contact.clone()
    });
    let renamed = Record::Contact(Contact {
        name: "Đức".into(),
        ..contact
    });
    for (name, v) in w.all() {
        let edit = v.check_write(Some(&before), &renamed, &no_deals).is_ok();
        let delete = v.check_write(Some(&before), &deleted, &no_deals).is_ok();
        let expected = match name {
            "admin" | "manager" => (true, true),
            "reader" => (false, false),
            _ => (true, false),
        };
        assert_eq!((edit, delete), expected, "{name}");
    }
}

#[test]
fn set_up_is_the_admins_and_a_manager_edits_their_own_team_stages_and_targets() {
    let w = world();
    let stage = |team| {
        Record::Stage(Stage {
            id: Uuid::now_v7(),
            name: "Survey".into(),
            sequence: 10,
            is_won: false,
            folded: false,
            rotting_days: 0,
            probability: 40,
            team_id: team,
            version: 0,
            deleted: false,
        })
    };
    let manager = w.viewer(w.manager, Role::Manager);
    let ann = w.viewer(w.ann, Role::Salesperson);
    assert_eq!(
        manager.check_write(None, &stage(Some(w.north.id)), &no_deals),
        Ok(())
    );
    assert_eq!(
        manager.check_write(None, &stage(Some(w.south.id)), &no_deals),
        Err(RuleError::NotAllowed)
    );
    assert_eq!(
        manager.check_write(None, &stage(None), &no_deals),
        Err(RuleError::NotAllowed)
    );
    assert_eq!(
        ann.check_write(None, &stage(Some(w.north.id)), &no_deals),
        Err(RuleError::NotAllowed)
    );
    // Their team: members and flags, but not its leadership.
    let north = Record::Team(w.north.clone());
    let shared = Record::Team(Team {
        shared_pipeline: true,
        ..w.north.clone()
    });
    let handed = Record::Team(Team {
        leader_id: Some(w.ann),
        ..w.north.clone()
    });
    assert_eq!(
        manager.check_write(Some(&north), &shared, &no_deals),
        Ok(())
    );
    assert_eq!(
        manager.check_write(Some(&north), &handed, &no_deals),
        Err(RuleError::NotAllowed)
    );
    assert_eq!(
        ann.check_write(Some(&north), &shared, &no_deals),
        Err(RuleError::NotAllowed)
    );
    // A member may leave the team, but the manager adds nobody: a new member's deals, in any
    // team, would come into their reach.
    let smaller = Record::Team(Team {
        member_ids: vec![w.ann],
        ..w.north.clone()
    });
    let bigger = Record::Team(Team {
        member_ids: vec![w.ann, w.bao, w.chi],
        ..w.north.clone()
    });
    assert_eq!(
        manager.check_write(Some(&north), &smaller, &no_deals),
        Ok(())
    );
    assert_eq!(
        manager.check_write(Some(&north), &bigger, &no_deals),
        Err(RuleError::NotAllowed)
    );
    let target = |team, person| {
        Record::Target(Target {
            id: Uuid::now_v7(),
            month: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            team_id: team,
            salesperson_id: person,
            amount: crate::domain::Money::new(1_000, crate::domain::Currency::VND),
            version: 0,
            deleted: false,
        })
    };
    assert_eq!(
        manager.check_write(None, &target(None, Some(w.bao)), &no_deals),
        Ok(())
    );
    assert_eq!(
        manager.check_write(None, &target(None, Some(w.chi)), &no_deals),
        Err(RuleError::NotAllowed)
    );
    assert!(ann.can_read(&target(Some(w.north.id), None), &no_deals));
    assert!(ann.can_read(&target(None, Some(w.ann)), &no_deals));
    assert!(!ann.can_read(&target(None, Some(w.bao)), &no_deals));
    assert!(!ann.can_read(&target(Some(w.south.id), None), &no_deals));
}

#[test]
fn the_fingerprint_changes_with_role_and_teams() {
    let mut w = world();
    let before = w.viewer(w.ann, Role::Salesperson).fingerprint();
    assert_eq!(before, w.viewer(w.ann, Role::Salesperson).fingerprint());
    // Two salespeople of one team see different deals: their caches are never the same.
    assert_ne!(before, w.viewer(w.bao, Role::Salesperson).fingerprint());
    assert_ne!(before, w.viewer(w.ann, Role::Manager).fingerprint());
    w.north.shared_pipeline = true;
    assert_ne!(before, w.viewer(w.ann, Role::Salesperson).fingerprint());
    w.north.member_ids.retain(|m| *m != w.ann);
    w.north.shared_pipeline = false;
    assert_ne!(before, w.viewer(w.ann, Role::Salesperson).fingerprint());
}

/// The access table of access.rs as data, restated by hand: a kind declared without its row
/// here fails, so its policy is always a decision someone wrote down.
#[test]
fn every_kind_has_its_row_in_the_access_table() {
    use crate::domain::kind::{Read, Write};
    let manager = &[Role::Manager][..];
    let table: &[(&str, Read, Write)] = &[
        ("opportunity", Read::InScope, Write::Deal),
        ("activity", Read::InScope, Write::FollowsDeal),
        ("note", Read::InScope, Write::FollowsDeal),
        ("quotation", Read::InScope, Write::FollowsDeal),
        ("contact", Read::Everyone, Write::Shared { delete: manager }),
        ("company", Read::Everyone, Write::Shared { delete: manager }),
        ("tag", Read::Everyone, Write::Shared { delete: &[] }),
        ("stage", Read::Everyone, Write::LedTeams),
        ("team", Read::Everyone, Write::LedTeams),
        ("target", Read::InScope, Write::LedTeams),
        ("lost_reason", Read::Everyone, Write::Admin),
        ("activity_type", Read::Everyone, Write::Admin),
        ("product", Read::Everyone, Write::Admin),
        ("campaign", Read::Everyone, Write::Admin),
        ("source", Read::Everyone, Write::Admin),
        ("currency_settings", Read::Everyone, Write::Admin),
        ("custom_field", Read::Everyone, Write::Admin),
        ("saved_view", Read::InScope, Write::Owner),
        ("view_defaults", Read::InScope, Write::Owner),
        ("scoring_settings", Read::Everyone, Write::Admin),
        ("scoring_table", Read::Everyone, Write::Server),
        ("scoring_rule", Read::Everyone, Write::Admin),
        ("lead_qualification", Read::Everyone, Write::Admin),
        ("territory", Read::Everyone, Write::Admin),
    ];
    for kind in Record::KINDS {
        let policy = Record::policy_of(kind).expect("a registered kind has a policy");
        let row = table.iter().find(|(name, _, _)| name == kind);
        let Some((_, read, write)) = row else {
            panic!("the kind {kind} has no row in this table: write down who sees and changes it");
        };
        assert_eq!((policy.read, policy.write), (*read, *write), "{kind}");
    }
    assert_eq!(
        table.len(),
        Record::KINDS.len(),
        "a row for a kind that is not registered"
    );
}

/// The coarse gate, derived from each kind's policy: what each role may even attempt, for a
/// save of every kind of set-up and a delete of a contact and a tag.
#[test]
fn what_a_role_may_attempt_follows_the_kinds_policy() {
    let w = world();
    let tag = crate::domain::Tag {
        id: Uuid::now_v7(),
        name: "VIP".into(),
        colour: 1,
        version: 1,
        deleted: false,
    };
    let product = crate::domain::Product {
        id: Uuid::now_v7(),
        name: "Máy lọc".into(),
        price: crate::domain::Money::new(1_000, crate::domain::Currency::VND),
        tax_percent: 10,
        version: 1,
        deleted: false,
    };
    let contact = Contact {
        custom: Default::default(),
        id: Uuid::now_v7(),
        name: "Lan".into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    };
    let save = |r: Record| Mutation::Save { record: r };
    let cases: Vec<(&str, Mutation, Option<Record>, [bool; 4])> = vec![
        // admin, manager, salesperson, read-only
        (
            "save tag",
            save(tag.clone().into()),
            None,
            [true, true, true, false],
        ),
        (
            "save product",
            save(product.clone().into()),
            None,
            [true, false, false, false],
        ),
        (
            "save team",
            save(w.north.clone().into()),
            None,
            [true, true, false, false],
        ),
        (
            "save contact",
            save(contact.clone().into()),
            None,
            [true, true, true, false],
        ),
        (
            "delete tag",
            Mutation::Delete { id: tag.id },
            Some(tag.into()),
            [true, false, false, false],
        ),
        (
            "delete contact",
            Mutation::Delete { id: contact.id },
            Some(contact.into()),
            [true, true, false, false],
        ),
        (
            "edit product",
            Mutation::EditRecord {
                id: product.id,
                fields: serde_json::Map::new(),
                base_version: 1,
            },
            Some(product.into()),
            [true, false, false, false],
        ),
    ];
    for (name, m, target, expected) in cases {
        let got = [
            w.viewer(w.admin, Role::Admin),
            w.viewer(w.manager, Role::Manager),
            w.viewer(w.ann, Role::Salesperson),
            w.viewer(w.reader, Role::ReadOnly),
        ]
        .map(|v| v.may_attempt(&m, target.as_ref()));
        assert_eq!(got, expected, "{name}");
    }
}

/// A saved view is its maker's: read by them and those it is shared with, whatever their role
/// (the admin does not read a private one); changed by its maker, every role, read-only
/// included; shared with a team only by someone in it, with everyone only by a manager or the
/// admin; the admin may change or delete one shared with them, never make one for another.
#[test]
fn a_saved_view_is_its_makers_and_those_it_is_shared_with() {
    use crate::domain::saved_view::{SavedView, Sharing};
    let w = world();
    let view = |owner: Uuid, sharing: Sharing, team: Option<Uuid>| SavedView {
        id: Uuid::now_v7(),
        name: "Closing this month".into(),
        page: "board".into(),
        filter: Default::default(),
        params: Default::default(),
        columns: Vec::new(),
        owner_id: owner,
        sharing,
        team_id: team,
        version: 1,
        deleted: false,
    };
    let readers = |v: &SavedView| {
        let r = Record::SavedView(v.clone());
        w.all()
            .into_iter()
            .filter(|(_, viewer)| viewer.can_read(&r, &no_deals))
            .map(|(name, _)| name)
            .collect::<Vec<_>>()
    };
    let private = view(w.ann, Sharing::Private, None);
    assert_eq!(readers(&private), ["ann"]);
    let north = view(w.ann, Sharing::Team, Some(w.north.id));
    assert_eq!(readers(&north), ["manager", "ann", "bao"]);
    let everyone = view(w.bao, Sharing::Everyone, None);
    assert_eq!(readers(&everyone).len(), 6);

    let writes = |who: &Viewer, before: Option<&SavedView>, after: &SavedView| {
        who.check_write(
            before.cloned().map(Record::SavedView).as_ref(),
            &Record::SavedView(after.clone()),
            &no_deals,
        )
    };
    let [admin, manager, ann, bao, _chi, reader] = w.all().map(|(_, v)| v);
    let refused = Err(RuleError::NotAllowed);
    // Each keeps their own, the read-only person too.
    assert_eq!(writes(&ann, None, &private), Ok(()));
    let readers_own = view(w.reader, Sharing::Private, None);
    assert_eq!(writes(&reader, None, &readers_own), Ok(()));
    let save = Mutation::Save {
        record: Record::SavedView(readers_own.clone()),
    };
    assert!(reader.may_attempt(&save, None));
    // Nobody makes one for someone else, the admin neither.
    assert_eq!(writes(&bao, None, &private), refused);
    assert_eq!(writes(&admin, None, &private), refused);
    // Ann shares with her team, not another; with everyone only a manager or the admin.
    assert_eq!(writes(&ann, None, &north), Ok(()));
    assert_eq!(
        writes(&ann, None, &view(w.ann, Sharing::Team, Some(w.south.id))),
        refused
    );
    assert_eq!(
        writes(&ann, None, &view(w.ann, Sharing::Everyone, None)),
        refused
    );
    assert_eq!(
        writes(&manager, None, &view(w.manager, Sharing::Everyone, None)),
        Ok(())
    );
    // Bao reads Ann's team view but does not change it.
    let renamed = SavedView {
        name: "Mine now".into(),
        ..north.clone()
    };
    assert_eq!(writes(&bao, Some(&north), &renamed), refused);
    // The admin changes one shared with everyone; one shared with a team they are not in is
    // out of their sight.
    let tidied = SavedView {
        name: "Tidied".into(),
        ..everyone.clone()
    };
    assert_eq!(writes(&admin, Some(&everyone), &tidied), Ok(()));
    assert_eq!(writes(&ann, Some(&everyone), &tidied), refused);
    assert_eq!(
        writes(&admin, Some(&north), &renamed),
        Err(RuleError::UnknownRecord(north.id))
    );
    // Nobody takes one over.
    let taken = SavedView {
        owner_id: w.ann,
        ..everyone.clone()
    };
    assert_eq!(writes(&ann, Some(&everyone), &taken), refused);
    assert_eq!(writes(&admin, Some(&everyone), &taken), refused);
    // The admin does not see Ann's private view: a change of it is answered as unknown.
    assert_eq!(
        writes(&admin, Some(&private), &private),
        Err(RuleError::UnknownRecord(private.id))
    );
    // Her own, she deletes.
    let gone = SavedView {
        deleted: true,
        ..north.clone()
    };
    assert_eq!(writes(&ann, Some(&north), &gone), Ok(()));
}
