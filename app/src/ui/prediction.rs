//! A deal's predicted probability and why (`domain::scoring`), in the reader's language: on its
//! card (as a title) and in its form.

use leptos::prelude::*;
use uuid::Uuid;

use crate::domain::scoring::{self, Reason};
use crate::domain::{Opportunity, Store};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// What a variable of prediction is called: the deal's field it comes from.
pub fn variable_label(l: Locale, variable: &str) -> String {
    match variable {
        scoring::TAG => l.field_label("opportunity", "tag_ids"),
        "email_state" => l.t(Key::EmailQuality).into(),
        "phone_state" => l.t(Key::PhoneQuality).into(),
        field => l.field_label("opportunity", field),
    }
}

/// What one of its values is called: the record it names, a quality, or a dropdown's option.
pub fn value_label(l: Locale, store: &Store, variable: &str, value: &str) -> String {
    match (variable, value) {
        ("email_state" | "phone_state", "False") => l.t(Key::QualityNone).into(),
        ("email_state" | "phone_state", "correct") => l.t(Key::QualityCorrect).into(),
        ("email_state" | "phone_state", _) => l.t(Key::QualityIncorrect).into(),
        ("country", code) => super::territories::country_label(l, code),
        ("province", code) => super::territories::province_label(l, code),
        _ => Uuid::parse_str(value)
            .ok()
            .and_then(|id| store.display_name(id))
            .unwrap_or_else(|| value.to_string()),
    }
}

/// One reason as a line: "▲ Stage · Proposal ×2.1".
pub fn reason_line(l: Locale, store: &Store, r: &Reason) -> String {
    let arrow = if r.factor >= 1.0 { "▲" } else { "▼" };
    let times = if r.factor >= 1.0 {
        r.factor
    } else {
        1.0 / r.factor
    };
    format!(
        "{arrow} {} · {} ×{}",
        variable_label(l, &r.variable),
        value_label(l, store, &r.variable, &r.value),
        l.decimal(times, 1)
    )
}

/// A card's title on its probability: the prediction, and (`why`) what moved it, a line each.
pub fn card_title(l: Locale, store: &Store, deal: &Opportunity, why: bool) -> Option<String> {
    let predicted = deal.predicted?;
    let mut text = format!(
        "{} {}",
        l.t(Key::PredictedProbability),
        l.percent_decimal(f64::from(predicted) / 100.0)
    );
    if why && let Some(score) = scoring::score_in(store, deal) {
        for r in &score.reasons {
            text.push('\n');
            text.push_str(&reason_line(l, store, r));
        }
    }
    Some(text)
}

/// In a deal's form, under its probability: the prediction, what moved it most, and, when the
/// probability was set by hand, the way back to the prediction (`automatic` then holds, and
/// `probability` shows it, until the form is saved).
#[component]
pub fn Prediction(
    id: Uuid,
    automatic: RwSignal<bool>,
    probability: RwSignal<String>,
) -> impl IntoView {
    let locale = crate::ui::use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let shown = Memo::new(move |_| {
        sync.view.with(|v| {
            let deal = v.opportunities.get(&id)?;
            let score = scoring::score_in(v, deal)?;
            let l = locale.get();
            let reasons: Vec<(bool, String)> = score
                .reasons
                .iter()
                .map(|r| (r.factor >= 1.0, reason_line(l, v, r)))
                .collect();
            Some((scoring::hundredths(score.percent), reasons))
        })
    });
    move || {
        let (predicted, reasons) = shown.get()?;
        let l = locale.get();
        let use_it = move |_| {
            automatic.set(true);
            probability.set(
                locale
                    .get_untracked()
                    .digits(&scoring::whole_percent(predicted).to_string()),
            );
        };
        Some(view! {
            <div class="prediction" data-testid="prediction">
                <p>
                    <span>{t(Key::PredictedProbability)}" "</span>
                    <strong data-testid="predicted">{l.percent_decimal(f64::from(predicted) / 100.0)}</strong>
                    {move || (!automatic.get()).then(|| view! {
                        " · "<span class="by-hand">{t(Key::ProbabilityByHand)}</span>" "
                        <button type="button" class="link" data-testid="use-predicted" on:click=use_it>{t(Key::UsePredicted)}</button>
                    })}
                </p>
                {(!reasons.is_empty()).then(|| view! {
                    <p class="why-title">{t(Key::PredictionWhy)}</p>
                    <ul class="why" data-testid="why">
                        {reasons
                            .into_iter()
                            .map(|(raises, line)| view! {
                                <li class=if raises { "raises" } else { "lowers" }
                                    title=t(if raises { Key::Raises } else { Key::Lowers })>{line}</li>
                            })
                            .collect_view()}
                    </ul>
                })}
            </div>
        })
    }
}
