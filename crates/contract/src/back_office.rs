//! JSON bodies of the merchant's back-office API (`/v1/...`) that the
//! operator console reads too: payment lists, refunds, declarations, and the
//! reconciliation reports of [`crate::reconciliation`].

use crate::api::{Money, PaymentView};
pub use crate::reconciliation::*;
use serde::{Deserialize, Serialize};

/// A page of payments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentPage {
    /// This page.
    pub payments: Vec<PaymentView>,
    /// Pass as `before` for the next (older) page; absent on the last page.
    pub next: Option<String>,
    /// How many payments match the filters in all.
    pub total: u64,
}

/// One event in a payment's life, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEvent {
    /// Unix seconds.
    pub at: i64,
    /// `authorization`, `attempt`, `notification`, `refund`, `cancel`, `declaration`, `audit`.
    pub kind: String,
    /// A stable code for what happened, e.g. `linked`, `succeeded`, `notifyPayment`, `payment.refund`.
    pub what: String,
    /// The id of the thing concerned (refund id, declaration id, API key id…).
    pub reference: Option<String>,
    /// Money involved, if any.
    pub amount: Option<Money>,
}

/// A payment with everything the operator needs on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentDetail {
    /// The payment.
    pub payment: PaymentView,
    /// Antom's paymentId, once known.
    pub antom_payment_id: Option<String>,
    /// The buyer's reference at the merchant.
    pub buyer_reference: String,
    /// What can still be refunded, minor units.
    pub refundable_minor: i64,
    /// Whether a cancel can still be asked for.
    pub cancellable: bool,
    /// What may be declared to customs (CNY): set for paid Alipay CN payments once Antom
    /// gave their customs declaration amount.
    #[serde(default)]
    pub customs_declarable: Option<Money>,
    /// Everything that happened, oldest first.
    pub timeline: Vec<TimelineEvent>,
}

/// `POST /v1/payments/{id}/refunds`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewRefund {
    /// Minor units; at most what is left to refund.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub amount: i64,
    /// Free text for the buyer's statement (Antom's `refundReason`), at most 256 characters.
    #[cfg_attr(feature = "openapi", schema(max_length = 256))]
    pub reason: Option<String>,
}

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RefundState {
    /// Sent (or about to be); Antom has not given a final answer.
    Processing,
    /// The money went back to the buyer.
    Succeeded,
    /// Refused; see `failure_code`.
    Failed,
}

/// Where a customs declaration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeclarationState {
    /// Sent (or about to be); Antom has not answered.
    Processing,
    /// Antom accepted it and passed it to customs; customs has not answered yet.
    Submitted,
    /// Customs accepted it.
    Succeeded,
    /// Refused; see `failure_code`.
    Failed,
    /// Antom kept reporting a status this service does not know (`antom_status`), so it
    /// is no longer asked about: look the declaration up in Antom's dashboard.
    Unrecognized,
}

/// A refund as the merchant API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundView {
    /// Our refund id.
    pub id: String,
    /// The payment refunded.
    pub payment_id: String,
    /// Minor units.
    pub amount: i64,
    /// ISO 4217.
    pub currency: String,
    /// Where it stands.
    pub state: RefundState,
    /// Antom's code when it failed.
    pub failure_code: Option<String>,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    pub livemode: bool,
}

/// The buyer's identity document, when customs checks it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerCertificate {
    /// e.g. `ID_CARD`.
    pub certificate_type: String,
    /// Document number.
    pub certificate_no: String,
    /// Holder's full name.
    pub holder_name: String,
}

