//! Webhooks to the merchant's systems (Standard Webhooks): endpoints, events and
//! their deliveries, as `/v1/webhook-endpoints` and `/v1/events` show them.

use serde::{Deserialize, Serialize};

/// Every event type the service reports; `type` on the wire spells it `as_str()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    /// A checkout was paid, or its setup linked a wallet.
    CheckoutSessionCompleted,
    /// A checkout ran out unpaid.
    CheckoutSessionExpired,
    /// A payment was paid.
    PaymentSucceeded,
    /// A payment failed for good (a charge: recovery is over).
    PaymentFailed,
    /// A merchant-initiated charge was refused for a reason that may pass; it is tried again at `next_attempt_at`.
    PaymentRetryScheduled,
    /// A payment was sent and has no final answer yet.
    PaymentProcessing,
    /// A payment was cancelled (voided, or closed unanswered).
    PaymentCancelled,
    /// A refund went back to the buyer.
    RefundSucceeded,
    /// A refund was refused.
    RefundFailed,
    /// A buyer linked a wallet.
    WalletLinked,
    /// A link ended (see `ended_by`).
    WalletUnlinked,
    /// A link lapses soon (`link_expires_at`) unless its buyer renews it in a `relink` checkout.
    WalletExpiring,
    /// A customs declaration moved on.
    DeclarationUpdated,
    /// A buyer agreed to a mandate (a recurring link was made).
    MandateCreated,
    /// A mandate ended (see `ended_by`).
    MandateEnded,
    /// A settlement report was compared with the payments.
    ReconciliationCompleted,
}

impl EventType {
    /// Every event type, in the order the documentation lists them.
    pub const ALL: &'static [EventType] = &[
        EventType::CheckoutSessionCompleted,
        EventType::CheckoutSessionExpired,
        EventType::PaymentSucceeded,
        EventType::PaymentFailed,
        EventType::PaymentRetryScheduled,
        EventType::PaymentProcessing,
        EventType::PaymentCancelled,
        EventType::RefundSucceeded,
        EventType::RefundFailed,
        EventType::WalletLinked,
        EventType::WalletUnlinked,
        EventType::WalletExpiring,
        EventType::DeclarationUpdated,
        EventType::MandateCreated,
        EventType::MandateEnded,
        EventType::ReconciliationCompleted,
    ];

    /// What happened, in one sentence (the documents' description of the event).
    pub const fn meaning(self) -> &'static str {
        match self {
            EventType::CheckoutSessionCompleted => "A checkout was paid, or its setup linked a wallet.",
            EventType::CheckoutSessionExpired => "A checkout ran out unpaid.",
            EventType::PaymentSucceeded => "A payment was paid.",
            EventType::PaymentFailed => "A payment failed for good (a charge: recovery is over).",
            EventType::PaymentRetryScheduled => "A merchant-initiated charge was refused for a reason that may pass; it is tried again at `next_attempt_at`.",
            EventType::PaymentProcessing => "A payment was sent and has no final answer yet.",
            EventType::PaymentCancelled => "A payment was cancelled (voided, or closed unanswered).",
            EventType::RefundSucceeded => "A refund went back to the buyer.",
            EventType::RefundFailed => "A refund was refused.",
            EventType::WalletLinked => "A buyer linked a wallet.",
            EventType::WalletUnlinked => "A link ended (see `ended_by`).",
            EventType::WalletExpiring => "A link lapses soon (`link_expires_at`) unless its buyer renews it in a `relink` checkout.",
            EventType::DeclarationUpdated => "A customs declaration moved on.",
            EventType::MandateCreated => "A buyer agreed to a mandate (a recurring link was made).",
            EventType::MandateEnded => "A mandate ended (see `ended_by`).",
            EventType::ReconciliationCompleted => "A settlement report was compared with the payments.",
        }
    }

    /// How `type` spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::CheckoutSessionCompleted => "checkout_session.completed",
            EventType::CheckoutSessionExpired => "checkout_session.expired",
            EventType::PaymentSucceeded => "payment.succeeded",
            EventType::PaymentFailed => "payment.failed",
            EventType::PaymentRetryScheduled => "payment.retry_scheduled",
            EventType::PaymentProcessing => "payment.processing",
            EventType::PaymentCancelled => "payment.cancelled",
            EventType::RefundSucceeded => "refund.succeeded",
            EventType::RefundFailed => "refund.failed",
            EventType::WalletLinked => "wallet.linked",
            EventType::WalletUnlinked => "wallet.unlinked",
            EventType::WalletExpiring => "wallet.expiring",
            EventType::DeclarationUpdated => "declaration.updated",
            EventType::MandateCreated => "mandate.created",
            EventType::MandateEnded => "mandate.ended",
            EventType::ReconciliationCompleted => "reconciliation.completed",
        }
    }

    /// The kind of object it is about (`data.object`'s kind).
    pub const fn object_type(self) -> &'static str {
        match self {
            EventType::CheckoutSessionCompleted => "checkout_session",
            EventType::CheckoutSessionExpired => "checkout_session",
            EventType::PaymentSucceeded => "payment",
            EventType::PaymentFailed => "payment",
            EventType::PaymentRetryScheduled => "payment",
            EventType::PaymentProcessing => "payment",
            EventType::PaymentCancelled => "payment",
            EventType::RefundSucceeded => "refund",
            EventType::RefundFailed => "refund",
            EventType::WalletLinked => "wallet",
            EventType::WalletUnlinked => "wallet",
            EventType::WalletExpiring => "wallet",
            EventType::DeclarationUpdated => "declaration",
            EventType::MandateCreated | EventType::MandateEnded => "mandate",
            EventType::ReconciliationCompleted => "reconciliation",
        }
    }

    /// How `type` spells each of them, in [`EventType::ALL`]'s order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|t| t.as_str())
    }

    /// The event type spelt `text`, if there is one.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|t| t.as_str() == text)
    }
}

