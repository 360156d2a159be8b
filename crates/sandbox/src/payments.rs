//! pay (Auto Debit), inquiryPayment, cancel, refund, inquiryRefund.

use crate::script::PaymentScript;
use crate::state::{failed, iso, new_id, parse, span, success, unknown, Payment, Refund, State};
use crate::Shared;
use antom::api::{
    CancelRequest, InquiryPaymentRequest, InquiryRefundRequest, PayRequest, PaymentNotifyType,
    PaymentStatus, RefundNotifyType, RefundRequest, RefundStatus, AGREEMENT_PAYMENT,
};
use antom::{ApiResult, ResultStatus};
use serde_json::{json, Value};
use std::sync::Arc;
use time::OffsetDateTime;

fn payment_fields(p: &Payment) -> Value {
    let mut fields = json!({
        "paymentId": p.payment_id,
        "paymentRequestId": p.payment_request_id,
        "paymentAmount": p.amount,
        "paymentCreateTime": iso(p.created),
        "paymentMethodType": p.wallet,
        "pspCustomerInfo": { "pspName": p.wallet, "displayCustomerId": crate::authorization::mask(&p.login_id) },
    });
    if let Some(paid) = p.paid_at {
        fields["paymentTime"] = json!(iso(paid));
    }
    if let Some(customs) = crate::customs::declarable_amount(p) {
        fields["customsDeclarationAmount"] = json!(customs);
    }
    fields
}

/// pay's answer for a payment in its current state.
fn pay_answer(p: &Payment) -> Value {
    match p.status {
        PaymentStatus::Success => success(payment_fields(p)),
        PaymentStatus::Processing => unknown(
            "PAYMENT_IN_PROCESS",
            "the payment is being processed",
            payment_fields(p),
        ),
        PaymentStatus::Cancelled => failed("ORDER_IS_CLOSED", "the payment was cancelled"),
        _ => {
            let code = p.fail_code.as_deref().unwrap_or("PROCESS_FAIL");
            let mut answer = failed(code, "the payment failed");
            answer["paymentRequestId"] = json!(p.payment_request_id);
            answer
        }
    }
}

fn notify_payment(sb: &Shared, p: &Payment) {
    let Some(url) = p
        .notify_url
        .clone()
        .or_else(|| sb.config.payment_notify_url.clone())
    else {
        return;
    };
    let (notify_type, result) = match p.status {
        PaymentStatus::Processing => (
            PaymentNotifyType::PaymentPending,
            // Antom: S with PAYMENT_PENDING means "the buyer paid; wait for the result".
            ApiResult::new("SUCCESS", ResultStatus::Success, "success"),
        ),
        PaymentStatus::Success => (PaymentNotifyType::PaymentResult, ApiResult::success()),
        _ => (
            PaymentNotifyType::PaymentResult,
            ApiResult::new(
                p.fail_code.as_deref().unwrap_or("PROCESS_FAIL"),
                ResultStatus::Failed,
                "the payment failed",
            ),
        ),
    };
    let mut body = payment_fields(p);
    body["notifyType"] = json!(notify_type);
    body["result"] = json!(result);
    sb.notifier.send("notifyPayment", &url, body);
}

/// Charges the buyer if the balance covers it; the status it ends in.
fn settle(state: &mut State, p: &mut Payment, starting: i64) {
    let balance = state.balances.entry(p.login_id.clone()).or_insert(starting);
    if *balance < p.amount.minor_units() {
        p.status = PaymentStatus::Fail;
        p.fail_code = Some("USER_BALANCE_NOT_ENOUGH".into());
    } else {
        *balance -= p.amount.minor_units();
        p.status = PaymentStatus::Success;
        p.paid_at = Some(OffsetDateTime::now_utc());
    }
}

