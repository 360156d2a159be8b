//! What the service's flows fail with, in the payment domain's words: every
//! variant carries a [`ErrorCode`] from the one list the apps translate.
//! How each becomes an HTTP status is `http::error`'s business, not the domain's.

use antom::AntomError;
pub use contract::api::{ErrorCode, ErrorLocation};

/// Everything a flow can fail with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller did not prove who it is (a key, a signature).
    #[error("{message}")]
    Unauthenticated { code: ErrorCode, message: String },
    /// The caller is known and may not do this.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The caller is known and its key or role lacks `scope`.
    #[error("{message}")]
    ScopeMissing {
        scope: contract::access::Scope,
        message: String,
    },
    /// No such object, or not the caller's: the two look the same on purpose.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The body cannot be read as what its path promises.
    #[error("{message}")]
    Malformed { code: ErrorCode, message: String },
    /// The body is larger than the route takes.
    #[error("{0}")]
    TooLarge(String),
    /// The request itself is wrong and would be wrong whenever it came.
    #[error("{message}")]
    Invalid { code: ErrorCode, message: String },
    /// The request is fine but the object's state does not allow it now.
    #[error("{message}")]
    Conflict { code: ErrorCode, message: String },
    /// Antom gave a final "no" (`resultStatus` F); `antom_code` is its `resultCode`.
    #[error("Antom refused: {antom_code}")]
    Refused { code: ErrorCode, antom_code: String },
    /// A settlement report file does not parse; the location says where.
    #[error("{}: line {}{}: {message}", location.file, location.line, location.column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    ReportInvalid {
        location: ErrorLocation,
        message: String,
    },
    /// The caller is going too fast; it may retry after the given time.
    #[error("{message}")]
    TooMany {
        code: ErrorCode,
        message: String,
        retry_after_secs: u64,
    },
    /// Antom gave no final answer (timeout, `U`, an unreadable reply): nothing is known to have moved.
    #[error("Antom could not be reached; nothing was charged")]
    AntomUnavailable,
    /// Storage failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A bug or broken invariant; logged, never shown.
    #[error("internal: {0}")]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// A request that is wrong in itself.
    pub fn invalid(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
        }
    }

    /// A caller without a valid key or browser credential: `UNAUTHORIZED`.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::Unauthenticated {
            code: ErrorCode::Unauthorized,
            message: message.into(),
        }
    }

    /// A malformed field: `VALIDATION` with the field named in `message`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::invalid(ErrorCode::Validation, message)
    }

    /// A request the object's current state does not allow.
    pub fn conflict(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    /// The one way an Antom call that did not succeed becomes an error: a
    /// final refusal under `code`, or — for anything without a final answer —
    /// [`Error::AntomUnavailable`].
    pub fn from_antom(e: AntomError, code: ErrorCode) -> Self {
        match e {
            AntomError::Failed { result, .. } => Self::Refused {
                code,
                antom_code: result.result_code,
            },
            other => {
                tracing::warn!(error = %other, "Antom call without a final answer");
                Self::AntomUnavailable
            }
        }
    }

    /// The stable code the caller sees.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Unauthenticated { code, .. }
            | Error::Malformed { code, .. }
            | Error::Invalid { code, .. }
            | Error::Conflict { code, .. }
            | Error::Refused { code, .. }
            | Error::TooMany { code, .. } => *code,
            Error::Forbidden(_) => ErrorCode::Forbidden,
            Error::ScopeMissing { .. } => ErrorCode::ScopeMissing,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::ReportInvalid { .. } => ErrorCode::ReportFileInvalid,
            Error::TooLarge(_) => ErrorCode::BodyTooLarge,
            Error::AntomUnavailable => ErrorCode::AntomUnavailable,
            Error::Database(_) | Error::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<crate::crypto::DecryptError> for Error {
    fn from(e: crate::crypto::DecryptError) -> Self {
        Error::Internal(e.into())
    }
}

/// Results of the service's flows.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use antom::{ApiResult, ResultStatus};

    #[test]
    fn a_refusal_keeps_antoms_code_and_no_answer_is_unavailable() {
        let refused = Error::from_antom(
            AntomError::Failed {
                result: ApiResult::new("INVALID_AUTHCODE", ResultStatus::Failed, "expired"),
                body: serde_json::Value::Null,
            },
            ErrorCode::AuthCodeRejected,
        );
        assert_eq!(refused.code(), ErrorCode::AuthCodeRejected);
        assert_eq!(refused.to_string(), "Antom refused: INVALID_AUTHCODE");
        let silent = Error::from_antom(
            AntomError::NoAnswer("timed out".into()),
            ErrorCode::AuthCodeRejected,
        );
        assert_eq!(silent.code(), ErrorCode::AntomUnavailable);
    }
}
