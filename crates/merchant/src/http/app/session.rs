//! `/api/checkout-sessions/{id}/claim` and `/api/checkout-sessions/{id}`: the buyer's way in, and the summary.

use crate::domain::error::Result;
use crate::domain::linking::BrowserHash;
use crate::domain::{checkout, handover};
use crate::http::auth::{cookie, cookie_name, form_proof, set_cookie, BuyerBrowser};
use crate::http::extract::{Body, Params};
use crate::http::throttle::{Limit, Source};
use crate::Service;
use axum::extract::{Path, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::IntoResponse;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use checkout::Claimant;
use contract::api::{ClaimSession, SessionSummary, CREDENTIAL_HEADER};

/// `?region=MY`: the buyer's pick among the session's regions.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionPick {
    /// ISO 3166-1 code, one of the session's `regions`.
    #[param(schema_with = contract::schemas::region)]
    region: Option<String>,
}

/// The claim's answer to a top-level browser: the proof its painted page's form posts.
pub const FORM_PROOF_HEADER: &str = "x-checkout-form-proof";

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(claim))
        .routes(routes!(summary))
}

/// Exchanges the checkout link's one-time token for the buyer cookie, or (`embedded`) for a frame's credential.
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/claim", operation_id = "appClaimCheckout", tag = "app", request_body = ClaimSession,
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = SessionSummary, description = "sets the buyer cookie; an embedded claim answers the credential in `X-Checkout-Credential` instead",
        headers(("X-Checkout-Credential" = String, description = "an embedded claim only: send it back in this header on every call about this checkout"),
            ("X-Checkout-Form-Proof" = String, description = "a top-level claim only: the `proof` field of the checkout page's form post"))),
        (status = 403, body = contract::api::ApiError),
        (status = 429, body = contract::api::ApiError, description = "too many claims from this address: TOO_MANY_ATTEMPTS, with Retry-After")))]
async fn claim(
    State(svc): State<Service>,
    source: Source,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    Body(req): Body<ClaimSession>,
) -> Result<impl IntoResponse> {
    svc.throttles.spend(Limit::Claim, source.0)?;
    let claimant = if req.embedded {
        Claimant::Frame
    } else {
        Claimant::Cookie(cookie(&headers, cookie_name(&svc)))
    };
    let from = checkout::ClaimedFrom {
        ip: source.0.to_string(),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
    };
    let proof = checkout::claim(&svc, &id, &req.token, claimant, &from).await?;
    let session = checkout::get(&svc, &id).await?;
    let summary = checkout::summary(&svc, &session).await?;
    let header_value = |value: &str| {
        HeaderValue::from_str(value).map_err(|e| crate::domain::error::Error::Internal(e.into()))
    };
    let mut headers = axum::http::HeaderMap::new();
    if req.embedded {
        headers.insert(
            HeaderName::from_static(CREDENTIAL_HEADER),
            header_value(&proof)?,
        );
    } else {
        headers.insert(header::SET_COOKIE, header_value(&set_cookie(&svc, &proof))?);
        // The service's painted page posts its form with this before the app runs (first_paint::forms).
        let browser = BrowserHash::of(&proof);
        headers.insert(
            HeaderName::from_static(FORM_PROOF_HEADER),
            header_value(&form_proof(&svc, &id, &browser))?,
        );
    }
    Ok((headers, Json(summary)))
}

/// The order, the wallets of the region (linked first) and the payment so far.
#[utoipa::path(get, path = "/api/checkout-sessions/{id}", operation_id = "appGetCheckout", tag = "app",
    params(("id" = String, Path, description = "checkout session id"), RegionPick),
    responses((status = 200, body = SessionSummary), (status = 401, body = contract::api::ApiError)))]
async fn summary(
    State(svc): State<Service>,
    buyer: BuyerBrowser,
    Params(pick): Params<RegionPick>,
) -> Result<Json<SessionSummary>> {
    let mut summary = checkout::summary_in(&svc, &buyer.session, pick.region.as_deref()).await?;
    summary.awaiting_link_code = handover::awaited(&svc, &buyer.session, &buyer.browser).await?;
    Ok(Json(summary))
}
