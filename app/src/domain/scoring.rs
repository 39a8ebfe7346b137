//! Predictive probability (#16): how likely an open deal is to be won, learnt from the deals the
//! organisation won and lost. The method is Odoo's published naive Bayes
//! (`addons/crm/models/crm_lead.py`, "PLS"), so the same history gives the same figures to two
//! decimals, without its trap (a team that cannot be scored borrowing the previous team's odds).
//!
//! - A closed deal counts, in the table of its team (no team: a table of its own), once for each
//!   (variable, value) it has: its stage, and the fields the organisation chose (tags one by one,
//!   email and phone quality, source, campaign, custom dropdowns). A won deal counts as won in
//!   every stage; a lost one as lost in its stage and every stage before it (by sequence).
//! - Each count starts at 0.1, so a value seen only in won deals never makes a loss impossible.
//! - Odds: the team's won and lost deals (read off the first stage, which every closed deal went
//!   through), times, for each of the deal's values the table knows, how much more often that
//!   value is seen in won deals than in lost ones. A tag seen in fewer than 50 closed deals is
//!   left out: too few to say anything.
//! - A deal whose team has no table is scored on all teams' tables together; a table with no won
//!   or no lost deal scores nothing (the deal keeps its stage's probability).
//!
//! Everything here is plain data and arithmetic, run alike in the browser and on the server.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Opportunity, Stage, Store};

mod records;
pub use records::{ScoringSettings, ScoringTable};

/// What every count starts at.
pub const SMOOTHING: f64 = 0.1;
/// A tag seen in fewer closed deals than this (won and lost together) is not counted on.
pub const RARE_TAG: f64 = 50.0;
/// The lowest and highest probability scoring gives, in percent: never certain.
pub const FLOOR: f64 = 0.01;
pub const CEILING: f64 = 99.99;

/// The variables a deal is always scored on.
pub const STAGE: &str = "stage_id";
/// One value per tag.
pub const TAG: &str = "tag_id";
/// The fields an organisation may choose to learn from, besides the stage (custom dropdowns are
/// named `custom.<key>`).
pub const CHOICES: &[&str] = &[
    "tag_ids",
    "email_state",
    "phone_state",
    "source_id",
    "campaign_id",
    "country",
    "province",
    "language",
];

/// How a closed deal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Won,
    Lost,
}

/// How often a value was seen in won and in lost deals (each from 0.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub won: f64,
    pub lost: f64,
}

/// Counts by variable, then by value.
pub type Frequencies = BTreeMap<String, BTreeMap<String, Counts>>;

/// The frequencies of each team's closed deals; deals of no team are under `Uuid::nil()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub teams: BTreeMap<Uuid, Frequencies>,
}

/// The (variable, value) pairs a deal is counted or scored by: its stage, then the chosen fields
/// it has a value for (email and phone quality always, "False" when there is none, as Odoo).
pub fn values_of(deal: &Opportunity, fields: &[String]) -> Vec<(String, String)> {
    let mut values = vec![(STAGE.to_string(), deal.stage_id.to_string())];
    for field in fields {
        match field.as_str() {
            "tag_ids" => values.extend(
                deal.tag_ids
                    .iter()
                    .map(|t| (TAG.to_string(), t.to_string())),
            ),
            // The rules keep only well-formed addresses: one there is correct.
            "email_state" => values.push((
                field.clone(),
                if deal.email.is_empty() {
                    "False"
                } else {
                    "correct"
                }
                .into(),
            )),
            "phone_state" => values.push((
                field.clone(),
                match deal.phone.as_str() {
                    "" => "False",
                    phone if super::duplicates::e164(phone, None).is_some() => "correct",
                    _ => "incorrect",
                }
                .into(),
            )),
            "source_id" => values.extend(deal.source_id.map(|s| (field.clone(), s.to_string()))),
            "campaign_id" => {
                values.extend(deal.campaign_id.map(|c| (field.clone(), c.to_string())))
            }
            // Where it is, as Odoo's country and state: a deal with none is not counted by it.
            "country" if !deal.country.is_empty() => {
                values.push((field.clone(), deal.country.clone()))
            }
            "province" if !deal.province.is_empty() => {
                values.push((field.clone(), deal.province.clone()))
            }
            "language" if !deal.language.is_empty() => {
                values.push((field.clone(), deal.language.clone()))
            }
            "country" | "province" | "language" => {}
            custom => {
                if let Some(key) = custom.strip_prefix("custom.")
                    && let Some(serde_json::Value::String(option)) = deal.custom.get(key)
                    && !option.is_empty()
                {
                    values.push((field.clone(), option.clone()));
                }
            }
        }
    }
    values
}

