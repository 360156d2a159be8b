//! `POST /v1/checkout-sessions`: the merchant starts a checkout.

use super::audit::outcome_json;
use crate::domain::checkout::{self, CreatedCheckoutSession, NewCheckoutSession};
use crate::domain::error::Result;
use crate::http::auth::{scope, Merchant};
use crate::http::extract::Body;
use crate::Service;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(get_session))
        .routes(routes!(expire))
}

/// Starts a checkout for a buyer; send the buyer to the answered URL.
#[utoipa::path(post, path = "/v1/checkout-sessions", operation_id = "createCheckoutSession", tag = "Checkout sessions", request_body = NewCheckoutSession,
    security(("merchant_api_key" = [])),
    responses((status = 201, body = CreatedCheckoutSession), (status = 401, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError)))]

async fn create(
    State(svc): State<Service>,
    merchant: Merchant<scope::Checkout>,
    Body(req): Body<NewCheckoutSession>,
) -> Result<(StatusCode, Json<CreatedCheckoutSession>)> {
    let order = req.order.reference.clone();
    let outcome = checkout::create(&svc, req).await;
    // Never the URL: it carries the one-time claim token.
    let after = match &outcome {
        Ok(c) => serde_json::json!({ "id": c.id, "order": order, "expires_at": c.expires_at }),
        Err(_) => outcome_json(&outcome),
    };
    let subject = outcome.as_ref().map_or(order, |c| c.id.clone());
    merchant
        .audit(&svc, "checkout_session.create", &subject, None, after)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// A checkout session: open, completed (with its payment) or expired.
#[utoipa::path(get, path = "/v1/checkout-sessions/{id}", operation_id = "getCheckoutSession", tag = "Checkout sessions", security(("merchant_api_key" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = contract::webhooks::CheckoutSessionView), (status = 404, body = contract::api::ApiError)))]
async fn get_session(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<contract::webhooks::CheckoutSessionView>> {
    Ok(Json(checkout::view(&svc, &id).await?))
}

/// Ends an unpaid checkout now: its link stops working and `checkout_session.expired` is sent.
#[utoipa::path(post, path = "/v1/checkout-sessions/{id}/expire", operation_id = "expireCheckoutSession", tag = "Checkout sessions", security(("merchant_api_key" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = contract::webhooks::CheckoutSessionView), (status = 404, body = contract::api::ApiError),
        (status = 409, body = contract::api::ApiError)))]
async fn expire(
    State(svc): State<Service>,
    merchant: Merchant<scope::Checkout>,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> Result<Json<contract::webhooks::CheckoutSessionView>> {
    let outcome = checkout::expire(&svc, &id).await;
    merchant
        .audit(
            &svc,
            "checkout_session.expire",
            &id,
            None,
            outcome_json(&outcome),
        )
        .await?;
    Ok(Json(outcome?))
}