pub async fn pay(sb: &Arc<Shared>, body: &Value) -> Value {
    let req: PayRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if req.product_code != AGREEMENT_PAYMENT {
        return failed(
            "PARAM_ILLEGAL",
            "productCode must be AGREEMENT_PAYMENT for Auto Debit",
        );
    }
    if req.payment_request_id.is_empty() || req.payment_request_id.len() > 64 {
        return failed(
            "PARAM_ILLEGAL",
            "paymentRequestId must be 1 to 64 characters",
        );
    }
    if let Err(e) = req.payment_amount.check_antom_rules() {
        return failed("PARAM_ILLEGAL", &format!("paymentAmount: {e}"));
    }
    let now = OffsetDateTime::now_utc();
    let script = PaymentScript::for_amount(req.payment_amount.minor_units());
    let (answer, hold) = {
        let mut state = sb.state();
        if let Some(existing) = state.payments.get(&req.payment_request_id) {
            if existing.request != *body {
                return failed(
                    "REPEAT_REQ_INCONSISTENT",
                    "this paymentRequestId was used with a different request",
                );
            }
            return pay_answer(existing);
        }
        let token = state
            .tokens
            .get(req.payment_method.payment_method_id.expose());
        let login_id = match token {
            Some(t)
                if !t.revoked
                    && t.expires > now
                    && t.wallet == req.payment_method.payment_method_type =>
            {
                t.login_id.clone()
            }
            _ => return failed("INVALID_ACCESS_TOKEN", "the access token is not valid"),
        };
        let mut payment = Payment {
            request: body.clone(),
            payment_id: new_id(),
            payment_request_id: req.payment_request_id.clone(),
            wallet: req.payment_method.payment_method_type.clone(),
            login_id,
            amount: req.payment_amount,
            status: PaymentStatus::Processing,
            fail_code: None,
            created: now,
            paid_at: None,
            cancelled_at: None,
            refunded: 0,
            notify_url: req.payment_notify_url.clone(),
        };
        let starting = sb.config.starting_balance;
        let mut hold = false;
        let answer = match script {
            PaymentScript::Decline(code) => {
                payment.status = PaymentStatus::Fail;
                payment.fail_code = Some(code.into());
                pay_answer(&payment)
            }
            PaymentScript::Succeed => {
                settle(&mut state, &mut payment, starting);
                pay_answer(&payment)
            }
            PaymentScript::ProcessThen { .. } => pay_answer(&payment),
            PaymentScript::NoAnswer => {
                settle(&mut state, &mut payment, starting);
                hold = true;
                pay_answer(&payment)
            }
            PaymentScript::UnknownButPaid => {
                settle(&mut state, &mut payment, starting);
                unknown("UNKNOWN_EXCEPTION", "an unknown error occurred", json!({}))
            }
        };
        notify_payment(sb, &payment);
        state.payment_ids.insert(
            payment.payment_id.clone(),
            payment.payment_request_id.clone(),
        );
        state
            .payments
            .insert(payment.payment_request_id.clone(), payment);
        (answer, hold)
    };
    if let PaymentScript::ProcessThen { succeeds } = script {
        let sb = sb.clone();
        let id = req.payment_request_id.clone();
        tokio::spawn(async move {
            tokio::time::sleep(sb.config.processing_delay).await;
            let mut state = sb.state();
            let Some(mut p) = state.payments.remove(&id) else {
                return;
            };
            // A cancel may have come first.
            if p.status == PaymentStatus::Processing {
                if succeeds {
                    settle(&mut state, &mut p, sb.config.starting_balance);
                } else {
                    p.status = PaymentStatus::Fail;
                    p.fail_code = Some("USER_BALANCE_NOT_ENOUGH".into());
                }
                notify_payment(&sb, &p);
            }
            state.payments.insert(id, p);
        });
    }
    if hold {
        tokio::time::sleep(sb.config.no_answer_hold).await;
    }
    answer
}

fn find_payment<'a>(
    state: &'a mut State,
    request_id: Option<&str>,
    payment_id: Option<&str>,
) -> Option<&'a mut Payment> {
    let key = match (request_id, payment_id) {
        (Some(r), _) => r.to_owned(),
        (None, Some(p)) => state.payment_ids.get(p)?.clone(),
        (None, None) => return None,
    };
    state.payments.get_mut(&key)
}

pub fn inquiry_payment(sb: &Shared, body: &Value) -> Value {
    let req: InquiryPaymentRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let mut state = sb.state();
    let Some(p) = find_payment(
        &mut state,
        req.payment_request_id.as_deref(),
        req.payment_id.as_deref(),
    ) else {
        return failed("ORDER_NOT_EXIST", "no such payment");
    };
    let mut fields = payment_fields(p);
    fields["paymentStatus"] = json!(p.status);
    let (code, message) = match p.status {
        PaymentStatus::Success => ("SUCCESS".to_owned(), "success"),
        PaymentStatus::Processing => ("PAYMENT_IN_PROCESS".to_owned(), "processing"),
        PaymentStatus::Cancelled => ("ORDER_IS_CLOSED".to_owned(), "cancelled"),
        _ => (
            p.fail_code.clone().unwrap_or_else(|| "PROCESS_FAIL".into()),
            "failed",
        ),
    };
    fields["paymentResultCode"] = json!(code);
    fields["paymentResultMessage"] = json!(message);
    success(fields)
}

pub fn cancel(sb: &Shared, body: &Value) -> Value {
    let req: CancelRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let now = OffsetDateTime::now_utc();
    let window = span(sb.config.cancel_window);
    let starting = sb.config.starting_balance;
    let mut state = sb.state();
    let Some(p) = find_payment(
        &mut state,
        req.payment_request_id.as_deref(),
        req.payment_id.as_deref(),
    ) else {
        return failed("ORDER_NOT_EXIST", "no such payment");
    };
    if p.created + window < now {
        return failed(
            "CANCEL_WINDOW_EXCEED",
            "the payment is too old to cancel; refund it instead",
        );
    }
    if p.refunded > 0 {
        return failed(
            "ORDER_STATUS_INVALID",
            "a refunded payment cannot be cancelled",
        );
    }
    let give_back = if p.status == PaymentStatus::Success {
        p.amount.minor_units()
    } else {
        0
    };
    if p.status != PaymentStatus::Fail && p.status != PaymentStatus::Cancelled {
        p.status = PaymentStatus::Cancelled;
        p.cancelled_at = Some(now);
    }
    let (login, payment_id, request_id) = (
        p.login_id.clone(),
        p.payment_id.clone(),
        p.payment_request_id.clone(),
    );
    *state.balances.entry(login).or_insert(starting) += give_back;
    success(
        json!({ "paymentId": payment_id, "paymentRequestId": request_id, "cancelTime": iso(now) }),
    )
}

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
    let (login, payment_request_id) = (p.login_id.clone(), p.payment_request_id.clone());
    *state.balances.entry(login).or_insert(starting) += req.refund_amount.minor_units();
    let refund = Refund {
        request: body.clone(),
        refund_id: new_id(),
        refund_request_id: req.refund_request_id.clone(),
        payment_request_id,
        amount: req.refund_amount,
        status: RefundStatus::Success,
        time: OffsetDateTime::now_utc(),
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
