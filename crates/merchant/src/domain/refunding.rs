//! Refunds that can never add up to more than was paid (even concurrently,
//! even beside a cancel: see [`crate::domain::cancelling`]).

use crate::crypto::new_id;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::idempotency::{self, IdempotencyKey, Stored};
use crate::domain::paying::NOT_SENT;
use crate::domain::states::{PaymentStatus, RefundStatus};
use crate::store::refunds::{RefundRow, RefundSettlement};
use crate::store::{payments, refunds};
use crate::Service;
use antom::api::{InquiryRefundRequest, RefundNotification, RefundRequest};
use antom::{Amount, AntomError};
pub use contract::back_office::{NewRefund, RefundView};

mod answer;

/// The refund as the merchant API shows it.
pub fn view(svc: &Service, r: &RefundRow) -> RefundView {
    RefundView {
        id: r.id.clone(),
        payment_id: r.payment_attempt_id.clone(),
        amount: r.amount_minor,
        currency: r.currency.clone(),
        state: r.status.view(),
        failure_code: r
            .result_code
            .clone()
            .filter(|_| r.status == RefundStatus::Failed),
        livemode: svc.config.livemode(),
    }
}

/// Refunds part or all of a paid payment; the same key always means the same refund.
pub async fn refund(
    svc: &Service,
    payment_id: &str,
    key: &IdempotencyKey,
    req: NewRefund,
) -> Result<RefundView> {
    let p = payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let same_request = |r: &RefundRow| r.amount_minor == req.amount;
    let earlier = refunds::by_payment_key(&svc.db, &p.id, key.as_str()).await?;
    if let Some(earlier) = idempotency::replay(earlier, same_request, "refund")? {
        return Ok(view(svc, &earlier));
    }
    if req.amount <= 0 {
        return Err(Error::validation(
            "amount must be a positive number of minor units",
        ));
    }
    if req
        .reason
        .as_deref()
        .is_some_and(|r| r.chars().count() > 256)
    {
        return Err(Error::validation("reason must be at most 256 characters"));
    }
    crate::domain::checkout::antom_takes("amount", &p.currency, req.amount)?;
    if p.status != PaymentStatus::Succeeded {
        return Err(Error::conflict(
            ErrorCode::PaymentNotRefundable,
            "only a paid payment can be refunded",
        ));
    }
    reserve(svc, &p, req.amount).await?;
    let now = svc.now();
    let row = RefundRow {
        id: new_id("rf"),
        refund_request_id: key.derived_id("rr_", Some(&p.id), 40),
        payment_attempt_id: p.id.clone(),
        idempotency_key: key.as_str().to_owned(),
        amount_minor: req.amount,
        currency: p.currency.clone(),
        reason: req.reason.clone(),
        status: RefundStatus::Recorded,
        result_code: None,
        antom_refund_id: None,
        created_at: now,
        updated_at: now,
        checks: 0,
    };
    let stored = idempotency::store_once(
        refunds::insert(&svc.db, &row),
        || refunds::by_payment_key(&svc.db, &p.id, key.as_str()),
        same_request,
        "refund",
    )
    .await;
    if !matches!(stored, Ok(Stored::Ours)) {
        // Not ours to send: give the reservation back.
        payments::release_refund(&svc.db, &p.id, req.amount).await?;
    }
    match stored? {
        Stored::Ours => {}
        Stored::Theirs(same) => return Ok(view(svc, &same)),
        Stored::Clash(e) => return Err(e.into()),
    }
    send(svc, &row).await?;
    let settled = refunds::get(&svc.db, &row.id)
        .await?
        .ok_or(Error::NotFound("refund"))?;
    Ok(view(svc, &settled))
}

/// The refunds of payment `payment_id`, oldest first.
pub async fn for_payment(svc: &Service, payment_id: &str) -> Result<Vec<RefundView>> {
    payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let rows = refunds::for_payment(&svc.db, payment_id).await?;
    Ok(rows.iter().map(|r| view(svc, r)).collect())
}

/// Reserves `amount` of `p` for a refund. First, so concurrent refunds cannot
/// overdraw the payment, and a cancel under way (`cancelling`) makes it fail.
async fn reserve(svc: &Service, p: &payments::PaymentAttempt, amount: i64) -> Result<()> {
    if !payments::reserve_refund(&svc.db, &p.id, amount).await? {
        let now_p = payments::get(&svc.db, &p.id)
            .await?
            .ok_or(Error::NotFound("payment"))?;
        if now_p.status != PaymentStatus::Succeeded {
            return Err(Error::conflict(
                ErrorCode::PaymentNotRefundable,
                format!("the payment is {} now", now_p.status),
            ));
        }
        return Err(Error::invalid(
            ErrorCode::RefundExceedsPayment,
            format!(
                "at most {} can still be refunded",
                now_p.amount_minor - now_p.refunded_minor
            ),
        ));
    }
    Ok(())
}

