//! Starting a link: the attempt (one-time authState, bound to the browser, at
//! most so many per checkout) and Antom's consult, which answers the wallet's page.

use super::BrowserHash;
use crate::crypto::random_token;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::authorizations::AuthorizationAttempt;
use crate::store::sessions::CheckoutSession;
use crate::store::{self};
use crate::Service;
use antom::api::{AuthScope, ConsultRequest, Env, OsType, TerminalType};
use contract::api::{AuthorizationRedirect, Os, StartAuthorization};

/// How long a buyer may spend on the wallet's page.
const ATTEMPT_TTL_SECS: i64 = 15 * 60;

/// At most this many trips to a wallet per checkout in [`START_WINDOW_SECS`]:
/// each is an Antom consult and a row, and a buyer needs two or three.
pub const MAX_STARTS_PER_WINDOW: i64 = 10;
/// The window of [`MAX_STARTS_PER_WINDOW`].
pub const START_WINDOW_SECS: i64 = 10 * 60;

fn offered(session: &CheckoutSession, wallet: &str) -> Option<&'static contract::Wallet> {
    contract::wallets::wallet(wallet).filter(|w| crate::domain::checkout::offers(session, w))
}

/// Starts linking `wallet`: answers the wallet page URLs for the buyer's terminal.
pub async fn start(
    svc: &Service,
    session: &CheckoutSession,
    browser: &BrowserHash,
    req: StartAuthorization,
) -> Result<AuthorizationRedirect> {
    crate::domain::checkout::ensure_open(session, svc.now())?;
    let wallet = offered(session, &req.wallet).ok_or_else(|| {
        Error::invalid(
            ErrorCode::WalletNotAvailable,
            format!("{} is not offered here", req.wallet),
        )
    })?;
    let terminal = crate::domain::checkout::antom_terminal(req.terminal);
    let os = req.os.map(|os| match os {
        Os::Ios => OsType::Ios,
        Os::Android => OsType::Android,
    });
    if terminal != TerminalType::Web && os.is_none() {
        return Err(Error::validation("os is required for WAP and APP"));
    }
    let now = svc.now();
    let attempt = AuthorizationAttempt {
        auth_state: random_token(24),
        checkout_session_id: session.id.clone(),
        buyer_reference: session.buyer_reference.clone(),
        wallet: wallet.code.to_owned(),
        terminal: req.terminal,
        created_at: now,
        expires_at: now + ATTEMPT_TTL_SECS,
        used_at: None,
        outcome: None,
        browser_hash: Some(browser.0.clone()),
        agreed_at: None,
    };
    let within_limit = store::authorizations::insert_within_limit(
        &svc.db,
        &attempt,
        now - START_WINDOW_SECS,
        MAX_STARTS_PER_WINDOW,
    )
    .await?;
    if !within_limit {
        return Err(Error::TooMany {
            code: ErrorCode::TooManyAuthorizations,
            message: format!(
                "this checkout started {MAX_STARTS_PER_WINDOW} wallet links in {} minutes; wait a few minutes",
                START_WINDOW_SECS / 60
            ),
            retry_after_secs: START_WINDOW_SECS as u64,
        });
    }
    let consult = consult_request(svc, session, wallet, &attempt.auth_state, terminal, os);
    let urls = svc
        .antom
        .execute(&consult)
        .await
        .map_err(|e| Error::from_antom(e, ErrorCode::WalletRefused))?;
    Ok(AuthorizationRedirect {
        normal_url: urls.normal_url.or(urls.auth_url),
        applink_url: urls.applink_url,
        scheme_url: urls.scheme_url,
    })
}

/// Antom's consult for `wallet` on `terminal`, coming back to the checkout's return page.
fn consult_request(
    svc: &Service,
    session: &CheckoutSession,
    wallet: &contract::Wallet,
    auth_state: &str,
    terminal: TerminalType,
    os: Option<OsType>,
) -> ConsultRequest {
    ConsultRequest {
        customer_belongs_to: wallet.code.to_owned(),
        auth_redirect_url: svc.url(&format!("/checkout/{}/return", session.id)),
        scopes: vec![AuthScope::AgreementPay],
        auth_state: auth_state.to_owned(),
        terminal_type: terminal.clone(),
        os_type: os.clone(),
        os_version: None,
        merchant_region: None,
        auth_client_id: None,
        auth_notify_url: Some(svc.notify_url("/notify/authorization")),
        recurring_payment: antom::api::ASKS_RECURRING_PAYMENT
            .contains(&wallet.code)
            .then_some(session.recurring),
        env: Some(Env {
            terminal_type: Some(terminal),
            os_type: os,
            ..Env::default()
        }),
    }
}
