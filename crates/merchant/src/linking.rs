//! Linking a wallet (授权): consult with a one-time authState, the buyer's
//! return with an authCode, applyToken, and the link's later life (unlink,
//! cancelled in the wallet app, refresh).

use crate::crypto::{new_id, random_token, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::states::LinkStatus;
use crate::store::authorizations::AuthorizationAttempt;
use crate::store::sessions::CheckoutSession;
use crate::store::wallets::LinkedWalletRow;
use crate::store::{self, now, wallets};
use crate::Service;
use antom::api::{
    ApplyTokenRequest, ApplyTokenResponse, AuthScope, ConsultRequest, Env, GrantType, OsType,
    RevokeRequest, TerminalType,
};
use antom::{AntomError, Secret};
use contract::api::{
    AuthorizationRedirect, CompleteAuthorization, LinkedWallet, Os, StartAuthorization,
};

/// Names a buyer's browser without revealing its cookie: the cookie's SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserHash(pub String);

/// How long a buyer may spend on the wallet's page.
const ATTEMPT_TTL_SECS: i64 = 15 * 60;

/// At most this many trips to a wallet per checkout in [`START_WINDOW_SECS`]:
/// each is an Antom consult and a row, and a buyer needs two or three.
pub const MAX_STARTS_PER_WINDOW: i64 = 10;
/// The window of [`MAX_STARTS_PER_WINDOW`].
pub const START_WINDOW_SECS: i64 = 10 * 60;

fn offered(session: &CheckoutSession, wallet: &str) -> Option<&'static contract::Wallet> {
    contract::wallets::wallet(wallet).filter(|w| crate::checkout::offers(session, w))
}

