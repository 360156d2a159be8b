//! declare and inquiryDeclarationRequests.

use crate::state::{failed, iso, parse, success, Declaration};
use crate::Shared;
use antom::api::{
    DeclarationRecord, DeclareRequest, InquiryDeclarationRequestsRequest, PaymentStatus,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

pub fn declare(sb: &Shared, body: &Value) -> Value {
    let req: DeclareRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if req.declaration_request_id.is_empty() || req.declaration_request_id.len() > 32 {
        return failed(
            "PARAM_ILLEGAL",
            "declarationRequestId must be 1 to 32 characters",
        );
    }
    if req.customs.customs_code.is_empty() || req.customs.region.len() != 2 {
        return failed(
            "PARAM_ILLEGAL",
            "customs needs a customsCode and a two-letter region",
        );
    }
    let mut state = sb.state();
    if let Some(existing) = state.declarations.get(&req.declaration_request_id) {
        if existing.request != *body {
            return failed(
                "REPEAT_REQ_INCONSISTENT",
                "this declarationRequestId was used with a different request",
            );
        }
        return success(
            json!({ "identityCheckResult": identity(&req) , "clearingChannel": "SANDBOX_CLEARING" }),
        );
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
    if let Err(e) = req.declaration_amount.check_antom_rules() {
        return failed("PARAM_ILLEGAL", &format!("declarationAmount: {e}"));
    }
    if req.declaration_amount.currency() != payment.amount.currency()
        || req.declaration_amount.minor_units() > payment.amount.minor_units()
    {
        return failed("PARAM_ILLEGAL", "the declared amount exceeds the payment");
    }
    let record = DeclarationRecord {
        declaration_request_id: req.declaration_request_id.clone(),
        payment_id: Some(req.payment_id.clone()),
        declaration_amount: Some(req.declaration_amount),
        customs: Some(req.customs.clone()),
        declaration_request_status: Some("SUCCESS".into()),
        customs_declaration_result_code: Some("0000".into()),
        modified_time: Some(iso(OffsetDateTime::now_utc())),
        extra: Default::default(),
    };
    state.declarations.insert(
        req.declaration_request_id.clone(),
        Declaration {
            request: body.clone(),
            record,
        },
    );
    success(json!({ "identityCheckResult": identity(&req), "clearingChannel": "SANDBOX_CLEARING" }))
}

fn identity(req: &DeclareRequest) -> Option<&'static str> {
    req.buyer_certificate.as_ref().map(|_| "CHECK_PASSED")
}

pub fn inquiry(sb: &Shared, body: &Value) -> Value {
    let req: InquiryDeclarationRequestsRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    if req.declaration_request_ids.is_empty() || req.declaration_request_ids.len() > 10 {
        return failed("PARAM_ILLEGAL", "ask for 1 to 10 declarationRequestIds");
    }
    let state = sb.state();
    let (found, missing): (Vec<_>, Vec<_>) = req
        .declaration_request_ids
        .iter()
        .partition(|id| state.declarations.contains_key(*id));
    let records: Vec<&DeclarationRecord> = found
        .iter()
        .filter_map(|id| state.declarations.get(*id))
        .map(|d| &d.record)
        .collect();
    success(json!({ "declarationRecords": records, "declarationRequestsNotFound": missing }))
}
