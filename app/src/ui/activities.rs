//! Activities in the UI: the badge on a card, the activity panel of a lead, an opportunity or a
//! contact (schedule, mark done with feedback, the next one suggested or scheduled by its type),
//! and "my activities", everything still to do: soonest first and grouped by when it is due
//! unless the address says another order (`sort`, `group`, `cols`, as the other lists), or on a
//! week's or a month's calendar (`?cal=week` / `?cal=month`, the day shown in `at`).

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::contacts::order::{self, Listed, Order};
use super::{explain, today, use_locale};
use crate::domain::activity::{DayGroup, Due, badge};
use crate::domain::{Activity, ActivityType, Mutation, Subject};
use crate::export::{Cell, Sheet};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

fn due_class(due: Due) -> &'static str {
    match due {
        Due::Overdue => "due overdue",
        Due::Today => "due today",
        Due::Planned => "due planned",
    }
}

fn due_key(due: Due) -> Key {
    match due {
        Due::Overdue => Key::Overdue,
        Due::Today => Key::Today,
        Due::Planned => Key::Planned,
    }
}

/// Every deal's most urgent open activity, computed once per change of the records (not once
/// per card): a move on a large board leaves it equal, and no badge is redrawn.
#[derive(Clone, Copy)]
pub struct Badges(Memo<std::collections::HashMap<Uuid, Due>>);

impl Badges {
    /// Worked out again when an activity changes or a day passes; a change of deals alone (a
    /// card moved) leaves it as it was.
    pub fn new(sync: SyncHandle, day: RwSignal<NaiveDate>) -> Badges {
        // The change of the view and the day it was last worked out at.
        let at = StoredValue::new((0u64, None::<NaiveDate>));
        Badges(Memo::new(
            move |before: Option<&std::collections::HashMap<Uuid, Due>>| {
                let today = day.get();
                let (count, on) = at.get_value();
                let since = sync.changes.with_value(|c| {
                    at.set_value((c.count, Some(today)));
                    (on == Some(today)).then(|| c.since(count)).flatten()
                });
                sync.view.with(|v| {
                    // Only deals there before and still there changed.
                    let deals_only = |changed: &std::collections::HashSet<Uuid>| {
                        changed.iter().all(|id| v.opportunities.contains_key(id))
                    };
                    if let (Some(before), Some(changed)) = (before, since)
                        && deals_only(&changed)
                    {
                        return before.clone();
                    }
                    let mut by_deal: std::collections::HashMap<Uuid, Vec<&Activity>> =
                        std::collections::HashMap::new();
                    for a in v.activities.values() {
                        if let Some(deal) = a.subject.deal_id() {
                            by_deal.entry(deal).or_default().push(a);
                        }
                    }
                    by_deal
                        .into_iter()
                        .filter_map(|(deal, activities)| {
                            badge(activities, today).map(|d| (deal, d))
                        })
                        .collect()
                })
            },
        ))
    }
}

impl Badges {
    /// Reads every deal's state (tracked).
    pub fn with<R>(&self, f: impl FnOnce(&std::collections::HashMap<Uuid, Due>) -> R) -> R {
        self.0.with(f)
    }

    /// Reads every deal's state, untracked.
    pub fn with_untracked<R>(
        &self,
        f: impl FnOnce(&std::collections::HashMap<Uuid, Due>) -> R,
    ) -> R {
        self.0.with_untracked(f)
    }
}

/// The feedback typed for each activity being marked done, by activity.
#[derive(Clone, Copy)]
pub struct FeedbackDrafts(pub RwSignal<std::collections::HashMap<Uuid, String>>);

