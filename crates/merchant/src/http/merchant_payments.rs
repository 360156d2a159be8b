//! `/v1/payments/...` and `/v1/refunds/...`: the merchant's view of payments, cancel, refunds.

use super::auth::Merchant;
use super::error::{Error, Result};
use crate::refunding::{self, NewRefund, RefundView};
use crate::store::{payments, sessions};
use crate::{paying, Service};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::api::PaymentView;

/// Routes.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/v1/payments/{id}", get(payment))
        .route("/v1/payments/{id}/cancel", post(cancel))
        .route("/v1/payments/{id}/refunds", post(refund))
        .route("/v1/refunds/{id}", get(refund_status))
}

async fn payment(
    State(svc): State<Service>,
    _: Merchant,
    Path(id): Path<String>,
) -> Result<Json<PaymentView>> {
    let p = payments::get(&svc.db, &id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    paying::check_now(&svc, &p).await?;
    let p = payments::get(&svc.db, &id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let session = sessions::get(&svc.db, &p.checkout_session_id)
        .await?
        .ok_or(Error::NotFound("checkout session"))?;
    Ok(Json(paying::view(&svc, &p, &session).await?))
}

async fn cancel(
    State(svc): State<Service>,
    _: Merchant,
    Path(id): Path<String>,
) -> Result<Json<PaymentView>> {
    refunding::cancel(&svc, &id).await?;
    let p = payments::get(&svc.db, &id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    let session = sessions::get(&svc.db, &p.checkout_session_id)
        .await?
        .ok_or(Error::NotFound("checkout session"))?;
    Ok(Json(paying::view(&svc, &p, &session).await?))
}

async fn refund(
    State(svc): State<Service>,
    _: Merchant,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(req): Json<NewRefund>,
) -> Result<(StatusCode, Json<RefundView>)> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok((
        StatusCode::CREATED,
        Json(refunding::refund(&svc, &id, key, req).await?),
    ))
}

async fn refund_status(
    State(svc): State<Service>,
    _: Merchant,
    Path(id): Path<String>,
) -> Result<Json<RefundView>> {
    Ok(Json(refunding::status(&svc, &id).await?))
}
