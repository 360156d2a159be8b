//! What the buyer is paying for: the lines and the total, in the buyer's language.

use crate::i18n::use_locale;
use crate::t;
use contract::api::{Money, OrderItem};
use leptos::prelude::*;
use locale::format;

/// The order: description, lines with their amounts, the total.
#[component]
pub fn OrderSummary(description: String, items: Vec<OrderItem>, total: Money) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="order" aria-label=move || t!(locale, "order-total")>
            <p class="description">{description}</p>
            <ul class="items">
                {items
                    .into_iter()
                    .map(|item| {
                        let line = Money { minor: item.unit_amount * i64::from(item.quantity), ..total };
                        view! {
                            <li>
                                <span>{item.name.clone()}" "{move || t!(locale, "order-quantity", quantity = item.quantity)}</span>
                                <span>{move || format::money(&line, locale.intl())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="total">
                <span>{move || t!(locale, "order-total")}</span>
                <strong>{move || format::money(&total, locale.intl())}</strong>
            </p>
        </section>
    }
}
