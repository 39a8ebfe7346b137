//! Hand-worked histories: every figure below was counted on paper from the rules in the module's
//! documentation (and checked against Odoo's method), not read back from the code.

use super::*;

fn stage(sequence: i32, is_won: bool, team_id: Option<Uuid>) -> Stage {
    Stage {
        team_id,
        ..Stage::sample(sequence, is_won)
    }
}

struct World {
    stages: Vec<Stage>,
    team: Uuid,
    web: Uuid,
    phone: Uuid,
}

impl World {
    fn new() -> World {
        World {
            stages: vec![
                stage(1, false, None),
                stage(2, false, None),
                stage(3, true, None),
            ],
            team: Uuid::now_v7(),
            web: Uuid::now_v7(),
            phone: Uuid::now_v7(),
        }
    }

    fn s(&self, i: usize) -> Uuid {
        self.stages[i].id
    }

    fn deal(&self, stage: usize, source: Uuid) -> Opportunity {
        Opportunity {
            team_id: Some(self.team),
            source_id: Some(source),
            ..Opportunity::sample(self.s(stage), "deal")
        }
    }

    /// Won A (web), D (phone), E (web); lost B in the first stage (web), C in the second (phone).
    fn history(&self) -> Vec<(Opportunity, Outcome)> {
        vec![
            (self.deal(2, self.web), Outcome::Won),
            (self.deal(0, self.web), Outcome::Lost),
            (self.deal(1, self.phone), Outcome::Lost),
            (self.deal(2, self.phone), Outcome::Won),
            (self.deal(2, self.web), Outcome::Won),
        ]
    }
}

fn fields(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn learnt(history: &[(Opportunity, Outcome)], stages: &[Stage], f: &[String]) -> Table {
    Table::learn(history.iter().map(|(d, o)| (d, *o)), stages, f)
}

fn counts(table: &Table, team: Uuid, variable: &str, value: impl ToString) -> (f64, f64) {
    let c = table.teams[&team][variable][&value.to_string()];
    (
        (c.won * 100.0).round() / 100.0,
        (c.lost * 100.0).round() / 100.0,
    )
}

#[test]
fn won_deals_count_in_every_stage_lost_ones_up_to_their_own_each_from_a_tenth() {
    let w = World::new();
    let table = learnt(&w.history(), &w.stages, &fields(&["source_id"]));
    assert_eq!(counts(&table, w.team, STAGE, w.s(0)), (3.1, 2.1));
    assert_eq!(counts(&table, w.team, STAGE, w.s(1)), (3.1, 1.1));
    assert_eq!(counts(&table, w.team, STAGE, w.s(2)), (3.1, 0.1));
    assert_eq!(counts(&table, w.team, "source_id", w.web), (2.1, 1.1));
    assert_eq!(counts(&table, w.team, "source_id", w.phone), (1.1, 1.1));
    // Fields not chosen are not counted.
    let bare = learnt(&w.history(), &w.stages, &[]);
    assert!(!bare.teams[&w.team].contains_key("source_id"));
}

#[test]
fn the_odds_are_the_teams_times_each_known_value_rounded_to_hundredths() {
    let w = World::new();
    let f = fields(&["source_id"]);
    let table = learnt(&w.history(), &w.stages, &f);
    // Second stage, from the web: 3.1/5.2 × 3.1/3.1 × 2.1/3.2 against 2.1/5.2 × 1.1/2.1 × 1.1/2.2.
    let second_web = score(&table, &w.deal(1, w.web), &w.stages, &f).unwrap();
    assert_eq!(second_web.percent, 78.72);
    // First stage, by phone: 3.1/5.2 × 1.1/3.2 against 2.1/5.2 × 1.1/2.2.
    assert_eq!(
        score(&table, &w.deal(0, w.phone), &w.stages, &f)
            .unwrap()
            .percent,
        50.37
    );
    // A value never seen says nothing: only the first stage and the team's odds count.
    let unseen = w.deal(0, Uuid::now_v7());
    assert_eq!(
        score(&table, &unseen, &w.stages, &f).unwrap().percent,
        59.62
    );
    // A deal in a won stage is won.
    assert_eq!(
        score(&table, &w.deal(2, w.web), &w.stages, &f)
            .unwrap()
            .percent,
        100.0
    );
}

#[test]
fn why_names_the_values_that_moved_the_odds_most() {
    let w = World::new();
    let f = fields(&["source_id"]);
    let table = learnt(&w.history(), &w.stages, &f);
    let reasons = score(&table, &w.deal(1, w.web), &w.stages, &f)
        .unwrap()
        .reasons;
    // The second stage: (3.1/3.1)/(1.1/2.1) = 1.91; the web: (2.1/3.2)/(1.1/2.2) = 1.31.
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].variable, STAGE);
    assert_eq!((reasons[0].factor * 100.0).round(), 191.0);
    assert_eq!(reasons[1].value, w.web.to_string());
    assert_eq!((reasons[1].factor * 100.0).round(), 131.0);
}

