//! The dashboard: KPIs and charts a sales manager decides from, computed in the browser from its
//! own copy of the records (so it works offline) by `domain::report::dashboard`, the function
//! the server's report endpoint runs too. Every chart has a table view and a CSV export.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::{CurrentTeam, show_date, today, use_locale};
use crate::domain::report::{Dashboard as Figures, Filter, FunnelStep, Period, Ratio, dashboard};
use crate::domain::{Currency, Money};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// A table: its header and rows of text, as shown and as exported.
#[derive(Clone, PartialEq)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let team = expect_context::<CurrentTeam>();
    let calendar = expect_context::<super::CalendarChoice>();
    let t = move |key| locale.get().t(key);
    // The filters are part of the page's address, so a link shows the same figures.
    let nav = expect_context::<super::routes::Nav>();
    let period = Memo::new(move |_| {
        nav.query("period")
            .and_then(|code| Period::parse(&code))
            .unwrap_or_default()
    });
    let person = Memo::new(move |_| nav.query("person").and_then(|s| Uuid::parse_str(&s).ok()));
    let weighted = RwSignal::new(true);
    // The figures and how long computing them took (read by the benchmark).
    let computed = Memo::new(move |_| {
        let filter = Filter {
            team_id: team.0.get(),
            salesperson_id: person.get(),
            period: period.get(),
        };
        sync.view.with(|v| {
            let started = super::now_ms();
            let figures = std::sync::Arc::new(dashboard(v, &filter, today()));
            (figures, super::now_ms() - started)
        })
    });
    let figures = Memo::new(move |_| computed.with(|c| c.0.clone()));
    let people = move || {
        sync.view.with(|v| {
            let mut users: Vec<(Uuid, String)> =
                v.users.iter().map(|u| (u.id, u.name.clone())).collect();
            users.sort_by(|a, b| a.1.cmp(&b.1));
            users
        })
    };
    let period_name = move |p: Period| {
        t(match p {
            Period::ThisMonth => Key::ThisMonth,
            Period::ThisQuarter => Key::ThisQuarter,
            Period::ThisYear => Key::ThisYear,
            Period::Last12Months => Key::Last12Months,
        })
    };
    let range =
        move || figures.with(|f| format!("{} – {}", show_date(f.period.0), show_date(f.period.1)));
    let compute_ms = move || computed.with(|c| format!("{:.2}", c.1));

    view! {
        <section class="page dashboard" data-testid="dashboard" data-compute-ms=compute_ms>
            <header class="page-header">
                <h2>{move || t(Key::Dashboard)}</h2>
                <label class="filter">
                    <span>{move || t(Key::Period)}</span>
                    <select
                        data-testid="dashboard-period"
                        on:change=move |ev| {
                            if let Some(p) = Period::parse(&event_target_value(&ev)) {
                                nav.set_query("period", (p != Period::default()).then(|| p.code().to_string()));
                            }
                        }
                        prop:value=move || period.get().code()
                    >
                        {Period::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.code() selected=move || period.get() == p>{move || period_name(p)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="filter">
                    <span>{move || t(Key::Salesperson)}</span>
                    <select
                        data-testid="dashboard-salesperson"
                        on:change=move |ev| nav.set_query("person", Uuid::parse_str(&event_target_value(&ev)).ok().map(|p| p.to_string()))
                        prop:value=move || person.get().map(|p| p.to_string()).unwrap_or_default()
                    >
                        <option value="">{move || t(Key::AllSalespeople)}</option>
                        {move || {
                            people()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id.to_string() selected=move || person.get() == Some(id)>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <span class="muted" data-testid="dashboard-range">{range}</span>
                <span class="kpi-export" data-testid="kpi-export">
                    {csv_link(Signal::derive(move || kpi_table(&figures.get(), locale.get())), "kpis")}
                </span>
            </header>
            <Warnings figures/>
            <Kpis figures/>
            <div class="charts">
                <Card
                    title=Key::Funnel
                    test_id="chart-funnel"
                    file="funnel"
                    table=Signal::derive(move || funnel_table(&figures.get(), locale.get()))
                >
                    {move || {
                        let f = figures.get();
                        let l = locale.get();
                        hbars(
                            f.funnel
                                .iter()
                                .map(|r| {
                                    (
                                        r.name.clone(),
                                        r.open.value,
                                        l.digits(&format!("{} · {}", r.open.count, l.money(Money::new(r.open.value, f.currency)))),
                                    )
                                })
                                .collect(),
                            0,
                            l.is_rtl(),
                        )
                    }}
                </Card>
                <Card
                    title=Key::LeadFunnel
                    test_id="chart-lead-funnel"
                    file="lead-funnel"
                    table=Signal::derive(move || lead_funnel_table(&figures.get(), locale.get()))
                >
                    {move || {
                        let f = figures.get();
                        let l = locale.get();
                        hbars(
                            lead_funnel_table(&f, l)
                                .rows
                                .into_iter()
                                .zip(f.lead_funnel())
                                .map(|(row, (_, n))| (row[0].clone(), n, format!("{} · {}", row[1], row[2])))
                                .collect(),
                            1,
                            l.is_rtl(),
                        )
                    }}
                </Card>
                <Card
                    title=Key::Forecast
                    test_id="chart-forecast"
                    file="forecast"
                    table=Signal::derive(move || forecast_table(&figures.get(), locale.get()))
                >
                    <div class="view-switch small" role="group">
                        <button type="button" class:on=weighted data-testid="forecast-weighted" on:click=move |_| weighted.set(true)>
                            {move || t(Key::Weighted)}
                        </button>
                        <button type="button" class:on=move || !weighted.get() data-testid="forecast-unweighted" on:click=move |_| weighted.set(false)>
                            {move || t(Key::Unweighted)}
                        </button>
                    </div>
                    {move || {
                        let f = figures.get();
                        let l = locale.get();
                        let w = weighted.get();
                        let mut labels: Vec<String> = f.forecast.iter().map(|c| month_label(c.month, l, calendar.for_locale(l))).collect();
                        // The last column holds every later month too.
                        if let Some(last) = labels.last_mut() {
                            last.push('+');
                        }
                        let series = f
                            .funnel
                            .iter()
                            .enumerate()
                            .map(|(i, s)| {
                                (
                                    s.name.clone(),
                                    f.forecast.iter().map(|c| if w { c.by_stage[i].1 } else { c.by_stage[i].0 }).collect(),
                                )
                            })
                            .collect();
                        columns(labels, series, false, f.currency, l)
                    }}
                </Card>
                <Card
                    title=Key::WonAndLost
                    test_id="chart-won-lost"
                    file="won-lost"
                    table=Signal::derive(move || won_lost_table(&figures.get(), locale.get()))
                >
                    {move || {
                        let f = figures.get();
                        let l = locale.get();
                        let labels = f.won_lost.iter().map(|r| month_label(Some(r.month), l, calendar.for_locale(l))).collect();
                        let series = vec![
                            (l.t(Key::WonCount).to_string(), f.won_lost.iter().map(|r| r.won.value).collect()),
                            (l.t(Key::LostCount).to_string(), f.won_lost.iter().map(|r| r.lost.value).collect()),
                        ];
                        columns(labels, series, true, f.currency, l)
                    }}
                </Card>
                <Card
                    title=Key::LostReasons
                    test_id="chart-lost-reasons"
                    file="lost-reasons"
                    table=Signal::derive(move || lost_reasons_table(&figures.get(), locale.get()))
                >
                    {move || {
                        let f = figures.get();
                        let l = locale.get();
                        hbars(
                            f.lost_reasons
                                .iter()
                                .map(|r| {
                                    (
                                        or_none(&r.name, l),
                                        r.lost.count,
                                        l.digits(&format!("{} · {}", r.lost.count, l.money(Money::new(r.lost.value, f.currency)))),
                                    )
                                })
                                .collect(),
                            2,
                            l.is_rtl(),
                        )
                    }}
                </Card>
                <Card
                    title=Key::Campaigns
                    test_id="chart-campaigns"
                    file="campaigns"
                    table=Signal::derive(move || origin_table(&figures.get(), locale.get(), Origin::Campaign))
                >
                    {move || origin_bars(&figures.get(), locale.get(), Origin::Campaign)}
                </Card>
                <Card
                    title=Key::Sources
                    test_id="chart-sources"
                    file="sources"
                    table=Signal::derive(move || origin_table(&figures.get(), locale.get(), Origin::Source))
                >
                    {move || origin_bars(&figures.get(), locale.get(), Origin::Source)}
                </Card>
                <Show when=move || figures.with(|f| !f.territories.is_empty())>
                    <Card
                        title=Key::ByTerritory
                        test_id="chart-territories"
                        file="territories"
                        table=Signal::derive(move || origin_table(&figures.get(), locale.get(), Origin::Territory))
                    >
                        {move || origin_bars(&figures.get(), locale.get(), Origin::Territory)}
                    </Card>
                </Show>
            </div>
            <p class="muted small">{move || t(Key::ComputedIn)}</p>
        </section>
    }
}

#[component]
fn Warnings(figures: Memo<Arc<Figures>>) -> impl IntoView {
    let locale = use_locale();
    let unconverted = move || {
        let l = locale.get();
        figures.with(|f| {
            (!f.unconverted.is_empty()).then(|| {
                let list: Vec<String> = f
                    .unconverted
                    .iter()
                    .map(|(c, n)| format!("{} ({})", c.code(), l.count(*n)))
                    .collect();
                format!("{} {}", l.t(Key::NoRate), list.join(", "))
            })
        })
    };
    let undated = move || {
        figures
            .with(|f| (f.undated > 0).then(|| locale.get().t_n(Key::Undated, f.undated as usize)))
    };
    view! {
        {move || unconverted().map(|text| view! { <p class="notice" role="status" data-testid="unconverted">{text}</p> })}
        {move || undated().map(|text| view! { <p class="muted small" data-testid="undated">{text}</p> })}
    }
}

#[component]
fn Kpis(figures: Memo<Arc<Figures>>) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let money = move |v: i64| figures.with(|f| locale.get().money(Money::new(v, f.currency)));
    let percent = move |r: Ratio| {
        r.percent()
            .map_or("—".to_string(), |p| locale.get().percent(p))
    };
    let against = move |won: i64, target: Option<i64>| match target {
        Some(target) if target > 0 => {
            let pct = Ratio::of(won, target).percent().unwrap_or(0);
            format!(
                "{} {}",
                locale.get().t_n(Key::OfTarget, pct.max(0) as usize),
                money(target)
            )
        }
        _ => t(Key::NoTarget).to_string(),
    };
    let progress = move |won: i64, target: Option<i64>| {
        let pct = target
            .filter(|t| *t > 0)
            .and_then(|t| Ratio::of(won, t).percent())
            .unwrap_or(0)
            .clamp(0, 100);
        view! {
            <svg class="progress" width="100%" height="6" aria-hidden="true">
                <rect class="track" x="0" y="0" width="100%" height="6" rx="3"/>
                <rect class="fill" x="0" y="0" width=format!("{pct}%") height="6" rx="3"/>
            </svg>
        }
    };
    let tile =
        move |key: Key, test_id: &'static str, value: Signal<String>, sub: Signal<String>| {
            view! {
                <div class="kpi" data-testid=test_id>
                    <span class="kpi-label">{move || t(key)}</span>
                    <strong class="kpi-value">{move || locale.get().digits(&value.get())}</strong>
                    <span class="kpi-sub">{move || locale.get().digits(&sub.get())}</span>
                </div>
            }
        };
    let f = move || figures.get();
    view! {
        <div class="kpis">
            {tile(
                Key::OpenPipeline,
                "kpi-open",
                Signal::derive(move || money(f().open.value)),
                Signal::derive(move || locale.get().t_n(Key::OpportunitiesCount, f().open.count as usize)),
            )}
            {tile(
                Key::WeightedPipeline,
                "kpi-weighted",
                Signal::derive(move || money(f().weighted)),
                Signal::derive(String::new),
            )}
            <div class="kpi" data-testid="kpi-won-month">
                <span class="kpi-label">{move || t(Key::WonThisMonth)}</span>
                <strong class="kpi-value">{move || money(f().won_this_month.value)}</strong>
                {move || progress(f().won_this_month.value, f().target_this_month)}
                <span class="kpi-sub">{move || locale.get().digits(&against(f().won_this_month.value, f().target_this_month))}</span>
            </div>
            <div class="kpi" data-testid="kpi-won-quarter">
                <span class="kpi-label">{move || t(Key::WonThisQuarter)}</span>
                <strong class="kpi-value">{move || money(f().won_this_quarter.value)}</strong>
                {move || progress(f().won_this_quarter.value, f().target_this_quarter)}
                <span class="kpi-sub">{move || locale.get().digits(&against(f().won_this_quarter.value, f().target_this_quarter))}</span>
            </div>
            {tile(
                Key::WinRate,
                "kpi-win-rate",
                Signal::derive(move || percent(f().win_rate)),
                Signal::derive(move || format!("{} {} · {} {}", locale.get().count(f().won.count), t(Key::WonCount), locale.get().count(f().lost.count), t(Key::LostCount))),
            )}
            {tile(
                Key::LeadToOpportunity,
                "kpi-to-opportunity",
                Signal::derive(move || percent(f().conversion_to_opportunity())),
                Signal::derive(move || format!("{} / {}", locale.get().count(f().qualified), locale.get().count(f().created))),
            )}
            {tile(
                Key::OpportunityToWon,
                "kpi-to-won",
                Signal::derive(move || percent(f().conversion_to_won())),
                Signal::derive(move || format!("{} / {}", locale.get().count(f().won_of_created), locale.get().count(f().created))),
            )}
            {tile(
                Key::SalesCycle,
                "kpi-cycle",
                Signal::derive(move || {
                    f().cycle_days.tenths().map_or("—".to_string(), |tenths| {
                        let days = format!("{}{}{}", tenths / 10, locale.get().decimal_separator(), tenths % 10);
                        locale.get().t(Key::DaysN).replace("{n}", &days)
                    })
                }),
                Signal::derive(String::new),
            )}
            {tile(
                Key::OverdueActivities,
                "kpi-overdue",
                Signal::derive(move || locale.get().count(f().overdue_activities)),
                Signal::derive(String::new),
            )}
        </div>
    }
}

/// A chart with its title, a switch to its table, and the table's CSV.
#[component]
fn Card(
    title: Key,
    test_id: &'static str,
    file: &'static str,
    table: Signal<Table>,
    children: ChildrenFn,
) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let as_table = RwSignal::new(false);
    view! {
        <article class="chart-card" data-testid=test_id>
            <header>
                <h3>{move || t(title)}</h3>
                <button type="button" class="link" data-testid="toggle-table" on:click=move |_| as_table.update(|v| *v = !*v)>
                    {move || t(if as_table.get() { Key::ShowChart } else { Key::ShowTable })}
                </button>
                {csv_link(table, file)}
            </header>
            <Show when=move || as_table.get() fallback=move || children()>
                <div class="table-scroll">
                    <table class="report-table">
                        <thead>
                            <tr>{move || table.with(|tb| tb.header.iter().map(|h| view! { <th>{locale.get().digits(h)}</th> }).collect_view())}</tr>
                        </thead>
                        <tbody>
                            {move || {
                                table.with(|tb| {
                                    tb.rows
                                        .iter()
                                        .map(|r| view! { <tr>{r.iter().map(|c| view! { <td>{locale.get().digits(c)}</td> }).collect_view()}</tr> })
                                        .collect_view()
                                })
                            }}
                        </tbody>
                    </table>
                </div>
            </Show>
        </article>
    }
}

