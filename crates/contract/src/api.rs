//! JSON bodies of the merchant service's app API (`/api/...`), shared with the app.

pub use crate::errors::{ErrorCode, ErrorLocation};
pub use crate::money::{Currency3, Money};
use serde::{Deserialize, Serialize};

/// Every error the service answers: a stable `code` the app translates, and an English `message`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable, SCREAMING_SNAKE_CASE, e.g. `AUTH_STATE_EXPIRED`.
    pub code: ErrorCode,
    /// For developers and logs; the app shows its own localized text for `code`.
    pub message: String,
    /// For an error about an uploaded file (`REPORT_FILE_INVALID`): where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ErrorLocation>,
}

/// One line of the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderItem {
    /// Item name.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 128, pattern = "[^\\s\\u0085]")
    )]
    pub name: String,
    /// How many, 1 to 1,000,000.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 1_000_000))]
    pub quantity: u32,
    /// Price of one, minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 0))]
    pub unit_amount: i64,
}

/// What the buyer is paying for and to whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    /// Checkout session id.
    pub id: String,
    /// Shown at the top of the checkout.
    pub merchant_name: String,
    /// Merchant's order reference.
    pub order_reference: String,
    /// Order description.
    pub description: String,
    /// Total.
    pub amount: Money,
    /// Lines.
    pub items: Vec<OrderItem>,
    /// Buyer region (ISO 3166-1) the wallets are for, if set.
    pub region: Option<String>,
    /// Regions the buyer may switch between; empty when the merchant offers no choice.
    pub regions: Vec<String>,
    /// The merchant's brand colour (`#rrggbb`, readable on white), if set.
    pub brand_color: Option<String>,
    /// Preferred locale, if the merchant set one.
    pub locale: Option<String>,
    /// Terminal hint, if the merchant set one.
    pub terminal: Option<Terminal>,
    /// Wallets offered in `region`, linked ones first.
    pub wallets: Vec<WalletOption>,
    /// The payment of this session, once there is one.
    pub payment: Option<PaymentView>,
    /// Where to send the buyer when done.
    pub return_url: Option<String>,
    /// The merchant page allowed to embed this checkout and to receive its events.
    pub embed_origin: Option<String>,
    /// Unix seconds after which the session can no longer pay.
    pub expires_at: i64,
    /// Setup mode: the buyer links a wallet and pays nothing now.
    #[serde(default)]
    pub setup: bool,
    /// A wallet link this browser started came back to another browser, which
    /// shows a code to type here ([`LinkCode`]): that wallet's code. Only in
    /// answers to the browser that started the link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_link_code: Option<String>,
    /// Whose account this checkout is for, as the merchant masked it
    /// (`k***@mail.com`): shown before a wallet is linked. Only once claimed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_hint: Option<String>,
    /// What the buyer is asked to let the merchant charge without them, if anything:
    /// shown before a wallet is linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandate: Option<crate::mandates::MandateTerms>,
    /// A recovery checkout: the merchant's charge of this order that failed, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<crate::mandates::RecoveryNotice>,
}

/// What a checkout session is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CheckoutMode {
    /// The buyer pays the order (linking a wallet first if needed).
    #[default]
    Payment,
    /// The buyer links a wallet and pays nothing now; the merchant charges it later
    /// (`POST /v1/payments`), for example a subscription.
    Setup,
    /// The buyer renews a link that is about to lapse, or lapsed (`wallet.expiring`,
    /// `wallet.unlinked`), and pays nothing: the new link keeps the old one's mandate.
    Relink,
}

impl CheckoutMode {
    /// Whether the checkout only links a wallet (setup or relink) and takes no payment.
    pub fn links_only(self) -> bool {
        matches!(self, Self::Setup | Self::Relink)
    }

    /// How the API spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::Setup => "setup",
            Self::Relink => "relink",
        }
    }
}

/// A wallet the buyer can link or pay with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WalletOption {
    /// Antom code, e.g. `GCASH`.
    pub code: String,
    /// Brand name.
    pub name: String,
    /// Linked, revoked by the buyer in the wallet app, or not linked.
    pub link: LinkState,
    /// Masked account when linked, e.g. `0917****123`.
    pub account: Option<String>,
}

/// Whether the buyer has linked a wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LinkState {
    /// Ready for one-click payment.
    Linked,
    /// Never linked, or unlinked here.
    NotLinked,
    /// Unlinked from inside the wallet app; link again to pay.
    RevokedByWallet,
    /// The authorization ran out; link again to pay.
    Expired,
}

/// How the buyer reaches the wallet: Antom's `terminalType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Terminal {
    /// A desktop browser: the wallet's web page (often a QR code).
    Web,
    /// A mobile browser: the wallet app, else its mobile page.
    Wap,
    /// Inside the merchant's own app.
    App,
}

impl Terminal {
    /// As Antom and our API write it: `WEB`, `WAP`, `APP`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Terminal::Web => "WEB",
            Terminal::Wap => "WAP",
            Terminal::App => "APP",
        }
    }
}

impl std::str::FromStr for Terminal {
    type Err = UnknownValue;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Terminal::Web, Terminal::Wap, Terminal::App]
            .into_iter()
            .find(|t| t.as_str() == text)
            .ok_or_else(|| UnknownValue(format!("terminal {text:?}")))
    }
}

impl TryFrom<String> for Terminal {
    type Error = UnknownValue;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// Stored or received text that names no value of the type it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue(pub String);

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {}", self.0)
    }
}

