//! notifyPayment: Antom's word on a payment, applied once; stale news and news of
//! a charge's earlier try change nothing, and a success for a try we recorded as
//! failed is never silent.

use super::{answer, apply, keep_customs_amount};
use crate::domain::error::Result;
use crate::domain::states::PaymentStatus;
use crate::store::payments::{self, PaymentAttempt};
use crate::Service;
use antom::api::{PaymentNotification, PaymentNotifyType};
use antom::ResultStatus;

/// notifyPayment: settles the attempt it names; repeats and stale news change nothing.
pub async fn notified(svc: &Service, n: &PaymentNotification) -> Result<()> {
    let Some(p) = payments::by_request_id(&svc.db, &n.payment_request_id).await? else {
        tracing::warn!(request = %n.payment_request_id, "notifyPayment for a payment we do not know");
        return Ok(());
    };
    if n.notify_type != PaymentNotifyType::PaymentResult {
        return Ok(());
    }
    if n.payment_request_id != p.payment_request_id {
        // News of a charge's earlier try, which failed before it was tried again.
        return earlier_try(svc, &p, n).await;
    }
    if let Some(amount) = n.payment_amount {
        if !amount.is(&p.currency, p.amount_minor) {
            tracing::error!(payment = %p.id, "notifyPayment amount differs from the attempt; not applied");
            return Ok(());
        }
    }
    // Money moved for a try we recorded as not taking any: failed, waiting for a retry,
    // or its retries cancelled (a cancel of a paid payment has `paid_at`).
    let took_none = matches!(
        p.status,
        PaymentStatus::Failed | PaymentStatus::RetryScheduled
    ) || (p.status == PaymentStatus::Cancelled && p.paid_at.is_none());
    if n.result.result_status == ResultStatus::Success && took_none {
        return success_after_failure(svc, &p, n).await;
    }
    let Some(settlement) = answer::from_notification(n) else {
        return Ok(());
    };
    if let Some(customs) = &n.customs_declaration_amount {
        keep_customs_amount(svc, &p.id, customs).await?;
    }
    apply(svc, &p, settlement, svc.now()).await
}

/// Antom says money moved for a try we recorded as failed: a buyer may have paid
/// twice. Never silently: logged and on the payment's timeline, for an operator to refund.
async fn success_after_failure(
    svc: &Service,
    p: &PaymentAttempt,
    n: &PaymentNotification,
) -> Result<()> {
    tracing::error!(payment = %p.id, request = %n.payment_request_id, "notifyPayment SUCCESS for a try marked failed: possible double charge");
    crate::domain::audit::record(
        svc,
        &crate::domain::audit::Actor::Antom("notifyPayment"),
        "payment.success_after_failure",
        &p.id,
        Some(serde_json::json!({ "state": "failed", "result_code": p.result_code })),
        serde_json::json!({ "antom": "SUCCESS", "payment_id": n.payment_id, "payment_request_id": n.payment_request_id }),
    )
    .await?;
    Ok(())
}

/// notifyPayment of a charge's earlier try: its failure is known already; a success is a contradiction.
async fn earlier_try(svc: &Service, p: &PaymentAttempt, n: &PaymentNotification) -> Result<()> {
    if n.result.result_status == ResultStatus::Success {
        return success_after_failure(svc, p, n).await;
    }
    Ok(())
}
