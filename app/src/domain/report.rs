//! The figures a sales manager decides from, computed from a `Store`: the browser computes them
//! from its cache (so the dashboard works offline) and the server's report endpoint from
//! Postgres, with this one function, so the two always agree.
//!
//! Definitions (a filter narrows every figure to one team's and/or one salesperson's deals):
//! - **open**: an opportunity (not a lead) neither lost nor in a won stage. Pipeline value is the
//!   sum of their expected revenue; weighted pipeline the sum of revenue × probability (the
//!   prediction to two decimals, unless the probability was set by hand).
//! - **won / lost in a period**: closed (`closed_on`) inside it.
//! - **win rate**: won ÷ (won + lost) among the deals closed in the period.
//! - **conversion**: of the leads and deals created in the period, how many are opportunities
//!   now (qualified), and how many are won.
//! - **sales cycle**: the mean number of days from creation to winning, over the deals won in
//!   the period.
//! - **overdue activities**: open activities due before today, of the live deals in scope, and
//!   of live contacts unless a team is chosen (with a salesperson filter: assigned to them).
//! - Amounts are in the organisation's currency, converted at its rates; a deal in a currency
//!   (or a target) without a rate is counted but left out of sums, and the dashboard says how
//!   many. Sums saturate rather than wrap.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Currency, CurrencySettings, Opportunity, Stage, Store, Target};

/// The period most figures are about, ending today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Period {
    ThisMonth,
    #[default]
    ThisQuarter,
    ThisYear,
    Last12Months,
}

impl Period {
    pub const ALL: [Period; 4] = [
        Period::ThisMonth,
        Period::ThisQuarter,
        Period::ThisYear,
        Period::Last12Months,
    ];

    /// First and last day (inclusive) of the period that holds `today`.
    pub fn range(self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let month = first_of_month(today);
        let start = match self {
            Period::ThisMonth => month,
            Period::ThisQuarter => quarter_start(today),
            Period::ThisYear => NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(month),
            Period::Last12Months => month - Months::new(11),
        };
        let end = match self {
            Period::ThisQuarter => quarter_start(today) + Months::new(3),
            Period::ThisYear => NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).unwrap_or(month),
            Period::ThisMonth | Period::Last12Months => month + Months::new(1),
        };
        (start, end.pred_opt().unwrap_or(end))
    }

    pub fn code(self) -> &'static str {
        match self {
            Period::ThisMonth => "month",
            Period::ThisQuarter => "quarter",
            Period::ThisYear => "year",
            Period::Last12Months => "12months",
        }
    }

    pub fn parse(code: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.code() == code)
    }
}

pub fn first_of_month(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

fn quarter_start(day: NaiveDate) -> NaiveDate {
    let month = (day.month0() / 3) * 3 + 1;
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Filter {
    pub team_id: Option<Uuid>,
    pub salesperson_id: Option<Uuid>,
    pub period: Period,
}

/// A fraction kept exact: the UI shows it as a percentage or a mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Ratio {
    pub num: i64,
    pub den: i64,
}

impl Ratio {
    pub fn of(num: i64, den: i64) -> Ratio {
        Ratio { num, den }
    }

    /// Whole percent, rounded half up; `None` when nothing was counted.
    pub fn percent(self) -> Option<i64> {
        (self.den > 0).then(|| (200 * self.num + self.den) / (2 * self.den))
    }

    /// The mean to one decimal (×10, rounded half up); `None` when nothing was counted.
    pub fn tenths(self) -> Option<i64> {
        (self.den > 0).then(|| (20 * self.num + self.den) / (2 * self.den))
    }
}

/// An amount and how many deals it adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Sum {
    pub count: i64,
    /// In the organisation's currency's minor units.
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRow {
    pub stage_id: Uuid,
    pub name: String,
    pub open: Sum,
    pub weighted: i64,
}

/// One column of the forecast: deals expected to close in `month` (`None`: before this month,
/// overdue; the last column also holds every later month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForecastColumn {
    pub month: Option<NaiveDate>,
    /// Per stage, in the order of `Dashboard::funnel`: (unweighted, weighted).
    pub by_stage: Vec<(i64, i64)>,
    pub total: i64,
    pub weighted: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    pub month: NaiveDate,
    pub won: Sum,
    pub lost: Sum,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReasonRow {
    /// `None`: lost without a reason.
    pub reason_id: Option<Uuid>,
    pub name: String,
    pub lost: Sum,
}

/// Leads and deals created in the period that came from one campaign or source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginRow {
    /// `None`: none given.
    pub id: Option<Uuid>,
    pub name: String,
    pub created: i64,
    pub qualified: i64,
    pub won: Sum,
}

