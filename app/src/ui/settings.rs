//! The set-up a sales manager keeps: sales teams, stages (order, won, folded, probability, per
//! team), tags, lost reasons and activity types (delay and what follows a done one).

use leptos::prelude::*;
use uuid::Uuid;

use super::report_setup::{CurrencyRates, Named, NamedSection, Targets};
use super::{explain, use_locale};
use crate::domain::access::Role;
use crate::domain::activity::{Chaining, DelayFrom, DelayUnit};
use crate::domain::{ActivityType, Currency, Money, Mutation, Product, Stage, Tag, Team, stage};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// Runs a change, putting its refusal (or nothing) in `error`.
pub(super) fn run(
    sync: SyncHandle,
    l: Locale,
    error: RwSignal<Option<String>>,
    m: Mutation,
) -> bool {
    match sync.mutate(m) {
        Ok(()) => {
            error.set(None);
            true
        }
        Err(e) => {
            error.set(Some(explain(l, e)));
            false
        }
    }
}

/// The Delete button's handler of a set-up row: deletes record `id`, its refusal in `error`.
pub(super) fn deleter(
    sync: SyncHandle,
    locale: RwSignal<Locale>,
    error: RwSignal<Option<String>>,
    id: Uuid,
) -> impl Fn(leptos::ev::MouseEvent) + Copy {
    move |_| {
        run(sync, locale.get_untracked(), error, Mutation::Delete { id });
    }
}

/// Saves a set-up row: a new record whole, an existing one as an edit of the fields changed
/// since the row was drawn (so two managers editing different fields both keep theirs).
pub(super) fn run_save<T: serde::Serialize + Into<crate::domain::Record>>(
    sync: SyncHandle,
    l: Locale,
    error: RwSignal<Option<String>>,
    opened: Option<(&T, Uuid, i64)>,
    edited: T,
) -> bool {
    let m = match opened {
        None => Mutation::Save {
            record: edited.into(),
        },
        Some((before, id, version)) => {
            let fields = crate::domain::changed_fields(before, &edited);
            if fields.is_empty() {
                error.set(None);
                return true;
            }
            Mutation::EditRecord {
                id,
                fields,
                base_version: version,
            }
        }
    };
    run(sync, l, error, m)
}

#[component]
pub fn Settings() -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    let sync = expect_context::<SyncHandle>();
    // Each role sees the set-up it may change (see domain/access.rs); everyone their account.
    let role = Memo::new(move |_| sync.view.with(|v| v.role));
    let visible = move || {
        let role = role.get();
        SECTIONS
            .iter()
            .filter(move |s| role.is_some_and(|r| s.roles.contains(&r)))
    };
    // An address naming a section scrolls to it once it is drawn.
    let shown = expect_context::<super::routes::Shown>();
    Effect::new(move |_| {
        let (Some(_), super::routes::Page::Settings(Some(section))) = (role.get(), shown.page())
        else {
            return;
        };
        #[cfg(feature = "hydrate")]
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&format!("section-{section}")) {
                el.scroll_into_view();
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = section;
    });
    view! {
        <section class="page settings" data-testid="settings">
            <header class="page-header">
                <h2>{move || t(Key::Settings)}</h2>
            </header>
            <nav class="settings-nav" aria-label=move || t(Key::Settings)>
                {move || {
                    visible()
                        .map(|s| {
                            let page = super::routes::Page::Settings(Some(s.name.to_string()));
                            let key = s.key;
                            view! { <a href=page.path() data-testid=format!("section-link-{}", s.name)>{move || t(key)}</a> }
                        })
                        .collect_view()
                }}
            </nav>
            {move || {
                visible()
                    .map(|s| view! { <div class="settings-anchor" id=format!("section-{}", s.name)>{(s.view)()}</div> })
                    .collect_view()
            }}
        </section>
    }
}

/// One section of Settings: its address, its name, the roles that see it, and what it shows.
struct Section {
    name: &'static str,
    key: Key,
    roles: &'static [Role],
    view: fn() -> AnyView,
}