#[test]
fn counting_deals_as_they_close_gives_the_table_a_rebuild_gives_and_a_reopen_takes_back() {
    let w = World::new();
    let f = fields(&["source_id"]);
    let history = w.history();
    let mut live = Table::default();
    for (deal, outcome) in &history {
        live.count(deal, *outcome, &w.stages, &f, 1);
    }
    let rebuilt = learnt(&history, &w.stages, &f);
    for (team, frequencies) in &rebuilt.teams {
        for (variable, values) in frequencies {
            for value in values.keys() {
                assert_eq!(
                    counts(&live, *team, variable, value),
                    counts(&rebuilt, *team, variable, value),
                    "{variable} {value}"
                );
            }
        }
    }
    // C, lost in the second stage, reopened: its lost counts go, never below a tenth.
    live.count(&history[2].0, Outcome::Lost, &w.stages, &f, -1);
    assert_eq!(counts(&live, w.team, STAGE, w.s(0)), (3.1, 1.1));
    assert_eq!(counts(&live, w.team, STAGE, w.s(1)), (3.1, 0.1));
    assert_eq!(counts(&live, w.team, "source_id", w.phone), (1.1, 0.1));
    // A value never counted is not taken back (Odoo would count it once more).
    let stranger = w.deal(0, Uuid::now_v7());
    live.count(&stranger, Outcome::Lost, &w.stages, &f, -1);
    assert!(
        !live.teams[&w.team]["source_id"].contains_key(&stranger.source_id.unwrap().to_string())
    );
}

#[test]
fn a_team_without_a_table_is_scored_on_all_teams_and_one_that_cannot_be_scored_gets_nothing() {
    let w = World::new();
    let f = fields(&["source_id"]);
    let mut history = w.history();
    // Another team that has only ever won.
    let winners = Uuid::now_v7();
    let mut theirs = w.deal(2, w.web);
    theirs.team_id = Some(winners);
    history.push((theirs, Outcome::Won));
    let table = learnt(&history, &w.stages, &f);
    // No team of its own in the table, or no team: all teams together (first stage 3.1 + 1.1
    // won, 2.1 + 0.1 lost): 65.625, a tie, rounded to the even hundredth as Odoo's Python does.
    let mut newcomer = w.deal(0, Uuid::now_v7());
    newcomer.team_id = Some(Uuid::now_v7());
    assert_eq!(
        score(&table, &newcomer, &w.stages, &f).unwrap().percent,
        65.62
    );
    newcomer.team_id = None;
    assert_eq!(
        score(&table, &newcomer, &w.stages, &f).unwrap().percent,
        65.62
    );
    // The winners' own table: 1.1 to 0.1 in the first stage, the web 1.1 of 1.1 to 0.1 of 0.1,
    // whatever team was scored before it.
    let mut theirs_open = w.deal(0, w.web);
    theirs_open.team_id = Some(winners);
    assert_eq!(
        score(&table, &w.deal(0, w.web), &w.stages, &f)
            .unwrap()
            .percent,
        65.96
    );
    assert_eq!(
        score(&table, &theirs_open, &w.stages, &f).unwrap().percent,
        91.67
    );
    // With no closed deal at all there is nothing to score on.
    assert_eq!(
        score(&Table::default(), &w.deal(0, w.web), &w.stages, &f),
        None
    );
}

