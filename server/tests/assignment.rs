//! Assigning new leads against a real PostgreSQL: teams by capacity, members by daily quota,
//! highest probability first; a second run the same day gives nobody more than their quota;
//! "assign now" gives it again; two server processes at once never give a lead twice.

mod common;

use std::collections::HashMap;

use app::db::assignment::{assign, assign_now};
use app::domain::team::Capacity;
use app::domain::{Mutation, OpportunityFields, Record, Team};
use app::sync::protocol::Outcome;
use common::{Client, TestDb, create, demo_db, push};
use uuid::Uuid;

async fn teams(db: &TestDb) -> Vec<Team> {
    let rows: Vec<sqlx::types::Json<Record>> = sqlx::query_scalar(
        "SELECT data FROM records WHERE org_id = $1 AND kind = 'team' AND NOT deleted ORDER BY id",
    )
    .bind(db.who.org_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .filter_map(|r| match r.0 {
            Record::Team(t) => Some(t),
            _ => None,
        })
        .collect()
}

async fn user(db: &TestDb, email: &str) -> Uuid {
    common::identity_of(db, email).await.user_id
}

/// Hanoi: Khoa 60 a month (2 a day), Mai 30 (1); HCMC: Huy 45 (2), Sarah 15 (1). The demo's
/// deals were handed to them as it was made: that was two days ago, not in today's quotas.
async fn set_capacities(db: &TestDb, admin: &mut Client) -> HashMap<Uuid, i64> {
    sqlx::query("UPDATE changes SET at = at - interval '2 days' WHERE org_id = $1")
        .bind(db.who.org_id)
        .execute(&db.pool)
        .await
        .unwrap();
    // And the demo's deals waiting for someone are the admin's: only the test's leads wait.
    sqlx::query(
        "UPDATE opportunities SET salesperson_id = $2 WHERE org_id = $1 AND salesperson_id IS NULL",
    )
    .bind(db.who.org_id)
    .bind(db.who.user_id)
    .execute(&db.pool)
    .await
    .unwrap();
    let mut quotas = HashMap::new();
    let mut saves = Vec::new();
    for mut team in teams(db).await {
        let share: &[(&str, u32)] = if team.name.contains("Hanoi") {
            &[("khoa@demo.rapport", 60), ("mai@demo.rapport", 30)]
        } else {
            &[("huy@demo.rapport", 45), ("sarah@demo.rapport", 15)]
        };
        for (email, per_month) in share {
            let id = user(db, email).await;
            quotas.insert(
                id,
                i64::from(app::domain::assignment::daily_quota(*per_month)),
            );
            team.capacities.push(Capacity {
                user_id: id,
                per_month: *per_month,
                away: false,
                takes: Default::default(),
                territories: Vec::new(),
            });
        }
        saves.push(Mutation::save(team));
    }
    let outcome = push(db, admin, saves).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    quotas
}

/// `n` new leads of nobody's, their probabilities set by hand to 5, 10, 15…
async fn new_leads(db: &TestDb, admin: &mut Client, n: usize) -> Vec<Uuid> {
    let mut made = Vec::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let m = create(&db.stages[0], &format!("Lead {i}"), "V");
        ids.push(m.record_id());
        made.push(m);
        made.push(Mutation::SetOpportunityFields {
            id: *ids.last().unwrap(),
            fields: OpportunityFields {
                probability: Some(5 * (i as u8 + 1)),
                ..Default::default()
            },
            base_version: 0,
        });
    }
    let outcome = push(db, admin, made).await;
    assert!(outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })));
    ids
}

