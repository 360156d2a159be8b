//! The recovery checkout: a failed or retrying charge's order as a buyer-present
//! checkout the merchant can send the buyer. It says why the charge failed, and the
//! buyer pays there with this wallet (after a top-up), another, or a new one.
//! Pressing pay there ends the charge's retries, so the two never both take money.

use crate::crypto::keyed_hash_hex;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states::PaymentStatus;
use crate::store::payments::{self, PaymentAttempt};
use crate::store::sessions::{self, CheckoutSession};
use crate::Service;
use contract::api::PaymentView;

/// How long a recovery checkout can be paid in after the charge's last retry: a week.
const RECOVERY_TTL_SECS: i64 = 7 * 86_400;
/// Recovery checkouts' ids start so.
pub const RECOVERY_SESSION_PREFIX: &str = "cs_rec_";

/// The recovery checkout's id and claim token, both derived from the charge with the
/// service's secret: made once, shown on every read of the charge, never guessable.
fn derived(svc: &Service, charge_id: &str) -> (String, String) {
    let secret = &svc.config.token_encryption_key;
    let id = keyed_hash_hex(secret, format!("recovery-session:{charge_id}").as_bytes());
    let token = keyed_hash_hex(secret, format!("recovery-token:{charge_id}").as_bytes());
    (
        format!("{RECOVERY_SESSION_PREFIX}{}", &id[..24]),
        token[..32].to_owned(),
    )
}

/// Adds what a merchant-initiated charge's view shows: its finished tries, when it is
/// tried again, whether that is final, and (failed or retrying) its recovery checkout.
pub async fn add_to_view(svc: &Service, p: &PaymentAttempt, view: &mut PaymentView) -> Result<()> {
    if p.retry_schedule.is_none() {
        return Ok(());
    }
    view.attempts = payments::attempts(&svc.db, &p.id)
        .await?
        .into_iter()
        .map(|a| contract::mandates::ChargeAttempt {
            number: u32::try_from(a.number).unwrap_or(0),
            payment_request_id: a.payment_request_id,
            started_at: a.started_at,
            ended_at: a.ended_at,
            state: a
                .status
                .parse::<PaymentStatus>()
                .map_or(contract::api::PaymentState::Failed, PaymentStatus::view),
            result_code: a.result_code,
        })
        .collect();
    let retrying = p.status == PaymentStatus::RetryScheduled;
    view.next_attempt_at = p.next_check_at.filter(|_| retrying);
    view.is_final = Some(p.status.is_final());
    if retrying || p.status == PaymentStatus::Failed {
        view.recovery_url = recovery_url(svc, p).await?;
    }
    Ok(())
}

/// The recovery checkout's URL, made the first time it is asked for; `None` once it ran out.
async fn recovery_url(svc: &Service, p: &PaymentAttempt) -> Result<Option<String>> {
    let (id, token) = derived(svc, &p.id);
    let existing = sessions::get(&svc.db, &id).await?;
    let session = match existing {
        Some(s) => s,
        None => {
            let charge = sessions::get(&svc.db, &p.checkout_session_id)
                .await?
                .ok_or(Error::NotFound("checkout session"))?;
            let made = recovery_session(svc, &charge, p, &id, &token);
            // Made by a concurrent read meanwhile: the same id, the same session.
            match payments::store_recovery_session(&svc.db, &p.id, &made).await {
                Ok(()) => {}
                Err(e) if crate::store::is_unique_violation(&e) => {}
                Err(e) => return Err(e.into()),
            }
            made
        }
    };
    Ok((session.expires_at > svc.now()).then(|| svc.url(&format!("/checkout/{id}#t={token}"))))
}

/// The charge's order as a checkout for its buyer, in its wallet's region.
fn recovery_session(
    svc: &Service,
    charge: &CheckoutSession,
    p: &PaymentAttempt,
    id: &str,
    token: &str,
) -> CheckoutSession {
    let now = svc.now();
    let last_retry_day = super::schedule(p)
        .and_then(|days| days.last().copied())
        .unwrap_or(0);
    let ends = (p.created_at + last_retry_day * 86_400).max(now) + RECOVERY_TTL_SECS;
    CheckoutSession {
        id: id.to_owned(),
        claim_token_hash: crate::crypto::sha256_hex(token.as_bytes()),
        claimed_at: None,
        region: contract::wallets::wallet(&p.wallet).map(|w| w.region.to_owned()),
        recurring: false,
        mode: contract::api::CheckoutMode::Payment,
        mandate: None,
        charged_under: None,
        created_at: now,
        expires_at: ends,
        ..charge.clone()
    }
}

/// The charge a recovery checkout recovers, if `session` is one.
pub async fn charge_of(svc: &Service, session: &CheckoutSession) -> Result<Option<PaymentAttempt>> {
    if !session.id.starts_with(RECOVERY_SESSION_PREFIX) {
        return Ok(None);
    }
    Ok(payments::recovered_by(&svc.db, &session.id).await?)
}

/// Before the buyer pays in a recovery checkout: the charge's retries end, and a
/// charge with a try under way, or paid, refuses the payment (never both take money).
pub async fn before_payment(svc: &Service, session: &CheckoutSession) -> Result<()> {
    let Some(charge) = charge_of(svc, session).await? else {
        return Ok(());
    };
    payments::cancel_retries(&svc.db, &charge.id, svc.now()).await?;
    let now = payments::get(&svc.db, &charge.id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    match now.status {
        PaymentStatus::Recorded | PaymentStatus::Processing => Err(Error::conflict(
            ErrorCode::PaymentInProgress,
            "the merchant's charge of this order is being tried right now; try again in a minute",
        )),
        PaymentStatus::Succeeded | PaymentStatus::Cancelling => Err(Error::conflict(
            ErrorCode::OrderAlreadyPaid,
            "this order is already paid",
        )),
        _ => Ok(()),
    }
}
