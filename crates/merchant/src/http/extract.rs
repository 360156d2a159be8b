//! What a handler takes from a request, each refused as a typed error like
//! every other: a JSON body, a query string, an `Idempotency-Key`.

use super::error::{escapes_nul, NO_NUL};
use crate::domain::error::Error;
use crate::domain::idempotency::IdempotencyKey;
use axum::http::StatusCode;
use axum::Json;

/// A JSON request body whose refusal is a typed error like every other: 400
/// when it is not JSON (or not sent as JSON), 422 `VALIDATION` when a field is
/// missing or not one of its allowed values, 413 when it is over the route's limit.
#[derive(Debug, Clone, Copy, Default)]
pub struct Body<T>(pub T);

impl<S, T> axum::extract::FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = Error;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Error> {
        use axum::extract::rejection::JsonRejection;
        let json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                v.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|m| {
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !json {
            return Err(Error::Malformed {
                code: crate::domain::error::ErrorCode::Validation,
                message: "Expected request with `Content-Type: application/json`".into(),
            });
        }
        let bytes = match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(Error::TooLarge(e.body_text()))
            }
            Err(e) => {
                return Err(Error::Malformed {
                    code: crate::domain::error::ErrorCode::Validation,
                    message: e.body_text(),
                })
            }
        };
        if escapes_nul(&bytes) {
            return Err(Error::validation(NO_NUL));
        }
        // serde reads a struct from an array too (its fields in order): every body here
        // is an object, and `[]` must not pass for one with no fields set.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            // Not JSON at all is malformed (400); JSON that is not an object breaks a rule (422).
            return Err(
                match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
                    Ok(_) => Error::validation("the body must be a JSON object"),
                    Err(e) => Error::Malformed {
                        code: crate::domain::error::ErrorCode::Validation,
                        message: format!("the body is not JSON: {e}"),
                    },
                },
            );
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(Body(value)),
            Err(JsonRejection::JsonDataError(e)) => Err(Error::validation(e.body_text())),
            Err(other) => Err(Error::Malformed {
                code: crate::domain::error::ErrorCode::Validation,
                message: other.body_text(),
            }),
        }
    }
}

/// A query string whose refusal is a typed error: 422 `VALIDATION` naming the field
/// that is missing or not of its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Params<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for Params<T>
where
    S: Send + Sync,
    T: serde::de::DeserializeOwned,
{
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Error> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Params(value))
            .map_err(|e| Error::validation(e.body_text()))
    }
}

/// The `Idempotency-Key` header of a money-moving call: required, and refused
/// with `IDEMPOTENCY_KEY_REQUIRED` or `IDEMPOTENCY_KEY_INVALID` before the handler runs.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for IdempotencyKey {
    type Rejection = Error;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Error> {
        let raw = parts
            .headers
            .get("idempotency-key")
            // A value that is not text is no key: refused as invalid, not as missing.
            .map(|v| v.to_str().unwrap_or(""));
        IdempotencyKey::parse(raw)
    }
}
