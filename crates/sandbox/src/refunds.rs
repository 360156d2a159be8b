//! refund and inquiryRefund: what goes back to a paid payment's buyer.

use crate::payments::find_payment;
use crate::script::RefundScript;
use crate::state::{failed, iso, new_id, parse, success, unknown, Refund};
use crate::Shared;
use antom::api::{
    InquiryRefundRequest, PaymentStatus, RefundNotifyType, RefundRequest, RefundStatus,
};
use antom::{codes, ApiResult, ResultStatus};
use serde_json::{json, Value};
use std::sync::Arc;

fn refund_fields(r: &Refund) -> Value {
    json!({
        "refundId": r.refund_id,
        "refundRequestId": r.refund_request_id,
        "refundAmount": r.amount,
        "refundTime": iso(r.time),
        "refundStatus": r.status,
    })
}

/// refund: Antom's checks in the order it makes them, then the amount's script.
// Long: one check after another, each answering as Antom does.
pub fn refund(sb: &Arc<Shared>, body: &Value) -> Value {
    let req: RefundRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if req.refund_request_id.is_empty() || req.refund_request_id.len() > 64 {
        return failed(
            "PARAM_ILLEGAL",
            "refundRequestId must be 1 to 64 characters",
        );
    }
    let starting = sb.config.starting_balance;
    let mut state = sb.state();
    if let Some(existing) = state.refunds.get(&req.refund_request_id) {
        if existing.request != *body {
            return failed(
                "REPEAT_REQ_INCONSISTENT",
                "this refundRequestId was used with a different request",
            );
        }
        return again(existing);
    }
    let script = RefundScript::for_amount(req.refund_amount.minor_units());
    if script == RefundScript::LostOnce && state.lost_refunds.insert(req.refund_request_id.clone())
    {
        return unknown(
            codes::UNKNOWN_EXCEPTION,
            "an unknown error occurred",
            json!({}),
        );
    }
    let Some(p) = find_payment(&mut state, None, Some(&req.payment_id)) else {
        return failed("ORDER_NOT_EXIST", "no such payment");
    };
    if p.status != PaymentStatus::Success {
        return failed(
            "ORDER_STATUS_INVALID",
            "only a successful payment can be refunded",
        );
    }
    if let Err(e) = req.refund_amount.check_antom_rules() {
        return failed("PARAM_ILLEGAL", &format!("refundAmount: {e}"));
    }
    if req.refund_amount.currency() != p.amount.currency() || req.refund_amount.minor_units() == 0 {
        return failed(
            "PARAM_ILLEGAL",
            "the refund must be a positive amount in the payment's currency",
        );
    }
    if p.refunded + req.refund_amount.minor_units() > p.amount.minor_units() {
        return failed(
            "REFUND_AMOUNT_EXCEED",
            "the refunds would exceed the payment",
        );
    }
    if let RefundScript::Decline(code) = script {
        return failed(code, "the refund was refused");
    }
    p.refunded += req.refund_amount.minor_units();
    let (login, payment_request_id) = (
        crate::state::balance_key(&p.wallet, &p.login_id),
        p.payment_request_id.clone(),
    );
    *state.balances.entry(login).or_insert(starting) += req.refund_amount.minor_units();
    let mut refund = Refund {
        request: body.clone(),
        refund_id: new_id(),
        refund_request_id: req.refund_request_id.clone(),
        payment_request_id,
        amount: req.refund_amount,
        status: RefundStatus::Success,
        time: sb.now(),
        notify_url: req
            .refund_notify_url
            .or_else(|| sb.config.refund_notify_url.clone()),
    };
    let answer = play(sb, script, &mut refund);
    state
        .refunds
        .insert(refund.refund_request_id.clone(), refund);
    answer
}

/// The same refund sent again: answered as it stands now.
fn again(existing: &Refund) -> Value {
    match existing.status {
        RefundStatus::Processing => unknown(
            codes::REFUND_IN_PROCESS,
            "the refund is being processed",
            refund_fields(existing),
        ),
        RefundStatus::Fail => failed(codes::PROCESS_FAIL, "the refund failed"),
        _ => success(refund_fields(existing)),
    }
}

/// Plays the refund amount's script on a new refund: refund's answer, its
/// notification, and what happens after the processing delay.
fn play(sb: &Arc<Shared>, script: RefundScript, refund: &mut Refund) -> Value {
    let answer = match script {
        RefundScript::ProcessThenSucceed => {
            refund.status = RefundStatus::Processing;
            unknown(
                codes::REFUND_IN_PROCESS,
                "the refund is being processed",
                refund_fields(refund),
            )
        }
        RefundScript::ReusedIdButRefunded => failed(
            codes::REPEAT_REQ_INCONSISTENT,
            "this refundRequestId was used with a different request",
        ),
        _ => success(refund_fields(refund)),
    };
    if refund.status == RefundStatus::Success {
        notify_refund(sb, refund);
    }
    if matches!(
        script,
        RefundScript::ProcessThenSucceed | RefundScript::SucceedThenFail
    ) {
        finish_later(sb.clone(), refund.refund_request_id.clone());
    }
    answer
}

/// notifyRefund for a refund's latest state.
fn notify_refund(sb: &Shared, r: &Refund) {
    let Some(url) = &r.notify_url else { return };
    let mut notice = refund_fields(r);
    notice["notifyType"] = json!(RefundNotifyType::RefundResult);
    notice["result"] = json!(if r.status == RefundStatus::Success {
        ApiResult::success()
    } else {
        ApiResult::new(
            codes::PROCESS_FAIL,
            ResultStatus::Failed,
            "the refund failed",
        )
    });
    sb.notifier.send("notifyRefund", url, notice);
}

/// After the processing delay, a processing refund succeeds and a refunded one of
/// the `13` script fails, taking the money back from the buyer.
fn finish_later(sb: Arc<Shared>, refund_request_id: String) {
    tokio::spawn(async move {
        tokio::time::sleep(sb.config.processing_delay).await;
        let starting = sb.config.starting_balance;
        let mut state = sb.state();
        let Some(r) = state.refunds.get_mut(&refund_request_id) else {
            return;
        };
        let take_back = if r.status == RefundStatus::Processing {
            r.status = RefundStatus::Success;
            0
        } else {
            r.status = RefundStatus::Fail;
            r.amount.minor_units()
        };
        r.time = sb.now();
        let (refund, request) = (r.clone(), r.payment_request_id.clone());
        if take_back > 0 {
            if let Some(p) = state.payments.get_mut(&request) {
                p.refunded -= take_back;
                let key = crate::state::balance_key(&p.wallet, &p.login_id);
                *state.balances.entry(key).or_insert(starting) -= take_back;
            }
        }
        notify_refund(&sb, &refund);
    });
}

pub fn inquiry_refund(sb: &Shared, body: &Value) -> Value {
    let req: InquiryRefundRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let state = sb.state();
    let found = state.refunds.values().find(|r| {
        req.refund_request_id.as_deref() == Some(r.refund_request_id.as_str())
            || req.refund_id.as_deref() == Some(r.refund_id.as_str())
    });
    let lost = req
        .refund_request_id
        .as_ref()
        .is_some_and(|id| state.lost_refunds.contains(id));
    match found {
        Some(r) => success(refund_fields(r)),
        // "refundId: null when the refund record cannot be found" (the SDK's
        // AlipayInquiryRefundResponse): an S that carries nothing.
        None if lost => success(json!({})),
        // Antom's inquiryRefund table: ORDER_NOT_EXIST for a refund it cannot find.
        None => failed(codes::ORDER_NOT_EXIST, "the refund does not exist"),
    }
}