/// A button that downloads `table` as `rapport-<file>.csv`, through the export's writers
/// (loaded on the first export).
fn csv_link(table: Signal<Table>, file: &'static str) -> impl IntoView {
    let locale = use_locale();
    let failed = RwSignal::new(None::<String>);
    let save = move |_| {
        let sheet = table.with_untracked(|tb| crate::export::Sheet {
            name: file.into(),
            header: tb.header.clone(),
            rows: tb
                .rows
                .iter()
                .map(|r| r.iter().cloned().map(crate::export::Cell::text).collect())
                .collect(),
        });
        super::export::save(
            format!("rapport-{file}.csv"),
            sheet,
            crate::export::Values::Shown,
            false,
            failed,
        );
    };
    view! {
        <button type="button" class="link" data-testid="export-csv" on:click=save>
            {move || locale.get().t(Key::ExportCsv)}
        </button>
        {move || failed.get().map(|why| view! { <span class="error" role="alert">{why}</span> })}
    }
}

fn month_label(month: Option<NaiveDate>, l: Locale, calendar: crate::i18n::Calendar) -> String {
    match month {
        Some(m) => l.report_month_short(calendar, m),
        None => l.t(Key::Earlier).to_string(),
    }
}

fn or_none(name: &str, l: Locale) -> String {
    if name.is_empty() {
        l.t(Key::NoneChoice).to_string()
    } else {
        name.to_string()
    }
}

