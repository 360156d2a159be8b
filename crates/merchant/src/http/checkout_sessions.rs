//! `POST /v1/checkout-sessions`: the merchant starts a checkout.

use super::auth::Merchant;
use super::error::Result;
use crate::checkout::{self, CreatedCheckoutSession, NewCheckoutSession};
use crate::Service;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};

/// Routes.
pub fn router() -> Router<Service> {
    Router::new().route("/v1/checkout-sessions", post(create))
}

async fn create(
    State(svc): State<Service>,
    _: Merchant,
    Json(req): Json<NewCheckoutSession>,
) -> Result<(StatusCode, Json<CreatedCheckoutSession>)> {
    Ok((
        StatusCode::CREATED,
        Json(checkout::create(&svc, req).await?),
    ))
}
