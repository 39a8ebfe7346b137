//! Lead scoring on screen (`domain::lead_scoring`): where a lead stands (its score, handed to
//! sales, accepted, sent back and why) with what sales do about it, the rules that made its
//! score, and the admin's "score leads like these" on the leads page.

use leptos::prelude::*;
use uuid::Uuid;

use super::{explain, use_locale};
use crate::domain::access::Role;
use crate::domain::filter::Filter;
use crate::domain::lead_scoring::{Qualification, Scorer, ScoringRule};
use crate::domain::{Mutation, OpportunityFields};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// What a person calls where a lead stands.
pub fn qualification_label(l: Locale, q: Qualification) -> String {
    match q {
        Qualification::Lead => l.field_label("opportunity", "lead"),
        Qualification::Mql => l.t(Key::Mql).into(),
        Qualification::Sql => l.t(Key::Sql).into(),
        Qualification::Returned => l.t(Key::SentBack).into(),
    }
}

/// A lead's score and where it stands, with what can be done next: hand it to sales, accept
/// it, or send it back saying why. Nothing for a deal.
#[component]
pub fn Standing(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let stands = Memo::new(move |_| {
        sync.view.with(|v| {
            v.opportunities.get(&id).filter(|o| o.lead).map(|o| {
                (
                    o.score,
                    o.qualification,
                    o.returned_reason.clone(),
                    o.version,
                )
            })
        })
    });
    let reason = RwSignal::new(String::new());
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let to = move |q: Qualification| {
        let Some((_, _, _, version)) = stands.get_untracked() else {
            return;
        };
        let returned = (q == Qualification::Returned).then(|| reason.get_untracked());
        let m = Mutation::SetOpportunityFields {
            id,
            fields: OpportunityFields {
                qualification: Some(q),
                returned_reason: returned,
                ..OpportunityFields::default()
            },
            base_version: version,
        };
        match sync.mutate(m) {
            Ok(()) => {
                error.set(None);
                asking.set(false);
                reason.set(String::new());
            }
            Err(e) => error.set(Some(explain(locale.get_untracked(), e))),
        }
    };
    move || {
        let (score, q, returned, _) = stands.get()?;
        let l = locale.get();
        Some(view! {
            <div class="standing" data-testid="standing" data-qualification=q.code()>
                {score.map(|s| view! {
                    <span class="chip score" data-testid="score">
                        {l.digits(&l.t(Key::ScoreN).replace("{n}", &s.to_string()))}
                    </span>
                })}
                {(q != Qualification::Lead).then(|| view! {
                    <span class=format!("chip stands {}", q.code()) data-testid="qualification">
                        {qualification_label(l, q)}
                    </span>
                })}
                {(q == Qualification::Returned && !returned.is_empty()).then(|| view! {
                    <span class="muted returned" dir="auto" data-testid="returned-reason">{returned.clone()}</span>
                })}
                <span class="standing-actions">
                    {matches!(q, Qualification::Lead | Qualification::Returned).then(|| view! {
                        <button type="button" data-testid="hand-to-sales" on:click=move |_| to(Qualification::Mql)>
                            {move || t(Key::HandToSales)}
                        </button>
                    })}
                    {(q == Qualification::Mql).then(|| view! {
                        <button type="button" class="primary" data-testid="accept-lead" on:click=move |_| to(Qualification::Sql)>
                            {move || t(Key::Accept)}
                        </button>
                        <button type="button" data-testid="send-back" on:click=move |_| asking.update(|a| *a = !*a)>
                            {move || t(Key::SendBack)}
                        </button>
                    })}
                </span>
                <Show when=move || asking.get()>
                    // Not a form of its own: it sits inside the deal page's form too.
                    <div class="send-back" data-testid="send-back-form">
                        <input
                            name="returned-reason"
                            dir="auto"
                            placeholder=move || t(Key::WhySentBack)
                            aria-label=move || t(Key::WhySentBack)
                            prop:value=reason
                            on:input=move |ev| reason.set(event_target_value(&ev))
                            on:keydown=move |ev| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    to(Qualification::Returned);
                                }
                            }
                        />
                        <button type="button" data-testid="confirm-send-back" on:click=move |_| to(Qualification::Returned)>
                            {move || t(Key::SendBack)}
                        </button>
                    </div>
                </Show>
                <super::parts::ErrorLine error/>
            </div>
        })
    }
}

