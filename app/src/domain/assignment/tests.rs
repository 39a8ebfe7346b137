//! Odoo's assignment figures (its `test_crm_lead_assignment.py`: the quotas of its fixture) and
//! the rules of the module worked by hand.

use super::*;

/// A seeded generator of numbers in [0, 1) (splitmix64): the same draws every run.
fn seeded(seed: u64) -> impl FnMut() -> f64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn ids(n: usize) -> Vec<Uuid> {
    (0..n).map(|_| Uuid::now_v7()).collect()
}

#[test]
fn a_quota_is_a_thirtieth_of_the_capacity_rounded_half_up_less_what_came_today() {
    let daily: Vec<u32> = [0, 10, 14, 15, 30, 44, 45, 60, 75, 90, 150, 30_000]
        .into_iter()
        .map(daily_quota)
        .collect();
    assert_eq!(daily, [0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 5, 1000]);
    // Odoo's `test_assign_quota`: 45 a month is 2 a day; after 30 today, -28; assigned by
    // hand ("assign now"), 2 again.
    assert_eq!(quota(45, 0, false), 2);
    assert_eq!(quota(45, 30, false), -28);
    assert_eq!(quota(45, 30, true), 2);
    // A second run the same day: what came in the first counts.
    assert_eq!(quota(45, 2, false), 0);
    assert_eq!(quota(75, 1, false), 2);
}

#[test]
fn leads_go_to_teams_in_proportion_to_their_capacity_and_all_of_them_get_one() {
    // Odoo's fixture: a team of 45 + 15 + 15 and one of 30 + 60.
    let leads = ids(3_300);
    let (one, two) = (Uuid::now_v7(), Uuid::now_v7());
    let teams = vec![
        TeamDraw {
            team: one,
            capacity: 75,
            leads: leads.clone(),
        },
        TeamDraw {
            team: two,
            capacity: 90,
            leads: leads.clone(),
        },
    ];
    let given = allocate(teams, &mut seeded(1940));
    assert_eq!(given.len(), leads.len(), "every lead gets a team");
    let mut seen: Vec<Uuid> = given.iter().map(|g| g.0).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), leads.len(), "and only one");
    let share = given.iter().filter(|g| g.1 == one).count() as f64 / leads.len() as f64;
    // 75 / 165 = 45.5 %: within a point and a half over 3,300 draws.
    assert!((share - 75.0 / 165.0).abs() < 0.015, "{share}");
    // The same seed, the same teams: the same hand-out.
    let again = allocate(
        vec![
            TeamDraw {
                team: one,
                capacity: 75,
                leads: leads.clone(),
            },
            TeamDraw {
                team: two,
                capacity: 90,
                leads: leads.clone(),
            },
        ],
        &mut seeded(1940),
    );
    assert_eq!(again, given);
}

#[test]
fn a_team_takes_only_the_leads_its_filter_passes_and_leaves_the_draw_when_they_are_gone() {
    let leads = ids(100);
    let (wide, narrow, idle) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    // The narrow team's filter passes the first ten only; the idle team has no capacity.
    let given = allocate(
        vec![
            TeamDraw {
                team: narrow,
                capacity: 1_000,
                leads: leads[..10].to_vec(),
            },
            TeamDraw {
                team: wide,
                capacity: 1,
                leads: leads.clone(),
            },
            TeamDraw {
                team: idle,
                capacity: 0,
                leads: leads.clone(),
            },
        ],
        &mut seeded(7),
    );
    assert_eq!(given.len(), 100);
    assert!(given.iter().all(|g| g.1 != idle));
    let narrow_got: Vec<Uuid> = given
        .iter()
        .filter(|g| g.1 == narrow)
        .map(|g| g.0)
        .collect();
    assert!(narrow_got.iter().all(|l| leads[..10].contains(l)));
    // Nearly a thousand to one: the narrow team takes nearly all of its ten, in its order.
    assert!(narrow_got.len() >= 9, "{}", narrow_got.len());
    assert_eq!(narrow_got[0], leads[0]);
    assert!(given.iter().filter(|g| g.1 == wide).count() >= 90);
}

#[test]
fn members_take_turns_the_largest_quota_first_highest_probability_first_within_their_filters() {
    // Odoo's first team: 45 a month (2 a day), 15 for "probability ≥ 10" (1), 15 for
    // "probability ≥ 20" (1).
    let (m1, m2, m3) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let probabilities = [75, 50, 30, 25, 15, 5];
    let leads = ids(probabilities.len());
    let probability = |lead: Uuid| probabilities[leads.iter().position(|l| *l == lead).unwrap()];
    let accepts = |user: Uuid, lead: Uuid| {
        let p = probability(lead);
        (user == m1) || (user == m2 && p >= 10) || (user == m3 && p >= 20)
    };
    let members = vec![
        Turn {
            user: m1,
            quota: quota(45, 0, false),
        },
        Turn {
            user: m2,
            quota: quota(15, 0, false),
        },
        Turn {
            user: m3,
            quota: quota(15, 0, false),
        },
    ];
    let given = hand_out(members, &leads, &accepts, &mut seeded(1));
    let to = |user: Uuid| -> Vec<u32> {
        given
            .iter()
            .filter(|g| g.1 == user)
            .map(|g| probability(g.0))
            .collect()
    };
    // m1 first (the largest quota) takes 75 and goes to the back; m2 and m3 (one each, in the
    // draw's order) take 50 and 30; m1 takes 25; nobody is left for 15 and 5.
    assert_eq!(to(m1), [75, 25]);
    let (a, b) = (to(m2), to(m3));
    assert_eq!((a.len(), b.len()), (1, 1));
    let mut middle = [a[0], b[0]];
    middle.sort();
    assert_eq!(middle, [30, 50]);
    assert_eq!(given.len(), 4);
}

#[test]
fn a_member_away_or_without_quota_takes_nothing_and_a_lead_no_filter_passes_stays() {
    let (away, full, open) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let leads = ids(3);
    let members = vec![
        // Opted out: the caller leaves them out, as one with no quota.
        Turn {
            user: full,
            quota: quota(30, 1, false),
        },
        Turn {
            user: open,
            quota: quota(90, 0, false),
        },
    ];
    // `open` takes anything but the first lead.
    let accepts = |user: Uuid, lead: Uuid| user == open && lead != leads[0];
    let given = hand_out(members, &leads, &accepts, &mut seeded(3));
    assert_eq!(given, vec![(leads[1], open), (leads[2], open)]);
    assert!(given.iter().all(|g| g.1 != away && g.1 != full));
}

#[test]
fn equal_quotas_take_turns_in_a_random_order_so_nobody_is_always_first() {
    // Odoo's fairness test: two members of the same quota, one lead a run, many runs.
    let (senior, junior) = (Uuid::now_v7(), Uuid::now_v7());
    let mut draw = seeded(1000);
    let mut seniors = 0;
    for _ in 0..200 {
        let lead = Uuid::now_v7();
        let given = hand_out(
            vec![
                Turn {
                    user: senior,
                    quota: 5,
                },
                Turn {
                    user: junior,
                    quota: 5,
                },
            ],
            &[lead],
            &|_, _| true,
            &mut draw,
        );
        seniors += usize::from(given[0].1 == senior);
    }
    assert!((70..=130).contains(&seniors), "{seniors} of 200");
}
