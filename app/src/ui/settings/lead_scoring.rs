//! Settings → lead scoring: the score at which a lead is handed to sales, and the rules (their
//! points changed here, their conditions shown on the leads page, where they are built).

use leptos::prelude::*;
use uuid::Uuid;

use super::run_save;
use crate::domain::lead_scoring::{self, LeadQualification, ScoringRule};
use crate::domain::{Mutation, RuleError};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::routes::{Nav, Page};
use crate::ui::use_locale;

/// A whole number as typed in any of our digits, a minus sign of either kind; empty: `None`.
fn typed_number(text: &str) -> Result<Option<i32>, RuleError> {
    let western = crate::domain::reading::western_digits(text.trim()).replace('−', "-");
    if western.is_empty() {
        return Ok(None);
    }
    western
        .parse::<i32>()
        .map(Some)
        .map_err(|_| RuleError::NotANumber(text.trim().to_string()))
}

#[component]
pub(super) fn LeadScoring() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let saved = Memo::new(move |_| {
        sync.view.with(|v| {
            v.lead_qualifications
                .iter()
                .filter(|q| !q.deleted)
                .min_by_key(|q| q.id)
                .cloned()
        })
    });
    let rules = Memo::new(move |_| {
        sync.view.with(|v| {
            lead_scoring::rules(v)
                .cloned()
                .collect::<Vec<ScoringRule>>()
        })
    });
    view! {
        <section class="settings-section" data-testid="settings-lead-scoring">
            <h3>{move || locale.get().kind("scoring_rule", true)}</h3>
            <p class="hint">{move || t(Key::ScoringRulesHelp)}</p>
            {move || view! { <Threshold saved=saved.get()/> }}
            <Show when=move || rules.with(Vec::is_empty)>
                <p class="empty">{move || t(Key::NoScoringRules)}</p>
            </Show>
            <ul class="rows scoring-rules">
                <For each=move || rules.get() key=super::row_key let:rule>
                    <RuleRow rule/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn Threshold(saved: Option<LeadQualification>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let opened = StoredValue::new(saved.clone());
    let at = RwSignal::new(
        saved
            .as_ref()
            .and_then(|q| q.mql_at)
            .map(|n| locale.get_untracked().digits(&n.to_string()))
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<String>);
    let save = move || {
        let l = locale.get_untracked();
        let mql_at = match typed_number(&at.get_untracked()) {
            Ok(n) => n,
            Err(e) => return error.set(Some(l.rule_error(&e))),
        };
        opened.with_value(|before| {
            let edited = LeadQualification {
                id: before.as_ref().map_or_else(Uuid::now_v7, |b| b.id),
                mql_at,
                version: before.as_ref().map_or(0, |b| b.version),
                deleted: false,
            };
            run_save(
                sync,
                l,
                error,
                before.as_ref().map(|b| (b, b.id, b.version)),
                edited,
            )
        });
    };
    let label = move || locale.get().field_label("lead_qualification", "mql_at");
    view! {
        <div class="settings-row">
            <label>
                <span>{label}</span>
                <input
                    name="mql-at"
                    inputmode="numeric"
                    data-testid="mql-at"
                    prop:value=at
                    on:input=move |ev| at.set(event_target_value(&ev))
                    on:change=move |_| save()
                />
            </label>
            <span class="form-hint">{move || locale.get().t(Key::MqlAtHelp)}</span>
        </div>
        <ErrorLine error/>
    }
}

#[component]
fn RuleRow(rule: ScoringRule) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<Nav>();
    let t = move |key| locale.get().t(key);
    let opened = StoredValue::new(rule.clone());
    let points = RwSignal::new(locale.get_untracked().digits(&rule.points.to_string()));
    let name = RwSignal::new(rule.name.clone());
    let error = RwSignal::new(None::<String>);
    let save = move || {
        let l = locale.get_untracked();
        let points = match typed_number(&points.get_untracked()) {
            Ok(Some(n)) => n,
            Ok(None) => {
                return error.set(Some(
                    l.rule_error(&RuleError::Required("scoring_rule.points".into())),
                ));
            }
            Err(e) => return error.set(Some(l.rule_error(&e))),
        };
        opened.with_value(|before| {
            let edited = ScoringRule {
                name: name.get_untracked(),
                points,
                ..before.clone()
            };
            run_save(
                sync,
                l,
                error,
                Some((before, before.id, before.version)),
                edited,
            )
        });
    };
    let id = rule.id;
    let show = move |_| {
        let query = opened
            .with_value(|r| r.filter.to_query())
            .unwrap_or_default();
        nav.go_to(&Page::Leads, [("f".to_string(), query)], false);
    };
    let delete = move |_| {
        super::run(sync, locale.get_untracked(), error, Mutation::Delete { id });
    };
    view! {
        <li class="row scoring-rule" data-testid="scoring-rule" data-name=rule.name.clone()>
            <input
                name="rule-name"
                dir="auto"
                aria-label=move || locale.get().field_label("scoring_rule", "name")
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
                on:change=move |_| save()
            />
            <input
                name="rule-points"
                inputmode="numeric"
                class="points"
                aria-label=move || locale.get().field_label("scoring_rule", "points")
                prop:value=points
                on:input=move |ev| points.set(event_target_value(&ev))
                on:change=move |_| save()
            />
            <button type="button" class="link" data-testid="rule-leads" on:click=show>
                {move || t(Key::ShowTheLeads)}
            </button>
            <button type="button" class="danger" data-testid="rule-delete" on:click=delete>
                {move || t(Key::Delete)}
            </button>
            <ErrorLine error/>
        </li>
    }
}