impl std::error::Error for UnknownValue {}

/// The buyer's phone OS, which Antom needs for `WAP` and `APP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Os {
    /// iPhone, iPad.
    Ios,
    /// Android.
    Android,
}

/// `POST /api/checkout-sessions/{id}/claim`: the one-time token from the checkout URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimSession {
    /// The `t` parameter of the checkout URL's fragment.
    pub token: String,
    /// The checkout runs in a frame of another site: answer a credential in the
    /// [`CREDENTIAL_HEADER`] response header instead of setting the buyer cookie,
    /// which a browser that blocks third-party cookies (Safari, every iOS WebView)
    /// would never send back.
    #[serde(default)]
    pub embedded: bool,
}

/// The header of an embedded checkout's credential: answered by its claim, and
/// sent by the app on every `/api` call about that checkout instead of a cookie.
pub const CREDENTIAL_HEADER: &str = "x-checkout-credential";

/// `POST /api/authorizations`: start linking a wallet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartAuthorization {
    /// Antom wallet code.
    pub wallet: String,
    /// Desktop, mobile browser, or the merchant's app.
    pub terminal: Terminal,
    /// Required for `WAP` and `APP`.
    pub os: Option<Os>,
}

/// Where to send the buyer to authorize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizationRedirect {
    /// The wallet's web page (desktop; fallback on mobile).
    pub normal_url: Option<String>,
    /// Opens the wallet app via a universal/app link.
    pub applink_url: Option<String>,
    /// Opens the wallet app via its URL scheme.
    pub scheme_url: Option<String>,
}

/// `POST /api/authorizations/complete`: what the wallet appended to the return URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteAuthorization {
    /// Absent when the buyer declined.
    pub auth_code: Option<String>,
    /// The state the service issued.
    pub auth_state: String,
}

/// `POST …/authorizations/handover`: the wallet brought the buyer back to a
/// browser that did not start the link; this code, typed into the checkout that
/// did, finishes it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkHandover {
    /// Six digits, shown to the buyer in this browser only.
    pub code: String,
    /// Who the link is for: the page names it, so a buyer sent someone else's
    /// consent page can tell it is not their own purchase.
    pub merchant_name: String,
    /// The wallet being linked.
    pub wallet: String,
    /// Unix seconds after which the code no longer works.
    pub expires_at: i64,
}

/// `POST …/authorizations/complete-with-code`: the code another browser showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkCode {
    /// The six digits (spaces and dashes are ignored).
    pub code: String,
}

/// A linked wallet, as the buyer may see it (never the token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkedWallet {
    /// Antom wallet code.
    pub wallet: String,
    /// Brand name.
    pub name: String,
    /// Masked account.
    pub account: Option<String>,
    /// Current state.
    pub link: LinkState,
    /// Unix seconds.
    pub linked_at: i64,
    /// What the buyer agreed the merchant may charge without them, while it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mandate: Option<crate::mandates::MandateTerms>,
}

/// `POST /api/payments` (with an `Idempotency-Key` header).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePayment {
    /// The linked wallet to charge.
    pub wallet: String,
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum PaymentState {
    /// Antom has not given a final answer yet.
    Processing,
    /// Paid.
    Succeeded,
    /// Not paid; see `failure_code`.
    Failed,
    /// Cancelled by the merchant.
    Cancelled,
    /// The merchant asked to cancel; Antom has not confirmed yet.
    Cancelling,
    /// A merchant-initiated charge was refused for a reason that may pass (the
    /// balance was too low); it is tried again at `next_attempt_at`.
    RetryScheduled,
}

/// A payment as the app and the merchant API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    /// Our payment id.
    pub id: String,
    /// Where it stands.
    pub state: PaymentState,
    /// Amount.
    pub amount: Money,
    /// Wallet code.
    pub wallet: String,
    /// Antom's code when it failed, e.g. `USER_BALANCE_NOT_ENOUGH`.
    pub failure_code: Option<String>,
    /// Unix seconds, when paid.
    pub paid_at: Option<i64>,
    /// Merchant's order reference.
    pub order_reference: String,
    /// Amount refunded so far, minor units.
    pub refunded_minor: i64,
    /// Unix seconds, when the payment was recorded.
    #[serde(default)]
    pub created_at: i64,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    pub livemode: bool,
    /// The merchant's key-value pairs (merchant API and webhooks only; never sent to the buyer).
    /// Only the service's build has it: the browser apps never read it, nor carry its code.
    #[cfg(feature = "server")]
    #[serde(default, skip_serializing_if = "Metadata::is_empty")]
    pub metadata: Metadata,
    /// A merchant-initiated charge: each finished try at Antom, oldest first (merchant API only).
    #[cfg(feature = "server")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<crate::mandates::ChargeAttempt>,
    /// A `retry_scheduled` charge: when it is tried again, Unix seconds.
    #[cfg(feature = "server")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<i64>,
    /// A merchant-initiated charge: whether its outcome is final (no try is still due).
    #[cfg(feature = "server")]
    #[serde(default, rename = "final", skip_serializing_if = "Option::is_none")]
    pub is_final: Option<bool>,
    /// A failed or retrying charge: a checkout of its order for the buyer; paying there ends the retries.
    #[cfg(feature = "server")]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_url: Option<String>,
}

/// Up to 20 of the merchant's own key-value pairs (keys ≤ 40 characters, values ≤ 500).
pub type Metadata = std::collections::BTreeMap<String, String>;

#[cfg(test)]
mod tests;