/// Each lead's (team, salesperson, probability).
async fn placed(db: &TestDb, ids: &[Uuid]) -> HashMap<Uuid, (Option<Uuid>, Option<Uuid>, i16)> {
    let rows: Vec<(Uuid, Option<Uuid>, Option<Uuid>, i16)> = sqlx::query_as(
        "SELECT id, team_id, salesperson_id, probability FROM opportunities WHERE id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(i, t, s, p)| (i, (t, s, p)))
        .collect()
}

/// How many of these leads a run can give people: per team, its members' quotas, or its
/// leads still waiting if fewer.
fn can_give(
    after: &HashMap<Uuid, (Option<Uuid>, Option<Uuid>, i16)>,
    teams: &[Team],
    quotas: &HashMap<Uuid, i64>,
) -> i64 {
    teams
        .iter()
        .map(|team| {
            let waiting = after
                .values()
                .filter(|p| p.0 == Some(team.id) && p.1.is_none())
                .count() as i64;
            let quota: i64 = team.capacities.iter().map(|c| quotas[&c.user_id]).sum();
            waiting.min(quota)
        })
        .sum()
}

#[tokio::test]
async fn leads_go_to_teams_then_members_by_quota_highest_probability_first() {
    let db = demo_db(20).await;
    let mut admin = Client::new();
    let quotas = set_capacities(&db, &mut admin).await;
    let leads = new_leads(&db, &mut admin, 12).await;
    let done = assign(&db.pool, db.who.org_id, false, true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.teams, 12, "every new lead gets a team");
    let after = placed(&db, &leads).await;
    assert!(after.values().all(|(team, _, _)| team.is_some()));
    let teams = teams(&db).await;
    let mut given: HashMap<Uuid, i64> = HashMap::new();
    for team in &teams {
        let mine: Vec<&(Option<Uuid>, Option<Uuid>, i16)> =
            after.values().filter(|p| p.0 == Some(team.id)).collect();
        let quota: i64 = team.capacities.iter().map(|c| quotas[&c.user_id]).sum();
        let with_person: Vec<i16> = mine.iter().filter(|p| p.1.is_some()).map(|p| p.2).collect();
        // As many as the team's members take today, or all of its leads.
        assert_eq!(
            with_person.len() as i64,
            quota.min(mine.len() as i64),
            "{}",
            team.name
        );
        // The highest probabilities went first.
        let waiting_best = mine.iter().filter(|p| p.1.is_none()).map(|p| p.2).max();
        if let Some(best) = waiting_best {
            assert!(with_person.iter().all(|p| *p > best), "{}", team.name);
        }
        for p in &mine {
            if let Some(person) = p.1 {
                assert!(team.capacities.iter().any(|c| c.user_id == person));
                *given.entry(person).or_default() += 1;
            }
        }
    }
    assert_eq!(done.people as i64, given.values().sum::<i64>());
    for (person, n) in &given {
        assert!(*n <= quotas[person], "nobody over their quota");
    }
    // The deal's timeline says the rule did it.
    let lines: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM changes WHERE field = 'assigned' AND record_id = ANY($1)",
    )
    .bind(&leads)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(lines, 12);

    // A second run the same day: the quotas are used, nobody gets more.
    let again = assign(&db.pool, db.who.org_id, false, true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.teams, again.people), (0, 0));
    // "Assign now": the whole daily quota again, for what still waits, of any age (the demo's
    // team deals without a salesperson too).
    let all_waiting: Vec<Uuid> = sqlx::query_scalar(
        "SELECT id FROM opportunities WHERE org_id = $1 AND NOT deleted AND NOT lost \
         AND closed_on IS NULL AND salesperson_id IS NULL",
    )
    .bind(db.who.org_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let expected = can_give(&placed(&db, &all_waiting).await, &teams, &quotas);
    let now = assign_now(&db.pool, &db.who).await.unwrap();
    assert_eq!(i64::from(now.people), expected, "{now:?}");
    // A salesperson may not ask.
    let huy = common::identity_of(&db, "huy@demo.rapport").await;
    assert!(matches!(
        assign_now(&db.pool, &huy).await,
        Err(app::db::DbError::Forbidden(_))
    ));
}

