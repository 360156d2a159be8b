//! Paying with a linked wallet: one click, one payment, whatever the buyer
//! does with the button or the tab.

use super::Flow;
use crate::browser;
use crate::t;
use contract::api::{ErrorCode, PaymentState, WalletOption};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn pay_key_name(session: &str) -> String {
    format!("checkout-pay-key:{session}")
}

/// The key of the payment the buyer asked for, kept across reloads until it
/// fails for good: a reload or a second click is the same payment.
fn pay_key(session: &str) -> String {
    let storage = browser::session_storage();
    if let Some(key) = storage
        .as_ref()
        .and_then(|s| s.get_item(&pay_key_name(session)).ok().flatten())
    {
        return key;
    }
    let key = browser::random_key();
    if let Some(s) = storage {
        let _ = s.set_item(&pay_key_name(session), &key);
    }
    key
}

fn forget_pay_key(session: &str) {
    if let Some(s) = browser::session_storage() {
        let _ = s.remove_item(&pay_key_name(session));
    }
}

/// Pays with `wallet` (linked); the outcome lands in `flow.payment` or `flow.error`.
pub fn pay(flow: Flow, wallet: WalletOption) {
    let key = pay_key(&flow.session_id);
    flow.status.set(Some(t!(flow.locale, "paying")));
    spawn_local(async move {
        match flow.requests.pay(&wallet.code, &key).await {
            Ok(view) => {
                if view.state == PaymentState::Failed {
                    forget_pay_key(&flow.session_id);
                }
                flow.payment.set(Some(view));
            }
            Err(f) => {
                // The checkout changed under the buyer (paid in another tab, unlinked):
                // show it as it is now.
                if matches!(
                    f.code,
                    ErrorCode::OrderAlreadyPaid
                        | ErrorCode::PaymentInProgress
                        | ErrorCode::WalletNotLinked
                ) {
                    flow.reload.update(|n| *n += 1);
                }
                flow.error.set(Some(f.code));
            }
        }
        flow.status.set(None);
        flow.busy.set(false);
    });
}