/// A count to one decimal, as Odoo stores it: counted up and back down, it is the figure it
/// was (2.1 + 1 - 1 is 2.1, not 2.0999999999999996).
fn tenths(count: f64) -> f64 {
    (count * 10.0).round() / 10.0
}

/// Stages in the order Odoo counts them: by sequence, then by id.
fn ordered(stages: &[Stage]) -> Vec<&Stage> {
    let mut live: Vec<&Stage> = stages.iter().filter(|s| !s.deleted).collect();
    live.sort_by_key(|s| (s.sequence, s.id));
    live
}

/// The stages (`ordered`) a closed deal counts in: every one when won; when lost, its own and
/// those before.
fn stages_counted<'a>(
    deal: &Opportunity,
    outcome: Outcome,
    ordered: &'a [&'a Stage],
) -> impl Iterator<Item = &'a Stage> {
    let upto = match outcome {
        Outcome::Won => Some(i32::MAX),
        Outcome::Lost => ordered
            .iter()
            .find(|s| s.id == deal.stage_id)
            .map(|s| s.sequence),
    };
    ordered
        .iter()
        .copied()
        .filter(move |s| upto.is_some_and(|upto| s.sequence <= upto))
}

impl Table {
    /// The table of these closed deals, built afresh (Odoo's full rebuild).
    pub fn learn<'a>(
        closed: impl IntoIterator<Item = (&'a Opportunity, Outcome)>,
        stages: &[Stage],
        fields: &[String],
    ) -> Table {
        let ordered = ordered(stages);
        let mut raw = Table::default();
        for (deal, outcome) in closed {
            raw.add(deal, outcome, &ordered, fields);
        }
        for frequencies in raw.teams.values_mut() {
            for counts in frequencies.values_mut().flat_map(|v| v.values_mut()) {
                counts.won = tenths(counts.won + SMOOTHING);
                counts.lost = tenths(counts.lost + SMOOTHING);
            }
        }
        raw
    }

    /// Counts a deal just won or lost (`step` 1), or takes back one reopened (`step` -1), as
    /// Odoo's live increment: a count never falls to zero or below (it is set to 0.1 then), and
    /// a value never counted is not taken back.
    pub fn count(
        &mut self,
        deal: &Opportunity,
        outcome: Outcome,
        stages: &[Stage],
        fields: &[String],
        step: i8,
    ) {
        let mut change = Table::default();
        change.add(deal, outcome, &ordered(stages), fields);
        let step = f64::from(step.signum());
        for (team, frequencies) in change.teams {
            let own = self.teams.entry(team).or_default();
            for (variable, values) in frequencies {
                let known = own.entry(variable).or_default();
                for (value, by) in values {
                    match known.get_mut(&value) {
                        Some(counts) => {
                            let won = counts.won + by.won * step;
                            let lost = counts.lost + by.lost * step;
                            counts.won = if won > 0.0 { tenths(won) } else { SMOOTHING };
                            counts.lost = if lost > 0.0 { tenths(lost) } else { SMOOTHING };
                        }
                        None if step > 0.0 => {
                            known.insert(
                                value,
                                Counts {
                                    won: tenths(by.won + SMOOTHING),
                                    lost: tenths(by.lost + SMOOTHING),
                                },
                            );
                        }
                        None => {}
                    }
                }
            }
        }
    }

    /// Counts one for each of a closed deal's values, unsmoothed (`ordered`: the stages).
    fn add(&mut self, deal: &Opportunity, outcome: Outcome, ordered: &[&Stage], fields: &[String]) {
        let (won, lost) = match outcome {
            Outcome::Won => (1.0, 0.0),
            Outcome::Lost => (0.0, 1.0),
        };
        let team = self
            .teams
            .entry(deal.team_id.unwrap_or_default())
            .or_default();
        let mut bump = |variable: &str, value: String| {
            let counts = team
                .entry(variable.to_string())
                .or_default()
                .entry(value)
                .or_default();
            counts.won += won;
            counts.lost += lost;
        };
        for (variable, value) in values_of(deal, fields) {
            if variable == STAGE {
                for stage in stages_counted(deal, outcome, ordered) {
                    bump(STAGE, stage.id.to_string());
                }
            } else {
                bump(&variable, value);
            }
        }
    }

    /// The frequencies a deal of `team` is scored on, rare tags left out: its team's, or all
    /// teams' together when its team has no table.
    fn scored_on(&self, team: Option<Uuid>) -> Frequencies {
        let usable = |variable: &str, counts: &Counts| {
            variable != TAG || counts.won + counts.lost >= RARE_TAG
        };
        let keep = |frequencies: &Frequencies, into: &mut Frequencies| {
            for (variable, values) in frequencies {
                for (value, counts) in values {
                    if usable(variable, counts) {
                        let sum = into
                            .entry(variable.clone())
                            .or_default()
                            .entry(value.clone())
                            .or_default();
                        sum.won += counts.won;
                        sum.lost += counts.lost;
                    }
                }
            }
        };
        let mut scored = Frequencies::new();
        match team
            .filter(|t| !t.is_nil())
            .and_then(|t| self.teams.get(&t))
        {
            Some(own) => keep(own, &mut scored),
            None => {
                for frequencies in self.teams.values() {
                    keep(frequencies, &mut scored);
                }
            }
        }
        scored
    }
}