#[tokio::test]
async fn two_processes_at_once_never_give_a_lead_twice_nor_a_member_past_their_quota() {
    let db = demo_db(20).await;
    let mut admin = Client::new();
    let quotas = set_capacities(&db, &mut admin).await;
    let leads = new_leads(&db, &mut admin, 20).await;
    let (a, b) = tokio::join!(
        assign(&db.pool, db.who.org_id, false, false),
        assign(&db.pool, db.who.org_id, false, false)
    );
    let runs: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
    assert!(!runs.is_empty());
    assert_eq!(runs.iter().map(|r| r.teams).sum::<u32>(), 20, "{runs:?}");
    let given: Vec<(Uuid, i64)> = sqlx::query_as(
        "SELECT (new_value #>> '{}')::uuid, count(*) FROM changes \
         WHERE field = 'salesperson_id' AND record_id = ANY($1) GROUP BY 1",
    )
    .bind(&leads)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for (person, n) in &given {
        assert!(*n <= quotas[person], "{person}: {n}");
    }
    // As many as one run alone gives: each team its members' quotas, or all its leads.
    let mut teamed = placed(&db, &leads).await;
    for p in teamed.values_mut() {
        p.1 = None;
    }
    let total: i64 = given.iter().map(|g| g.1).sum();
    assert_eq!(total, can_give(&teamed, &teams(&db).await, &quotas));
}

/// Conditions keeping the deals whose title has (or, `without`, has not) `text`.
fn titled(text: &str, without: bool) -> app::domain::filter::Filter {
    app::domain::filter::Filter {
        conditions: vec![app::domain::filter::Condition {
            field: "title".into(),
            op: if without {
                app::domain::filter::Op::Excludes
            } else {
                app::domain::filter::Op::Contains
            },
            values: vec![text.into()],
            of: None,
        }],
        ..Default::default()
    }
}

