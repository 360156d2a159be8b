//! Payments: pay (Auto Debit), inquiryPayment, cancel.

use super::{responses, AntomRequest, Env, Extra, PspCustomerInfo};
use crate::amount::{Amount, Currency};
use crate::result::ApiResult;
use crate::secret::Secret;
use crate::serde_string::{opt_string, string_enum};
use serde::{Deserialize, Serialize};

/// The product code of Auto Debit payments.
pub const AGREEMENT_PAYMENT: &str = "AGREEMENT_PAYMENT";

/// A line of the order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Goods {
    /// Merchant's id of the item.
    pub reference_goods_id: String,
    /// Item name.
    pub goods_name: String,
    /// Category, free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_category: Option<String>,
    /// Price of one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods_unit_amount: Option<Amount>,
    /// How many.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_string")]
    pub goods_quantity: Option<u32>,
}

/// The buyer as the merchant knows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Buyer {
    /// Merchant's buyer id.
    pub reference_buyer_id: String,
}

/// The merchant's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// Merchant's order id.
    pub reference_order_id: String,
    /// Shown to the buyer in the wallet.
    pub order_description: String,
    /// Order total.
    pub order_amount: Amount,
    /// Items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goods: Vec<Goods>,
    /// Buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    /// Buyer's environment for this order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
}

/// How the buyer pays: the wallet and its access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    /// Wallet code, e.g. `GCASH`.
    pub payment_method_type: String,
    /// The access token from applyToken.
    pub payment_method_id: Secret,
}

/// Settlement preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementStrategy {
    /// Currency the merchant is settled in.
    pub settlement_currency: Currency,
}

/// `pay` with productCode AGREEMENT_PAYMENT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayRequest {
    /// Always [`AGREEMENT_PAYMENT`] here.
    pub product_code: String,
    /// Merchant's idempotency key for this payment, ≤ 64 characters.
    pub payment_request_id: String,
    /// The order.
    pub order: Order,
    /// Amount to charge.
    pub payment_amount: Amount,
    /// Wallet and token.
    pub payment_method: PaymentMethod,
    /// Where Antom posts notifyPayment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_notify_url: Option<String>,
    /// ISO 8601; the payment closes if not done by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_expiry_time: Option<String>,
    /// Settlement preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_strategy: Option<SettlementStrategy>,
    /// Buyer's environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
}

impl PayRequest {
    /// An Auto Debit payment of `amount` with `access_token` of `wallet`.
    pub fn agreement_payment(
        payment_request_id: impl Into<String>,
        order: Order,
        amount: Amount,
        wallet: impl Into<String>,
        access_token: Secret,
    ) -> Self {
        Self {
            product_code: AGREEMENT_PAYMENT.to_owned(),
            payment_request_id: payment_request_id.into(),
            order,
            payment_amount: amount,
            payment_method: PaymentMethod {
                payment_method_type: wallet.into(),
                payment_method_id: access_token,
            },
            payment_notify_url: None,
            payment_expiry_time: None,
            settlement_strategy: None,
            env: None,
        }
    }
}

/// pay's answer; `S` paid, `F` declined, `U` (often PAYMENT_IN_PROCESS) not known yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayResponse {
    /// Result.
    pub result: ApiResult,
    /// Antom's payment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Echo of the merchant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// Amount charged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount: Option<Amount>,
    /// ISO 8601, when paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_time: Option<String>,
    /// ISO 8601, when created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_create_time: Option<String>,
    /// Wallet's view of the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psp_customer_info: Option<PspCustomerInfo>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for PayRequest {
    const PATH: &'static str = "/v1/payments/pay";
    type Response = PayResponse;
    fn payment_request_id(&self) -> Option<&str> {
        Some(&self.payment_request_id)
    }
}

/// `inquiryPayment`: the current state of a payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPaymentRequest {
    /// Merchant's id (either this or `payment_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// Antom's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

string_enum! {
    /// `paymentStatus` of inquiryPayment.
    PaymentStatus {
        /// Paid.
        Success = "SUCCESS",
        /// Failed for good.
        Fail = "FAIL",
        /// Still going.
        Processing = "PROCESSING",
        /// Cancelled by the merchant.
        Cancelled = "CANCELLED",
        /// Waiting for the buyer.
        Pending = "PENDING",
    }
}

/// The state of a payment. A `result` of `S` means the inquiry worked, not that the payment did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPaymentResponse {
    /// Result of the inquiry itself.
    pub result: ApiResult,
    /// The payment's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<PaymentStatus>,
    /// Why it failed, e.g. `USER_BALANCE_NOT_ENOUGH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_result_code: Option<String>,
    /// Detail of the above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_result_message: Option<String>,
    /// Antom's payment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Merchant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// Amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount: Option<Amount>,
    /// ISO 8601, when paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_time: Option<String>,
    /// Wallet's view of the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psp_customer_info: Option<PspCustomerInfo>,
    /// What customs may be told of this payment, in CNY (Alipay CN payments only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customs_declaration_amount: Option<Amount>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for InquiryPaymentRequest {
    const PATH: &'static str = "/v1/payments/inquiryPayment";
    type Response = InquiryPaymentResponse;
    fn payment_request_id(&self) -> Option<&str> {
        self.payment_request_id.as_deref()
    }
}

/// `cancel`: void a payment that is not yet settled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    /// Merchant's id (either this or `payment_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// Antom's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

/// cancel's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelResponse {
    /// Result.
    pub result: ApiResult,
    /// Antom's payment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    /// Merchant's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_time: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for CancelRequest {
    const PATH: &'static str = "/v1/payments/cancel";
    type Response = CancelResponse;
    fn payment_request_id(&self) -> Option<&str> {
        self.payment_request_id.as_deref()
    }
}

responses!(PayResponse, InquiryPaymentResponse, CancelResponse);
