//! A wallet that brings the buyer back to another browser.
//!
//! A wallet app opens `authRedirectUrl` in the phone's default browser, not in
//! the in-app browser (LINE, KakaoTalk…) or the shop's frame where the buyer
//! started. Only the starting browser may finish a link (an authCode that
//! reaches another browser may be a victim's, sent the attacker's consent page),
//! so the return page there cannot finish it. Instead it shows a six-digit code
//! ([`issue`]) that the buyer types into the checkout where they started
//! ([`redeem`]), which finishes the link for that browser.
//!
//! Why the code goes this way, and not from the checkout to the return page: an
//! attacker who starts a link sees whatever their own checkout shows, and could
//! send it with the consent URL. A code shown only in the browser the wallet
//! returned to reaches the attacker only if the victim hands it over, which the
//! page warns never to do. Without it nothing is linked: five tries per code at
//! one in a million each, five codes per link, five minutes each.

use crate::crypto::{constant_time_eq, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::linking::{link_with_code, view, BrowserHash};
use crate::store::sessions::CheckoutSession;
use crate::store::{self, now};
use crate::Service;
use contract::api::{CompleteAuthorization, LinkHandover, LinkedWallet};
use rand::Rng;

/// How long a code works.
pub const CODE_TTL_SECS: i64 = 5 * 60;
/// Tries of one code before it stops working.
pub const MAX_TRIES: i64 = 5;
/// Codes one link may show (each reload of the return page shows a new one).
pub const MAX_CODES: i64 = 5;

fn code_hash(auth_state: &str, code: &str) -> String {
    sha256_hex(format!("{auth_state}:{code}").as_bytes())
}

/// In the browser the wallet returned to: a code for checkout `checkout_id`'s link, or why not.
pub async fn issue(
    svc: &Service,
    checkout_id: &str,
    req: CompleteAuthorization,
) -> Result<LinkHandover> {
    let attempt = store::authorizations::get(&svc.db, &req.auth_state)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                ErrorCode::AuthStateInvalid,
                "this authorization was not started here",
            )
        })?;
    if attempt.checkout_session_id != checkout_id {
        return Err(Error::invalid(
            ErrorCode::AuthStateForeign,
            "this authorization belongs to another checkout",
        ));
    }
    if attempt.used_at.is_some() {
        return Err(Error::invalid(
            ErrorCode::AuthStateUsed,
            "this authorization was already finished",
        ));
    }
    let now = now();
    if attempt.expires_at < now {
        return Err(Error::invalid(
            ErrorCode::AuthStateExpired,
            "this authorization took too long; please link again",
        ));
    }
    let Some(auth_code) = req.auth_code.filter(|c| !c.is_empty()) else {
        return Err(Error::invalid(
            ErrorCode::AuthDeclined,
            "the buyer did not authorize the wallet",
        ));
    };
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let expires_at = (now + CODE_TTL_SECS).min(attempt.expires_at);
    let shown = store::authorizations::issue_handover(
        &svc.db,
        &attempt.auth_state,
        &code_hash(&attempt.auth_state, &code),
        &svc.cipher.encrypt(&auth_code),
        expires_at,
        MAX_CODES,
    )
    .await?;
    if !shown {
        return Err(Error::TooMany {
            code: ErrorCode::TooManyAuthorizations,
            message: format!("this link showed {MAX_CODES} codes already; link the wallet again"),
            retry_after_secs: CODE_TTL_SECS as u64,
        });
    }
    Ok(LinkHandover {
        code,
        wallet: attempt.wallet,
        expires_at,
    })
}

/// The wallet of the link `browser` started in `session` that waits for a code shown elsewhere.
pub async fn awaited(
    svc: &Service,
    session: &CheckoutSession,
    browser: &BrowserHash,
) -> Result<Option<String>> {
    Ok(
        store::authorizations::awaiting_handover(&svc.db, &session.id, &browser.0, now())
            .await?
            .map(|h| h.wallet),
    )
}

fn expired() -> Error {
    Error::invalid(
        ErrorCode::LinkCodeExpired,
        "no code is waiting for this checkout: it ran out or was tried too often; link the wallet again",
    )
}

/// In the browser that started the link: finishes it with the code the other browser showed.
pub async fn redeem(
    svc: &Service,
    session: &CheckoutSession,
    browser: &BrowserHash,
    typed: &str,
) -> Result<LinkedWallet> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{a0}'))
        .collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid(
            ErrorCode::LinkCodeWrong,
            "the code is six digits",
        ));
    }
    let now = now();
    let Some(waiting) =
        store::authorizations::awaiting_handover(&svc.db, &session.id, &browser.0, now).await?
    else {
        return Err(expired());
    };
    if waiting.expires_at < now {
        return Err(expired());
    }
    if !store::authorizations::count_handover_try(&svc.db, &waiting.auth_state, MAX_TRIES).await? {
        return Err(expired());
    }
    if !constant_time_eq(
        &code_hash(&waiting.auth_state, &code),
        &waiting.handover_code_hash,
    ) {
        return Err(Error::invalid(
            ErrorCode::LinkCodeWrong,
            "that is not the code the other browser showed",
        ));
    }
    if !store::authorizations::take(&svc.db, &waiting.auth_state, now).await? {
        return Err(expired());
    }
    let attempt = store::authorizations::get(&svc.db, &waiting.auth_state)
        .await?
        .ok_or(Error::NotFound("authorization"))?;
    let auth_code = svc
        .cipher
        .decrypt(&waiting.handover_auth_code_enc)
        .map_err(|e| Error::Internal(anyhow::anyhow!("handover authCode: {e:?}")))?;
    let row = link_with_code(svc, &attempt, &auth_code).await?;
    Ok(view(&row))
}
