//! Choosing a wallet and the page's one primary action, and setup mode's result.

use super::{link, link_code, pay, Flow};
use crate::browser::IN_BROWSER;
use crate::components::notice::reason_text;
use crate::components::region_picker::RegionPicker;
use crate::components::wallet_choice::WalletChoice;
use crate::components::wallet_name;
#[cfg(not(target_arch = "wasm32"))]
use crate::first_paint::PaintForm;
use crate::first_paint::Viewer;
use crate::i18n::{use_locale, Locale};
use crate::t;
use contract::api::{LinkState, Money, PaymentState, SessionSummary, WalletOption};
use leptos::prelude::*;
use locale::format;

/// What [`WalletAction`] shows and acts on.
#[derive(Clone)]
pub(super) struct Action {
    pub(super) flow: Flow,
    pub(super) wallets: Vec<WalletOption>,
    pub(super) selected: RwSignal<Option<String>>,
    pub(super) chosen: Signal<Option<WalletOption>>,
    pub(super) viewer: Viewer,
    /// Setup mode: a linked wallet is the end, nothing is paid.
    pub(super) setup: bool,
    pub(super) total: Money,
    pub(super) regions: Vec<String>,
    pub(super) current_region: Option<String>,
    pub(super) region: RwSignal<Option<String>>,
}

impl Action {
    /// The action of checkout `summary`'s page.
    pub(super) fn new(
        flow: Flow,
        summary: &SessionSummary,
        selected: RwSignal<Option<String>>,
        chosen: Signal<Option<WalletOption>>,
        viewer: Viewer,
        region: RwSignal<Option<String>>,
    ) -> Self {
        Action {
            flow,
            wallets: summary.wallets.clone(),
            selected,
            chosen,
            viewer,
            setup: summary.setup,
            total: summary.amount,
            regions: summary.regions.clone(),
            // A region asked for and not answered yet (picked before the app ran) shows as picked.
            current_region: region.get_untracked().or_else(|| summary.region.clone()),
            region,
        }
    }
}

/// The primary action's words: pay with the linked wallet, else link it;
/// "loading" until the claim came back.
fn action_label(
    locale: Locale,
    chosen: Option<WalletOption>,
    claimed: bool,
    total: &Money,
) -> String {
    match chosen {
        _ if !claimed => t!(locale, "loading"),
        Some(w) if w.link == LinkState::Linked => t!(
            locale,
            "pay-with",
            amount = format::money(total, locale.intl()),
            wallet = wallet_name(locale, &w.code, &w.name)
        ),
        Some(w) => t!(
            locale,
            "link-wallet",
            wallet = wallet_name(locale, &w.code, &w.name)
        ),
        None => String::new(),
    }
}

/// The service's page: the action as a plain form post (`/checkout/{id}/act`) that
/// works before, and without, the app, with its hidden fields and (before the
/// claim) every wallet's two labels for the page's loader. The app acts on the
/// button's click and renders `inner` alone: its download carries none of this.
#[cfg(not(target_arch = "wasm32"))]
fn action_form(
    inner: impl IntoView,
    session_id: &str,
    labels: Option<String>,
    shown: Option<WalletOption>,
) -> impl IntoView {
    // What the button says it does (`link`, `pay`) and for which wallet (`shown`:
    // with no script to relabel it, another radio may be checked); the service
    // does that or nothing. The loader changes both with the label.
    let intent = match shown.as_ref().map(|w| w.link) {
        Some(LinkState::Linked) => "pay",
        _ => "link",
    };
    let fields = use_context::<PaintForm>().map(|f| {
        view! {
            <input type="hidden" name="intent" value=intent/>
            <input type="hidden" name="shown" value=shown.map(|w| w.code)/>
            <input type="hidden" name="key" value=f.key/>
            <input type="hidden" name="proof" value=f.proof/>
        }
    });
    // The language the page was asked in (`?locale=`, the embed's): the answer's redirect keeps it.
    let action = match crate::router::use_router().location().asked_language() {
        Some(code) => format!("/checkout/{session_id}/act?locale={code}"),
        None => format!("/checkout/{session_id}/act"),
    };
    view! {
        <form id="act" class="act" method="post" action=action data-labels=labels>
            {fields}
            {inner}
        </form>
    }
}

#[cfg(target_arch = "wasm32")]
fn action_form(
    inner: impl IntoView,
    _: &str,
    _: Option<String>,
    _: Option<WalletOption>,
) -> impl IntoView {
    inner
}

