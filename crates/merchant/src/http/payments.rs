//! `/api/payments`: pay with a linked wallet, and follow the result.

use super::auth::Buyer;
use super::error::{Error, Result};
use crate::store::payments;
use crate::{paying, Service};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::api::{CreatePayment, PaymentView};

/// Routes.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/api/payments", post(create))
        .route("/api/payments/{id}", get(status))
}

async fn create(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    headers: HeaderMap,
    Json(req): Json<CreatePayment>,
) -> Result<Json<PaymentView>> {
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    Ok(Json(paying::create(&svc, &session, key, req).await?))
}

/// The payment's state; while unknown, asks Antom now rather than waiting for the worker.
async fn status(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Path(id): Path<String>,
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