impl std::fmt::Display for EventType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `POST /v1/webhook-endpoints`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhookEndpoint {
    /// Where events are posted: https (sandbox mode also takes http on loopback), ≤ 2048 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 2048,
            pattern = "^https://\\S+$",
            example = "https://shop.example/webhooks/antom"
        )
    )]
    pub url: String,
    /// The event types it receives, or `["*"]` for all (`*` beside others also means all).
    #[cfg_attr(feature = "openapi", schema(schema_with = event_types_schema))]
    pub event_types: Vec<String>,
}

/// One or more of [`EventType::ALL`] or `*`.
#[cfg(feature = "openapi")]
fn event_types_schema() -> utoipa::openapi::Array {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    let kinds = std::iter::once("*").chain(EventType::names());
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(kinds)),
        )
        .min_items(Some(1))
        .description(Some(
            "The event types it receives, or `[\"*\"]` for all (`*` beside others also means all).",
        ))
        .build()
}

/// An endpoint as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    /// `we_…`.
    pub id: String,
    /// Where events are posted.
    pub url: String,
    /// The event types it receives.
    pub event_types: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// The signing secret (`whsec_…`): only in the answer that created or rotated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Until when (Unix seconds) the previous secret still signs beside the new one, after a rotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<i64>,
    /// False in sandbox mode.
    pub livemode: bool,
}

/// One event: what `/v1/events` returns and what a webhook delivers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// `evt_…`, also the `webhook-id` of every delivery of it.
    pub id: String,
    /// One of [`EventType::ALL`].
    #[serde(rename = "type")]
    #[cfg_attr(feature = "openapi", schema(schema_with = event_type_schema))]
    pub event_type: String,
    /// Unix seconds, when the change happened.
    pub created_at: i64,
    /// False in sandbox mode.
    pub livemode: bool,
    /// The object as the `/v1` API returns it: by the type's first word, a payment,
    /// refund, checkout session, wallet link, declaration or reconciliation report.
    #[cfg_attr(feature = "openapi", schema(schema_with = event_data_schema))]
    pub data: serde_json::Value,
}

