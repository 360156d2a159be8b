//! What a buyer allows a merchant to charge their wallet without them (a mandate),
//! shown before they link it and on the linked-wallets page; and, on a recovery
//! checkout, why the merchant's charge failed. In the buyer's language.

use crate::components::wallet_name;
use crate::i18n::use_locale;
use crate::t;
use contract::api::Money;
use contract::mandates::{MandateInterval, RecoveryNotice};
use leptos::prelude::*;
use locale::format;

/// A mandate's terms: the most one charge may take (none for a mandate from before
/// limits), the interval's maximum, the end date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub description: String,
    pub per_charge: Option<Money>,
    pub per_interval: Option<(MandateInterval, Money)>,
    pub ends_at: Option<i64>,
}

impl From<contract::mandates::MandateTerms> for Terms {
    fn from(m: contract::mandates::MandateTerms) -> Self {
        Self {
            description: m.description,
            per_charge: m.max_amount_per_charge,
            per_interval: m.interval.zip(m.max_amount_per_interval),
            ends_at: m.ends_at,
        }
    }
}

/// The terms, under a heading naming the merchant (or, where the page does not know it, without).
#[component]
pub fn MandateTerms(terms: Terms, #[prop(optional)] merchant: Option<String>) -> impl IntoView {
    let locale = use_locale();
    let Terms {
        description,
        per_charge,
        per_interval,
        ends_at,
    } = terms;
    // On the checkout the buyer is told where to end it; on the wallets page they are there.
    let note = merchant.is_some();
    let heading = move || match &merchant {
        Some(m) => t!(locale, "mandate-heading", merchant = m.clone()),
        None => t!(locale, "mandate-linked-heading"),
    };
    let label = heading.clone();
    view! {
        <section class="mandate" aria-label=label>
            <p class="mandate-heading">{heading}</p>
            <p class="mandate-description">{description}</p>
            <ul class="mandate-limits">
                <li>{move || match per_charge {
                    Some(max) => t!(locale, "mandate-per-charge", amount = format::money(&max, locale.intl())),
                    None => t!(locale, "mandate-no-limit"),
                }}</li>
                {per_interval.map(|(interval, max)| view! {
                    <li>{move || t!(locale, "mandate-per-interval", amount = format::money(&max, locale.intl()), interval = interval.as_str())}</li>
                })}
                {ends_at.map(|at| view! {
                    <li>{move || t!(locale, "mandate-until", date = format::time(at, locale.intl()))}</li>
                })}
            </ul>
            {note.then(|| view! { <p class="mandate-note">{move || t!(locale, "mandate-note")}</p> })}
        </section>
    }
}

/// Why the merchant's charge of this order failed, and what the buyer can do here.
#[component]
pub fn RecoveryNote(notice: RecoveryNotice, merchant: String) -> impl IntoView {
    let locale = use_locale();
    let code = notice.wallet.clone();
    // The name buyers know, never Antom's code (`TNG`), whatever the language.
    let brand = contract::wallets::wallet(&code).map_or(code.clone(), |w| w.name.to_owned());
    let wallet = move || wallet_name(locale, &code, &brand);
    let (why_wallet, next_wallet) = (wallet.clone(), wallet);
    let amount = notice.amount;
    let reason = notice.failure_code.unwrap_or_default();
    view! {
        <section class="recovery" role="note">
            <p class="recovery-heading">{move || t!(locale, "recovery-heading", merchant = merchant.clone())}</p>
            <p>{move || {
                let (wallet, amount) = (why_wallet(), format::money(&amount, locale.intl()));
                match reason.as_str() {
                    "USER_BALANCE_NOT_ENOUGH" => t!(locale, "recovery-balance", wallet = wallet, amount = amount),
                    "USER_AMOUNT_EXCEED_LIMIT" | "PAYMENT_COUNT_EXCEED_LIMIT" => t!(locale, "recovery-limit", wallet = wallet, amount = amount),
                    _ => t!(locale, "recovery-other", wallet = wallet, amount = amount),
                }
            }}</p>
            <p>{move || t!(locale, "recovery-next", wallet = next_wallet())}</p>
        </section>
    }
}
