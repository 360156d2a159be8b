//! The wallet sends the buyer back here (`authRedirectUrl`) with `authCode`
//! and `authState`. We hand both to the service and go back to the checkout
//! with the wallet ready; every way this can go wrong gets its own message
//! and a way forward. Reloading or coming back here is safe: the service
//! answers the same link again.

use crate::api::{Failure, Requests};
use crate::components::notice::ErrorNotice;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::t;
use contract::api::CompleteAuthorization;
use leptos::prelude::*;

/// The return page.
#[component]
pub fn ReturnPage() -> impl IntoView {
    let locale = use_locale();
    let requests = Requests::new();
    let router = use_router();
    let id = router.checkout_id();
    let query = router.location();
    let request = CompleteAuthorization {
        auth_code: query.query("authCode").filter(|c| !c.is_empty()),
        auth_state: query.query("authState").unwrap_or_default(),
    };
    let outcome = LocalResource::new(move || {
        let requests = requests.clone();
        let request = request.clone();
        async move {
            if request.auth_state.is_empty() {
                return Err(Failure {
                    code: "AUTH_STATE_INVALID".into(),
                });
            }
            requests.complete_authorization(&request).await
        }
    });
    let checkout = format!("/checkout/{id}");
    let back = checkout.clone();
    // Opened from an embedded checkout: this tab's job is done once the wallet is linked.
    let from_iframe = web_sys::window()
        .and_then(|w| w.opener().ok())
        .is_some_and(|o| !o.is_null() && !o.is_undefined());
    Effect::new(move |_| {
        if from_iframe {
            return;
        }
        if let Some(Ok(link)) = outcome.get() {
            // Replace: the back button must not land on a used return URL.
            router.navigate(&format!("{checkout}?linked={}", link.wallet), true);
        }
    });
    view! {
        <PageHeader/>
        <PageHeading text=Signal::derive(move || t!(locale, "return-heading"))/>
        {move || match outcome.get() {
            Some(Ok(link)) if from_iframe => view! {
                <p class="status" role="status">{t!(locale, "linked-close-tab", wallet = link.name.clone())}</p>
            }
            .into_any(),
            None | Some(Ok(_)) => view! { <p class="status" aria-live="polite">{t!(locale, "return-working")}</p> }.into_any(),
            Some(Err(failure)) => {
                let back = back.clone();
                view! {
                    <h2>{t!(locale, "return-failed")}</h2>
                    <ErrorNotice code=failure.code>
                        <a class="button" href=back>{move || t!(locale, "back-to-checkout")}</a>
                    </ErrorNotice>
                }
                .into_any()
            }
        }}
    }
}
