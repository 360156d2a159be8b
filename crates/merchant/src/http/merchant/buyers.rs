//! `/v1/buyers/{buyer_reference}/wallets`: the wallets a buyer linked, and ending one.

use super::audit::outcome_json;
use crate::domain::error::Result;
use crate::domain::linking;
use crate::http::auth::{scope, Merchant};
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use contract::back_office::BuyerWallet;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(unlink))
}

/// The buyer's wallets: the latest link of each, active or ended.
#[utoipa::path(get, path = "/v1/buyers/{buyer_reference}/wallets", operation_id = "listBuyerWallets", tag = "Buyers' wallets", security(("merchant_api_key" = [])),
    params(("buyer_reference" = String, Path)), responses((status = 200, body = Vec<BuyerWallet>)))]
async fn list(
    State(svc): State<Service>,
    _: Merchant<scope::Charges>,
    Path(buyer): Path<String>,
) -> Result<Json<Vec<BuyerWallet>>> {
    Ok(Json(linking::wallets_for_merchant(&svc, &buyer).await?))
}

/// Ends the buyer's link of `wallet`: revoked at Antom, `wallet.unlinked` with `ended_by: merchant`.
#[utoipa::path(delete, path = "/v1/buyers/{buyer_reference}/wallets/{wallet}", operation_id = "unlinkBuyerWallet", tag = "Buyers' wallets", security(("merchant_api_key" = [])),
    params(("buyer_reference" = String, Path), ("wallet" = String, Path)),
    responses((status = 204), (status = 404, body = contract::api::ApiError), (status = 502, body = contract::api::ApiError)))]
async fn unlink(
    State(svc): State<Service>,
    merchant: Merchant<scope::Charges>,
    Path((buyer, wallet)): Path<(String, String)>,
) -> Result<StatusCode> {
    let outcome = linking::unlink(&svc, &buyer, &wallet, "merchant").await;
    let subject = format!("{buyer}/{wallet}");
    merchant
        .audit(
            &svc,
            "wallet.unlink",
            &subject,
            None,
            outcome_json(&outcome),
        )
        .await?;
    outcome?;
    Ok(StatusCode::NO_CONTENT)
}
