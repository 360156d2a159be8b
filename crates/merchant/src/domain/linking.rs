//! Linking a wallet (授权): consult with a one-time authState, the buyer's
//! return with an authCode, applyToken, and the link's later life (unlink,
//! cancelled in the wallet app, refresh).

use crate::crypto::{new_id, sha256_hex};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::mandates;
use crate::domain::states::{AuthorizationOutcome, LinkStatus};
use crate::store::authorizations::AuthorizationAttempt;
use crate::store::sessions::CheckoutSession;
use crate::store::wallets::LinkedWalletRow;
use crate::store::{self, wallets};
use crate::Service;
use antom::api::{ApplyTokenRequest, ApplyTokenResponse, GrantType};
use antom::{AntomError, Secret};
use contract::api::{CompleteAuthorization, LinkedWallet};

mod consult;
mod refresh;
mod unlinking;
mod views;
pub use consult::{start, MAX_STARTS_PER_WINDOW, START_WINDOW_SECS};
pub use refresh::refresh;
use unlinking::revoke_quietly;
pub use unlinking::{token_canceled, unlink};
pub use views::{buyer_wallet, latest_link, view, wallets_for_buyer, wallets_for_merchant};

/// Names a buyer's browser without revealing its cookie: the cookie's SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserHash(pub String);

impl BrowserHash {
    /// The hash of a browser's cookie or frame credential, as it is stored.
    pub fn of(secret: &str) -> Self {
        BrowserHash(sha256_hex(secret.as_bytes()))
    }
}

/// The buyer is back from the wallet: check the state and who brings it, exchange the code, keep the token.
///
/// `buyer` is the caller's checkout session and browser. Only the browser that
/// started the link may finish it, whatever it brings: an authCode that reaches
/// another browser (a victim sent the attacker's consent URL, or a wallet app
/// that opened the phone's default browser) links nothing.
pub async fn complete(
    svc: &Service,
    buyer: Option<(&CheckoutSession, &BrowserHash)>,
    req: CompleteAuthorization,
) -> Result<LinkedWallet> {
    let attempt = issued_attempt(svc, &req.auth_state).await?;
    let Some((session, browser)) = buyer else {
        return Err(other_browser());
    };
    if attempt.checkout_session_id != session.id
        || attempt.buyer_reference != session.buyer_reference
    {
        return Err(foreign());
    }
    if attempt.browser_hash.as_deref() != Some(browser.0.as_str()) {
        return Err(other_browser());
    }
    if attempt.used_at.is_some() {
        return already_completed(svc, &attempt).await;
    }
    crate::domain::checkout::ensure_open(session, svc.now())?;
    if attempt.expires_at < svc.now() {
        return Err(took_too_long());
    }
    if !store::authorizations::take(&svc.db, &attempt.auth_state, svc.now()).await? {
        return already_completed(svc, &attempt).await;
    }
    let Some(code) = req.auth_code.filter(|c| !c.is_empty()) else {
        store::authorizations::set_outcome(
            &svc.db,
            &attempt.auth_state,
            &AuthorizationOutcome::Declined,
        )
        .await?;
        return Err(Error::invalid(
            ErrorCode::AuthDeclined,
            "the buyer did not authorize the wallet",
        ));
    };
    let row = link_with_code(svc, &attempt, &code).await?;
    Ok(view(&row))
}

/// Whether `auth_state` names a link of `session` that `browser` started: a
/// return the service may complete itself (a form's link), where junk or another
/// browser's state is left to the page, which explains it.
pub async fn started_by(
    svc: &Service,
    auth_state: &str,
    session: &CheckoutSession,
    browser: &BrowserHash,
) -> Result<bool> {
    if auth_state.is_empty() {
        return Ok(false);
    }
    Ok(store::authorizations::get(&svc.db, auth_state)
        .await?
        .is_some_and(|a| {
            a.checkout_session_id == session.id
                && a.browser_hash.as_deref() == Some(browser.0.as_str())
        }))
}

/// The attempt whose one-time `auth_state` this service issued.
pub(crate) async fn issued_attempt(
    svc: &Service,
    auth_state: &str,
) -> Result<AuthorizationAttempt> {
    store::authorizations::get(&svc.db, auth_state)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                ErrorCode::AuthStateInvalid,
                "this authorization was not started here",
            )
        })
}

/// The state names another checkout's link.
pub(crate) fn foreign() -> Error {
    Error::invalid(
        ErrorCode::AuthStateForeign,
        "this authorization belongs to another checkout",
    )
}

/// The buyer came back after the attempt ran out.
pub(crate) fn took_too_long() -> Error {
    Error::invalid(
        ErrorCode::AuthStateExpired,
        "this authorization took too long; please link again",
    )
}

fn other_browser() -> Error {
    Error::invalid(
        ErrorCode::AuthStateOtherBrowser,
        "this link was started in another browser; finish it there, or link again",
    )
}

/// A reload of the return page: answer what happened.
async fn already_completed(svc: &Service, attempt: &AuthorizationAttempt) -> Result<LinkedWallet> {
    if attempt.outcome() == Some(AuthorizationOutcome::Linked) {
        if let Some(row) =
            wallets::active(&svc.db, &attempt.buyer_reference, &attempt.wallet).await?
        {
            return Ok(view(&row));
        }
    }
    if attempt.outcome() == Some(AuthorizationOutcome::Declined) {
        return Err(Error::invalid(
            ErrorCode::AuthDeclined,
            "the buyer did not authorize the wallet",
        ));
    }
    Err(Error::invalid(
        ErrorCode::AuthStateUsed,
        "this authorization was already used; please link again",
    ))
}