/// Starts linking `wallet`: answers the wallet page URLs for the buyer's terminal.
pub async fn start(
    svc: &Service,
    session: &CheckoutSession,
    browser: &BrowserHash,
    req: StartAuthorization,
) -> Result<AuthorizationRedirect> {
    let wallet = offered(session, &req.wallet).ok_or_else(|| {
        Error::invalid(
            ErrorCode::WalletNotAvailable,
            format!("{} is not offered here", req.wallet),
        )
    })?;
    let terminal = crate::checkout::antom_terminal(req.terminal);
    let os = req.os.map(|os| match os {
        Os::Ios => OsType::Ios,
        Os::Android => OsType::Android,
    });
    if terminal != TerminalType::Web && os.is_none() {
        return Err(Error::validation("os is required for WAP and APP"));
    }
    let now = now();
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
    let consult = ConsultRequest {
        customer_belongs_to: wallet.code.to_owned(),
        auth_redirect_url: svc.url(&format!("/checkout/{}/return", session.id)),
        scopes: vec![AuthScope::AgreementPay],
        auth_state: attempt.auth_state.clone(),
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
    };
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

/// What the buyer sees of a link.
/// The buyer's wallets as the linked-wallets page shows them: every link but unlinked ones.
pub async fn buyers_wallets(svc: &Service, buyer_reference: &str) -> Result<Vec<LinkedWallet>> {
    let rows = wallets::latest_for_buyer(&svc.db, buyer_reference).await?;
    Ok(rows
        .iter()
        .filter(|r| r.status != LinkStatus::Unlinked)
        .map(view)
        .collect())
}

/// A link as the app shows it.
pub fn view(row: &LinkedWalletRow) -> LinkedWallet {
    LinkedWallet {
        wallet: row.wallet.clone(),
        name: contract::wallets::wallet(&row.wallet)
            .map_or_else(|| row.wallet.clone(), |w| w.name.to_owned()),
        account: row.display_account.clone(),
        link: row.status.view(),
        linked_at: row.created_at,
    }
}

/// A link as the merchant API (and its `wallet.*` events) show it.
pub fn buyer_wallet(
    svc: &Service,
    row: &LinkedWalletRow,
    ended_by: Option<String>,
) -> contract::back_office::BuyerWallet {
    let seen = view(row);
    contract::back_office::BuyerWallet {
        id: row.id.clone(),
        buyer_reference: row.buyer_reference.clone(),
        wallet: seen.wallet,
        name: seen.name,
        account: seen.account,
        link: seen.link,
        linked_at: seen.linked_at,
        token_expires_at: row.access_token_expires_at,
        ended_by,
        livemode: svc.config.livemode(),
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
    if attempt.expires_at < now() {
        return Err(took_too_long());
    }
    if !store::authorizations::take(&svc.db, &attempt.auth_state, now()).await? {
        return already_completed(svc, &attempt).await;
    }
    let Some(code) = req.auth_code.filter(|c| !c.is_empty()) else {
        store::authorizations::set_outcome(&svc.db, &attempt.auth_state, "declined").await?;
        return Err(Error::invalid(
            ErrorCode::AuthDeclined,
            "the buyer did not authorize the wallet",
        ));
    };
    let row = link_with_code(svc, &attempt, &code).await?;
    Ok(view(&row))
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
    if attempt.outcome.as_deref() == Some("linked") {
        if let Some(row) =
            wallets::active(&svc.db, &attempt.buyer_reference, &attempt.wallet).await?
        {
            return Ok(view(&row));
        }
    }
    if attempt.outcome.as_deref() == Some("declined") {
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
    let now = now();
    Ok(LinkedWalletRow {
        id,
        buyer_reference: buyer.to_owned(),
        wallet: wallet.to_owned(),
        display_account: token
            .psp_customer_info
            .and_then(|p| p.display_customer_id)
            .or(token.user_login_id),
        access_token_hash: sha256_hex(access.expose().as_bytes()),
        access_token_enc: svc.cipher.encrypt(access.expose()),
        access_token_expires_at: expiry(token.access_token_expiry_time.as_deref()),
        refresh_token_enc: token
            .refresh_token
            .as_ref()
            .map(|r| svc.cipher.encrypt(r.expose())),
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
                AntomError::Failed { result, .. } => format!("rejected:{}", result.result_code),
                _ => "unknown".into(),
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
    // A setup-mode checkout is completed by the link itself.
    let setup = store::sessions::get(&svc.db, &attempt.checkout_session_id)
        .await?
        .filter(|s| s.mode == contract::api::CheckoutMode::Setup)
        .map(|s| s.id);
    wallets::insert_active(&svc.db, &row, Some(&attempt.auth_state), setup.as_deref()).await?;
    tracing::info!(wallet = %row.wallet, link = %row.id, "wallet linked");
    Ok(row)
}

/// The buyer (or the merchant) unlinks here: revoke at Antom, then end the link.
pub async fn unlink(svc: &Service, buyer: &str, wallet: &str, ended_by: &str) -> Result<()> {
    let row = wallets::active(&svc.db, buyer, wallet)
        .await?
        .ok_or(Error::NotFound("linked wallet"))?;
    let token = Secret::new(svc.cipher.decrypt(&row.access_token_enc)?);
    match svc
        .antom
        .execute(&RevokeRequest {
            access_token: token,
        })
        .await
    {
        Ok(_) => {}
        // Already dead at Antom: the buyer's wish is met.
        Err(AntomError::Failed { result, .. }) if result.result_code == "INVALID_ACCESS_TOKEN" => {}
        Err(e) => return Err(Error::from_antom(e, ErrorCode::UnlinkRefused)),
    }
    wallets::end_by(&svc.db, &row.id, LinkStatus::Unlinked, ended_by, now()).await?;
    // A refresh may have replaced the token between our read and our end: that
    // newer token is revoked too, so an unlinked wallet has no live token left.
    if let Some(now_row) = wallets::get(&svc.db, &row.id).await? {
        if now_row.access_token_hash != row.access_token_hash {
            revoke_quietly(svc, &now_row.access_token_enc).await;
        }
    }
    Ok(())
}

/// Revokes a stored (encrypted) token at Antom, logging instead of failing: the link is already ended here.
async fn revoke_quietly(svc: &Service, encrypted: &str) {
    let Ok(token) = svc.cipher.decrypt(encrypted) else {
        return;
    };
    if let Err(e) = svc
        .antom
        .execute(&RevokeRequest {
            access_token: Secret::new(token),
        })
        .await
    {
        tracing::warn!(error = %e, "could not revoke a token of an ended link");
    }
}

/// TOKEN_CANCELED: the buyer unlinked inside the wallet app.
pub async fn token_canceled(svc: &Service, access_token: &str) -> Result<bool> {
    let Some(row) = wallets::by_token_hash(&svc.db, &sha256_hex(access_token.as_bytes())).await?
    else {
        return Ok(false);
    };
    Ok(wallets::end(&svc.db, &row.id, LinkStatus::RevokedByWallet, now()).await?)
}

/// Renews a link's tokens with applyToken(REFRESH_TOKEN); a dead refresh token ends the link.
pub async fn refresh(svc: &Service, row: &LinkedWalletRow) -> Result<()> {
    let Some(stored) = &row.refresh_token_enc else {
        wallets::end(&svc.db, &row.id, LinkStatus::Expired, now()).await?;
        return Ok(());
    };
    let request = ApplyTokenRequest {
        grant_type: GrantType::RefreshToken,
        customer_belongs_to: row.wallet.clone(),
        auth_code: None,
        refresh_token: Some(Secret::new(svc.cipher.decrypt(stored)?)),
        merchant_region: None,
    };
    match svc.call_antom(&request).await {
        Ok(token) => {
            let mut fresh = stored_link(
                svc,
                row.id.clone(),
                &row.buyer_reference,
                &row.wallet,
                token,
            )?;
            fresh.display_account = fresh
                .display_account
                .or_else(|| row.display_account.clone());
            if !wallets::replace_tokens(&svc.db, &fresh).await? {
                // Unlinked (or revoked) while Antom answered: the fresh token is
                // stored nowhere, and must not stay alive at Antom either.
                tracing::info!(link = %row.id, "link ended during refresh; revoking the new token");
                revoke_quietly(svc, &fresh.access_token_enc).await;
                return Ok(());
            }
            tracing::info!(link = %row.id, "wallet token refreshed");
            Ok(())
        }
        Err(AntomError::Failed { result, .. }) => {
            tracing::warn!(link = %row.id, code = %result.result_code, "refresh refused; link expired");
            wallets::end(&svc.db, &row.id, LinkStatus::Expired, now()).await?;
            Ok(())
        }
        Err(e) => Err(Error::from_antom(e, ErrorCode::AntomUnavailable)),
    }
}
