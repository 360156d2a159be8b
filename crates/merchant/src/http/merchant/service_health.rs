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
/// last reconciliation.
#[utoipa::path(get, path = "/v1/service-health", tag = "merchant", security(("merchant_api_key" = [])),
    responses((status = 200, body = ServiceHealth),
        (status = 401, body = contract::api::ApiError),
        (status = 403, body = contract::api::ApiError)))]
async fn service_health(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
) -> Result<Json<ServiceHealth>> {
    Ok(Json(crate::telemetry::service_health(&svc).await?))
}