/// A refund that was never sent is sent again (same refundRequestId) only this soon.
const RESEND_WINDOW_SECS: i64 = 10 * 60;

/// Sends a recorded refund and applies Antom's answer.
async fn send(svc: &Service, row: &RefundRow) -> Result<()> {
    let p = payments::get(&svc.db, &row.payment_attempt_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let request = RefundRequest {
        refund_request_id: row.refund_request_id.clone(),
        payment_id: p
            .antom_payment_id
            .clone()
            .ok_or_else(|| anyhow::anyhow!("paid payment without an Antom id"))?,
        refund_amount: Amount::from_minor(&row.currency, row.amount_minor)
            .map_err(anyhow::Error::from)?,
        refund_reason: row.reason.clone(),
        refund_notify_url: Some(svc.notify_url("/notify/refund")),
    };
    let answer = svc.call_antom(&request).await;
    let settlement = answer::from_refund(&answer).unwrap_or_else(|| {
        let e = answer.as_ref().err();
        tracing::info!(refund = %row.id, error = ?e.map(ToString::to_string), "refund without a final answer; will inquire");
        // Still "recorded" when it surely never left: the worker resends it.
        RefundSettlement {
            next_check_at: next_check(row, svc.now()),
            ..RefundSettlement::to(if e.is_none_or(AntomError::may_have_reached_antom) {
                RefundStatus::Processing
            } else {
                RefundStatus::Recorded
            })
        }
    });
    settle(svc, row, &settlement).await
}

/// Asks Antom about a refund whose outcome is unknown; sends it if Antom never saw it.
pub async fn check(svc: &Service, r: &RefundRow) -> Result<()> {
    let inquiry = InquiryRefundRequest {
        refund_request_id: Some(r.refund_request_id.clone()),
        refund_id: None,
    };
    let now = svc.now();
    let later = || RefundSettlement {
        next_check_at: next_check(r, now),
        ..RefundSettlement::to(RefundStatus::Processing)
    };
    let settlement = match svc.call_antom(&inquiry).await {
        Ok(found) if answer::no_record(&found) => return never_arrived(svc, r).await,
        Ok(found)
            if found
                .refund_amount
                .is_some_and(|a| !a.is(&r.currency, r.amount_minor)) =>
        {
            // What Antom holds under our refundRequestId is not this refund (a
            // REPEAT_REQ_INCONSISTENT's earlier body): never settled from it.
            tracing::error!(refund = %r.id, "inquiryRefund found another amount under this refund's id; not applied");
            later()
        }
        Ok(found) => answer::from_inquiry(&found).unwrap_or_else(later),
        Err(AntomError::Failed { result, .. })
            if antom::codes::REFUND_NOT_FOUND.contains(&result.result_code.as_str()) =>
        {
            return never_arrived(svc, r).await;
        }
        Err(e) => {
            tracing::info!(refund = %r.id, error = %e, "refund inquiry without an answer");
            later()
        }
    };
    settle(svc, r, &settlement).await
}

/// Antom has no record of the refund: sent again while that is still what the
/// merchant asked for, failed (`NOT_SENT`) after that, and its amount given back.
async fn never_arrived(svc: &Service, r: &RefundRow) -> Result<()> {
    if r.created_at + RESEND_WINDOW_SECS > svc.now() {
        tracing::info!(refund = %r.id, "Antom has no record of this refund; sending it now");
        return send(svc, r).await;
    }
    let settlement = RefundSettlement {
        result_code: Some(NOT_SENT.into()),
        ..RefundSettlement::to(RefundStatus::Failed)
    };
    settle(svc, r, &settlement).await
}

/// When to ask about a refund again after `r.checks` unanswered checks: 5 s,
/// doubling to an hour, so a slow refund does not run into Antom's request limit
/// (`REQUEST_TRAFFIC_EXCEED_LIMIT`); notifyRefund usually settles it first. After
/// [`REFUND_POLL_DAYS`] days nobody asks any more: the refund stays processing,
/// logged as stalled, until notifyRefund, a look at the refund, or reconciliation
/// settles it.
fn next_check(r: &RefundRow, now: i64) -> Option<i64> {
    if now >= r.created_at + REFUND_POLL_DAYS * 86_400 {
        tracing::error!(refund = %r.id, "refund still processing after {REFUND_POLL_DAYS} days; no longer polled");
        return None;
    }
    Some(now + (5i64 << r.checks.clamp(0, 10)).min(3_600))
}

/// How long an unsettled refund is polled.
pub const REFUND_POLL_DAYS: i64 = 7;

/// Keeps `settlement` unless the refund is already final; a refund that failed
/// gives its amount back to the payment, exactly once.
async fn settle(svc: &Service, r: &RefundRow, settlement: &RefundSettlement) -> Result<()> {
    let settled = refunds::settle(&svc.db, &r.id, settlement, svc.now()).await?;
    if settled && settlement.status == RefundStatus::Failed {
        payments::release_refund(&svc.db, &r.payment_attempt_id, r.amount_minor).await?;
    }
    Ok(())
}

/// A refund's current state, asking Antom if it is not final.
pub async fn status(svc: &Service, refund_id: &str) -> Result<RefundView> {
    let r = refunds::get(&svc.db, refund_id)
        .await?
        .ok_or(Error::NotFound("refund"))?;
    if r.status.is_unsettled() {
        check(svc, &r).await?;
    }
    let fresh = refunds::get(&svc.db, refund_id)
        .await?
        .ok_or(Error::NotFound("refund"))?;
    Ok(view(svc, &fresh))
}

/// notifyRefund.
pub async fn notified(svc: &Service, n: &RefundNotification) -> Result<()> {
    let Some(r) = refunds::by_request_id(&svc.db, &n.refund_request_id).await? else {
        tracing::warn!(request = %n.refund_request_id, "notifyRefund for a refund we do not know");
        return Ok(());
    };
    if let Some(amount) = n.refund_amount {
        if !amount.is(&r.currency, r.amount_minor) {
            tracing::error!(refund = %r.id, "notifyRefund amount differs from the refund; not applied");
            return Ok(());
        }
    }
    let Some(settlement) = answer::from_notification(n) else {
        return Ok(());
    };
    let ours_not_antoms = r.result_code.as_deref() == Some(NOT_SENT);
    if r.status == RefundStatus::Failed
        && ours_not_antoms
        && settlement.status == RefundStatus::Succeeded
        && arrived_after_all(svc, &r, &settlement).await?
    {
        return Ok(());
    }
    if !r.status.is_unsettled() && r.status != settlement.status {
        return contradicted(svc, &r, &settlement, n).await;
    }
    settle(svc, &r, &settlement).await
}

/// A refund we failed as `NOT_SENT` (Antom had no record of it) arrived after all:
/// its amount is held against the payment again and it succeeds. False when the
/// payment cannot hold it any more (then it is a contradiction for an operator).
async fn arrived_after_all(
    svc: &Service,
    r: &RefundRow,
    settlement: &RefundSettlement,
) -> Result<bool> {
    if !payments::reserve_refund(&svc.db, &r.payment_attempt_id, r.amount_minor).await? {
        return Ok(false);
    }
    let revived = refunds::arrived_after_all(
        &svc.db,
        &r.id,
        NOT_SENT,
        settlement.antom_refund_id.as_deref(),
        svc.now(),
    )
    .await?;
    if !revived {
        payments::release_refund(&svc.db, &r.payment_attempt_id, r.amount_minor).await?;
    }
    tracing::warn!(refund = %r.id, revived, "notifyRefund SUCCESS for a refund we had failed as never sent");
    Ok(revived)
}

/// notifyRefund says the opposite of the final answer we hold (refund's own S, then
/// a FAIL; or the other way round). A final state never changes back, and the money
/// may not be where we say: never silently, logged and on the payment's timeline.
async fn contradicted(
    svc: &Service,
    r: &RefundRow,
    settlement: &RefundSettlement,
    n: &RefundNotification,
) -> Result<()> {
    let action = if settlement.status == RefundStatus::Failed {
        "refund.failure_after_success"
    } else {
        "refund.success_after_failure"
    };
    tracing::error!(refund = %r.id, payment = %r.payment_attempt_id, action, "notifyRefund contradicts the refund's final state");
    crate::domain::audit::record(
        svc,
        &crate::domain::audit::Actor::Antom("notifyRefund"),
        action,
        &r.payment_attempt_id,
        Some(serde_json::json!({ "refund": r.id, "state": r.status.as_str(), "result_code": r.result_code })),
        serde_json::json!({ "refund": r.id, "antom": n.refund_status, "result_code": n.result.result_code, "refund_request_id": n.refund_request_id }),
    )
    .await?;
    Ok(())
}
