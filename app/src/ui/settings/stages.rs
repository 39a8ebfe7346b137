//! Settings → the pipeline's stages: order, probability, won, folded, rotting days, and which
//! team's.

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run, run_save};
use crate::domain::{Mutation, Stage, stage};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn Stages() -> impl IntoView {
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
            <For each=stages key=super::row_key let:stage>
                <StageRow stage=Some(stage) shift drop_on dragging/>
            </For>
            <StageRow stage=None shift drop_on dragging/>
            <ErrorLine error testid="form-error"/>
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
        rotting_days: 14,
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
    let rotting = RwSignal::new(base.rotting_days.to_string());
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
        let rotting_days = match rotting.get_untracked().trim().parse::<u16>() {
            Ok(days) if days <= crate::domain::stage::MAX_ROTTING_DAYS => days,
            _ => return error.set(Some(l.t(Key::InvalidRottingDays).to_string())),
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
            rotting_days: if won.get_untracked() { 0 } else { rotting_days },
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
            <label class="inline">
                <span>{move || t(Key::RottingAfter)}</span>
                <input
                    name="stage-rotting"
                    class="number"
                    type="number"
                    min="0"
                    max="3650"
                    prop:value=rotting
                    prop:disabled=won
                    on:input=move |ev| rotting.set(event_target_value(&ev))
                />
            </label>
            <crate::ui::parts::RecordSelect value=team choices=move || teams().into_iter().map(|x| (x.id, x.name)).collect() none=Key::EveryTeamsStage label=Key::Team name="stage-team"/>
            {(!is_new).then(|| view! {
                <button type="button" aria-label=move || t(Key::MoveUp) data-testid="stage-up" on:click=move |_| shift(id, true)>"↑"</button>
                <button type="button" aria-label=move || t(Key::MoveDown) data-testid="stage-down" on:click=move |_| shift(id, false)>"↓"</button>
            })}
            <button type="button" class="primary" data-testid="save-stage" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" data-testid="delete-stage" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
