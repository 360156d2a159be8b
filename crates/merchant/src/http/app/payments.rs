//! `/api/checkout-sessions/{id}/payments`: pay with a linked wallet, and follow the result.

use crate::error::{Error, Result};
use crate::http::auth::Buyer;
use crate::http::error::Body;
use crate::store::payments;
use crate::{paying, Service};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
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
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/payments", tag = "app", request_body = CreatePayment,
    params(("id" = String, Path, description = "checkout session id"),
        crate::idempotency::IdempotencyKey),
    responses((status = 200, body = PaymentView, description = "state may be processing: follow GET /api/checkout-sessions/{id}/payments/{payment_id}"),
        (status = 409, body = contract::api::ApiError, description = "ORDER_ALREADY_PAID, PAYMENT_IN_PROGRESS"),
        (status = 422, body = contract::api::ApiError)))]

async fn create(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    headers: HeaderMap,
    Body(req): Body<CreatePayment>,
) -> Result<Json<PaymentView>> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok(Json(paying::create(&svc, &session, key, req).await?))
}

#[utoipa::path(get, path = "/api/checkout-sessions/{id}/payments/{payment_id}", tag = "app",
    params(("id" = String, Path, description = "checkout session id"), ("payment_id" = String, Path)),
    responses((status = 200, body = PaymentView), (status = 404, body = contract::api::ApiError)))]
/// The payment's state; while unknown, asks Antom now rather than waiting for the worker.
async fn status(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<PaymentView>> {
    let p = payments::get(&svc.db, &id)
        .await?
        .filter(|p| p.checkout_session_id == session.id)
        .ok_or(Error::NotFound("payment"))?;
    paying::check_now(&svc, &p).await?;
    let fresh = payments::get(&svc.db, &id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    Ok(Json(paying::view(&svc, &fresh, &session).await?))
}
