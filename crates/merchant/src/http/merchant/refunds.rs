//! Refunds: `/v1/payments/{id}/refunds` (make one, list a payment's) and
//! `/v1/refunds/{id}` (one refund, Antom asked first while it is not final).

use super::audit::outcome_json;
use crate::domain::error::Result;
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::payment_records;
use crate::domain::refunding::{self, NewRefund, RefundView};
use crate::http::auth::{scope, Merchant};
use crate::http::extract::Body;
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(refunds_of))
        .routes(routes!(refund))
        .routes(routes!(refund_status))
}

/// A payment's refunds, oldest first.
#[utoipa::path(get, path = "/v1/payments/{id}/refunds", operation_id = "listPaymentRefunds", tag = "Refunds", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Vec<RefundView>), (status = 404, body = contract::api::ApiError)))]
async fn refunds_of(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<Vec<RefundView>>> {
    Ok(Json(refunding::for_payment(&svc, &id).await?))
}

/// Refunds part or all of a payment.
#[utoipa::path(post, path = "/v1/payments/{id}/refunds", operation_id = "refundPayment", tag = "Refunds", security(("merchant_api_key" = [])), request_body = NewRefund,
    params(("id" = String, Path), IdempotencyKey),
    responses((status = 201, body = RefundView), (status = 409, body = contract::api::ApiError), (status = 422, body = contract::api::ApiError)))]
async fn refund(
    State(svc): State<Service>,
    merchant: Merchant<scope::Refunds>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    Body(req): Body<NewRefund>,
) -> Result<(StatusCode, Json<RefundView>)> {
    let before = payment_records::view_by_id(&svc, &id)
        .await
        .ok()
        .map(|v| serde_json::json!({ "refunded_minor": v.refunded_minor }));
    let outcome = refunding::refund(&svc, &id, &key, req).await;
    merchant
        .audit(&svc, "payment.refund", &id, before, outcome_json(&outcome))
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// A refund; while not final, Antom is asked first.
#[utoipa::path(get, path = "/v1/refunds/{id}", operation_id = "getRefund", tag = "Refunds", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = RefundView), (status = 404, body = contract::api::ApiError)))]
async fn refund_status(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<RefundView>> {
    Ok(Json(refunding::status(&svc, &id).await?))
}
