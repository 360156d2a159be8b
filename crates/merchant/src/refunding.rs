//! Refunds that can never add up to more than was paid (even concurrently,
//! even beside a cancel: see [`crate::cancelling`]).

use crate::crypto::{new_id, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::states::{PaymentStatus, RefundStatus};
use crate::store::refunds::RefundRow;
use crate::store::{is_unique_violation, now, payments, refunds};
use crate::Service;
use antom::api::{
    InquiryRefundRequest, RefundNotification, RefundRequest, RefundStatus as AntomRefundStatus,
};
use antom::{Amount, AntomError};
pub use contract::back_office::{NewRefund, RefundView};

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
    key: Option<&str>,
    req: NewRefund,
) -> Result<RefundView> {
    let key = crate::idempotency::key(key)?;
    let p = payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    if let Some(existing) = refunds::by_payment_key(&svc.db, &p.id, key).await? {
        if existing.amount_minor != req.amount {
            return Err(Error::invalid(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another refund",
            ));
        }
        return Ok(view(svc, &existing));
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
    crate::checkout::antom_takes("amount", &p.currency, req.amount)?;
    if p.status != PaymentStatus::Succeeded {
        return Err(Error::conflict(
            ErrorCode::PaymentNotRefundable,
            "only a paid payment can be refunded",
        ));
    }
    // Reserve first: concurrent refunds cannot overdraw the payment, and a
    // cancel under way (`cancelling`) makes the reservation fail.
    if !payments::reserve_refund(&svc.db, &p.id, req.amount).await? {
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
    let now = now();
    let row = RefundRow {
        id: new_id("rf"),
        refund_request_id: format!(
            "rr_{}",
            &sha256_hex(format!("{}:{key}", p.id).as_bytes())[..40]
        ),
        payment_attempt_id: p.id.clone(),
        idempotency_key: key.to_owned(),
        amount_minor: req.amount,
        currency: p.currency.clone(),
        reason: req.reason.clone(),
        status: RefundStatus::Recorded,
        result_code: None,
        antom_refund_id: None,
        created_at: now,
        updated_at: now,
    };
    if let Err(e) = refunds::insert(&svc.db, &row).await {
        payments::release_refund(&svc.db, &p.id, req.amount).await?;
        if is_unique_violation(&e) {
            if let Some(same) = refunds::by_payment_key(&svc.db, &p.id, key).await? {
                return Ok(view(svc, &same));
            }
        }
        return Err(e.into());
    }
    send(svc, &row).await?;
    let settled = refunds::get(&svc.db, &row.id)
        .await?
        .ok_or(Error::NotFound("refund"))?;
    Ok(view(svc, &settled))
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
    let now = now();
    match svc.call_antom(&request).await {
        Ok(done) => {
            refunds::settle(
                &svc.db,
                &row.id,
                RefundStatus::Succeeded,
                Some("SUCCESS"),
                done.refund_id.as_deref(),
                now,
            )
            .await?;
        }
        Err(AntomError::Failed { result, .. }) => {
            if refunds::settle(
                &svc.db,
                &row.id,
                RefundStatus::Failed,
                Some(&result.result_code),
                None,
                now,
            )
            .await?
            {
                payments::release_refund(&svc.db, &p.id, row.amount_minor).await?;
            }
        }
        Err(e) => {
            tracing::info!(refund = %row.id, error = %e, "refund without a final answer; will inquire");
            let status = if e.may_have_reached_antom() {
                RefundStatus::Processing
            } else {
                RefundStatus::Recorded
            };
            refunds::settle(&svc.db, &row.id, status, None, None, now).await?;
        }
    }
    Ok(())
}

/// Asks Antom about a refund whose outcome is unknown; sends it if Antom never saw it.
pub async fn check(svc: &Service, r: &RefundRow) -> Result<()> {
    let inquiry = InquiryRefundRequest {
        refund_request_id: Some(r.refund_request_id.clone()),
        refund_id: None,
    };
    match svc.call_antom(&inquiry).await {
        Ok(found) => match &found.refund_status {
            Some(status @ (AntomRefundStatus::Success | AntomRefundStatus::Fail)) => {
                apply(svc, r, status, None, found.refund_id.as_deref()).await
            }
            _ => Ok(
                refunds::settle(&svc.db, &r.id, RefundStatus::Processing, None, None, now())
                    .await
                    .map(|_| ())?,
            ),
        },
        Err(AntomError::Failed { result, .. })
            if result.result_code == antom::api::REFUND_NOT_EXIST =>
        {
            if r.created_at + RESEND_WINDOW_SECS > now() {
                tracing::info!(refund = %r.id, "Antom has no record of this refund; sending it now");
                return send(svc, r).await;
            }
            if refunds::settle(
                &svc.db,
                &r.id,
                RefundStatus::Failed,
                Some("NOT_SENT"),
                None,
                now(),
            )
            .await?
            {
                payments::release_refund(&svc.db, &r.payment_attempt_id, r.amount_minor).await?;
            }
            Ok(())
        }
        Err(e) => {
            tracing::info!(refund = %r.id, error = %e, "refund inquiry without an answer");
            Ok(
                refunds::settle(&svc.db, &r.id, RefundStatus::Processing, None, None, now())
                    .await
                    .map(|_| ())?,
            )
        }
    }
}

/// Applies a final refund status (from inquiry or notification) exactly once.
async fn apply(
    svc: &Service,
    r: &RefundRow,
    status: &AntomRefundStatus,
    code: Option<&str>,
    refund_id: Option<&str>,
) -> Result<()> {
    let now = now();
    match status {
        AntomRefundStatus::Success => {
            refunds::settle(
                &svc.db,
                &r.id,
                RefundStatus::Succeeded,
                Some("SUCCESS"),
                refund_id,
                now,
            )
            .await?;
        }
        AntomRefundStatus::Fail
            if refunds::settle(
                &svc.db,
                &r.id,
                RefundStatus::Failed,
                code.or(Some("PROCESS_FAIL")),
                refund_id,
                now,
            )
            .await? =>
        {
            payments::release_refund(&svc.db, &r.payment_attempt_id, r.amount_minor).await?;
        }
        _ => {}
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
        if amount.minor_units() != r.amount_minor || amount.currency().code() != r.currency {
            tracing::error!(refund = %r.id, "notifyRefund amount differs from the refund; not applied");
            return Ok(());
        }
    }
    let code = Some(n.result.result_code.as_str()).filter(|_| !n.result.is_success());
    apply(svc, &r, &n.refund_status, code, n.refund_id.as_deref()).await
}
