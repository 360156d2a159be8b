//! `/api/wallets`: the buyer's linked wallets.

use super::auth::Buyer;
use super::error::Result;
use crate::store::wallets;
use crate::{linking, Service};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use contract::api::LinkedWallet;

/// Routes.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/api/wallets", get(list))
        .route("/api/wallets/{wallet}", delete(unlink))
}

async fn list(
    State(svc): State<Service>,
    Buyer(session): Buyer,
) -> Result<Json<Vec<LinkedWallet>>> {
    let rows = wallets::latest_for_buyer(&svc.db, &session.buyer_reference).await?;
    Ok(Json(
        rows.iter()
            .filter(|r| r.status != "unlinked")
            .map(linking::view)
            .collect(),
    ))
}

async fn unlink(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Path(wallet): Path<String>,
) -> Result<StatusCode> {
    linking::unlink(&svc, &session.buyer_reference, &wallet).await?;
    Ok(StatusCode::NO_CONTENT)
}