#[cfg(feature = "openapi")]
fn event_type_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(EventType::names()))
        .description(Some("What happened."))
        .build()
}

/// `data` by event type: `payment.*` a `PaymentView`, `refund.*` a `RefundView`,
/// `checkout_session.*` a `CheckoutSessionView`, `wallet.*` a `BuyerWallet` (with
/// `ended_by` when unlinked), `declaration.updated` a `DeclarationView`,
/// `reconciliation.completed` a `ReconciliationReport` with its `mismatches` count;
/// null before the event is dispatched.
#[cfg(feature = "openapi")]
fn event_data_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AllOfBuilder, ObjectBuilder, OneOfBuilder, Type};
    use utoipa::openapi::Ref;
    let refer = |name: &str| Ref::from_schema_name(name);
    OneOfBuilder::new()
        .item(refer("PaymentView"))
        .item(refer("RefundView"))
        .item(refer("CheckoutSessionView"))
        .item(refer("BuyerWallet"))
        .item(refer("DeclarationView"))
        .item(refer("Mandate"))
        .item(
            AllOfBuilder::new().item(refer("ReconciliationReport")).item(
                ObjectBuilder::new().property(
                    "mismatches",
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .description(Some("Rows where our records and Antom's differ.")),
                ),
            ),
        )
        // Before dispatch there is no object yet: a client must accept null.
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .description(Some(
            "The object as the `/v1` API returns it: `payment.*` a PaymentView, `refund.*` a RefundView, \
             `checkout_session.*` a CheckoutSessionView, `wallet.*` a BuyerWallet (`ended_by` when unlinked), \
             `declaration.updated` a DeclarationView, `mandate.*` a Mandate (`ended_by` when ended), `reconciliation.completed` a ReconciliationReport with \
             its `mismatches` count. Null while the event waits to be dispatched (milliseconds).",
        ))
        .build()
        .into()
}

/// One try at delivering an event to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryAttempt {
    /// Unix seconds.
    pub at: i64,
    /// The HTTP status, if an answer came.
    pub status_code: Option<u16>,
    /// How long it took.
    pub duration_ms: u64,
    /// Why no answer came, as a class: `timeout`, `address_not_allowed` (the host
    /// is or resolves to a private, loopback or otherwise non-public address),
    /// `connect` or `request`. The receiver's own words are never kept.
    pub error: Option<String>,
}

/// Where an event stands with one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The endpoint.
    pub endpoint_id: String,
    /// `pending` (more tries to come), `delivered` or `failed` (gave up after 3 days).
    pub status: String,
    /// Unix seconds of the next try, while pending.
    pub next_attempt_at: Option<i64>,
    /// Every try, oldest first.
    pub attempts: Vec<DeliveryAttempt>,
}

/// `GET /v1/events/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventDetail {
    /// The event.
    pub event: Event,
    /// Its deliveries, one per endpoint that wanted it.
    pub deliveries: Vec<Delivery>,
}

/// `GET /v1/events`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventPage {
    /// This page.
    pub events: Vec<Event>,
    /// Pass as `before` for the next page; absent on the last.
    pub next_before: Option<String>,
}

/// Where a checkout session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CheckoutSessionState {
    /// The buyer can still pay.
    Open,
    /// Paid.
    Completed,
    /// Past its expiry (or expired by the merchant) without being paid.
    Expired,
}

/// A checkout session as `GET /v1/checkout-sessions/{id}` and its events show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckoutSessionView {
    /// `cs_…`.
    pub id: String,
    /// Open, completed or expired.
    pub state: CheckoutSessionState,
    /// The merchant's id for the buyer.
    pub buyer_reference: String,
    /// The merchant's order id.
    pub order_reference: String,
    /// The order's total.
    pub amount: crate::api::Money,
    /// The payment that completed it, or the one in progress.
    pub payment_id: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    /// False in sandbox mode.
    pub livemode: bool,
    /// The merchant's key-value pairs.
    #[serde(default, skip_serializing_if = "crate::api::Metadata::is_empty")]
    pub metadata: crate::api::Metadata,
}
