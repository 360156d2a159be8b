//! The checkout: order summary, the region's wallets (linked first), and one
//! primary action — "Pay with <wallet>" when linked ([`pay`]), "Link <wallet>"
//! otherwise ([`link`]); [`Checkout`]'s `act` is where the page decides.

mod action;
mod link;
mod link_code;
mod pay;
mod session;

use action::{Action, SetupResult, WalletAction};

pub use session::CheckoutPage;

use crate::api::Requests;
use crate::browser::{self, PageAlive, IN_BROWSER};
use crate::components::mandate::{MandateTerms, RecoveryNote};
use crate::components::notice::{posted_error, ErrorNotice};
use crate::components::order_summary::OrderSummary;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::payment_result::PaymentResult;
use crate::components::wallet_name;
use crate::embed;
use crate::first_paint::Viewer;
use crate::i18n::{use_locale, Locale};
use crate::router::{use_router, Location, Router};
use crate::t;
use contract::api::{
    ErrorCode, LinkState, PaymentState, PaymentView, SessionSummary, Terminal, WalletOption,
};
use leptos::prelude::*;
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
    /// The flow of checkout `summary`'s page.
    fn new(
        requests: Requests,
        summary: &SessionSummary,
        locale: Locale,
        payment: RwSignal<Option<PaymentView>>,
        status: RwSignal<Option<String>>,
        reload: RwSignal<u32>,
        code_offered: RwSignal<bool>,
    ) -> Self {
        Flow {
            requests,
            session_id: summary.id.as_str().into(),
            origin: summary.embed_origin.as_deref().map(Into::into),
            terminal_hint: summary.terminal,
            locale,
            router: use_router(),
            alive: PageAlive::track(),
            payment,
            error: RwSignal::new(None::<ErrorCode>),
            busy: RwSignal::new(false),
            status,
            reload,
            left_for_wallet: RwSignal::new(false),
            code_offered,
            handoff_listener: StoredValue::new_local(None),
        }
    }

    /// Ends the step with an error the buyer can read; the button works again.
    fn fail(&self, code: ErrorCode) {
        self.error.set(Some(code));
        self.status.set(None);
        self.busy.set(false);
    }

    /// Ends with the page: its hand-off listener goes, and while it lives, a
    /// return from the wallet app asks again.
    fn end_with_page(&self) {
        on_cleanup({
            let flow = self.clone();
            move || flow.stop_listening()
        });
        ask_again_when_back(self.left_for_wallet, self.reload);
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

/// The merchant's settings for this checkout: its colour, and its language
/// (else, when nothing about the buyer named one, the buyer region's own: a KR
/// checkout reads Korean).
fn adopt_merchant_settings(summary: &SessionSummary, locale: Locale) {
    locale.set_region(summary.region.as_deref());
    if !IN_BROWSER {
        return;
    }
    apply_brand(summary.brand_color.as_deref());
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

/// Back from a wallet app that returned elsewhere (or not at all): ask again,
/// so the checkout shows the link if it finished, and offers to link again if not.
fn ask_again_when_back(left_for_wallet: RwSignal<bool>, reload: RwSignal<u32>) {
    let came_back = window_event_listener_untyped("visibilitychange", move |_| {
        if !browser::page_hidden() && left_for_wallet.get_untracked() {
            left_for_wallet.set(false);
            reload.update(|n| *n += 1);
        }
    });
    on_cleanup(move || came_back.remove());
}

/// "Linked: you can pay now" for the wallet the buyer just linked.
fn just_linked_status(locale: Locale, wallets: &[WalletOption], code: &str) -> Option<String> {
    let w = wallets.iter().find(|w| w.code == code)?;
    Some(t!(
        locale,
        "just-linked",
        wallet = wallet_name(locale, &w.code, &w.name)
    ))
}

/// The name of the wallet a payment was made with, as the buyer reads it.
fn paid_with(locale: Locale, wallets: &[WalletOption], code: &str) -> String {
    wallets
        .iter()
        .find(|w| w.code == code)
        .map_or(code.to_owned(), |w| wallet_name(locale, &w.code, &w.name))
}

/// The wallet `selected` names, among the checkout's.
fn chosen_wallet(
    wallets: Vec<WalletOption>,
    selected: RwSignal<Option<String>>,
) -> Signal<Option<WalletOption>> {
    Signal::derive(move || {
        let code = selected.get()?;
        wallets.iter().find(|w| w.code == code).cloned()
    })
}

/// The merchant's name in the header, and what the page is for: an order, or
/// linking a wallet for later (setup mode).
#[component]
fn CheckoutHeading(merchant: String, setup: bool) -> impl IntoView {
    let locale = use_locale();
    let heading = merchant.clone();
    view! {
        <PageHeader>
            <span class="merchant">{merchant}</span>
        </PageHeader>
        <PageHeading text=Signal::derive(move || if setup {
            t!(locale, "setup-heading", merchant = heading.clone())
        } else {
            t!(locale, "order-heading", merchant = heading.clone())
        })/>
    }
}

/// The wallet picked at first: the one just linked (`?linked=`), else the one
/// picked before (on the service's page, or before the claim came back), else
/// the one the service's page posted for (`?wallet=`), else the first.
fn pick_initial(selected: RwSignal<Option<String>>, wallets: &[WalletOption], at: &Location) {
    let offered = |code: &String| wallets.iter().any(|w| &w.code == code);
    let initial = at
        .query("linked")
        .filter(offered)
        .or(selected.get_untracked().filter(offered))
        .or(at.query("wallet").filter(offered))
        .or_else(|| wallets.first().map(|w| w.code.clone()));
    // Untracked: the views of the answer before are on their way out, these read it anew.
    *selected.write_untracked() = initial;
}

/// What the buyer is asked to pay or agree to: why a recovered charge failed, the
/// order, the mandate, and whose account the checkout is for.
#[component]
fn Terms(summary: SessionSummary, merchant: String) -> impl IntoView {
    let locale = use_locale();
    view! {
        {summary.recovery.clone().map(|notice| view! { <RecoveryNote notice=notice merchant=merchant.clone()/> })}
        <OrderSummary description=summary.description.clone() items=summary.items.clone() total=summary.amount/>
        // What the buyer allows the merchant to charge without them, before they link.
        {summary.mandate.clone().map(|terms| view! { <MandateTerms terms=terms.into() merchant=merchant.clone()/> })}
        // A forwarded link: whose account this is, before anyone links a wallet to it.
        {summary.account_hint.clone().map(|account| view! {
            <p class="account-hint" role="note">{move || t!(locale, "account-hint", account = account.clone())}</p>
        })}
    }
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
    if summary.awaiting_link_code.is_some() {
        code_offered.set(true);
    }
    adopt_merchant_settings(&summary, locale);
    // Setup mode: the buyer links a wallet and pays nothing now.
    let setup = summary.setup;
    let just_linked = use_router().location().query("linked");
    let wallets = summary.wallets.clone();
    pick_initial(selected, &wallets, &use_router().location());
    let payment = RwSignal::new(summary.payment.clone());
    let status = RwSignal::new(
        just_linked
            .filter(|_| !setup)
            .and_then(|code| just_linked_status(locale, &wallets, &code)),
    );
    let merchant = summary.merchant_name.clone();
    // The frame is ready once the buyer's checkout is: not on the first paint before the claim.
    if IN_BROWSER && viewer == Viewer::Buyer {
        let origin = summary.embed_origin.clone();
        embed::ready_once(origin.as_deref(), &summary.id);
        embed::report_payment_changes(origin, summary.id.clone(), payment);
    }
    let chosen = chosen_wallet(wallets.clone(), selected);
    let flow = Flow::new(
        requests.clone(),
        &summary,
        locale,
        payment,
        status,
        reload,
        code_offered,
    );
    flow.end_with_page();
    // Why the service's page's last post did not go through (`/checkout/{id}/act`, its return).
    flow.error.set(posted_error(&use_router().location()));
    // Setup mode ends once the wallet is linked; a payment once it did not fail.
    let show_result = move || match setup {
        true => chosen.get().is_some_and(|w| w.link == LinkState::Linked),
        false => payment
            .get()
            .is_some_and(|p| p.state != PaymentState::Failed),
    };
    let error = flow.error;
    let note_merchant = merchant.clone();
    let wallets_href = format!("/checkout/{}/wallets", summary.id);
    let action = Action::new(flow, &summary, selected, chosen, viewer, region);

    view! {
        <CheckoutHeading merchant=merchant.clone() setup=setup/>
        <Terms summary=summary.clone() merchant=merchant.clone()/>
        <p class="status" role="status" aria-live="polite">{move || status.get()}</p>
        // Not beside a payment's result: an old `?error=` says nothing about it.
        {move || error.get().filter(|_| !show_result()).map(|code| view! { <ErrorNotice code=code/> })}
        <Show when=show_result fallback=move || view! { <WalletAction action=action.clone()/> }>
            {if setup {
                view! { <SetupResult merchant=merchant.clone() chosen=chosen return_url=summary.return_url.clone()/> }.into_any()
            } else {
                let wallets = summary.wallets.clone();
                let wallet_name = Signal::derive(move || payment.get().map(|p| paid_with(locale, &wallets, &p.wallet)).unwrap_or_default());
                view! { <PaymentResult payment=payment merchant=merchant.clone() wallet_name=wallet_name return_url=summary.return_url.clone() requests=requests.clone()/> }.into_any()
            }}
        </Show>
        <nav class="footer-links">
            <a href=wallets_href.clone()>{move || t!(locale, "manage-wallets")}</a>
        </nav>
        <p class="secure-note">{move || t!(locale, "secure-note", merchant = note_merchant.clone())}</p>
    }
}
