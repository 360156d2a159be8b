//! One error type for every handler, mapped to a status and a typed JSON body
//! `{code, message}` in one place. Internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::api::ApiError;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("{file}: line {line}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    ReportInvalid {
        file: String,
        line: usize,
        column: Option<String>,
        message: String,
    },
    #[error("{message}")]
    TooMany {
        code: &'static str,
        message: String,
        retry_after_secs: u64,
    },
    #[error("Antom could not be reached; nothing was charged")]
    AntomUnavailable,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal: {0}")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// A 422 with a stable code.
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
        }
    }

    /// A 409 with a stable code.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Error::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "UNAUTHORIZED"),
            Error::Forbidden(_) => (StatusCode::FORBIDDEN, "FORBIDDEN"),
            Error::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND"),
            Error::Invalid { code, .. } => (StatusCode::UNPROCESSABLE_ENTITY, code),
            Error::Conflict { code, .. } => (StatusCode::CONFLICT, code),
            Error::ReportInvalid { .. } => {
                (StatusCode::UNPROCESSABLE_ENTITY, "REPORT_FILE_INVALID")
            }
            Error::TooMany { code, .. } => (StatusCode::TOO_MANY_REQUESTS, code),
            Error::AntomUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "ANTOM_UNAVAILABLE"),
            Error::Database(_) | Error::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL")
            }
        }
    }
}

impl From<crate::crypto::DecryptError> for Error {
    fn from(e: crate::crypto::DecryptError) -> Self {
        Error::Internal(e.into())
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let Error::ReportInvalid {
            file, line, column, ..
        } = &self
        {
            // Operators need to find the bad cell: say where, as data too.
            let body = serde_json::json!({
                "code": code, "message": self.to_string(),
                "file": file, "line": line, "column": column,
            });
            return (status, Json(body)).into_response();
        }
        let retry_after = match &self {
            Error::TooMany {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
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
        let mut response = (
            status,
            Json(ApiError {
                code: code.to_owned(),
                message,
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

/// Handler results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
