//! `/notify/...`: Antom's notifications. Signature first (a bad one changes
//! nothing and gets 401), then idempotent handling, then the exact
//! acknowledgement that stops Antom's retries.

use crate::domain::error::Error;
use crate::domain::{linking, paying, refunding};
use crate::Service;
use antom::api::{
    AuthorizationNotification, AuthorizationNotifyType, IncomingMessage, NotificationAck,
    PaymentNotification, RefundNotification,
};
use antom::signature::{CLIENT_ID_HEADER, REQUEST_TIME_HEADER, SIGNATURE_HEADER};
use antom::SignatureError;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use contract::api::ApiError;
use contract::api::ErrorCode;
use serde::de::DeserializeOwned;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(authorization))
        .routes(routes!(payment))
        .routes(routes!(refund))
}

fn ack() -> Response {
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        NotificationAck::SUCCESS_BODY,
    )
        .into_response()
}

/// Verifies the signature, then parses; anything else is refused before it can change state.
fn verified<T: DeserializeOwned>(
    svc: &Service,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<T, Box<Response>> {
    // The route's last segment: payment, refund or authorization (a fixed set).
    let kind = uri.path().rsplit('/').next().unwrap_or("");
    let count = |outcome| svc.metrics.notification(kind, outcome);
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let message = IncomingMessage {
        path: uri.path(),
        client_id: header(CLIENT_ID_HEADER),
        request_time: header(REQUEST_TIME_HEADER),
        signature: header(SIGNATURE_HEADER),
        body,
    };
    let verified = antom::signature::verify_rotating(
        &svc.config.antom_public_key,
        svc.config.operating.antom_public_key_next.as_ref(),
        |key| message.verify(key, &svc.config.antom_client_id),
    );
    if let Err(e) = verified {
        // A wrong signature (a key change, or a forger) apart from none at all (noise).
        count(match e {
            SignatureError::Mismatch | SignatureError::WrongClientId => "forged",
            _ => "unsigned",
        });
        tracing::warn!(path = uri.path(), error = %e, "notification refused: bad signature");
        return Err(Box::new(
            Error::Unauthenticated {
                code: ErrorCode::InvalidSignature,
                message: e.to_string(),
            }
            .into_response(),
        ));
    }
    if let Err(why) = fresh(message.request_time, svc.now()) {
        count("stale");
        tracing::warn!(path = uri.path(), "notification refused: {why}");
        return Err(Box::new(
            Error::Unauthenticated {
                code: ErrorCode::StaleNotification,
                message: why.to_owned(),
            }
            .into_response(),
        ));
    }
    let parsed = serde_json::from_slice(body);
    count(if parsed.is_ok() {
        "verified"
    } else {
        "malformed"
    });
    parsed.map_err(|e| {
        Box::new(
            Error::Malformed {
                code: ErrorCode::MalformedNotification,
                message: e.to_string(),
            }
            .into_response(),
        )
    })
}

/// How old a signed notification may be. Antom retries an unacknowledged
/// notification for about a day; a signature older than two days is a replay.
pub const NOTIFICATION_MAX_AGE_SECS: i64 = 2 * 24 * 3600;
/// How far ahead of our clock a notification may be signed (clock skew).
const NOTIFICATION_MAX_SKEW_SECS: i64 = 10 * 60;

/// Whether a signed `request-time` is recent enough to believe.
fn fresh(request_time: Option<&str>, now: i64) -> Result<(), &'static str> {
    let signed_at = request_time
        .and_then(antom::time::parse_request_time)
        .ok_or("request-time is missing, or neither ISO 8601 nor epoch milliseconds")?
        .unix_timestamp();
    if signed_at < now - NOTIFICATION_MAX_AGE_SECS {
        return Err("request-time is too old: a replayed notification");
    }
    if signed_at > now + NOTIFICATION_MAX_SKEW_SECS {
        return Err("request-time is in the future");
    }
    Ok(())
}

/// The acknowledgement, or an error that makes Antom retry (handling is idempotent).
fn respond(handled: Result<(), Error>) -> Response {
    match handled {
        Ok(()) => ack(),
        Err(e) => e.into_response(),
    }
}

/// Keeps a verified notification once (by body hash); `text` is what may rest on disk.
async fn record(
    svc: &Service,
    body: &[u8],
    kind: &str,
    reference: Option<&str>,
    text: &str,
) -> Result<(), Response> {
    crate::domain::notifications::keep(svc, body, kind, reference, text)
        .await
        .map(|_| ())
        .map_err(IntoResponse::into_response)
}

/// notifyPayment from Antom (signed).
#[utoipa::path(post, path = "/notify/payment", operation_id = "notifyPayment", tag = "antom", request_body(content = String, content_type = "application/json"),
    responses((status = 200, description = "the SUCCESS acknowledgement"), (status = 401, body = ApiError)))]
async fn payment(
    State(svc): State<Service>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n: PaymentNotification = match verified(&svc, &uri, &headers, &body) {
        Ok(n) => n,
        Err(refused) => return *refused,
    };
    let text = String::from_utf8_lossy(&body);
    if let Err(refused) = record(&svc, &body, "payment", Some(&n.payment_request_id), &text).await {
        return refused;
    }
    respond(paying::notified(&svc, &n).await)
}

/// notifyRefund from Antom (signed).
#[utoipa::path(post, path = "/notify/refund", operation_id = "notifyRefund", tag = "antom", request_body(content = String, content_type = "application/json"),
    responses((status = 200, description = "the SUCCESS acknowledgement"), (status = 401, body = ApiError)))]
async fn refund(State(svc): State<Service>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let n: RefundNotification = match verified(&svc, &uri, &headers, &body) {
        Ok(n) => n,
        Err(refused) => return *refused,
    };
    let text = String::from_utf8_lossy(&body);
    if let Err(refused) = record(&svc, &body, "refund", Some(&n.refund_request_id), &text).await {
        return refused;
    }
    respond(refunding::notified(&svc, &n).await)
}

/// notifyAuthorization from Antom (signed): AUTHCODE_CREATED or TOKEN_CANCELED.
#[utoipa::path(post, path = "/notify/authorization", operation_id = "notifyAuthorization", tag = "antom", request_body(content = String, content_type = "application/json"),
    responses((status = 200, description = "the SUCCESS acknowledgement"), (status = 401, body = ApiError),
        (status = 409, description = "NOTIFICATION_DEFERRED: a TOKEN_CANCELED while unlinks by the buyer and the merchant await Antom's answers; Antom sends it again", body = ApiError)))]
async fn authorization(
    State(svc): State<Service>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let n: AuthorizationNotification = match verified(&svc, &uri, &headers, &body) {
        Ok(n) => n,
        Err(refused) => return *refused,
    };
    // Kept without its secrets: codes and tokens never rest in plain text.
    let mut redacted = n.clone();
    redacted.auth_code = None;
    redacted.access_token = None;
    let text = serde_json::to_string(&redacted).unwrap_or_default();
    if let Err(refused) = record(&svc, &body, "authorization", n.auth_state.as_deref(), &text).await
    {
        return refused;
    }
    let handled = match n.kind() {
        Some(AuthorizationNotifyType::AuthCodeCreated) => linking::note_agreement(&svc, &n).await,
        Some(AuthorizationNotifyType::TokenCanceled) => match &n.access_token {
            Some(token) => linking::token_canceled(&svc, token.expose())
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        _ => Ok(()),
    };
    respond(handled)
}
