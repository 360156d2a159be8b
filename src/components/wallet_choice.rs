//! The region's wallets as one radio group: each with its mark, its name and
//! whether it is linked (and to which account), linked ones first.

use crate::components::wallet_mark::WalletMark;
use crate::components::wallet_name;
use crate::i18n::use_locale;
use crate::t;
use contract::api::{LinkState, WalletOption};
use leptos::prelude::*;

/// "Linked to 0917****123", "Unlinked in the wallet app", …
fn wallet_state_text(w: &WalletOption) -> String {
    let locale = use_locale();
    match (w.link, &w.account) {
        (LinkState::Linked, Some(account)) => {
            t!(locale, "wallet-linked", account = account.clone())
        }
        (LinkState::Linked, None) => t!(locale, "wallet-linked-no-account"),
        (LinkState::RevokedByWallet, _) => t!(locale, "wallet-revoked"),
        (LinkState::Expired, _) => t!(locale, "wallet-expired"),
        (LinkState::NotLinked, _) => t!(locale, "wallet-not-linked"),
    }
}

/// The wallets to choose from; `selected` holds the chosen wallet's code. Link
/// states are shown when `links` (they are the buyer's to know, not the link's).
#[component]
pub fn WalletChoice(
    wallets: Vec<WalletOption>,
    selected: RwSignal<Option<String>>,
    links: bool,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <fieldset class="wallets">
            <legend>{move || t!(locale, "wallets-heading")}</legend>
            {wallets
                .iter()
                .map(|w| {
                    let code = w.code.clone();
                    let checked_code = code.clone();
                    let w_text = w.clone();
                    let (name_code, name) = (w.code.clone(), w.name.clone());
                    let shown = move || wallet_name(locale, &name_code, &name);
                    let mark_shown = shown.clone();
                    // The attribute for the service's HTML; the property follows the choice.
                    let checked_at_first = selected.get_untracked().as_deref() == Some(code.as_str());
                    view! {
                        <label class="wallet" class:linked=links && w.link == LinkState::Linked>
                            <input
                                type="radio"
                                name="wallet"
                                value=code.clone()
                                checked=checked_at_first
                                prop:checked=move || selected.get().as_deref() == Some(checked_code.as_str())
                                on:change=move |_| selected.set(Some(code.clone()))
                            />
                            <WalletMark
                                code=w.code.clone()
                                name=w.name.clone()
                                label=Signal::derive(move || t!(locale, "wallet-mark", wallet = mark_shown()))
                            />
                            <span class="wallet-text">
                                <span class="wallet-name">{shown}</span>
                                <span class="wallet-state">{move || links.then(|| wallet_state_text(&w_text))}</span>
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