/// Short amounts for chart labels: 1.2B, 350M, 12k (in the company currency's major units).
fn compact(minor: i64, currency: Currency, l: Locale) -> String {
    let major = minor as f64 / 10f64.powi(currency.exponent() as i32);
    // The reader's short words for large numbers (Chinese counts in ten thousands).
    let steps: &[(f64, &str)] = match l {
        Locale::En => &[(1e9, "B"), (1e6, "M"), (1e3, "k")],
        Locale::Vi => &[(1e9, " tỷ"), (1e6, " tr"), (1e3, "k")],
        Locale::Zh => &[(1e8, "亿"), (1e4, "万")],
        Locale::Th => &[(1e9, " พันล้าน"), (1e6, " ล้าน"), (1e3, " พัน")],
        Locale::Fa => &[(1e9, " میلیارد"), (1e6, " میلیون"), (1e3, " هزار")],
    };
    let (value, suffix) = steps
        .iter()
        .find(|(size, _)| major.abs() >= *size)
        .map_or((major, ""), |(size, word)| (major / size, *word));
    let text = if suffix.is_empty() || value.abs() >= 100.0 {
        format!("{value:.0}{suffix}")
    } else {
        format!("{value:.1}{suffix}").replace('.', l.decimal_mark())
    };
    l.digits(&text)
}

