//! Failed-charge recovery: a merchant-initiated charge that Antom refuses for a
//! reason that may pass (the buyer's balance or limit) is tried again on the
//! charge's schedule, each try under its own paymentRequestId (derived from the
//! charge's key and the try's number, recorded before it is sent), each held to
//! the mandate again. Only when no try is left does the charge fail for good.

use crate::domain::error::{Error, Result};
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::states::PaymentStatus;
use crate::store::payments::{self, PaymentAttempt, PaymentSettlement};
use crate::store::sessions::CheckoutSession;
use crate::store::wallets::LinkedWalletRow;
use crate::store::{self, mandates, wallets};
use crate::Service;

/// Refusals that may pass with time, so a charge refused with one is tried again:
/// the buyer's balance was too low (Antom: "top up the account"; prepaid wallets
/// are topped up), or the buyer's amount or count limit was reached (wallet limits
/// reset by day or month). Antom's pay table does not sort codes into "retry later"
/// and "final": this is our reading of its "further action" column. Every other
/// refusal is final and never retried: risk (`RISK_REJECT`), the buyer's account
/// (`USER_STATUS_ABNORMAL`, `USER_NOT_EXIST`, `USER_KYC_NOT_QUALIFIED`), a step only
/// the buyer can take (`USER_PAYMENT_VERIFICATION_FAILED`), the token
/// (`INVALID_ACCESS_TOKEN`), a closed order (`ORDER_IS_CLOSED`), a parameter, the contract.
pub const RETRIABLE: &[&str] = &[
    "USER_BALANCE_NOT_ENOUGH",
    "USER_AMOUNT_EXCEED_LIMIT",
    "PAYMENT_COUNT_EXCEED_LIMIT",
];

pub mod recovery;

/// A lease outlives one Antom call.
const LEASE_SECS: i64 = 60;

/// The charge's retry days, if it is a charge that is tried again.
pub(crate) fn schedule(p: &PaymentAttempt) -> Option<Vec<i64>> {
    serde_json::from_str(p.retry_schedule.as_deref()?).ok()
}

/// Turns a refusal of charge `p` that may pass into a retry, while its schedule has
/// one left: the next day of the schedule, counted from the charge, and never sooner
/// than a minute from now.
pub fn plan(p: &PaymentAttempt, s: &mut PaymentSettlement, now: i64) {
    if s.status != PaymentStatus::Failed {
        return;
    }
    let code = s.result_code.as_deref().or(p.result_code.as_deref());
    if !code.is_some_and(|c| RETRIABLE.contains(&c)) {
        return;
    }
    let Some(days) = schedule(p) else {
        return;
    };
    let next = usize::try_from(p.attempt - 1)
        .ok()
        .and_then(|i| days.get(i));
    if let Some(day) = next {
        s.retry_at = Some((p.created_at + day * 86_400).max(now + 60));
    }
}

/// The next try's paymentRequestId: the charge's key, scoped by its session and the try's number.
fn request_id(p: &PaymentAttempt, number: i64) -> Result<String> {
    let key = IdempotencyKey::parse(Some(&p.idempotency_key))?;
    Ok(key.derived_id(
        "pr_",
        Some(&format!("{}#{number}", p.checkout_session_id)),
        40,
    ))
}

/// Tries a `retry_scheduled` charge again (the worker, when it is due): the link and
/// the mandate are checked again, the try is recorded, then sent.
pub async fn retry(svc: &Service, p: &PaymentAttempt) -> Result<()> {
    let now = svc.now();
    let session = store::sessions::get(&svc.db, &p.checkout_session_id)
        .await?
        .ok_or(Error::NotFound("checkout session"))?;
    match allowed_link(svc, p, &session, now).await? {
        Ok(link) => try_again(svc, p, &session, &link, now).await,
        Err(reason) => {
            tracing::info!(payment = %p.id, reason, "no more tries");
            payments::give_up(&svc.db, &p.id, reason, now).await?;
            Ok(())
        }
    }
}

/// The link charge `p` may be tried again on now; or why not: its wallet has no active
/// link, or the charge's mandate no longer rides on it, ended, or has no room left in
/// the interval the retry falls in (where it is counted again).
async fn allowed_link(
    svc: &Service,
    p: &PaymentAttempt,
    session: &CheckoutSession,
    now: i64,
) -> Result<std::result::Result<LinkedWalletRow, &'static str>> {
    let Some(link) = wallets::active(&svc.db, &p.buyer_reference, &p.wallet).await? else {
        return Ok(Err("WALLET_NOT_LINKED"));
    };
    // A charge from before mandates (none recorded) is held to the link's own.
    let mandate = match &session.charged_under {
        Some((id, _)) => mandates::get(&svc.db, id).await?,
        None => mandates::for_link(&svc.db, &link.id).await?,
    };
    let Some(m) = mandate.filter(|m| m.linked_wallet_id == link.id && m.is_open(now)) else {
        return Ok(Err("MANDATE_ENDED"));
    };
    let counted = session.charged_under.as_ref().and_then(|(_, start)| *start);
    if let (Some(counted), Some(interval)) = (counted, m.interval()) {
        let (start, _) = crate::domain::mandates::bounds(interval, m.created_at, now);
        let room = start <= counted
            || mandates::recount_for_retry(&svc.db, &session.id, &m.id, start, p.amount_minor, now)
                .await?;
        if !room {
            return Ok(Err("MANDATE_LIMIT_REACHED"));
        }
    }
    Ok(Ok(link))
}

/// Records the next try under its own paymentRequestId, on the wallet's current link, and sends it.
async fn try_again(
    svc: &Service,
    p: &PaymentAttempt,
    session: &CheckoutSession,
    link: &LinkedWalletRow,
    now: i64,
) -> Result<()> {
    let request = request_id(p, p.attempt + 1)?;
    if !payments::begin_retry(&svc.db, &p.id, &request, &link.id, now, now + LEASE_SECS).await? {
        return Ok(());
    }
    let recorded = payments::get(&svc.db, &p.id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    tracing::info!(payment = %p.id, attempt = recorded.attempt, "trying the charge again");
    crate::domain::paying::send(svc, &recorded, session).await
}