/// The state of a card's most urgent open activity: a red warning sign when overdue, an orange
/// clock today, a green one planned; said in words too where the card has room (a colour
/// alone is not enough to read; on a narrow card the sign says overdue apart).
#[component]
pub fn Badge(opportunity: Uuid) -> impl IntoView {
    let badges = expect_context::<Badges>();
    let locale = use_locale();
    let state = move || badges.0.with(|m| m.get(&opportunity).copied());
    move || {
        state().map(|due| {
            let said = move || locale.get().t(due_key(due));
            view! {
                <span
                    class=format!("badge {}", due_class(due))
                    data-testid="activity-badge"
                    data-due=format!("{due:?}").to_lowercase()
                    title=said
                    aria-label=said
                >
                    <span aria-hidden="true">{if due == Due::Overdue { "\u{26A0}\u{FE0E}" } else { "◷" }}</span>
                    <span class="badge-text" aria-hidden="true">{said}</span>
                </span>
            }
        })
    }
}

/// What an activity's row shows of its type, its record and its person.
#[derive(Clone, PartialEq)]
struct Shown {
    icon: String,
    kind: String,
    record: String,
    who: Option<String>,
}

fn live_types(types: &[ActivityType]) -> Vec<ActivityType> {
    types.iter().filter(|t| !t.deleted).cloned().collect()
}

