//! `/api/checkout-sessions/{id}/payments`: pay with a linked wallet, and follow the result.

use crate::domain::error::Result;
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::paying;
use crate::http::auth::Buyer;
use crate::http::extract::Body;
use crate::Service;
use axum::extract::{Path, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use contract::api::{CreatePayment, PaymentView};

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(status))
        .layer(axum::middleware::from_fn(
            crate::http::timing::server_timing,
        ))
}

/// Pays for the buyer's checkout with a linked wallet.
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/payments", operation_id = "appPay", tag = "app", request_body = CreatePayment,
    params(("id" = String, Path, description = "checkout session id"),
        IdempotencyKey),
    responses((status = 200, body = PaymentView, description = "state may be processing: follow GET /api/checkout-sessions/{id}/payments/{payment_id}"),
        (status = 409, body = contract::api::ApiError, description = "ORDER_ALREADY_PAID, PAYMENT_IN_PROGRESS"),
        (status = 422, body = contract::api::ApiError)))]

async fn create(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    key: IdempotencyKey,
    Body(req): Body<CreatePayment>,
) -> Result<Json<PaymentView>> {
    Ok(Json(paying::create(&svc, &session, &key, req).await?))
}

#[utoipa::path(get, path = "/api/checkout-sessions/{id}/payments/{payment_id}", operation_id = "appGetPayment", tag = "app",
    params(("id" = String, Path, description = "checkout session id"), ("payment_id" = String, Path)),
    responses((status = 200, body = PaymentView), (status = 404, body = contract::api::ApiError)))]
/// The payment's state; while unknown, asks Antom now rather than waiting for the worker.
async fn status(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<PaymentView>> {
    Ok(Json(paying::checked_for_buyer(&svc, &session, &id).await?))
}
