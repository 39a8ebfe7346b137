//! Leads: the list of unqualified leads, creating one, and converting one into an opportunity
//! about a contact and a company, offering the ones already known (same email, phone or name)
//! before creating new ones.

use leptos::prelude::*;
use uuid::Uuid;

use super::contacts::order::{self, Listed, Order};
use super::{CurrentTeam, explain, use_locale};
use crate::domain::contact::{MatchedOn, matching_companies, matching_contacts};
use crate::domain::origin;
use crate::domain::{Company, Contact, Link, Money, Mutation, NewOpportunity, Opportunity, stage};
use crate::export::{Cell, Sheet};
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;

fn matched_key(m: MatchedOn) -> Key {
    match m {
        MatchedOn::Email => Key::MatchedOnEmail,
        MatchedOn::Phone => Key::MatchedOnPhone,
        MatchedOn::Name => Key::MatchedOnName,
    }
}

/// The leads of `team` (`None`: every team's) the conditions keep, in `order` (newest first
/// unless it says otherwise): their ids (a long list is not copied at each change).
fn kept(
    v: &crate::sync::view::Snapshot,
    team: Option<Uuid>,
    (conditions, order): (&crate::domain::filter::Filter, &Order),
    today: chrono::NaiveDate,
    reading: (crate::i18n::Locale, crate::i18n::Calendar),
) -> Vec<Uuid> {
    let cx = super::views::context(&v.store, v.user_id, today, reading);
    let keeper = crate::domain::filter::Keeper::new(conditions, "opportunity", &cx);
    let leads: Vec<&Opportunity> = v
        .opportunities
        .values()
        .filter(|o| o.lead && !o.lost && !o.deleted)
        .filter(|o| team.is_none() || o.team_id == team)
        .filter(|o| keeper.is_empty() || keeper.keeps(*o))
        .collect();
    order::ordered(&v.store, leads, order, (today, reading.1))
}

/// The lead's own fields its row may hide.
const HIDEABLE: &[&str] = &["customer_name", "company_name", "email", "phone"];

/// The list's values in its address that a saved view keeps: sort, grouping.
const PARAMS: &[&str] = &["sort", "group"];