/// Horizontal bars, one per row (label above its bar, the figure at the end): readable at any
/// width since only the bars scale. `colour` picks the palette entry.
fn hbars(rows: Vec<(String, i64, String)>, colour: usize, rtl: bool) -> impl IntoView {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = rows.len() * 38 + 4;
    let empty = rows.is_empty();
    // Right to left the label starts at the right edge, the figure at the left, and the bar
    // grows from the right (an SVG text's "start" follows the page's direction).
    let (label_x, value_x) = if rtl { ("100%", "0") } else { ("0", "100%") };
    view! {
        <svg class="hbars" width="100%" height=height role="img">
            {rows
                .into_iter()
                .enumerate()
                .map(|(i, (label, value, text))| {
                    let y = i * 38;
                    let key = label.clone();
                    let pct = (value.max(0) as f64 / max as f64 * 100.0).max(if value > 0 { 0.5 } else { 0.0 });
                    let bar_x = if rtl { format!("{:.2}%", 100.0 - pct) } else { "0".to_string() };
                    view! {
                        <g class="bar-row" data-label=key>
                            <text x=label_x y=y + 13 class="bar-label">{label}</text>
                            <text x=value_x y=y + 13 text-anchor="end" class="bar-value">{text}</text>
                            <rect class="track" x="0" y=y + 19 width="100%" height="12" rx="3"/>
                            <rect class=format!("series-{colour}") x=bar_x y=y + 19 width=format!("{pct:.2}%") height="12" rx="3"/>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
        {empty.then(|| view! { <p class="muted small">"—"</p> })}
    }
}

/// Columns per label: stacked series (or side by side when `grouped`), with a legend.
fn columns(
    labels: Vec<String>,
    series: Vec<(String, Vec<i64>)>,
    grouped: bool,
    currency: Currency,
    l: Locale,
) -> impl IntoView {
    const PLOT: f64 = 170.0;
    let n = labels.len().max(1);
    let totals: Vec<i64> = (0..labels.len())
        .map(|i| {
            let values = series
                .iter()
                .map(|s| s.1.get(i).copied().unwrap_or(0).max(0));
            if grouped {
                values.max().unwrap_or(0)
            } else {
                values.sum()
            }
        })
        .collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let slot = 100.0 / n as f64;
    let parts = series.len().max(1) as f64;
    let mut rects = Vec::new();
    for i in 0..labels.len() {
        let mut base = 0.0;
        for (k, (_, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0).max(0);
            if v == 0 {
                continue;
            }
            let h = v as f64 / max as f64 * PLOT;
            let (x, w) = if grouped {
                (
                    slot * i as f64 + slot * 0.15 + slot * 0.7 / parts * k as f64,
                    slot * 0.7 / parts,
                )
            } else {
                (slot * i as f64 + slot * 0.2, slot * 0.6)
            };
            let y = if grouped { PLOT - h } else { PLOT - base - h };
            if !grouped {
                base += h;
            }
            rects.push(view! {
                <rect class=series_class(grouped, k) x=format!("{x:.2}%") y=format!("{:.1}", y + 16.0) width=format!("{w:.2}%") height=format!("{h:.1}")>
                    <title>{format!("{} · {}", series[k].0, l.money(Money::new(v, currency)))}</title>
                </rect>
            });
        }
    }
    let legend: Vec<(String, String)> = series
        .iter()
        .enumerate()
        .map(|(k, s)| (series_class(grouped, k), s.0.clone()))
        .collect();
    view! {
        <svg class="columns" width="100%" height=PLOT as i64 + 40 role="img">
            <line class="axis" x1="0" x2="100%" y1=PLOT + 16.0 y2=PLOT + 16.0/>
            {rects}
            {labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let x = format!("{:.2}%", slot * (i as f64 + 0.5));
                    view! {
                        <text x=x.clone() y=PLOT + 32.0 text-anchor="middle" class="axis-label">{l.digits(label)}</text>
                        <text x=x y="11" text-anchor="middle" class="column-total">
                            {(totals[i] > 0).then(|| compact(totals[i], currency, l))}
                        </text>
                    }
                })
                .collect_view()}
        </svg>
        <ul class="legend">
            {legend
                .into_iter()
                .map(|(c, name)| view! { <li><span class=format!("swatch {c}")></span>{name}</li> })
                .collect_view()}
        </ul>
    }
}

/// Stacked series take the palette in order; side by side are won (green) and lost (red).
fn series_class(grouped: bool, k: usize) -> String {
    match (grouped, k) {
        (true, 0) => "won-fill".into(),
        (true, _) => "lost-fill".into(),
        (false, k) => format!("series-{}", k % 8),
    }
}

/// What deals are counted by in a card of rows: where they came from, or where they are.
#[derive(Clone, Copy, PartialEq)]
enum Origin {
    Campaign,
    Source,
    Territory,
}

impl Origin {
    fn rows(self, f: &Figures) -> &[crate::domain::report::OriginRow] {
        match self {
            Origin::Campaign => &f.campaigns,
            Origin::Source => &f.sources,
            Origin::Territory => &f.territories,
        }
    }

    fn title(self, l: Locale) -> String {
        match self {
            Origin::Campaign => l.t(Key::Campaign).into(),
            Origin::Source => l.t(Key::Source).into(),
            Origin::Territory => l.kind("territory", false),
        }
    }

    fn colour(self) -> usize {
        match self {
            Origin::Campaign => 4,
            Origin::Source => 5,
            Origin::Territory => 3,
        }
    }
}

fn origin_bars(f: &Figures, l: Locale, origin: Origin) -> impl IntoView + use<> {
    let rows = origin.rows(f);
    hbars(
        rows.iter()
            .map(|r| {
                (
                    or_none(&r.name, l),
                    r.won.value,
                    l.digits(&format!(
                        "{} · {}/{}",
                        l.money(Money::new(r.won.value, f.currency)),
                        r.won.count,
                        r.created
                    )),
                )
            })
            .collect(),
        origin.colour(),
        l.is_rtl(),
    )
}

fn pct(r: Ratio, l: Locale) -> String {
    r.percent().map_or(String::new(), |p| l.percent(p))
}

/// The KPIs as figure / value rows, as shown.
fn kpi_table(f: &Figures, l: Locale) -> Table {
    let m = |v| l.money(Money::new(v, f.currency));
    let target = |t: Option<i64>| t.map(m).unwrap_or_default();
    let rows = vec![
        (
            Key::Period,
            format!(
                "{} – {}",
                l.date(f.period.0, l.default_calendar()),
                l.date(f.period.1, l.default_calendar())
            ),
        ),
        (Key::OpenPipeline, m(f.open.value)),
        (Key::Deals, f.open.count.to_string()),
        (Key::WeightedPipeline, m(f.weighted)),
        (Key::WonThisMonth, m(f.won_this_month.value)),
        (Key::TargetThisMonth, target(f.target_this_month)),
        (Key::WonThisQuarter, m(f.won_this_quarter.value)),
        (Key::TargetThisQuarter, target(f.target_this_quarter)),
        (Key::WinRate, pct(f.win_rate, l)),
        (
            Key::LeadToOpportunity,
            pct(f.conversion_to_opportunity(), l),
        ),
        (Key::OpportunityToWon, pct(f.conversion_to_won(), l)),
        (
            Key::SalesCycle,
            f.cycle_days
                .tenths()
                .map_or(String::new(), |d| format!("{}.{}", d / 10, d % 10)),
        ),
        (Key::OverdueActivities, f.overdue_activities.to_string()),
    ];
    Table {
        header: vec![l.t(Key::Dashboard).into(), l.t(Key::Value).into()],
        rows: rows
            .into_iter()
            .map(|(k, v)| vec![l.t(k).to_string(), v])
            .collect(),
    }
}

fn funnel_table(f: &Figures, l: Locale) -> Table {
    let m = |v| l.money(Money::new(v, f.currency));
    Table {
        header: vec![
            l.t(Key::Stage).into(),
            l.t(Key::Deals).into(),
            l.t(Key::Value).into(),
            l.t(Key::Weighted).into(),
        ],
        rows: f
            .funnel
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.open.count.to_string(),
                    m(r.open.value),
                    m(r.weighted),
                ]
            })
            .collect(),
    }
}

