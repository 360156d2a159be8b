//! The probes: `/livez` (the process answers; `/healthz` is its old name) and
//! `/readyz` (this replica should get traffic, see [`crate::health`]).

use crate::health::{readiness, Readiness};
use crate::Service;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// `/livez`, `/healthz`: answers while the process runs, whatever else is down.
pub async fn live() -> &'static str {
    "ok"
}

/// `/readyz`: 200 when every check passes, 503 with the failing ones named otherwise.
pub async fn ready(State(svc): State<Service>) -> (StatusCode, Json<Readiness>) {
    let verdict = readiness(&svc).await;
    let status = if verdict.is_ready() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(verdict))
}
