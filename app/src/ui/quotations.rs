//! Quotations in the opportunity form: the list of its quotations, the editor of one (lines from
//! the product list, totals computed by the shared domain code as they are typed, send, accept,
//! decline), and the printable document the browser saves as a PDF.

use leptos::prelude::*;
use uuid::Uuid;

use super::{explain, use_locale};
use crate::domain::quotation::{Fixed, Quotation, QuotationLine, QuotationState, Totals};
use crate::domain::{Currency, Money, Mutation, stage};
use crate::i18n::{Key, Locale};
use crate::sync::handle::SyncHandle;

/// The quotation being printed, if any.
#[derive(Clone, Copy)]
pub struct Printing(pub RwSignal<Option<Uuid>>);

fn state_key(s: QuotationState) -> Key {
    match s {
        QuotationState::Draft => Key::Draft,
        QuotationState::Sent => Key::Sent,
        QuotationState::Accepted => Key::Accepted,
        QuotationState::Declined => Key::Declined,
    }
}

/// A line as typed in the editor, in the reader's digits and marks.
#[derive(Debug, Clone, PartialEq)]
struct LineForm {
    product: String,
    description: String,
    quantity: String,
    /// Its own signal, for the amount field that groups it as it is typed.
    price: RwSignal<String>,
    discount: String,
    tax: String,
}

impl LineForm {
    fn of(line: &QuotationLine, currency: Currency, l: Locale) -> LineForm {
        LineForm {
            product: line.product_id.map(|p| p.to_string()).unwrap_or_default(),
            description: line.description.clone(),
            quantity: l.decimal(line.quantity.as_f64(), 3),
            price: RwSignal::new(l.amount_for_typing(Money::new(line.unit_price, currency))),
            discount: l.decimal(line.discount_percent.as_f64(), 2),
            tax: l.decimal(line.tax_percent.as_f64(), 2),
        }
    }

    /// A new line: one of nothing yet.
    fn blank(l: Locale) -> LineForm {
        LineForm {
            product: String::new(),
            description: String::new(),
            quantity: l.count(1),
            // Empty, read as nothing yet: typed into at once, with no zero to clear first.
            price: RwSignal::new(String::new()),
            discount: l.digits("0"),
            tax: l.digits("0"),
        }
    }

    /// The line, or why it cannot be read, in the language of `l`.
    fn read(&self, currency: Currency, l: Locale) -> Result<QuotationLine, String> {
        // "2,5" hours in Vietnamese, "12.5" percent in English: read strictly, named when not.
        let named = |key: Key, e| format!("{}: {}", l.t(key).to_lowercase(), l.number_error(e));
        let quantity = l
            .read_fixed(&self.quantity, 3)
            .map_err(|e| named(Key::Quantity, e))?;
        let percent = |text: &str, key| l.read_rate(text).map(Fixed).map_err(|e| named(key, e));
        Ok(QuotationLine {
            product_id: Uuid::parse_str(&self.product).ok(),
            description: self.description.clone(),
            quantity: Fixed(quantity),
            unit_price: l
                .read_amount(&self.price.get(), currency)
                .map_err(|e| l.amount_error(e, currency))?
                .minor,
            discount_percent: percent(&self.discount, Key::Discount)?,
            tax_percent: percent(&self.tax, Key::Tax)?,
        })
    }
}

