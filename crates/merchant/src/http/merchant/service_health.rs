//! `GET /v1/service-health`: the console's health page, from the figures `/metrics` serves.

use crate::domain::error::Result;
use crate::http::auth::{scope, Merchant};
use crate::Service;
use axum::extract::State;
use axum::Json;
use contract::health::ServiceHealth;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(service_health))
}

/// Antom's outcomes over the last hour (as counted by the replica that answers), stuck
/// payments and cancels, failing webhook endpoints, links lapsing this week, and the
/// last reconciliation. A failing endpoint's whole URL (which may carry a token in its
/// path or query) is shown only to callers with the `webhooks` scope; others see its
/// scheme and host.
#[utoipa::path(get, path = "/v1/service-health", operation_id = "getServiceHealth", tag = "Service health", security(("merchant_api_key" = [])),
    responses((status = 200, body = ServiceHealth),
        (status = 401, body = contract::api::ApiError),
        (status = 403, body = contract::api::ApiError)))]
async fn service_health(
    State(svc): State<Service>,
    merchant: Merchant<scope::Read>,
) -> Result<Json<ServiceHealth>> {
    let mut health = crate::telemetry::service_health(&svc).await?;
    if !merchant
        .caller
        .scopes
        .contains(&contract::access::Scope::Webhooks)
    {
        for e in &mut health.failing_endpoints {
            e.url = origin_only(&e.url);
        }
    }
    Ok(Json(health))
}

/// `https://hooks.example.com/in?token=…` as `https://hooks.example.com`.
fn origin_only(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => u.origin().ascii_serialization(),
        Err(_) => String::new(),
    }
}
