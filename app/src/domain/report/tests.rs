//! Every dashboard figure on a small fixed dataset; the expected numbers are worked out by hand
//! in the comments.

use chrono::NaiveDate;
use uuid::Uuid;

use super::*;
use crate::domain::rates::{Rate, parse_rate};
use crate::domain::{
    Activity, Campaign, Contact, CurrencySettings, LostReason, Money, Opportunity, Source, Stage,
    Team, User,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

struct World {
    store: Store,
    team_a: Uuid,
    lan: Uuid,
}

fn stage(name: &str, sequence: i32, probability: u8, is_won: bool) -> Stage {
    Stage {
        id: Uuid::now_v7(),
        name: name.into(),
        sequence,
        is_won,
        folded: false,
        rotting_days: 0,
        probability,
        team_id: None,
        version: 1,
        deleted: false,
    }
}

fn team(name: &str) -> Team {
    Team {
        id: Uuid::now_v7(),
        name: name.into(),
        leader_id: None,
        member_ids: Vec::new(),
        for_quotations: true,
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

const CONTACT: Uuid = Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0001);

fn activity(due: NaiveDate, deal: Option<Uuid>, user: Option<Uuid>, done: bool) -> Activity {
    Activity {
        id: Uuid::now_v7(),
        type_id: Uuid::now_v7(),
        subject: deal.map_or(
            crate::domain::Subject::contact(CONTACT),
            crate::domain::Subject::deal,
        ),
        summary: String::new(),
        note: String::new(),
        due,
        user_id: user,
        done,
        done_on: None,
        feedback: String::new(),
        version: 1,
        deleted: false,
    }
}

fn target(month: NaiveDate, team: Option<Uuid>, person: Option<Uuid>, amount: Money) -> Target {
    Target {
        id: Uuid::now_v7(),
        month,
        team_id: team,
        salesperson_id: person,
        amount,
        version: 1,
        deleted: false,
    }
}

fn vnd(amount: i64) -> Money {
    Money::new(amount, Currency::VND)
}

/// Twelve deals of two teams and two salespeople, described in each line.
fn world() -> World {
    let new = stage("New", 1, 10, false);
    let proposal = stage("Proposal", 2, 50, false);
    let won = stage("Won", 3, 100, true);
    let (a, b) = (team("A"), team("B"));
    let lan = User {
        id: Uuid::now_v7(),
        name: "Lan".into(),
        email: "lan@example.com".into(),
    };
    let minh = User {
        id: Uuid::now_v7(),
        name: "Minh".into(),
        email: "minh@example.com".into(),
    };
    let price = LostReason {
        id: Uuid::now_v7(),
        name: "Price".into(),
        version: 1,
        deleted: false,
    };
    let tet = Campaign {
        id: Uuid::now_v7(),
        name: "Tết".into(),
        version: 1,
        deleted: false,
    };
    let web = Source {
        id: Uuid::now_v7(),
        name: "Web".into(),
        version: 1,
        deleted: false,
    };
    let referral = Source {
        id: Uuid::now_v7(),
        name: "Referral".into(),
        version: 1,
        deleted: false,
    };

    #[allow(clippy::too_many_arguments)]
    fn deal(
        stage: &Stage,
        revenue: Money,
        probability: u8,
        team: &Team,
        person: Option<&User>,
        created: NaiveDate,
        closed: Option<NaiveDate>,
        close: Option<NaiveDate>,
    ) -> Opportunity {
        Opportunity {
            expected_revenue: revenue,
            probability,
            team_id: Some(team.id),
            salesperson_id: person.map(|p| p.id),
            created_on: Some(created),
            closed_on: closed,
            expected_close: close,
            ..Opportunity::sample(stage.id, "deal")
        }
    }

    let d1 = Opportunity {
        campaign_id: Some(tet.id),
        source_id: Some(web.id),
        ..deal(
            &new,
            vnd(10_000_000),
            10,
            &a,
            Some(&lan),
            day(2026, 10, 5),
            None,
            Some(day(2026, 11, 30)),
        )
    };
    let d2 = Opportunity {
        source_id: Some(web.id),
        ..deal(
            &proposal,
            vnd(20_000_000),
            50,
            &a,
            Some(&minh),
            day(2026, 9, 20),
            None,
            Some(day(2026, 12, 15)),
        )
    };
    // $1,000.00 at 25,000 = ₫25,000,000.
    let d3 = Opportunity {
        campaign_id: Some(tet.id),
        ..deal(
            &proposal,
            Money::new(100_000, Currency::USD),
            40,
            &b,
            Some(&lan),
            day(2026, 11, 2),
            None,
            Some(day(2026, 10, 10)),
        )
    };
    // €500.00: no EUR rate.
    let d4 = deal(
        &new,
        Money::new(50_000, Currency::EUR),
        10,
        &b,
        None,
        day(2026, 11, 10),
        None,
        None,
    );
    let d5 = Opportunity {
        campaign_id: Some(tet.id),
        source_id: Some(web.id),
        ..deal(
            &won,
            vnd(30_000_000),
            100,
            &a,
            Some(&lan),
            day(2026, 10, 1),
            Some(day(2026, 11, 11)),
            None,
        )
    };
    let d6 = Opportunity {
        source_id: Some(referral.id),
        ..deal(
            &won,
            vnd(12_000_000),
            100,
            &a,
            Some(&minh),
            day(2026, 8, 1),
            Some(day(2026, 10, 20)),
            None,
        )
    };
    let d7 = deal(
        &won,
        vnd(8_000_000),
        100,
        &b,
        Some(&lan),
        day(2026, 5, 1),
        Some(day(2026, 7, 15)),
        None,
    );
    let d8 = Opportunity {
        lost: true,
        lost_reason_id: Some(price.id),
        campaign_id: Some(tet.id),
        ..deal(
            &proposal,
            vnd(7_000_000),
            0,
            &a,
            Some(&lan),
            day(2026, 10, 12),
            Some(day(2026, 11, 3)),
            None,
        )
    };
    let d9 = Opportunity {
        lost: true,
        ..deal(
            &new,
            vnd(3_000_000),
            0,
            &b,
            Some(&minh),
            day(2026, 9, 1),
            Some(day(2026, 10, 25)),
            None,
        )
    };
    let d10 = Opportunity {
        lead: true,
        campaign_id: Some(tet.id),
        source_id: Some(web.id),
        ..deal(
            &new,
            vnd(2_000_000),
            10,
            &a,
            Some(&lan),
            day(2026, 11, 20),
            None,
            None,
        )
    };
    let d11 = Opportunity {
        lead: true,
        lost: true,
        lost_reason_id: Some(price.id),
        source_id: Some(web.id),
        ..deal(
            &new,
            vnd(1_000_000),
            0,
            &a,
            None,
            day(2026, 10, 15),
            Some(day(2026, 10, 16)),
            None,
        )
    };
    let d12 = Opportunity {
        deleted: true,
        ..deal(
            &new,
            vnd(99_000_000),
            10,
            &a,
            Some(&lan),
            day(2026, 11, 1),
            None,
            None,
        )
    };

    let deals = [
        &d1, &d2, &d3, &d4, &d5, &d6, &d7, &d8, &d9, &d10, &d11, &d12,
    ];
    let activities = [
        activity(day(2026, 11, 20), Some(d1.id), Some(lan.id), false),
        activity(day(2026, 11, 22), Some(d3.id), Some(minh.id), false),
        activity(today(), Some(d2.id), Some(minh.id), false),
        activity(day(2026, 11, 1), Some(d2.id), Some(minh.id), true),
        activity(day(2026, 11, 10), None, Some(lan.id), false),
        // Not counted: the deal was deleted.
        activity(day(2026, 11, 2), Some(d12.id), Some(lan.id), false),
    ];
    let contact = Contact {
        custom: Default::default(),
        id: CONTACT,
        name: "Chị Hoa".into(),
        company_id: None,
        job_title: String::new(),
        email: String::new(),
        phone: String::new(),
        version: 1,
        deleted: false,
        merged_into: None,
    };
    let store = Store {
        stages: vec![won, proposal, new],
        lost_reasons: vec![price],
        users: vec![lan.clone(), minh],
        teams: vec![a.clone(), b],
        campaigns: vec![tet],
        sources: vec![web, referral],
        targets: vec![
            target(day(2026, 11, 1), None, None, vnd(50_000_000)),
            target(day(2026, 11, 1), Some(a.id), None, vnd(20_000_000)),
            target(day(2026, 12, 1), Some(a.id), None, vnd(25_000_000)),
            target(
                day(2026, 11, 1),
                None,
                Some(lan.id),
                Money::new(100_000, Currency::USD),
            ),
        ],
        currency_settings: vec![CurrencySettings {
            rates: vec![Rate {
                currency: Currency::USD,
                scaled: parse_rate("25000", '.').unwrap(),
            }],
            ..CurrencySettings::default_for(Uuid::nil())
        }],
        opportunities: deals.iter().map(|d| (d.id, (*d).clone())).collect(),
        activities: activities.into_iter().map(|a| (a.id, a)).collect(),
        contacts: [(CONTACT, contact)].into_iter().collect(),
        ..Store::default()
    };
    World {
        store,
        team_a: a.id,
        lan: lan.id,
    }
}

fn sum(count: i64, value: i64) -> Sum {
    Sum { count, value }
}

#[test]
fn the_whole_organisation_this_quarter() {
    let w = world();
    let d = dashboard(&w.store, &Filter::default(), today());
    assert_eq!(d.period, (day(2026, 10, 1), day(2026, 12, 31)));
    assert_eq!(d.currency, Currency::VND);
    // Open: d1 10M + d2 20M + d3 25M + d4 (no rate) = 4 deals, ₫55M.
    assert_eq!(d.open, sum(4, 55_000_000));
    // 10M×10% + 20M×50% + 25M×40% = 1M + 10M + 10M.
    assert_eq!(d.weighted, 21_000_000);
    assert_eq!(d.unconverted, vec![(Currency::EUR, 1)]);
    // Won in November: d5; in the quarter: d5 + d6.
    assert_eq!(d.won_this_month, sum(1, 30_000_000));
    assert_eq!(d.won_this_quarter, sum(2, 42_000_000));
    // The organisation's own target (November only).
    assert_eq!(d.target_this_month, Some(50_000_000));
    assert_eq!(d.target_this_quarter, Some(50_000_000));
    // Closed in the quarter: won d5, d6; lost d8 (7M), d9 (3M), d11 (1M). 2 of 5 = 40%.
    assert_eq!(d.won, sum(2, 42_000_000));
    assert_eq!(d.lost, sum(3, 11_000_000));
    assert_eq!(d.win_rate.percent(), Some(40));
    // Created in the quarter: d1 d3 d4 d5 d8 d10 d11; d10 and d11 are still leads; d5 won.
    assert_eq!((d.created, d.qualified, d.won_of_created), (7, 5, 1));
    assert_eq!(d.conversion_to_opportunity().percent(), Some(71));
    assert_eq!(d.conversion_to_won().percent(), Some(14));
    // d5: 1 Oct → 11 Nov = 41 days; d6: 1 Aug → 20 Oct = 80 days; mean 60.5.
    assert_eq!(d.cycle_days, Ratio::of(121, 2));
    assert_eq!(d.cycle_days.tenths(), Some(605));
    // Due before today and not done: d1's, d3's and the contact's.
    assert_eq!(d.overdue_activities, 3);
}

#[test]
fn funnel_and_forecast() {
    let w = world();
    let d = dashboard(&w.store, &Filter::default(), today());
    let funnel: Vec<(&str, Sum, i64)> = d
        .funnel
        .iter()
        .map(|r| (r.name.as_str(), r.open, r.weighted))
        .collect();
    assert_eq!(
        funnel,
        vec![
            ("New", sum(2, 10_000_000), 1_000_000),
            ("Proposal", sum(2, 45_000_000), 20_000_000),
        ]
    );
    // Columns: overdue, Nov … Apr. d3 (closing 10 Oct) is overdue; d1 in Nov; d2 in Dec.
    assert_eq!(d.forecast.len(), 7);
    assert_eq!(d.forecast[0].month, None);
    assert_eq!(d.forecast[1].month, Some(day(2026, 11, 1)));
    assert_eq!(d.forecast[6].month, Some(day(2027, 4, 1)));
    type Column = (Vec<(i64, i64)>, i64, i64);
    let columns: Vec<Column> = d
        .forecast
        .iter()
        .map(|c| (c.by_stage.clone(), c.total, c.weighted))
        .collect();
    assert_eq!(
        columns[0],
        (
            vec![(0, 0), (25_000_000, 10_000_000)],
            25_000_000,
            10_000_000
        )
    );
    assert_eq!(
        columns[1],
        (vec![(10_000_000, 1_000_000), (0, 0)], 10_000_000, 1_000_000)
    );
    assert_eq!(
        columns[2],
        (
            vec![(0, 0), (20_000_000, 10_000_000)],
            20_000_000,
            10_000_000
        )
    );
    assert!(columns[3..].iter().all(|c| c.1 == 0));
    // d4 has no closing date.
    assert_eq!(d.undated, 1);
}

#[test]
fn won_and_lost_over_time_lost_reasons_campaigns_and_sources() {
    let w = world();
    let d = dashboard(&w.store, &Filter::default(), today());
    // June to November (six months back, covering the quarter).
    let months: Vec<(NaiveDate, Sum, Sum)> = d
        .won_lost
        .iter()
        .map(|r| (r.month, r.won, r.lost))
        .collect();
    assert_eq!(
        months,
        vec![
            (day(2026, 6, 1), sum(0, 0), sum(0, 0)),
            (day(2026, 7, 1), sum(1, 8_000_000), sum(0, 0)),
            (day(2026, 8, 1), sum(0, 0), sum(0, 0)),
            (day(2026, 9, 1), sum(0, 0), sum(0, 0)),
            (day(2026, 10, 1), sum(1, 12_000_000), sum(2, 4_000_000)),
            (day(2026, 11, 1), sum(1, 30_000_000), sum(1, 7_000_000)),
        ]
    );
    // Lost in the quarter: Price d8 + d11; no reason d9.
    let reasons: Vec<(&str, Sum)> = d
        .lost_reasons
        .iter()
        .map(|r| (r.name.as_str(), r.lost))
        .collect();
    assert_eq!(
        reasons,
        vec![("Price", sum(2, 8_000_000)), ("", sum(1, 3_000_000))]
    );
    // Tết: d1 d3 d5 d8 d10 (d10 a lead; d5 won). None: d4, d11 (a lead).
    let campaigns: Vec<(&str, i64, i64, Sum)> = d
        .campaigns
        .iter()
        .map(|r| (r.name.as_str(), r.created, r.qualified, r.won))
        .collect();
    assert_eq!(
        campaigns,
        vec![("Tết", 5, 4, sum(1, 30_000_000)), ("", 2, 1, sum(0, 0))]
    );
    assert_eq!(d.campaigns[0].conversion().percent(), Some(20));
    // Web: d1 d5 d10 d11 (two leads). None: d3 d4 d8. Referral's d6 was created in August.
    let sources: Vec<(&str, i64, i64, Sum)> = d
        .sources
        .iter()
        .map(|r| (r.name.as_str(), r.created, r.qualified, r.won))
        .collect();
    assert_eq!(
        sources,
        vec![("Web", 4, 2, sum(1, 30_000_000)), ("", 3, 3, sum(0, 0))]
    );
}

#[test]
fn one_team() {
    let w = world();
    let filter = Filter {
        team_id: Some(w.team_a),
        ..Filter::default()
    };
    let d = dashboard(&w.store, &filter, today());
    // Team A: d1 d2 d5 d6 d8 d10 d11.
    assert_eq!(d.open, sum(2, 30_000_000));
    assert_eq!(d.weighted, 11_000_000);
    assert_eq!(d.won, sum(2, 42_000_000));
    assert_eq!(d.lost, sum(2, 8_000_000));
    assert_eq!(d.win_rate.percent(), Some(50));
    assert_eq!((d.created, d.qualified, d.won_of_created), (5, 3, 1));
    // The team's own targets: November 20M; the quarter 20M + 25M.
    assert_eq!(d.target_this_month, Some(20_000_000));
    assert_eq!(d.target_this_quarter, Some(45_000_000));
    // d1's activity only (d2's is due today).
    assert_eq!(d.overdue_activities, 1);
    assert!(d.unconverted.is_empty());
}

#[test]
fn one_salesperson_this_month() {
    let w = world();
    let filter = Filter {
        salesperson_id: Some(w.lan),
        period: Period::ThisMonth,
        ..Filter::default()
    };
    let d = dashboard(&w.store, &filter, today());
    assert_eq!(d.period, (day(2026, 11, 1), day(2026, 11, 30)));
    // Lan: d1 d3 d5 d7 d8 d10.
    assert_eq!(d.open, sum(2, 35_000_000));
    assert_eq!(d.weighted, 11_000_000);
    assert_eq!(d.won, sum(1, 30_000_000));
    assert_eq!(d.lost, sum(1, 7_000_000));
    assert_eq!(d.win_rate.percent(), Some(50));
    // Created in November: d3 and the lead d10.
    assert_eq!((d.created, d.qualified, d.won_of_created), (2, 1, 0));
    assert_eq!(d.cycle_days.tenths(), Some(410));
    // Her target is in dollars: $1,000 = ₫25M.
    assert_eq!(d.target_this_month, Some(25_000_000));
    // Hers: d1's and the contact's.
    assert_eq!(d.overdue_activities, 2);
}

#[test]
fn no_target_no_deals() {
    let d = dashboard(&Store::default(), &Filter::default(), today());
    assert_eq!(d.target_this_month, None);
    assert_eq!(d.win_rate.percent(), None);
    assert_eq!(d.cycle_days.tenths(), None);
    assert!(d.funnel.is_empty());
    // Without an organisation target, the teams' add up.
    let mut w = world();
    w.store.targets.retain(|t| t.team_id.is_some());
    let d = dashboard(&w.store, &Filter::default(), today());
    assert_eq!(d.target_this_month, Some(20_000_000));
    assert_eq!(d.target_this_quarter, Some(45_000_000));
}

#[test]
fn periods() {
    let t = day(2026, 2, 14);
    assert_eq!(
        Period::ThisMonth.range(t),
        (day(2026, 2, 1), day(2026, 2, 28))
    );
    assert_eq!(
        Period::ThisQuarter.range(t),
        (day(2026, 1, 1), day(2026, 3, 31))
    );
    assert_eq!(
        Period::ThisYear.range(t),
        (day(2026, 1, 1), day(2026, 12, 31))
    );
    assert_eq!(
        Period::Last12Months.range(t),
        (day(2025, 3, 1), day(2026, 2, 28))
    );
    for p in Period::ALL {
        assert_eq!(Period::parse(p.code()), Some(p));
    }
}

#[test]
fn rounding() {
    // ₫15 × 50% = 7.5 → 8; ₫10,000 × 33.49% = 3,349; 33.3…% → 33; 2/3 → 67.
    assert_eq!(weigh(15, 5_000), 8);
    assert_eq!(weigh(10_000, 3_349), 3_349);
    assert_eq!(weigh(10_001, 3_349), 3_349);
    assert_eq!(Ratio::of(1, 3).percent(), Some(33));
    assert_eq!(Ratio::of(2, 3).percent(), Some(67));
    assert_eq!(Ratio::of(1, 8).percent(), Some(13));
}

#[test]
fn the_lead_funnel_counts_each_step_and_what_went_further() {
    let mut w = world();
    let funnel = |store: &Store| {
        dashboard(store, &Filter::default(), today())
            .lead_funnel()
            .map(|(_, n)| n)
    };
    // Created in the quarter: 7; the 5 made or converted into deals passed every step.
    assert_eq!(funnel(&w.store), [7, 5, 5, 5, 1]);
    // The two leads of the quarter: one handed to sales, one accepted by them.
    let mut leads: Vec<crate::domain::Opportunity> = w
        .store
        .opportunities
        .values()
        .filter(|o| o.lead && o.created_on.is_some_and(|on| on >= day(2026, 10, 1)))
        .cloned()
        .collect();
    leads.sort_by_key(|o| o.id);
    assert_eq!(leads.len(), 2);
    leads[0].mql_on = Some(day(2026, 11, 2));
    leads[1].mql_on = Some(day(2026, 11, 2));
    leads[1].sql_on = Some(day(2026, 11, 3));
    for lead in leads {
        w.store.put(crate::domain::Record::Opportunity(lead));
    }
    assert_eq!(funnel(&w.store), [7, 7, 6, 5, 1]);
}

#[test]
fn deals_created_are_counted_by_territory_and_those_in_none_apart() {
    let mut w = world();
    let north = crate::domain::territory::Territory {
        id: Uuid::now_v7(),
        name: "Miền Bắc".into(),
        countries: Vec::new(),
        provinces: vec!["VN-HN".into()],
        postcodes: Vec::new(),
        version: 1,
        deleted: false,
    };
    // Without territories, no rows.
    assert!(
        dashboard(&w.store, &Filter::default(), today())
            .territories
            .is_empty()
    );
    w.store.put(crate::domain::Record::Territory(north.clone()));
    let mut created: Vec<Opportunity> = w
        .store
        .opportunities
        .values()
        .filter(|o| o.created_on.is_some_and(|on| on >= day(2026, 10, 1)))
        .cloned()
        .collect();
    created.sort_by_key(|o| o.id);
    created[0].province = "VN-HN".into();
    w.store
        .put(crate::domain::Record::Opportunity(created[0].clone()));
    let d = dashboard(&w.store, &Filter::default(), today());
    let rows: Vec<(Option<Uuid>, i64)> = d.territories.iter().map(|r| (r.id, r.created)).collect();
    // Seven created in the quarter: one in the north, six in none (last).
    assert_eq!(rows, vec![(Some(north.id), 1), (None, 6)]);
    assert_eq!(d.territories[0].name, "Miền Bắc");
}
