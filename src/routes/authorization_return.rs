//! The wallet sends the buyer back here (`authRedirectUrl`) with `authCode`
//! and `authState`. We hand both to the service and go back to the checkout
//! with the wallet ready; every way this can go wrong gets its own message
//! and a way forward. Reloading or coming back here is safe: the service
//! answers the same link again. In an embedded checkout's wallet tab the
//! answer goes to the frame that opened the tab instead ([`crate::handoff`]).
//! In a browser that did not start the link (a wallet app opened the phone's
//! default browser), or a tab whose frame does not answer, the page shows a
//! code to type into the checkout that started it ([`HandoverCode`]).

use crate::api::{Failure, Handover, Requests};
use crate::components::notice::ErrorNotice;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::wallet_name;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::{handoff, t};
use contract::api::{CompleteAuthorization, ErrorCode, LinkedWallet};
use leptos::prelude::*;

/// How the hand-off to the opening checkout went, in the wallet tab.
#[derive(Clone, PartialEq)]
enum Handoff {
    Waiting,
    Done(String),
    Failed(ErrorCode),
    /// The frame did not answer: a code finishes the link there instead.
    Code(Handover),
}

/// How the return ended in a page that completes the link itself.
#[derive(Clone)]
enum Returned {
    Linked(Box<LinkedWallet>),
    /// Another browser started the link: a code to type there.
    Code(Handover),
}

/// Completes the link, or, when this browser did not start it, asks for a code.
async fn finish(requests: &Requests, request: &CompleteAuthorization) -> Result<Returned, Failure> {
    match requests.complete_authorization(request).await {
        Err(f) if f.code == ErrorCode::AuthStateOtherBrowser => {
            requests.hand_over(request).await.map(Returned::Code)
        }
        other => other.map(|link| Returned::Linked(Box::new(link))),
    }
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
    // browser started it); this tab only hands the wallet's answer back.
    let opener = crate::browser::IN_BROWSER
        .then(handoff::opener)
        .flatten()
        .filter(|_| !request.auth_state.is_empty());
    let requests = Requests::new(&id);
    if let Some(opener) = opener {
        return view! { <HandOff opener=send_wrapper::SendWrapper::new(opener) request=request requests=requests/> }
            .into_any();
    }
    let outcome = LocalResource::new(move || {
        let requests = requests.clone();
        let request = request.clone();
        async move {
            if request.auth_state.is_empty() {
                return Err(Failure::of(ErrorCode::AuthStateInvalid));
            }
            finish(&requests, &request).await
        }
    });
    let back = checkout.clone();
    Effect::new(move |_| {
        if let Some(Ok(Returned::Linked(link))) = outcome.get() {
            // Replace: the back button must not land on a used return URL.
            router.navigate(&format!("{checkout}?linked={}", link.wallet), true);
        }
    });
    view! {
        <PageHeader/>
        <PageHeading text=Signal::derive(move || t!(locale, "return-heading"))/>
        {move || match outcome.get() {
            Some(Ok(Returned::Code(handover))) => view! { <HandoverCode handover=handover/> }.into_any(),
            None | Some(Ok(Returned::Linked(_))) => view! { <p class="status" aria-live="polite">{t!(locale, "return-working")}</p> }.into_any(),
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
    requests: Requests,
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
    // The opener may have been closed, navigated away, or be a frame its browser
    // cut off: after a while (or at once if nothing can be posted to it), this
    // page offers the code the checkout takes instead of waiting forever.
    let delivered = handoff::hand_to_opener(&opener, &request);
    let alive = crate::browser::PageAlive::track();
    leptos::task::spawn_local(async move {
        if delivered && !alive.sleep(std::time::Duration::from_secs(10)).await {
            return;
        }
        if state.try_get_untracked() != Some(Handoff::Waiting) {
            return;
        }
        match requests.hand_over(&request).await {
            Ok(handover) => state.set(Handoff::Code(handover)),
            // The frame finished it meanwhile, after all: its answer may still
            // come, and "did not answer, link again" would be untrue. Keep waiting.
            Err(f) if f.code == ErrorCode::AuthStateUsed => {}
            Err(f) => state.set(Handoff::Failed(f.code)),
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
            Handoff::Code(handover) => view! { <HandoverCode handover=handover/> }.into_any(),
        }}
    }
}

/// The code to type into the checkout that started the link, with a warning
/// against typing it into anyone else's (the link-injection attack needs exactly that).
#[component]
fn HandoverCode(handover: Handover) -> impl IntoView {
    let locale = use_locale();
    let brand = contract::wallets::wallet(&handover.wallet)
        .map_or_else(|| handover.wallet.clone(), |w| w.name.to_owned());
    let code = &handover.code;
    // Read and typed in two groups of three.
    let shown = match (code.get(..3), code.get(3..)) {
        (Some(a), Some(b)) => format!("{a} {b}"),
        _ => code.clone(),
    };
    // The wallet's answer has done its work here: a reload or the history must
    // not be able to show new codes (each retires the one on screen).
    if let Some((window, path)) =
        web_sys::window().and_then(|w| w.location().pathname().ok().map(|p| (w, p)))
    {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
    let wallet = handover.wallet.clone();
    let name = move || wallet_name(locale, &wallet, &brand);
    let merchant = handover.merchant.clone();
    let intro = {
        let (name, merchant) = (name.clone(), merchant.clone());
        move || {
            t!(
                locale,
                "handover-intro",
                wallet = name(),
                merchant = merchant.clone()
            )
        }
    };
    view! {
        <h2>{move || t!(locale, "handover-heading")}</h2>
        <p>{intro}</p>
        <p class="link-code-shown" translate="no"><strong>{shown}</strong></p>
        <p class="hint">{move || t!(locale, "handover-expiry")}</p>
        <div class="notice warning" role="note">
            <p>{move || t!(locale, "handover-warning", wallet = name(), merchant = merchant.clone())}</p>
        </div>
    }
}