/// `POST /v1/payments/{id}/declarations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDeclaration {
    /// CNY minor units (fen), at most the payment's customs declaration amount (what
    /// Antom says customs may be told, in CNY); all of it when left out.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub amount: Option<i64>,
    /// Customs office code, e.g. `ZONGSHU`.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 32, pattern = "[^\\s\\u0085]")
    )]
    pub customs_code: String,
    /// Customs office region, ISO 3166-1, e.g. `CN`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{2}$"))]
    pub customs_region: String,
    /// The merchant's customs registration code.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, pattern = "[^\\s\\u0085]"))]
    pub merchant_customs_code: String,
    /// The merchant's customs registration name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, pattern = "[^\\s\\u0085]"))]
    pub merchant_customs_name: String,
    /// Whether the payment is split into several declarations.
    #[serde(default)]
    pub split_order: bool,
    /// Required when `split_order` (Antom's `suborderId`).
    pub sub_order_id: Option<String>,
    /// For customs identity checks.
    #[serde(default, deserialize_with = "crate::objects::optional_object")]
    pub buyer_certificate: Option<BuyerCertificate>,
}

/// A declaration as the merchant API shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclarationView {
    /// Our id.
    pub id: String,
    /// The payment declared.
    pub payment_id: String,
    /// Minor units.
    pub amount: i64,
    /// ISO 4217.
    pub currency: String,
    /// Customs office.
    pub customs_code: String,
    /// Customs region.
    pub customs_region: String,
    /// Where it stands.
    pub state: DeclarationState,
    /// Antom's code when it failed.
    pub failure_code: Option<String>,
    /// The `declarationRequestStatus` Antom reported, when the state is `unrecognized`.
    #[serde(default)]
    pub antom_status: Option<String>,
    /// `CHECK_PASSED` / `CHECK_NOT_PASSED` when an identity check was asked for.
    pub identity_check_result: Option<String>,
    /// Clearing organisation, Antom's code: `CUP`, `NUCC` or `OTHER`.
    pub clearing_channel: Option<String>,
    /// The payment's id as customs knows it.
    pub customs_payment_id: Option<String>,
    /// The order's id as customs knows it.
    pub customs_order_id: Option<String>,
    /// Customs' own result code, once it answered.
    pub customs_result_code: Option<String>,
    /// Customs' words for it.
    pub customs_result_desc: Option<String>,
    /// When customs answered (ISO 8601, as Antom gives it).
    pub customs_returned_at: Option<String>,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    pub livemode: bool,
}

/// One of a buyer's wallet links, as `GET /v1/buyers/{buyer_reference}/wallets` shows it
/// (the latest link of each wallet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuyerWallet {
    /// The link's id (`lw_…`), as `wallet.*` events name it.
    pub id: String,
    /// The merchant's id for the buyer.
    pub buyer_reference: String,
    /// Antom wallet code.
    pub wallet: String,
    /// Brand name.
    pub name: String,
    /// Masked account, as the wallet showed it.
    pub account: Option<String>,
    /// `linked`, `not_linked` (ended here), `revoked_by_wallet` or `expired`.
    pub link: crate::api::LinkState,
    /// Unix seconds.
    pub linked_at: i64,
    /// When the access token expires (it is refreshed before), Unix seconds.
    pub token_expires_at: Option<i64>,
    /// When the link lapses unless its buyer renews it (the refresh token's expiry, or
    /// the access token's when the wallet gives no refresh token), Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_expires_at: Option<i64>,
    /// What the buyer agreed the merchant may charge without them; none: buyer-present
    /// (pays only in a checkout the buyer opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandate: Option<crate::mandates::Mandate>,
    /// In a `wallet.unlinked` event: who ended the link (`buyer`, `merchant`,
    /// `wallet_app` or `antom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<String>,
    /// In a `wallet.linked` event: the browser that claimed the checkout the link
    /// was made in, so the merchant can warn the account's owner of a link they did not make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<LinkedFrom>,
    /// False in sandbox mode.
    pub livemode: bool,
}

/// The browser a wallet was linked from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedFrom {
    /// Its address, as the service saw it (behind `TRUSTED_PROXIES`, the forwarded one).
    pub ip: String,
    /// Its `User-Agent` (at most 256 printable characters).
    pub user_agent: String,
}
