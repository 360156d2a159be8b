//! `/v1/webhook-endpoints` and `/v1/events`: where the merchant's systems hear what happened.

use super::audit::outcome_json;
use crate::domain::error::Result;
use crate::http::auth::{scope, Merchant};
use crate::http::extract::{Body, Params};
use crate::webhooks::{self, EventQuery, NewWebhookEndpoint, WebhookEndpoint};
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use contract::webhooks::{EventDetail, EventPage};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(create_endpoint, list_endpoints))
        .routes(routes!(delete_endpoint))
        .routes(routes!(rotate_secret))
        .routes(routes!(list_events))
        .routes(routes!(event_detail))
        .routes(routes!(redeliver))
}

/// Registers an endpoint; the answer shows its `whsec_` secret once.
#[utoipa::path(post, path = "/v1/webhook-endpoints", operation_id = "createWebhookEndpoint", tag = "Webhook endpoints", security(("merchant_api_key" = [])),
    request_body = NewWebhookEndpoint,
    responses((status = 201, body = WebhookEndpoint), (status = 422, body = contract::api::ApiError)))]
async fn create_endpoint(
    State(svc): State<Service>,
    merchant: Merchant<scope::Webhooks>,
    Body(req): Body<NewWebhookEndpoint>,
) -> Result<(StatusCode, Json<WebhookEndpoint>)> {
    let url = req.url.clone();
    let outcome = webhooks::create_endpoint(&svc, req).await;
    // Never the secret.
    let after = match &outcome {
        Ok(e) => serde_json::json!({ "id": e.id, "url": e.url, "event_types": e.event_types }),
        Err(_) => outcome_json(&outcome),
    };
    let subject = outcome.as_ref().map_or(url, |e| e.id.clone());
    merchant
        .audit(&svc, "webhook_endpoint.create", &subject, None, after)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// The endpoints (without their secrets).
#[utoipa::path(get, path = "/v1/webhook-endpoints", operation_id = "listWebhookEndpoints", tag = "Webhook endpoints", security(("merchant_api_key" = [])),
    responses((status = 200, body = Vec<WebhookEndpoint>)))]
async fn list_endpoints(
    State(svc): State<Service>,
    _: Merchant<scope::Webhooks>,
) -> Result<Json<Vec<WebhookEndpoint>>> {
    Ok(Json(webhooks::endpoints(&svc).await?))
}

/// Stops sending to an endpoint (its pending deliveries stop too).
#[utoipa::path(delete, path = "/v1/webhook-endpoints/{id}", operation_id = "deleteWebhookEndpoint", tag = "Webhook endpoints", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 204), (status = 404, body = contract::api::ApiError)))]
async fn delete_endpoint(
    State(svc): State<Service>,
    merchant: Merchant<scope::Webhooks>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let outcome = webhooks::delete_endpoint(&svc, &id).await;
    merchant
        .audit(
            &svc,
            "webhook_endpoint.delete",
            &id,
            None,
            outcome_json(&outcome),
        )
        .await?;
    outcome?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new secret; the previous one keeps signing beside it for 24 hours.
#[utoipa::path(post, path = "/v1/webhook-endpoints/{id}/rotate-secret", operation_id = "rotateWebhookSecret", tag = "Webhook endpoints", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = WebhookEndpoint), (status = 404, body = contract::api::ApiError)))]
async fn rotate_secret(
    State(svc): State<Service>,
    merchant: Merchant<scope::Webhooks>,
    Path(id): Path<String>,
) -> Result<Json<WebhookEndpoint>> {
    let outcome = webhooks::rotate_secret(&svc, &id).await;
    let after = match &outcome {
        Ok(e) => serde_json::json!({ "previous_secret_until": e.previous_secret_until }),
        Err(_) => outcome_json(&outcome),
    };
    merchant
        .audit(&svc, "webhook_endpoint.rotate_secret", &id, None, after)
        .await?;
    Ok(Json(outcome?))
}

/// Events, newest first.
#[utoipa::path(get, path = "/v1/events", operation_id = "listEvents", tag = "Events", security(("merchant_api_key" = [])),
    params(EventQuery), responses((status = 200, body = EventPage), (status = 422, body = contract::api::ApiError)))]
async fn list_events(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Params(q): Params<EventQuery>,
) -> Result<Json<EventPage>> {
    Ok(Json(webhooks::list(&svc, &q).await?))
}

/// One event and every attempt to deliver it.
#[utoipa::path(get, path = "/v1/events/{id}", operation_id = "getEvent", tag = "Events", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = EventDetail), (status = 404, body = contract::api::ApiError)))]
async fn event_detail(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>> {
    Ok(Json(webhooks::detail(&svc, &id).await?))
}

/// Sends an event again, now, to every endpoint that had it.
#[utoipa::path(post, path = "/v1/events/{id}/redeliver", operation_id = "redeliverEvent", tag = "Events", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = EventDetail), (status = 404, body = contract::api::ApiError),
        (status = 409, description = "the event was never dispatched to an endpoint that still exists", body = contract::api::ApiError)))]
async fn redeliver(
    State(svc): State<Service>,
    merchant: Merchant<scope::Webhooks>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>> {
    let outcome = webhooks::redeliver(&svc, &id).await;
    merchant
        .audit(&svc, "event.redeliver", &id, None, outcome_json(&outcome))
        .await?;
    Ok(Json(outcome?))
}
