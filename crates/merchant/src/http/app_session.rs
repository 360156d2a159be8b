//! `/api/checkout-sessions/{id}/claim` and `/api/session`: the buyer's way in, and the summary.

use super::auth::{set_cookie, Buyer};
use super::error::Result;
use crate::{checkout, store, Service};
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use contract::api::{ClaimSession, SessionSummary};

/// Routes.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/api/checkout-sessions/{id}/claim", post(claim))
        .route("/api/session", get(summary))
}

async fn claim(
    State(svc): State<Service>,
    Path(id): Path<String>,
    Json(req): Json<ClaimSession>,
) -> Result<impl IntoResponse> {
    let cookie = checkout::claim(&svc, &id, &req.token).await?;
    let session = store::sessions::get(&svc.db, &id)
        .await?
        .ok_or(super::error::Error::NotFound("checkout session"))?;
    let summary = checkout::summary(&svc, &session).await?;
    Ok((
        [(header::SET_COOKIE, set_cookie(&svc, &cookie))],
        Json(summary),
    ))
}

async fn summary(
    State(svc): State<Service>,
    Buyer(session): Buyer,
) -> Result<Json<SessionSummary>> {
    Ok(Json(checkout::summary(&svc, &session).await?))
}
