//! Antom's three ways of telling a refund's outcome — refund's own answer,
//! inquiryRefund and notifyRefund — each turned into a [`RefundSettlement`]
//! here, and nowhere else.

use crate::domain::states::RefundStatus;
use crate::store::refunds::RefundSettlement;
use antom::api::{
    InquiryRefundResponse, RefundNotification, RefundResponse, RefundStatus as AntomRefundStatus,
};
use antom::{codes, AntomError};

/// Antom says the money went back.
fn refunded(antom_refund_id: Option<String>) -> RefundSettlement {
    RefundSettlement {
        result_code: Some(codes::SUCCESS.into()),
        antom_refund_id,
        ..RefundSettlement::to(RefundStatus::Succeeded)
    }
}

/// Antom says it did not; `result_code` says why.
fn failed(result_code: Option<String>, antom_refund_id: Option<String>) -> RefundSettlement {
    RefundSettlement {
        result_code: Some(result_code.unwrap_or_else(|| codes::PROCESS_FAIL.into())),
        antom_refund_id,
        ..RefundSettlement::to(RefundStatus::Failed)
    }
}

/// A final refund status, with the failure's code when Antom gave one.
fn settled(
    status: &AntomRefundStatus,
    result_code: Option<String>,
    antom_refund_id: Option<String>,
) -> Option<RefundSettlement> {
    match status {
        AntomRefundStatus::Success => Some(refunded(antom_refund_id)),
        AntomRefundStatus::Fail => Some(failed(result_code, antom_refund_id)),
        _ => None,
    }
}

/// refund's answer, when final (`S` or `F`); `None` when the outcome is unknown,
/// including an F that says the refundRequestId was used before with another body
/// (that earlier refund may have gone through: only inquiryRefund can tell).
pub(super) fn from_refund(answer: &Result<RefundResponse, AntomError>) -> Option<RefundSettlement> {
    match answer {
        Ok(done) => Some(refunded(done.refund_id.clone())),
        Err(AntomError::Failed { result, .. })
            if codes::failure_hides_outcome(&result.result_code) =>
        {
            None
        }
        Err(AntomError::Failed { result, .. }) => {
            Some(failed(Some(result.result_code.clone()), None))
        }
        Err(_) => None,
    }
}

/// Whether inquiryRefund's S says Antom has no such refund: the SDK's
/// `AlipayInquiryRefundResponse` documents `refundId` as "null when the refund
/// record cannot be found", and a refund Antom holds always has a `refundStatus`.
/// Read like `REFUND_NOT_EXIST`, or a refund that never arrived would wait for ever.
pub(super) fn no_record(found: &InquiryRefundResponse) -> bool {
    found.refund_id.is_none() && found.refund_status.is_none()
}

/// inquiryRefund's answer; `None` while Antom is still processing the refund.
pub(super) fn from_inquiry(found: &InquiryRefundResponse) -> Option<RefundSettlement> {
    settled(found.refund_status.as_ref()?, None, found.refund_id.clone())
}

/// notifyRefund; `None` for one that settles nothing.
pub(super) fn from_notification(n: &RefundNotification) -> Option<RefundSettlement> {
    let code = Some(n.result.result_code.clone()).filter(|_| !n.result.is_success());
    settled(&n.refund_status, code, n.refund_id.clone())
}