/// The service renders the labels; the app's download does not carry this.
#[cfg(target_arch = "wasm32")]
fn labels_before_claim(_: Locale, _: &[WalletOption], _: &Money) -> Option<String> {
    None
}

/// Each wallet's two possible labels, `{"GCASH":["Link GCash","Pay ₱100.00 with GCash"]}`:
/// the service's page before the claim cannot know which applies (the buyer's
/// links are not the link holder's to see), so its loader picks once the claim answers.
#[cfg(not(target_arch = "wasm32"))]
fn labels_before_claim(locale: Locale, wallets: &[WalletOption], total: &Money) -> Option<String> {
    let labels: std::collections::BTreeMap<&str, [String; 2]> = wallets
        .iter()
        .map(|w| {
            let as_linked = |link| {
                let option = WalletOption { link, ..w.clone() };
                action_label(locale, Some(option), true, total)
            };
            (
                w.code.as_str(),
                [
                    as_linked(LinkState::NotLinked),
                    as_linked(LinkState::Linked),
                ],
            )
        })
        .collect();
    serde_json::to_string(&labels).ok()
}

/// The one decision of the page: pay with a linked wallet, else link it (setup
/// mode's linked wallet is the end: nothing to do).
fn decide(flow: &Flow, wallet: WalletOption, setup: bool) {
    if wallet.link == LinkState::Linked && setup {
        return;
    }
    flow.busy.set(true);
    flow.error.set(None);
    if wallet.link == LinkState::Linked {
        pay::pay(flow.clone(), wallet);
    } else {
        link::link(flow.clone(), wallet);
    }
}

/// Choosing a wallet and the one primary action: why the last payment failed,
/// the region picker, the wallets, and "Pay with …" or "Link …" (with the
/// field for a code from another browser, once a link went to a wallet).
#[component]
pub(super) fn WalletAction(action: Action) -> impl IntoView {
    let Action {
        flow,
        wallets,
        selected,
        chosen,
        viewer,
        setup,
        total,
        regions,
        current_region,
        region,
    } = action;
    let locale = flow.locale;
    let claimed = viewer == Viewer::Buyer;
    // Until this browser's claim answered, the action waits. The service's page is a
    // form that works without the app (`/checkout/{id}/act`, [`action_form`]); the app acts on the click.
    let waiting = !claimed;
    let session_id = flow.session_id.clone();
    let labels = (!IN_BROWSER && !claimed)
        .then(|| labels_before_claim(locale, &wallets, &total))
        .flatten();
    let (busy, payment, code_offered) = (flow.busy, flow.payment, flow.code_offered);
    let code_flow = flow.clone();
    let act = move |_| {
        let Some(wallet) = chosen.get_untracked() else {
            return;
        };
        if !busy.get_untracked() && claimed {
            decide(&flow, wallet, setup);
        }
    };
    let failure = move || {
        payment
            .get()
            .filter(|p| p.state == PaymentState::Failed)
            .and_then(|p| p.failure_code)
    };
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
                {action_form(view! {
                    <WalletChoice wallets=wallets.clone() selected=selected links=viewer.sees_links()/>
                    // How linking works, from the first paint on (it tells nothing of the
                    // buyer's): two lines appearing only once the claim is back would be the
                    // page's largest paint, late (Lighthouse's LCP, measured 2.1 s).
                    <p class="hint">
                        {move || chosen.get().filter(|w| w.link != LinkState::Linked).map(|w| t!(locale, "link-explainer", wallet = wallet_name(locale, &w.code, &w.name)))}
                    </p>
                    <button type="submit" class="button primary" on:click=act disabled=move || waiting || busy.get() aria-busy=move || (waiting || busy.get()).to_string()>
                        {move || action_label(locale, chosen.get(), claimed, &total)}
                    </button>
                }, &session_id, labels.clone(), chosen.get_untracked())}
                {move || (IN_BROWSER && code_offered.get()).then(|| view! { <link_code::LinkCodeEntry flow=code_flow.clone()/> })}
            }
            .into_any()
        }}
    }
}

/// Setup mode's result: the wallet is linked, the merchant will charge it later.
#[component]
pub(super) fn SetupResult(
    merchant: String,
    chosen: Signal<Option<WalletOption>>,
    return_url: Option<String>,
) -> impl IntoView {
    let locale = use_locale();
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
}
