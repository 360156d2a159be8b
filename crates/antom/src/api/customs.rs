//! Customs declaration: declare, inquiryDeclarationRequests.

use super::{responses, AntomRequest, Extra};
use crate::amount::Amount;
use crate::result::ApiResult;
use crate::serde_string::{opt_string, string_enum};
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

/// The only wallet whose payments Antom declares to Chinese customs.
pub const DECLARABLE_WALLET: &str = "ALIPAY_CN";

/// The currency customs is told amounts in.
pub const DECLARATION_CURRENCY: &str = "CNY";

/// `declare`: report a paid order to customs (China cross-border, Alipay CN payments only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclareRequest {
    /// Merchant's idempotency key for this declaration, ≤ 32 characters.
    pub declaration_request_id: String,
    /// Antom's id of the payment.
    pub payment_id: String,
    /// Amount declared, in CNY, at most the payment's `customsDeclarationAmount`.
    pub declaration_amount: Amount,
    /// Customs office.
    pub customs: CustomsInfo,
    /// Merchant's customs registration.
    pub merchant_customs_info: MerchantCustomsInfo,
    /// Whether the payment is split into several declarations. A JSON boolean, as the SDKs send it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_string::deserialize"
    )]
    pub split_order: Option<bool>,
    /// Sub-order id when split: sent as `suborderId`, as Antom's declare page and the
    /// Python SDK spell it; read as `subOrderId` too, as the Java, Go, PHP and .NET
    /// SDKs send it.
    #[serde(default, alias = "subOrderId", skip_serializing_if = "Option::is_none")]
    pub suborder_id: Option<String>,
    /// Buyer's identity, when customs checks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_certificate: Option<Certificate>,
}

string_enum! {
    /// `clearingChannel`: the clearing organisation of the payment.
    ClearingChannel {
        /// China UnionPay.
        Cup = "CUP",
        /// NetsUnion Clearing Corporation.
        Nucc = "NUCC",
        /// Another organisation.
        OtherOrganisation = "OTHER",
    }
}

/// declare's answer. `S` means accepted, not declared: customs answers later, and
/// inquiryDeclarationRequests tells what it said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclareResponse {
    /// Result.
    pub result: ApiResult,
    /// Payment id as customs sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_payment_id: Option<String>,
    /// Order id as customs sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_order_id: Option<String>,
    /// `CHECK_PASSED` / `CHECK_NOT_PASSED`, when an identity check was asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_check_result: Option<String>,
    /// Clearing organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_channel: Option<ClearingChannel>,
    /// Clearing organisation's transaction id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clearing_transaction_id: Option<String>,
    /// Antom's registration id with the customs office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_provider_registration_id: Option<String>,
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
    /// The declarations to look up, at most 10.
    pub declaration_request_ids: Vec<String>,
}

string_enum! {
    /// `declarationRequestStatus`: where customs is with a declaration.
    DeclarationRequestStatus {
        /// Accepted by Antom, not yet sent to customs.
        WaitingForProcessing = "WAITING_FOR_PROCESSING",
        /// Sent to customs, no answer yet.
        Processing = "PROCESSING",
        /// Customs accepted it.
        Success = "SUCCESS",
        /// Customs refused it (see `customsDeclarationResultCode`).
        Fail = "FAIL",
    }
}

/// One declaration as Antom knows it (the SDK's `DeclarationRecord`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeclarationRecord {
    /// Merchant's id.
    pub declaration_request_id: String,
    /// Payment id as customs sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_payment_id: Option<String>,
    /// Order id as customs sees it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_order_id: Option<String>,
    /// Customs office.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs: Option<CustomsInfo>,
    /// Merchant's customs registration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_customs_info: Option<MerchantCustomsInfo>,
    /// Amount declared (CNY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_amount: Option<Amount>,
    /// Whether the payment was split.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_string::deserialize"
    )]
    pub split_order: Option<bool>,
    /// Where customs is with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration_request_status: Option<DeclarationRequestStatus>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time: Option<String>,
    /// Customs' own result code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_result_code: Option<String>,
    /// Customs' words for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_result_desc: Option<String>,
    /// When customs answered, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_return_time: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::DeclareRequest;

    #[test]
    fn the_sub_order_is_sent_as_the_docs_spell_it_and_read_as_every_sdk_sends_it() {
        let body = |field: &str| {
            format!(
                r#"{{"declarationRequestId":"d1","paymentId":"p1","declarationAmount":{{"currency":"CNY","value":"100"}},
                "customs":{{"customsCode":"ZONGSHU","region":"CN"}},
                "merchantCustomsInfo":{{"merchantCustomsCode":"1","merchantCustomsName":"n"}},
                "splitOrder":true,"{field}":"sub-1"}}"#
            )
        };
        for field in ["suborderId", "subOrderId"] {
            let read: DeclareRequest = serde_json::from_str(&body(field)).unwrap();
            assert_eq!(read.suborder_id.as_deref(), Some("sub-1"), "{field}");
            let written = serde_json::to_value(&read).unwrap();
            assert_eq!(written["suborderId"], "sub-1");
            assert!(written.get("subOrderId").is_none());
        }
    }
}