#[test]
fn a_tag_seen_in_fewer_than_fifty_closed_deals_is_left_out() {
    let w = World::new();
    let f = fields(&["tag_ids"]);
    let (rare, common) = (Uuid::now_v7(), Uuid::now_v7());
    let mut history = Vec::new();
    for i in 0..60 {
        let mut d = w.deal(if i % 3 == 0 { 0 } else { 2 }, w.web);
        d.tag_ids = if i < 10 {
            vec![rare, common]
        } else {
            vec![common]
        };
        history.push((
            d,
            if i % 3 == 0 {
                Outcome::Lost
            } else {
                Outcome::Won
            },
        ));
    }
    let table = learnt(&history, &w.stages, &f);
    let mut tagged = w.deal(0, w.web);
    tagged.tag_ids = vec![rare];
    let mut bare = w.deal(0, w.web);
    bare.tag_ids = Vec::new();
    let with_rare = score(&table, &tagged, &w.stages, &f).unwrap();
    assert_eq!(
        with_rare.percent,
        score(&table, &bare, &w.stages, &f).unwrap().percent
    );
    assert!(with_rare.reasons.iter().all(|r| r.variable != TAG));
    let scored = table.scored_on(tagged.team_id);
    assert!(scored[TAG].contains_key(&common.to_string()));
    assert!(!scored[TAG].contains_key(&rare.to_string()));
    // On every deal, won or lost: counted, but it moves nothing, so it is no reason.
    tagged.tag_ids = vec![common];
    let with_common = score(&table, &tagged, &w.stages, &f).unwrap();
    assert!(with_common.reasons.iter().all(|r| r.variable != TAG));
}

#[test]
fn probabilities_round_as_odoo_rounds_and_never_reach_certainty() {
    assert_eq!(round2(65.625), 65.62);
    assert_eq!(round2(2.675), 2.67);
    assert_eq!(round2(59.615_384), 59.62);
    let w = World::new();
    let f = fields(&["source_id"]);
    // A thousand won from the web, one lost by phone: from the web is all but certain.
    let mut history: Vec<(Opportunity, Outcome)> = (0..1000)
        .map(|_| (w.deal(2, w.web), Outcome::Won))
        .collect();
    history.push((w.deal(0, w.phone), Outcome::Lost));
    let table = learnt(&history, &w.stages, &f);
    assert_eq!(
        score(&table, &w.deal(1, w.web), &w.stages, &f)
            .unwrap()
            .percent,
        CEILING
    );
}

#[test]
fn email_and_phone_quality_are_values_even_when_missing() {
    let w = World::new();
    let mut d = w.deal(0, w.web);
    d.phone = "+84 90 123 45 67".into();
    let values = values_of(&d, &fields(&["email_state", "phone_state"]));
    assert!(values.contains(&("email_state".into(), "False".into())));
    assert!(values.contains(&("phone_state".into(), "correct".into())));
    d.phone = "12".into();
    let values = values_of(&d, &fields(&["phone_state"]));
    assert!(values.contains(&("phone_state".into(), "incorrect".into())));
}

#[test]
fn a_language_is_a_value_when_known_and_none_when_not() {
    let w = World::new();
    let mut d = w.deal(0, w.web);
    let language = |d: &Opportunity| {
        values_of(d, &fields(&["language"]))
            .into_iter()
            .filter(|(v, _)| v == "language")
            .collect::<Vec<_>>()
    };
    assert!(
        language(&d).is_empty(),
        "not known: not counted, as a missing country"
    );
    d.language = "vi".into();
    assert_eq!(
        language(&d),
        vec![("language".to_string(), "vi".to_string())]
    );
}

/// Odoo's own figures (`addons/crm/tests/test_crm_pls.py`), on the same histories: stages S1, S2,
/// S3 and Won (sequence 70); country and state as custom dropdowns.
mod odoo {
    use super::*;

    struct Odoo {
        stages: Vec<Stage>,
        sources: Vec<Uuid>,
    }

    impl Odoo {
        fn new() -> Odoo {
            Odoo {
                stages: vec![
                    stage(1, false, None),
                    stage(2, false, None),
                    stage(3, false, None),
                    stage(70, true, None),
                ],
                sources: (0..3).map(|_| Uuid::now_v7()).collect(),
            }
        }

