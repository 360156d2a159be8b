//! A wallet as an operator reads it: the name buyers know, with its market where
//! the name alone is ambiguous (GrabPay is a wallet in three), never a bare code.

use crate::i18n::Locale;
use crate::t;
use contract::WALLETS;

/// `GrabPay (Singapore)`, `PayPay`; an unknown code stays as it is.
pub fn wallet_label(locale: Locale, code: &str) -> String {
    let Some(wallet) = contract::wallets::wallet(code) else {
        return code.to_owned();
    };
    let shared = WALLETS
        .iter()
        .any(|other| other.name == wallet.name && other.code != wallet.code);
    match shared {
        true => t!(
            locale,
            "wallet-with-market",
            wallet = wallet.name,
            market = t!(locale, "wallet-market", region = wallet.region)
        ),
        false => wallet.name.to_owned(),
    }
}
