//! Settings → custom fields: for each kind that takes them, its fields in order, each with its
//! label in the five languages, its type (fixed once made), a dropdown's options, whether it is
//! required, the value a new record takes (typed in the field's own input), its help line, its
//! place and whether the board's card shows it. A deleted field is
//! listed apart, to be restored with its values.

use std::collections::HashMap;

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run, run_save};
use crate::domain::custom_field::{self, Choice, CustomField, CustomType, LANGUAGES, Labels};
use crate::domain::formula;
use crate::domain::kind::Kind;
use crate::domain::{Mutation, Record};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn CustomFields() -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="settings-section" data-testid="settings-custom-fields">
            <h3>{move || locale.get().label(CustomField::LABEL.many)}</h3>
            <p class="hint">{move || locale.get().t(Key::CustomFieldsHint)}</p>
            {Record::customisable_kinds()
                .into_iter()
                .map(|kind| view! { <KindFields kind/> })
                .collect_view()}
        </section>
    }
}

/// One kind's fields: the live ones in order, a row to add one, and the deleted ones.
#[component]
fn KindFields(kind: &'static str) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let live = move || {
        sync.view.with(|v| {
            custom_field::of_kind(v, kind)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let deleted = move || {
        sync.view.with(|v| {
            v.custom_fields
                .iter()
                .filter(|f| f.deleted && !f.purged && f.of == kind)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="custom-kind" data-testid=format!("custom-kind-{kind}")>
            <h4>{move || locale.get().kind(kind, true)}</h4>
            <For each=live key=super::row_key children=move |f| view! { <FieldRow kind field=Some(f)/> }/>
            <FieldRow kind field=None/>
            <Show when=move || !deleted().is_empty()>
                <details class="custom-deleted">
                    <summary>{move || locale.get().t(Key::DeletedFields)}</summary>
                    <p class="muted">
                        {move || locale.get().t_n(Key::DeletedFieldsKept, custom_field::PURGE_AFTER_DAYS as usize)}
                    </p>
                    <For each=deleted key=|f| (f.id, f.version) children=move |f| view! { <DeletedRow field=f/> }/>
                </details>
            </Show>
        </div>
    }
}

/// A deleted field, with Restore (its values come back with it, until they are purged).
#[component]
fn DeletedRow(field: CustomField) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let error = RwSignal::new(None::<String>);
    let labelled = field.clone();
    let restore = move |_| {
        let back = CustomField {
            deleted: false,
            ..field.clone()
        };
        run(sync, locale.get_untracked(), error, Mutation::save(back));
    };
    view! {
        <div class="settings-row" data-testid="custom-field-deleted">
            <s>{move || locale.get().custom_label(&labelled)}</s>
            <button type="button" on:click=restore>{move || locale.get().t(Key::Restore)}</button>
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

/// The options as the admin types them, one per line.
fn options_text(options: &[Choice]) -> String {
    options
        .iter()
        .map(|o| o.label.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The options of these lines: an option keeps its id (and so its values) when its line is
/// kept, moved, or renamed where it stood with no line added or taken away (so that an option
/// taken away and another added are never read as one renamed); a new line gets a new id.
fn options_of(text: &str, before: &[Choice]) -> Vec<Choice> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut taken: Vec<String> = before.iter().map(|o| o.id.clone()).collect();
    let mut out: Vec<Choice> = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let same = before
            .iter()
            .find(|o| o.label.to_lowercase() == line.to_lowercase());
        // Renamed in place: the option that stood on this line, whose label is no line now.
        let renamed = before.get(i).filter(|o| {
            lines.len() == before.len()
                && !lines
                    .iter()
                    .any(|l| l.to_lowercase() == o.label.to_lowercase())
        });
        let kept = same
            .or(renamed)
            .filter(|o| !out.iter().any(|c| c.id == o.id));
        let choice = match kept {
            Some(o) => Choice {
                id: o.id.clone(),
                label: (*line).to_string(),
                colour: o.colour,
            },
            None => {
                let id = (1..)
                    .map(|n| format!("o{n}"))
                    .find(|id| !taken.contains(id))
                    .unwrap_or_default();
                taken.push(id.clone());
                Choice {
                    id,
                    label: (*line).to_string(),
                    colour: (i % usize::from(crate::domain::tag::COLOURS)) as u8,
                }
            }
        };
        out.push(choice);
    }
    out
}

/// The options with the colours picked for them (by label, in any case); the others keep theirs.
fn with_colours(mut options: Vec<Choice>, picked: &HashMap<String, u8>) -> Vec<Choice> {
    for o in &mut options {
        if let Some(c) = picked.get(&o.label.to_lowercase()) {
            o.colour = *c;
        }
    }
    options
}

/// A field's row: its labels, type, options, required, help, place and card; or, with `None`,
/// the row that adds one.
#[component]
fn FieldRow(kind: &'static str, field: Option<CustomField>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let word = move |name: &str| locale.get().field_label(CustomField::NAME, name);
    let is_new = field.is_none();
    let id = field.as_ref().map_or(Uuid::nil(), |f| f.id);
    let opened = StoredValue::new(field.clone());
    let labels: Vec<(&'static str, RwSignal<String>)> = LANGUAGES
        .iter()
        .map(|l| {
            let text = field
                .as_ref()
                .map(|f| f.labels.get(l).to_string())
                .unwrap_or_default();
            (*l, RwSignal::new(text))
        })
        .collect();
    let labels = StoredValue::new(labels);
    let ty = RwSignal::new(field.as_ref().map_or("text", |f| f.ty.name()).to_string());
    let options = RwSignal::new(
        field
            .as_ref()
            .map(|f| options_text(f.ty.options()))
            .unwrap_or_default(),
    );
    let decimals = RwSignal::new(match field.as_ref().map(|f| &f.ty) {
        Some(CustomType::Number { decimals }) => decimals.to_string(),
        _ => "0".to_string(),
    });
    let expression = RwSignal::new(match field.as_ref().map(|f| &f.ty) {
        Some(CustomType::Formula { expression, .. }) => expression.clone(),
        _ => String::new(),
    });
    let required = RwSignal::new(field.as_ref().is_some_and(|f| f.required));
    let on_card = RwSignal::new(field.as_ref().is_some_and(|f| f.on_card));
    let help = RwSignal::new(field.as_ref().map(|f| f.help.clone()).unwrap_or_default());
    // The default, as the field's own input writes it (under the field's key).
    let draft_key = field
        .as_ref()
        .map_or_else(|| format!("{}new", custom_field::PREFIX), |f| f.key.clone());
    let default_of = |field: Option<&CustomField>| -> crate::domain::CustomValues {
        field
            .and_then(|f| f.default.clone())
            .map(|value| [(draft_key.clone(), value)].into())
            .unwrap_or_default()
    };
    let default = RwSignal::new(default_of(field.as_ref()));
    let draft_key = StoredValue::new(draft_key);
    // Another type takes another kind of value: its default starts empty.
    Effect::watch(
        move || ty.get(),
        move |_, _, _| default.set(Default::default()),
        false,
    );
    let position = RwSignal::new(field.as_ref().map_or_else(
        || {
            sync.view.with_untracked(|v| {
                custom_field::of_kind(v, kind)
                    .last()
                    .map_or(1, |f| f.position + 1)
            })
        },
        |f| f.position,
    ));
    // The colours picked for the options, by label in lower case (a click on an option's chip).
    let colours = RwSignal::new(HashMap::<String, u8>::new());
    let error = RwSignal::new(None::<String>);
    // The type as the form says it, with its options, decimals or formula.
    let form_type = move || {
        let before_options: Vec<Choice> = opened.with_value(|o| {
            o.as_ref()
                .map(|f| f.ty.options().to_vec())
                .unwrap_or_default()
        });
        let chosen = CustomType::of_name(&ty.get_untracked()).unwrap_or(CustomType::Text);
        match chosen {
            CustomType::Choice { .. } => CustomType::Choice {
                options: with_colours(
                    options_of(&options.get_untracked(), &before_options),
                    &colours.get_untracked(),
                ),
            },
            CustomType::Choices { .. } => CustomType::Choices {
                options: with_colours(
                    options_of(&options.get_untracked(), &before_options),
                    &colours.get_untracked(),
                ),
            },
            CustomType::Number { .. } => CustomType::Number {
                decimals: crate::domain::reading::western_digits(decimals.get_untracked().trim())
                    .parse()
                    .unwrap_or(u8::MAX),
            },
            CustomType::Formula { result, .. } => CustomType::Formula {
                expression: expression.get_untracked(),
                result,
            },
            other => other,
        }
    };
    // A type changed: how many values convert, or how many would not, counted on this copy
    // (the server counts every record and decides).
    let conversion = move || {
        let before = opened.get_value()?;
        let chosen = ty.get();
        // Tracked: the options and decimals the new type takes.
        options.track();
        decimals.track();
        if before.ty.name() == chosen {
            return None;
        }
        let after = CustomField {
            ty: form_type(),
            ..before.clone()
        };
        let l = locale.get();
        let (held, failed) = sync
            .view
            .with(|v| custom_field::counted(&before, &after, v));
        Some(match failed {
            0 => (false, l.t_n(Key::ValuesConvert, held)),
            _ => (
                true,
                l.rule_error(&crate::domain::RuleError::WouldNotConvert {
                    field: after.code(),
                    failed,
                    held,
                }),
            ),
        })
    };
    let save = move |_| {
        let l = locale.get_untracked();
        let mut typed = Labels::default();
        labels.with_value(|ls| {
            for (lang, text) in ls {
                *typed.get_mut(lang) = text.get_untracked();
            }
        });
        let ty = form_type();
        let key = opened
            .with_value(|o| o.as_ref().map(|f| f.key.clone()))
            .unwrap_or_else(|| {
                sync.view.with_untracked(|v| {
                    let taken: Vec<&str> = v
                        .custom_fields
                        .iter()
                        .filter(|f| f.of == kind)
                        .map(|f| f.key.as_str())
                        .collect();
                    // From the English label if there is one: keys read best in Latin letters.
                    custom_field::key_for(typed.text("en"), &taken)
                })
            });
        let saved = CustomField {
            id: if is_new { Uuid::now_v7() } else { id },
            of: kind.to_string(),
            key,
            labels: typed,
            ty,
            required: required.get_untracked(),
            default: default.with_untracked(|d| d.get(&draft_key.get_value()).cloned()),
            help: help.get_untracked(),
            position: position.get_untracked(),
            on_card: on_card.get_untracked(),
            version: 0,
            deleted: false,
            purged: false,
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
            labels.with_value(|ls| ls.iter().for_each(|(_, s)| s.set(String::new())));
            options.set(String::new());
            expression.set(String::new());
            help.set(String::new());
            default.set(Default::default());
            colours.set(HashMap::new());
            required.set(false);
            on_card.set(false);
            position.update(|p| *p += 1);
        }
    };
    let delete = deleter(sync, locale, error, id);
    let has_options = move || matches!(ty.get().as_str(), "choice" | "choices");
    let is_number = move || ty.get() == "number";
    let is_formula = move || ty.get() == "formula";
    // The formula checked as it is typed: what it gives, or what is wrong, in the reader's
    // language (saving checks it again, with the same rules).
    let formula_check = move || {
        let l = locale.get();
        let source = expression.get();
        if source.trim().is_empty() {
            return None;
        }
        let key = opened
            .with_value(|o| o.as_ref().map(|f| f.key.clone()))
            .unwrap_or_else(|| format!("{}new", custom_field::PREFIX));
        let draft = CustomField::draft(
            if is_new { Uuid::nil() } else { id },
            kind,
            key,
            CustomType::Formula {
                expression: source.clone(),
                result: formula::Type::Number,
            },
        );
        Some(sync.view.with(|v| {
            formula::Formula::check_field(&draft, &source, v)
                .map(|f| {
                    l.t(Key::FormulaGives)
                        .replace("{type}", &l.type_word(f.ty.name()))
                })
                .map_err(|e| l.rule_error(&e))
        }))
    };
    let functions = formula::function_names().collect::<Vec<_>>().join(", ");
    // The reader's language first.
    let ordered = move || {
        let own = locale.get().language();
        let mut ls = labels.get_value();
        ls.sort_by_key(|(l, _)| *l != own);
        ls
    };
    let language_name = |code: &'static str| -> &'static str {
        Locale::ALL
            .iter()
            .find(|l| l.language() == code)
            .map_or(code, |l| l.name())
    };
    view! {
        <div
            class="settings-row custom-field-row"
            data-testid=if is_new { "new-custom-field" } else { "custom-field-row" }
            data-key=field.as_ref().map(|f| f.key.clone())
            data-label=field.as_ref().map(|f| f.labels.text("en").to_string())
        >
            <div class="custom-labels">
                {move || {
                    ordered()
                        .into_iter()
                        .map(|(lang, text)| {
                            let name = language_name(lang);
                            view! {
                                <input
                                    name=format!("label-{lang}")
                                    lang=lang
                                    dir="auto"
                                    placeholder=move || format!("{} · {name}", word("labels"))
                                    aria-label=move || format!("{} · {name}", word("labels"))
                                    prop:value=text
                                    on:input=move |ev| text.set(event_target_value(&ev))
                                />
                            }
                        })
                        .collect_view()
                }}
            </div>
            <label>
                <span>{move || word("ty")}</span>
                <select
                    name="type"
                    on:change=move |ev| ty.set(event_target_value(&ev))
                    prop:value=ty
                >
                    {CustomType::NAMES
                        .iter()
                        .map(|name| {
                            let name = *name;
                            view! {
                                <option value=name selected=move || ty.get() == name>
                                    {move || locale.get().label(CustomType::label_of(name))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            // A refusal the save met is said once, by the form's error line.
            {move || conversion().filter(|(refused, _)| !(*refused && error.with(Option::is_some))).map(|(refused, text)| view! {
                <p class="form-hint" class:error=refused data-testid="type-conversion" role="status">{text}</p>
            })}
            <Show when=has_options>
                <label class="custom-options">
                    <span>{move || t(Key::OnePerLine)}</span>
                    <textarea name="options" rows="4" dir="auto" prop:value=options on:input=move |ev| options.set(event_target_value(&ev))></textarea>
                </label>
                <div class="option-colours" data-testid="option-colours">
                    {move || {
                        let before: Vec<Choice> = opened.with_value(|o| {
                            o.as_ref().map(|f| f.ty.options().to_vec()).unwrap_or_default()
                        });
                        with_colours(options_of(&options.get(), &before), &colours.get())
                            .into_iter()
                            .map(|o| {
                                let key = o.label.to_lowercase();
                                let next = (o.colour + 1) % crate::domain::tag::COLOURS;
                                view! {
                                    <button
                                        type="button"
                                        class=format!("tag-chip on tag-c{}", o.colour)
                                        data-colour=o.colour
                                        dir="auto"
                                        title=move || t(Key::NextColour)
                                        on:click=move |_| colours.update(|m| {
                                            m.insert(key.clone(), next);
                                        })
                                    >
                                        {o.label}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </Show>
            <Show when=is_number>
                <label class="narrow">
                    <span>{move || t(Key::Decimals)}</span>
                    <input name="decimals" inputmode="numeric" prop:value=decimals on:input=move |ev| decimals.set(event_target_value(&ev))/>
                </label>
            </Show>
            <Show when=is_formula>
                <label class="custom-formula">
                    <span>{move || t(Key::FormulaField)}</span>
                    <textarea
                        name="formula"
                        rows="2"
                        dir="ltr"
                        spellcheck="false"
                        placeholder="x_price * x_quantity"
                        prop:value=expression
                        on:input=move |ev| expression.set(event_target_value(&ev))
                    ></textarea>
                    {move || match formula_check() {
                        Some(Ok(gives)) => view! { <small class="hint" data-testid="formula-check">{gives}</small> }.into_any(),
                        Some(Err(why)) => view! { <small class="form-error" role="alert" data-testid="formula-check">{why}</small> }.into_any(),
                        None => ().into_any(),
                    }}
                    // How to write one, under the row that adds a field (not repeated on every one).
                    <small class="hint" hidden=!is_new>{
                        let functions = functions.clone();
                        move || {
                            // A label in braces names a field: the deal's title, in the reader's words.
                            let title = format!("{{{}}}", locale.get().field_label("opportunity", "title"));
                            t(Key::FormulaHint).replace("{functions}", &functions).replace("{label}", &title)
                        }
                    }</small>
                </label>
            </Show>
            <Show when=move || !is_formula()>
                <div class="custom-default" data-testid="custom-default">
                    <span>{move || word("default")}</span>
                    {move || {
                        // The field as the form now says it: its type, options, decimals.
                        ty.track();
                        options.track();
                        decimals.track();
                        let draft =
                            CustomField::draft(id, kind, draft_key.get_value(), form_type());
                        crate::ui::custom::input_of(&draft, default, locale, sync)
                    }}
                </div>
            </Show>
            <label>
                <span>{move || word("help")}</span>
                <input name="help" dir="auto" prop:value=help on:input=move |ev| help.set(event_target_value(&ev))/>
            </label>
            <label class="narrow">
                <span>{move || word("position")}</span>
                <input
                    name="position"
                    inputmode="numeric"
                    prop:value=move || locale.get().digits(&position.get().to_string())
                    on:input=move |ev| {
                        if let Ok(p) = crate::domain::reading::western_digits(event_target_value(&ev).trim()).parse() {
                            position.set(p);
                        }
                    }
                />
            </label>
            <label class="check" style:display=move || if is_formula() { "none" } else { "" }>
                <input type="checkbox" name="required" prop:checked=required on:change=move |ev| required.set(event_target_checked(&ev))/>
                <span>{move || word("required")}</span>
            </label>
            <Show when=move || kind == "opportunity">
                <label class="check">
                    <input type="checkbox" name="on-card" prop:checked=on_card on:change=move |ev| on_card.set(event_target_checked(&ev))/>
                    <span>{move || word("on_card")}</span>
                </label>
            </Show>
            <button type="button" class="primary" data-testid="save-custom-field" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" data-testid="delete-custom-field" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_option_keeps_its_id_when_kept_moved_or_renamed_in_place() {
        let before = options_of("Hà Nội\nĐà Nẵng\nHuế", &[]);
        assert_eq!(
            before.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
            vec!["o1", "o2", "o3"]
        );
        let pairs = |options: &[Choice]| {
            options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect::<Vec<_>>()
        };
        let pair = |id: &str, label: &str| (id.to_string(), label.to_string());
        // Renamed where it stood.
        let renamed = options_of("Hanoi\nĐà Nẵng\nHuế", &before);
        assert_eq!(
            pairs(&renamed),
            vec![
                pair("o1", "Hanoi"),
                pair("o2", "Đà Nẵng"),
                pair("o3", "Huế")
            ]
        );
        // Moved, one taken away and one added: the added one is new, never the one taken away.
        let after = options_of("Huế\nTP. Hồ Chí Minh\nĐà Nẵng", &before);
        assert_eq!(
            pairs(&after),
            vec![
                pair("o3", "Huế"),
                pair("o4", "TP. Hồ Chí Minh"),
                pair("o2", "Đà Nẵng"),
            ]
        );
        assert!(options_of("\n  \n", &before).is_empty());
    }
}
