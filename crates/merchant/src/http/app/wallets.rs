//! `/api/checkout-sessions/{id}/wallets`: the buyer's linked wallets.

use crate::domain::error::Result;
use crate::domain::linking;
use crate::http::auth::Buyer;
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use contract::api::LinkedWallet;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unlink))
}

/// The buyer's linked wallets, including those revoked from the wallet side.
#[utoipa::path(get, path = "/api/checkout-sessions/{id}/wallets", operation_id = "appListWallets", tag = "app",
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = Vec<LinkedWallet>)))]

async fn list(
    State(svc): State<Service>,
    Buyer(session): Buyer,
) -> Result<Json<Vec<LinkedWallet>>> {
    Ok(Json(
        linking::wallets_for_buyer(&svc, &session.buyer_reference).await?,
    ))
}

/// Unlinks a wallet (revoke at Antom).
#[utoipa::path(delete, path = "/api/checkout-sessions/{id}/wallets/{wallet}", operation_id = "appUnlinkWallet", tag = "app",
    params(("id" = String, Path, description = "checkout session id"), ("wallet" = String, Path, description = "Antom wallet code")),
    responses((status = 204), (status = 404, body = contract::api::ApiError)))]
async fn unlink(
    State(svc): State<Service>,
    Buyer(session): Buyer,
    Path((_, wallet)): Path<(String, String)>,
) -> Result<StatusCode> {
    linking::unlink(&svc, &session.buyer_reference, &wallet, "buyer").await?;
    Ok(StatusCode::NO_CONTENT)
}