/// What one of a deal's values did to its odds: above 1 raised them, below 1 lowered them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub variable: String,
    pub value: String,
    pub factor: f64,
}

/// A deal's predicted probability, in percent to two decimals, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    pub percent: f64,
    /// The values that moved it most, the strongest first.
    pub reasons: Vec<Reason>,
}

/// A factor this close to 1 (in log: within 1 %) neither raised nor lowered the odds.
const NEUTRAL: f64 = 0.01;

/// How many reasons a score gives.
pub const REASONS: usize = 3;

/// Rounds as Python's `round(x, 2)` does: to the nearest hundredth of the exact value, a tie to
/// the even digit (Rust's formatting rounds the same way).
pub fn round2(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

/// The probability of an open deal to be won, from `table`; `None` when it cannot be scored
/// (its table, or all teams' together, has no won or no lost deal; its stage is not counted).
pub fn score(
    table: &Table,
    deal: &Opportunity,
    stages: &[Stage],
    fields: &[String],
) -> Option<Score> {
    Scorer::new(table, stages, fields).score(deal)
}

/// The frequencies a team's deals are scored on, with each variable's totals, worked out once.
struct Prepared {
    frequencies: Frequencies,
    totals: BTreeMap<String, (f64, f64)>,
}

/// Scores many deals on one table: each team's frequencies (or the pool) are worked out the
/// first time one of its deals is scored, not for every deal (a full learning predicts
/// 100,000 of them).
pub struct Scorer<'a> {
    table: &'a Table,
    stages: &'a [Stage],
    fields: &'a [String],
    /// The first stage of every team's board (by sequence): its counts are a team's whole.
    first: Option<String>,
    prepared: BTreeMap<Option<Uuid>, Prepared>,
}

impl<'a> Scorer<'a> {
    pub fn new(table: &'a Table, stages: &'a [Stage], fields: &'a [String]) -> Scorer<'a> {
        Scorer {
            table,
            stages,
            fields,
            first: ordered(stages)
                .into_iter()
                .find(|s| s.team_id.is_none())
                .map(|s| s.id.to_string()),
            prepared: BTreeMap::new(),
        }
    }

    /// The probability of an open deal to be won (`score`).
    pub fn score(&mut self, deal: &Opportunity) -> Option<Score> {
        if self
            .stages
            .iter()
            .any(|s| s.id == deal.stage_id && s.is_won)
        {
            return Some(Score {
                percent: 100.0,
                reasons: Vec::new(),
            });
        }
        let team = deal.team_id.filter(|t| self.table.teams.contains_key(t));
        let table = self.table;
        let prepared = self.prepared.entry(team).or_insert_with(|| {
            let frequencies = table.scored_on(team);
            let totals = frequencies
                .iter()
                .map(|(variable, values)| {
                    let sums = values
                        .values()
                        .fold((0.0, 0.0), |(w, l), c| (w + c.won, l + c.lost));
                    (variable.clone(), sums)
                })
                .collect();
            Prepared {
                frequencies,
                totals,
            }
        });
        let frequencies = &prepared.frequencies;
        // Every closed deal counts in the first stage of every team's board: its counts are the
        // team's whole.
        let whole = frequencies.get(STAGE)?.get(self.first.as_ref()?)?;
        let (team_won, team_lost) = (whole.won, whole.lost);
        if team_won <= 0.0 || team_lost <= 0.0 {
            return None;
        }
        let total = team_won + team_lost;
        let (mut won, mut lost) = (team_won / total, team_lost / total);
        let mut reasons = Vec::new();
        for (variable, value) in values_of(deal, self.fields) {
            let Some(counts) = frequencies.get(&variable).and_then(|v| v.get(&value)) else {
                continue;
            };
            let (total_won, total_lost) = if variable == STAGE {
                (team_won, team_lost)
            } else {
                prepared.totals[&variable]
            };
            if total_won <= 0.0 || total_lost <= 0.0 {
                continue;
            }
            let (by_won, by_lost) = (counts.won / total_won, counts.lost / total_lost);
            won *= by_won;
            lost *= by_lost;
            // A value as common in won deals as in lost ones (the first stage) says nothing.
            let factor = by_won / by_lost;
            if factor.ln().abs() >= NEUTRAL {
                reasons.push(Reason {
                    variable,
                    value,
                    factor,
                });
            }
        }
        let percent = round2(100.0 * (won / (won + lost))).clamp(FLOOR, CEILING);
        reasons.sort_by(|a, b| b.factor.ln().abs().total_cmp(&a.factor.ln().abs()));
        reasons.truncate(REASONS);
        Some(Score { percent, reasons })
    }
}

/// What one learning in full did (the server's answer to an admin's "learn now").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Learnt {
    pub won: u32,
    pub lost: u32,
    /// Open deals whose prediction or probability changed.
    pub predicted: u32,
}