impl OriginRow {
    pub fn conversion(&self) -> Ratio {
        Ratio::of(self.won.count, self.created)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub currency: Currency,
    pub today: NaiveDate,
    pub period: (NaiveDate, NaiveDate),
    pub open: Sum,
    pub weighted: i64,
    pub won_this_month: Sum,
    pub target_this_month: Option<i64>,
    pub won_this_quarter: Sum,
    pub target_this_quarter: Option<i64>,
    pub won: Sum,
    pub lost: Sum,
    pub win_rate: Ratio,
    pub created: i64,
    /// Of those created, how many reached MQL or a later step (a deal made as a deal passed
    /// them all), and SQL or later: the lead funnel's middle steps.
    pub mql: i64,
    pub sql: i64,
    pub qualified: i64,
    pub won_of_created: i64,
    /// Days from creation to winning, summed over `won` deals with both dates, and their count.
    pub cycle_days: Ratio,
    pub overdue_activities: i64,
    /// Deals in scope whose currency has no rate: counted, but not in any sum.
    pub unconverted: Vec<(Currency, i64)>,
    /// Open deals per stage of the board, in board order.
    pub funnel: Vec<StageRow>,
    pub forecast: Vec<ForecastColumn>,
    /// Open deals without an expected closing date (not in the forecast).
    pub undated: i64,
    pub won_lost: Vec<MonthRow>,
    pub lost_reasons: Vec<ReasonRow>,
    pub campaigns: Vec<OriginRow>,
    pub sources: Vec<OriginRow>,
    /// Deals created in the period by territory (one in two territories counts in both; `None`:
    /// in none); empty when the organisation has no territories.
    pub territories: Vec<OriginRow>,
}

impl Dashboard {
    pub fn conversion_to_opportunity(&self) -> Ratio {
        Ratio::of(self.qualified, self.created)
    }

    pub fn conversion_to_won(&self) -> Ratio {
        Ratio::of(self.won_of_created, self.created)
    }

    /// The lead funnel: of what was created in the period, how many reached each step (lead,
    /// MQL, SQL, opportunity, won), each step counting what went further too.
    pub fn lead_funnel(&self) -> [(FunnelStep, i64); 5] {
        [
            (FunnelStep::Lead, self.created),
            (FunnelStep::Mql, self.mql),
            (FunnelStep::Sql, self.sql),
            (FunnelStep::Opportunity, self.qualified),
            (FunnelStep::Won, self.won_of_created),
        ]
    }
}

/// A step of the lead funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStep {
    Lead,
    Mql,
    Sql,
    Opportunity,
    Won,
}

/// Months the forecast shows one by one, starting with this one.
pub const FORECAST_MONTHS: u32 = 6;
/// The won/lost chart covers the period, and at least this many months back from this one.
pub const MIN_TREND_MONTHS: u32 = 6;

#[derive(Clone, Copy, PartialEq)]
enum State {
    Open,
    Won,
    Lost,
    Lead,
}