/// An open activity, with its done and cancel actions. The row stays while the activity
/// changes (the server confirming it, a new due date): what it shows follows the activity, and
/// a feedback being typed keeps its focus.
#[component]
fn ActivityRow(
    id: Uuid,
    /// Shows what the activity is about (on "my activities").
    #[prop(optional)]
    show_record: bool,
    /// Told the type of an activity just marked done, for its suggestions.
    on_done: Callback<(Uuid, NaiveDate)>,
    /// The columns shown of those a list may hide (`type_id`, `subject`, `user_id`): all
    /// without it.
    #[prop(optional)]
    cols: Option<Memo<Option<std::collections::HashSet<String>>>>,
) -> impl IntoView {
    let on = move |code: &str| cols.is_none_or(|c| c.with(|c| super::list::is_shown(c, code)));
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let activity = Memo::new(move |_| sync.view.with(|v| v.activities.get(&id).cloned()));
    let shown = Memo::new(move |_| {
        activity.with(|a| {
            let a = a.as_ref()?;
            sync.view.with_untracked(|v| {
                let kind = v.activity_types.iter().find(|t| t.id == a.type_id);
                Some(Shown {
                    icon: kind.map(|k| k.icon.clone()).unwrap_or_default(),
                    kind: kind.map(|k| k.name.clone()).unwrap_or_default(),
                    record: v.display_name(a.subject.id).unwrap_or_default(),
                    who: a.user_id.and_then(|u| v.user_name(u).map(str::to_string)),
                })
            })
        })
    });
    let part = move |f: fn(&Shown) -> String| shown.with(|s| s.as_ref().map(f).unwrap_or_default());
    let due = move || activity.with(|a| a.as_ref().map(|a| a.due_state(today())));
    let due_on = move || activity.with(|a| a.as_ref().map(|a| a.due));
    // The feedback being typed lives outside the row, which is drawn again when the server
    // confirms the activity: what is typed survives that.
    let drafts = expect_context::<FeedbackDrafts>().0;
    let finishing = move || drafts.with(|d| d.contains_key(&id));
    let feedback = move || drafts.with(|d| d.get(&id).cloned().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let done = move |_| {
        let Some((type_id, previous_due)) =
            activity.with_untracked(|a| a.as_ref().map(|a| (a.type_id, a.due)))
        else {
            return;
        };
        let done_on = today();
        let change = Mutation::CompleteActivity {
            id,
            feedback: drafts.with_untracked(|d| d.get(&id).cloned().unwrap_or_default()),
            done_on,
            next_id: Uuid::now_v7(),
        };
        match sync.mutate(change) {
            Ok(()) => {
                drafts.update(|d| {
                    d.remove(&id);
                });
                on_done.run((type_id, previous_due));
            }
            Err(e) => error.set(Some(explain(locale.get_untracked(), e))),
        }
    };
    // Cancelling asks first: nothing brings a cancelled activity back.
    let cancelling = RwSignal::new(false);
    super::parts::close_on_escape(cancelling);
    let cancel = move |_| {
        cancelling.set(false);
        if let Err(e) = sync.mutate(Mutation::CancelActivity { id }) {
            error.set(Some(explain(locale.get_untracked(), e)));
        }
    };
    let summary = move || activity.with(|a| a.as_ref().map(|a| a.summary.clone()));
    view! {
        <li
            class="activity"
            data-testid="activity"
            data-id=id.to_string()
            data-due=move || due().map(|d| format!("{d:?}").to_lowercase())
        >
            <div class="activity-main">
                <span class="activity-icon" hidden=move || !on("type_id")>{move || part(|s| s.icon.clone())}</span>
                <span class="activity-type" hidden=move || !on("type_id")>{move || part(|s| s.kind.clone())}</span>
                <span class="activity-summary">{summary}</span>
                {show_record
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="link activity-record"
                                hidden=move || !on("subject")
                                on:click=move |_| {
                                    let deal = activity
                                        .with_untracked(|a| a.as_ref().and_then(|a| a.subject.deal_id()));
                                    if let Some(o) = deal {
                                        nav.open_deal(o);
                                    }
                                }
                            >
                                {move || part(|s| s.record.clone())}
                            </button>
                        }
                    })}
                <span class=move || due().map(due_class) data-testid="activity-due">
                    {move || {
                        due()
                            .zip(due_on())
                            .map(|(due, on)| format!("{} · {}", t(due_key(due)), super::show_date(on)))
                    }}
                </span>
                {move || {
                    shown
                        .with(|s| s.as_ref().and_then(|s| s.who.clone()))
                        .map(|w| view! { <span class="activity-user" hidden=move || !on("user_id")>{w}</span> })
                }}
            </div>
            <div class="activity-actions">
                <button type="button" data-testid="activity-done" on:click=move |_| {
                    drafts.update(|d| {
                        if d.remove(&id).is_none() {
                            d.insert(id, String::new());
                        }
                    })
                }>
                    {move || t(Key::MarkDone)}
                </button>
                <button
                    type="button"
                    class="danger"
                    data-testid="activity-cancel"
                    aria-label=move || t(Key::CancelActivity)
                    title=move || t(Key::CancelActivity)
                    on:click=move |_| cancelling.set(true)
                >
                    "×"
                </button>
            </div>
            <Show when=move || cancelling.get()>
                <div class="ask" role="alertdialog" data-testid="cancel-question">
                    <span>{move || t(Key::CancelActivityQuestion)}</span>
                    <button type="button" class="danger" data-testid="confirm-cancel" on:click=cancel>{move || t(Key::CancelActivity)}</button>
                    <button type="button" on:click=move |_| cancelling.set(false)>{move || t(Key::KeepIt)}</button>
                </div>
            </Show>
            <Show when=finishing>
                <div class="activity-finish">
                    <textarea
                        rows="2"
                        data-testid="activity-feedback"
                        placeholder=move || t(Key::Feedback)
                        aria-label=move || t(Key::Feedback)
                        prop:value=feedback
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            drafts.update(|d| {
                                d.insert(id, text);
                            });
                        }
                    ></textarea>
                    <button type="button" class="primary" data-testid="confirm-done" on:click=done>
                        {move || t(Key::Done)}
                    </button>
                </div>
            </Show>
            <super::parts::ErrorLine error/>
        </li>
    }
}

