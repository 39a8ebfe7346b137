//! The opportunity form: every field of the slice, saved as one change of just the fields that
//! were edited (so two people editing different fields both keep theirs), and delete.

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::use_locale;
use crate::domain::{Currency, Mutation, Opportunity, OpportunityFields, stage};
use crate::i18n::{Key, Locale};
use crate::sync::handle::{MutateError, SyncHandle};

/// The deal the address names, in its form, over the page it was opened from.
#[component]
pub fn Editor() -> impl IntoView {
    let shown = expect_context::<super::routes::Shown>();
    let sync = expect_context::<SyncHandle>();
    // The deal the address names, once this browser holds it (after a reload, once the cache
    // is read; for a link from a colleague, once the first sync brings it).
    // One merged into another says where it went.
    let found = Memo::new(move |_| {
        shown.deal().map(|id| {
            let here = sync.view.with(|v| match v.opportunities.get(&id) {
                Some(o) if !o.deleted => Here::Live,
                Some(o) => o.merged_into.map_or(Here::Missing, Here::Merged),
                None => Here::Missing,
            });
            (id, here)
        })
    });
    move || match found.get() {
        Some((id, Here::Live)) => view! { <super::pages::DealForm id/> }.into_any(),
        Some((id, Here::Merged(into))) => view! {
            <CloseDeal overlay=true/>
            <section class="editor" data-testid="editor-merged" role="dialog" aria-modal="true">
                <header class="editor-header">
                    <h2></h2>
                    <CloseDeal overlay=false/>
                </header>
                <super::contacts::Merged id into/>
            </section>
        }
        .into_any(),
        Some((id, Here::Missing)) => view! {
            <CloseDeal overlay=true/>
            <section class="editor" data-testid="editor-missing" role="dialog" aria-modal="true">
                <header class="editor-header">
                    <h2></h2>
                    <CloseDeal overlay=false/>
                </header>
                <super::routes::Missing id/>
            </section>
        }
        .into_any(),
        None => ().into_any(),
    }
}

/// Whether the deal an address names is here to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Here {
    Live,
    /// Merged into that one.
    Merged(Uuid),
    Missing,
}

/// Closes a deal that is not there to show: the overlay around it, or its × button.
#[component]
fn CloseDeal(overlay: bool) -> impl IntoView {
    let locale = use_locale();
    let nav = expect_context::<super::routes::Nav>();
    if overlay {
        return view! { <div class="overlay" on:click=move |_| nav.close_deal()></div> }.into_any();
    }
    view! {
        <button
            type="button"
            class="close"
            data-testid="editor-close"
            aria-label=move || locale.get().t(Key::Close)
            on:click=move |_| nav.close_deal()
        >
            "×"
        </button>
    }
    .into_any()
}