/// Everything on the dashboard, for `filter`, as of `today`.
pub fn dashboard(store: &Store, filter: &Filter, today: NaiveDate) -> Dashboard {
    let settings = store.currency();
    let (start, end) = filter.period.range(today);
    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= start && d <= end);
    let month = first_of_month(today);
    let quarter = quarter_start(today);

    let board: Vec<&Stage> = super::stage::board_order(&store.stages)
        .into_iter()
        .filter(|s| !s.is_won && filter.team_id.is_none_or(|t| s.shown_for(Some(t))))
        .collect();
    let stage_index: HashMap<Uuid, usize> =
        board.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let won_stages: Vec<Uuid> = store
        .stages
        .iter()
        .filter(|s| s.is_won)
        .map(|s| s.id)
        .collect();

    let mut funnel: Vec<StageRow> = board
        .iter()
        .map(|s| StageRow {
            stage_id: s.id,
            name: s.name.clone(),
            open: Sum::default(),
            weighted: 0,
        })
        .collect();
    let trend_start = (month - Months::new(MIN_TREND_MONTHS - 1)).min(first_of_month(start));
    let mut won_lost: Vec<MonthRow> = months(trend_start, month)
        .map(|m| MonthRow {
            month: m,
            won: Sum::default(),
            lost: Sum::default(),
        })
        .collect();
    let mut forecast: Vec<ForecastColumn> = std::iter::once(None)
        .chain((0..FORECAST_MONTHS).map(|i| Some(month + Months::new(i))))
        .map(|m| ForecastColumn {
            month: m,
            by_stage: vec![(0, 0); board.len()],
            total: 0,
            weighted: 0,
        })
        .collect();

    let mut d = Dashboard {
        currency: settings.currency,
        today,
        period: (start, end),
        open: Sum::default(),
        weighted: 0,
        won_this_month: Sum::default(),
        target_this_month: None,
        won_this_quarter: Sum::default(),
        target_this_quarter: None,
        won: Sum::default(),
        lost: Sum::default(),
        win_rate: Ratio::default(),
        created: 0,
        mql: 0,
        sql: 0,
        qualified: 0,
        won_of_created: 0,
        cycle_days: Ratio::default(),
        overdue_activities: 0,
        unconverted: Vec::new(),
        funnel: Vec::new(),
        forecast: Vec::new(),
        undated: 0,
        won_lost: Vec::new(),
        lost_reasons: Vec::new(),
        campaigns: Vec::new(),
        sources: Vec::new(),
        territories: Vec::new(),
    };
    let mut unconverted: BTreeMap<&'static str, (Currency, i64)> = BTreeMap::new();
    let mut reasons: BTreeMap<Option<Uuid>, Sum> = BTreeMap::new();
    let mut campaigns: BTreeMap<Option<Uuid>, OriginRow> = BTreeMap::new();
    let mut sources: BTreeMap<Option<Uuid>, OriginRow> = BTreeMap::new();
    let mut by_territory: BTreeMap<Option<Uuid>, OriginRow> = BTreeMap::new();
    let territories: Vec<&super::territory::Territory> = super::territory::live(store).collect();
    let mut in_scope: HashSet<Uuid> = HashSet::new();

    for o in store.opportunities.values() {
        if o.deleted || !in_filter(o, filter) {
            continue;
        }
        in_scope.insert(o.id);
        let value = settings.convert(o.expected_revenue);
        if value.is_none() {
            unconverted
                .entry(o.expected_revenue.currency.code())
                .or_insert((o.expected_revenue.currency, 0))
                .1 += 1;
        }
        let amount = value.unwrap_or(0);
        let add = |sum: &mut Sum| {
            // Saturating: typos near the largest revenue must not wrap round.
            sum.count += 1;
            sum.value = sum.value.saturating_add(amount);
        };
        let state = if o.lost {
            State::Lost
        } else if won_stages.contains(&o.stage_id) {
            State::Won
        } else if o.lead {
            State::Lead
        } else {
            State::Open
        };
        match state {
            State::Open => {
                add(&mut d.open);
                let weighted = weigh(amount, o.chance());
                d.weighted = d.weighted.saturating_add(weighted);
                if let Some(&i) = stage_index.get(&o.stage_id) {
                    add(&mut funnel[i].open);
                    funnel[i].weighted = funnel[i].weighted.saturating_add(weighted);
                    match o.expected_close {
                        None => d.undated += 1,
                        Some(close) => {
                            let months_ahead = months_between(month, first_of_month(close));
                            let col = if months_ahead < 0 {
                                0
                            } else {
                                (months_ahead.min(i64::from(FORECAST_MONTHS) - 1) + 1) as usize
                            };
                            let c = &mut forecast[col];
                            let cell = &mut c.by_stage[i];
                            cell.0 = cell.0.saturating_add(amount);
                            cell.1 = cell.1.saturating_add(weighted);
                            c.total = c.total.saturating_add(amount);
                            c.weighted = c.weighted.saturating_add(weighted);
                        }
                    }
                }
            }
            State::Won => {
                if let Some(closed) = o.closed_on {
                    if first_of_month(closed) == month {
                        add(&mut d.won_this_month);
                    }
                    if quarter_start(closed) == quarter {
                        add(&mut d.won_this_quarter);
                    }
                    if let Some(row) = won_lost
                        .iter_mut()
                        .find(|r| r.month == first_of_month(closed))
                    {
                        add(&mut row.won);
                    }
                }
                if in_period(o.closed_on) {
                    add(&mut d.won);
                    if let (Some(created), Some(closed)) = (o.created_on, o.closed_on) {
                        d.cycle_days.num += (closed - created).num_days().max(0);
                        d.cycle_days.den += 1;
                    }
                }
            }
            State::Lost => {
                if let Some(closed) = o.closed_on
                    && let Some(row) = won_lost
                        .iter_mut()
                        .find(|r| r.month == first_of_month(closed))
                {
                    add(&mut row.lost);
                }
                if in_period(o.closed_on) {
                    add(&mut d.lost);
                    add(reasons.entry(o.lost_reason_id).or_default());
                }
            }
            State::Lead => {}
        }
        if in_period(o.created_on) {
            d.created += 1;
            let qualified = !o.lead;
            let won = state == State::Won;
            let sql = qualified || o.sql_on.is_some();
            d.mql += i64::from(sql || o.mql_on.is_some());
            d.sql += i64::from(sql);
            d.qualified += i64::from(qualified);
            d.won_of_created += i64::from(won);
            let mut places: Vec<Option<Uuid>> = territories
                .iter()
                .filter(|t| t.holds_deal(o))
                .map(|t| Some(t.id))
                .collect();
            if places.is_empty() && !territories.is_empty() {
                places.push(None);
            }
            let count = |rows: &mut BTreeMap<Option<Uuid>, OriginRow>, id: Option<Uuid>| {
                let row = rows.entry(id).or_insert_with(|| OriginRow {
                    id,
                    name: String::new(),
                    created: 0,
                    qualified: 0,
                    won: Sum::default(),
                });
                row.created += 1;
                row.qualified += i64::from(qualified);
                if won {
                    add(&mut row.won);
                }
            };
            count(&mut campaigns, o.campaign_id);
            count(&mut sources, o.source_id);
            for id in places {
                count(&mut by_territory, id);
            }
        }
    }

    d.win_rate = Ratio::of(d.won.count, d.won.count + d.lost.count);
    d.overdue_activities = store
        .activities
        .values()
        .filter(|a| !a.deleted && !a.done && a.due < today)
        .filter(|a| match a.subject.deal_id() {
            // A deal's: when the deal is live and in scope.
            Some(deal) => {
                in_scope.contains(&deal)
                    && filter.salesperson_id.is_none_or(|p| a.user_id == Some(p))
            }
            // A contact's belongs to no team: counted for the organisation or its assignee.
            None => {
                filter.team_id.is_none()
                    && a.subject
                        .contact_id()
                        .is_some_and(|c| store.live_contact(c).is_some())
                    && filter.salesperson_id.is_none_or(|p| a.user_id == Some(p))
            }
        })
        .count() as i64;
    d.target_this_month = target(store, &settings, filter, month, 1);
    d.target_this_quarter = target(store, &settings, filter, quarter, 3);
    for t in store.targets.iter().filter(|t| !t.deleted) {
        if settings.convert(t.amount).is_none() {
            unconverted
                .entry(t.amount.currency.code())
                .or_insert((t.amount.currency, 0))
                .1 += 1;
        }
    }
    d.unconverted = unconverted.into_values().collect();
    d.funnel = funnel;
    d.forecast = forecast;
    d.won_lost = won_lost;
    d.lost_reasons = reasons
        .into_iter()
        .map(|(reason_id, lost)| ReasonRow {
            reason_id,
            name: reason_id
                .and_then(|id| store.lost_reasons.iter().find(|r| r.id == id))
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            lost,
        })
        .collect();
    d.lost_reasons
        .sort_by(|a, b| b.lost.count.cmp(&a.lost.count).then(a.name.cmp(&b.name)));
    d.campaigns = named_rows(campaigns, |id| {
        store
            .campaigns
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
    });
    d.sources = named_rows(sources, |id| {
        store
            .sources
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
    });
    d.territories = named_rows(by_territory, |id| {
        territories
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
    });
    d
}