/// The activities of one record (a lead, an opportunity, a contact, a record of any kind): what
/// is open, a form to schedule the next one, and the ones done with their feedback.
#[component]
pub fn ActivityPanel(about: Subject) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let concerns = move |a: &Activity| a.subject == about;
    let open = move || {
        sync.view.with(|v| {
            let mut open: Vec<Activity> = v
                .activities
                .values()
                .filter(|a| a.is_open() && concerns(a))
                .cloned()
                .collect();
            open.sort_by_key(|a| (a.due, a.id));
            open
        })
    };
    let finished = move || {
        sync.view.with(|v| {
            let mut done: Vec<Activity> = v
                .activities
                .values()
                .filter(|a| a.done && !a.deleted && concerns(a))
                .cloned()
                .collect();
            done.sort_by_key(|a| std::cmp::Reverse((a.done_on, a.id)));
            done
        })
    };
    let types = move || sync.view.with(|v| live_types(&v.activity_types));
    let me = sync.view.with_untracked(|v| v.user_id);
    let kind = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let user = RwSignal::new(me.map(|u| u.to_string()).unwrap_or_default());
    let summary = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let suggested = RwSignal::new(Vec::<ActivityType>::new());
    // When the last one was done and when it was due, while its suggestions are offered.
    let after = RwSignal::new(None::<(NaiveDate, NaiveDate)>);
    // Choosing a type proposes its default deadline.
    let choose_type = move |value: String, after: Option<(NaiveDate, NaiveDate)>| {
        let default_due = sync.view.with_untracked(|v| {
            Uuid::parse_str(&value)
                .ok()
                .and_then(|id| v.activity_types.iter().find(|t| t.id == id).cloned())
                .map(|t| match after {
                    Some((done_on, previous_due)) => t.due_after(done_on, previous_due),
                    None => t.due_from(today()),
                })
        });
        kind.set(value);
        if let Some(d) = default_due {
            due.set(d.to_string());
        }
    };
    let on_done = Callback::new(move |(type_id, previous_due): (Uuid, NaiveDate)| {
        let next: Vec<ActivityType> = sync.view.with_untracked(|v| {
            let types = live_types(&v.activity_types);
            match types
                .iter()
                .find(|t| t.id == type_id)
                .map(|t| t.chaining.clone())
            {
                Some(crate::domain::activity::Chaining::Suggest { type_ids }) => types
                    .iter()
                    .filter(|t| type_ids.contains(&t.id))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            }
        });
        after.set(Some((today(), previous_due)));
        suggested.set(next);
    });
    let schedule = move |_| {
        let l = locale.get_untracked();
        let Ok(type_id) = Uuid::parse_str(&kind.get_untracked()) else {
            return error.set(Some(l.rule_error(&crate::domain::RuleError::Required(
                l.t(Key::ActivityType).to_lowercase(),
            ))));
        };
        let Ok(due_on) = NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d") else {
            return error.set(Some(l.t(Key::InvalidDate).to_string()));
        };
        let activity = Activity {
            id: Uuid::now_v7(),
            type_id,
            subject: about,
            summary: summary.get_untracked(),
            note: String::new(),
            due: due_on,
            user_id: Uuid::parse_str(&user.get_untracked()).ok(),
            done: false,
            done_on: None,
            feedback: String::new(),
            version: 0,
            deleted: false,
        };
        match sync.mutate(Mutation::save(activity)) {
            Ok(()) => {
                // Empty again for the next one (a type left chosen invites a duplicate).
                summary.set(String::new());
                kind.set(String::new());
                due.set(String::new());
                suggested.set(Vec::new());
                error.set(None);
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    view! {
        <section class="activity-panel" data-testid="activity-panel">
            <h3>{move || t(Key::Activities)}</h3>
            <ul class="activities">
                <For each=open key=|a| a.id let:activity>
                    <ActivityRow id=activity.id on_done/>
                </For>
            </ul>
            <Show when=move || !suggested.get().is_empty()>
                <div class="suggestions" data-testid="suggestions">
                    <span>{move || t(Key::SuggestedNext)}</span>
                    {move || {
                        suggested
                            .get()
                            .into_iter()
                            .map(|s| {
                                let value = s.id.to_string();
                                view! {
                                    <button type="button" class="suggestion" on:click=move |_| choose_type(value.clone(), after.get_untracked())>
                                        {format!("{} {}", s.icon, s.name)}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </Show>
            <div class="schedule" data-testid="schedule-activity">
                <select
                    aria-label=move || t(Key::ActivityType)
                    data-testid="activity-type"
                    on:change=move |ev| choose_type(event_target_value(&ev), None)
                    prop:value=kind
                >
                    <option value="">{move || t(Key::ActivityType)}</option>
                    {move || {
                        types()
                            .into_iter()
                            .map(|k| {
                                let value = k.id.to_string();
                                let chosen = value.clone();
                                view! { <option value=value selected=move || kind.get() == chosen>{format!("{} {}", k.icon, k.name)}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <super::date_input::DateInput value=due name="due" label=Key::DueDate testid="activity-due-input" placeholder=true/>
                <super::parts::RecordSelect value=user choices=move || sync.view.with(|v| v.users.clone()).into_iter().map(|u| (u.id, u.name)).collect() none=Key::Nobody label=Key::Salesperson/>
                <input
                    aria-label=move || t(Key::Summary)
                    placeholder=move || t(Key::Summary)
                    data-testid="activity-summary"
                    prop:value=summary
                    on:input=move |ev| summary.set(event_target_value(&ev))
                />
                <button type="button" class="primary" data-testid="schedule" on:click=schedule>
                    {move || t(Key::ScheduleActivity)}
                </button>
            </div>
            <super::parts::ErrorLine error testid="activity-error"/>
            <ul class="activities done">
                {move || {
                    finished()
                        .into_iter()
                        .take(5)
                        .map(|a| {
                            let name = sync
                                .view
                                .with_untracked(|v| {
                                    v.activity_types.iter().find(|t| t.id == a.type_id).map(|t| t.name.clone())
                                })
                                .unwrap_or_default();
                            view! {
                                <li class="activity is-done" data-testid="done-activity">
                                    <span class="activity-type">{name}</span>
                                    <span>{a.summary.clone()}</span>
                                    <span class="activity-date">{a.done_on.map(|d| d.to_string())}</span>
                                    <span class="activity-feedback">{a.feedback.clone()}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The activities `shown` keeps, the current user's or (`everyone`) all, that the conditions
/// keep, in no order.
fn kept<'a>(
    v: &'a crate::sync::view::Snapshot,
    everyone: bool,
    conditions: &crate::domain::filter::Filter,
    (today, reading): (NaiveDate, (crate::i18n::Locale, crate::i18n::Calendar)),
    shown: fn(&Activity) -> bool,
) -> Vec<&'a Activity> {
    let cx = super::views::context(&v.store, v.user_id, today, reading);
    let keeper = crate::domain::filter::Keeper::new(conditions, "activity", &cx);
    v.activities
        .values()
        .filter(|a| shown(a) && (everyone || a.user_id == v.user_id))
        .filter(|a| keeper.is_empty() || keeper.keeps(*a))
        .collect()
}

/// The order of the list the address says (`sort`, `group`): soonest first, grouped by when
/// due, when it says none; not grouped when it says `group=none`.
fn order_in(nav: super::routes::Nav) -> Order {
    let mut order = Order::read(nav.query("sort"), nav.query("group"));
    order.group = match order.group.as_str() {
        "" => "due".into(),
        super::contacts::NO_GROUP => String::new(),
        _ => order.group,
    };
    order
}

/// A group of the list: its heading (none when the list is not grouped), the day it stands
/// for when grouped by when due, its activities' ids in order.
type Group = (Option<String>, Option<DayGroup>, Vec<Uuid>);

/// The open activities `kept` keeps, in `order`, in their groups.
fn grouped(
    v: &crate::sync::view::Snapshot,
    kept: Vec<&Activity>,
    order: &Order,
    (today, reading): (NaiveDate, (crate::i18n::Locale, crate::i18n::Calendar)),
) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for id in order::ordered(&v.store, kept, order, (today, reading.1)) {
        let Some(a) = v.activities.get(&id) else {
            continue;
        };
        let heading = order::group_of(&v.store, a, &order.group, reading, today);
        match groups.last_mut() {
            Some((last, _, ids)) if *last == heading => ids.push(id),
            _ => {
                let day = (order.group == "due").then(|| DayGroup::of(a.due, today));
                groups.push((heading, day, vec![id]));
            }
        }
    }
    groups
}

/// Everything still to do, soonest first, or on a calendar: the current user's by default, or
/// everyone's.
#[component]
pub fn MyActivities() -> impl IntoView {
    use super::calendar::{ActivityCalendar, Span};
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    // Everyone's (`who=all`) or the current user's, the calendar (`cal`), and the filter
    // builder's conditions (`f`): all in the address, so a saved view keeps them.
    let everyone = Memo::new(move |_| nav.query("who").as_deref() == Some("all"));
    let set_everyone = move |all: bool| nav.set_query("who", all.then(|| "all".to_string()));
    // An address of before, `?view=week`, names the calendar: `view` is a saved view's now.
    if let Some(legacy) = nav
        .query("view")
        .filter(|v| matches!(v.as_str(), "week" | "month"))
    {
        nav.set_query("view", None);
        nav.set_query("cal", Some(legacy));
    }
    let span = Memo::new(move |_| match nav.query("cal").as_deref() {
        Some("week") => Some(Span::Week),
        Some("month") => Some(Span::Month),
        _ => None,
    });
    let at = RwSignal::new(
        nav.query("at")
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .unwrap_or_else(today),
    );
    Effect::new(move |_| {
        let day = at.get();
        if span.get().is_some() && day != today() {
            nav.set_query("at", Some(day.to_string()));
        } else {
            nav.set_query("at", None);
        }
    });
    let show = move |cal: Option<&'static str>| nav.set_query("cal", cal.map(str::to_string));
    let conditions = Memo::new(move |_| super::views::filter_in(nav));
    let this_day = super::use_today();
    let reading = super::views::use_reading();
    // On a calendar: done ones too, for the days past.
    let on_calendar = Signal::derive(move || {
        let (all, c, day, r) = (everyone.get(), conditions.get(), this_day.get(), reading());
        sync.view.with(|v| {
            let mut kept: Vec<Activity> = kept(v, all, &c, (day, r), |a| !a.deleted)
                .into_iter()
                .cloned()
                .collect();
            kept.sort_by_key(|a| (a.due, a.id));
            kept
        })
    });
    let order = Memo::new(move |_| order_in(nav));
    // The columns the address shows (`cols`, a saved view's): the due day and summary always.
    let cols = Memo::new(move |_| super::list::shown_columns(nav.query("cols")));
    // The activities' ids in their groups; a row stays drawn while its activity changes.
    let groups = Memo::new(move |_| {
        let (all, c, day, r) = (everyone.get(), conditions.get(), this_day.get(), reading());
        order.with(|order| {
            sync.view.with(|v| {
                let kept = kept(v, all, &c, (day, r), Activity::is_open);
                grouped(v, kept, order, (day, r))
            })
        })
    });
    let count_of = Callback::new(move |view: crate::domain::SavedView| {
        let (day, r) = (this_day.get_untracked(), untrack(reading));
        let all = view.params.get("who").is_some_and(|w| w == "all");
        sync.view
            .with_untracked(|v| kept(v, all, &view.filter, (day, r), Activity::is_open).len())
    });
    let on_done = Callback::new(|_: (Uuid, NaiveDate)| {});
    let in_group = move |heading: &Option<String>| {
        groups.with(|g| {
            g.iter()
                .find(|(h, _, _)| h == heading)
                .map(|(_, _, ids)| ids.clone())
                .unwrap_or_default()
        })
    };
    let formats = super::export::Formats::here();
    let sheet = Callback::new(move |_| {
        let l = formats.locale();
        let col = |field| l.field_label("activity", field);
        sync.view.with_untracked(|v| Sheet {
            name: l.t(Key::Activities).to_string(),
            header: ["due", "type_id", "summary", "subject", "user_id", "note"]
                .map(col)
                .to_vec(),
            // As the list shows them.
            rows: groups
                .get_untracked()
                .iter()
                .flat_map(|(_, _, ids)| ids)
                .filter_map(|id| v.activities.get(id))
                .map(|a| {
                    let kind = v.activity_types.iter().find(|t| t.id == a.type_id);
                    let person = a.user_id.and_then(|u| v.users.iter().find(|p| p.id == u));
                    vec![
                        formats.date(Some(a.due)),
                        Cell::text(kind.map(|t| t.name.clone()).unwrap_or_default()),
                        Cell::text(a.summary.clone()),
                        Cell::text(v.display_name(a.subject.id).unwrap_or_default()),
                        Cell::text(person.map(|p| p.name.clone()).unwrap_or_default()),
                        Cell::text(a.note.clone()),
                    ]
                })
                .collect(),
        })
    });
    view! {
        <section class="page my-activities" data-testid="my-activities">
            <header class="page-header">
                <h2>{move || t(if everyone.get() { Key::Activities } else { Key::MyActivities })}</h2>
                <div class="view-switch" role="group">
                    <button type="button" data-testid="my-activities-only" class:on=move || !everyone.get() on:click=move |_| set_everyone(false)>
                        {move || t(Key::MyActivities)}
                    </button>
                    <button type="button" data-testid="everyones-activities" class:on=move || everyone.get() on:click=move |_| set_everyone(true)>
                        {move || t(Key::Everyone)}
                    </button>
                </div>
                <div class="view-switch" role="group">
                    <button type="button" data-testid="view-list" class:on=move || span.get().is_none() on:click=move |_| show(None)>
                        {move || t(Key::List)}
                    </button>
                    <button type="button" data-testid="view-week" class:on=move || span.get() == Some(Span::Week) on:click=move |_| show(Some("week"))>
                        {move || t(Key::Week)}
                    </button>
                    <button type="button" data-testid="view-month" class:on=move || span.get() == Some(Span::Month) on:click=move |_| show(Some("month"))>
                        {move || t(Key::Month)}
                    </button>
                </div>
                <super::parts::PageTools>
                    <super::export::Export name="activities" sheet/>
                </super::parts::PageTools>
            </header>
            <super::views::ViewBar page="activities" params=&["who", "cal", "sort", "group"] count_of/>
            <Show when=move || span.get().is_none()>
                <super::contacts::OrderTools
                    kind="activity"
                    own=Activity::OWN
                    groups=Activity::GROUPS
                    hideable=&["type_id", "subject", "user_id"]
                    grouped_by="due"
                    order
                    cols
                />
            </Show>
            {move || span.get().map(|s| view! { <ActivityCalendar list=on_calendar span=Signal::derive(move || s) at/> })}
            <Show when=move || span.get().is_none() && groups.with(Vec::is_empty)>
                <p class="empty">{move || t(Key::NoActivities)}</p>
            </Show>
            // In their groups: by when they are due (overdue, today, tomorrow, this week,
            // later) unless the address says another.
            <For
                each=move || {
                    if span.get().is_some() {
                        Vec::new()
                    } else {
                        groups.with(|g| g.iter().map(|(h, d, _)| (h.clone(), *d)).collect())
                    }
                }
                key=|group| group.0.clone()
                let:group
            >
                {
                    let (heading, day) = group;
                    view! {
                        {heading
                            .clone()
                            .map(|h| {
                                view! {
                                    <h3
                                        class="day-group"
                                        data-testid="day-group"
                                        data-group=day.map(|d| format!("{d:?}").to_lowercase())
                                        dir="auto"
                                    >
                                        {h}
                                    </h3>
                                }
                            })}
                        <ul class="activities">
                            <For each=move || in_group(&heading) key=|id| *id let:id>
                                <ActivityRow id show_record=true on_done cols/>
                            </For>
                        </ul>
                    }
                }
            </For>
        </section>
    }
}
