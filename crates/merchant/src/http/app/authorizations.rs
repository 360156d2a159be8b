//! `/api/checkout-sessions/{id}/authorizations`: link a wallet.

use crate::domain::error::Result;
use crate::domain::{handover, linking};
use crate::http::auth::BuyerBrowser;
use crate::http::extract::Body;
use crate::Service;
use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use contract::api::{
    AuthorizationRedirect, CompleteAuthorization, LinkCode, LinkHandover, LinkedWallet,
    StartAuthorization,
};

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(complete))
        .routes(routes!(hand_over))
        .routes(routes!(complete_with_code))
}

/// Starts linking a wallet: answers the wallet page URLs for the buyer's terminal.
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/authorizations", operation_id = "appStartAuthorization", tag = "app", request_body = StartAuthorization,
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = AuthorizationRedirect), (status = 422, body = contract::api::ApiError),
        (status = 429, body = contract::api::ApiError, description = "TOO_MANY_AUTHORIZATIONS")))]

async fn start(
    State(svc): State<Service>,
    buyer: BuyerBrowser,
    Body(req): Body<StartAuthorization>,
) -> Result<Json<AuthorizationRedirect>> {
    Ok(Json(
        linking::start(&svc, &buyer.session, &buyer.browser, req).await?,
    ))
}

/// The buyer is back from the wallet with `authCode` and `authState`; only the
/// browser that started the link may complete it (an embedded checkout's wallet
/// tab hands the code back to the frame, which calls this with its own cookie).
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/authorizations/complete", operation_id = "appCompleteAuthorization", tag = "app", request_body = CompleteAuthorization,
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = LinkedWallet), (status = 422, body = contract::api::ApiError,
        description = "AUTH_DECLINED, AUTH_STATE_INVALID, AUTH_STATE_OTHER_BROWSER, AUTH_STATE_FOREIGN, AUTH_STATE_EXPIRED, AUTH_STATE_USED, AUTH_CODE_REJECTED")))]
async fn complete(
    State(svc): State<Service>,
    axum::extract::Path(id): axum::extract::Path<String>,
    headers: axum::http::HeaderMap,
    Body(req): Body<CompleteAuthorization>,
) -> Result<Json<LinkedWallet>> {
    // No cookie is answered with a code the app explains (finish where you
    // started), not a bare 401: a wallet app may open the return URL elsewhere.
    let buyer = crate::http::auth::buyer_if_any(&svc, &headers, &id).await?;
    Ok(Json(
        linking::complete(&svc, buyer.as_ref().map(|(s, b)| (s, b)), req).await?,
    ))
}

/// The wallet brought the buyer back to a browser that did not start the link
/// (`AUTH_STATE_OTHER_BROWSER`): answers a six-digit code to show there, which
/// finishes the link when typed into the checkout that started it. Anyone may
/// ask who holds the wallet's `authCode` and `authState`; the code is useful only
/// to the starting browser.
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/authorizations/handover", operation_id = "appHandoverAuthorization", tag = "app", request_body = CompleteAuthorization,
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = LinkHandover), (status = 422, body = contract::api::ApiError,
        description = "AUTH_DECLINED, AUTH_STATE_INVALID, AUTH_STATE_FOREIGN, AUTH_STATE_EXPIRED, AUTH_STATE_USED"),
        (status = 429, body = contract::api::ApiError, description = "TOO_MANY_AUTHORIZATIONS: five codes were shown for this link")))]
async fn hand_over(
    State(svc): State<Service>,
    axum::extract::Path(id): axum::extract::Path<String>,
    Body(req): Body<CompleteAuthorization>,
) -> Result<Json<LinkHandover>> {
    Ok(Json(handover::issue(&svc, &id, req).await?))
}

/// Finishes a link that came back to another browser, with the code shown there;
/// only the browser that started the link, five tries per link.
#[utoipa::path(post, path = "/api/checkout-sessions/{id}/authorizations/complete-with-code", operation_id = "appCompleteAuthorizationWithCode", tag = "app", request_body = LinkCode,
    params(("id" = String, Path, description = "checkout session id")),
    responses((status = 200, body = LinkedWallet), (status = 401, body = contract::api::ApiError),
        (status = 422, body = contract::api::ApiError, description = "LINK_CODE_WRONG, LINK_CODE_EXPIRED, AUTH_CODE_REJECTED")))]
async fn complete_with_code(
    State(svc): State<Service>,
    buyer: BuyerBrowser,
    Body(req): Body<LinkCode>,
) -> Result<Json<LinkedWallet>> {
    Ok(Json(
        handover::redeem(&svc, &buyer.session, &buyer.browser, &req.code).await?,
    ))
}