fn expiry(text: Option<&str>) -> Option<i64> {
    text.and_then(antom::time::parse)
        .map(|t| t.unix_timestamp())
}

fn stored_link(
    svc: &Service,
    id: String,
    buyer: &str,
    wallet: &str,
    token: ApplyTokenResponse,
) -> Result<LinkedWalletRow> {
    let access = token.access_token.ok_or_else(|| {
        Error::Internal(anyhow::anyhow!(
            "applyToken answered S without an accessToken"
        ))
    })?;
    let now = svc.now();
    let row = format!("{id}:{buyer}:{wallet}");
    Ok(LinkedWalletRow {
        id,
        buyer_reference: buyer.to_owned(),
        wallet: wallet.to_owned(),
        display_account: token
            .psp_customer_info
            .and_then(|p| p.display_customer_id)
            .or(token.user_login_id),
        access_token_hash: sha256_hex(access.expose().as_bytes()),
        access_token_enc: svc.cipher.seal(access.expose(), access_binding(&row)),
        access_token_expires_at: expiry(token.access_token_expiry_time.as_deref()),
        refresh_token_enc: token
            .refresh_token
            .as_ref()
            .map(|r| svc.cipher.seal(r.expose(), refresh_binding(&row))),
        refresh_token_expires_at: expiry(token.refresh_token_expiry_time.as_deref()),
        status: LinkStatus::Active,
        created_at: now,
        updated_at: now,
    })
}

/// applyToken with a fresh authCode and store the link. The attempt must already be taken.
pub async fn link_with_code(
    svc: &Service,
    attempt: &AuthorizationAttempt,
    code: &str,
) -> Result<LinkedWalletRow> {
    let request = ApplyTokenRequest {
        grant_type: GrantType::AuthorizationCode,
        customer_belongs_to: attempt.wallet.clone(),
        auth_code: Some(Secret::new(code)),
        refresh_token: None,
        merchant_region: None,
    };
    let token = match svc.call_antom(&request).await {
        Ok(token) => token,
        Err(e) => {
            let outcome = match &e {
                AntomError::Failed { result, .. } => {
                    AuthorizationOutcome::Rejected(result.result_code.clone())
                }
                _ => AuthorizationOutcome::Unknown,
            };
            store::authorizations::set_outcome(&svc.db, &attempt.auth_state, &outcome).await?;
            return Err(Error::from_antom(e, ErrorCode::AuthCodeRejected));
        }
    };
    let row = stored_link(
        svc,
        new_id("lw"),
        &attempt.buyer_reference,
        &attempt.wallet,
        token,
    )?;
    // A setup-mode checkout is completed by the link itself; a mandate asked for is agreed.
    let session = store::sessions::get(&svc.db, &attempt.checkout_session_id).await?;
    let setup = session.as_ref().filter(|s| s.mode.links_only());
    let mandate = session.as_ref().and_then(|s| mandates::agreed_in(s, &row));
    // A relink keeps the mandate of the link it renews, if the buyer linked that wallet.
    let keeps_mandate = match session.as_ref().and_then(|s| s.renews.as_deref()) {
        Some(renews) => mandates::kept_by_relink(svc, renews)
            .await?
            .filter(|m| m.wallet == row.wallet)
            .map(|m| m.id),
        None => None,
    };
    // Who claimed the checkout the link was made in: the merchant can tell the
    // account's owner when a forwarded link put a stranger's wallet on it.
    let linked_from = store::sessions::claimant(&svc.db, &attempt.checkout_session_id)
        .await?
        .map(|(ip, user_agent)| serde_json::json!({ "ip": ip, "user_agent": user_agent }));
    let new = wallets::NewLink {
        auth_state: Some(&attempt.auth_state),
        completes_session: setup.map(|s| s.id.as_str()),
        linked_from,
        mandate,
        keeps_mandate,
    };
    // The link it replaces has no reason to keep a live token at Antom.
    for replaced in wallets::insert_active(&svc.db, &row, new).await? {
        revoke_quietly(svc, &replaced).await;
    }
    tracing::info!(wallet = %row.wallet, link = %row.id, "wallet linked");
    Ok(row)
}

/// A link's access token, sealed to its row, buyer and wallet (`binding_row`).
pub fn access_binding(row: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "linked_wallet.access_token",
        row,
    }
}

/// A link's refresh token, sealed likewise.
pub fn refresh_binding(row: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "linked_wallet.refresh_token",
        row,
    }
}

/// The buyer agreed at the wallet: note it, and nothing more. Only the browser
/// that started the link completes it, with the authCode it received itself;
/// linking from here would hand a victim's wallet to whoever started the link.
pub async fn note_agreement(
    svc: &Service,
    n: &antom::api::AuthorizationNotification,
) -> Result<()> {
    let Some(state) = &n.auth_state else {
        return Ok(());
    };
    if store::authorizations::mark_agreed(&svc.db, state, svc.now()).await? {
        tracing::info!("buyer agreed at the wallet; waiting for the starting browser");
    }
    Ok(())
}
