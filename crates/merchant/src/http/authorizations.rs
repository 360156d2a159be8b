//! `/api/authorizations`: link a wallet.

use super::auth::Buyer;
use super::error::Result;
use crate::{linking, Service};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use contract::api::{
    AuthorizationRedirect, CompleteAuthorization, LinkedWallet, StartAuthorization,
};

/// Routes.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/api/authorizations", post(start))
        .route("/api/authorizations/complete", post(complete))
}

async fn start(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Json(req): Json<StartAuthorization>,
) -> Result<Json<AuthorizationRedirect>> {
    Ok(Json(linking::start(&svc, &session, req).await?))
}

async fn complete(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Json(req): Json<CompleteAuthorization>,
) -> Result<Json<LinkedWallet>> {
    Ok(Json(linking::complete(&svc, &session, req).await?))
}
