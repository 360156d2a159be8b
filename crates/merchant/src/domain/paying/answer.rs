//! Antom's three ways of telling a payment's outcome — pay's own answer,
//! inquiryPayment and notifyPayment — each turned into a [`PaymentSettlement`] here,
//! and nowhere else.

use crate::domain::states::PaymentStatus;
use crate::store::payments::PaymentSettlement;
use antom::api::PaymentStatus as AntomPaymentStatus;
use antom::api::{InquiryPaymentResponse, PayResponse, PaymentNotification};
use antom::{codes, AntomError, ResultStatus};

/// Antom says the money moved.
fn paid(antom_payment_id: Option<String>, payment_time: Option<&str>) -> PaymentSettlement {
    PaymentSettlement {
        status: PaymentStatus::Succeeded,
        result_code: Some(codes::SUCCESS.into()),
        antom_payment_id,
        paid_at: super::paid_at(payment_time),
        next_check_at: None,
        retry_at: None,
    }
}

/// Antom says it did not; `result_code` says why.
fn failed(result_code: String, antom_payment_id: Option<String>) -> PaymentSettlement {
    PaymentSettlement {
        result_code: Some(result_code),
        antom_payment_id,
        ..PaymentSettlement::to(PaymentStatus::Failed)
    }
}

/// pay's answer, when final (`S` or `F`); `None` when the outcome is unknown,
/// including an F that says the paymentRequestId was used before with another body
/// (that earlier request may have paid: only inquiryPayment can tell).
pub(super) fn from_pay(answer: &Result<PayResponse, AntomError>) -> Option<PaymentSettlement> {
    match answer {
        Ok(done) => Some(paid(done.payment_id.clone(), done.payment_time.as_deref())),
        Err(AntomError::Failed { result, .. })
            if codes::failure_hides_outcome(&result.result_code) =>
        {
            None
        }
        Err(AntomError::Failed { result, .. }) => Some(failed(result.result_code.clone(), None)),
        Err(_) => None,
    }
}

/// inquiryPayment's answer; `None` while Antom is still processing the payment.
pub(super) fn from_inquiry(found: &InquiryPaymentResponse) -> Option<PaymentSettlement> {
    match found.payment_status {
        Some(AntomPaymentStatus::Success) => Some(paid(
            found.payment_id.clone(),
            found.payment_time.as_deref(),
        )),
        Some(AntomPaymentStatus::Fail) => Some(failed(
            found
                .payment_result_code
                .clone()
                .unwrap_or_else(|| codes::PROCESS_FAIL.into()),
            found.payment_id.clone(),
        )),
        Some(AntomPaymentStatus::Cancelled) => {
            Some(PaymentSettlement::to(PaymentStatus::Cancelled))
        }
        _ => None,
    }
}

/// notifyPayment's result; `None` for one that settles nothing (`U`).
pub(super) fn from_notification(n: &PaymentNotification) -> Option<PaymentSettlement> {
    match n.result.result_status {
        ResultStatus::Success => Some(paid(n.payment_id.clone(), n.payment_time.as_deref())),
        ResultStatus::Failed => Some(failed(n.result.result_code.clone(), n.payment_id.clone())),
        _ => None,
    }
}
