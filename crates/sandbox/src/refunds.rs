//! refund and inquiryRefund: what goes back to a paid payment's buyer.

use crate::payments::find_payment;
use crate::state::{failed, iso, new_id, parse, success, Refund};
use crate::Shared;
use antom::api::{
    InquiryRefundRequest, PaymentStatus, RefundNotifyType, RefundRequest, RefundStatus,
};
use antom::ApiResult;
use serde_json::{json, Value};

fn refund_fields(r: &Refund) -> Value {
    json!({
        "refundId": r.refund_id,
        "refundRequestId": r.refund_request_id,
        "refundAmount": r.amount,
        "refundTime": iso(r.time),
        "refundStatus": r.status,
    })
}

pub fn refund(sb: &Shared, body: &Value) -> Value {
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
        return success(refund_fields(existing));
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
    p.refunded += req.refund_amount.minor_units();
    let (login, payment_request_id) = (
        crate::state::balance_key(&p.wallet, &p.login_id),
        p.payment_request_id.clone(),
    );
    *state.balances.entry(login).or_insert(starting) += req.refund_amount.minor_units();
    let refund = Refund {
        request: body.clone(),
        refund_id: new_id(),
        refund_request_id: req.refund_request_id.clone(),
        payment_request_id,
        amount: req.refund_amount,
        status: RefundStatus::Success,
        time: sb.now(),
    };
    let answer = success(refund_fields(&refund));
    if let Some(url) = req
        .refund_notify_url
        .or_else(|| sb.config.refund_notify_url.clone())
    {
        let mut notice = refund_fields(&refund);
        notice["notifyType"] = json!(RefundNotifyType::RefundResult);
        notice["result"] = json!(ApiResult::success());
        sb.notifier.send("notifyRefund", &url, notice);
    }
    state
        .refunds
        .insert(refund.refund_request_id.clone(), refund);
    answer
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
    match found {
        Some(r) => success(refund_fields(r)),
        None => failed(antom::api::REFUND_NOT_EXIST, "the refund does not exist"),
    }
}
