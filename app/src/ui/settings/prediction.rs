//! Settings → predictive probability: what deals are learnt from, since when, what was learnt,
//! and "learn now" (`domain::scoring`, `db::scoring`).

use leptos::prelude::*;
use uuid::Uuid;

use super::run_save;
use crate::domain::scoring::{self, ScoringSettings};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::{CalendarChoice, use_locale};

#[component]
pub(super) fn Prediction() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    // Redrawn when the settings change (another admin's save arrives).
    let saved = Memo::new(move |_| {
        sync.view.with(|v| {
            v.scoring_settings
                .iter()
                .filter(|s| !s.deleted)
                .min_by_key(|s| s.id)
                .cloned()
        })
    });
    view! {
        <section class="settings-section" data-testid="settings-prediction">
            <h3>{move || t(Key::PredictedProbability)}</h3>
            {move || view! { <PredictionForm saved=saved.get()/> }}
            <Learnt/>
        </section>
    }
}

#[component]
fn PredictionForm(saved: Option<ScoringSettings>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let opened = StoredValue::new(saved.clone());
    let start = RwSignal::new(
        saved
            .as_ref()
            .and_then(|s| s.start)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let chosen = RwSignal::new(saved.as_ref().map(|s| s.fields.clone()).unwrap_or_default());
    let offered = Memo::new(move |_| sync.view.with(|v| ScoringSettings::offered(v)));
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let day = match start.get_untracked().trim() {
            "" => None,
            text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(day) => Some(day),
                Err(_) => return error.set(Some(t(Key::InvalidDate).into())),
            },
        };
        opened.with_value(|before| {
            let edited = ScoringSettings {
                id: before.as_ref().map_or_else(Uuid::now_v7, |b| b.id),
                fields: chosen.get_untracked(),
                start: day,
                version: before.as_ref().map_or(0, |b| b.version),
                deleted: false,
            };
            run_save(
                sync,
                locale.get_untracked(),
                error,
                before.as_ref().map(|b| (b, b.id, b.version)),
                edited,
            )
        });
    };
    view! {
        <p class="hint">{move || t(Key::PredictionAlways)}</p>
        <div class="settings-row">
            <label>
                <span>{move || t(Key::PredictionStart)}</span>
                <crate::ui::date_input::DateInput value=start name="prediction-start" label=Key::PredictionStart testid="prediction-start"/>
            </label>
        </div>
        <fieldset class="settings-row">
            <legend>{move || t(Key::PredictionLearnFrom)}</legend>
            <div class="prediction-fields">
                {move || {
                    offered
                        .get()
                        .into_iter()
                        .map(|field| {
                            let name = field.clone();
                            let label = {
                                let field = field.clone();
                                move || crate::ui::prediction::variable_label(locale.get(), &field)
                            };
                            let on = {
                                let field = field.clone();
                                move || chosen.with(|c| c.contains(&field))
                            };
                            view! {
                                <label>
                                    <input
                                        type="checkbox"
                                        name=format!("learn-{name}")
                                        prop:checked=on
                                        on:change=move |ev| {
                                            let checked = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|f| *f != field);
                                                if checked {
                                                    c.push(field.clone());
                                                }
                                            });
                                        }
                                    />
                                    <span>{label}</span>
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </div>
        </fieldset>
        <div class="settings-row">
            <button type="button" data-testid="save-prediction" on:click=save>{move || t(Key::Save)}</button>
        </div>
        <ErrorLine error/>
    }
}

/// What was learnt, and "learn now" (once the settings saved have reached the server: the
/// button waits while changes wait to be sent).
#[component]
fn Learnt() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let choice = expect_context::<CalendarChoice>();
    let t = move |key| locale.get().t(key);
    let on = Memo::new(move |_| sync.view.with(|v| scoring::settings(v).is_some()));
    // Learnt with the settings as they are now (not with earlier ones).
    let learnt = Memo::new(move |_| {
        sync.view.with(|v| {
            let settings = scoring::settings(v)?;
            scoring::table(v)
                .filter(|l| l.settings_version == settings.version)
                .map(|l| (l.won, l.lost, l.learnt_at))
        })
    });
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let waiting = move || busy.get() || !on.get() || sync.pending.get() != 0;
    let learn = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::sync::api::learn_predictions().await {
                Ok(_) => error.set(None),
                Err(e) => error.set(Some(crate::ui::parts::server_failure(
                    locale.get_untracked(),
                    &e,
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <p class="hint" data-testid="learnt">
            {move || {
                let l = locale.get();
                match (on.get(), learnt.get()) {
                    (false, _) => l.t(Key::PredictionOff).to_string(),
                    (true, Some((won, lost, at))) => {
                        let mut text = l
                            .t(Key::LearntFrom)
                            .replace("{won}", &l.count(i64::from(won)))
                            .replace("{lost}", &l.count(i64::from(lost)));
                        if let Some(at) = at {
                            let calendar = choice.for_locale(l);
                            text.push_str(&format!(" · {}", l.date(at.date_naive(), calendar)));
                        }
                        text
                    }
                    (true, None) => l.t(Key::NotLearntYet).to_string(),
                }
            }}
        </p>
        <div class="settings-row">
            <button type="button" data-testid="learn-now" disabled=waiting on:click=learn>
                {move || t(Key::LearnNow)}
            </button>
        </div>
        <ErrorLine error/>
    }
}
