//! The operator console's health page (`GET /v1/service-health`): the same figures
//! `/metrics` serves, for an operator without a Prometheus.

use serde::{Deserialize, Serialize};

/// The service's health as an on-call reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceHealth {
    /// When these figures were read (Unix seconds).
    pub at: i64,
    /// Antom calls over the last hour, as counted by the replica that answered.
    pub antom: AntomCalls,
    /// Payments still processing after ten minutes (Antom has not said how they ended).
    pub stuck_payments: u64,
    /// Age in seconds of the oldest payment still processing; absent when none is.
    pub oldest_processing_seconds: Option<i64>,
    /// Age in seconds of the oldest cancel still under way; absent when none is.
    pub oldest_cancelling_seconds: Option<i64>,
    /// Webhook endpoints whose deliveries are failing, longest-failing first (at most 20).
    pub failing_endpoints: Vec<FailingEndpoint>,
    /// Webhook deliveries not yet delivered (the backlog).
    pub pending_deliveries: u64,
    /// Active wallet links that lapse within seven days unless the buyer links again.
    pub links_lapsing_this_week: u64,
    /// The latest reconciliation import; absent when none ran.
    pub last_reconciliation: Option<LastReconciliation>,
    /// Tokens and secrets still sealed with an older `TOKEN_ENCRYPTION_KEY` (0: older keys may go).
    pub sealed_under_old_keys: u64,
    /// When this replica's worker last finished a round (Unix seconds); absent when it does not run here.
    pub worker_last_round: Option<i64>,
}

/// Antom calls by how they ended, over a window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AntomCalls {
    /// Where the window starts (Unix seconds): an hour ago, or when this replica started.
    pub since: i64,
    /// Every call.
    pub calls: u64,
    /// Answered `S`.
    pub succeeded: u64,
    /// Answered `F` (a decline or a refusal: Antom answered).
    pub failed: u64,
    /// Answered `U`: the outcome is pending (asked again later).
    pub pending: u64,
    /// No usable answer: a timeout, a transport error, a bad signature or a malformed answer.
    pub errors: u64,
}

/// A webhook endpoint that has failed attempts and deliveries still waiting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FailingEndpoint {
    /// The endpoint's id.
    pub id: String,
    /// Where it is: the whole URL for a caller with the `webhooks` scope, else its origin.
    pub url: String,
    /// Deliveries waiting for it after at least one failed attempt.
    pub failing_deliveries: u64,
    /// When the oldest of them was first due (Unix seconds).
    pub failing_since: i64,
    /// The HTTP status of its latest failed attempt; absent when nothing answered.
    pub last_status: Option<u16>,
}

/// The latest reconciliation import, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastReconciliation {
    /// When it ran (Unix seconds).
    pub at: i64,
    /// Issues it found (0: clean).
    pub issues: u64,
}