        /// A lead of `team` from country `c`, state `s`, source `src`, in stage `at` (0: S1, 3: Won).
        fn lead(&self, team: Option<Uuid>, c: u8, s: u8, src: usize, at: usize) -> Opportunity {
            let mut lead = Opportunity::sample(self.stages[at].id, "lead");
            lead.team_id = team;
            lead.source_id = Some(self.sources[src]);
            lead.custom
                .insert("country".into(), serde_json::json!(format!("c{c}")));
            lead.custom
                .insert("state".into(), serde_json::json!(format!("s{s}")));
            lead
        }
    }

    fn pls_fields() -> Vec<String> {
        fields(&[
            "custom.country",
            "custom.state",
            "email_state",
            "phone_state",
            "source_id",
            "tag_ids",
        ])
    }

    /// `test_predictive_lead_scoring`'s fourteen leads: (lead, outcome if closed).
    fn history(
        o: &Odoo,
        t1: Uuid,
        t2: Uuid,
        t3: Option<Uuid>,
    ) -> Vec<(Opportunity, Option<Outcome>)> {
        use Outcome::{Lost, Won};
        let (t1, t2) = (Some(t1), Some(t2));
        vec![
            (o.lead(t1, 0, 0, 0, 0), Some(Lost)),
            (o.lead(t1, 1, 1, 1, 1), Some(Lost)),
            (o.lead(t1, 2, 2, 2, 3), Some(Won)),
            (o.lead(t1, 0, 1, 2, 1), None),
            (o.lead(t1, 1, 1, 1, 0), None),
            (o.lead(t2, 0, 1, 1, 2), Some(Lost)),
            (o.lead(t2, 0, 1, 2, 1), Some(Lost)),
            (o.lead(t2, 0, 2, 2, 3), Some(Won)),
            (o.lead(t2, 0, 1, 2, 1), None),
            (o.lead(t2, 1, 0, 1, 1), None),
            (o.lead(t3, 1, 1, 1, 3), Some(Won)),
            (o.lead(t3, 0, 1, 0, 0), Some(Lost)),
            (o.lead(t3, 1, 2, 2, 0), Some(Lost)),
            (o.lead(t3, 0, 1, 2, 1), None),
        ]
    }

    fn scored(o: &Odoo, leads: &[(Opportunity, Option<Outcome>)], at: usize) -> f64 {
        let f = pls_fields();
        let closed = leads.iter().filter_map(|(l, out)| out.map(|out| (l, out)));
        let table = Table::learn(closed, &o.stages, &f);
        score(&table, &leads[at].0, &o.stages, &f).unwrap().percent
    }

    #[test]
    fn the_figures_of_odoos_own_test() {
        let o = Odoo::new();
        let (t1, t2, t3) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let leads = history(&o, t1, t2, Some(t3));
        let f = pls_fields();
        let table = Table::learn(
            leads.iter().filter_map(|(l, out)| out.map(|out| (l, out))),
            &o.stages,
            &f,
        );
        assert_eq!(counts(&table, t1, STAGE, o.stages[0].id), (1.1, 2.1));
        assert_eq!(counts(&table, t1, STAGE, o.stages[3].id), (1.1, 0.1));
        assert_eq!(counts(&table, t1, "custom.country", "c1"), (0.1, 1.1));
        assert_eq!(counts(&table, t1, "email_state", "False"), (1.1, 2.1));
        assert_eq!(scored(&o, &leads, 3), 33.49);
        assert_eq!(scored(&o, &leads, 8), 7.74);
        assert_eq!(scored(&o, &leads, 13), 35.09);
        // Leads 10 to 13 without a team: lead 13 is scored on every team's rows together.
        let teamless = history(&o, t1, t2, None);
        assert_eq!(scored(&o, &teamless, 13), 35.19);
    }

