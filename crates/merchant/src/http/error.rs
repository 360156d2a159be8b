//! How a domain [`Error`] answers over HTTP: a status and a typed JSON body
//! `{code, message, location?}`, decided here and nowhere else. Internal
//! details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::api::ApiError;

use crate::domain::error::Error;

/// The HTTP status of each kind of failure.
fn status_of(error: &Error) -> StatusCode {
    match error {
        Error::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
        Error::Forbidden(_) | Error::ScopeMissing { .. } => StatusCode::FORBIDDEN,
        Error::Malformed { .. } => StatusCode::BAD_REQUEST,
        Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        Error::NotFound(_) => StatusCode::NOT_FOUND,
        // A final "no" from Antom is, to our caller, a request that cannot be done as made.
        Error::Invalid { .. } | Error::Refused { .. } | Error::ReportInvalid { .. } => {
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Error::Conflict { .. } => StatusCode::CONFLICT,
        Error::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::AntomUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        Error::Database(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = status_of(&self);
        let message = match &self {
            Error::Database(e) => {
                tracing::error!(error = %e, "database error");
                "Something went wrong on our side; please try again.".to_owned()
            }
            Error::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                "Something went wrong on our side; please try again.".to_owned()
            }
            other => other.to_string(),
        };
        let retry_after = match &self {
            Error::TooMany {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let code = self.code();
        let location = match self {
            // Operators need to find the bad cell: say where, as data too.
            Error::ReportInvalid { location, .. } => Some(location),
            _ => None,
        };
        let mut response = (
            status,
            Json(ApiError {
                code,
                message,
                location,
            }),
        )
            .into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// Why a NUL character is refused.
pub(super) const NO_NUL: &str = "no field may hold a NUL character (\\u0000)";

/// Whether JSON text holds a `\u0000` escape (JSON can carry NUL no other way). No id or
/// text of ours holds one, and PostgreSQL cannot store it.
pub(super) fn escapes_nul(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json[i + 1..].starts_with(b"u0000") {
                return true;
            }
            // Skip the escaped character, so `\\u0000` (a backslash, then text) is not one.
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Refuses a path or query naming a NUL character (`%00`) with a typed error.
pub async fn refuse_nul(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let names_nul = |s: &str| s.as_bytes().windows(3).any(|w| w == b"%00");
    let uri = req.uri();
    if names_nul(uri.path()) || uri.query().is_some_and(names_nul) {
        return Error::validation(NO_NUL).into_response();
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::escapes_nul;

    #[test]
    fn only_a_real_nul_escape_counts() {
        assert!(escapes_nul(br#"{"a":"x\u0000y"}"#));
        assert!(escapes_nul(br#"{"a":"\\\u0000"}"#));
        assert!(!escapes_nul(br#"{"a":"\\u0000"}"#));
        assert!(!escapes_nul(br#"{"a":"\u0001"}"#));
        assert!(!escapes_nul(br#"{"a":"end\"}"#));
    }
}
