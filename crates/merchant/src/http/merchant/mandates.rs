//! `/v1/mandates/{id}`: what a buyer agreed the merchant may charge without them, and ending it.

use super::audit::outcome_json;
use crate::domain::error::Result;
use crate::domain::mandates;
use crate::http::auth::{scope, Merchant};
use crate::Service;
use axum::extract::{Path, State};
use axum::Json;
use contract::mandates::Mandate;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(mandate, end))
}

/// A mandate, with what was charged in the current interval.
#[utoipa::path(get, path = "/v1/mandates/{id}", operation_id = "getMandate", tag = "Mandates", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Mandate), (status = 404, body = contract::api::ApiError)))]
async fn mandate(
    State(svc): State<Service>,
    _: Merchant<scope::Charges>,
    Path(id): Path<String>,
) -> Result<Json<Mandate>> {
    Ok(Json(mandates::get(&svc, &id).await?))
}

/// Ends a mandate: no more charges without the buyer (`mandate.ended`, `ended_by: merchant`).
/// The link stays, buyer-present: it pays only in checkouts the buyer opens. Again: the same answer.
#[utoipa::path(delete, path = "/v1/mandates/{id}", operation_id = "cancelMandate", tag = "Mandates", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Mandate), (status = 404, body = contract::api::ApiError)))]
async fn end(
    State(svc): State<Service>,
    merchant: Merchant<scope::Charges>,
    Path(id): Path<String>,
) -> Result<Json<Mandate>> {
    let outcome = mandates::end_by_merchant(&svc, &id).await;
    merchant
        .audit(&svc, "mandate.end", &id, None, outcome_json(&outcome))
        .await?;
    Ok(Json(outcome?))
}
