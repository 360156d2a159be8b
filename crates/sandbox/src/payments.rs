//! pay (Auto Debit), inquiryPayment, cancel, refund, inquiryRefund.

use crate::script::PaymentScript;
use crate::state::{failed, iso, new_id, parse, span, success, unknown, Payment, State};
use crate::Shared;
use antom::api::{
    CancelRequest, InquiryPaymentRequest, PayRequest, PaymentNotifyType, PaymentStatus,
    AGREEMENT_PAYMENT,
};
use antom::{codes, ApiResult, ResultStatus};
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
fn settle(state: &mut State, p: &mut Payment, starting: i64, at: OffsetDateTime) {
    let key = crate::state::balance_key(&p.wallet, &p.login_id);
    let balance = state.balances.entry(key).or_insert(starting);
    if *balance < p.amount.minor_units() {
        p.status = PaymentStatus::Fail;
        p.fail_code = Some("USER_BALANCE_NOT_ENOUGH".into());
    } else {
        *balance -= p.amount.minor_units();
        p.status = PaymentStatus::Success;
        p.paid_at = Some(at);
    }
}

/// Refuses what Antom refuses before it looks at the token.
fn refused(req: &PayRequest) -> Option<Value> {
    if req.product_code != AGREEMENT_PAYMENT {
        return Some(failed(
            "PARAM_ILLEGAL",
            "productCode must be AGREEMENT_PAYMENT for Auto Debit",
        ));
    }
    if req.payment_request_id.is_empty() || req.payment_request_id.len() > 64 {
        return Some(failed(
            "PARAM_ILLEGAL",
            "paymentRequestId must be 1 to 64 characters",
        ));
    }
    if let Err(e) = req.payment_amount.check_antom_rules() {
        return Some(failed("PARAM_ILLEGAL", &format!("paymentAmount: {e}")));
    }
    None
}

/// Plays the amount's script on a new payment: pay's answer, and whether to
/// hold it back (an answer that never comes in time).
fn play(
    script: PaymentScript,
    state: &mut State,
    payment: &mut Payment,
    starting: i64,
) -> (Value, bool) {
    let at = payment.created;
    match script {
        PaymentScript::Decline(code) => {
            payment.status = PaymentStatus::Fail;
            payment.fail_code = Some(code.into());
            (pay_answer(payment), false)
        }
        PaymentScript::Succeed => {
            settle(state, payment, starting, at);
            (pay_answer(payment), false)
        }
        PaymentScript::ProcessThen { .. } => (pay_answer(payment), false),
        PaymentScript::ProcessWithPage => {
            let mut answer = pay_answer(payment);
            answer["normalUrl"] = json!("https://wallet.example/confirm?ticket=1");
            (answer, false)
        }
        PaymentScript::NoAnswer => {
            settle(state, payment, starting, at);
            (pay_answer(payment), true)
        }
        PaymentScript::UnknownButPaid => {
            settle(state, payment, starting, at);
            let answer = unknown("UNKNOWN_EXCEPTION", "an unknown error occurred", json!({}));
            (answer, false)
        }
        PaymentScript::ReusedIdButPaid => {
            settle(state, payment, starting, at);
            let answer = failed(
                codes::REPEAT_REQ_INCONSISTENT,
                "this paymentRequestId was used with a different request",
            );
            (answer, false)
        }
    }
}

/// A processing payment's end, after the sandbox's processing delay (unless a cancel came first).
fn finish_later(sb: Arc<Shared>, id: String, succeeds: bool) {
    tokio::spawn(async move {
        tokio::time::sleep(sb.config.processing_delay).await;
        let mut state = sb.state();
        let Some(mut p) = state.payments.remove(&id) else {
            return;
        };
        // A cancel may have come first.
        if p.status == PaymentStatus::Processing {
            if succeeds {
                settle(&mut state, &mut p, sb.config.starting_balance, sb.now());
            } else {
                p.status = PaymentStatus::Fail;
                p.fail_code = Some("USER_BALANCE_NOT_ENOUGH".into());
            }
            notify_payment(&sb, &p);
        }
        state.payments.insert(id, p);
    });
}

pub async fn pay(sb: &Arc<Shared>, body: &Value) -> Value {
    let req: PayRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if let Some(refusal) = refused(&req) {
        return refusal;
    }
    let now = sb.now();
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
        let (answer, hold) = play(script, &mut state, &mut payment, sb.config.starting_balance);
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
    match script {
        PaymentScript::ProcessThen { succeeds } => {
            finish_later(sb.clone(), req.payment_request_id.clone(), succeeds);
        }
        PaymentScript::ProcessWithPage => {
            finish_later(sb.clone(), req.payment_request_id.clone(), true);
        }
        _ => {}
    }
    if hold {
        tokio::time::sleep(sb.config.no_answer_hold).await;
    }
    answer
}

pub(crate) fn find_payment<'a>(
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
    let now = sb.now();
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
        crate::state::balance_key(&p.wallet, &p.login_id),
        p.payment_id.clone(),
        p.payment_request_id.clone(),
    );
    *state.balances.entry(login).or_insert(starting) += give_back;
    success(
        json!({ "paymentId": payment_id, "paymentRequestId": request_id, "cancelTime": iso(now) }),
    )
}
