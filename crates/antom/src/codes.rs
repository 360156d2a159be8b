//! The `resultCode`s this project acts on, by name, in one place.
//!
//! `resultStatus` decides what a result means ([`crate::Outcome`]); a code only
//! refines it. Codes not named here are still handled, by their status. The
//! crate README's table says, per API, which codes are final, which leave the
//! outcome unknown and which end a link, and the doc page each comes from.

/// S: the call did what it was asked.
pub const SUCCESS: &str = "SUCCESS";
/// F: a generic failure (also what this project records for a failure without a code).
pub const PROCESS_FAIL: &str = "PROCESS_FAIL";
/// U (pay, inquiryPayment): the payment is still being processed.
pub const PAYMENT_IN_PROCESS: &str = "PAYMENT_IN_PROCESS";
/// U (refund): the refund is still being processed.
pub const REFUND_IN_PROCESS: &str = "REFUND_IN_PROCESS";
/// U (every API): something went wrong at Antom; the outcome is unknown.
pub const UNKNOWN_EXCEPTION: &str = "UNKNOWN_EXCEPTION";
/// F (every API): too many requests; try again later, more slowly.
pub const REQUEST_TRAFFIC_EXCEED_LIMIT: &str = "REQUEST_TRAFFIC_EXCEED_LIMIT";
/// F (pay, refund, declare): the request id was used before with another body. The
/// first request may have moved money, so this F says nothing about the outcome.
pub const REPEAT_REQ_INCONSISTENT: &str = "REPEAT_REQ_INCONSISTENT";
/// F (inquiryPayment, cancel, refund, and inquiryRefund in Antom's table): Antom has
/// no payment (or refund) with that id; it never arrived.
pub const ORDER_NOT_EXIST: &str = "ORDER_NOT_EXIST";
/// inquiryPayment's `paymentResultCode` for a payment that was cancelled (closed).
pub const ORDER_IS_CLOSED: &str = "ORDER_IS_CLOSED";
/// F (inquiryRefund, in the Alipay+ table for the same path; not in Antom's): no such refund.
pub const REFUND_NOT_EXIST: &str = "REFUND_NOT_EXIST";
/// F (pay, revoke): the access token is not (or no longer) valid: the link is over.
pub const INVALID_ACCESS_TOKEN: &str = "INVALID_ACCESS_TOKEN";
/// F (applyToken with a refresh token): the refresh token is not valid.
pub const INVALID_REFRESH_TOKEN: &str = "INVALID_REFRESH_TOKEN";
/// F (applyToken with a refresh token): the refresh token has expired. Not in Antom's
/// applyToken table (which has only `INVALID_REFRESH_TOKEN`); kept because a wallet may
/// pass it through (Alipay+'s wallet-side refresh page has it).
pub const EXPIRED_REFRESH_TOKEN: &str = "EXPIRED_REFRESH_TOKEN";
/// F (applyToken, pay): the buyer's wallet account is gone.
pub const USER_NOT_EXIST: &str = "USER_NOT_EXIST";
/// F (applyToken with an auth code): the code is not valid (used, expired or unknown).
pub const INVALID_AUTHCODE: &str = "INVALID_AUTHCODE";
/// U (applyToken): the authorization is still being processed; ask again.
pub const AUTH_IN_PROCESS: &str = "AUTH_IN_PROCESS";
/// F (pay): not enough money in the wallet; may pass, so a charge is retried.
pub const USER_BALANCE_NOT_ENOUGH: &str = "USER_BALANCE_NOT_ENOUGH";
/// F (pay): over the buyer's own limit per payment or per period; may pass.
pub const USER_AMOUNT_EXCEED_LIMIT: &str = "USER_AMOUNT_EXCEED_LIMIT";
/// F (pay): over the wallet's count of payments per period; may pass.
pub const PAYMENT_COUNT_EXCEED_LIMIT: &str = "PAYMENT_COUNT_EXCEED_LIMIT";
/// F (pay): the wallet's risk control refused the payment.
pub const RISK_REJECT: &str = "RISK_REJECT";
/// F (every API): a parameter is missing or wrong.
pub const PARAM_ILLEGAL: &str = "PARAM_ILLEGAL";
/// F (every API, unsigned): the request's signature did not verify.
pub const INVALID_SIGNATURE: &str = "INVALID_SIGNATURE";
/// F (every API, unsigned): no key of the request's `keyVersion` is registered.
pub const KEY_NOT_FOUND: &str = "KEY_NOT_FOUND";
/// F (every API, unsigned): the `client-id` is unknown.
pub const CLIENT_INVALID: &str = "CLIENT_INVALID";

/// Declines of a charge that may pass with time (a top-up, a new period): worth trying again.
pub const DECLINES_THAT_MAY_PASS: &[&str] = &[
    USER_BALANCE_NOT_ENOUGH,
    USER_AMOUNT_EXCEED_LIMIT,
    PAYMENT_COUNT_EXCEED_LIMIT,
];

/// applyToken refusals of a refresh token after which the link cannot be renewed.
pub const REFRESH_TOKEN_GONE: &[&str] =
    &[INVALID_REFRESH_TOKEN, EXPIRED_REFRESH_TOKEN, USER_NOT_EXIST];

/// inquiryRefund's codes for a refund Antom has no record of: `ORDER_NOT_EXIST` in
/// Antom's own table ("if no results are returned after three retries, the order
/// has not been placed"), `REFUND_NOT_EXIST` in Alipay+'s for the same path.
pub const REFUND_NOT_FOUND: &[&str] = &[ORDER_NOT_EXIST, REFUND_NOT_EXIST];

/// Whether an `F` to a call that moves money (pay, refund) still leaves its outcome
/// unknown: the request id had been used, so an earlier request may have succeeded.
pub fn failure_hides_outcome(code: &str) -> bool {
    code == REPEAT_REQ_INCONSISTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_reused_request_id_hides_the_outcome() {
        assert!(failure_hides_outcome(REPEAT_REQ_INCONSISTENT));
        for final_code in [
            USER_BALANCE_NOT_ENOUGH,
            RISK_REJECT,
            PROCESS_FAIL,
            PARAM_ILLEGAL,
        ] {
            assert!(!failure_hides_outcome(final_code), "{final_code}");
        }
    }
}
