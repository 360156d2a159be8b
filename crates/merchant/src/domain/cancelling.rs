//! Cancelling a payment (a void, within Antom's cancel window): recorded as
//! `cancelling` before Antom is asked, sent again until Antom answers, and
//! never beside a refund.

use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states::PaymentStatus;
use crate::store::payments;
use crate::store::payments::PaymentAttempt;
use crate::Service;
use antom::api::CancelRequest;
use antom::AntomError;

/// A lease outlives any single Antom call (as the worker's).
const CANCEL_LEASE_SECS: i64 = 60;

/// What became of a cancel the merchant asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelOutcome {
    /// Antom cancelled it (now or before).
    Cancelled,
    /// Recorded and sent, with no final answer yet: the worker sends it again.
    Pending,
}

/// Cancels a payment (void) within Antom's cancel window.
///
/// The payment moves to `cancelling` before Antom is called, in one
/// conditional update that fails if any refund holds part of it, and a
/// refund's reservation fails once it is `cancelling`: a refund and a cancel
/// can never both be sent for one payment.
pub async fn cancel(svc: &Service, payment_id: &str) -> Result<CancelOutcome> {
    let p = payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let now = svc.now();
    // A charge waiting to be tried again has nothing at Antom: its retries just stop.
    if payments::cancel_retries(&svc.db, &p.id, now).await? {
        return Ok(CancelOutcome::Cancelled);
    }
    if !payments::begin_cancel(&svc.db, &p.id, now, now + CANCEL_LEASE_SECS, false).await? {
        // Not cancellable as it stands (or no longer: a refund or another
        // cancel got there first): say why from what it is now.
        let p = payments::get(&svc.db, payment_id)
            .await?
            .ok_or(Error::NotFound("payment"))?;
        return match p.status {
            PaymentStatus::Cancelled => Ok(CancelOutcome::Cancelled),
            PaymentStatus::Cancelling => Ok(CancelOutcome::Pending),
            PaymentStatus::Failed => Err(Error::conflict(
                ErrorCode::CancelNotAllowed,
                "a failed payment has nothing to cancel",
            )),
            PaymentStatus::Recorded => Err(Error::conflict(
                ErrorCode::CancelNotAllowed,
                "the payment has not reached Antom yet; ask again in a moment",
            )),
            _ => Err(Error::conflict(
                ErrorCode::CancelNotAllowed,
                "a refunded payment (or one with a refund under way) cannot be cancelled",
            )),
        };
    }
    send_cancel(svc, &p).await
}

/// Sends the cancel of a `cancelling` attempt and applies Antom's answer.
async fn send_cancel(svc: &Service, p: &PaymentAttempt) -> Result<CancelOutcome> {
    let request = CancelRequest {
        payment_request_id: Some(p.payment_request_id.clone()),
        payment_id: None,
    };
    let now = svc.now();
    match svc.call_antom(&request).await {
        Ok(_) => {
            payments::finish_cancel(&svc.db, &p.id, now).await?;
            Ok(CancelOutcome::Cancelled)
        }
        Err(e @ AntomError::Failed { .. }) => {
            payments::abandon_cancel(&svc.db, &p.id, now).await?;
            Err(Error::from_antom(e, ErrorCode::CancelNotAllowed))
        }
        Err(e) => {
            tracing::warn!(payment = %p.id, error = %e, "cancel without an answer; will send it again");
            let next = now + crate::domain::paying::backoff(p.checks);
            payments::cancel_unanswered(&svc.db, &p.id, next, now).await?;
            Ok(CancelOutcome::Pending)
        }
    }
}

/// Closes a payment still processing past [`crate::domain::paying::PROCESSING_DEADLINE_SECS`] with
/// cancel, as Antom's "order closure on merchant side" asks, so both sides end in the same
/// state. Sent once: if Antom refuses (it has just settled it, or the cancel window is
/// over), the payment goes back to being inquired.
pub async fn close_expired(svc: &Service, p: &PaymentAttempt) -> Result<()> {
    let now = svc.now();
    if !payments::begin_cancel(&svc.db, &p.id, now, now + CANCEL_LEASE_SECS, true).await? {
        return Ok(());
    }
    tracing::info!(payment = %p.id, "processing past its deadline; closing it with cancel");
    crate::domain::audit::record(
        svc,
        &crate::domain::audit::Actor::Worker,
        "payment.close_expired",
        &p.id,
        Some(serde_json::json!({ "state": "processing", "created_at": p.created_at })),
        serde_json::json!({ "state": "cancelling" }),
    )
    .await?;
    match send_cancel(svc, p).await {
        Ok(_) | Err(Error::Refused { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Sends again a cancel whose answer never came (Antom: "retry with the same parameters").
pub async fn resend_cancel(svc: &Service, p: &PaymentAttempt) -> Result<()> {
    match send_cancel(svc, p).await {
        Ok(_) => Ok(()),
        // Refused by Antom: already back where it was; nothing to send again.
        Err(Error::Refused { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}