fn in_filter(o: &Opportunity, filter: &Filter) -> bool {
    filter.team_id.is_none_or(|t| o.team_id == Some(t))
        && filter
            .salesperson_id
            .is_none_or(|p| o.salesperson_id == Some(p))
}

/// Revenue × its chance (hundredths of a percent, `Opportunity::chance`), rounded half up.
fn weigh(amount: i64, chance: u16) -> i64 {
    let num = i128::from(amount) * i128::from(chance);
    ((2 * num + 10_000) / 20_000) as i64
}

fn months(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let n = months_between(from, to).max(-1) + 1;
    (0..n as u32).map(move |i| from + Months::new(i))
}

/// Whole months from the month of `from` to the month of `to` (negative when before).
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month())
}

fn named_rows(
    rows: BTreeMap<Option<Uuid>, OriginRow>,
    name: impl Fn(Uuid) -> Option<String>,
) -> Vec<OriginRow> {
    let mut rows: Vec<OriginRow> = rows
        .into_values()
        .map(|mut r| {
            r.name = r.id.and_then(&name).unwrap_or_default();
            r
        })
        .collect();
    // Most won revenue first; "none given" last.
    rows.sort_by(|a, b| {
        (a.id.is_none(), -a.won.value, -a.created, &a.name).cmp(&(
            b.id.is_none(),
            -b.won.value,
            -b.created,
            &b.name,
        ))
    });
    rows
}