    /// Odoo's walk-through after its live increments (example 2's leads without a team, then
    /// lead 9 won, lead 4 lost, reopened, won and reopened: only lead 9's win is left), leads
    /// 3 and 8 moved back to the first stage.
    #[test]
    fn the_figures_of_odoos_walk_through_after_its_increments() {
        let o = Odoo::new();
        let (t1, t2) = (Uuid::now_v7(), Uuid::now_v7());
        let mut leads = history(&o, t1, t2, None);
        // Odoo's steps, counted live on the table of example 2: lead 4 lost, lead 9 won, lead
        // 4 reopened, won, its win taken back, lost and reopened again.
        let f = pls_fields();
        let closed = leads.iter().filter_map(|(l, out)| out.map(|out| (l, out)));
        let mut live = Table::learn(closed, &o.stages, &f);
        let four = leads[4].0.clone();
        let four_won = Opportunity {
            stage_id: o.stages[3].id,
            ..four.clone()
        };
        for (deal, outcome, step) in [
            (&four, Outcome::Lost, 1),
            (&leads[9].0, Outcome::Won, 1),
            (&four, Outcome::Lost, -1),
            (&four_won, Outcome::Won, 1),
            (&four_won, Outcome::Won, -1),
            (&four, Outcome::Lost, 1),
            (&four, Outcome::Lost, -1),
        ] {
            live.count(deal, outcome, &o.stages, &f, step);
        }
        leads[9].1 = Some(Outcome::Won);
        // The same as learning afresh with lead 9 won.
        let closed = leads.iter().filter_map(|(l, out)| out.map(|out| (l, out)));
        assert_eq!(live, Table::learn(closed, &o.stages, &f));
        leads[3].0.stage_id = o.stages[0].id;
        leads[8].0.stage_id = o.stages[0].id;
        assert_eq!(scored(&o, &leads, 3), 20.87);
        assert_eq!(scored(&o, &leads, 8), 2.43);
        leads[8]
            .0
            .custom
            .insert("country".into(), serde_json::json!("c1"));
        assert_eq!(scored(&o, &leads, 8), 34.38);
        leads[8]
            .0
            .custom
            .insert("country".into(), serde_json::json!("c0"));
        assert_eq!(scored(&o, &leads, 8), 2.43);
        // Learnt again from the stage alone: team 2's first stage is 2.1 won to 2.1 lost.
        let closed = leads.iter().filter_map(|(l, out)| out.map(|out| (l, out)));
        let table = Table::learn(closed, &o.stages, &[]);
        let stage_only = |at: usize| score(&table, &leads[at].0, &o.stages, &[]).unwrap().percent;
        assert_eq!((stage_only(3), stage_only(8)), (34.38, 50.0));
    }

    /// `test_pls_tooltip_data`: five closed leads of one team, a sixth in the second stage.
    #[test]
    fn the_figure_of_odoos_tooltip_test() {
        let o = Odoo::new();
        let team = Some(Uuid::now_v7());
        let f = fields(&[
            "custom.country",
            "custom.state",
            "email_state",
            "phone_state",
            "source_id",
        ]);
        let lead = |c: Option<u8>, s: Option<u8>, phone_ok: bool, src: Option<usize>, at: usize| {
            let mut lead = Opportunity::sample(o.stages[at].id, "tooltip");
            lead.team_id = team;
            lead.email = "khach@example.vn".into();
            lead.phone = if phone_ok { "+84 90 123 45 67" } else { "12" }.into();
            lead.source_id = src.map(|i| o.sources[i]);
            for (key, value) in [
                ("country", c.map(|c| format!("c{c}"))),
                ("state", s.map(|s| format!("s{s}"))),
            ] {
                if let Some(value) = value {
                    lead.custom.insert(key.into(), serde_json::json!(value));
                }
            }
            lead
        };
        use Outcome::{Lost, Won};
        let closed = [
            (lead(Some(0), Some(0), true, Some(1), 0), Won),
            (lead(Some(1), Some(0), true, None, 0), Won),
            (lead(None, None, false, Some(0), 0), Lost),
            (lead(Some(0), None, false, Some(0), 0), Lost),
            (lead(None, Some(1), true, None, 2), Lost),
        ];
        let table = Table::learn(closed.iter().map(|(l, out)| (l, *out)), &o.stages, &f);
        let pending = lead(Some(0), Some(0), true, Some(0), 1);
        assert_eq!(
            score(&table, &pending, &o.stages, &f).unwrap().percent,
            74.3
        );
    }

