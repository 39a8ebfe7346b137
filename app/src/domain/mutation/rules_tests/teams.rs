//! Teams: their name, leader and members, and deleting one.

use super::kit::*;

#[test]
fn a_team_without_a_name_is_refused() {
    let store = Store::default();
    let unnamed = team("   ", None, Vec::new());
    assert_eq!(
        apply(&Mutation::save(unnamed), &store),
        Err(RuleError::Required("team.name".into()))
    );
}

#[test]
fn a_team_led_by_someone_who_is_not_a_user_is_refused() {
    let mai = user("Lê Thị Mai");
    let store = Store {
        users: vec![mai.clone()],
        ..Store::default()
    };
    let stranger = Uuid::now_v7();
    let led_by_stranger = team("Miền Bắc", Some(stranger), vec![mai.id]);
    assert_eq!(
        apply(&Mutation::save(led_by_stranger), &store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn a_team_with_a_member_who_is_not_a_user_is_refused() {
    let mai = user("Lê Thị Mai");
    let store = Store {
        users: vec![mai.clone()],
        ..Store::default()
    };
    let stranger = Uuid::now_v7();
    let with_stranger = team("Miền Bắc", Some(mai.id), vec![mai.id, stranger]);
    assert_eq!(
        apply(&Mutation::save(with_stranger), &store),
        Err(RuleError::UnknownSalesperson(stranger))
    );
}

#[test]
fn saving_a_team_keeps_each_member_once_in_order_and_trims_its_name() {
    let (mai, nam) = (user("Lê Thị Mai"), user("Trần Văn Nam"));
    let store = Store {
        users: vec![mai.clone(), nam.clone()],
        ..Store::default()
    };
    let twice = team(
        "  Miền Bắc ",
        Some(mai.id),
        vec![nam.id, mai.id, nam.id, mai.id],
    );
    let saved = the_team(apply(&Mutation::save(twice.clone()), &store));
    assert_eq!(
        saved,
        Team {
            name: "Miền Bắc".into(),
            member_ids: vec![nam.id, mai.id],
            ..twice
        }
    );
}

#[test]
fn a_new_team_needs_a_time_ordered_id() {
    let mut old_style = team("Miền Bắc", None, Vec::new());
    old_style.id = v4_id();
    assert_eq!(
        apply(&Mutation::save(old_style), &Store::default()),
        Err(RuleError::IdNotTimeOrdered)
    );
}

#[test]
fn deleting_a_team_marks_it_deleted_and_keeps_the_rest() {
    let north = team("Miền Bắc", None, Vec::new());
    let store = Store {
        teams: vec![north.clone()],
        ..Store::default()
    };
    let deleted = the_team(apply(&Mutation::Delete { id: north.id }, &store));
    assert_eq!(
        deleted,
        Team {
            deleted: true,
            ..north
        }
    );
}
