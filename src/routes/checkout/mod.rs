//! The checkout: order summary, the region's wallets (linked first), and one
//! primary action — "Pay with <wallet>" when linked ([`pay`]), "Link <wallet>"
//! otherwise ([`link`]); [`Checkout`]'s `act` is where the page decides.

mod link;
mod link_code;
mod pay;

use crate::api::{self, Failure, Requests};
use crate::browser::{self, PageAlive, IN_BROWSER};
use crate::components::notice::{reason_text, ErrorNotice};
use crate::components::order_summary::OrderSummary;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::payment_result::PaymentResult;
use crate::components::region_picker::RegionPicker;
use crate::components::skeleton::Skeleton;
use crate::components::wallet_choice::WalletChoice;
use crate::components::wallet_name;
use crate::embed;
use crate::first_paint::Viewer;
use crate::i18n::{use_locale, Locale};
use crate::router::{use_router, Router};
use crate::t;
use contract::api::{ErrorCode, LinkState, PaymentState, PaymentView, SessionSummary, Terminal};
use leptos::prelude::*;
use locale::format;
use std::sync::Arc;

/// What the pay and link flows act on: the page's state and its requests,
/// all gone with the page.
#[derive(Clone)]
struct Flow {
    requests: Requests,
    session_id: Arc<str>,
    /// The merchant page embedding this checkout, if any.
    origin: Option<Arc<str>>,
    terminal_hint: Option<Terminal>,
    locale: Locale,
    router: Router,
    alive: PageAlive,
    payment: RwSignal<Option<PaymentView>>,
    error: RwSignal<Option<ErrorCode>>,
    busy: RwSignal<bool>,
    status: RwSignal<Option<String>>,
    reload: RwSignal<u32>,
    /// Set when this tab went to the wallet: coming back means "ask again".
    left_for_wallet: RwSignal<bool>,
    /// A link of this page's went to a wallet that may come back to another
    /// browser: the field for the code shown there is offered.
    code_offered: RwSignal<bool>,
    /// The frame's listener for its wallet tab's hand-off; one at a time.
    handoff_listener: StoredValue<Option<WindowListenerHandle>, LocalStorage>,
}

impl Flow {
    /// Ends the step with an error the buyer can read; the button works again.
    fn fail(&self, code: ErrorCode) {
        self.error.set(Some(code));
        self.status.set(None);
        self.busy.set(false);
    }

    fn stop_listening(&self) {
        if let Some(handle) = self
            .handoff_listener
            .try_update_value(Option::take)
            .flatten()
        {
            handle.remove();
        }
    }

