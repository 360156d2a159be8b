//! Linking a wallet: Antom's consult gives the wallet's pages; the buyer goes
//! there (this tab, the wallet app, or — from an iframe — a new tab) and comes
//! back through `authRedirectUrl`.

use super::Flow;
use crate::browser;
use crate::components::wallet_name;
use crate::embed::{self, Detail};
use crate::{handoff, t, terminal};
use contract::api::{
    AuthorizationRedirect, ErrorCode, LinkedWallet, StartAuthorization, WalletOption,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long the wallet app has to take over before its web page opens instead.
const APP_FALLBACK: Duration = Duration::from_millis(2_500);

/// Starts linking `wallet`; the buyer leaves for the wallet, or an error lands in `flow.error`.
pub fn link(flow: Flow, wallet: WalletOption) {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let (terminal, os) = terminal::detect(&ua, flow.terminal_hint);
    flow.status.set(Some(t!(
        flow.locale,
        "linking",
        wallet = wallet_name(flow.locale, &wallet.code, &wallet.name)
    )));
    let req = StartAuthorization {
        wallet: wallet.code.clone(),
        terminal,
        os,
    };
    // Wallet pages refuse to be framed: from an iframe they open in a new tab,
    // opened now while the click still counts as the buyer's gesture.
    let tab = embed::embedded().then(embed::open_blank_tab).flatten();
    spawn_local(async move {
        match flow.requests.start_authorization(&req).await {
            Ok(redirect) => go_to_wallet(flow, &wallet, terminal, &redirect, tab),
            Err(f) => {
                // The buyer reads why here; an empty tab would only hide it.
                if let Some(tab) = tab {
                    let _ = tab.close();
                }
                flow.fail(f.code)
            }
        }
    });
}

/// Sends the buyer to the wallet by the URL Antom's best practice picks for the terminal.
fn go_to_wallet(
    flow: Flow,
    wallet: &WalletOption,
    terminal: contract::api::Terminal,
    r: &AuthorizationRedirect,
    tab: Option<web_sys::Window>,
) {
    let own_origin = handoff::own_origin().unwrap_or_default();
    let (first, fallback) = terminal::choose(
        terminal,
        r.normal_url.as_deref(),
        r.applink_url.as_deref(),
        r.scheme_url.as_deref(),
        &own_origin,
    );
    // Only when this page itself went to the wallet: from an iframe the new tab
    // owns that journey, and the wallet page refuses to be framed.
    if let Some(fallback) = fallback.filter(|_| tab.is_none()).map(str::to_owned) {
        let alive = flow.alive.clone();
        spawn_local(async move {
            if alive.sleep(APP_FALLBACK).await && !browser::page_hidden() {
                browser::open_service_url(&fallback);
            }
        });
    }
    // The wallet app may bring the buyer back to another browser, which then
    // shows a code to type here.
    if first.is_some() {
        flow.code_offered.set(true);
    }
    match (first, tab) {
        (Some(url), Some(tab)) => {
            let _ = tab.location().set_href(url);
            flow.status.set(Some(t!(
                flow.locale,
                "continue-in-tab",
                wallet = wallet_name(flow.locale, &wallet.code, &wallet.name)
            )));
            listen_to_tab(flow, tab);
        }
        (Some(url), None) => {
            flow.left_for_wallet.set(true);
            browser::open_service_url(url);
        }
        (None, _) => flow.fail(ErrorCode::WalletRefused),
    }
}

/// The wallet tab hands the wallet's answer back; this frame's browser credential
/// started the link, so it completes it and tells the tab how it ended.
fn listen_to_tab(flow: Flow, tab: web_sys::Window) {
    let tab = send_wrapper::SendWrapper::new(tab);
    let reply_to = tab.clone();
    let answered = flow.clone();
    let listener = handoff::on_handoff(tab, move |answer| {
        let flow = answered.clone();
        let reply_to = reply_to.clone();
        spawn_local(async move {
            let finished = flow.requests.complete_authorization(&answer).await;
            handoff::answer_tab(
                &reply_to,
                &finished
                    .as_ref()
                    .map(|l| l.name.clone())
                    .map_err(|f| f.code),
            );
            match finished {
                Ok(link) => linked(&flow, &link),
                Err(f) => flow.fail(f.code),
            }
        });
    });
    flow.replace_handoff_listener(listener);
}

/// A link finished in this page (handed back by the wallet tab, or by a code):
/// the shop hears it, and the page shows it.
pub(super) fn linked(flow: &Flow, link: &LinkedWallet) {
    embed::post(
        flow.origin.as_deref(),
        "authorized",
        &[
            ("session", Detail::Text(&flow.session_id)),
            ("wallet", Detail::Text(&link.wallet)),
        ],
    );
    // The page is rebuilt for the new location and shows the link.
    flow.router.navigate(
        &format!("/checkout/{}?linked={}", flow.session_id, link.wallet),
        true,
    );
}
