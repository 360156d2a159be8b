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
//! page warns never to do. Without it nothing is linked: five tries per link at
//! one in a million each, five codes per link, five minutes each. The first
//! authCode a code is shown for is the only one the link will take (someone who
//! learns the authState cannot swap in their own wallet's answer), and codes
//! are kept as keyed hashes (a database reader cannot test the million guesses).

use crate::crypto::{constant_time_eq, keyed_hash_hex};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::linking::{
    foreign, issued_attempt, link_with_code, took_too_long, view, BrowserHash,
};
use crate::store::sessions::CheckoutSession;
use crate::store::{self};
use crate::Service;
use contract::api::{CompleteAuthorization, LinkHandover, LinkedWallet};
use rand::Rng;

/// How long a code works.
pub const CODE_TTL_SECS: i64 = 5 * 60;
/// Tries of one code before it stops working.
pub const MAX_TRIES: i64 = 5;
/// Codes one link may show (each reload of the return page shows a new one).
pub const MAX_CODES: i64 = 5;

fn code_hash(svc: &Service, auth_state: &str, code: &str) -> String {
    keyed_hash_hex(
        &svc.config.token_encryption_key,
        format!("handover-code:{auth_state}:{code}").as_bytes(),
    )
}

/// A wallet's authCode kept for a handover, sealed to its authorization attempt.
pub fn auth_code_binding(auth_state: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "authorization.handover_auth_code",
        row: auth_state,
    }
}

fn auth_code_hash(svc: &Service, auth_code: &str) -> String {
    keyed_hash_hex(
        &svc.config.token_encryption_key,
        format!("handover-auth-code:{auth_code}").as_bytes(),
    )
}

/// In the browser the wallet returned to: a code for checkout `checkout_id`'s link, or why not.
pub async fn issue(
    svc: &Service,
    checkout_id: &str,
    req: CompleteAuthorization,
) -> Result<LinkHandover> {
    let attempt = issued_attempt(svc, &req.auth_state).await?;
    if attempt.checkout_session_id != checkout_id {
        return Err(foreign());
    }
    if attempt.used_at.is_some() {
        return Err(Error::invalid(
            ErrorCode::AuthStateUsed,
            "this authorization was already finished",
        ));
    }
    crate::domain::checkout::ensure_open(
        &crate::domain::checkout::get(svc, &attempt.checkout_session_id).await?,
        svc.now(),
    )?;
    let now = svc.now();
    if attempt.expires_at < now {
        return Err(took_too_long());
    }
    let Some(auth_code) = req.auth_code.filter(|c| !c.is_empty()) else {
        return Err(Error::invalid(
            ErrorCode::AuthDeclined,
            "the buyer did not authorize the wallet",
        ));
    };
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let expires_at = (now + CODE_TTL_SECS).min(attempt.expires_at);
    let bound_to = auth_code_hash(svc, &auth_code);
    let shown = store::authorizations::issue_handover(
        &svc.db,
        &attempt.auth_state,
        &code_hash(svc, &attempt.auth_state, &code),
        &bound_to,
        &svc.cipher
            .seal(&auth_code, auth_code_binding(&attempt.auth_state)),
        expires_at,
        MAX_CODES,
        MAX_TRIES,
    )
    .await?;
    if !shown {
        return Err(refused_code(svc, &attempt.auth_state, &bound_to).await?);
    }
    Ok(LinkHandover {
        code,
        merchant_name: svc.config.merchant_name.clone(),
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
        store::authorizations::awaiting_handover(&svc.db, &session.id, &browser.0, svc.now())
            .await?
            .map(|h| h.wallet),
    )
}

/// Why no code was shown for an open attempt.
async fn refused_code(svc: &Service, auth_state: &str, bound_to: &str) -> Result<Error> {
    let Some((bound, issued, tries)) =
        store::authorizations::handover_state(&svc.db, auth_state).await?
    else {
        return Ok(Error::NotFound("authorization"));
    };
    Ok(if bound.as_deref().is_some_and(|b| b != bound_to) {
        // Not the wallet answer the link's code was shown for: someone else's.
        Error::invalid(
            ErrorCode::AuthStateInvalid,
            "this authorization already waits for another wallet answer",
        )
    } else if tries >= MAX_TRIES {
        expired()
    } else if issued >= MAX_CODES {
        Error::TooMany {
            code: ErrorCode::TooManyAuthorizations,
            message: format!("this link showed {MAX_CODES} codes already; link the wallet again"),
            retry_after_secs: CODE_TTL_SECS as u64,
        }
    } else {
        // Taken meanwhile (finished in the starting browser).
        Error::invalid(
            ErrorCode::AuthStateUsed,
            "this authorization was already finished",
        )
    })
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
    crate::domain::checkout::ensure_open(session, svc.now())?;
    let now = svc.now();
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
        &code_hash(svc, &waiting.auth_state, &code),
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
        .open(
            &waiting.handover_auth_code_enc,
            auth_code_binding(&waiting.auth_state),
        )
        .map_err(|e| Error::Internal(anyhow::anyhow!("handover authCode: {e:?}")))?;
    let row = link_with_code(svc, &attempt, &auth_code).await?;
    Ok(view(&row))
}
