//! The payment's outcome, told honestly: paid, failed (with the reason), or
//! processing — which updates by itself, polling with back-off, until final.

use crate::api::Requests;
use crate::browser::PageAlive;
use crate::components::notice::reason_text;
use crate::i18n::use_locale;
use crate::t;
use contract::api::{PaymentState, PaymentView};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;
use std::time::Duration;

/// Polls while the payment is processing: 1 s, 2 s, 4 s, then every 8 s.
fn follow(payment: RwSignal<Option<PaymentView>>, requests: Requests) {
    let alive = PageAlive::track();
    spawn_local(async move {
        let mut wait = 1_000;
        loop {
            if !alive.sleep(Duration::from_millis(wait)).await {
                return;
            }
            let Some(current) = payment.get_untracked() else {
                return;
            };
            if !matches!(
                current.state,
                PaymentState::Processing | PaymentState::Cancelling
            ) {
                return;
            }
            if let Ok(fresh) = requests.payment(&current.id).await {
                if alive.get() {
                    payment.set(Some(fresh));
                }
            }
            wait = (wait * 2).min(8_000);
        }
    });
}

/// Success, processing or cancelled (failures show above the wallet chooser instead).
#[component]
pub fn PaymentResult(
    payment: RwSignal<Option<PaymentView>>,
    merchant: String,
    wallet_name: Signal<String>,
    return_url: Option<String>,
    requests: Requests,
) -> impl IntoView {
    let locale = use_locale();
    // The service's first paint has no one to poll for.
    if crate::browser::IN_BROWSER {
        follow(payment, requests);
    }
    let merchant_for_link = merchant.clone();
    let amount = move || {
        payment
            .get()
            .map(|p| format::money(&p.amount, locale.intl()))
            .unwrap_or_default()
    };
    view! {
        <section class="result" aria-live="polite">
            {move || {
                let Some(p) = payment.get() else { return ().into_any() };
                match p.state {
                    PaymentState::Succeeded => view! {
                        <div class="result-card success">
                            <h2>{t!(locale, "result-succeeded")}</h2>
                            <p>{t!(locale, "result-succeeded-detail", amount = amount(), wallet = wallet_name.get())}</p>
                            <dl>
                                <dt>{t!(locale, "result-reference")}</dt>
                                <dd>{p.order_reference.clone()}</dd>
                                <dt>{t!(locale, "result-time")}</dt>
                                <dd>{p.paid_at.map(|at| format::time(at, locale.intl())).unwrap_or_default()}</dd>
                            </dl>
                        </div>
                    }
                    .into_any(),
                    // A cancel not yet confirmed is, for the buyer, a payment not yet final.
                    PaymentState::Processing | PaymentState::Cancelling => view! {
                        <div class="result-card processing">
                            <h2>
                                <span class="spinner" aria-hidden="true"></span>
                                {t!(locale, "result-processing")}
                            </h2>
                            <p>{t!(locale, "result-processing-detail", wallet = wallet_name.get())}</p>
                        </div>
                    }
                    .into_any(),
                    PaymentState::Cancelled => view! {
                        <div class="result-card">
                            <h2>{t!(locale, "result-cancelled")}</h2>
                        </div>
                    }
                    .into_any(),
                    // A buyer never pays a merchant's charge here; were one shown, it has not paid.
                    PaymentState::Failed | PaymentState::RetryScheduled => view! {
                        <div class="result-card failed">
                            <h2>{t!(locale, "result-failed")}</h2>
                            <p>{reason_text(p.failure_code.as_deref().unwrap_or("OTHER"))}</p>
                        </div>
                    }
                    .into_any(),
                }
            }}
            {return_url.map(|url| {
                let merchant = merchant_for_link.clone();
                view! {
                    <a class="button secondary" href=url rel="external">
                        {move || t!(locale, "return-to-merchant", merchant = merchant.clone())}
                    </a>
                }
            })}
        </section>
    }
}