#[tokio::test]
async fn teams_and_members_take_only_the_leads_their_conditions_keep() {
    let db = demo_db(20).await;
    let mut admin = Client::new();
    set_capacities(&db, &mut admin).await;
    let (huy, sarah) = (
        user(&db, "huy@demo.rapport").await,
        user(&db, "sarah@demo.rapport").await,
    );
    // HCMC takes the leads from Sài Gòn, Sarah its VIP ones, Huy the others; Hanoi those from
    // Hà Nội. Nobody takes Đà Nẵng's.
    let mut saves = Vec::new();
    for mut team in teams(&db).await {
        if team.name.contains("HCMC") {
            team.takes = titled("Sài Gòn", false);
            for c in &mut team.capacities {
                c.takes = titled("VIP", c.user_id != sarah);
            }
        } else {
            team.takes = titled("Hà Nội", false);
        }
        saves.push(Mutation::save(team));
    }
    let outcome = push(&db, &mut admin, saves).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    let titles = [
        "Sài Gòn 1",
        "Sài Gòn VIP",
        "Sài Gòn 2",
        "Sài Gòn 3",
        "Hà Nội 1",
        "Hà Nội 2",
        "Đà Nẵng 1",
    ];
    let made: Vec<Mutation> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| create(&db.stages[0], t, ["V", "W", "X", "Y", "Z", "a", "b"][i]))
        .collect();
    let ids: Vec<Uuid> = made.iter().map(Mutation::record_id).collect();
    let outcome = push(&db, &mut admin, made).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    assign(&db.pool, db.who.org_id, false, true)
        .await
        .unwrap()
        .unwrap();
    let after = placed(&db, &ids).await;
    let all = teams(&db).await;
    let team_of = |name: &str| all.iter().find(|t| t.name.contains(name)).map(|t| t.id);
    for (title, id) in titles.iter().zip(&ids) {
        let (team, person, _) = after[id];
        let expected = if title.starts_with("Sài Gòn") {
            team_of("HCMC")
        } else if title.starts_with("Hà Nội") {
            team_of("Hanoi")
        } else {
            None
        };
        assert_eq!(team, expected, "{title}");
        if *title == "Sài Gòn VIP" {
            assert_eq!(person, Some(sarah), "{title}");
        } else if title.starts_with("Sài Gòn") {
            assert_ne!(person, Some(sarah), "{title}");
        }
    }
    // Huy's two a day went to plain Sài Gòn leads; the third waits.
    let huys = ids.iter().filter(|id| after[id].1 == Some(huy)).count();
    assert_eq!(huys, 2);
    // A condition that reads "me" means nothing for the server's assigner: refused.
    let mut team = teams(&db).await.remove(0);
    team.takes = app::domain::filter::Filter {
        conditions: vec![app::domain::filter::Condition {
            field: "salesperson_id".into(),
            op: app::domain::filter::Op::OneOf,
            values: vec!["me".into()],
            of: None,
        }],
        ..Default::default()
    };
    let refused = push(&db, &mut admin, vec![Mutation::save(team)]).await;
    assert!(
        matches!(&refused[0], Outcome::Rejected { .. }),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_new_lead_that_is_the_same_as_one_someone_has_goes_to_them() {
    let db = demo_db(20).await;
    let mut admin = Client::new();
    set_capacities(&db, &mut admin).await;
    let mai = user(&db, "mai@demo.rapport").await;
    let lead = |title: &str, email: &str, phone: &str, position: &str| {
        let Mutation::CreateOpportunity(new) = create(&db.stages[0], title, position) else {
            unreachable!()
        };
        Mutation::CreateOpportunity(app::domain::NewOpportunity {
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            lead: true,
            email: email.into(),
            phone: phone.into(),
            ..new
        })
    };
    // Mai has had Chị Lan's lead for a while.
    let first = lead("Chị Lan – máy lọc nước", "lan@nguyendu.edu.vn", "", "V");
    let first_id = first.record_id();
    let outcome = push(&db, &mut admin, vec![first]).await;
    assert!(outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })));
    sqlx::query("UPDATE opportunities SET salesperson_id = $2 WHERE id = $1")
        .bind(first_id)
        .bind(mai)
        .execute(&db.pool)
        .await
        .unwrap();
    // She writes again, from the same address, and calls from a number Mai's lead has too
    // (written another way).
    sqlx::query("UPDATE opportunities SET phone = '0903 123 456' WHERE id = $1")
        .bind(first_id)
        .execute(&db.pool)
        .await
        .unwrap();
    let again = lead("Hỏi lại về máy lọc", " LAN@nguyendu.edu.vn ", "", "W");
    let call = lead("Gọi điện", "", "+84 903 123 456", "X");
    let other = lead("Khách mới", "khach@moi.vn", "", "Y");
    let ids = [again.record_id(), call.record_id(), other.record_id()];
    let outcome = push(&db, &mut admin, vec![again, call, other]).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    let done = assign(&db.pool, db.who.org_id, false, true)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(done.twins, 2, "{done:?}");
    let after = placed(&db, &ids).await;
    assert_eq!(after[&ids[0]].1, Some(mai));
    assert_eq!(after[&ids[1]].1, Some(mai));
    // The new customer is drawn for, as usual: a team by capacity.
    assert!(after[&ids[2]].0.is_some());
    // Their timelines say which lead they are the same as.
    let lines: Vec<(Uuid, Option<String>)> = sqlx::query_as(
        "SELECT record_id, new_value #>> '{}' FROM changes WHERE field = 'duplicate_of' \
         AND record_id = ANY($1) ORDER BY record_id",
    )
    .bind(&ids[..])
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|(_, original)| original.as_deref() == Some(&first_id.to_string()))
    );
}

#[tokio::test]
async fn a_lead_whose_salesperson_was_taken_off_is_left_alone() {
    let db = demo_db(20).await;
    let mut admin = Client::new();
    set_capacities(&db, &mut admin).await;
    let leads = new_leads(&db, &mut admin, 2).await;
    let huy = user(&db, "huy@demo.rapport").await;
    // The first had Huy, and was taken off him by hand.
    let outcome = push(
        &db,
        &mut admin,
        [Some(huy), None]
            .into_iter()
            .map(|who| Mutation::SetOpportunityFields {
                id: leads[0],
                fields: OpportunityFields {
                    salesperson_id: Some(who),
                    ..Default::default()
                },
                base_version: 0,
            })
            .collect(),
    )
    .await;
    assert!(outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })));
    assign(&db.pool, db.who.org_id, true, true)
        .await
        .unwrap()
        .unwrap();
    let after = placed(&db, &leads).await;
    assert_eq!(after[&leads[0]].1, None, "left alone");
    assert!(after[&leads[1]].1.is_some(), "the other is given");
}