/// On a lead's page: the rules its score comes from, with their points.
#[component]
pub fn ScoredBy(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let today = super::use_today();
    let met = Memo::new(move |_| {
        let today = today.get();
        sync.view.with(|v| {
            let lead = v.opportunities.get(&id).filter(|o| o.lead)?;
            let scorer = Scorer::new(&v.store, today)?;
            Some(
                scorer
                    .met(lead)
                    .into_iter()
                    .map(|r| (r.name.clone(), r.points))
                    .collect::<Vec<_>>(),
            )
        })
    });
    move || {
        let rules = met.get()?;
        let l = locale.get();
        Some(view! {
            <details class="scored-by" data-testid="scored-by">
                <summary>{l.t(Key::ScoredBy)}</summary>
                <ul>
                    {rules
                        .into_iter()
                        .map(|(name, points)| {
                            let (sign, class) = if points > 0 { ("+", "up") } else { ("", "down") };
                            view! {
                                <li>
                                    <bdi>{name}</bdi>
                                    " "
                                    <strong class=class>
                                        {l.digits(&format!("{sign}{points}"))}
                                    </strong>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </details>
        })
    }
}

/// On the leads page, for the admin, with conditions built: a rule giving leads like these
/// points.
#[component]
pub fn ScoreLikeThese(conditions: Memo<Filter>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let admin = Memo::new(move |_| sync.view.with(|v| v.role == Some(Role::Admin)));
    let name = RwSignal::new(String::new());
    let points = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let added = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let typed = crate::domain::reading::western_digits(points.get_untracked().trim());
        let Ok(points) = typed.replace('−', "-").parse::<i32>() else {
            return error.set(Some(
                l.rule_error(&crate::domain::RuleError::NotANumber(typed)),
            ));
        };
        let rule = ScoringRule {
            id: Uuid::now_v7(),
            name: name.get_untracked(),
            filter: conditions.get_untracked(),
            points,
            version: 0,
            deleted: false,
        };
        match sync.mutate(Mutation::save(rule)) {
            Ok(()) => {
                error.set(None);
                name.set(String::new());
                added.set(Some(
                    l.digits(&l.t(Key::RuleAdded).replace("{n}", &points.to_string())),
                ));
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    view! {
        <Show when=move || admin.get() && conditions.with(|c| !c.is_empty())>
            <form class="score-like-these" data-testid="score-like-these" on:submit=add>
                <input
                    name="rule-name"
                    dir="auto"
                    placeholder=move || locale.get().field_label("scoring_rule", "name")
                    aria-label=move || locale.get().field_label("scoring_rule", "name")
                    prop:value=name
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <input
                    name="rule-points"
                    inputmode="numeric"
                    placeholder=move || locale.get().field_label("scoring_rule", "points")
                    aria-label=move || locale.get().field_label("scoring_rule", "points")
                    prop:value=points
                    on:input=move |ev| points.set(event_target_value(&ev))
                />
                <button type="submit">{move || t(Key::ScoreLikeThese)}</button>
                <super::parts::ErrorLine error/>
                {move || added.get().map(|text| view! { <p class="form-hint" data-testid="rule-added">{text}</p> })}
            </form>
        </Show>
    }
}

/// On the leads page, for the admin and a team's manager, with conditions built: the team (or
/// one of its members) that takes new leads like these when they are assigned.
#[component]
pub fn GiveLikeThese(conditions: Memo<Filter>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    // The teams this person may change, with the people of each: the admin's all, a manager's
    // own.
    let teams = Memo::new(move |_| {
        sync.view.with(|v| {
            v.teams
                .iter()
                .filter(|t| !t.deleted)
                .filter(|t| match v.role {
                    Some(Role::Admin) => true,
                    Some(Role::Manager) => v.user_id.is_some() && t.leader_id == v.user_id,
                    _ => false,
                })
                .map(|t| {
                    let people: Vec<(Uuid, String)> = v
                        .users
                        .iter()
                        .filter(|u| t.member_ids.contains(&u.id))
                        .map(|u| (u.id, u.name.clone()))
                        .collect();
                    (t.clone(), people)
                })
                .collect::<Vec<_>>()
        })
    });
    let target = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let give = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let chosen = target.get_untracked();
        let mut parts = chosen.split(':');
        let team_id = parts.next().and_then(|id| Uuid::parse_str(id).ok());
        let user = parts.next().and_then(|id| Uuid::parse_str(id).ok());
        let Some((team, people)) = teams
            .get_untracked()
            .into_iter()
            .find(|(t, _)| Some(t.id) == team_id)
        else {
            return;
        };
        let filter = conditions.get_untracked();
        let mut edited = team.clone();
        let who = match user {
            None => {
                edited.takes = filter;
                team.name.clone()
            }
            Some(user) => {
                match edited.capacities.iter_mut().find(|c| c.user_id == user) {
                    Some(c) => c.takes = filter,
                    None => edited.capacities.push(crate::domain::team::Capacity {
                        user_id: user,
                        per_month: 0,
                        away: false,
                        takes: filter,
                        territories: Vec::new(),
                    }),
                }
                people
                    .iter()
                    .find(|p| p.0 == user)
                    .map_or_else(String::new, |p| p.1.clone())
            }
        };
        let m = Mutation::EditRecord {
            id: team.id,
            fields: crate::domain::changed_fields(&team, &edited),
            base_version: team.version,
        };
        match sync.mutate(m) {
            Ok(()) => {
                error.set(None);
                done.set(Some(l.t(Key::GivenLikeThese).replace("{who}", &who)));
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    view! {
        <Show when=move || !teams.with(Vec::is_empty) && conditions.with(|c| !c.is_empty())>
            <form class="give-like-these" data-testid="give-like-these" on:submit=give>
                <label>
                    <span>{move || t(Key::GiveLikeThese)}</span>
                    <select name="give-to" on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || {
                            teams
                                .get()
                                .into_iter()
                                .flat_map(|(team, people)| {
                                    let name = team.name.clone();
                                    std::iter::once((team.id.to_string(), name.clone())).chain(
                                        people.into_iter().map(move |(id, person)| {
                                            (format!("{}:{id}", team.id), format!("{name} · {person}"))
                                        }),
                                    )
                                })
                                .map(|(value, label)| view! { <option value=value>{label}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <button type="submit" disabled=move || target.with(String::is_empty)>{move || t(Key::Give)}</button>
                <super::parts::ErrorLine error/>
                {move || done.get().map(|text| view! { <p class="form-hint" data-testid="given">{text}</p> })}
            </form>
        </Show>
    }
}
