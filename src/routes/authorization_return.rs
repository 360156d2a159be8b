//! The wallet sends the buyer back here (`authRedirectUrl`) with `authCode`
//! and `authState`. We hand both to the service and go back to the checkout
//! with the wallet ready; every way this can go wrong gets its own message
//! and a way forward. Reloading or coming back here is safe: the service
//! answers the same link again. In an embedded checkout's wallet tab the
//! answer goes to the frame that opened the tab instead ([`crate::handoff`]).

use crate::api::{Failure, Requests};
use crate::components::notice::ErrorNotice;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::{handoff, t};
use contract::api::{CompleteAuthorization, ErrorCode};
use leptos::prelude::*;

/// How the hand-off to the opening checkout went, in the wallet tab.
#[derive(Clone, PartialEq)]
enum Handoff {
    Waiting,
    Done(String),
    Failed(ErrorCode),
    NoAnswer,
}

/// The return page.
#[component]
pub fn ReturnPage() -> impl IntoView {
    let locale = use_locale();
    let router = use_router();
    let id = router.checkout_id();
    let query = router.location();
    let request = CompleteAuthorization {
        auth_code: query.query("authCode").filter(|c| !c.is_empty()),
        auth_state: query.query("authState").unwrap_or_default(),
    };
    let checkout = format!("/checkout/{id}");
    // Opened from an embedded checkout: the link is that frame's to finish (its
    // browser session started it); this tab only hands the wallet's answer back.
    let opener = crate::browser::IN_BROWSER
        .then(handoff::opener)
        .flatten()
        .filter(|_| !request.auth_state.is_empty());
    if let Some(opener) = opener {
        return view! { <HandOff opener=send_wrapper::SendWrapper::new(opener) request=request/> }
            .into_any();
    }
    let requests = Requests::new(&id);
    let outcome = LocalResource::new(move || {
        let requests = requests.clone();
        let request = request.clone();
        async move {
            if request.auth_state.is_empty() {
                return Err(Failure::of(ErrorCode::AuthStateInvalid));
            }
            requests.complete_authorization(&request).await
        }
    });
    let back = checkout.clone();
    Effect::new(move |_| {
        if let Some(Ok(link)) = outcome.get() {
            // Replace: the back button must not land on a used return URL.
            router.navigate(&format!("{checkout}?linked={}", link.wallet), true);
        }
    });
    view! {
        <PageHeader/>
        <PageHeading text=Signal::derive(move || t!(locale, "return-heading"))/>
        {move || match outcome.get() {
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
    .into_any()
}

/// The wallet tab of an embedded checkout: hands the answer to the frame, shows how it ended.
#[component]
fn HandOff(
    opener: send_wrapper::SendWrapper<web_sys::Window>,
    request: CompleteAuthorization,
) -> impl IntoView {
    let locale = use_locale();
    let state = RwSignal::new(Handoff::Waiting);
    let listener = handoff::on_answer((*opener).clone(), move |finished| {
        state.set(match finished {
            Ok(name) => Handoff::Done(name),
            Err(code) => Handoff::Failed(code),
        });
    });
    on_cleanup(move || listener.remove());
    if !handoff::hand_to_opener(&opener, &request) {
        state.set(Handoff::NoAnswer);
    }
    // The opener may have been closed or navigated away: say so rather than wait forever.
    let alive = crate::browser::PageAlive::track();
    leptos::task::spawn_local(async move {
        if alive.sleep(std::time::Duration::from_secs(10)).await
            && state.try_get_untracked() == Some(Handoff::Waiting)
        {
            state.set(Handoff::NoAnswer);
        }
    });
    view! {
        <PageHeader/>
        <PageHeading text=Signal::derive(move || t!(locale, "return-heading"))/>
        {move || match state.get() {
            Handoff::Waiting => view! { <p class="status" role="status">{t!(locale, "handoff-waiting")}</p> }.into_any(),
            Handoff::Done(name) => view! { <p class="status" role="status">{t!(locale, "handoff-done", wallet = name)}</p> }.into_any(),
            Handoff::Failed(code) => view! {
                <h2>{t!(locale, "return-failed")}</h2>
                <ErrorNotice code=code/>
            }
            .into_any(),
            Handoff::NoAnswer => view! { <div class="notice error" role="alert"><p>{t!(locale, "handoff-no-answer")}</p></div> }.into_any(),
        }}
    }
}