/// The target for the filter's scope over `months` months from `first`: a salesperson's own
/// when one is chosen, else the team's, else the organisation's (or, without one, the sum of the
/// teams'). `None` when no target is set for those months.
fn target(
    store: &Store,
    settings: &CurrencySettings,
    filter: &Filter,
    first: NaiveDate,
    months: u32,
) -> Option<i64> {
    let last = first + Months::new(months);
    let live: Vec<&Target> = store
        .targets
        .iter()
        .filter(|t| !t.deleted && t.month >= first && t.month < last)
        .collect();
    let sum = |pick: &dyn Fn(&Target) -> bool| -> Option<i64> {
        let picked: Vec<&&Target> = live.iter().filter(|t| pick(t)).collect();
        (!picked.is_empty()).then(|| {
            picked
                .iter()
                .filter_map(|t| settings.convert(t.amount))
                .fold(0i64, i64::saturating_add)
        })
    };
    match (filter.salesperson_id, filter.team_id) {
        (Some(person), _) => sum(&|t| t.salesperson_id == Some(person)),
        (None, Some(team)) => sum(&|t| t.team_id == Some(team)),
        (None, None) => sum(&|t| t.scope() == (None, None)).or_else(|| {
            sum(&|t| {
                t.team_id
                    .is_some_and(|id| super::team::find(&store.teams, id).is_some())
            })
        }),
    }
}

#[cfg(test)]
mod tests;
