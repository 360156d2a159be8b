//! Refunds: refund, inquiryRefund.

use super::{responses, AntomRequest, Extra};
use crate::amount::Amount;
use crate::result::ApiResult;
use crate::serde_string::string_enum;
use serde::{Deserialize, Serialize};

/// `refund`: return all or part of a payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequest {
    /// Merchant's idempotency key for this refund, ≤ 64 characters.
    pub refund_request_id: String,
    /// Antom's id of the payment.
    pub payment_id: String,
    /// How much.
    pub refund_amount: Amount,
    /// Why, free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_reason: Option<String>,
    /// Where Antom posts notifyRefund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_notify_url: Option<String>,
}

/// refund's answer; `U` means ask inquiryRefund later.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResponse {
    /// Result.
    pub result: ApiResult,
    /// Antom's refund id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// Merchant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_request_id: Option<String>,
    /// Amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_time: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for RefundRequest {
    const PATH: &'static str = "/v1/payments/refund";
    type Response = RefundResponse;
    fn refund_request_id(&self) -> Option<&str> {
        Some(&self.refund_request_id)
    }
}

/// `inquiryRefund`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryRefundRequest {
    /// Merchant's id (either this or `refund_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_request_id: Option<String>,
    /// Antom's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
}

string_enum! {
    /// `refundStatus`.
    RefundStatus {
        /// Money returned.
        Success = "SUCCESS",
        /// Failed for good.
        Fail = "FAIL",
        /// Still going.
        Processing = "PROCESSING",
    }
}

/// The state of a refund.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryRefundResponse {
    /// Result of the inquiry itself.
    pub result: ApiResult,
    /// The refund's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_status: Option<RefundStatus>,
    /// Antom's refund id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// Merchant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_request_id: Option<String>,
    /// Amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_time: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for InquiryRefundRequest {
    const PATH: &'static str = "/v1/payments/inquiryRefund";
    type Response = InquiryRefundResponse;
    fn refund_request_id(&self) -> Option<&str> {
        self.refund_request_id.as_deref()
    }
}

responses!(RefundResponse, InquiryRefundResponse);