    #[test]
    fn the_tag_figures_of_odoos_own_test() {
        let o = Odoo::new();
        let t4 = Uuid::now_v7();
        let (tag1, tag2) = (Uuid::now_v7(), Uuid::now_v7());
        let f = fields(&["email_state", "phone_state", "tag_ids"]);
        let leads: Vec<Opportunity> = (0..150)
            .map(|i| {
                let mut lead = Opportunity::sample(o.stages[0].id, "tagged");
                lead.team_id = Some(t4);
                lead.tag_ids = match i {
                    0..50 => vec![tag1],
                    50..100 => vec![tag2],
                    _ => vec![tag1, tag2],
                };
                lead
            })
            .collect();
        // Odoo's slices leave leads 30, 90 and 135 open.
        let outcome = |i: usize| match i {
            30 | 90 | 135 => None,
            0..=29 | 50..=89 | 100..=134 => Some(Outcome::Lost),
            _ => Some(Outcome::Won),
        };
        let table = Table::learn(
            leads
                .iter()
                .enumerate()
                .filter_map(|(i, l)| outcome(i).map(|out| (l, out))),
            &o.stages,
            &f,
        );
        assert_eq!(counts(&table, t4, TAG, tag1), (33.1, 65.1));
        assert_eq!(counts(&table, t4, TAG, tag2), (23.1, 75.1));
        let percent = |lead: &Opportunity| score(&table, lead, &o.stages, &f).unwrap().percent;
        assert_eq!(percent(&leads[30]), 33.69);
        assert_eq!(percent(&leads[90]), 23.51);
        assert_eq!(percent(&leads[135]), 28.05);
        let mut bare = leads[30].clone();
        bare.tag_ids.clear();
        assert_eq!(percent(&bare), 28.6);
        let mut one = leads[135].clone();
        one.tag_ids = vec![tag1];
        assert_eq!(percent(&one), 33.69);
    }
}

/// Prediction through the rules every change runs (`mutation::apply`), as the browser and the
/// server both run them.
mod through_the_rules {
    use super::*;
    use crate::domain::{Mutation, OpportunityFields, Record, apply};