/// The deal's form: with its quotations, activities and timeline, a piece of the app loaded
/// the first time a deal is opened (`pages::DealForm`).
#[component]
pub(super) fn EditForm(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    let current = move || sync.view.with(|v| v.opportunities.get(&id).cloned());
    // What the person saw when they opened the form: edits are judged against it.
    let Some(opened) = sync
        .view
        .with_untracked(|v| v.opportunities.get(&id).cloned())
    else {
        return ().into_any();
    };
    let l = locale.get_untracked();
    let title = RwSignal::new(opened.title.clone());
    let customer = RwSignal::new(opened.customer_name.clone());
    let company = RwSignal::new(opened.company_name.clone());
    let email = RwSignal::new(opened.email.clone());
    let phone = RwSignal::new(opened.phone.clone());
    let currency = RwSignal::new(opened.expected_revenue.currency);
    let revenue = RwSignal::new(l.amount_for_typing(opened.expected_revenue));
    // In the reader's digits (Persian ones in Persian); read back in any.
    let probability = RwSignal::new(
        locale
            .get_untracked()
            .digits(&opened.probability.to_string()),
    );
    // The probability left to the rules (the prediction's, or the stage's), not set by hand.
    let automatic = RwSignal::new(!opened.probability_by_hand);
    let priority = RwSignal::new(opened.priority.to_string());
    let salesperson = RwSignal::new(
        opened
            .salesperson_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
    );
    let users = move || sync.view.with(|v| v.users.clone());
    let team = RwSignal::new(opened.team_id.map(|id| id.to_string()).unwrap_or_default());
    let teams = move || {
        sync.view.with(|v| {
            v.teams
                .iter()
                .filter(|t| !t.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let description = RwSignal::new(opened.description.clone());
    let id_text = |id: Option<Uuid>| id.map(|id| id.to_string()).unwrap_or_default();
    let campaign = RwSignal::new(id_text(opened.campaign_id));
    let source = RwSignal::new(id_text(opened.source_id));
    let country = RwSignal::new(opened.country.clone());
    let province = RwSignal::new(opened.province.clone());
    let postcode = RwSignal::new(opened.postcode.clone());
    let language = RwSignal::new(opened.language.clone());
    let close = RwSignal::new(
        opened
            .expected_close
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let custom = RwSignal::new(opened.custom.clone());
    let error = RwSignal::new(None::<String>);
    // Set once the person closes the form (saved, or changes dropped): Back then just leaves.
    let closing = StoredValue::new(false);
    let close_form = move || {
        closing.set_value(true);
        nav.close_deal();
    };
    // What the form holds now, as typed.
    let typed = move || FormValues {
        title: title.get_untracked(),
        customer: customer.get_untracked(),
        company: company.get_untracked(),
        email: email.get_untracked(),
        phone: phone.get_untracked(),
        revenue: revenue.get_untracked(),
        currency: currency.get_untracked(),
        probability: probability.get_untracked(),
        automatic: automatic.get_untracked(),
        priority: priority.get_untracked(),
        close: close.get_untracked(),
        salesperson: salesperson.get_untracked(),
        team: team.get_untracked(),
        description: description.get_untracked(),
        campaign: campaign.get_untracked(),
        source: source.get_untracked(),
        country: country.get_untracked(),
        province: province.get_untracked(),
        postcode: postcode.get_untracked(),
        language: language.get_untracked(),
        custom: custom.get_untracked(),
    };
    let opened_for_check = StoredValue::new(opened.clone());
    // Something typed that is not saved: a field that differs, or text that cannot be read.
    let unsaved = move || {
        opened_for_check.with_value(|o| {
            edited_fields(o, &typed(), locale.get_untracked())
                .map_or(true, |fields| fields != OpportunityFields::default())
        })
    };
    let deleting = RwSignal::new(false);
    let guard = LeaveGuard::new(
        super::routes::Page::Deal(id).path(),
        Callback::new(move |()| !closing.get_value() && unsaved()),
        Callback::new(move |()| close_form()),
        vec![deleting],
        None,
    );
    let leave = move || guard.leave();

    let opened_for_save = opened.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let fields = match edited_fields(&opened_for_save, &typed(), l) {
            Ok(fields) => fields,
            Err(message) => return error.set(Some(message)),
        };
        if fields == OpportunityFields::default() {
            return close_form();
        }
        let change = Mutation::SetOpportunityFields {
            id,
            fields,
            base_version: opened_for_save.version,
        };
        match sync.mutate(change) {
            Ok(()) => close_form(),
            Err(e) => error.set(Some(super::explain(l, e))),
        }
    };
    let opened_title = StoredValue::new(opened.title.clone());
    let opened_title = move || opened_title.get_value();
    let undo = expect_context::<super::UndoOffer>();
    let delete = move |_| match sync.mutate(Mutation::DeleteOpportunity { id }) {
        Ok(()) => {
            let l = locale.get_untracked();
            let what = l
                .t(Key::DeletedUndo)
                .replace("{what}", &super::parts::isolated(&opened_title()));
            undo.offer(what, Mutation::RestoreOpportunity { id });
            close_form();
        }
        Err(e) => error.set(Some(super::explain(locale.get_untracked(), e))),
    };
    let finish = move |result: Result<(), MutateError>| match result {
        Ok(()) => close_form(),
        Err(e) => error.set(Some(super::explain(locale.get_untracked(), e))),
    };
    let mark_won = move |_| {
        // At the end of the won column.
        let position = sync.view.with_untracked(|v| {
            let team = v.opportunities.get(&id).and_then(|o| o.team_id);
            stage::won_stage_for(&v.stages, team)
                .map_or_else(|| "V".into(), |won| v.end_of_column(won.id, id))
        });
        finish(sync.mutate(Mutation::MarkWon { id, position }));
    };
    let losing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let mark_lost = move |_| {
        let reason_id = Uuid::parse_str(&reason.get_untracked()).ok();
        finish(sync.mutate(Mutation::MarkLost {
            id,
            reason_id,
            note: note.get_untracked(),
        }));
    };
    let reasons = move || {
        sync.view.with(|v| {
            v.lost_reasons
                .iter()
                .filter(|r| !r.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let is_won = move || {
        sync.view.with(|v| {
            v.opportunities
                .get(&id)
                .and_then(|o| v.stages.iter().find(|s| s.id == o.stage_id))
                .is_some_and(|s| s.is_won)
        })
    };
    let amount = move || current().map(|o| locale.get().money(o.expected_revenue));
    // A lead is laid out for qualifying it: no stages, no Won, no quotations; who it is about
    // and its conversion at the top. Once converted, the same page shows the opportunity.
    let is_lead = Memo::new(move |_| {
        sync.view
            .with(|v| v.opportunities.get(&id).is_some_and(|o| o.lead))
    });

    view! {
        <form class="editor deal-page" data-testid="editor" on:submit=save role="dialog" aria-modal="true">
            <header class="editor-header deal-head">
                <button type="button" class="close" data-testid="deal-back" aria-label=move || t(Key::Close) on:click=move |_| leave()>
                    "×"
                </button>
                <span class="page-kind" data-testid="page-kind">
                    {move || t(if is_lead.get() { Key::Lead } else { Key::Opportunity })}
                </span>
                <h2>{opened.title.clone()}</h2>
                <span class="deal-amount">{amount}</span>
            </header>
            {move || {
                if is_lead.get() {
                    // With the leads it may be (the same person, phone or email), each mergeable
                    // with it here.
                    let draft = Memo::new(move |_| {
                        sync.view.with(|v| {
                            v.opportunities
                                .get(&id)
                                .filter(|o| o.lead && !o.deleted)
                                .cloned()
                                .map(crate::domain::Record::Opportunity)
                        })
                    });
                    view! {
                        <div class="lead-bar">
                            <super::leads::LinkedParty id/>
                            <super::pages::DuplicatesPanel draft/>
                        </div>
                    }
                    .into_any()
                } else {
                    view! { <StageBar id/> }.into_any()
                }
            }}
            <Show when=move || current().is_none()>
                <p class="form-error" role="alert">
                    {move || locale.get().t(Key::DeletedMeanwhile).replace("{what}", &super::parts::isolated(&title.get_untracked()))}
                </p>
            </Show>
            <div class="deal-body">
                <section class="deal-details">
                    <label>
                        <span>{move || t(if is_lead.get() { Key::LeadTitle } else { Key::OpportunityTitle })}</span>
                        <input name="title" prop:value=title on:input=move |ev| title.set(event_target_value(&ev))/>
                    </label>
                    <div class="editor-row">
                        <label>
                            <span>{move || t(Key::Customer)}</span>
                            <input name="customer" prop:value=customer on:input=move |ev| customer.set(event_target_value(&ev))/>
                        </label>
                        // A lead names its company as written; it is linked when converted.
                        <Show when=move || is_lead.get()>
                            <label>
                                <span>{move || t(Key::Company)}</span>
                                <input name="company" prop:value=company on:input=move |ev| company.set(event_target_value(&ev))/>
                            </label>
                        </Show>
                    </div>
                    <div class="editor-row">
                        <label>
                            <span>{move || t(Key::Email)}</span>
                            <input name="email" type="email" prop:value=email on:input=move |ev| email.set(event_target_value(&ev))/>
                        </label>
                        <label>
                            <span>{move || t(Key::Phone)}</span>
                            <input name="phone" type="tel" prop:value=phone on:input=move |ev| phone.set(event_target_value(&ev))/>
                        </label>
                    </div>
                    <div class="editor-row">
                        <label>
                            <span>{move || t(Key::ExpectedRevenue)}</span>
                            <super::parts::AmountInput value=revenue currency=currency name="revenue"/>
                        </label>
                        <label class="narrow">
                            <span>{move || t(Key::Currency)}</span>
                            <super::parts::CurrencySelect value=currency name="currency"/>
                        </label>
                    </div>
                    <label>
                        <span>{move || t(Key::Salesperson)}</span>
                        <super::parts::RecordSelect value=salesperson choices=move || users().into_iter().map(|u| (u.id, u.name)).collect() none=Key::Nobody label=Key::Salesperson name="salesperson"/>
                    </label>
                    <label>
                        <span>{move || t(Key::Team)}</span>
                        <super::parts::RecordSelect value=team choices=move || teams().into_iter().map(|x| (x.id, x.name)).collect() none=Key::NoTeam label=Key::Team name="team"/>
                    </label>
                    <OriginSelects campaign source/>
                    <super::territories::PlaceInputs country province postcode/>
                    <super::territories::LanguageSelect value=language/>
                    <div class="editor-row">
                        <label class="narrow">
                            <span>{move || t(Key::Probability)}</span>
                            <input
                                name="probability"
                                inputmode="numeric"
                                autocomplete="off"
                                prop:value=probability
                                on:input=move |ev| {
                                    probability.set(event_target_value(&ev));
                                    automatic.set(false);
                                }
                            />
                        </label>
                        <label class="narrow">
                            <span>{move || t(Key::Priority)}</span>
                            <select name="priority" on:change=move |ev| priority.set(event_target_value(&ev))>
                                {(0..=3u8)
                                    .map(|p| {
                                        let label = if p == 0 { "—".to_string() } else { "★".repeat(p as usize) };
                                        view! { <option value=p.to_string() selected=move || priority.get() == p.to_string()>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                        <label>
                            <span>{move || t(Key::ExpectedClose)}</span>
                            <super::date_input::DateInput value=close name="close" label=Key::ExpectedClose/>
                        </label>
                    </div>
                    <super::prediction::Prediction id automatic probability/>
                    <label>
                        <span>{move || t(Key::Description)}</span>
                        <textarea name="description" rows="3" prop:value=description on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                    </label>
                    <super::custom::CustomInputs kind="opportunity" values=custom id=opened.id/>
                    <super::tags::TagPicker id/>
                    <super::lead_scoring::Standing id/>
                    <super::lead_scoring::ScoredBy id/>
                    <Show when=move || !is_lead.get()>
                        <super::leads::LinkedParty id/>
                        <super::quotations::QuotationList opportunity=id/>
                    </Show>
                </section>
                <aside class="deal-side">
                    <super::activities::ActivityPanel about=crate::domain::Subject::deal(id)/>
                    <super::timeline::Timeline about=crate::domain::Subject::deal(id)/>
                </aside>
            </div>
            <footer class="deal-foot">
                <super::parts::ErrorLine error testid="form-error"/>
                <Show when=move || losing.get()>
                    <div class="lost-form" data-testid="lost-form">
                        <label>
                            <span>{move || t(Key::LostReason)}</span>
                            <select name="reason" on:change=move |ev| reason.set(event_target_value(&ev))>
                                <option value="">{move || t(Key::NoReason)}</option>
                                {move || {
                                    reasons()
                                        .into_iter()
                                        .map(|r| view! { <option value=r.id.to_string()>{r.name}</option> })
                                        .collect_view()
                                }}
                            </select>
                        </label>
                        <label>
                            <span>{move || t(Key::Note)}</span>
                            <textarea name="note" rows="2" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        </label>
                        <button type="button" class="danger" data-testid="confirm-lost" on:click=mark_lost>
                            {move || t(Key::MarkLost)}
                        </button>
                    </div>
                </Show>
                <LeaveQuestion guard/>
                <Show when=move || deleting.get()>
                    <div class="ask" role="alertdialog" data-testid="delete-question">
                        <span>{move || t(Key::DeleteQuestion).replace("{what}", &super::parts::isolated(&opened_title()))}</span>
                        <button type="button" class="danger" data-testid="confirm-delete" on:click=delete>{move || t(Key::Delete)}</button>
                        <button type="button" on:click=move |_| deleting.set(false)>{move || t(Key::Cancel)}</button>
                    </div>
                </Show>
                <div class="editor-actions">
                    <button type="submit" class="primary">{move || t(Key::Save)}</button>
                    <Show when=move || !is_won() && !is_lead.get()>
                        <button type="button" class="won" data-testid="mark-won" on:click=mark_won>{move || t(Key::Won)}</button>
                    </Show>
                    <button type="button" data-testid="mark-lost" on:click=move |_| losing.update(|l| *l = !*l)>
                        {move || t(Key::Lost)}
                    </button>
                    <button type="button" on:click=move |_| leave()>{move || t(Key::Cancel)}</button>
                    <button type="button" class="danger" data-testid="delete" on:click=move |_| deleting.set(true)>{move || t(Key::Delete)}</button>
                </div>
            </footer>
        </form>
    }
    .into_any()
}

/// The stages of the deal's team in board order, its own marked: a click moves it to the end of
/// that stage's column, as a drag there would.
#[component]
fn StageBar(id: Uuid) -> impl IntoView {
    let sync = expect_context::<SyncHandle>();
    let locale = use_locale();
    let stages = move || {
        sync.view.with(|v| {
            let Some(deal) = v.opportunities.get(&id) else {
                return Vec::new();
            };
            stage::board_order(&v.stages)
                .into_iter()
                .filter(|s| !s.deleted && !s.is_won && s.shown_for(deal.team_id))
                .map(|s| (s.id, s.name.clone(), s.id == deal.stage_id))
                .collect::<Vec<_>>()
        })
    };
    let move_to = move |stage_id: Uuid| {
        let change = sync.view.with_untracked(|v| {
            v.opportunities
                .get(&id)
                .filter(|o| o.stage_id != stage_id)
                .map(|o| Mutation::MoveOpportunity {
                    id,
                    stage_id,
                    position: v.end_of_column(stage_id, id),
                    base_version: o.version,
                })
        });
        if let Some(change) = change {
            let _ = sync.mutate(change);
        }
    };
    view! {
        <nav class="stage-bar" data-testid="stage-bar" aria-label=move || locale.get().t(Key::Stage)>
            {move || {
                stages()
                    .into_iter()
                    .map(|(stage_id, name, here)| {
                        view! {
                            <button
                                type="button"
                                class:here=here
                                aria-current=move || here.then_some("step")
                                on:click=move |_| move_to(stage_id)
                            >
                                {name}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </nav>
    }
}

/// Where a lead came from: its campaign and source, each a select of the live ones (the value
/// is an id, or empty for none).
#[component]
pub fn OriginSelects(campaign: RwSignal<String>, source: RwSignal<String>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let select = move |key: Key, name: &'static str, value: RwSignal<String>, campaigns: bool| {
        let options = move || {
            sync.view.with(|v| {
                if campaigns {
                    v.campaigns
                        .iter()
                        .filter(|x| !x.deleted)
                        .map(|x| (x.id.to_string(), x.name.clone()))
                        .collect::<Vec<_>>()
                } else {
                    v.sources
                        .iter()
                        .filter(|x| !x.deleted)
                        .map(|x| (x.id.to_string(), x.name.clone()))
                        .collect()
                }
            })
        };
        view! {
            <label>
                <span>{move || t(key)}</span>
                <select name=name on:change=move |ev| value.set(event_target_value(&ev)) prop:value=value>
                    <option value="">{move || t(Key::NoneChoice)}</option>
                    {move || {
                        options()
                            .into_iter()
                            .map(|(id, label)| {
                                let chosen = id.clone();
                                view! { <option value=id selected=move || value.get() == chosen>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
        }
    };
    view! {
        <div class="editor-row">
            {select(Key::Campaign, "campaign", campaign, true)}
            {select(Key::Source, "source", source, false)}
        </div>
    }
}

/// What the form holds, as typed.
pub struct FormValues {
    pub title: String,
    pub customer: String,
    /// The company's name as written on a lead (a deal's company is a link).
    pub company: String,
    pub email: String,
    pub phone: String,
    pub revenue: String,
    pub currency: Currency,
    pub probability: String,
    /// The probability is left to the rules: a prediction, or the stage's (not set by hand).
    pub automatic: bool,
    pub priority: String,
    pub close: String,
    /// A user id, or empty for nobody.
    pub salesperson: String,
    /// A team id, or empty for none.
    pub team: String,
    pub description: String,
    /// A campaign id, or empty for none.
    pub campaign: String,
    /// A source id, or empty for none.
    pub source: String,
    /// Where it is: a country code, a province code, a postcode (empty: not known).
    pub country: String,
    pub province: String,
    pub postcode: String,
    /// A language's code, or empty for none.
    pub language: String,
    /// The custom values, as the inputs hold them.
    pub custom: crate::domain::CustomValues,
}

/// The fields that differ from what was opened, read from what was typed by a person of
/// locale `l`; the message, in their language, when something cannot be read. The rules
/// themselves are checked by `apply`.
pub fn edited_fields(
    opened: &Opportunity,
    form: &FormValues,
    l: Locale,
) -> Result<OpportunityFields, String> {
    let changed = |typed: &str, was: &str| (typed.trim() != was).then(|| typed.to_string());
    let revenue = l
        .read_amount(&form.revenue, form.currency)
        .map_err(|e| l.amount_error(e, form.currency))?;
    let refused = |key| l.t(key).to_string();
    let probability = l
        .read_percent(&form.probability)
        .ok_or_else(|| refused(Key::InvalidProbability))?;
    let priority: u8 = form
        .priority
        .trim()
        .parse()
        .map_err(|_| refused(Key::InvalidProbability))?;
    let salesperson = Uuid::parse_str(form.salesperson.trim()).ok();
    let team = Uuid::parse_str(form.team.trim()).ok();
    let campaign = Uuid::parse_str(form.campaign.trim()).ok();
    let source = Uuid::parse_str(form.source.trim()).ok();
    let close = match form.close.trim() {
        "" => None,
        text => Some(
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| refused(Key::InvalidDate))?,
        ),
    };
    Ok(OpportunityFields {
        title: changed(&form.title, &opened.title),
        customer_name: changed(&form.customer, &opened.customer_name),
        company_name: changed(&form.company, &opened.company_name),
        email: changed(&form.email, &opened.email),
        phone: changed(&form.phone, &opened.phone),
        expected_revenue: (revenue != opened.expected_revenue).then_some(revenue),
        probability: (!form.automatic && probability != opened.probability).then_some(probability),
        probability_by_hand: (form.automatic && opened.probability_by_hand).then_some(false),
        priority: (priority != opened.priority).then_some(priority),
        salesperson_id: (salesperson != opened.salesperson_id).then_some(salesperson),
        expected_close: (close != opened.expected_close).then_some(close),
        team_id: (team != opened.team_id).then_some(team),
        description: changed(&form.description, &opened.description),
        campaign_id: (campaign != opened.campaign_id).then_some(campaign),
        source_id: (source != opened.source_id).then_some(source),
        country: changed(&form.country, &opened.country),
        province: changed(&form.province, &opened.province),
        postcode: changed(&form.postcode, &opened.postcode),
        language: changed(&form.language, &opened.language),
        custom: super::custom::changed(&opened.custom, &form.custom),
        ..OpportunityFields::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Money;

    fn opened() -> Opportunity {
        Opportunity {
            customer_name: "Vinamilk".into(),
            expected_revenue: Money::new(5_000_000, Currency::VND),
            probability: 30,
            priority: 1,
            version: 7,
            ..Opportunity::sample(Uuid::now_v7(), "Máy chủ")
        }
    }

    fn as_opened(o: &Opportunity) -> FormValues {
        FormValues {
            title: o.title.clone(),
            customer: o.customer_name.clone(),
            company: o.company_name.clone(),
            email: o.email.clone(),
            phone: o.phone.clone(),
            revenue: "5.000.000".into(),
            currency: Currency::VND,
            probability: "30".into(),
            automatic: false,
            priority: "1".into(),
            close: String::new(),
            salesperson: String::new(),
            team: String::new(),
            description: String::new(),
            campaign: String::new(),
            source: String::new(),
            country: String::new(),
            province: String::new(),
            postcode: String::new(),
            language: String::new(),
            custom: o.custom.clone(),
        }
    }

    #[test]
    fn saving_an_untouched_form_changes_nothing() {
        let o = opened();
        assert_eq!(
            edited_fields(&o, &as_opened(&o), Locale::Vi),
            Ok(OpportunityFields::default())
        );
    }

    #[test]
    fn only_the_edited_fields_are_sent() {
        let o = opened();
        let mut form = as_opened(&o);
        form.customer = "Vinamilk JSC".into();
        form.company = "Công ty Sữa Việt Nam".into();
        form.close = "2027-01-15".into();
        let fields = edited_fields(&o, &form, Locale::Vi).unwrap();
        assert_eq!(fields.customer_name.as_deref(), Some("Vinamilk JSC"));
        assert_eq!(fields.company_name.as_deref(), Some("Công ty Sữa Việt Nam"));
        assert_eq!(
            fields.expected_close,
            Some(NaiveDate::from_ymd_opt(2027, 1, 15))
        );
        assert_eq!(
            (fields.title, fields.expected_revenue, fields.priority),
            (None, None, None)
        );
    }

    #[test]
    fn unreadable_numbers_and_dates_are_refused_with_their_message() {
        let o = opened();
        let bad = |edit: fn(&mut FormValues)| {
            let mut form = as_opened(&o);
            edit(&mut form);
            edited_fields(&o, &form, Locale::Vi)
        };
        let vi = |key| Err(Locale::Vi.t(key).to_string());
        assert_eq!(bad(|f| f.revenue = "lots".into()), vi(Key::InvalidAmount));
        assert_eq!(
            bad(|f| f.probability = "high".into()),
            vi(Key::InvalidProbability)
        );
        assert_eq!(bad(|f| f.close = "next week".into()), vi(Key::InvalidDate));
        // "1.5" in Vietnamese could be one and a half or fifteen hundred: asked, not guessed.
        assert_eq!(
            bad(|f| f.revenue = "1.5".into()),
            Err(Locale::Vi.amount_error(crate::domain::AmountError::Ambiguous('.'), Currency::VND))
        );
        assert_eq!(
            bad(|f| f.probability = "101".into()),
            vi(Key::InvalidProbability)
        );
        // Persian digits and percent sign, as a Persian reader types them.
        let mut form = as_opened(&o);
        form.probability = "۴۵٪".into();
        form.revenue = "۵٬۰۰۰٬۰۰۰".into();
        assert_eq!(
            edited_fields(&o, &form, Locale::Fa).unwrap().probability,
            Some(45)
        );
        let mut form = as_opened(&o);
        form.revenue = "1,5 tỷ".into();
        assert_eq!(
            edited_fields(&o, &form, Locale::Vi)
                .unwrap()
                .expected_revenue,
            Some(Money::new(1_500_000_000, Currency::VND))
        );
    }
}

/// Leaving a form with unsaved changes asks first, whichever way the person leaves: its close
/// button (`leave`), Escape, the browser's Back, closing the tab or reloading. Escape first
/// closes an open question (`asking`, or one of the form's own such as "delete?").
#[derive(Clone, Copy)]
pub struct LeaveGuard {
    /// The question "leave without saving?" is shown.
    pub asking: RwSignal<bool>,
    unsaved: Callback<(), bool>,
    close: Callback<()>,
}

impl LeaveGuard {
    /// Guards the form at `address` until it is dropped: `unsaved` says whether leaving now
    /// would lose something, `close` leaves; `questions` are the form's other open questions,
    /// which Escape closes first; Escape is left alone while `elsewhere` says it is another's
    /// (a form opened over this one).
    pub fn new(
        address: String,
        unsaved: Callback<(), bool>,
        close: Callback<()>,
        questions: Vec<RwSignal<bool>>,
        elsewhere: Option<Callback<(), bool>>,
    ) -> LeaveGuard {
        let guard = LeaveGuard {
            asking: RwSignal::new(false),
            unsaved,
            close,
        };
        let escape = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() != "Escape"
                || ev.default_prevented()
                || elsewhere.is_some_and(|e| e.run(()))
            {
                return;
            }
            let open = questions.iter().filter(|q| q.get_untracked()).count();
            if guard.asking.get_untracked() || open > 0 {
                guard.asking.set(false);
                questions.iter().for_each(|q| q.set(false));
            } else {
                guard.leave();
            }
        });
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if unsaved.run(()) {
                ev.prevent_default();
            }
        });
        // Back with unsaved changes puts the form's address back first, then asks.
        #[cfg(feature = "hydrate")]
        let held = back_guard::hold(address, move || {
            let ask = unsaved.run(());
            if ask {
                guard.asking.set(true);
            }
            ask
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = address;
        on_cleanup(move || {
            escape.remove();
            unload.remove();
            #[cfg(feature = "hydrate")]
            back_guard::release(held);
        });
        guard
    }

    /// Leaves, or asks first when something is unsaved.
    pub fn leave(self) {
        if self.unsaved.run(()) {
            self.asking.set(true);
        } else {
            self.close.run(());
        }
    }
}

/// "Leave without saving?", while the guard asks it.
#[component]
pub fn LeaveQuestion(guard: LeaveGuard) -> impl IntoView {
    let locale = use_locale();
    let t = move |key| locale.get().t(key);
    view! {
        <Show when=move || guard.asking.get()>
            <div class="ask" role="alertdialog" data-testid="unsaved-question">
                <span>{move || t(Key::UnsavedQuestion)}</span>
                <button type="button" class="danger" data-testid="discard" on:click=move |_| guard.close.run(())>{move || t(Key::Discard)}</button>
                <button type="button" class="primary" data-testid="keep-editing" on:click=move |_| guard.asking.set(false)>{move || t(Key::KeepEditing)}</button>
            </div>
        </Show>
    }
}

/// The browser's Back while a form holds unsaved changes: one listener for the whole app, put
/// before the router's (`install`), asks the open form; when the form asks its person, the step
/// back is undone (its address put back) and the router never sees it.
#[cfg(feature = "hydrate")]
pub mod back_guard {
    use std::cell::RefCell;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    struct Guard {
        /// Which hold it is: a form drawn anew holds before the one it replaces lets go.
        number: u64,
        /// The address the form is at.
        address: String,
        /// Whether it keeps the person there (then it has asked them).
        asks: Box<dyn Fn() -> bool>,
    }

    thread_local! {
        /// The forms that hold, the last opened last: it is the one asked.
        static GUARDS: RefCell<Vec<Guard>> = const { RefCell::new(Vec::new()) };
        static HOLDS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// Guards `address` (the form's) with `asks` until `release` of the number returned.
    pub fn hold(address: String, asks: impl Fn() -> bool + 'static) -> u64 {
        let number = HOLDS.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        GUARDS.with(|g| {
            g.borrow_mut().push(Guard {
                number,
                address,
                asks: Box::new(asks),
            })
        });
        number
    }

    /// Ends hold `number`.
    pub fn release(number: u64) {
        GUARDS.with(|g| g.borrow_mut().retain(|guard| guard.number != number));
    }

    /// Listens for the browser's Back; called before the router is made, so that this runs
    /// before the router's own listener and can keep it from seeing the step.
    pub fn install() {
        thread_local! {
            static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        if INSTALLED.with(|i| i.replace(true)) {
            return;
        }
        let on_pop = Closure::<dyn FnMut(web_sys::Event)>::new(|ev: web_sys::Event| {
            let kept = GUARDS.with(|g| {
                g.borrow()
                    .last()
                    .and_then(|guard| (guard.asks)().then(|| guard.address.clone()))
            });
            if let Some(address) = kept {
                ev.stop_immediate_propagation();
                if let Ok(history) = leptos::prelude::window().history() {
                    let _ = history.push_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some(&address),
                    );
                }
            }
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        let _ = leptos::prelude::window()
            .add_event_listener_with_callback_and_add_event_listener_options(
                "popstate",
                on_pop.as_ref().unchecked_ref(),
                &options,
            );
        // One listener for the app's life.
        on_pop.forget();
    }
}
