//! What Antom posts to the merchant: notifyAuthorization, notifyPayment,
//! notifyRefund; how to check them; and the one answer that stops retries.

use super::{Extra, PspCustomerInfo, RefundStatus};
use crate::amount::Amount;
use crate::keys::PublicKey;
use crate::result::ApiResult;
use crate::secret::Secret;
use crate::serde_string::string_enum;
use crate::signature::{SignatureError, SignatureHeader, SignedContent};
use serde::{Deserialize, Serialize};

/// The signed parts of an incoming message (a notification, or a request to a server playing Antom).
#[derive(Debug, Clone, Copy)]
pub struct IncomingMessage<'a> {
    /// Request path as received.
    pub path: &'a str,
    /// `client-id` header.
    pub client_id: Option<&'a str>,
    /// `request-time` header.
    pub request_time: Option<&'a str>,
    /// `signature` header.
    pub signature: Option<&'a str>,
    /// Body bytes as received.
    pub body: &'a [u8],
}

impl IncomingMessage<'_> {
    /// Checks the signature (and that it names `expected_client_id`) before anything is parsed.
    pub fn verify(&self, key: &PublicKey, expected_client_id: &str) -> Result<(), SignatureError> {
        let client_id = self.client_id.ok_or(SignatureError::Missing)?;
        if client_id != expected_client_id {
            return Err(SignatureError::WrongClientId);
        }
        let time = self.request_time.ok_or(SignatureError::Missing)?;
        let header = SignatureHeader::parse(self.signature.ok_or(SignatureError::Missing)?)?;
        SignedContent {
            method: "POST",
            path: self.path,
            client_id,
            time,
            body: self.body,
        }
        .verify(key, &header)
    }
}

string_enum! {
    /// What happened to an authorization.
    AuthorizationNotifyType {
        /// The buyer agreed; an authCode is ready.
        AuthCodeCreated = "AUTHCODE_CREATED",
        /// The buyer unlinked in the wallet app; the token is dead.
        TokenCanceled = "TOKEN_CANCELED",
        /// A token was created for the authorization (we make ours with applyToken).
        TokenCreated = "TOKEN_CREATED",
    }
}

/// notifyAuthorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationNotification {
    /// The type, as current docs name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_notify_type: Option<AuthorizationNotifyType>,
    /// The type, as some messages name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_type: Option<AuthorizationNotifyType>,
    /// With AUTHCODE_CREATED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<Secret>,
    /// With AUTHCODE_CREATED: the merchant's state, echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_state: Option<String>,
    /// Secondary merchant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_client_id: Option<String>,
    /// Masked login id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_login_id: Option<String>,
    /// With TOKEN_CANCELED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// With TOKEN_CANCELED.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Required in every notification: one without it is malformed, refused
    /// (not acknowledged) so that Antom sends it again.
    pub result: ApiResult,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AuthorizationNotification {
    /// The type under whichever name it came.
    pub fn kind(&self) -> Option<&AuthorizationNotifyType> {
        self.authorization_notify_type
            .as_ref()
            .or(self.notify_type.as_ref())
    }
}

string_enum! {
    /// What a payment notification reports.
    PaymentNotifyType {
        /// Final: `result` is S or F.
        PaymentResult = "PAYMENT_RESULT",
        /// Not final yet.
        PaymentPending = "PAYMENT_PENDING",
    }
}

/// notifyPayment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentNotification {
    /// PAYMENT_RESULT or PAYMENT_PENDING.
    pub notify_type: PaymentNotifyType,
    /// The payment's result (for PAYMENT_RESULT: S paid, F failed).
    pub result: ApiResult,
    /// Merchant's id.
    pub payment_request_id: String,
    /// Antom's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount: Option<Amount>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_create_time: Option<String>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_time: Option<String>,
    /// Wallet's view of the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psp_customer_info: Option<PspCustomerInfo>,
    /// What customs may be told of this payment, in CNY (Alipay CN payments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_amount: Option<Amount>,
    /// Wallet code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

string_enum! {
    /// What a refund notification reports.
    RefundNotifyType {
        /// The refund's final result.
        RefundResult = "REFUND_RESULT",
    }
}

/// notifyRefund.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundNotification {
    /// `REFUND_RESULT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_type: Option<RefundNotifyType>,
    /// SUCCESS or FAIL.
    pub refund_status: RefundStatus,
    /// Merchant's id.
    pub refund_request_id: String,
    /// Antom's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// Amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_time: Option<String>,
    /// Required: the reason of a FAIL is its code. One without it is malformed.
    pub result: ApiResult,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The merchant's answer to a notification; anything but success makes Antom retry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationAck {
    /// Must be SUCCESS / S / success to stop retries.
    pub result: ApiResult,
}

