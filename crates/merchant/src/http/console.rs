//! `/ops/sign-in`: operators sign in to the console with e-mail, password and
//! a second factor, and get an HttpOnly, SameSite=Strict sign-in cookie.

use crate::domain::access::operators;
use crate::domain::error::{Error, Result};
use crate::http::auth::{back_office_caller, console_cookie_name, console_set_cookie, cookie};
use crate::http::extract::Body;
use crate::http::throttle::{Limit, Source};
use crate::Service;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use contract::access::{ConsoleSignIn, SignIn};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(sign_in, current, sign_out))
}

/// Signs an operator in. Which part was wrong is never said; after five failures
/// in a row the account is locked for 15 minutes, and each source may try ten times a minute.
#[utoipa::path(post, path = "/ops/sign-in", operation_id = "consoleSignIn", tag = "console", request_body = SignIn,
    responses((status = 200, body = ConsoleSignIn), (status = 401, body = contract::api::ApiError),
        (status = 429, body = contract::api::ApiError)))]
async fn sign_in(
    State(svc): State<Service>,
    source: Source,
    Body(form): Body<SignIn>,
) -> Result<impl IntoResponse> {
    svc.throttles.spend(Limit::SignIn, source.0)?;
    let started = operators::sign_in(&svc, &form).await?;
    tracing::info!(operator = %started.signed_in.email, "console sign-in");
    Ok((
        AppendHeaders([(
            header::SET_COOKIE,
            console_set_cookie(&svc, &started.cookie, operators::ABSOLUTE_TIMEOUT_SECS),
        )]),
        Json(started.signed_in),
    ))
}

/// Who is signed in, and the CSRF token the console's state changes carry.
#[utoipa::path(get, path = "/ops/sign-in", operation_id = "consoleCurrentSignIn", tag = "console",
    responses((status = 200, body = ConsoleSignIn), (status = 401, body = contract::api::ApiError)))]
async fn current(State(svc): State<Service>, headers: HeaderMap) -> Result<Json<ConsoleSignIn>> {
    let ended = || Error::unauthenticated("not signed in to the console");
    let value = cookie(&headers, console_cookie_name(&svc)).ok_or_else(ended)?;
    operators::describe(&svc, value)
        .await?
        .map(Json)
        .ok_or_else(ended)
}

/// Ends the sign-in (with its CSRF token, like every console state change).
#[utoipa::path(delete, path = "/ops/sign-in", operation_id = "consoleSignOut", tag = "console",
    responses((status = 204), (status = 401, body = contract::api::ApiError)))]
async fn sign_out(State(svc): State<Service>, parts: Parts) -> Result<impl IntoResponse> {
    back_office_caller(&parts, &svc).await?;
    if let Some(value) = cookie(&parts.headers, console_cookie_name(&svc)) {
        operators::sign_out(&svc, value).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(header::SET_COOKIE, console_set_cookie(&svc, "", 0))]),
    ))
}
