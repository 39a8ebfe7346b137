//! Activities on a calendar: a week or a month in the reader's calendar (Solar Hijri, Buddhist
//! era or Gregorian), each day with its activities. An activity dragged to another day (with a
//! mouse, or with a finger after a long press) is rescheduled there; a tap opens its deal.

use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use uuid::Uuid;

use super::{CalendarChoice, explain, today, use_locale};
use crate::domain::Mutation;
use crate::domain::activity::{Activity, Due};
use crate::domain::calendar::{add_months, month_of, month_weeks, to_jalali, week_of};
use crate::i18n::{Calendar, Key};
use crate::sync::handle::{Notice, SyncHandle};

/// How much of the calendar is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Week,
    Month,
}

/// How far a mouse moves before a press becomes a drag, in CSS pixels.
const MOUSE_SLOP: f64 = 5.0;
/// How far a finger may move during the long press before it is taken for a scroll.
const TOUCH_SLOP: f64 = 10.0;
/// How long a finger rests on an activity before it can be dragged, in milliseconds.
const LONG_PRESS_MS: u64 = 350;
/// How many activities a day of the month shows before "+N more" (open ones first).
const MONTH_DAY_ITEMS: usize = 3;

/// An activity being pressed or dragged.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Held {
    id: Uuid,
    pointer: i32,
    touch: bool,
    from: (f64, f64),
    at: (f64, f64),
    /// Moving with the pointer (after the slop, or the long press).
    active: bool,
    /// The day under the pointer.
    over: Option<NaiveDate>,
}

/// Set while a finger drags, for the page-wide touch listener that stops the page scrolling.
static TOUCH_DRAGGING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