/// What a step of the lead funnel is called.
fn step_label(l: Locale, step: FunnelStep) -> String {
    l.t(match step {
        FunnelStep::Lead => Key::Leads,
        FunnelStep::Mql => Key::FunnelMql,
        FunnelStep::Sql => Key::FunnelSql,
        FunnelStep::Opportunity => Key::Opportunities,
        FunnelStep::Won => Key::WonCount,
    })
    .into()
}

/// The lead funnel: each step, how many reached it, and what share of the leads that is.
fn lead_funnel_table(f: &Figures, l: Locale) -> Table {
    Table {
        header: vec![
            l.t(Key::LeadFunnel).into(),
            l.t(Key::Deals).into(),
            l.t(Key::ShareOfLeads).into(),
        ],
        rows: f
            .lead_funnel()
            .into_iter()
            .map(|(step, n)| {
                vec![
                    step_label(l, step),
                    l.count(n),
                    pct(Ratio::of(n, f.created), l),
                ]
            })
            .collect(),
    }
}

fn forecast_table(f: &Figures, l: Locale) -> Table {
    let m = |v| l.money(Money::new(v, f.currency));
    let mut header = vec![l.t(Key::Month).to_string()];
    for s in &f.funnel {
        header.push(s.name.clone());
        header.push(format!("{} ({})", s.name, l.t(Key::Weighted)));
    }
    header.push(l.t(Key::Total).into());
    header.push(l.t(Key::Weighted).into());
    let last = f.forecast.len().saturating_sub(1);
    Table {
        header,
        rows: f
            .forecast
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mut label = c.month.map_or(l.t(Key::Earlier).to_string(), |d| {
                    d.format("%Y-%m").to_string()
                });
                if i == last {
                    label = format!("{label} {}", l.t(Key::Later));
                }
                let mut row = vec![label];
                for (value, weighted) in &c.by_stage {
                    row.push(m(*value));
                    row.push(m(*weighted));
                }
                row.push(m(c.total));
                row.push(m(c.weighted));
                row
            })
            .collect(),
    }
}

