//! Settings → sales teams: each with its leader, members and what it works on, each member's
//! share of the new leads (`domain::assignment`), and "assign now".

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run_save};
use crate::domain::Team;
use crate::domain::filter::Filter;
use crate::domain::team::Capacity;
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn Teams() -> impl IntoView {
    view! {
        <super::SetUpSection
            testid="settings-teams"
            rows=|s| &s.teams
            row=|team| view! { <TeamRow team/> }
        />
        <section class="settings-section" data-testid="assignment">
            <AssignNow/>
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
        capacities: Vec::new(),
        takes: Default::default(),
        territories: Vec::new(),
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
    let capacities = RwSignal::new(base.capacities.clone());
    let takes = RwSignal::new(base.takes.clone());
    let territories = RwSignal::new(base.territories.clone());
    let show_leads = leads_like();
    let error = RwSignal::new(None::<String>);
    let users = move || sync.view.with(|v| v.users.clone());
    let all_territories = move || territory_names(sync);
    let save = move |_| {
        let team = Team {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            leader_id: Uuid::parse_str(&leader.get_untracked()).ok(),
            member_ids: members.get_untracked(),
            for_quotations: quotations.get_untracked(),
            for_opportunities: opportunities.get_untracked(),
            for_warranty: warranty.get_untracked(),
            // Only members take leads.
            capacities: capacities.with_untracked(|all| {
                let members = members.get_untracked();
                all.iter()
                    .filter(|c| members.contains(&c.user_id))
                    .cloned()
                    .collect()
            }),
            shared_pipeline: shared.get_untracked(),
            // Set from the leads page ("give leads like these"), kept as it was opened.
            takes: takes.get_untracked(),
            territories: territories.get_untracked(),
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
            <crate::ui::parts::RecordSelect value=leader choices=move || users().into_iter().map(|u| (u.id, u.name)).collect() none=Key::Leader label=Key::Leader name="leader" dash=true/>
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
                                {move || members.with(|m| m.contains(&uid)).then(|| view! { <MemberCapacity user=uid capacities/> })}
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
            <Show when=move || !all_territories().is_empty()>
                <fieldset class="territories" data-testid="team-territories">
                    <legend>{move || locale.get().kind("territory", true)}</legend>
                    {move || {
                        all_territories()
                            .into_iter()
                            .map(|(tid, tname)| {
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name="team-territory"
                                            value=tid.to_string()
                                            prop:checked=move || territories.with(|ts| ts.contains(&tid))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                territories.update(|ts| {
                                                    ts.retain(|x| *x != tid);
                                                    if on {
                                                        ts.push(tid);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{tname}</span>
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
            </Show>
            {flag(quotations, Key::ForQuotations)}
            {flag(opportunities, Key::ForOpportunities)}
            {flag(warranty, Key::ForWarranty)}
            {flag(shared, Key::SharedPipeline)}
            {move || (!takes.with(Filter::is_empty)).then(|| view! {
                <span class="takes" data-testid="team-takes">
                    <button type="button" class="link" on:click=move |_| show_leads(takes.get_untracked())>{move || t(Key::TakesLikeThese)}</button>
                    <button type="button" class="link" data-testid="team-takes-any" on:click=move |_| takes.set(Filter::default())>{move || t(Key::AnyLead)}</button>
                </span>
            })}
            <button type="button" class="primary" data-testid="save-team" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

/// The live territories, by name.
fn territory_names(sync: SyncHandle) -> Vec<(Uuid, String)> {
    sync.view.with(|v| {
        let mut all: Vec<(Uuid, String)> = crate::domain::territory::live(v)
            .map(|t| (t.id, t.name.clone()))
            .collect();
        all.sort_by(|a, b| a.1.cmp(&b.1));
        all
    })
}

/// Opens the leads page keeping the leads `filter` keeps (a team's or a member's share).
fn leads_like() -> impl Fn(Filter) + Copy {
    let nav = expect_context::<crate::ui::routes::Nav>();
    move |filter: Filter| {
        let query = filter.to_query().unwrap_or_default();
        nav.go_to(
            &crate::ui::routes::Page::Leads,
            [("f".to_string(), query)],
            false,
        );
    }
}

/// A member's share of the new leads: how many per 30 days, and whether they are away.
#[component]
fn MemberCapacity(user: Uuid, capacities: RwSignal<Vec<Capacity>>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let show_leads = leads_like();
    let t = move |key| locale.get().t(key);
    let held = move || capacities.with(|all| all.iter().find(|c| c.user_id == user).cloned());
    let update = move |change: &dyn Fn(&mut Capacity)| {
        capacities.update(|all| {
            let at = match all.iter().position(|c| c.user_id == user) {
                Some(at) => at,
                None => {
                    all.push(Capacity {
                        user_id: user,
                        per_month: 0,
                        away: false,
                        takes: Default::default(),
                        territories: Vec::new(),
                    });
                    all.len() - 1
                }
            };
            change(&mut all[at]);
        });
    };
    view! {
        <span class="capacity">
            <input
                type="text"
                inputmode="numeric"
                name="capacity"
                data-user=user.to_string()
                placeholder="0"
                aria-label=move || t(Key::LeadsPerMonth)
                title=move || t(Key::LeadsPerMonth)
                prop:value=move || {
                    held()
                        .filter(|c| c.per_month > 0)
                        .map(|c| locale.get().digits(&c.per_month.to_string()))
                        .unwrap_or_default()
                }
                on:change=move |ev| {
                    let typed = crate::domain::reading::western_digits(event_target_value(&ev).trim());
                    let per_month = typed.parse::<u32>().unwrap_or(0);
                    update(&|c| c.per_month = per_month);
                }
            />
            <span class="unit">{move || t(Key::PerThirtyDays)}</span>
            <label class="check">
                <input
                    type="checkbox"
                    name="away"
                    data-user=user.to_string()
                    prop:checked=move || held().is_some_and(|c| c.away)
                    on:change=move |ev| {
                        let away = event_target_checked(&ev);
                        update(&|c| c.away = away);
                    }
                />
                <span>{move || t(Key::Away)}</span>
            </label>
            {move || {
                let all = territory_names(sync);
                (!all.is_empty()).then(|| view! {
                    <span class="member-territories" title=move || locale.get().kind("territory", true)>
                        {all
                            .into_iter()
                            .map(|(tid, tname)| {
                                view! {
                                    <label class="check">
                                        <input
                                            type="checkbox"
                                            name="member-territory"
                                            data-user=user.to_string()
                                            value=tid.to_string()
                                            prop:checked=move || held().is_some_and(|c| c.territories.contains(&tid))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                update(&|c| {
                                                    c.territories.retain(|x| *x != tid);
                                                    if on {
                                                        c.territories.push(tid);
                                                    }
                                                });
                                            }
                                        />
                                        <span>{tname}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </span>
                })
            }}
            {move || held().filter(|c| !c.takes.is_empty()).map(|c| view! {
                <button type="button" class="link" data-testid="member-takes" on:click=move |_| show_leads(c.takes.clone())>
                    {move || t(Key::TakesLikeThese)}
                </button>
                <button type="button" class="link" title=move || t(Key::AnyLead) aria-label=move || t(Key::AnyLead) on:click=move |_| update(&|c| c.takes = Filter::default())>
                    "×"
                </button>
            })}
        </span>
    }
}

/// "Assign now": the leads waiting for a team or a salesperson, assigned by the teams' rules.
#[component]
fn AssignNow() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<crate::domain::assignment::Assigned>);
    let busy = RwSignal::new(false);
    let waiting = move || busy.get() || sync.pending.get() != 0;
    let assign = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::sync::api::assign_leads().await {
                Ok(assigned) => {
                    error.set(None);
                    done.set(Some(assigned));
                }
                Err(e) => error.set(Some(crate::ui::parts::server_failure(
                    locale.get_untracked(),
                    &e,
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="settings-row">
            <button type="button" data-testid="assign-now" disabled=waiting on:click=assign>
                {move || t(Key::AssignNow)}
            </button>
            <span class="hint" data-testid="assigned">
                {move || done.get().map(|d| {
                    let l = locale.get();
                    let mut said = l
                        .t(Key::AssignedCount)
                        .replace("{teams}", &l.count(i64::from(d.teams)))
                        .replace("{people}", &l.count(i64::from(d.people)));
                    if d.twins > 0 {
                        said.push(' ');
                        said.push_str(&l.t(Key::TwinsGiven).replace("{n}", &l.count(i64::from(d.twins))));
                    }
                    said
                })}
            </span>
        </div>
        <ErrorLine error/>
    }
}
