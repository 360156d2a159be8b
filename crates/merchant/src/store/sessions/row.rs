//! A checkout session as it is stored: one row, its JSON columns parsed once.

use super::super::{col, col_as_opt};
use contract::api::Terminal;
use sqlx::any::AnyRow;

/// A merchant's order waiting for a buyer.
#[derive(Debug, Clone)]
pub struct CheckoutSession {
    pub id: String,
    pub claim_token_hash: String,
    pub claimed_at: Option<i64>,
    pub buyer_reference: String,
    pub order_reference: String,
    pub order_description: String,
    pub amount_minor: i64,
    pub currency: String,
    /// The order's lines (stored as JSON, parsed here once).
    pub items: Vec<contract::api::OrderItem>,
    pub region: Option<String>,
    pub locale: Option<String>,
    pub terminal: Option<Terminal>,
    pub return_url: Option<String>,
    pub embed_origin: Option<String>,
    /// Regions the buyer may switch between; empty when the merchant offered no choice.
    pub regions: Vec<String>,
    pub brand_color: Option<String>,
    /// The link will pay recurring charges.
    pub recurring: bool,
    /// The merchant's key-value pairs.
    pub metadata: contract::api::Metadata,
    /// Payment or setup.
    pub mode: contract::api::CheckoutMode,
    pub account_hint: Option<String>,
    /// The mandate the buyer is asked to agree to (the link made here is recurring).
    pub mandate: Option<contract::mandates::NewMandate>,
    /// A merchant-initiated charge's own session: the mandate it was counted in, and the
    /// start of the interval its amount counts in.
    pub charged_under: Option<(String, Option<i64>)>,
    /// A relink checkout: the link it renews.
    pub renews: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

impl CheckoutSession {
    pub(super) fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: col(r, "id")?,
            claim_token_hash: col(r, "claim_token_hash")?,
            claimed_at: col(r, "claimed_at")?,
            buyer_reference: col(r, "buyer_reference")?,
            order_reference: col(r, "order_reference")?,
            order_description: col(r, "order_description")?,
            amount_minor: col(r, "amount_minor")?,
            currency: col(r, "currency")?,
            items: json_col(r, "items_json")?.unwrap_or_default(),
            region: col(r, "region")?,
            locale: col(r, "locale")?,
            terminal: col_as_opt(r, "terminal")?,
            return_url: col(r, "return_url")?,
            embed_origin: col(r, "embed_origin")?,
            regions: json_col(r, "regions_json")?.unwrap_or_default(),
            brand_color: col(r, "brand_color")?,
            recurring: col::<i64>(r, "recurring")? != 0,
            metadata: json_col(r, "metadata_json")?.unwrap_or_default(),
            mode: match col::<String>(r, "mode")?.as_str() {
                "setup" => contract::api::CheckoutMode::Setup,
                "relink" => contract::api::CheckoutMode::Relink,
                _ => contract::api::CheckoutMode::Payment,
            },
            account_hint: col(r, "account_hint")?,
            mandate: json_col(r, "mandate_json")?,
            charged_under: col::<Option<String>>(r, "mandate_id")?
                .map(|id| Ok::<_, sqlx::Error>((id, col(r, "mandate_period_start")?)))
                .transpose()?,
            renews: col(r, "renews_link_id")?,
            created_at: col(r, "created_at")?,
            expires_at: col(r, "expires_at")?,
        })
    }
}

/// A JSON column read once, where the row is: `None` when it is NULL.
pub(super) fn json_col<T: serde::de::DeserializeOwned>(
    r: &AnyRow,
    name: &str,
) -> Result<Option<T>, sqlx::Error> {
    col::<Option<String>>(r, name)?
        .map(|text| serde_json::from_str(&text).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()
}

/// `value` as JSON for its column; `None` (NULL) when it says nothing.
pub(super) fn json_text<T: serde::Serialize>(
    value: &T,
    empty: bool,
) -> Result<Option<String>, sqlx::Error> {
    if empty {
        return Ok(None);
    }
    serde_json::to_string(value)
        .map(Some)
        .map_err(|e| sqlx::Error::Encode(Box::new(e)))
}