#[tokio::test]
async fn teams_and_members_take_new_leads_in_their_territories() {
    use app::domain::territory::Territory;
    let db = demo_db(20).await;
    let mut admin = Client::new();
    set_capacities(&db, &mut admin).await;
    let sarah = user(&db, "sarah@demo.rapport").await;
    let place = |name: &str, provinces: &[&str], postcodes: &[&str]| Territory {
        id: Uuid::now_v7(),
        name: name.into(),
        countries: Vec::new(),
        provinces: provinces.iter().map(|p| p.to_string()).collect(),
        postcodes: postcodes.iter().map(|p| p.to_string()).collect(),
        version: 0,
        deleted: false,
    };
    let (north, south, district) = (
        place("Miền Bắc", &["VN-HN", "VN-BN"], &[]),
        place("Miền Nam", &["VN-SG"], &[]),
        place("Quận 1", &[], &["7001"]),
    );
    let outcome = push(
        &db,
        &mut admin,
        [&north, &south, &district]
            .into_iter()
            .map(|t| Mutation::save(t.clone()))
            .collect(),
    )
    .await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    // Hanoi covers the north, HCMC the south, and Sarah, in HCMC, only District 1.
    let mut saves = Vec::new();
    for mut team in teams(&db).await {
        if team.name.contains("HCMC") {
            team.territories = vec![south.id];
            for c in &mut team.capacities {
                if c.user_id == sarah {
                    c.territories = vec![district.id];
                }
            }
        } else {
            team.territories = vec![north.id];
        }
        saves.push(Mutation::save(team));
    }
    let outcome = push(&db, &mut admin, saves).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    let leads = [
        ("Hà Nội", "VN-HN", ""),
        ("Bắc Ninh", "VN-BN", ""),
        ("Sài Gòn", "VN-SG", "700000"),
        ("Quận 1", "VN-SG", "700100"),
        ("Đà Nẵng", "VN-DN", ""),
    ];
    let made: Vec<Mutation> = leads
        .iter()
        .enumerate()
        .map(|(i, (title, province, postcode))| {
            let Mutation::CreateOpportunity(new) =
                create(&db.stages[0], title, ["V", "W", "X", "Y", "Z"][i])
            else {
                unreachable!()
            };
            Mutation::CreateOpportunity(app::domain::NewOpportunity {
                lead: true,
                province: province.to_string(),
                postcode: postcode.to_string(),
                ..new
            })
        })
        .collect();
    let ids: Vec<Uuid> = made.iter().map(Mutation::record_id).collect();
    let outcome = push(&db, &mut admin, made).await;
    assert!(
        outcome.iter().all(|o| matches!(o, Outcome::Applied { .. })),
        "{outcome:?}"
    );
    // The country follows from the province.
    let country: String = sqlx::query_scalar("SELECT country FROM opportunities WHERE id = $1")
        .bind(ids[0])
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(country, "VN");
    assign(&db.pool, db.who.org_id, false, true)
        .await
        .unwrap()
        .unwrap();
    let after = placed(&db, &ids).await;
    let all = teams(&db).await;
    let team_of = |name: &str| all.iter().find(|t| t.name.contains(name)).map(|t| t.id);
    let expected = [
        team_of("Hanoi"),
        team_of("Hanoi"),
        team_of("HCMC"),
        team_of("HCMC"),
        None,
    ];
    for (i, (title, ..)) in leads.iter().enumerate() {
        assert_eq!(after[&ids[i]].0, expected[i], "{title}");
    }
    assert_ne!(
        after[&ids[2]].1,
        Some(sarah),
        "Sài Gòn is not in District 1"
    );
    assert_eq!(after[&ids[3]].1, Some(sarah), "District 1 is Sarah's");
}
