//! `/v1/payments/...` and `/v1/refunds/...`: the merchant's view of payments, cancel, refunds.

use super::audit::outcome_json;
use crate::domain::cancelling;
use crate::domain::error::Result;
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::payment_records::{self, PaymentQuery};
use crate::http::auth::{scope, Merchant};
use crate::http::extract::{Body, Params};
use crate::Service;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use contract::back_office::{PaymentDetail, PaymentPage};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use contract::api::PaymentView;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(list, charge))
        .routes(routes!(payment))
        .routes(routes!(detail))
        .routes(routes!(cancel))
}

/// Charges a buyer's linked wallet with no buyer present (merchant-initiated Auto Debit), within the mandate its buyer agreed to (`MANDATE_*` errors); refused for balance or a limit, it is tried again on its `retry_days`.
#[utoipa::path(post, path = "/v1/payments", operation_id = "chargeLinkedWallet", tag = "Payments", security(("merchant_api_key" = [])),
    request_body = crate::domain::charging::NewCharge,
    params(IdempotencyKey),
    responses((status = 201, body = PaymentView), (status = 409, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError)))]
async fn charge(
    State(svc): State<Service>,
    merchant: Merchant<scope::Charges>,
    key: IdempotencyKey,
    Body(req): Body<crate::domain::charging::NewCharge>,
) -> Result<(StatusCode, Json<PaymentView>)> {
    let subject = req.buyer_reference.clone();
    let outcome = crate::domain::charging::charge(&svc, &key, req).await;
    let subject = outcome.as_ref().map_or(subject, |p| p.id.clone());
    merchant
        .audit(
            &svc,
            "payment.charge",
            &subject,
            None,
            outcome_json(&outcome),
        )
        .await?;
    Ok((StatusCode::CREATED, Json(outcome?)))
}

/// Payments, newest first, filtered and paged.
#[utoipa::path(get, path = "/v1/payments", operation_id = "listPayments", tag = "Payments", security(("merchant_api_key" = [])),
    params(PaymentQuery), responses((status = 200, body = PaymentPage), (status = 422, body = contract::api::ApiError)))]
async fn list(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Params(q): Params<PaymentQuery>,
) -> Result<Json<PaymentPage>> {
    Ok(Json(payment_records::list(&svc, &q).await?))
}

/// A payment with its whole history: authorization, attempts, notifications, refunds, declarations, back-office actions.
#[utoipa::path(get, path = "/v1/payments/{id}/detail", operation_id = "getPaymentDetail", tag = "Payments", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = PaymentDetail), (status = 404, body = contract::api::ApiError)))]
async fn detail(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<PaymentDetail>> {
    Ok(Json(payment_records::detail(&svc, &id).await?))
}

/// A payment; while its outcome is unknown, Antom is asked first.
#[utoipa::path(get, path = "/v1/payments/{id}", operation_id = "getPayment", tag = "Payments", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = PaymentView), (status = 404, body = contract::api::ApiError)))]

async fn payment(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Path(id): Path<String>,
) -> Result<Json<PaymentView>> {
    Ok(Json(payment_records::checked_view(&svc, &id).await?))
}

/// Cancels (voids) a payment within Antom's cancel window; a charge waiting to be tried again (`retry_scheduled`) just stops its retries.
#[utoipa::path(post, path = "/v1/payments/{id}/cancel", operation_id = "cancelPayment", tag = "Payments", security(("merchant_api_key" = [])),
    params(("id" = String, Path)), responses((status = 200, body = PaymentView, description = "cancelled"),
        (status = 202, body = PaymentView, description = "recorded and sent, no final answer yet (`cancelling`); the service sends it again until Antom answers"),
        (status = 409, body = contract::api::ApiError)))]
async fn cancel(
    State(svc): State<Service>,
    merchant: Merchant<scope::Refunds>,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<PaymentView>)> {
    let before = payment_records::view_by_id(&svc, &id)
        .await
        .ok()
        .map(|v| serde_json::json!({ "state": v.state }));
    let cancelled = cancelling::cancel(&svc, &id).await;
    let status = match cancelled {
        Ok(cancelling::CancelOutcome::Pending) => StatusCode::ACCEPTED,
        _ => StatusCode::OK,
    };
    let outcome = match cancelled {
        Ok(_) => payment_records::view_by_id(&svc, &id).await,
        Err(e) => Err(e),
    };
    merchant
        .audit(&svc, "payment.cancel", &id, before, outcome_json(&outcome))
        .await?;
    Ok((status, Json(outcome?)))
}