#[component]
pub fn Leads() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let team = expect_context::<CurrentTeam>().0;
    let nav = expect_context::<super::routes::Nav>();
    let t = move |key| locale.get().t(key);
    // The leads of the team, newest first: their ids (a long list is not copied at each
    // change); a page of them is shown, the file has them all.
    // Only those the filter builder's conditions keep (`f` in the address, a saved view's).
    let conditions = Memo::new(move |_| super::views::filter_in(nav));
    let today = super::use_today();
    let reading = super::views::use_reading();
    // Sorted and grouped as the address says (a saved view's too), newest first otherwise.
    let order = Memo::new(move |_| Order::read(nav.query("sort"), nav.query("group")));
    let lead_ids = Memo::new(move |_| {
        let (team, c, today, reading) = (team.get(), conditions.get(), today.get(), reading());
        order.with(|order| {
            sync.view
                .with(|v| kept(v, team, (&c, order), today, reading))
        })
    });
    let count_of = Callback::new(move |view: crate::domain::SavedView| {
        let (team, today, reading) = (
            team.get_untracked(),
            today.get_untracked(),
            untrack(reading),
        );
        sync.view.with_untracked(|v| {
            kept(v, team, (&view.filter, &Order::default()), today, reading).len()
        })
    });
    let of_ids = move |ids: &[Uuid]| {
        sync.view.with(|v| {
            ids.iter()
                .filter_map(|id| v.opportunities.get(id).cloned())
                .collect::<Vec<Opportunity>>()
        })
    };
    let page = RwSignal::new(0usize);
    let count = Signal::derive(move || lead_ids.with(Vec::len));
    // Each lead of the page, with the heading its group opens there when the list is grouped.
    let leads = move || {
        let group = order.with(|o| o.group.clone());
        let (today, reading) = (today.get(), reading());
        let rows = lead_ids.with(|ids| of_ids(super::parts::on_page(ids, page.get())));
        let mut last = None;
        sync.view.with(|v| {
            rows.into_iter()
                .map(|o| {
                    let label = order::group_of(&v.store, &o, &group, reading, today);
                    let heading = label.clone().filter(|_| label != last);
                    last = label;
                    (o, heading)
                })
                .collect::<Vec<_>>()
        })
    };
    // The columns the address shows (`cols`, a saved view's): the title always.
    let cols = Memo::new(move |_| super::list::shown_columns(nav.query("cols")));
    let on = move |code: &str| cols.with(|c| super::list::is_shown(c, code));
    // A lead's custom values as its row shows them (formulas computed).
    let row_custom = move |id: Uuid| {
        let (today, reading) = (today.get(), reading());
        sync.view.with(|v| {
            v.opportunities
                .get(&id)
                .map(|o| {
                    super::contacts::custom_cells(v, "opportunity", o, &o.custom, today, reading)
                })
                .unwrap_or_default()
        })
    };
    let converting = RwSignal::new(None::<Uuid>);
    let formats = super::export::Formats::here();
    let choice = expect_context::<super::CalendarChoice>();
    let sheet = Callback::new(move |_| {
        let l = formats.locale();
        let calendar = untrack(|| choice.for_locale(l));
        let col = |field| l.field_label("opportunity", field);
        // The custom fields: a column each, after the others (formulas computed).
        let (fields, formulas) = sync.view.with_untracked(|v| {
            (
                crate::domain::custom_field::of_kind(v, "opportunity")
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>(),
                crate::domain::formula::Formulas::of(v, "opportunity"),
            )
        });
        let today = today.get_untracked();
        let custom_cells = |o: &Opportunity| {
            sync.view.with_untracked(|v| {
                let cx = crate::domain::formula::Context { store: v, today };
                let values = formulas.lay_over_record(o, &o.custom, &cx);
                fields
                    .iter()
                    .map(|f| super::custom::cell(formats, (l, calendar), f, values.get(&f.key), v))
                    .collect::<Vec<_>>()
            })
        };
        Sheet {
            name: l.t(Key::Leads).to_string(),
            header: [
                "title",
                "customer_name",
                "company_name",
                "email",
                "phone",
                "expected_revenue",
            ]
            .map(col)
            .into_iter()
            .chain([l.t(Key::Currency).to_string(), col("created_on")])
            .chain(fields.iter().map(|f| l.custom_label(f)))
            .collect(),
            rows: lead_ids
                .with_untracked(|ids| of_ids(ids))
                .iter()
                .map(|o| {
                    vec![
                        Cell::text(o.title.clone()),
                        Cell::text(o.customer_name.clone()),
                        Cell::text(o.company_name.clone()),
                        Cell::text(o.email.clone()),
                        Cell::text(o.phone.clone()),
                        formats.money(o.expected_revenue),
                        Cell::text(o.expected_revenue.currency.code()),
                        formats.date(o.created_on),
                    ]
                    .into_iter()
                    .chain(custom_cells(o))
                    .collect()
                })
                .collect(),
        }
    });
    view! {
        <section class="page leads" data-testid="leads">
            <header class="page-header">
                <h2>{move || t(Key::Leads)}</h2>
                <super::parts::PageTools>
                    <super::export::Export name="leads" sheet/>
                    <super::import::ImportLink kind="lead"/>
                    <button type="button" class="import-link" data-testid="duplicates-link" on:click=move |_| {
                        nav.go_with(&super::routes::Page::Duplicates, "?kind=lead");
                    }>
                        {move || t(Key::Duplicates)}
                    </button>
                </super::parts::PageTools>
            </header>
            <super::views::ViewBar page="leads" params=PARAMS count_of/>
            <super::contacts::OrderTools
                kind="opportunity"
                own=Opportunity::OWN
                groups=Opportunity::GROUPS
                hideable=HIDEABLE
                newest_first=true
                order
                cols
            />
            <super::lead_scoring::ScoreLikeThese conditions/>
            <super::lead_scoring::GiveLikeThese conditions/>
            <NewLead/>
            <Show when=move || count.get() == 0>
                <p class="empty">{move || t(Key::NoLeads)}</p>
            </Show>
            <ul class="rows">
                <For each=leads key=|(o, heading)| (o.id, o.version, heading.clone()) let:row>
                    {
                        let (lead, heading) = row;
                        let id = lead.id;
                        view! {
                            {heading.map(|h| view! { <li class="group-heading" data-testid="group-heading" dir="auto">{h}</li> })}
                            <li class="row lead" data-testid="lead">
                                <div class="row-main">
                                    <strong class="row-title" dir="auto">{lead.title.clone()}</strong>
                                    <span hidden=move || !on("customer_name")>{lead.customer_name.clone()}</span>
                                    <span hidden=move || !on("company_name")>{lead.company_name.clone()}</span>
                                    <span class="muted" hidden=move || !on("email")>{lead.email.clone()}</span>
                                    <span class="muted" dir="ltr" hidden=move || !on("phone")>{lead.phone.clone()}</span>
                                    {move || super::contacts::custom_spans(row_custom(id), on)}
                                    <super::activities::Badge opportunity=id/>
                                </div>
                                <super::lead_scoring::Standing id/>
                                <div class="row-actions">
                                    <button type="button" on:click=move |_| nav.open_deal(id)>{move || t(Key::Open)}</button>
                                    <button
                                        type="button"
                                        class="primary"
                                        data-testid="convert"
                                        on:click=move |_| converting.update(|c| *c = if *c == Some(id) { None } else { Some(id) })
                                    >
                                        {move || t(Key::Convert)}
                                    </button>
                                </div>
                                <Show when=move || converting.get() == Some(id)>
                                    <ConvertPanel id done=Callback::new(move |_| converting.set(None))/>
                                </Show>
                            </li>
                        }
                    }
                </For>
            </ul>
            <super::parts::Pager page count/>
        </section>
    }
}