/// Whether a deal is won, lost, or neither (still open, or deleted: it counts for nothing).
pub fn outcome_of(deal: &Opportunity, stages: &[Stage]) -> Option<Outcome> {
    if deal.deleted {
        None
    } else if deal.lost {
        Some(Outcome::Lost)
    } else if stages.iter().any(|s| s.id == deal.stage_id && s.is_won) {
        Some(Outcome::Won)
    } else {
        None
    }
}

/// What the organisation chose to learn from, when prediction is on (a start day is set).
pub fn settings(store: &Store) -> Option<&ScoringSettings> {
    store
        .scoring_settings
        .iter()
        .filter(|s| !s.deleted && s.start.is_some())
        .min_by_key(|s| s.id)
}

/// What the server learnt, when it has.
pub fn table(store: &Store) -> Option<&ScoringTable> {
    store
        .scoring_tables
        .iter()
        .filter(|t| !t.deleted)
        .min_by_key(|t| t.id)
}

/// A scorer of the organisation's deals on what it learnt (`None`: prediction off, or nothing
/// learnt yet).
pub fn scorer_in(store: &Store) -> Option<Scorer<'_>> {
    let settings = settings(store)?;
    let learnt = table(store)?;
    Some(Scorer::new(&learnt.table, &store.stages, &settings.fields))
}

/// A deal's score from what its organisation learnt (`None`: prediction off, nothing learnt,
/// or its team's history cannot score it).
pub fn score_in(store: &Store, deal: &Opportunity) -> Option<Score> {
    scorer_in(store)?.score(deal)
}

/// Sets an open deal's prediction from what was learnt, and its probability to it unless it
/// was set by hand. Won and lost deals keep theirs (100 and 0); a deal that cannot be scored
/// keeps the probability its stage gave, and no prediction.
pub fn predict(store: &Store, deal: &mut Opportunity) {
    predict_with(scorer_in(store).as_mut(), &store.stages, deal);
}

/// `predict`, with a scorer made once for many deals (`None`: prediction off).
pub fn predict_with(scorer: Option<&mut Scorer>, stages: &[Stage], deal: &mut Opportunity) {
    if deal.deleted || outcome_of(deal, stages).is_some() {
        deal.predicted = None;
        return;
    }
    deal.predicted = scorer
        .and_then(|s| s.score(deal))
        .map(|s| hundredths(s.percent));
    if let Some(predicted) = deal.predicted
        && !deal.probability_by_hand
    {
        deal.probability = whole_percent(predicted);
    }
}

/// What was learnt, once a deal's change is counted: it was just won or lost (counted once
/// more), or is back from either (taken back), as Odoo's live increment. `None`: nothing to
/// count (prediction off, nothing learnt yet, the deal created before the start day, or no
/// change of outcome).
pub fn recount(
    store: &Store,
    before: Option<&Opportunity>,
    after: &Opportunity,
) -> Option<ScoringTable> {
    let settings = settings(store)?;
    let start = settings.start?;
    let learnt = table(store)?;
    let was = before.and_then(|b| outcome_of(b, &store.stages));
    let now = outcome_of(after, &store.stages);
    if was == now {
        return None;
    }
    let counts = |deal: &Opportunity| deal.created_on.is_some_and(|on| on >= start);
    let mut next = learnt.clone();
    if let (Some(was), Some(before)) = (was, before)
        && counts(before)
    {
        next.table
            .count(before, was, &store.stages, &settings.fields, -1);
    }
    if let Some(now) = now
        && counts(after)
    {
        next.table
            .count(after, now, &store.stages, &settings.fields, 1);
    }
    (next != *learnt).then_some(next)
}

/// A percent to two decimals as hundredths (33.49 → 3349).
pub fn hundredths(percent: f64) -> u16 {
    (percent * 100.0).round().clamp(0.0, 10_000.0) as u16
}

/// Hundredths of a percent as the whole percent a deal's probability holds, half up.
pub fn whole_percent(hundredths: u16) -> u8 {
    (hundredths.saturating_add(50) / 100).min(100) as u8
}

#[cfg(test)]
mod tests;
