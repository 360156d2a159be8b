//! The checkout page itself: it starts from the service's first paint, claims
//! the checkout with the link's one-time token (or reads it, when this browser
//! already holds it), asks again on a reload or another region, and shows
//! [`Checkout`] or why it cannot.

use super::Checkout;
use crate::api::{self, Failure, Requests};
use crate::components::notice::ErrorNotice;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::skeleton::Skeleton;
use crate::first_paint::Viewer;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::t;
use contract::api::{ErrorCode, SessionSummary};
use leptos::prelude::*;

/// The one-time claim token from `#t=…`, removed from the address bar at once.
fn take_claim_token() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let token = hash.strip_prefix("#t=")?.to_owned();
    let location = window.location();
    let clean = format!("{}{}", location.pathname().ok()?, location.search().ok()?);
    let _ = window.history().ok()?.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&clean),
    );
    Some(token)
}

/// After a claim refused as used or expired: this browser may still hold the
/// checkout (a reload in a new tab); if it does not, the refusal is what is true.
async fn held_after_refused_claim(
    requests: &Requests,
    refused: Failure,
) -> Result<SessionSummary, Failure> {
    requests.session(None).await.map_err(|f| {
        if f.code == ErrorCode::Unauthorized {
            refused
        } else {
            f
        }
    })
}

async fn load(requests: &Requests, id: &str) -> Result<SessionSummary, Failure> {
    let summary = match api::prefetched_session(id).await {
        Some((true, Err(f))) if f.code == ErrorCode::Forbidden => {
            held_after_refused_claim(requests, f).await
        }
        Some((_, answer)) => answer,
        None => match take_claim_token() {
            Some(token) => match requests.session(Some(token)).await {
                Err(f) if f.code == ErrorCode::Forbidden => {
                    held_after_refused_claim(requests, f).await
                }
                other => other,
            },
            None => requests.session(None).await,
        },
    }?;
    if summary.id != id {
        return Err(Failure::of(ErrorCode::Forbidden));
    }
    Ok(summary)
}

/// What the checkout page shows: a session summary, and whether it is the
/// buyer's own (claimed by this browser) or only what the link entitles to.
#[derive(Clone)]
pub(super) struct Shown {
    pub(super) summary: SessionSummary,
    pub(super) viewer: Viewer,
}

/// Asks (claims, or reads) whenever the page is to be reloaded or another region
/// is picked; only the newest answer is shown, the page keeps the last one meanwhile.
/// A page the first paint made the buyer's (`ready`) asks nothing at first.
fn ask_when_needed(
    requests: Requests,
    id: String,
    ready: bool,
    reload: RwSignal<u32>,
    region: RwSignal<Option<String>>,
    state: RwSignal<Option<Result<Shown, Failure>>>,
) {
    let asked = StoredValue::new(0u32);
    let claiming = StoredValue::new(false);
    Effect::new({
        move |before: Option<()>| {
            reload.track();
            let pick = region.get();
            if before.is_none() && ready && pick.is_none() {
                return;
            }
            // Nothing else can be asked before the claim is back (every answer needs
            // the cookie it sets): the claim's own task asks for a region picked meanwhile.
            if claiming.get_value() {
                return;
            }
            // The first ask of a page not yet the buyer's claims it.
            let claim = before.is_none() && !ready;
            claiming.set_value(claim);
            let ask = asked.get_value() + 1;
            asked.set_value(ask);
            let requests = requests.clone();
            let id = id.clone();
            leptos::task::spawn_local(async move {
                // One call site each for the session and the region: each await is code buyers download.
                let mut pick = pick;
                let mut answer = None;
                if claim || pick.is_none() {
                    let loaded = load(&requests, &id).await;
                    if claim {
                        // From here a newer pick asks for itself (and this answer yields to it).
                        claiming.try_update_value(|c| *c = false);
                        // A region picked on the service's page, or in the app since.
                        pick = region
                            .try_get_untracked()
                            .flatten()
                            .filter(|_| loaded.is_ok());
                    }
                    answer = Some(loaded);
                }
                if let Some(r) = pick {
                    answer = Some(requests.session_in_region(&r).await);
                }
                let Some(answer) = answer else {
                    return;
                };
                if asked.try_get_value() == Some(ask) {
                    state.try_set(Some(answer.map(|summary| Shown {
                        summary,
                        viewer: Viewer::Buyer,
                    })));
                }
            });
        }
    });
}

/// The checkout page.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let id = use_router().checkout_id();
    let requests = Requests::new(&id);
    let reload = RwSignal::new(0u32);
    // The service's first paint: the page starts from it, with nothing to ask if
    // it is already the buyer's own (and the buyer picked no other region on it).
    let painted = crate::first_paint::Handed::take(&id);
    let ready = painted.as_ref().is_some_and(|p| p.viewer == Viewer::Buyer);
    let region = RwSignal::new(painted.as_ref().and_then(|p| p.picked_region.clone()));
    // The buyer's wallet pick outlives each answer: one made on the service's page
    // before the app ran, or in the app before the claim came back, stays picked.
    let selected = RwSignal::new(painted.as_ref().and_then(|p| p.picked.clone()));
    // Offered once a link went to the wallet, through every reload of this page.
    let code_offered = RwSignal::new(false);
    let state = RwSignal::new(painted.map(|p| {
        Ok::<_, Failure>(Shown {
            summary: p.summary,
            viewer: p.viewer,
        })
    }));
    ask_when_needed(requests.clone(), id, ready, reload, region, state);
    // Back from the linked-wallets page (its own bundle) the browser may restore
    // this page as it was: ask again, a wallet may have been unlinked there.
    let restored = window_event_listener_untyped("pageshow", move |ev| {
        use wasm_bindgen::JsCast;
        if ev
            .dyn_ref::<web_sys::PageTransitionEvent>()
            .is_some_and(|e| e.persisted())
        {
            reload.update(|n| *n += 1);
        }
    });
    on_cleanup(move || restored.remove());
    let locale = use_locale();
    move || {
        match state.get() {
        None => view! { <Skeleton/> }.into_any(),
        Some(Ok(shown)) => view! {
            <Checkout summary=shown.summary viewer=shown.viewer selected=selected requests=requests.clone() reload=reload region=region code_offered=code_offered/>
        }
        .into_any(),
        Some(Err(f)) => view! {
            <PageHeader/>
            <PageHeading text=Signal::derive(move || t!(locale, "app-title"))/>
            <ErrorNotice code=f.code>
                {(f.code == ErrorCode::Network).then(|| view! {
                    <button class="button" on:click=move |_| reload.update(|n| *n += 1)>
                        {move || t!(locale, "error-retry")}
                    </button>
                })}
            </ErrorNotice>
        }
        .into_any(),
    }
    }
}
