//! Authorization: consult, applyToken, revoke.

use super::{responses, AntomRequest, Env, Extra, OsType, PspCustomerInfo, TerminalType};
use crate::result::ApiResult;
use crate::secret::Secret;
use crate::serde_string::{opt_string, string_enum};
use serde::{Deserialize, Serialize};

string_enum! {
    /// What the buyer authorises.
    AuthScope {
        /// Auto Debit: the merchant may charge the wallet later.
        AgreementPay = "AGREEMENT_PAY",
        /// Read the buyer's basic profile.
        BaseUserInfo = "BASE_USER_INFO",
    }
}

/// `consult`: the URLs of the wallet's authorization page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultRequest {
    /// Wallet code, e.g. `GCASH`.
    pub customer_belongs_to: String,
    /// Where the wallet sends the buyer back, ≤ 1024 characters.
    pub auth_redirect_url: String,
    /// Usually `[AGREEMENT_PAY]`.
    pub scopes: Vec<AuthScope>,
    /// One-time value the merchant checks on return, ≤ 256 characters.
    pub auth_state: String,
    /// WEB, WAP, APP or MINI_APP.
    pub terminal_type: TerminalType,
    /// Required for WAP and APP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    /// Operating system version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// Merchant's region, for merchants registered in several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_region: Option<String>,
    /// Secondary merchant id, for acquirers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_client_id: Option<String>,
    /// Where Antom posts notifyAuthorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_notify_url: Option<String>,
    /// Whether the agreement is for recurring payments; required for the wallets in
    /// [`ASKS_RECURRING_PAYMENT`]. A JSON boolean, as both official SDKs send it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "opt_string::deserialize"
    )]
    pub recurring_payment: Option<bool>,
    /// Buyer's environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
}

/// Wallets whose consult must say whether the agreement is for recurring payments
/// (`recurringPayment`; the SDKs: "specify this parameter when customerBelongsTo is PAYPAY").
pub const ASKS_RECURRING_PAYMENT: &[&str] = &["PAYPAY"];

/// The authorization page URLs, by terminal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultResponse {
    /// Result.
    pub result: ApiResult,
    /// Generic URL (older integrations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_url: Option<String>,
    /// Web page URL: desktop, and the WAP fallback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_url: Option<String>,
    /// App scheme URL (`gcash://…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_url: Option<String>,
    /// Universal / app link (`https://…` that opens the app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applink_url: Option<String>,
    /// Android package or iOS bundle of the wallet app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_identifier: Option<String>,
    /// For wallets that show a code instead of a page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_code_form: Option<serde_json::Value>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for ConsultRequest {
    const PATH: &'static str = "/v1/authorizations/consult";
    type Response = ConsultResponse;
}

string_enum! {
    /// How applyToken gets its token.
    GrantType {
        /// First token, from the authCode the wallet returned.
        AuthorizationCode = "AUTHORIZATION_CODE",
        /// New token from the refresh token.
        RefreshToken = "REFRESH_TOKEN",
    }
}

/// `applyToken`: exchange an authCode (or refresh token) for an access token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyTokenRequest {
    /// AUTHORIZATION_CODE or REFRESH_TOKEN.
    pub grant_type: GrantType,
    /// Wallet code.
    pub customer_belongs_to: String,
    /// With AUTHORIZATION_CODE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_code: Option<Secret>,
    /// With REFRESH_TOKEN.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// Merchant's region, for merchants registered in several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_region: Option<String>,
}

/// The token and who it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyTokenResponse {
    /// Result.
    pub result: ApiResult,
    /// Used as `paymentMethodId` in pay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expiry_time: Option<String>,
    /// For applyToken(REFRESH_TOKEN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expiry_time: Option<String>,
    /// Masked login id, e.g. `0917****123`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_login_id: Option<String>,
    /// Wallet's view of the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub psp_customer_info: Option<PspCustomerInfo>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for ApplyTokenRequest {
    const PATH: &'static str = "/v1/authorizations/applyToken";
    type Response = ApplyTokenResponse;
}

/// `revoke`: end an authorization from the merchant side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokeRequest {
    /// The access token to invalidate.
    pub access_token: Secret,
}

/// Only a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokeResponse {
    /// Result.
    pub result: ApiResult,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AntomRequest for RevokeRequest {
    const PATH: &'static str = "/v1/authorizations/revoke";
    type Response = RevokeResponse;
}

responses!(ConsultResponse, ApplyTokenResponse, RevokeResponse);