fn won_lost_table(f: &Figures, l: Locale) -> Table {
    let m = |v| l.money(Money::new(v, f.currency));
    Table {
        header: vec![
            l.t(Key::Month).into(),
            l.t(Key::WonCount).into(),
            l.t(Key::WonRevenue).into(),
            l.t(Key::LostCount).into(),
            l.t(Key::Value).into(),
        ],
        rows: f
            .won_lost
            .iter()
            .map(|r| {
                vec![
                    r.month.format("%Y-%m").to_string(),
                    r.won.count.to_string(),
                    m(r.won.value),
                    r.lost.count.to_string(),
                    m(r.lost.value),
                ]
            })
            .collect(),
    }
}

fn lost_reasons_table(f: &Figures, l: Locale) -> Table {
    Table {
        header: vec![
            l.t(Key::LostReason).into(),
            l.t(Key::Deals).into(),
            l.t(Key::Value).into(),
        ],
        rows: f
            .lost_reasons
            .iter()
            .map(|r| {
                vec![
                    or_none(&r.name, l),
                    r.lost.count.to_string(),
                    l.money(Money::new(r.lost.value, f.currency)),
                ]
            })
            .collect(),
    }
}

fn origin_table(f: &Figures, l: Locale, origin: Origin) -> Table {
    let rows = origin.rows(f);
    Table {
        header: vec![
            origin.title(l),
            l.t(Key::Leads).into(),
            l.t(Key::Qualified).into(),
            l.t(Key::WonCount).into(),
            l.t(Key::WonRevenue).into(),
            l.t(Key::Conversion).into(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    or_none(&r.name, l),
                    l.count(r.created),
                    l.count(r.qualified),
                    l.count(r.won.count),
                    l.money(Money::new(r.won.value, f.currency)),
                    pct(r.conversion(), l),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_labels() {
        assert_eq!(compact(1_234_000_000, Currency::VND, Locale::En), "1.2B");
        assert_eq!(compact(350_000_000, Currency::VND, Locale::En), "350M");
        assert_eq!(compact(1_250_000, Currency::USD, Locale::En), "12.5k");
        assert_eq!(compact(900, Currency::VND, Locale::En), "900");
        assert_eq!(compact(1_234_000_000, Currency::VND, Locale::Vi), "1,2 tỷ");
        assert_eq!(compact(123_400_000, Currency::VND, Locale::Zh), "1.2亿");
        assert_eq!(
            compact(9_400_000_000, Currency::VND, Locale::Fa),
            "۹٫۴ میلیارد"
        );
    }
}
