//! `POST /v1/checkout-sessions`: the merchant starts a checkout.

use super::auth::Merchant;
use super::error::Result;
use crate::checkout::{self, CreatedCheckoutSession, NewCheckoutSession};
use crate::Service;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(create))
}

/// Starts a checkout for a buyer; send the buyer to the answered URL.
#[utoipa::path(post, path = "/v1/checkout-sessions", tag = "merchant", request_body = NewCheckoutSession,
    security(("merchant_api_key" = [])),
    responses((status = 201, body = CreatedCheckoutSession), (status = 401, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError)))]

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
