//! Mandates: what a buyer agreed the merchant may charge their linked wallet
//! without them (a subscription, top-ups) — a description, a maximum per charge,
//! an optional interval with a maximum per interval, an optional end. A link
//! without one is buyer-present: it pays only in a checkout the buyer opened.

use crate::money::Money;
use serde::{Deserialize, Serialize};

/// How often the interval maximum starts again, counted from the mandate's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MandateInterval {
    /// Every day.
    Day,
    /// Every seven days.
    Week,
    /// Every calendar month (from the 31st: the month's last day).
    Month,
    /// Every year.
    Year,
}

impl MandateInterval {
    /// How the API spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    /// The interval spelt `text`.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Day, Self::Week, Self::Month, Self::Year]
            .into_iter()
            .find(|i| i.as_str() == text)
    }
}

/// `mandate` of `POST /v1/checkout-sessions`: what the buyer is asked to agree to, in
/// the session's currency. Amounts are minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMandate {
    /// What the charges are for, as the buyer reads it ("Kopi Club membership"), 1–100 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 100, pattern = "[^\\s\\u0085]")
    )]
    pub description: String,
    /// The most one charge may take, minor units.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000_000i64))]
    pub max_amount_per_charge: i64,
    /// How often `max_amount_per_interval` starts again; both or neither.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<MandateInterval>,
    /// The most all charges in one interval may take together, minor units, at least `max_amount_per_charge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100_000_000_000i64))]
    pub max_amount_per_interval: Option<i64>,
    /// After this (Unix seconds, in the future) no charge is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
}

/// A mandate as the API, its events and the buyer's pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mandate {
    /// `md_…`.
    pub id: String,
    /// The link it rides on (`lw_…`).
    pub linked_wallet_id: String,
    /// The merchant's id for the buyer.
    pub buyer_reference: String,
    /// Antom wallet code.
    pub wallet: String,
    /// What the charges are for.
    pub description: String,
    /// The most one charge may take; none for a mandate made before limits existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount_per_charge: Option<Money>,
    /// How often the interval maximum starts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<MandateInterval>,
    /// The most all charges in one interval may take together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount_per_interval: Option<Money>,
    /// Charged so far in the current interval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_charged: Option<Money>,
    /// When the current interval ends and its maximum starts again, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_ends_at: Option<i64>,
    /// After this no charge is made, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
    /// When it ended (the link ended, or the merchant or the buyer ended it), Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// Who ended it: `buyer`, `merchant`, `wallet_app`, `antom` or `relinked`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<String>,
    /// False in sandbox mode.
    pub livemode: bool,
}

/// One finished try of a merchant-initiated charge at Antom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChargeAttempt {
    /// 1 for the first try, then each retry.
    pub number: u32,
    /// The `paymentRequestId` Antom knows this try by.
    pub payment_request_id: String,
    /// Unix seconds.
    pub started_at: i64,
    /// Unix seconds.
    pub ended_at: i64,
    /// How it ended.
    pub state: crate::api::PaymentState,
    /// Antom's code, e.g. `USER_BALANCE_NOT_ENOUGH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
}

/// Why the buyer is asked to pay in a recovery checkout: the merchant's charge of this
/// order that the wallet refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryNotice {
    /// The wallet the charge was made to (Antom code).
    pub wallet: String,
    /// What was charged.
    pub amount: Money,
    /// Antom's refusal, e.g. `USER_BALANCE_NOT_ENOUGH`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
}

/// A mandate's terms as the buyer reads them before linking (the checkout page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MandateTerms {
    /// What the charges are for.
    pub description: String,
    /// The most one charge may take (none only for a mandate from before limits existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount_per_charge: Option<Money>,
    /// How often the interval maximum starts again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<MandateInterval>,
    /// The most all charges in one interval may take together.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount_per_interval: Option<Money>,
    /// After this no charge is made, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
}