#[component]
pub fn ActivityCalendar(
    /// The activities to show (those of the days shown are picked here).
    #[prop(into)]
    list: Signal<Vec<Activity>>,
    span: Signal<Span>,
    /// A day of the week or month shown.
    at: RwSignal<NaiveDate>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let choice = expect_context::<CalendarChoice>();
    let calendar = move || choice.for_locale(locale.get());
    let jalali = move || calendar() == Calendar::Jalali;
    let weeks = Memo::new(move |_| {
        let first = locale.get().first_weekday();
        match span.get() {
            Span::Week => vec![week_of(at.get(), first)],
            Span::Month => month_weeks(month_of(at.get(), jalali()), jalali(), first),
        }
    });
    let title = move || {
        let l = locale.get();
        match span.get() {
            Span::Month => l.month_title(calendar(), month_of(at.get(), jalali())),
            Span::Week => weeks.with(|w| {
                w.first().map_or_else(String::new, |w| {
                    format!("{} – {}", super::show_date(w[0]), super::show_date(w[6]))
                })
            }),
        }
    };
    let step = move |by: i32| {
        at.update(|day| {
            *day = match span.get_untracked() {
                Span::Week => *day + chrono::Duration::days(7 * i64::from(by)),
                Span::Month => {
                    let j = jalali();
                    let (y, m) = add_months(month_of(*day, j), by);
                    crate::domain::calendar::days_of_month(y, m, j)
                        .first()
                        .copied()
                        .unwrap_or(*day)
                }
            }
        })
    };
    let types = Memo::new(move |_| {
        sync.view.with(|v| {
            v.activity_types
                .iter()
                .map(|t| (t.id, (t.icon.clone(), t.name.clone())))
                .collect::<std::collections::HashMap<_, _>>()
        })
    });

    // Dragging an activity to another day.
    let held = RwSignal::new(None::<Held>);
    let suppress_click = StoredValue::new(false);
    let day_at = |x: f64, y: f64| -> Option<NaiveDate> {
        let element = document().element_from_point(x as f32, y as f32)?;
        let day = element.closest("[data-day]").ok()??;
        NaiveDate::parse_from_str(&day.get_attribute("data-day")?, "%Y-%m-%d").ok()
    };
    let press = move |ev: web_sys::PointerEvent, id: Uuid| {
        if ev.button() != 0 {
            return;
        }
        // A drag's own click may never come (its chip is drawn anew on its new day).
        suppress_click.set_value(false);
        let touch = ev.pointer_type() == "touch";
        let from = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let pointer = ev.pointer_id();
        held.set(Some(Held {
            id,
            pointer,
            touch,
            from,
            at: from,
            active: false,
            over: None,
        }));
        if touch {
            // A finger resting long enough picks the activity up.
            set_timeout(
                move || {
                    held.update(|h| {
                        if let Some(h) = h.as_mut().filter(|h| h.pointer == pointer && !h.active) {
                            h.active = true;
                            h.over = day_at(h.at.0, h.at.1);
                            TOUCH_DRAGGING.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                    })
                },
                std::time::Duration::from_millis(LONG_PRESS_MS),
            );
        }
    };
    let end = move || {
        held.set(None);
        TOUCH_DRAGGING.store(false, std::sync::atomic::Ordering::Relaxed);
    };
    let undo = expect_context::<super::UndoOffer>();
    // The activity moved last comes first on its day, so a drop on a busy day stays in sight.
    let moved_last = RwSignal::new(None::<Uuid>);
    // Moves the activity to `day`, and offers to move it back for a few seconds.
    let reschedule = move |id: Uuid, from: NaiveDate, day: NaiveDate| {
        let l = locale.get_untracked();
        let Some(version) = sync
            .view
            .with_untracked(|v| v.activities.get(&id).map(|a| a.version))
        else {
            return;
        };
        let due = |day: NaiveDate| Mutation::EditRecord {
            id,
            fields: serde_json::Map::from_iter([(
                "due".into(),
                serde_json::json!(day.to_string()),
            )]),
            base_version: version,
        };
        match sync.mutate(due(day)) {
            Ok(()) => {
                moved_last.set(Some(id));
                let shown = l.date(day, untrack(|| choice.for_locale(l)));
                undo.offer(l.t(Key::MovedTo).replace("{date}", &shown), due(from));
            }
            Err(e) => sync
                .notices
                .update(|n| n.push(Notice::Problem(explain(l, e)))),
        }
    };
    let moved = window_event_listener(leptos::ev::pointermove, move |ev| {
        let Some(mut h) = held
            .get_untracked()
            .filter(|h| h.pointer == ev.pointer_id())
        else {
            return;
        };
        h.at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let distance = (h.at.0 - h.from.0).hypot(h.at.1 - h.from.1);
        if !h.active {
            if h.touch {
                // Moved before the long press: a scroll, not a drag.
                if distance > TOUCH_SLOP {
                    return end();
                }
                return held.set(Some(h));
            }
            if distance < MOUSE_SLOP {
                return;
            }
            h.active = true;
        }
        ev.prevent_default();
        h.over = day_at(h.at.0, h.at.1);
        held.set(Some(h));
    });
    let released = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some(h) = held
            .get_untracked()
            .filter(|h| h.pointer == ev.pointer_id())
        else {
            return;
        };
        end();
        if !h.active {
            return;
        }
        // The click after a drag does not open the deal.
        suppress_click.set_value(true);
        let due = sync
            .view
            .with_untracked(|v| v.activities.get(&h.id).map(|a| a.due));
        if let (Some(day), Some(due)) = (h.over, due)
            && day != due
        {
            reschedule(h.id, due, day);
        }
    });
    let cancelled = window_event_listener(leptos::ev::pointercancel, move |ev| {
        if held
            .get_untracked()
            .is_some_and(|h| h.pointer == ev.pointer_id())
        {
            end();
        }
    });
    on_cleanup(move || {
        moved.remove();
        released.remove();
        cancelled.remove();
        TOUCH_DRAGGING.store(false, std::sync::atomic::Ordering::Relaxed);
    });
    #[cfg(feature = "hydrate")]
    stop_scrolling_while_dragging();

    let dragging = Memo::new(move |_| held.with(|h| h.is_some_and(|h| h.active)));
    // While an activity is dragged, the page scrolls when the pointer rests near its top or
    // bottom edge, so a day out of sight can be reached.
    #[cfg(feature = "hydrate")]
    {
        let scroller = StoredValue::new(None::<IntervalHandle>);
        let stop = move || {
            if let Some(old) = scroller.try_update_value(Option::take).flatten() {
                old.clear();
            }
        };
        Effect::new(move |_| {
            stop();
            if !dragging.get() {
                return;
            }
            let tick = move || {
                let Some(h) = held.get_untracked().filter(|h| h.active) else {
                    return;
                };
                if super::drag::scroll_page_near_edge(".cal", h.at.1) {
                    held.update(|x| {
                        if let Some(x) = x {
                            x.over = day_at(x.at.0, x.at.1);
                        }
                    });
                }
            };
            let handle = set_interval_with_handle(tick, std::time::Duration::from_millis(16));
            scroller.set_value(handle.ok());
        });
        on_cleanup(stop);
    }
    let ghost = move || {
        held.get().filter(|h| h.active).and_then(|h| {
            let text = list.with(|l| {
                l.iter()
                    .find(|a| a.id == h.id)
                    .map(|a| {
                        let (icon, what) = label(a, &types.get());
                        format!("{icon} {what}")
                    })
            })?;
            Some(view! {
                <div class="cal-ghost" style=format!("left:{}px;top:{}px", h.at.0 + 8.0, h.at.1 + 8.0) aria-hidden="true">
                    {text}
                </div>
            })
        })
    };
    // An activity's chip: pressed and moved, it is dragged; tapped, it opens its deal. On a
    // phone's month only its picture shows (the day's list under the month says the rest).
    // The day whose activities are listed under a phone's month (the day shown, until another
    // is tapped; back to it when the month changes).
    let chosen = RwSignal::new(at.get_untracked());
    Effect::new(move |_| chosen.set(at.get()));
    let chip = move |a: Activity,
                     now: NaiveDate,
                     kinds: &std::collections::HashMap<Uuid, (String, String)>,
                     in_month: bool| {
        let id = a.id;
        let due = a.due;
        let deal = a.subject.deal_id();
        let overdue = a.due_state(now) == Due::Overdue && a.is_open();
        let (icon, what) = label(&a, kinds);
        let title = format!("{icon} {what}");
        view! {
            <button
                type="button"
                class="cal-item"
                class:overdue=overdue
                class:done=a.done
                class:lifted=move || held.with(|h| h.is_some_and(|h| h.active && h.id == id))
                data-testid="cal-activity"
                data-id=id.to_string()
                title=title
                on:pointerdown=move |ev| press(ev, id)
                on:contextmenu=move |ev| ev.prevent_default()
                on:click=move |ev| {
                    ev.stop_propagation();
                    if suppress_click.get_value() {
                        suppress_click.set_value(false);
                        return;
                    }
                    // A picture in a phone's month chooses its day: the list below says what
                    // it is and opens it.
                    if in_month && span.get_untracked() == Span::Month && narrow() {
                        chosen.set(due);
                        return;
                    }
                    if let Some(o) = deal {
                        nav.open_deal(o);
                    }
                }
            >
                <span class="cal-icon" aria-hidden="true">{icon}</span>
                <span class="cal-text" dir="auto">{what}</span>
            </button>
        }
    };
    let on_day = move |day: NaiveDate| {
        let mut items: Vec<Activity> =
            list.with(|l| l.iter().filter(|a| a.due == day).cloned().collect());
        let first = moved_last.get();
        items.sort_by_key(|a| (Some(a.id) != first, a.done, a.id));
        items
    };
    // The day of the month whose activities are all shown (its "+N more" was pressed).
    let expanded = RwSignal::new(None::<NaiveDate>);
    let day_view = move |day: NaiveDate, month: Option<(i32, u32)>| {
        let l = locale.get();
        let j = jalali();
        let number = if j { to_jalali(day).day } else { day.day() };
        let outside = month.is_some_and(|m| month_of(day, j) != m);
        // A week names its days (on a phone they are rows, without the names above).
        let date_label = match month {
            Some(_) => l.digits(&number.to_string()),
            None => {
                let first = l.first_weekday().num_days_from_monday();
                let index = (day.weekday().num_days_from_monday() + 7 - first) % 7;
                format!(
                    "{} {}",
                    l.weekday_names()[index as usize],
                    l.digits(&number.to_string())
                )
            }
        };
        let now = today();
        let kinds = types.get();
        let items = on_day(day);
        let shown = if month.is_some() && expanded.get() != Some(day) {
            MONTH_DAY_ITEMS
        } else {
            items.len()
        };
        let hidden = items.len().saturating_sub(shown);
        let more = l
            .t(Key::MoreCount)
            .replace("{n}", &l.digits(&hidden.to_string()));
        let over = move || held.with(|h| h.is_some_and(|h| h.active && h.over == Some(day)));
        view! {
            <div
                class="cal-day"
                class:outside=outside
                class:today=day == now
                class:chosen=move || chosen.get() == day
                class:over=over
                data-day=day.to_string()
                data-testid="cal-day"
                on:click=move |_| chosen.set(day)
            >
                <span class="cal-date">{date_label}</span>
                {items.into_iter().take(shown).map(|a| chip(a, now, &kinds, true)).collect_view()}
                {(hidden > 0).then(|| view! {
                    <button
                        type="button"
                        class="cal-more"
                        data-testid="cal-more"
                        on:click=move |ev| {
                            ev.stop_propagation();
                            chosen.set(day);
                            // A phone lists the day under the month; a desktop opens the day.
                            if !narrow() {
                                expanded.set(Some(day));
                            }
                        }
                    >
                        {more}
                    </button>
                })}
            </div>
        }
    };
    let agenda = move || {
        let day = chosen.get();
        let now = today();
        let kinds = types.get();
        let items = on_day(day);
        let empty = items.is_empty();
        view! {
            <div class="cal-agenda" data-testid="cal-agenda">
                <h3>{super::show_date(day)}</h3>
                {empty.then(|| view! { <p class="muted small">{locale.get().t(Key::NoActivities)}</p> })}
                {items.into_iter().map(|a| chip(a, now, &kinds, false)).collect_view()}
            </div>
        }
    };
    view! {
        <div class="cal" class:dragging=dragging data-testid="activity-calendar">
            <div class="cal-head">
                <button type="button" data-testid="cal-before" aria-label=move || locale.get().t(Key::Previous) on:click=move |_| step(-1)>"‹"</button>
                <strong data-testid="cal-title">{title}</strong>
                <button type="button" data-testid="cal-after" aria-label=move || locale.get().t(Key::Next) on:click=move |_| step(1)>"›"</button>
                <button type="button" class="chip" data-testid="cal-today" on:click=move |_| at.set(today())>
                    {move || locale.get().t(Key::Today)}
                </button>
            </div>
            <div class="cal-grid" class:week=move || span.get() == Span::Week data-testid="cal-grid">
                {move || locale.get().weekday_names().into_iter().map(|n| view! { <span class="cal-weekday">{n}</span> }).collect_view()}
                {move || {
                    let month = (span.get() == Span::Month).then(|| month_of(at.get(), jalali()));
                    weeks
                        .get()
                        .into_iter()
                        .flatten()
                        .map(|day| day_view(day, month))
                        .collect_view()
                }}
            </div>
            {move || (span.get() == Span::Month).then(agenda)}
            {ghost}
        </div>
    }
}

/// What an activity's chip says: its type's picture, and its summary or else its type's name.
fn label(
    a: &Activity,
    types: &std::collections::HashMap<Uuid, (String, String)>,
) -> (String, String) {
    let (icon, name) = types.get(&a.type_id).cloned().unwrap_or_default();
    let what = if a.summary.is_empty() {
        name
    } else {
        a.summary.clone()
    };
    (icon, what)
}

/// Once a finger drags an activity, it moves the activity, not the page (the page's one touch
/// listener asks the calendar shown).
#[cfg(feature = "hydrate")]
fn stop_scrolling_while_dragging() {
    super::drag::hold_the_page_while(|| TOUCH_DRAGGING.load(std::sync::atomic::Ordering::Relaxed));
}

/// Whether the page is as narrow as a phone's (the style sheet's phone layout).
fn narrow() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.match_media("(max-width: 600px)").ok().flatten())
            .is_some_and(|m| m.matches())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}