/// The sections of Settings, in order.
const SECTIONS: [Section; 12] = [
    Section {
        name: "account",
        key: Key::Account,
        roles: &Role::ALL,
        view: || view! { <super::account::AccountSection/> }.into_any(),
    },
    Section {
        name: "people",
        key: Key::People,
        roles: &[Role::Admin],
        view: || view! { <super::account::PeopleSection/> }.into_any(),
    },
    Section {
        name: "teams",
        key: Key::Teams,
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Teams/> }.into_any(),
    },
    Section {
        name: "stages",
        key: Key::Stages,
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Stages/> }.into_any(),
    },
    Section {
        name: "activity-types",
        key: Key::ActivityTypes,
        roles: &[Role::Admin],
        view: || view! { <ActivityTypes/> }.into_any(),
    },
    Section {
        name: "products",
        key: Key::Products,
        roles: &[Role::Admin],
        view: || view! { <Products/> }.into_any(),
    },
    Section {
        name: "tags",
        key: Key::Tags,
        roles: &[Role::Admin, Role::Manager, Role::Salesperson],
        view: || view! { <Tags/> }.into_any(),
    },
    Section {
        name: "lost-reasons",
        key: Key::LostReasons,
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::LostReason/> }.into_any(),
    },
    Section {
        name: "campaigns",
        key: Key::Campaigns,
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::Campaign/> }.into_any(),
    },
    Section {
        name: "sources",
        key: Key::Sources,
        roles: &[Role::Admin],
        view: || view! { <NamedSection kind=Named::Source/> }.into_any(),
    },
    Section {
        name: "targets",
        key: Key::Targets,
        roles: &[Role::Admin, Role::Manager],
        view: || view! { <Targets/> }.into_any(),
    },
    Section {
        name: "currency",
        key: Key::CurrencyRates,
        roles: &[Role::Admin],
        view: || view! { <CurrencyRates/> }.into_any(),
    },
];

pub(super) fn error_line(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert" data-testid="form-error">{move || error.get()}</p>
        </Show>
    }
}

