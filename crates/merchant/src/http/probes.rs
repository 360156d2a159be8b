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

/// `/metrics`: Prometheus text, for a scraper holding `METRICS_TOKEN` (as a bearer
/// token); 404 when no token is set, 401 without it.
pub async fn metrics(
    State(svc): State<Service>,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use subtle::ConstantTimeEq;
    let Some(token) = &svc.config.operating.metrics_token else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let offered = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !bool::from(offered.as_bytes().ct_eq(token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(axum::http::header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    match crate::telemetry::render(&svc).await {
        Ok(text) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "metrics could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Counts every request that reached a route, by the route's template (never the
/// path itself, which holds ids).
pub async fn count_request(
    State(svc): State<Service>,
    matched: Option<axum::extract::MatchedPath>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let route = matched.map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = match request.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS") => m,
        _ => "other",
    }
    .to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    svc.metrics.http_request(
        &route,
        &method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}