/// The quotations of an opportunity, and the one being edited.
#[component]
pub fn QuotationList(opportunity: Uuid) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let open = RwSignal::new(None::<Uuid>);
    // A new quotation, not saved until the person saves it (or sends, accepts or prints it):
    // one opened and left is not kept as an empty draft.
    let fresh = RwSignal::new(None::<Quotation>);
    let quotations = move || {
        sync.view.with(|v| {
            let mut all: Vec<Quotation> = v
                .quotations
                .values()
                .filter(|q| q.opportunity_id == opportunity && !q.deleted)
                .cloned()
                .collect();
            all.sort_by_key(|q| q.id);
            all
        })
    };
    let create = move |_| {
        let Some(q) = sync.view.with_untracked(|v| {
            v.opportunities.get(&opportunity).map(|o| Quotation {
                id: Uuid::now_v7(),
                opportunity_id: opportunity,
                customer_name: o
                    .company_id
                    .and_then(|c| v.companies.get(&c).map(|c| c.name.clone()))
                    .or_else(|| (!o.company_name.is_empty()).then(|| o.company_name.clone()))
                    .unwrap_or_else(|| o.customer_name.clone()),
                currency: o.expected_revenue.currency,
                lines: Vec::new(),
                state: QuotationState::Draft,
                valid_until: super::today().checked_add_days(chrono::Days::new(30)),
                note: String::new(),
                version: 0,
                deleted: false,
            })
        }) else {
            return;
        };
        let id = q.id;
        fresh.set(Some(q));
        open.set(Some(id));
    };
    view! {
        <section class="quotations" data-testid="quotations">
            <h3>{move || t(Key::Quotations)}</h3>
            <ul class="rows compact">
                {move || {
                    let l = locale.get();
                    quotations()
                        .into_iter()
                        .map(|q| {
                            let id = q.id;
                            let total = l.money(Money::new(q.totals().total, q.currency));
                            view! {
                                <li data-testid="quotation-row">
                                    <button type="button" class="link" on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
                                        {format!("{} #{}", l.kind("quotation", false), short(id))}
                                    </button>
                                    <span class=format!("state {:?}", q.state).to_lowercase() data-testid="quotation-state">{t(state_key(q.state))}</span>
                                    <span class="muted">{total}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <button type="button" data-testid="new-quotation" on:click=create>{move || t(Key::NewQuotation)}</button>
            {move || {
                open.get().map(|id| {
                    let fresh = fresh.with_untracked(|f| f.clone().filter(|q| q.id == id));
                    view! { <QuotationEditor id fresh/> }
                })
            }}
        </section>
    }
}

/// The last characters of an id: a short reference a person can read out.
fn short(id: Uuid) -> String {
    let s = id.simple().to_string();
    s[s.len() - 6..].to_uppercase()
}

#[component]
fn QuotationEditor(
    id: Uuid,
    /// A new quotation, not yet saved: created by its first save.
    fresh: Option<Quotation>,
) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let printing = expect_context::<Printing>();
    let t = move |key| locale.get().t(key);
    let unsaved = StoredValue::new(fresh.is_some());
    let Some(opened) =
        fresh.or_else(|| sync.view.with_untracked(|v| v.quotations.get(&id).cloned()))
    else {
        return ().into_any();
    };
    let l = locale.get_untracked();
    let currency = opened.currency;
    let lines = RwSignal::new(
        opened
            .lines
            .iter()
            .map(|line| LineForm::of(line, currency, l))
            .collect::<Vec<_>>(),
    );
    let customer = RwSignal::new(opened.customer_name.clone());
    let error = RwSignal::new(None::<String>);
    let state = move || {
        sync.view.with(|v| {
            v.quotations
                .get(&id)
                .map_or(QuotationState::Draft, |q| q.state)
        })
    };
    let editable = move || state().is_editable();
    let products = move || {
        sync.view.with(|v| {
            v.products
                .iter()
                .filter(|p| !p.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // What is typed, read into lines: the totals, or why they cannot be computed.
    let read = move || -> Result<Vec<QuotationLine>, String> {
        let l = locale.get();
        lines.with(|ls| {
            ls.iter()
                .enumerate()
                .map(|(i, f)| {
                    f.read(currency, l).map_err(|why| {
                        format!("{} {}: {why}", l.t(Key::Line), l.count(i as i64 + 1))
                    })
                })
                .collect()
        })
    };
    let totals = move || {
        read().map(|ls| {
            Quotation {
                lines: ls,
                ..opened_for_totals(id, currency)
            }
            .totals()
        })
    };
    let opportunity_id = opened.opportunity_id;
    let opened = StoredValue::new(opened);
    let save = move || -> bool {
        let l = locale.get_untracked();
        let parsed = match read() {
            Ok(ls) => ls,
            Err(message) => {
                error.set(Some(message));
                return false;
            }
        };
        let before = opened.get_value();
        let q = Quotation {
            lines: parsed,
            customer_name: customer.get_untracked(),
            ..before.clone()
        };
        // Only what changed since it was opened, so a colleague's edit of another field stays.
        let fields = crate::domain::changed_fields(&before, &q);
        let change = if unsaved.get_value() {
            Mutation::save(q.clone())
        } else if fields.is_empty() {
            error.set(None);
            return true;
        } else {
            Mutation::EditRecord {
                id,
                fields,
                base_version: before.version,
            }
        };
        match sync.mutate(change) {
            Ok(()) => {
                // Created: what follows edits it.
                if unsaved.get_value() {
                    unsaved.set_value(false);
                    opened.set_value(q);
                }
                error.set(None);
                true
            }
            Err(e) => {
                error.set(Some(explain(l, e)));
                false
            }
        }
    };
    let set_state = move |next: QuotationState| {
        // The lines as typed are saved first; an accepted quotation can no longer change.
        if editable() && !save() {
            return;
        }
        let l = locale.get_untracked();
        let position = sync.view.with_untracked(|v| {
            let team = v.opportunities.get(&opportunity_id).and_then(|o| o.team_id);
            stage::won_stage_for(&v.stages, team).map_or_else(
                || "V".to_string(),
                |won| v.end_of_column(won.id, opportunity_id),
            )
        });
        let change = Mutation::SetQuotationState {
            id,
            opportunity_id,
            state: next,
            position,
        };
        if let Err(e) = sync.mutate(change) {
            error.set(Some(explain(l, e)));
        }
    };
    let add_line = move |_| lines.update(|ls| ls.push(LineForm::blank(locale.get_untracked())));
    let choose_product = move |i: usize, value: String| {
        let l = locale.get_untracked();
        let product = Uuid::parse_str(&value).ok().and_then(|p| {
            sync.view
                .with_untracked(|v| v.products.iter().find(|x| x.id == p).cloned())
        });
        lines.update(|ls| {
            if let Some(line) = ls.get_mut(i) {
                line.product = value;
                if let Some(p) = product {
                    line.description = p.name.clone();
                    line.tax = l.decimal(f64::from(p.tax_percent), 2);
                    // A price in the quotation's currency is taken as it is; in another one it
                    // is left for the person to type.
                    if p.price.currency == currency {
                        line.price.set(l.amount_for_typing(p.price));
                    }
                }
            }
        });
    };
    let cell = move |i: usize,
                     key: Key,
                     field: fn(&mut LineForm) -> &mut String,
                     get: fn(&LineForm) -> String,
                     class: &'static str| {
        view! {
            <input
                class=class
                aria-label=move || t(key)
                inputmode=(class != "description").then_some("numeric")
                autocomplete="off"
                data-testid=format!("line-{class}")
                prop:value=move || lines.with(|ls| ls.get(i).map(get).unwrap_or_default())
                prop:disabled=move || !editable()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    lines.update(|ls| {
                        if let Some(line) = ls.get_mut(i) {
                            *field(line) = value;
                        }
                    });
                }
            />
        }
    };
    let money = move |minor: i64| locale.get().money(Money::new(minor, currency));
    // The rows are drawn again when a line comes or goes, not as one is typed in.
    let count = Memo::new(move |_| lines.with(Vec::len));
    view! {
        <div class="quotation-editor" data-testid="quotation-editor">
            <label>
                <span>{move || t(Key::QuotationFor)}</span>
                <input prop:value=customer prop:disabled=move || !editable() on:input=move |ev| customer.set(event_target_value(&ev))/>
            </label>
            <div class="table-wrap">
                <table class="lines">
                    <thead>
                        <tr>
                            <th>{move || t(Key::Product)}</th>
                            <th>{move || t(Key::Description)}</th>
                            <th>{move || t(Key::Quantity)}</th>
                            <th>{move || format!("{} ({})", t(Key::UnitPrice), currency.code())}</th>
                            <th>{move || t(Key::Discount)}</th>
                            <th>{move || t(Key::Tax)}</th>
                            <th>{move || t(Key::Total)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            (0..count.get())
                                .map(|i| {
                                    let line_total = move || {
                                        lines.with(|ls| {
                                            ls.get(i)
                                                .and_then(|f| f.read(currency, locale.get()).ok())
                                                .map(|line| money(line.totals().total))
                                                .unwrap_or_default()
                                        })
                                    };
                                    view! {
                                        <tr data-testid="quotation-line">
                                            <td>
                                                <select
                                                    data-testid="line-product"
                                                    aria-label=move || t(Key::Product)
                                                    prop:disabled=move || !editable()
                                                    on:change=move |ev| choose_product(i, event_target_value(&ev))
                                                >
                                                    <option value="">{move || t(Key::NoProduct)}</option>
                                                    {move || {
                                                        let chosen = lines.with(|ls| ls.get(i).map(|l| l.product.clone()).unwrap_or_default());
                                                        products()
                                                            .into_iter()
                                                            .map(|p| {
                                                                let value = p.id.to_string();
                                                                let selected = value == chosen;
                                                                view! { <option value=value selected=selected>{p.name}</option> }
                                                            })
                                                            .collect_view()
                                                    }}
                                                </select>
                                            </td>
                                            <td>{cell(i, Key::Description, |l| &mut l.description, |l| l.description.clone(), "description")}</td>
                                            <td>{cell(i, Key::Quantity, |l| &mut l.quantity, |l| l.quantity.clone(), "quantity")}</td>
                                            <td>
                                                {lines.with_untracked(|ls| ls.get(i).map(|line| line.price)).map(|value| view! {
                                                    <super::parts::AmountInput value currency=currency name="price" label=Key::UnitPrice class="price" testid="line-price" disabled=Signal::derive(move || !editable())/>
                                                })}
                                            </td>
                                            <td>{cell(i, Key::Discount, |l| &mut l.discount, |l| l.discount.clone(), "discount")}</td>
                                            <td>{cell(i, Key::Tax, |l| &mut l.tax, |l| l.tax.clone(), "tax")}</td>
                                            <td class="number" data-testid="line-total">{line_total}</td>
                                            <td>
                                                <Show when=editable>
                                                    <button type="button" class="danger" aria-label=move || t(Key::Delete) on:click=move |_| lines.update(|ls| { if i < ls.len() { ls.remove(i); } })>"×"</button>
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <Show when=editable>
                <button type="button" data-testid="add-line" on:click=add_line>{move || t(Key::AddLine)}</button>
            </Show>
            <dl class="totals" data-testid="quotation-totals">
                {move || match totals() {
                    Ok(Totals { untaxed, tax, total }) => view! {
                        <dt>{t(Key::Untaxed)}</dt><dd data-testid="untaxed">{money(untaxed)}</dd>
                        <dt>{t(Key::TaxAmount)}</dt><dd data-testid="tax">{money(tax)}</dd>
                        <dt>{t(Key::Total)}</dt><dd data-testid="total"><strong>{money(total)}</strong></dd>
                    }.into_any(),
                    Err(message) => view! { <dd class="form-error">{message}</dd> }.into_any(),
                }}
            </dl>
            <super::parts::ErrorLine error testid="quotation-error"/>
            <div class="quotation-actions">
                <Show when=editable>
                    <button type="button" class="primary" data-testid="save-quotation" on:click=move |_| {
                        save();
                    }>{move || t(Key::Save)}</button>
                </Show>
                <Show when=move || state() == QuotationState::Draft>
                    <button type="button" data-testid="send-quotation" on:click=move |_| set_state(QuotationState::Sent)>{move || t(Key::Send)}</button>
                </Show>
                <Show when=move || state() == QuotationState::Sent>
                    <button type="button" on:click=move |_| set_state(QuotationState::Draft)>{move || t(Key::BackToDraft)}</button>
                </Show>
                <Show when=editable>
                    <button type="button" class="won" data-testid="accept-quotation" on:click=move |_| set_state(QuotationState::Accepted)>{move || t(Key::Accept)}</button>
                    <button type="button" class="danger" data-testid="decline-quotation" on:click=move |_| set_state(QuotationState::Declined)>{move || t(Key::Decline)}</button>
                </Show>
                <button type="button" data-testid="print-quotation" on:click=move |_| {
                    // What is printed is what is kept: the lines as typed are saved first.
                    if !editable() || save() {
                        printing.0.set(Some(id));
                    }
                }>{move || t(Key::Print)}</button>
            </div>
        </div>
    }
    .into_any()
}

/// A blank quotation of this id and currency, for computing totals of typed lines.
fn opened_for_totals(id: Uuid, currency: Currency) -> Quotation {
    Quotation {
        id,
        opportunity_id: id,
        customer_name: String::new(),
        currency,
        lines: Vec::new(),
        state: QuotationState::Draft,
        valid_until: None,
        note: String::new(),
        version: 0,
        deleted: false,
    }
}

/// The quotation as a clean document for the printer (or "Save as PDF"); the app is hidden
/// while it is printed.
#[component]
pub fn PrintView() -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let printing = expect_context::<Printing>();
    let t = move |key| locale.get().t(key);
    let document = move || {
        printing.0.get().and_then(|id| {
            sync.view.with(|v| {
                v.quotations.get(&id).cloned().map(|q| {
                    let title = v
                        .opportunities
                        .get(&q.opportunity_id)
                        .map(|o| o.title.clone())
                        .unwrap_or_default();
                    (q, title)
                })
            })
        })
    };
    // Once the document is on the page, the browser's print dialog opens.
    Effect::new(move |_| {
        if printing.0.get().is_some() {
            #[cfg(feature = "hydrate")]
            leptos::prelude::request_animation_frame(|| {
                let _ = window().print();
            });
        }
    });
    move || {
        document().map(|(q, title)| {
            let l = locale.get();
            let money = move |minor: i64| l.money(Money::new(minor, q.currency));
            let totals = q.totals();
            view! {
                <article class="print-quotation" data-testid="print-view">
                    <header>
                        <div class="print-brand">"Rapport"</div>
                        <h1>{format!("{} #{}", l.kind("quotation", false), short(q.id))}</h1>
                        <p>{t(state_key(q.state))}</p>
                        <p><span class="muted">{t(Key::QuotationFor)}": "</span><strong>{q.customer_name.clone()}</strong></p>
                        <p class="muted">{title}</p>
                        {q.valid_until.map(|d| view! { <p><span class="muted">{t(Key::ValidUntil)}": "</span>{move || super::show_date(d)}</p> })}
                    </header>
                    <table>
                        <thead>
                            <tr>
                                <th>{t(Key::Description)}</th>
                                <th class="number">{t(Key::Quantity)}</th>
                                <th class="number">{t(Key::UnitPrice)}</th>
                                <th class="number">{t(Key::Discount)}</th>
                                <th class="number">{t(Key::Tax)}</th>
                                <th class="number">{t(Key::Total)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {q.lines
                                .iter()
                                .map(|line| {
                                    let totals = line.totals();
                                    view! {
                                        <tr>
                                            <td>{line.description.clone()}</td>
                                            <td class="number">{l.decimal(line.quantity.as_f64(), 3)}</td>
                                            <td class="number">{money(line.unit_price)}</td>
                                            <td class="number">{l.percent_decimal(line.discount_percent.as_f64())}</td>
                                            <td class="number">{l.percent_decimal(line.tax_percent.as_f64())}</td>
                                            <td class="number">{money(totals.total)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <dl class="totals">
                        <dt>{t(Key::Untaxed)}</dt><dd>{money(totals.untaxed)}</dd>
                        <dt>{t(Key::TaxAmount)}</dt><dd>{money(totals.tax)}</dd>
                        <dt>{t(Key::Total)}</dt><dd><strong>{money(totals.total)}</strong></dd>
                    </dl>
                    <button type="button" class="no-print" on:click=move |_| printing.0.set(None)>{t(Key::Close)}</button>
                </article>
            }
        })
    }
}