#[component]
fn NewLead() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let team = expect_context::<CurrentTeam>().0;
    let t = move |key| locale.get().t(key);
    let title = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    // Where leads come from is remembered from one lead to the next (they come in batches).
    let campaign = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    // So is where they are (a campaign's leads come from one region).
    let country = RwSignal::new(String::new());
    let province = RwSignal::new(String::new());
    let postcode = RwSignal::new(String::new());
    // And the language they speak.
    let language = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // The custom fields a new lead cannot do without (required, no default).
    let custom = RwSignal::new(crate::domain::CustomValues::default());
    // What is typed, as the lead it would be: compared with the other leads while typed.
    let draft = Signal::derive(move || {
        let (c, co, e, p) = (contact.get(), company.get(), email.get(), phone.get());
        if [&c, &co, &e, &p].iter().all(|s| s.trim().is_empty()) {
            return None;
        }
        let mut lead = Opportunity::draft_lead(title.get());
        lead.customer_name = c;
        lead.company_name = co;
        lead.email = e;
        lead.phone = p;
        Some(crate::domain::Record::Opportunity(lead))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = locale.get_untracked();
        let team = team.get_untracked();
        // A lead waits in the first stage of its team's board, where it lands once converted.
        let placed = sync.view.with_untracked(|v| {
            stage::board_order(&v.stages)
                .into_iter()
                .find(|s| s.shown_for(team) && !s.is_won)
                .map(|s| (s.id, v.end_of_column(s.id, Uuid::nil())))
        });
        let Some((stage_id, position)) = placed else {
            return error.set(Some(
                l.rule_error(&crate::domain::RuleError::UnknownStage(Uuid::nil())),
            ));
        };
        let new = NewOpportunity {
            country: country.get_untracked(),
            province: province.get_untracked(),
            postcode: postcode.get_untracked(),
            language: language.get_untracked(),
            custom: custom.get_untracked(),
            id: Uuid::now_v7(),
            title: title.get_untracked(),
            customer_name: contact.get_untracked(),
            company_name: company.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            expected_revenue: Money::new(0, sync.view.with_untracked(|v| v.currency().currency)),
            priority: 0,
            stage_id,
            position,
            salesperson_id: sync.view.with_untracked(|v| v.user_id),
            expected_close: None,
            team_id: team,
            tag_ids: Vec::new(),
            contact_id: None,
            company_id: None,
            lead: true,
            description: String::new(),
            // The remembered ones, if nobody deleted them meanwhile.
            campaign_id: Uuid::parse_str(&campaign.get_untracked())
                .ok()
                .filter(|id| {
                    sync.view
                        .with_untracked(|v| origin::find(&v.campaigns, *id).is_some())
                }),
            source_id: Uuid::parse_str(&source.get_untracked()).ok().filter(|id| {
                sync.view
                    .with_untracked(|v| origin::find(&v.sources, *id).is_some())
            }),
        };
        match sync.mutate(Mutation::CreateOpportunity(new)) {
            Ok(()) => {
                for field in [title, contact, company, email, phone] {
                    field.set(String::new());
                }
                custom.set(Default::default());
                error.set(None);
            }
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    let field =
        move |signal: RwSignal<String>, key: Key, name: &'static str, kind: &'static str| {
            view! {
                <input
                    name=name
                    type=kind
                    placeholder=move || t(key)
                    aria-label=move || t(key)
                    prop:value=signal
                    on:input=move |ev| signal.set(event_target_value(&ev))
                />
            }
        };
    view! {
        <super::parts::NewRecordBox label=Key::NewLead testid="open-new-lead">
        <form class="new-record" data-testid="new-lead" on:submit=submit>
            {field(title, Key::LeadTitle, "title", "text")}
            {field(contact, Key::Contact, "contact", "text")}
            {field(company, Key::Company, "company", "text")}
            {field(email, Key::Email, "email", "email")}
            {field(phone, Key::Phone, "phone", "tel")}
            <super::editor::OriginSelects campaign source/>
            <super::territories::PlaceInputs country province postcode/>
            <super::territories::LanguageSelect value=language/>
            <super::custom::CustomInputs kind="opportunity" values=custom only_required=true/>
            <button type="submit" class="primary">{move || t(Key::NewLead)}</button>
            <super::parts::ErrorLine error testid="form-error"/>
            <super::pages::DuplicatesPanel draft/>
        </form>
        </super::parts::NewRecordBox>
    }
}

/// The contact and company a lead will be about: a known match, a new one, or none.
#[component]
fn ConvertPanel(id: Uuid, done: Callback<()>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let Some(lead) = sync
        .view
        .with_untracked(|v| v.opportunities.get(&id).cloned())
    else {
        return ().into_any();
    };
    let (contacts, companies) = sync.view.with_untracked(|v| {
        let contacts: Vec<(Contact, MatchedOn)> = matching_contacts(
            v.contacts.values(),
            &lead.email,
            &lead.phone,
            &lead.customer_name,
        )
        .into_iter()
        .map(|(c, m)| (c.clone(), m))
        .collect();
        let companies: Vec<(Company, MatchedOn)> =
            matching_companies(v.companies.values(), "", "", &lead.company_name)
                .into_iter()
                .map(|(c, m)| (c.clone(), m))
                .collect();
        (contacts, companies)
    });
    // "new", "none", or the id of a match; the best match is proposed.
    let first_choice = |matches: Option<Uuid>, typed: &str| match matches {
        Some(id) => id.to_string(),
        None if typed.trim().is_empty() => "none".to_string(),
        None => "new".to_string(),
    };
    let contact_choice = RwSignal::new(first_choice(
        contacts.first().map(|c| c.0.id),
        &lead.customer_name,
    ));
    let company_choice = RwSignal::new(first_choice(
        companies.first().map(|c| c.0.id),
        &lead.company_name,
    ));
    let error = RwSignal::new(None::<String>);
    let lead_for_convert = lead.clone();
    let convert = move |_| {
        let l = locale.get_untracked();
        let lead = &lead_for_convert;
        let company = match company_choice.get_untracked().as_str() {
            "none" => Link::Nobody,
            "new" => Link::New(Company {
                custom: Default::default(),
                id: Uuid::now_v7(),
                name: lead.company_name.clone(),
                email: String::new(),
                phone: String::new(),
                address: String::new(),
                version: 0,
                deleted: false,
                merged_into: None,
            }),
            other => Uuid::parse_str(other).map_or(Link::Nobody, |id| Link::Existing { id }),
        };
        let contact = match contact_choice.get_untracked().as_str() {
            "none" => Link::Nobody,
            "new" => Link::New(Contact {
                custom: Default::default(),
                id: Uuid::now_v7(),
                name: lead.customer_name.clone(),
                company_id: None,
                job_title: String::new(),
                email: lead.email.clone(),
                phone: lead.phone.clone(),
                version: 0,
                deleted: false,
                merged_into: None,
            }),
            other => Uuid::parse_str(other).map_or(Link::Nobody, |id| Link::Existing { id }),
        };
        match sync.mutate(Mutation::ConvertLead {
            id,
            contact,
            company,
        }) {
            Ok(()) => done.run(()),
            Err(e) => error.set(Some(explain(l, e))),
        }
    };
    let choice =
        move |signal: RwSignal<String>, value: String, label: String, group: &'static str| {
            let chosen = value.clone();
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=group
                        value=value.clone()
                        prop:checked=move || signal.get() == chosen
                        on:change=move |_| signal.set(value.clone())
                    />
                    <span>{label}</span>
                </label>
            }
        };
    let contact_name = lead.customer_name.clone();
    let company_name = lead.company_name.clone();
    view! {
        <div class="convert" data-testid="convert-panel">
            <fieldset data-testid="contact-choices">
                <legend>{move || t(Key::Contact)}</legend>
                {contacts
                    .into_iter()
                    .map(|(c, m)| {
                        let label = format!("{} {} — {}", c.name, c.email, locale.get_untracked().t(matched_key(m)));
                        choice(contact_choice, c.id.to_string(), label, "contact")
                    })
                    .collect_view()}
                {(!contact_name.trim().is_empty()).then(|| {
                    let label = format!("{}: {}", locale.get_untracked().t(Key::CreateNew), contact_name);
                    choice(contact_choice, "new".into(), label, "contact")
                })}
                {choice(contact_choice, "none".into(), locale.get_untracked().t(Key::NoneChoice).into(), "contact")}
            </fieldset>
            <fieldset data-testid="company-choices">
                <legend>{move || t(Key::Company)}</legend>
                {companies
                    .into_iter()
                    .map(|(c, m)| {
                        let label = format!("{} — {}", c.name, locale.get_untracked().t(matched_key(m)));
                        choice(company_choice, c.id.to_string(), label, "company")
                    })
                    .collect_view()}
                {(!company_name.trim().is_empty()).then(|| {
                    let label = format!("{}: {}", locale.get_untracked().t(Key::CreateNew), company_name);
                    choice(company_choice, "new".into(), label, "company")
                })}
                {choice(company_choice, "none".into(), locale.get_untracked().t(Key::NoneChoice).into(), "company")}
            </fieldset>
            <button type="button" class="primary" data-testid="confirm-convert" on:click=convert>
                {move || t(Key::Convert)}
            </button>
            <super::parts::ErrorLine error/>
        </div>
    }
    .into_any()
}

