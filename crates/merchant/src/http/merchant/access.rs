//! `/v1/api-keys` and `/v1/operators`: who may call the back office. Admin scope only.

use super::audit::outcome_json;
use crate::domain::access::{api_keys, operators};
use crate::domain::error::Result;
use crate::http::auth::{scope, Merchant};
use crate::http::extract::Body;
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use contract::access::{
    ApiKeyView, CreatedApiKey, CreatedOperator, NewApiKey, NewOperator, OperatorView, RollApiKey,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(create_key, list_keys))
        .routes(routes!(roll_key))
        .routes(routes!(revoke_key))
        .routes(routes!(create_operator, list_operators))
        .routes(routes!(disable_operator))
}

/// Makes a named key with scopes; the answer shows its secret once. Nobody grants a scope they lack.
#[utoipa::path(post, path = "/v1/api-keys", operation_id = "createApiKey", tag = "API keys", security(("merchant_api_key" = [])),
    request_body = NewApiKey,
    responses((status = 201, body = CreatedApiKey), (status = 403, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError)))]
async fn create_key(
    State(svc): State<Service>,
    merchant: Merchant<scope::Admin>,
    Body(req): Body<NewApiKey>,
) -> Result<(StatusCode, Json<CreatedApiKey>)> {
    merchant.caller.require_all(&req.scopes)?;
    let outcome = api_keys::create(&svc, &req, &merchant.caller.actor).await;
    let after = match &outcome {
        Ok(created) => serde_json::to_value(&created.key).unwrap_or_default(),
        Err(_) => outcome_json(&outcome),
    };
    let subject = outcome
        .as_ref()
        .map_or_else(|_| "api_key".to_owned(), |c| c.key.id.clone());
    merchant
        .audit(&svc, "api_key.create", &subject, None, after)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// Every key, newest first (never a secret).
#[utoipa::path(get, path = "/v1/api-keys", operation_id = "listApiKeys", tag = "API keys", security(("merchant_api_key" = [])),
    responses((status = 200, body = Vec<ApiKeyView>)))]
async fn list_keys(
    State(svc): State<Service>,
    _: Merchant<scope::Admin>,
) -> Result<Json<Vec<ApiKeyView>>> {
    Ok(Json(api_keys::list(&svc).await?))
}

/// A new secret for the same name and scopes; the old one keeps working for the
/// overlap (24 hours unless the body says), then stops.
#[utoipa::path(post, path = "/v1/api-keys/{id}/roll", operation_id = "rollApiKey", tag = "API keys", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), request_body = RollApiKey,
    responses((status = 201, body = CreatedApiKey), (status = 404, body = contract::api::ApiError),
        (status = 409, body = contract::api::ApiError)))]
async fn roll_key(
    State(svc): State<Service>,
    merchant: Merchant<scope::Admin>,
    Path(id): Path<String>,
    Body(req): Body<RollApiKey>,
) -> Result<(StatusCode, Json<CreatedApiKey>)> {
    let outcome = api_keys::roll(&svc, &id, &req, &merchant.caller).await;
    let after = match &outcome {
        Ok(created) => serde_json::json!({ "new_key": created.key.id,
            "old_key_works_for_secs": req.old_key_works_for_secs.unwrap_or(api_keys::ROLL_OVERLAP_SECS) }),
        Err(_) => outcome_json(&outcome),
    };
    merchant
        .audit(&svc, "api_key.roll", &id, None, after)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// Stops a key now.
#[utoipa::path(delete, path = "/v1/api-keys/{id}", operation_id = "revokeApiKey", tag = "API keys", security(("merchant_api_key" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = ApiKeyView), (status = 404, body = contract::api::ApiError)))]
async fn revoke_key(
    State(svc): State<Service>,
    merchant: Merchant<scope::Admin>,
    Path(id): Path<String>,
) -> Result<Json<ApiKeyView>> {
    let outcome = api_keys::revoke(&svc, &id).await;
    merchant
        .audit(&svc, "api_key.revoke", &id, None, outcome_json(&outcome))
        .await?;
    Ok(Json(outcome?))
}

/// Makes an operator account; the answer shows their TOTP secret and recovery codes once.
#[utoipa::path(post, path = "/v1/operators", operation_id = "createOperator", tag = "Operators", security(("merchant_api_key" = [])),
    request_body = NewOperator,
    responses((status = 201, body = CreatedOperator), (status = 409, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError)))]
async fn create_operator(
    State(svc): State<Service>,
    merchant: Merchant<scope::Admin>,
    Body(req): Body<NewOperator>,
) -> Result<(StatusCode, Json<CreatedOperator>)> {
    // An operator's role grants scopes: a key may not make someone more powerful than itself.
    merchant.caller.require_all(req.role.scopes())?;
    let outcome = operators::create(&svc, &req, &merchant.caller.actor).await;
    let after = match &outcome {
        Ok(created) => serde_json::to_value(&created.operator).unwrap_or_default(),
        Err(_) => outcome_json(&outcome),
    };
    let subject = outcome
        .as_ref()
        .map_or_else(|_| "operator".to_owned(), |c| c.operator.id.clone());
    merchant
        .audit(&svc, "operator.create", &subject, None, after)
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// Disables an operator: they cannot sign in, and their console sign-ins end now.
#[utoipa::path(delete, path = "/v1/operators/{id}", operation_id = "removeOperator", tag = "Operators", security(("merchant_api_key" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = OperatorView), (status = 404, body = contract::api::ApiError)))]
async fn disable_operator(
    State(svc): State<Service>,
    merchant: Merchant<scope::Admin>,
    Path(id): Path<String>,
) -> Result<Json<OperatorView>> {
    let outcome = operators::disable(&svc, &id).await;
    merchant
        .audit(&svc, "operator.disable", &id, None, outcome_json(&outcome))
        .await?;
    Ok(Json(outcome?))
}

/// Every operator, by e-mail.
#[utoipa::path(get, path = "/v1/operators", operation_id = "listOperators", tag = "Operators", security(("merchant_api_key" = [])),
    responses((status = 200, body = Vec<OperatorView>)))]
async fn list_operators(
    State(svc): State<Service>,
    _: Merchant<scope::Admin>,
) -> Result<Json<Vec<OperatorView>>> {
    Ok(Json(operators::list(&svc).await?))
}
