//! What the merchant's systems send to the `/v1` API: request bodies (beside
//! the back office's `NewRefund` and `NewDeclaration`), the answer to opening a
//! checkout, and the list endpoints' query strings. The service validates them
//! (`merchant::domain`); `/openapi.json` describes them from here.

use crate::api::{CheckoutMode, Metadata, OrderItem, Terminal};
use serde::{Deserialize, Serialize};

/// `POST /v1/checkout-sessions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCheckoutSession {
    /// The merchant's id for the buyer; linked wallets belong to it.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "[^\\s\\u0085]")
    )]
    pub buyer_reference: String,
    /// The order.
    #[serde(deserialize_with = "crate::objects::object")]
    pub order: NewOrder,
    /// Buyer region (ISO 3166-1), decides the wallets offered.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::optional_region))]
    pub region: Option<String>,
    /// The checkout's language (the service's document lists the ones it speaks).
    pub locale: Option<String>,
    /// `WEB`, `WAP` or `APP`, if the merchant knows better than the user agent.
    pub terminal: Option<Terminal>,
    /// Where the buyer goes when done.
    #[cfg_attr(feature = "openapi", schema(max_length = 1024, pattern = "^https?://"))]
    pub return_url: Option<String>,
    /// Seconds until the session can no longer pay (60 to 86400).
    #[cfg_attr(feature = "openapi", schema(minimum = 60, maximum = 86400))]
    pub expires_in_seconds: Option<i64>,
    /// The merchant page origin that embeds this checkout in an iframe: one of the
    /// service's `MERCHANT_ORIGINS` (`scheme://host[:port]`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^https?://[^/?#\\s]+$"))]
    pub embed_origin: Option<String>,
    /// Regions the buyer may switch between (the `region` is the default).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::regions))]
    pub regions: Vec<String>,
    /// `#rrggbb`, at least 4.5:1 against white so text on it and links in it stay readable.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^\\s*#[0-9A-Fa-f]{6}\\s*$"))]
    pub brand_color: Option<String>,
    /// The wallet the buyer links will pay recurring charges (a subscription): wallets that
    /// must know (PayPay) are told so when the link starts. Default false.
    #[serde(default)]
    pub recurring: bool,
    /// Up to 20 of the merchant's own key-value pairs (keys 1–40 characters, values ≤ 500),
    /// returned on the session and its payments in the API and in webhooks, never to the buyer.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::metadata))]
    pub metadata: Metadata,
    /// `payment` (default) or `setup`: link a wallet and pay nothing now (the order then
    /// says what the wallet will pay for; it implies `recurring`).
    #[serde(default)]
    pub mode: CheckoutMode,
    /// Whose account the checkout is for, masked by the merchant (`k***@mail.com`,
    /// `+63 9** *** 1234`): shown to the buyer before a wallet is linked, so someone
    /// who was forwarded the link sees it is not theirs. Printable, up to 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 64,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
        )
    )]
    pub account_hint: Option<String>,
    /// What the buyer agrees the merchant may charge the linked wallet without them
    /// (in the order's currency); shown before the wallet is linked. It makes the
    /// checkout `recurring`. A `setup` or `recurring` checkout without one states
    /// the order: its description, and its amount as the maximum per charge.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::objects::optional_object"
    )]
    pub mandate: Option<crate::mandates::NewMandate>,
    /// `relink` only, and required there: the link (`lw_…`, from `wallet.expiring` or
    /// `wallet.unlinked`) the buyer renews. Its mandate is shown before linking and kept
    /// by the new link of the same wallet; one the buyer or the merchant ended is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64, pattern = "^lw_"))]
    pub renews: Option<String>,
}

/// The order of a new session.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOrder {
    /// The merchant's order id.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "[^\\s\\u0085]")
    )]
    pub reference: String,
    /// Shown to the buyer.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 256, pattern = "[^\\s\\u0085]")
    )]
    pub description: String,
    /// Total in minor units (IDR: whole rupiah, a multiple of 100).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub amount: i64,
    /// ISO 4217, upper case (the service's document lists the codes it takes).
    pub currency: String,
    /// Lines; if given they must add up to `amount`.
    #[serde(default, deserialize_with = "crate::objects::objects")]
    pub items: Vec<OrderItem>,
}

/// The answer to `POST /v1/checkout-sessions`: where to send the buyer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedCheckoutSession {
    /// Session id.
    pub id: String,
    /// Open this in the buyer's browser; its fragment holds a one-time token.
    pub url: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    pub livemode: bool,
}

/// `POST /v1/payments`: charge a linked wallet without the buyer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCharge {
    /// The merchant's id for the buyer whose wallet is charged.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = "[^\\s\\u0085]")
    )]
    pub buyer_reference: String,
    /// The linked wallet to charge (Antom code, e.g. `GCASH`).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::wallet))]
    pub wallet: String,
    /// What is charged for.
    #[serde(deserialize_with = "crate::objects::object")]
    pub order: NewOrder,
    /// When to try again, in days after this charge, if Antom refuses it for a reason
    /// that may pass (the balance was too low): up to 6 increasing whole days, 1 to 60
    /// (`[]`: never). Default: the service's `CHARGE_RETRY_DAYS` (1, 3, 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::retry_days))]
    pub retry_days: Option<Vec<u16>>,
    /// Up to 20 of the merchant's own key-value pairs, returned on the payment.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schemas::metadata))]
    pub metadata: Metadata,
}

/// `GET /v1/payments?state=&wallet=&currency=&from=&to=&min_amount=&max_amount=&before=&limit=`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PaymentQuery {
    /// `processing`, `succeeded`, `failed`, `cancelling`, `cancelled` or `retry_scheduled` (blank: any).
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^(processing|succeeded|failed|cancelling|cancelled|retry_scheduled)?$")
    )]
    pub state: Option<String>,
    /// Wallet code, e.g. `GCASH`.
    pub wallet: Option<String>,
    /// ISO 4217 code, e.g. `PHP`.
    pub currency: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC), inclusive.
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC), inclusive.
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub to: Option<String>,
    /// Minor units, inclusive; at most `max_amount`.
    pub min_amount: Option<i64>,
    /// Minor units, inclusive.
    pub max_amount: Option<i64>,
    /// The `next` of the previous page.
    #[cfg_attr(
        feature = "openapi",
        param(pattern = "^([0-9]{1,18}\\.[A-Za-z0-9_-]{1,64})?$")
    )]
    pub before: Option<String>,
    /// Page size, 1 to 100 (default 20).
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

/// `GET /v1/events` filters.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct EventQuery {
    /// Only this type.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", param(rename = "type", schema_with = crate::schemas::event_type))]
    pub event_type: Option<String>,
    /// Only events about this object (`pay_…`, `rf_…`, `cs_…`, …).
    pub object_id: Option<String>,
    /// Created at or after (Unix seconds).
    pub from: Option<i64>,
    /// Created before (Unix seconds).
    pub to: Option<i64>,
    /// The previous page's `next_before`.
    #[cfg_attr(feature = "openapi", param(pattern = "^[0-9]{1,18}$"))]
    pub before: Option<String>,
    /// 1 to 100, default 50.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<i64>,
}

/// `GET /v1/audit?subject=pay_…`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditQuery {
    /// The id acted on.
    pub subject: String,
}
