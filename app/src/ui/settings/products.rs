//! Settings → products: name, price and tax.

use leptos::prelude::*;
use uuid::Uuid;

use super::{deleter, run_save};
use crate::domain::Product;
use crate::i18n::Key;
use crate::sync::handle::SyncHandle;
use crate::ui::parts::ErrorLine;
use crate::ui::use_locale;

#[component]
pub(super) fn Products() -> impl IntoView {
    view! {
        <super::SetUpSection
            testid="settings-products"
            rows=|s| &s.products
            row=|product| view! { <ProductRow product/> }
        />
        <crate::ui::import::ImportLink kind="product"/>
    }
}

#[component]
fn ProductRow(product: Option<Product>) -> impl IntoView {
    let locale = use_locale();
    let sync = expect_context::<SyncHandle>();
    let t = move |key| locale.get().t(key);
    let is_new = product.is_none();
    let id = product.as_ref().map_or(Uuid::nil(), |x| x.id);
    let opened = StoredValue::new(product.clone());
    let l = locale.get_untracked();
    let name = RwSignal::new(product.as_ref().map(|x| x.name.clone()).unwrap_or_default());
    // A new product is priced in the organisation's currency until someone picks another.
    let currency = RwSignal::new(product.as_ref().map_or_else(
        || sync.view.with_untracked(|v| v.currency().currency),
        |x| x.price.currency,
    ));
    let price = RwSignal::new(
        product
            .as_ref()
            .map(|x| l.amount_for_typing(x.price))
            .unwrap_or_default(),
    );
    let tax = RwSignal::new(product.as_ref().map_or(10, |x| x.tax_percent).to_string());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let l = locale.get_untracked();
        let amount = match l.read_amount(&price.get_untracked(), currency.get_untracked()) {
            Ok(amount) => amount,
            Err(e) => return error.set(Some(l.amount_error(e, currency.get_untracked()))),
        };
        let Ok(tax_percent) = tax.get_untracked().trim().parse::<u8>() else {
            return error.set(Some(l.t(Key::InvalidProbability).to_string()));
        };
        let saved = Product {
            id: if is_new { Uuid::now_v7() } else { id },
            name: name.get_untracked(),
            price: amount,
            tax_percent,
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
            price.set(String::new());
        }
    };
    let delete = deleter(sync, locale, error, id);
    view! {
        <div class="settings-row" data-testid=if is_new { "new-product" } else { "product-row" }>
            <input
                name="product-name"
                placeholder=move || t(Key::Name)
                aria-label=move || t(Key::Name)
                prop:value=name
                on:input=move |ev| name.set(event_target_value(&ev))
            />
            <crate::ui::parts::AmountInput value=price currency=currency name="product-price" class="amount" label=Key::Price hint=true/>
            <crate::ui::parts::CurrencySelect value=currency name="product-currency"/>
            <label class="inline">
                <span>{move || t(Key::Tax)}</span>
                <input
                    name="product-tax"
                    class="number"
                    type="number"
                    min="0"
                    max="100"
                    prop:value=tax
                    on:input=move |ev| tax.set(event_target_value(&ev))
                />
            </label>
            <button type="button" class="primary" data-testid="save-product" on:click=save>
                {move || t(if is_new { Key::Add } else { Key::Save })}
            </button>
            {(!is_new).then(|| view! { <button type="button" class="danger" on:click=delete>{move || t(Key::Delete)}</button> })}
            <ErrorLine error testid="form-error"/>
        </div>
    }
}