#[component]
fn Teams() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let teams = move || {
        sync.view.with(|v| {
            v.teams
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="settings-section" data-testid="settings-teams">
            <h3>{move || t(Key::Teams)}</h3>
            <For each=teams key=|x| (x.id, x.version) let:team>
                <TeamRow team=Some(team)/>
            </For>
            <TeamRow team=None/>
        </section>
    }
}

#[component]
fn TeamRow(team: Option<Team>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = team.is_none();
    let base = team.unwrap_or_else(|| Team {
        id: Uuid::nil(),
        name: String::new(),
        leader_id: None,
        member_ids: Vec::new(),
        for_quotations: true,
        for_opportunities: true,
        for_warranty: false,
        shared_pipeline: false,
        version: 0,
        deleted: false,
    });
    let id = base.id;
    let opened = StoredValue::new((!is_new).then(|| base.clone()));
    let name = RwSignal::new(base.name.clone());
    let leader = RwSignal::new(base.leader_id.map(|x| x.to_string()).unwrap_or_default());
    let members = RwSignal::new(base.member_ids.clone());
    let quotations = RwSignal::new(base.for_quotations);
    let opportunities = RwSignal::new(base.for_opportunities);
    let warranty = RwSignal::new(base.for_warranty);
    let shared = RwSignal::new(base.shared_pipeline);
    let error = RwSignal::new(None::<String>);
    let users = move || sync.view.with(|v| v.users.clone());
    let save = move |_| {
        let team = Team {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            leader_id: Uuid::parse_str(&leader.get_untracked()).ok(),
            member_ids: members.get_untracked(),
            for_quotations: quotations.get_untracked(),
            for_opportunities: opportunities.get_untracked(),
            for_warranty: warranty.get_untracked(),
            shared_pipeline: shared.get_untracked(),
            version: 0,
            deleted: false,
        };
        let l = locale.get_untracked();
        let saved = opened
            .with_value(|o| run_save(sync, l, error, o.as_ref().map(|b| (b, id, b.version)), team));
        if saved && is_new {
            name.set(String::new());
            members.set(Vec::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    let flag = move |signal: RwSignal<bool>, key: Key| {
        view! {
            <label class="check">
                <input type="checkbox" prop:checked=signal on:change=move |ev| signal.set(event_target_checked(&ev))/>
                <span>{move || t(key)}</span>
            </label>
        }
    };
    view! {
        <div class="settings-row" data-testid=if is_new { "new-team" } else { "team-row" }>
            <input
                name="team-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <select name="leader" aria-label=move || t(Key::Leader) on:change=move |ev| leader.set(event_target_value(&ev)) prop:value=leader>
                <option value="">{move || format!("{} —", t(Key::Leader))}</option>
                {move || {
                    users()
                        .into_iter()
                        .map(|u| {
                            let value = u.id.to_string();
                            let chosen = value.clone();
                            view! { <option value=value selected=move || leader.get() == chosen>{u.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <fieldset class="members">
                <legend>{move || t(Key::Members)}</legend>
                {move || {
                    users()
                        .into_iter()
                        .map(|u| {
                            let uid = u.id;
                            view! {
                                <label class="check">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || members.with(|m| m.contains(&uid))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            members.update(|m| {
                                                m.retain(|x| *x != uid);
                                                if on {
                                                    m.push(uid);
                                                }
                                            });
                                        }
                                    />
                                    <span>{u.name}</span>
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            {flag(quotations, Key::ForQuotations)}
            {flag(opportunities, Key::ForOpportunities)}
            {flag(warranty, Key::ForWarranty)}
            {flag(shared, Key::SharedPipeline)}
            <button type="button" class="primary" data-testid="save-team" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            {error_line(error)}
        </div>
    }
}

#[component]
fn Stages() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let stages = move || {
        sync.view.with(|v| {
            stage::board_order(&v.stages)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let error = RwSignal::new(None::<String>);
    // Puts a stage at another place: the stages are renumbered 10, 20, 30... in the new order,
    // and only those whose number changes are saved.
    let place = move |id: Uuid, to: usize| {
        let mut order = stages();
        let Some(from) = order.iter().position(|s| s.id == id) else {
            return;
        };
        let moved = order.remove(from);
        order.insert(to.min(order.len()), moved);
        for (n, s) in order.into_iter().enumerate() {
            let sequence = (n as i32 + 1) * 10;
            if s.sequence != sequence {
                let mut fields = serde_json::Map::new();
                fields.insert("sequence".into(), serde_json::json!(sequence));
                let renumbered = Mutation::EditRecord {
                    id: s.id,
                    fields,
                    base_version: s.version,
                };
                if !run(sync, locale.get_untracked(), error, renumbered) {
                    return;
                }
            }
        }
    };
    let index_of = move |id: Uuid| stages().iter().position(|s| s.id == id);
    // One place up or down, with the arrows (and on a phone, where rows are not dragged).
    let shift = move |id: Uuid, up: bool| {
        if let Some(i) = index_of(id) {
            let to = if up { i.saturating_sub(1) } else { i + 1 };
            place(id, to);
        }
    };
    // Dragged onto another row: it takes that row's place.
    let dragging = RwSignal::new(None::<Uuid>);
    let drop_on = move |target: Uuid| {
        if let (Some(id), Some(to)) = (dragging.get_untracked(), index_of(target))
            && id != target
        {
            place(id, to);
        }
        dragging.set(None);
    };
    view! {
        <section class="settings-section" data-testid="settings-stages">
            <h3>{move || t(Key::Stages)}</h3>
            <For each=stages key=|s| (s.id, s.version, s.sequence) let:stage>
                <StageRow stage=Some(stage) shift drop_on dragging/>
            </For>
            <StageRow stage=None shift drop_on dragging/>
            {error_line(error)}
        </section>
    }
}

#[component]
fn StageRow(
    stage: Option<Stage>,
    shift: impl Fn(Uuid, bool) + Copy + Send + Sync + 'static,
    drop_on: impl Fn(Uuid) + Copy + Send + Sync + 'static,
    dragging: RwSignal<Option<Uuid>>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = stage.is_none();
    let base = stage.unwrap_or_else(|| Stage {
        id: Uuid::nil(),
        name: String::new(),
        sequence: 0,
        is_won: false,
        folded: false,
        probability: 10,
        team_id: None,
        version: 0,
        deleted: false,
    });
    let id = base.id;
    let opened = StoredValue::new((!is_new).then(|| base.clone()));
    let name = RwSignal::new(base.name.clone());
    let probability = RwSignal::new(base.probability.to_string());
    let won = RwSignal::new(base.is_won);
    let folded = RwSignal::new(base.folded);
    let team = RwSignal::new(base.team_id.map(|x| x.to_string()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let teams = move || {
        sync.view.with(|v| {
            v.teams
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let sequence = base.sequence;
    let save = move |_| {
        let l = locale.get_untracked();
        let Ok(p) = probability.get_untracked().trim().parse::<u8>() else {
            return error.set(Some(l.t(Key::InvalidProbability).to_string()));
        };
        let sequence = if is_new {
            sync.view
                .with_untracked(|v| v.stages.iter().map(|s| s.sequence).max().unwrap_or(0) + 10)
        } else {
            sequence
        };
        let saved = Stage {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            sequence,
            is_won: won.get_untracked(),
            folded: folded.get_untracked(),
            probability: p,
            team_id: Uuid::parse_str(&team.get_untracked()).ok(),
            version: 0,
            deleted: false,
        };
        let done = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                saved,
            )
        });
        if done && is_new {
            name.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div
            class="settings-row"
            class:drag-over=move || !is_new && dragging.get().is_some_and(|d| d != id)
            data-testid=if is_new { "new-stage" } else { "stage-row" }
            draggable=if is_new { "false" } else { "true" }
            on:dragstart=move |_| dragging.set(Some(id))
            on:dragend=move |_| dragging.set(None)
            on:dragover=move |ev| {
                if !is_new {
                    ev.prevent_default();
                }
            }
            on:drop=move |ev| {
                ev.prevent_default();
                if !is_new {
                    drop_on(id);
                }
            }
        >
            {(!is_new).then(|| view! { <span class="grip" aria-hidden="true">"⠿"</span> })}
            <input
                name="stage-name"
                placeholder=move || t(if is_new { Key::AddStage } else { Key::Name })
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label class="inline">
                <span>{move || t(Key::Probability)}</span>
                <input
                    name="stage-probability"
                    class="number"
                    type="number"
                    min="0"
                    max="100"
                    prop:value=probability
                    on:input=move |ev| probability.set(event_target_value(&ev))
                />
            </label>
            <label class="check">
                <input type="checkbox" name="stage-won" prop:checked=won on:change=move |ev| won.set(event_target_checked(&ev))/>
                <span>{move || t(Key::WonStage)}</span>
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=folded on:change=move |ev| folded.set(event_target_checked(&ev))/>
                <span>{move || t(Key::Folded)}</span>
            </label>
            <select name="stage-team" aria-label=move || t(Key::Team) on:change=move |ev| team.set(event_target_value(&ev)) prop:value=team>
                <option value="">{move || t(Key::EveryTeamsStage)}</option>
                {move || {
                    teams()
                        .into_iter()
                        .map(|x| {
                            let value = x.id.to_string();
                            let chosen = value.clone();
                            view! { <option value=value selected=move || team.get() == chosen>{x.name}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {(!is_new).then(|| view! {
                <button type="button" aria-label=move || t(Key::MoveUp) data-testid="stage-up" on:click=move |_| shift(id, true)>"↑"</button>
                <button type="button" aria-label=move || t(Key::MoveDown) data-testid="stage-down" on:click=move |_| shift(id, false)>"↓"</button>
            })}
            <button type="button" class="primary" data-testid="save-stage" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" data-testid="delete-stage" on:click=delete>{move || t(Key::Delete)}</button> })}
            {error_line(error)}
        </div>
    }
}

#[component]
fn ActivityTypes() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let types = move || {
        sync.view.with(|v| {
            v.activity_types
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="settings-section" data-testid="settings-activity-types">
            <h3>{move || t(Key::ActivityTypes)}</h3>
            <For each=types key=|x| (x.id, x.version) let:kind>
                <ActivityTypeRow kind=Some(kind)/>
            </For>
            <ActivityTypeRow kind=None/>
        </section>
    }
}

#[component]
fn ActivityTypeRow(kind: Option<ActivityType>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = kind.is_none();
    let base = kind.unwrap_or_else(|| ActivityType {
        id: Uuid::nil(),
        name: String::new(),
        icon: String::new(),
        delay: 0,
        unit: DelayUnit::Days,
        from: DelayFrom::Completion,
        chaining: Chaining::Nothing,
        version: 0,
        deleted: false,
    });
    let id = base.id;
    let opened = StoredValue::new((!is_new).then(|| base.clone()));
    let name = RwSignal::new(base.name.clone());
    let icon = RwSignal::new(base.icon.clone());
    let delay = RwSignal::new(base.delay.to_string());
    let unit = RwSignal::new(base.unit);
    let from = RwSignal::new(base.from);
    let (mode, next) = match &base.chaining {
        Chaining::Nothing => ("nothing", Vec::new()),
        Chaining::Suggest { type_ids } => ("suggest", type_ids.clone()),
        Chaining::Trigger { type_id } => ("trigger", vec![*type_id]),
    };
    let mode = RwSignal::new(mode.to_string());
    let next = RwSignal::new(next);
    let error = RwSignal::new(None::<String>);
    let others = move || {
        sync.view.with(|v| {
            v.activity_types
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let save = move |_| {
        let l = locale.get_untracked();
        let Ok(days) = delay.get_untracked().trim().parse::<u16>() else {
            return error.set(Some(l.rule_error(&crate::domain::RuleError::OutOfRange {
                field: l.t(Key::Delay).to_lowercase(),
                min: 0,
                max: i64::from(crate::domain::activity::MAX_DELAY),
            })));
        };
        let chosen = next.get_untracked();
        let chaining = match mode.get_untracked().as_str() {
            "suggest" => Chaining::Suggest { type_ids: chosen },
            "trigger" => match chosen.first() {
                Some(type_id) => Chaining::Trigger { type_id: *type_id },
                None => {
                    return error.set(Some(l.rule_error(&crate::domain::RuleError::Required(
                        l.t(Key::ActivityType).to_lowercase(),
                    ))));
                }
            },
            _ => Chaining::Nothing,
        };
        let saved = ActivityType {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            icon: icon.get_untracked(),
            delay: days,
            unit: unit.get_untracked(),
            from: from.get_untracked(),
            chaining,
            version: 0,
            deleted: false,
        };
        let done = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                saved,
            )
        });
        if done && is_new {
            name.set(String::new());
            icon.set(String::new());
            next.set(Vec::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    let units = [
        (DelayUnit::Days, "days", Key::Days),
        (DelayUnit::Weeks, "weeks", Key::Weeks),
        (DelayUnit::Months, "months", Key::Months),
    ];
    let froms = [
        (DelayFrom::Completion, "completion", Key::AfterCompletion),
        (
            DelayFrom::PreviousDeadline,
            "deadline",
            Key::AfterPreviousDeadline,
        ),
    ];
    view! {
        <div class="settings-row" data-testid=if is_new { "new-activity-type" } else { "activity-type-row" }>
            <input
                name="type-icon"
                class="icon"
                placeholder=move || t(Key::Icon)
                aria-label=move || t(Key::Icon)
                prop:value=icon
                on:input=move |ev| icon.set(event_target_value(&ev))
            />
            <input
                name="type-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <label class="inline">
                <span>{move || t(Key::Delay)}</span>
                <input
                    name="type-delay"
                    class="number"
                    type="number"
                    min="0"
                    prop:value=delay
                    on:input=move |ev| delay.set(event_target_value(&ev))
                />
            </label>
            <select
                name="type-unit"
                aria-label=move || t(Key::Delay)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((u, _, _)) = units.iter().find(|(_, v, _)| *v == value) {
                        unit.set(*u);
                    }
                }
            >
                {units
                    .into_iter()
                    .map(|(u, value, key)| view! { <option value=value selected=move || unit.get() == u>{move || t(key)}</option> })
                    .collect_view()}
            </select>
            <select
                name="type-from"
                aria-label=move || t(Key::Delay)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((f, _, _)) = froms.iter().find(|(_, v, _)| *v == value) {
                        from.set(*f);
                    }
                }
            >
                {froms
                    .into_iter()
                    .map(|(f, value, key)| view! { <option value=value selected=move || from.get() == f>{move || t(key)}</option> })
                    .collect_view()}
            </select>
            <label class="inline">
                <span>{move || t(Key::Chaining)}</span>
                <select name="type-chaining" on:change=move |ev| mode.set(event_target_value(&ev)) prop:value=mode>
                    <option value="nothing" selected=move || mode.get() == "nothing">{move || t(Key::ChainNothing)}</option>
                    <option value="suggest" selected=move || mode.get() == "suggest">{move || t(Key::ChainSuggest)}</option>
                    <option value="trigger" selected=move || mode.get() == "trigger">{move || t(Key::ChainTrigger)}</option>
                </select>
            </label>
            <Show when=move || mode.get() == "trigger">
                <select
                    name="type-trigger"
                    aria-label=move || t(Key::ActivityType)
                    on:change=move |ev| next.set(Uuid::parse_str(&event_target_value(&ev)).into_iter().collect())
                    prop:value=move || next.get().first().map(|x| x.to_string()).unwrap_or_default()
                >
                    <option value="">{move || t(Key::ActivityType)}</option>
                    {move || {
                        others()
                            .into_iter()
                            .map(|x| {
                                let id = x.id;
                                view! {
                                    <option value=id.to_string() selected=move || next.with(|n| n.first() == Some(&id))>
                                        {format!("{} {}", x.icon, x.name)}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </Show>
            <Show when=move || mode.get() == "suggest">
                <fieldset class="members">
                    {move || {
                        others()
                            .into_iter()
                            .map(|x| {
                                let tid = x.id;
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || next.with(|n| n.contains(&tid))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                next.update(|n| {
                                                    n.retain(|y| *y != tid);
                                                    if on {
                                                        n.push(tid);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{x.name}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
            </Show>
            <button type="button" class="primary" data-testid="save-activity-type" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            {error_line(error)}
        </div>
    }
}

#[component]
fn Tags() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let tags = move || {
        sync.view.with(|v| {
            v.tags
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="settings-section" data-testid="settings-tags">
            <h3>{move || t(Key::Tags)}</h3>
            <For each=tags key=|x| (x.id, x.version) let:tag>
                <TagRow tag=Some(tag)/>
            </For>
            <TagRow tag=None/>
        </section>
    }
}

#[component]
fn TagRow(tag: Option<Tag>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = tag.is_none();
    let id = tag.as_ref().map_or(Uuid::nil(), |x| x.id);
    let opened = StoredValue::new(tag.clone());
    let name = RwSignal::new(tag.as_ref().map(|x| x.name.clone()).unwrap_or_default());
    let colour = RwSignal::new(tag.as_ref().map_or(0, |x| x.colour));
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let saved = Tag {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            colour: colour.get_untracked(),
            version: 0,
            deleted: false,
        };
        let l = locale.get_untracked();
        let done = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                saved,
            )
        });
        if done && is_new {
            name.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid=if is_new { "new-tag" } else { "tag-row" }>
            <span class=move || format!("tag-chip on tag-c{}", colour.get())>{move || name.get()}</span>
            <input
                name="tag-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <select
                name="tag-colour"
                aria-label=move || t(Key::Colour)
                on:change=move |ev| colour.set(event_target_value(&ev).parse().unwrap_or(0))
                prop:value=move || colour.get().to_string()
            >
                {(0..crate::domain::tag::COLOURS)
                    .map(|c| view! { <option value=c.to_string() selected=move || colour.get() == c>{move || format!("{} {}", t(Key::Colour), c + 1)}</option> })
                    .collect_view()}
            </select>
            <button type="button" class="primary" data-testid="save-tag" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            {error_line(error)}
        </div>
    }
}

#[component]
fn Products() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let products = move || {
        sync.view.with(|v| {
            v.products
                .iter()
                .filter(|x| !x.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="settings-section" data-testid="settings-products">
            <h3>{move || t(Key::Products)}</h3>
            <For each=products key=|x| (x.id, x.version) let:product>
                <ProductRow product=Some(product)/>
            </For>
            <ProductRow product=None/>
        </section>
    }
}

#[component]
fn ProductRow(product: Option<Product>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = product.is_none();
    let id = product.as_ref().map_or(Uuid::nil(), |x| x.id);
    let opened = StoredValue::new(product.clone());
    let l = locale.get_untracked();
    let name = RwSignal::new(product.as_ref().map(|x| x.name.clone()).unwrap_or_default());
    // A new product is priced in the organisation's currency until someone picks another.
    let currency = RwSignal::new(product.as_ref().map_or_else(
        || sync.view.with_untracked(|v| v.currency().currency),
        |x| x.price.currency,
    ));
    let price = RwSignal::new(
        product
            .as_ref()
            .map(|x| {
                x.price
                    .format_number("", &l.decimal_separator().to_string())
            })
            .unwrap_or_default(),
    );
    let tax = RwSignal::new(product.as_ref().map_or(10, |x| x.tax_percent).to_string());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let l = locale.get_untracked();
        let Some(amount) = Money::parse_amount(
            &price.get_untracked(),
            currency.get_untracked(),
            l.decimal_separator(),
        ) else {
            return error.set(Some(l.t(Key::InvalidAmount).to_string()));
        };
        let Ok(tax_percent) = tax.get_untracked().trim().parse::<u8>() else {
            return error.set(Some(l.t(Key::InvalidProbability).to_string()));
        };
        let saved = Product {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            price: amount,
            tax_percent,
            version: 0,
            deleted: false,
        };
        let done = opened.with_value(|o| {
            run_save(
                sync,
                l,
                error,
                o.as_ref().map(|b| (b, id, b.version)),
                saved,
            )
        });
        if done && is_new {
            name.set(String::new());
            price.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid=if is_new { "new-product" } else { "product-row" }>
            <input
                name="product-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <input
                name="product-price"
                class="amount"
                inputmode="decimal"
                placeholder=move || t(Key::Price)
                aria-label=move || t(Key::Price)
                prop:value=price
                on:input=move |ev| price.set(event_target_value(&ev))
            />
            <select
                name="product-currency"
                aria-label=move || t(Key::Currency)
                on:change=move |ev| {
                    if let Some(c) = Currency::parse(&event_target_value(&ev)) {
                        currency.set(c);
                    }
                }
            >
                {Currency::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.code() selected=move || currency.get() == c>{c.code()}</option> })
                    .collect_view()}
            </select>
            <label class="inline">
                <span>{move || t(Key::Tax)}</span>
                <input
                    name="product-tax"
                    class="number"
                    type="number"
                    min="0"
                    max="100"
                    prop:value=tax
                    on:input=move |ev| tax.set(event_target_value(&ev))
                />
            </label>
            <button type="button" class="primary" data-testid="save-product" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            {error_line(error)}
        </div>
    }
}
