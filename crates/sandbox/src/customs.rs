//! declare and inquiryDeclarationRequests, as Antom runs them: only Alipay CN payments,
//! in CNY up to the payment's `customsDeclarationAmount`; `S` on declare means accepted,
//! and customs' answer shows in inquiryDeclarationRequests after the processing delay.
//!
//! Customs accepts, unless the declaration's `customsCode` is `SANDBOX_STATUS_<X>`:
//! then its `declarationRequestStatus` becomes `<X>` as written (`FAIL`, or a value
//! no document lists, for a merchant to see how an unknown status is handled).

use crate::state::{failed, iso, new_id, parse, success, Declaration, Payment};
use crate::Shared;
use antom::api::{
    DeclarationRecord, DeclarationRequestStatus, DeclareRequest, InquiryDeclarationRequestsRequest,
    PaymentStatus, DECLARABLE_WALLET, DECLARATION_CURRENCY,
};
use antom::Amount;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// Fixed sandbox rates, thousandths of a yuan per major unit: enough for the demo and tests.
const MILLI_CNY_PER_UNIT: &[(&str, i128)] = &[
    ("CNY", 1_000),
    ("USD", 7_100),
    ("HKD", 910),
    ("EUR", 7_700),
    ("GBP", 9_000),
    ("SGD", 5_300),
    ("JPY", 47),
    ("MYR", 1_500),
];

/// What Antom says customs may be told of a paid Alipay CN payment, in CNY.
pub fn declarable_amount(p: &Payment) -> Option<Amount> {
    if p.wallet != DECLARABLE_WALLET || p.status != PaymentStatus::Success {
        return None;
    }
    let currency = p.amount.currency();
    let (_, rate) = MILLI_CNY_PER_UNIT
        .iter()
        .find(|(code, _)| *code == currency.code())?;
    // fen = minor / 10^exp × rate / 1000 × 100, rounded half up.
    let scale = 10i128 * 10i128.pow(currency.exponent());
    let fen = (i128::from(p.amount.minor_units()) * rate + scale / 2) / scale;
    Amount::from_minor(DECLARATION_CURRENCY, i64::try_from(fen).ok()?).ok()
}

/// Refuses what Antom refuses before it looks at the payment.
fn refused(req: &DeclareRequest) -> Option<Value> {
    if req.declaration_request_id.is_empty() || req.declaration_request_id.len() > 32 {
        return Some(failed(
            "PARAM_ILLEGAL",
            "declarationRequestId must be 1 to 32 characters",
        ));
    }
    if req.customs.customs_code.is_empty() || req.customs.region.len() != 2 {
        return Some(failed(
            "PARAM_ILLEGAL",
            "customs needs a customsCode and a two-letter region",
        ));
    }
    if req.split_order == Some(true) && req.suborder_id.as_deref().is_none_or(str::is_empty) {
        return Some(failed(
            "PARAM_ILLEGAL",
            "suborderId is required when splitOrder is true",
        ));
    }
    None
}

/// Antom's record of a declaration just accepted: customs has not answered yet.
fn waiting_record(
    req: &DeclareRequest,
    customs_payment_id: String,
    customs_order_id: String,
    now: OffsetDateTime,
) -> DeclarationRecord {
    DeclarationRecord {
        declaration_request_id: req.declaration_request_id.clone(),
        customs_payment_id: Some(customs_payment_id),
        customs_order_id: Some(customs_order_id),
        customs: Some(req.customs.clone()),
        merchant_customs_info: Some(req.merchant_customs_info.clone()),
        declaration_amount: Some(req.declaration_amount),
        split_order: req.split_order,
        declaration_request_status: Some(DeclarationRequestStatus::WaitingForProcessing),
        last_modified_time: Some(iso(now)),
        customs_declaration_result_code: None,
        customs_declaration_result_desc: None,
        customs_declaration_return_time: None,
        extra: Default::default(),
    }
}

pub fn declare(sb: &Shared, body: &Value) -> Value {
    let req: DeclareRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if let Some(refusal) = refused(&req) {
        return refusal;
    }
    let mut state = sb.state();
    if let Some(existing) = state.declarations.get(&req.declaration_request_id) {
        if existing.request != *body {
            return failed(
                "REPEAT_REQ_INCONSISTENT",
                "this declarationRequestId was used with a different request",
            );
        }
        return existing.answer.clone();
    }
    let Some(request_id) = state.payment_ids.get(&req.payment_id).cloned() else {
        return failed("ORDER_NOT_EXIST", "no such payment");
    };
    let Some(payment) = state.payments.get(&request_id) else {
        return failed("ORDER_NOT_EXIST", "no such payment");
    };
    if payment.status != PaymentStatus::Success {
        return failed("ORDER_STATUS_INVALID", "only a paid order can be declared");
    }
    let Some(limit) = declarable_amount(payment) else {
        return failed(
            "PARAM_ILLEGAL",
            "only Alipay CN payments can be declared to customs",
        );
    };
    if req.declaration_amount.currency().code() != DECLARATION_CURRENCY
        || req.declaration_amount.minor_units() <= 0
        || req.declaration_amount.minor_units() > limit.minor_units()
    {
        return failed(
            "PARAM_ILLEGAL",
            "declarationAmount must be in CNY and at most the payment's customsDeclarationAmount",
        );
    }
    let now = sb.now();
    let customs_payment_id = new_id();
    let customs_order_id = format!("CO{}", new_id());
    let answer = success(json!({
        "customsPaymentId": &customs_payment_id,
        "customsOrderId": &customs_order_id,
        "identityCheckResult": req.buyer_certificate.as_ref().map(|_| "CHECK_PASSED"),
        "clearingChannel": "NUCC",
        "clearingTransactionId": new_id(),
        "customsProviderRegistrationId": "31222699S7",
    }));
    let record = waiting_record(&req, customs_payment_id, customs_order_id, now);
    state.declarations.insert(
        req.declaration_request_id.clone(),
        Declaration {
            request: body.clone(),
            record,
            answered_at: now + sb.config.processing_delay,
            answer: answer.clone(),
        },
    );
    answer
}

pub fn inquiry(sb: &Shared, body: &Value) -> Value {
    let req: InquiryDeclarationRequestsRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if req.declaration_request_ids.is_empty() || req.declaration_request_ids.len() > 10 {
        return failed("PARAM_ILLEGAL", "ask for 1 to 10 declarationRequestIds");
    }
    let now = sb.now();
    let mut state = sb.state();
    let mut records = Vec::new();
    let mut missing = Vec::new();
    for id in &req.declaration_request_ids {
        let Some(d) = state.declarations.get_mut(id) else {
            missing.push(id.clone());
            continue;
        };
        // Customs answers once the delay has passed: accepted, like the real ones mostly do.
        if d.answered_at <= now && d.record.customs_declaration_return_time.is_none() {
            let scripted = d.record.customs.as_ref().and_then(|c| {
                c.customs_code
                    .strip_prefix("SANDBOX_STATUS_")
                    .map(|x| x.parse().unwrap_or(DeclarationRequestStatus::Fail))
            });
            d.record.declaration_request_status =
                Some(scripted.unwrap_or(DeclarationRequestStatus::Success));
            d.record.customs_declaration_result_code = Some("2".into());
            d.record.customs_declaration_result_desc = Some("declared".into());
            d.record.customs_declaration_return_time = Some(iso(d.answered_at));
            d.record.last_modified_time = Some(iso(d.answered_at));
        }
        records.push(d.record.clone());
    }
    success(json!({ "declarationRecords": records, "declarationRequestsNotFound": missing }))
}