    fn day(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The world's history learnt on the stage alone, prediction on since 2026, and one open
    /// deal in the first stage.
    fn store(w: &World) -> (Store, Opportunity) {
        let mut store = Store::default();
        for s in &w.stages {
            store.put(s.clone().into());
        }
        let history: Vec<(Opportunity, Outcome)> = w.history();
        store.put(Record::ScoringSettings(ScoringSettings {
            id: Uuid::now_v7(),
            fields: Vec::new(),
            start: Some(day(2026, 1, 1)),
            version: 1,
            deleted: false,
        }));
        store.put(Record::ScoringTable(ScoringTable {
            id: Uuid::now_v7(),
            table: learnt(&history, &w.stages, &[]),
            won: 3,
            lost: 2,
            learnt_at: None,
            settings_version: 1,
            version: 2,
            deleted: false,
        }));
        let deal = Opportunity {
            created_on: Some(day(2026, 3, 1)),
            ..w.deal(0, w.web)
        };
        store.put(deal.clone().into());
        (store, deal)
    }

    fn after(store: &mut Store, m: Mutation) -> Opportunity {
        let mut records = apply(&m, store).unwrap();
        let Record::Opportunity(deal) = records.remove(0) else {
            panic!("not a deal");
        };
        store.put(deal.clone().into());
        deal
    }

    fn set(id: Uuid, fields: OpportunityFields) -> Mutation {
        Mutation::SetOpportunityFields {
            id,
            fields,
            base_version: 0,
        }
    }

    #[test]
    fn a_change_predicts_the_deal_again_and_a_probability_set_by_hand_stays_until_taken_back() {
        let w = World::new();
        let (mut store, deal) = store(&w);
        // Second stage: 3.1 won to 2.1 lost at the start, times 3.1/3.1 against 1.1/2.1 there:
        // 3.1 / (3.1 + 1.1) = 73.81 %.
        let moved = after(
            &mut store,
            Mutation::MoveOpportunity {
                id: deal.id,
                stage_id: w.s(1),
                position: "V".into(),
                base_version: 0,
            },
        );
        assert_eq!((moved.predicted, moved.probability), (Some(7381), 74));
        let by_hand = after(
            &mut store,
            set(
                deal.id,
                OpportunityFields {
                    probability: Some(30),
                    ..Default::default()
                },
            ),
        );
        assert!(by_hand.probability_by_hand);
        assert_eq!((by_hand.predicted, by_hand.probability), (Some(7381), 30));
        // Back in the first stage: 3.1 / (3.1 + 2.1) = 59.62 %, but the person said 30.
        let back = after(
            &mut store,
            Mutation::MoveOpportunity {
                id: deal.id,
                stage_id: w.s(0),
                position: "V".into(),
                base_version: 0,
            },
        );
        assert_eq!((back.predicted, back.probability), (Some(5962), 30));
        let automatic = after(
            &mut store,
            set(
                deal.id,
                OpportunityFields {
                    probability_by_hand: Some(false),
                    ..Default::default()
                },
            ),
        );
        assert!(!automatic.probability_by_hand);
        assert_eq!(
            (automatic.predicted, automatic.probability),
            (Some(5962), 60)
        );
        // Lost: no prediction, nothing to predict.
        let lost = after(
            &mut store,
            Mutation::MarkLost {
                id: deal.id,
                reason_id: None,
                note: String::new(),
            },
        );
        assert_eq!((lost.predicted, lost.probability), (None, 0));
    }

    #[test]
    fn without_prediction_a_deal_keeps_its_stages_probability() {
        let w = World::new();
        let (mut store, deal) = store(&w);
        store.scoring_settings[0].start = None;
        let moved = after(
            &mut store,
            Mutation::MoveOpportunity {
                id: deal.id,
                stage_id: w.s(1),
                position: "V".into(),
                base_version: 0,
            },
        );
        assert_eq!(moved.predicted, None);
        assert_eq!(moved.probability, w.stages[1].entry_probability());
    }

    #[test]
    fn a_deal_won_or_lost_counts_at_once_and_one_reopened_is_taken_back() {
        let w = World::new();
        let (store, deal) = store(&w);
        let lost = Opportunity {
            lost: true,
            ..deal.clone()
        };
        let learnt = recount(&store, Some(&deal), &lost).expect("a loss counts");
        assert_eq!(counts(&learnt.table, w.team, STAGE, w.s(0)), (3.1, 3.1));
        let mut after_loss = store.clone();
        after_loss.put(Record::ScoringTable(learnt));
        let reopened = recount(&after_loss, Some(&lost), &deal).expect("a reopen counts");
        assert_eq!(counts(&reopened.table, w.team, STAGE, w.s(0)), (3.1, 2.1));
        // A move between open stages changes nothing learnt.
        let moved = Opportunity {
            stage_id: w.s(1),
            ..deal.clone()
        };
        assert_eq!(recount(&store, Some(&deal), &moved), None);
        // A deal created before the start day is not learnt from.
        let old = Opportunity {
            created_on: Some(day(2025, 12, 31)),
            ..deal.clone()
        };
        let old_lost = Opportunity {
            lost: true,
            ..old.clone()
        };
        assert_eq!(recount(&store, Some(&old), &old_lost), None);
        // Won: counts in every stage.
        let won = Opportunity {
            stage_id: w.s(2),
            ..deal.clone()
        };
        let learnt = recount(&store, Some(&deal), &won).expect("a win counts");
        assert_eq!(counts(&learnt.table, w.team, STAGE, w.s(1)), (4.1, 1.1));
    }

    #[test]
    fn nobody_writes_what_was_learnt_and_only_offered_fields_are_learnt_from() {
        let w = World::new();
        let (store, _) = store(&w);
        let table = store.scoring_tables[0].clone();
        assert_eq!(
            apply(&Mutation::save(table), &store),
            Err(crate::domain::RuleError::NotEditable)
        );
        let mut settings = store.scoring_settings[0].clone();
        settings.fields = fields(&["source_id", "source_id", "tag_ids"]);
        let saved = apply(&Mutation::save(settings.clone()), &store).unwrap();
        let Record::ScoringSettings(saved) = &saved[0] else {
            panic!("not the settings");
        };
        assert_eq!(saved.fields, fields(&["source_id", "tag_ids"]));
        settings.fields = fields(&["custom.nothing"]);
        assert!(matches!(
            apply(&Mutation::save(settings), &store),
            Err(crate::domain::RuleError::NotAChoice { .. })
        ));
    }
}