/// In the form: who the deal is with (contact and company), and the conversion of a lead.
#[component]
pub fn LinkedParty(id: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    // Only a change of who the deal is with redraws this; the conversion panel below keeps
    // the choices being made while other things sync.
    let party = Memo::new(move |_| {
        sync.view.with(|v| {
            v.opportunities.get(&id).map(|o| {
                (
                    o.lead,
                    o.contact_id
                        .and_then(|c| v.contacts.get(&c).map(|c| c.name.clone())),
                    o.company_id
                        .and_then(|c| v.companies.get(&c).map(|c| c.name.clone())),
                )
            })
        })
    });
    let is_lead = Memo::new(move |_| party.with(|p| p.as_ref().is_some_and(|p| p.0)));
    let converting = RwSignal::new(false);
    view! {
        <div class="linked-party" data-testid="linked-party">
            {move || {
                party
                    .get()
                    .map(|(_, contact, company)| {
                        view! {
                            {contact.map(|c| view! { <span><span class="muted">{move || t(Key::Contact)}": "</span>{c}</span> })}
                            {company.map(|c| view! { <span><span class="muted">{move || t(Key::Company)}": "</span>{c}</span> })}
                        }
                    })
            }}
            <Show when=move || is_lead.get()>
                <button type="button" class="primary" data-testid="convert" on:click=move |_| converting.update(|c| *c = !*c)>
                    {move || t(Key::Convert)}
                </button>
            </Show>
            <Show when=move || is_lead.get() && converting.get()>
                <ConvertPanel id done=Callback::new(move |_| converting.set(false))/>
            </Show>
        </div>
    }
}