    fn replace_handoff_listener(&self, listener: WindowListenerHandle) {
        self.stop_listening();
        self.handoff_listener.set_value(Some(listener));
    }
}

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
struct Shown {
    summary: SessionSummary,
    viewer: Viewer,
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
    // Asks (claims, or reads) whenever the page is to be reloaded or another region
    // is picked; only the newest answer is shown, the page keeps the last one meanwhile.
    let asked = StoredValue::new(0u32);
    let claiming = StoredValue::new(false);
    Effect::new({
        let requests = requests.clone();
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

/// The merchant's colour, through CSSOM (allowed by our CSP, unlike a style attribute).
fn apply_brand(colour: Option<&str>) {
    use wasm_bindgen::JsCast;
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let style = root.style();
    let _ = match colour {
        Some(c) => style.set_property("--merchant-brand", c),
        None => style.remove_property("--merchant-brand").map(|_| ()),
    };
}

/// The checkout; until this browser's claim came back (`viewer` not the buyer)
/// the action waits, announced as loading, and link states show only if the
/// service could tell the buyer's browser.
#[component]
fn Checkout(
    summary: SessionSummary,
    viewer: Viewer,
    selected: RwSignal<Option<String>>,
    requests: Requests,
    reload: RwSignal<u32>,
    region: RwSignal<Option<String>>,
    code_offered: RwSignal<bool>,
) -> impl IntoView {
    let locale = use_locale();
    let claimed = viewer == Viewer::Buyer;
    if summary.awaiting_link_code.is_some() {
        code_offered.set(true);
    }
    locale.set_region(summary.region.as_deref());
    if IN_BROWSER {
        apply_brand(summary.brand_color.as_deref());
        // The merchant's language for this checkout; else, when nothing about the
        // buyer named one, the buyer region's own (a KR checkout reads Korean).
        match (summary.locale.as_deref(), summary.region.as_deref()) {
            (Some(code), _) if locale.get_untracked() != code => {
                locale.prefer(code, locale::Reason::Chosen);
            }
            (None, Some(region)) => {
                if let Some(code) = locale::of_region(region) {
                    locale.prefer(code, locale::Reason::Region);
                }
            }
            _ => {}
        }
    }
    // Setup mode: the buyer links a wallet and pays nothing now.
    let setup = summary.setup;
    let just_linked = use_router().location().query("linked");
    let wallets = summary.wallets.clone();
    let offered = |code: &String| wallets.iter().any(|w| &w.code == code);
    let initial = just_linked
        .clone()
        .filter(offered)
        .or(selected.get_untracked().filter(offered))
        .or_else(|| wallets.first().map(|w| w.code.clone()));
    // Untracked: the views of the answer before are on their way out, these read it anew.
    *selected.write_untracked() = initial;
    let payment = RwSignal::new(summary.payment.clone());
    let error = RwSignal::new(None::<ErrorCode>);
    let busy = RwSignal::new(false);
    let status = RwSignal::new(just_linked.filter(|_| !setup).and_then(|code| {
        wallets.iter().find(|w| w.code == code).map(|w| {
            t!(
                locale,
                "just-linked",
                wallet = wallet_name(locale, &w.code, &w.name)
            )
        })
    }));

    let merchant = summary.merchant_name.clone();
    let session_id = summary.id.clone();
    let origin = summary.embed_origin.clone();
    // The frame is ready once the buyer's checkout is: not on the first paint before the claim.
    if IN_BROWSER && claimed {
        embed::ready_once(origin.as_deref(), &session_id);
        embed::report_payment_changes(origin.clone(), session_id.clone(), payment);
    }
    let total = summary.amount;
    let find = {
        let wallets = wallets.clone();
        move |code: &str| wallets.iter().find(|w| w.code == code).cloned()
    };
    let chosen = {
        let find = find.clone();
        Signal::derive(move || selected.get().and_then(|code| find(&code)))
    };
    let payment_wallet_name = {
        let find = find.clone();
        Signal::derive(move || {
            payment
                .get()
                .map(|p| {
                    find(&p.wallet)
                        .map_or(p.wallet.clone(), |w| wallet_name(locale, &w.code, &w.name))
                })
                .unwrap_or_default()
        })
    };

    let flow = Flow {
        requests: requests.clone(),
        session_id: session_id.as_str().into(),
        origin: origin.as_deref().map(Into::into),
        terminal_hint: summary.terminal,
        locale,
        router: use_router(),
        alive: PageAlive::track(),
        payment,
        error,
        busy,
        status,
        reload,
        left_for_wallet: RwSignal::new(false),
        code_offered,
        handoff_listener: StoredValue::new_local(None),
    };
    on_cleanup({
        let flow = flow.clone();
        move || flow.stop_listening()
    });
    // Back from a wallet app that returned elsewhere (or not at all): ask again,
    // so the checkout shows the link if it finished, and offers to link again if not.
    let left_for_wallet = flow.left_for_wallet;
    let came_back = window_event_listener_untyped("visibilitychange", move |_| {
        if !browser::page_hidden() && left_for_wallet.get_untracked() {
            left_for_wallet.set(false);
            reload.update(|n| *n += 1);
        }
    });
    on_cleanup(move || came_back.remove());

    let code_flow = flow.clone();
    // The one decision of the page: pay with a linked wallet, else link it.
    let act = move |_| {
        let Some(wallet) = chosen.get_untracked() else {
            return;
        };
        if busy.get_untracked() || !claimed {
            return;
        }
        busy.set(true);
        error.set(None);
        if wallet.link == LinkState::Linked {
            if setup {
                busy.set(false);
                return;
            }
            pay::pay(flow.clone(), wallet);
        } else {
            link::link(flow.clone(), wallet);
        }
    };

    // Until the app runs (the service's first paint) or the claim answered, the action waits.
    let waiting = !IN_BROWSER || !claimed;
    let action_label = move || match chosen.get() {
        _ if !claimed => t!(locale, "loading"),
        Some(w) if w.link == LinkState::Linked => {
            t!(
                locale,
                "pay-with",
                amount = format::money(&total, locale.intl()),
                wallet = wallet_name(locale, &w.code, &w.name)
            )
        }
        Some(w) => t!(
            locale,
            "link-wallet",
            wallet = wallet_name(locale, &w.code, &w.name)
        ),
        None => String::new(),
    };
    let show_result = move || {
        if setup {
            return chosen.get().is_some_and(|w| w.link == LinkState::Linked);
        }
        payment
            .get()
            .is_some_and(|p| p.state != PaymentState::Failed)
    };
    let failure = move || {
        payment
            .get()
            .filter(|p| p.state == PaymentState::Failed)
            .and_then(|p| p.failure_code)
    };
    let heading_merchant = merchant.clone();
    let header_merchant = merchant.clone();
    let note_merchant = merchant.clone();
    let wallets_href = format!("/checkout/{session_id}/wallets");
    let items = summary.items.clone();
    let regions = summary.regions.clone();
    // A region asked for and not answered yet (picked before the app ran) shows as picked.
    let current_region = region.get_untracked().or_else(|| summary.region.clone());

    view! {
        <PageHeader>
            <span class="merchant">{header_merchant}</span>
        </PageHeader>
        <PageHeading text=Signal::derive(move || if setup {
            t!(locale, "setup-heading", merchant = heading_merchant.clone())
        } else {
            t!(locale, "order-heading", merchant = heading_merchant.clone())
        })/>
        <OrderSummary description=summary.description.clone() items=items total=total/>
        <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
        {move || error.get().map(|code| view! { <ErrorNotice code=code/> })}
        <Show
            when=show_result
            fallback=move || {
                let act = act.clone();
                let wallets = wallets.clone();
                let regions = regions.clone();
                let current_region = current_region.clone();
                view! {
                    {move || failure().map(|code| view! {
                        <div class="notice error" role="alert">
                            <p><strong>{t!(locale, "result-failed")}</strong></p>
                            <p>{reason_text(&code)}</p>
                        </div>
                    })}
                    {(regions.len() > 1).then(|| view! { <RegionPicker regions=regions.clone() current=current_region.clone() region=region/> })}
                    {if wallets.is_empty() {
                        view! { <p>{move || t!(locale, "no-wallets")}</p> }.into_any()
                    } else {
                        view! {
                            <WalletChoice wallets=wallets.clone() selected=selected links=viewer.sees_links()/>
                            <p class="hint">
                                {move || chosen.get().filter(|w| claimed && w.link != LinkState::Linked).map(|w| t!(locale, "link-explainer", wallet = wallet_name(locale, &w.code, &w.name)))}
                            </p>
                            <button class="button primary" on:click=act.clone() disabled=move || waiting || busy.get() aria-busy=move || (waiting || busy.get()).to_string()>
                                {action_label}
                            </button>
                            {let flow = code_flow.clone(); move || (IN_BROWSER && code_offered.get()).then(|| view! { <link_code::LinkCodeEntry flow=flow.clone()/> })}
                        }
                        .into_any()
                    }}
                }
            }
        >
            {if setup {
                let merchant = merchant.clone();
                let return_url = summary.return_url.clone();
                view! {
                    <section class="result-card success" aria-live="polite">
                        <h2>{move || t!(locale, "setup-linked", wallet = chosen.get().map(|w| wallet_name(locale, &w.code, &w.name)).unwrap_or_default())}</h2>
                        <p>{let merchant = merchant.clone(); move || t!(locale, "setup-linked-detail", merchant = merchant.clone())}</p>
                        {return_url.map(|url| {
                            let merchant = merchant.clone();
                            view! {
                                <a class="button secondary" href=url rel="external">
                                    {move || t!(locale, "return-to-merchant", merchant = merchant.clone())}
                                </a>
                            }
                        })}
                    </section>
                }
                .into_any()
            } else {
                view! {
                    <PaymentResult
                        payment=payment
                        merchant=merchant.clone()
                        wallet_name=payment_wallet_name
                        return_url=summary.return_url.clone()
                        requests=requests.clone()
                    />
                }
                .into_any()
            }}
        </Show>
        <nav class="footer-links">
            <a href=wallets_href.clone()>{move || t!(locale, "manage-wallets")}</a>
        </nav>
        <p class="secure-note">{move || t!(locale, "secure-note", merchant = note_merchant.clone())}</p>
    }
}
