//! The `result` block of every Antom response, and what it means for money.

use crate::serde_string::string_enum;
use serde::{Deserialize, Serialize};

string_enum! {
    /// `resultStatus`: `S` success, `F` failed (final), `U` unknown.
    ResultStatus {
        /// The call succeeded.
        Success = "S",
        /// The call failed for good; nothing happened.
        Failed = "F",
        /// Antom does not know yet: inquire or retry, never treat as failure.
        Unknown = "U",
    }
}

/// `result {resultCode, resultStatus, resultMessage}` as Antom sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiResult {
    /// Stable code such as `SUCCESS` or `USER_BALANCE_NOT_ENOUGH`.
    pub result_code: String,
    /// `S`, `F` or `U`.
    pub result_status: ResultStatus,
    /// Human-readable detail; not stable, never shown to buyers as is.
    #[serde(default)]
    pub result_message: String,
}

/// What a result means: done, declined for good, or not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `S`.
    Success,
    /// `F`, with its code: final, safe to tell the buyer it did not happen.
    Failed(String),
    /// `U` (or a status this crate does not know), with its code: keep asking.
    Unknown(String),
}

impl ApiResult {
    /// A result with the given parts.
    pub fn new(code: &str, status: ResultStatus, message: &str) -> Self {
        Self {
            result_code: code.to_owned(),
            result_status: status,
            result_message: message.to_owned(),
        }
    }

    /// `SUCCESS` / `S` / `success`.
    pub fn success() -> Self {
        Self::new("SUCCESS", ResultStatus::Success, "success")
    }

    /// Classifies by `resultStatus`, so unknown codes are still handled.
    pub fn outcome(&self) -> Outcome {
        match self.result_status {
            ResultStatus::Success => Outcome::Success,
            ResultStatus::Failed => Outcome::Failed(self.result_code.clone()),
            // An unrecognised status could hide a completed payment: never call it failure.
            ResultStatus::Unknown | ResultStatus::Other(_) => {
                Outcome::Unknown(self.result_code.clone())
            }
        }
    }

    /// Whether this is `S`.
    pub fn is_success(&self) -> bool {
        self.result_status == ResultStatus::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> ApiResult {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn status_decides_the_outcome_not_the_code() {
        let ok = parse(r#"{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}"#);
        assert_eq!(ok.outcome(), Outcome::Success);
        let declined = parse(
            r#"{"resultCode":"USER_BALANCE_NOT_ENOUGH","resultStatus":"F","resultMessage":"x"}"#,
        );
        assert_eq!(
            declined.outcome(),
            Outcome::Failed("USER_BALANCE_NOT_ENOUGH".into())
        );
        let pending =
            parse(r#"{"resultCode":"PAYMENT_IN_PROCESS","resultStatus":"U","resultMessage":""}"#);
        assert_eq!(
            pending.outcome(),
            Outcome::Unknown("PAYMENT_IN_PROCESS".into())
        );
        let novel = parse(r#"{"resultCode":"BRAND_NEW_CODE","resultStatus":"F"}"#);
        assert_eq!(novel.outcome(), Outcome::Failed("BRAND_NEW_CODE".into()));
        let odd_status = parse(r#"{"resultCode":"SUCCESS","resultStatus":"X"}"#);
        assert_eq!(odd_status.outcome(), Outcome::Unknown("SUCCESS".into()));
    }

    #[test]
    fn success_serialises_exactly_as_antom_expects() {
        assert_eq!(
            serde_json::to_string(&ApiResult::success()).unwrap(),
            r#"{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}"#
        );
    }
}
