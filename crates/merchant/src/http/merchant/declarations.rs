//! `/v1/payments/{id}/declarations`: customs declarations of a paid payment.

use super::audit::outcome_json;
use crate::domain::declaring::{self, DeclarationStatus, DeclarationView, NewDeclaration};
use crate::domain::error::Result;
use crate::domain::idempotency::IdempotencyKey;
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
        .routes(routes!(declare, list))
        .routes(routes!(inquire))
}

/// Declares a paid payment to customs.
#[utoipa::path(post, path = "/v1/payments/{id}/declarations", operation_id = "declarePayment", tag = "Customs declarations", security(("merchant_api_key" = [])),
    request_body = NewDeclaration,
    params(("id" = String, Path), IdempotencyKey),
    responses((status = 201, body = DeclarationView), (status = 409, body = contract::api::ApiError), (status = 422, body = contract::api::ApiError)))]
async fn declare(
    State(svc): State<Service>,
    merchant: Merchant<scope::Refunds>,
    Path(id): Path<String>,
    key: IdempotencyKey,
    Body(req): Body<NewDeclaration>,
) -> Result<(StatusCode, Json<DeclarationView>)> {
    let outcome = declaring::declare(&svc, &id, &key, req).await;
    merchant
        .audit(&svc, "payment.declare", &id, None, outcome_json(&outcome))
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// A payment's declarations.
#[utoipa::path(get, path = "/v1/payments/{id}/declarations", operation_id = "listPaymentDeclarations", tag = "Customs declarations", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Vec<DeclarationView>), (status = 404, body = contract::api::ApiError)))]
async fn list(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<Vec<DeclarationView>>> {
    Ok(Json(declaring::list(&svc, &id).await?))
}

/// What Antom knows of the payment's declarations (inquiryDeclarationRequests).
#[utoipa::path(post, path = "/v1/payments/{id}/declarations/inquiry", operation_id = "inquireDeclarations", tag = "Customs declarations", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = Vec<DeclarationStatus>)))]
async fn inquire(
    State(svc): State<Service>,
    _: Merchant<scope::Refunds>,
    Path(id): Path<String>,
) -> Result<Json<Vec<DeclarationStatus>>> {
    Ok(Json(declaring::inquire(&svc, &id).await?))
}