impl NotificationAck {
    /// The acknowledgement that stops Antom's retries.
    pub fn success() -> Self {
        Self {
            result: ApiResult::success(),
        }
    }

    /// The exact body Antom expects.
    pub const SUCCESS_BODY: &'static str =
        r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

    /// Whether a merchant's answer body stops retries.
    pub fn is_success_body(body: &[u8]) -> bool {
        serde_json::from_slice::<NotificationAck>(body)
            .map(|ack| ack.result.is_success() && ack.result.result_code == "SUCCESS")
            .unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{AntomResponse, PayResponse, PaymentStatus};
    use crate::result::Outcome;

    #[test]
    fn the_acknowledgement_is_byte_exact() {
        assert_eq!(
            serde_json::to_string(&NotificationAck::success()).unwrap(),
            NotificationAck::SUCCESS_BODY
        );
        assert!(NotificationAck::is_success_body(
            NotificationAck::SUCCESS_BODY.as_bytes()
        ));
        assert!(!NotificationAck::is_success_body(b"OK"));
        assert!(!NotificationAck::is_success_body(
            br#"{"result":{"resultCode":"PROCESS_FAIL","resultStatus":"F"}}"#
        ));
    }

    #[test]
    fn notifications_parse_with_unknown_fields_and_either_type_name() {
        let payment: PaymentNotification = serde_json::from_str(
            r#"{"notifyType":"PAYMENT_RESULT","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},
            "paymentRequestId":"pr-1","paymentId":"p-1","paymentAmount":{"currency":"PHP","value":"10000"},
            "paymentTime":"2024-01-01T12:00:00+08:00","somethingNew":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(payment.notify_type, PaymentNotifyType::PaymentResult);
        assert_eq!(payment.result.outcome(), Outcome::Success);
        assert_eq!(payment.payment_amount.unwrap().minor_units(), 10_000);
        assert!(payment.extra.contains_key("somethingNew"));

        let canceled: AuthorizationNotification = serde_json::from_str(
            r#"{"authorizationNotifyType":"TOKEN_CANCELED","accessToken":"tok","reason":"user unbound","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#,
        )
        .unwrap();
        assert_eq!(
            canceled.kind(),
            Some(&AuthorizationNotifyType::TokenCanceled)
        );
        let older: AuthorizationNotification = serde_json::from_str(
            r#"{"notifyType":"AUTHCODE_CREATED","authCode":"c","authState":"s","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#,
        )
        .unwrap();
        assert_eq!(
            older.kind(),
            Some(&AuthorizationNotifyType::AuthCodeCreated)
        );
        let novel: AuthorizationNotification =
            serde_json::from_str(r#"{"authorizationNotifyType":"SOMETHING_ELSE","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#).unwrap();
        assert_eq!(
            novel.kind(),
            Some(&AuthorizationNotifyType::Other("SOMETHING_ELSE".into()))
        );
        let created: AuthorizationNotification = serde_json::from_str(
            r#"{"authorizationNotifyType":"TOKEN_CREATED","result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#,
        )
        .unwrap();
        assert_eq!(created.kind(), Some(&AuthorizationNotifyType::TokenCreated));
        // `result` is required in Antom's notifications: one without it is malformed.
        assert!(serde_json::from_str::<AuthorizationNotification>(
            r#"{"authorizationNotifyType":"TOKEN_CANCELED","accessToken":"tok"}"#
        )
        .is_err());
        assert!(serde_json::from_str::<RefundNotification>(
            r#"{"refundStatus":"SUCCESS","refundRequestId":"r"}"#
        )
        .is_err());
    }

    #[test]
    fn responses_keep_unknown_statuses_and_fields() {
        let response: PayResponse = serde_json::from_str(
            r#"{"result":{"resultCode":"PAYMENT_IN_PROCESS","resultStatus":"U","resultMessage":"x"},"brandNew":"1"}"#,
        )
        .unwrap();
        assert_eq!(
            response.result().outcome(),
            Outcome::Unknown("PAYMENT_IN_PROCESS".into())
        );
        assert_eq!(response.extra["brandNew"], "1");
        let status: PaymentStatus = serde_json::from_str(r#""AUTHORIZED""#).unwrap();
        assert_eq!(status, PaymentStatus::Other("AUTHORIZED".into()));
    }
}
