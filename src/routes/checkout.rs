//! The checkout: order summary, the region's wallets (linked first), and one
//! primary action — "Pay with <wallet>" when linked, "Link <wallet>" otherwise.

use crate::api::{self, Failure, Requests};
use crate::components::notice::{reason_text, ErrorNotice};
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::payment_result::PaymentResult;
use crate::components::skeleton::Skeleton;
use crate::components::wallet_mark::WalletMark;
use crate::embed::Detail;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::{embed, handoff, t, terminal};
use contract::api::{
    ErrorCode, LinkState, PaymentState, SessionSummary, StartAuthorization, WalletOption,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;
use std::time::Duration;

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

async fn load(requests: &Requests, id: &str) -> Result<SessionSummary, Failure> {
    let summary = match api::prefetched_session(id).await {
        // A used token may still have left us a valid cookie (a reload in a new tab).
        Some((true, Err(f))) if f.code == ErrorCode::Forbidden => requests.session(None).await,
        Some((_, answer)) => answer,
        None => match take_claim_token() {
            // A used token may still have left us a valid cookie (a reload in a new tab).
            Some(token) => match requests.session(Some(token)).await {
                Err(f) if f.code == ErrorCode::Forbidden => requests.session(None).await,
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

fn pay_key_name(session: &str) -> String {
    format!("checkout-pay-key:{session}")
}

/// The key of the payment the buyer asked for, kept across reloads until it fails for good.
fn pay_key(session: &str) -> String {
    let storage = api::session_storage();
    if let Some(key) = storage
        .as_ref()
        .and_then(|s| s.get_item(&pay_key_name(session)).ok().flatten())
    {
        return key;
    }
    let key = api::random_key();
    if let Some(s) = storage {
        let _ = s.set_item(&pay_key_name(session), &key);
    }
    key
}

fn forget_pay_key(session: &str) {
    if let Some(s) = api::session_storage() {
        let _ = s.remove_item(&pay_key_name(session));
    }
}

/// The checkout page.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let id = use_router().checkout_id();
    let requests = Requests::new(&id);
    let reload = RwSignal::new(0u32);
    let region = RwSignal::new(None::<String>);
    let summary = LocalResource::new({
        let requests = requests.clone();
        move || {
            reload.track();
            let pick = region.get();
            let requests = requests.clone();
            let id = id.clone();
            async move {
                match pick {
                    Some(r) => requests.session_in_region(&r).await,
                    None => load(&requests, &id).await,
                }
            }
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
    view! {
        <Transition fallback=Skeleton>
            {move || {
                let requests = requests.clone();
                Suspend::new(async move {
                    match summary.await {
                        Ok(s) => view! { <Checkout summary=s requests=requests reload=reload region=region/> }.into_any(),
                        Err(f) => view! {
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
                })
            }}
        </Transition>
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

/// The region picker, when the merchant offers several regions.
#[component]
fn RegionPicker(
    regions: Vec<String>,
    current: Option<String>,
    region: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="region">
            <span>{move || t!(locale, "region")}</span>
            <select on:change=move |ev| region.set(Some(event_target_value(&ev)))>
                {regions
                    .into_iter()
                    .map(|code| {
                        let selected = current.as_deref() == Some(code.as_str());
                        let key = format!("region-name-{}", code.to_ascii_lowercase());
                        view! { <option value=code.clone() selected=selected>{move || locale.lookup(&key, "region")}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

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

#[component]
fn Checkout(
    summary: SessionSummary,
    requests: Requests,
    reload: RwSignal<u32>,
    region: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    apply_brand(summary.brand_color.as_deref());
    if let Some(code) = summary.locale.as_deref() {
        if locale.get_untracked() != code {
            locale.set(code);
        }
    }
    let just_linked = use_router().location().query("linked");
    let wallets = summary.wallets.clone();
    let initial = just_linked
        .clone()
        .filter(|code| wallets.iter().any(|w| &w.code == code))
        .or_else(|| wallets.first().map(|w| w.code.clone()));
    let selected = RwSignal::new(initial);
    let payment = RwSignal::new(summary.payment.clone());
    let error = RwSignal::new(None::<ErrorCode>);
    let busy = RwSignal::new(false);
    let status = RwSignal::new(just_linked.and_then(|code| {
        wallets
            .iter()
            .find(|w| w.code == code)
            .map(|w| t!(locale, "just-linked", wallet = w.name.clone()))
    }));

    let merchant = summary.merchant_name.clone();
    let session_id = summary.id.clone();
    let origin = summary.embed_origin.clone();
    embed::report_size(origin.clone());
    embed::post(
        origin.as_deref(),
        "ready",
        &[("session", Detail::Text(&session_id))],
    );
    {
        let origin = origin.clone();
        let session = session_id.clone();
        Effect::new(move |previous: Option<Option<PaymentState>>| {
            let current = payment.get().map(|p| p.state);
            let changed = previous.is_some_and(|p| p != current);
            if changed {
                if let Some(p) = payment.get_untracked() {
                    let event = match p.state {
                        PaymentState::Succeeded => "payment_succeeded",
                        PaymentState::Failed => "payment_failed",
                        PaymentState::Processing | PaymentState::Cancelling => "payment_processing",
                        PaymentState::Cancelled => "payment_cancelled",
                    };
                    embed::post(
                        origin.as_deref(),
                        event,
                        &[
                            ("session", Detail::Text(&session)),
                            ("payment", Detail::Text(&p.id)),
                            ("amount", Detail::Number(p.amount.minor as f64)),
                            ("currency", Detail::Text(p.amount.currency.as_str())),
                            (
                                "reason",
                                p.failure_code
                                    .as_deref()
                                    .map_or(Detail::Nothing, Detail::Text),
                            ),
                        ],
                    );
                }
            }
            current
        });
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
                .map(|p| find(&p.wallet).map_or(p.wallet.clone(), |w| w.name))
                .unwrap_or_default()
        })
    };

    // The frame's listener for its wallet tab's hand-off; one at a time, gone with the page.
    let handoff_listener = StoredValue::new_local(None::<WindowListenerHandle>);
    let stop_listening = move || {
        if let Some(handle) = handoff_listener.try_update_value(Option::take).flatten() {
            handle.remove();
        }
    };
    on_cleanup(stop_listening);
    // Back from a wallet app that returned elsewhere (or not at all): ask again,
    // so the checkout shows the link if it finished, and offers to link again if not.
    let left_for_wallet = RwSignal::new(false);
    let came_back = window_event_listener_untyped("visibilitychange", move |_| {
        if !api::page_hidden() && left_for_wallet.get_untracked() {
            left_for_wallet.set(false);
            reload.update(|n| *n += 1);
        }
    });
    on_cleanup(move || came_back.remove());

    let router = use_router();
    let act = {
        let origin = origin.clone();
        let requests = requests.clone();
        let session_id = session_id.clone();
        let terminal_hint = summary.terminal.clone();
        move |_| {
            let Some(wallet) = chosen.get_untracked() else {
                return;
            };
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let requests = requests.clone();
            if wallet.link == LinkState::Linked {
                let key = pay_key(&session_id);
                let session_id = session_id.clone();
                status.set(Some(t!(locale, "paying")));
                spawn_local(async move {
                    match requests.pay(&wallet.code, &key).await {
                        Ok(view) => {
                            if view.state == PaymentState::Failed {
                                forget_pay_key(&session_id);
                            }
                            payment.set(Some(view));
                        }
                        Err(f) => {
                            if matches!(
                                f.code,
                                ErrorCode::OrderAlreadyPaid
                                    | ErrorCode::PaymentInProgress
                                    | ErrorCode::WalletNotLinked
                            ) {
                                reload.update(|n| *n += 1);
                            }
                            error.set(Some(f.code));
                        }
                    }
                    status.set(None);
                    busy.set(false);
                });
            } else {
                let ua = web_sys::window()
                    .and_then(|w| w.navigator().user_agent().ok())
                    .unwrap_or_default();
                let (terminal, os) = terminal::detect(&ua, terminal_hint);
                status.set(Some(t!(locale, "linking", wallet = wallet.name.clone())));
                let req = StartAuthorization {
                    wallet: wallet.code.clone(),
                    terminal,
                    os,
                };
                // Wallet pages refuse to be framed: from an iframe they open in a new tab,
                // opened now while the click still counts as the buyer's gesture.
                let tab = embed::embedded().then(embed::open_blank_tab).flatten();
                let session_id = session_id.clone();
                let origin = origin.clone();
                spawn_local(async move {
                    match requests.start_authorization(&req).await {
                        Ok(r) => {
                            let own_origin = handoff::own_origin().unwrap_or_default();
                            let (first, fallback) = terminal::choose(
                                terminal,
                                r.normal_url.as_deref(),
                                r.applink_url.as_deref(),
                                r.scheme_url.as_deref(),
                                &own_origin,
                            );
                            // Only when this page itself went to the wallet: from an iframe the
                            // new tab owns that journey, and the wallet page refuses to be framed.
                            let fallback = fallback.filter(|_| tab.is_none());
                            if let Some(fallback) = fallback.map(str::to_owned) {
                                // If the wallet app did not take over, open its web page.
                                spawn_local(async move {
                                    gloo_timers::future::sleep(Duration::from_millis(2_500)).await;
                                    if !api::page_hidden() {
                                        api::open_service_url(&fallback);
                                    }
                                });
                            }
                            match (first, tab) {
                                (Some(url), Some(tab)) => {
                                    let _ = tab.location().set_href(url);
                                    status.set(Some(t!(
                                        locale,
                                        "continue-in-tab",
                                        wallet = wallet.name.clone()
                                    )));
                                    // The tab hands the wallet's answer back; this frame's
                                    // browser session started the link, so it completes it.
                                    let tab = send_wrapper::SendWrapper::new(tab);
                                    let reply_to = tab.clone();
                                    let listener = handoff::on_handoff(tab, move |answer| {
                                        let requests = requests.clone();
                                        let reply_to = reply_to.clone();
                                        let origin = origin.clone();
                                        let session_id = session_id.clone();
                                        spawn_local(async move {
                                            let finished =
                                                requests.complete_authorization(&answer).await;
                                            handoff::answer_tab(
                                                &reply_to,
                                                &finished
                                                    .as_ref()
                                                    .map(|l| l.name.clone())
                                                    .map_err(|f| f.code),
                                            );
                                            match finished {
                                                Ok(link) => {
                                                    embed::post(
                                                        origin.as_deref(),
                                                        "authorized",
                                                        &[
                                                            ("session", Detail::Text(&session_id)),
                                                            ("wallet", Detail::Text(&link.wallet)),
                                                        ],
                                                    );
                                                    // The page is rebuilt for the new location and shows the link.
                                                    router.navigate(
                                                        &format!(
                                                            "/checkout/{session_id}?linked={}",
                                                            link.wallet
                                                        ),
                                                        true,
                                                    );
                                                }
                                                Err(f) => {
                                                    error.set(Some(f.code));
                                                    status.set(None);
                                                    busy.set(false);
                                                }
                                            }
                                        });
                                    });
                                    stop_listening();
                                    handoff_listener.set_value(Some(listener));
                                }
                                (Some(url), None) => {
                                    left_for_wallet.set(true);
                                    api::open_service_url(url);
                                }
                                (None, _) => {
                                    error.set(Some(ErrorCode::WalletRefused));
                                    busy.set(false);
                                }
                            }
                        }
                        Err(f) => {
                            error.set(Some(f.code));
                            status.set(None);
                            busy.set(false);
                        }
                    }
                });
            }
        }
    };

    let action_label = move || match chosen.get() {
        Some(w) if w.link == LinkState::Linked => {
            t!(
                locale,
                "pay-with",
                amount = format::money(&total, locale.get()),
                wallet = w.name
            )
        }
        Some(w) => t!(locale, "link-wallet", wallet = w.name),
        None => String::new(),
    };
    let show_result = move || {
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
    let current_region = summary.region.clone();
    let currency = summary.amount;

    view! {
        <PageHeader>
            <span class="merchant">{header_merchant}</span>
        </PageHeader>
        <PageHeading text=Signal::derive(move || t!(locale, "order-heading", merchant = heading_merchant.clone()))/>
        <section class="order" aria-label=move || t!(locale, "order-total")>
            <p class="description">{summary.description.clone()}</p>
            <ul class="items">
                {items
                    .into_iter()
                    .map(|item| {
                        let line = contract::api::Money { minor: item.unit_amount * i64::from(item.quantity), ..currency };
                        view! {
                            <li>
                                <span>{item.name.clone()}" "{move || t!(locale, "order-quantity", quantity = item.quantity)}</span>
                                <span>{move || format::money(&line, locale.get())}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="total">
                <span>{move || t!(locale, "order-total")}</span>
                <strong>{move || format::money(&total, locale.get())}</strong>
            </p>
        </section>
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
                            <fieldset class="wallets">
                                <legend>{move || t!(locale, "wallets-heading")}</legend>
                                {wallets
                                    .iter()
                                    .map(|w| {
                                        let code = w.code.clone();
                                        let checked_code = code.clone();
                                        let w_text = w.clone();
                                        let mark_name = w.name.clone();
                                        view! {
                                            <label class="wallet" class:linked=w.link == LinkState::Linked>
                                                <input
                                                    type="radio"
                                                    name="wallet"
                                                    value=code.clone()
                                                    prop:checked=move || selected.get().as_deref() == Some(checked_code.as_str())
                                                    on:change=move |_| selected.set(Some(code.clone()))
                                                />
                                                <WalletMark
                                                    code=w.code.clone()
                                                    name=w.name.clone()
                                                    label=Signal::derive(move || t!(locale, "wallet-mark", wallet = mark_name.clone()))
                                                />
                                                <span class="wallet-text">
                                                    <span class="wallet-name">{w.name.clone()}</span>
                                                    <span class="wallet-state">{move || wallet_state_text(&w_text)}</span>
                                                </span>
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                            <p class="hint">
                                {move || chosen.get().filter(|w| w.link != LinkState::Linked).map(|w| t!(locale, "link-explainer", wallet = w.name))}
                            </p>
                            <button class="button primary" on:click=act.clone() disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                                {action_label}
                            </button>
                        }
                        .into_any()
                    }}
                }
            }
        >
            <PaymentResult
                payment=payment
                merchant=merchant.clone()
                wallet_name=payment_wallet_name
                return_url=summary.return_url.clone()
                requests=requests.clone()
            />
        </Show>
        <nav class="footer-links">
            <a href=wallets_href.clone()>{move || t!(locale, "manage-wallets")}</a>
        </nav>
        <p class="secure-note">{move || t!(locale, "secure-note", merchant = note_merchant.clone())}</p>
    }
}
