//! Customs declaration: declare, inquiryDeclarationRequests.

use super::{responses, AntomRequest, Extra};
use crate::amount::Amount;
use crate::result::ApiResult;
use crate::serde_string::opt_string;
use serde::{Deserialize, Serialize};

/// Which customs office.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomsInfo {
    /// Customs code, e.g. `ZONGSHU`.
    pub customs_code: String,
    /// Region of the customs office, e.g. `CN`.
    pub region: String,
}

/// The merchant as registered with customs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantCustomsInfo {
    /// Merchant's customs registration code.
    pub merchant_customs_code: String,
    /// Merchant's customs registration name.
    pub merchant_customs_name: String,
}

/// Name on an identity document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserName {
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
}

/// The buyer's identity document, for customs identity checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    /// e.g. `ID_CARD`.
    pub certificate_type: String,
    /// Document number.
    pub certificate_no: String,
    /// Holder's name.
    pub holder_name: UserName,
}

/// `declare`: report a paid order to customs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclareRequest {
    /// Merchant's idempotency key for this declaration.
    pub declaration_request_id: String,
    /// Antom's id of the payment.
    pub payment_id: String,
    /// Amount declared, at most the amount paid.
    pub declaration_amount: Amount,
    /// Customs office.
    pub customs: CustomsInfo,
    /// Merchant's customs registration.
    pub merchant_customs_info: MerchantCustomsInfo,
    /// Whether the payment is split into several declarations.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_string")]
    pub split_order: Option<bool>,
    /// Sub-order id when split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_order_id: Option<String>,
    /// Buyer's identity, when customs checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_certificate: Option<Certificate>,
}

/// declare's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclareResponse {
    /// Result.
    pub result: ApiResult,
    /// `CHECK_PASSED` / `CHECK_NOT_PASSED`, when an identity check was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_check_result: Option<String>,
    /// Clearing organisation, e.g. `UNIONPAY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_channel: Option<String>,
    /// Clearing organisation's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_transaction_id: Option<String>,
    /// Payment id as customs sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_payment_id: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for DeclareRequest {
    const PATH: &'static str = "/v1/customs/declare";
    type Response = DeclareResponse;
}

/// `inquiryDeclarationRequests`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryDeclarationRequestsRequest {
    /// The declarations to look up.
    pub declaration_request_ids: Vec<String>,
}

/// One declaration as Antom knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclarationRecord {
    /// Merchant's id.
    pub declaration_request_id: String,
    /// Antom's payment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Amount declared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_amount: Option<Amount>,
    /// Customs office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs: Option<CustomsInfo>,
    /// e.g. `WAITING_FOR_PROCESSING`, `PROCESSING`, `SUCCESS`, `FAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_request_status: Option<String>,
    /// Customs' own result code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_result_code: Option<String>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_time: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The declarations found and the ids that were not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryDeclarationRequestsResponse {
    /// Result.
    pub result: ApiResult,
    /// Found.
    #[serde(default)]
    pub declaration_records: Vec<DeclarationRecord>,
    /// Ids Antom does not know.
    #[serde(default)]
    pub declaration_requests_not_found: Vec<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for InquiryDeclarationRequestsRequest {
    const PATH: &'static str = "/v1/customs/inquiryDeclarationRequests";
    type Response = InquiryDeclarationRequestsResponse;
}

responses!(DeclareResponse, InquiryDeclarationRequestsResponse);
