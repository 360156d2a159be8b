//! What the sandbox remembers: in memory, like a fresh Antom test account.

use antom::api::{PaymentStatus, RefundStatus};
use antom::{Amount, ApiResult, ResultStatus};
use rand::Rng;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Default)]
pub struct State {
    /// Authorization pages handed out by consult, by ticket.
    pub tickets: HashMap<String, AuthTicket>,
    /// authCodes created when a buyer agrees.
    pub auth_codes: HashMap<String, AuthCode>,
    /// Access tokens.
    pub tokens: HashMap<String, Token>,
    /// Refresh token → access token.
    pub refresh_tokens: HashMap<String, String>,
    /// Balance per wallet account ([`balance_key`]: wallet and buyer login), minor units.
    pub balances: HashMap<String, i64>,
    /// Payments by paymentRequestId.
    pub payments: HashMap<String, Payment>,
    /// paymentId → paymentRequestId.
    pub payment_ids: HashMap<String, String>,
    /// Refunds by refundRequestId.
    pub refunds: HashMap<String, Refund>,
    /// refundRequestIds of refunds lost on their first way in (the `11` refund script):
    /// inquiryRefund finds no record of them.
    pub lost_refunds: std::collections::HashSet<String>,
    /// Declarations by declarationRequestId.
    pub declarations: HashMap<String, Declaration>,
    /// How the next refreshes (applyToken REFRESH_TOKEN) are answered, first first:
    /// `no_refresh_token` (S without a new refresh token, the old one still good,
    /// as a wallet that does not rotate it), or a result code to refuse with.
    pub refresh_script: std::collections::VecDeque<String>,
    /// How the next revokes are answered, first first: `ok`, `slow` (revoked, but
    /// only after [`crate::revocation::SLOW_REVOKE`]), or a result code to refuse
    /// with, alone or after `slow:` (refused after that wait).
    pub revoke_script: std::collections::VecDeque<String>,
}

pub struct AuthTicket {
    pub wallet: String,
    pub auth_state: String,
    pub redirect_url: String,
    pub notify_url: Option<String>,
    pub expires: OffsetDateTime,
    pub decided: bool,
    /// What the consult said of `recurringPayment`; the wallet page tells the buyer.
    pub recurring_payment: Option<bool>,
}

pub struct AuthCode {
    pub wallet: String,
    pub login_id: String,
    pub notify_url: Option<String>,
    pub expires: OffsetDateTime,
    pub used: bool,
}

pub struct Token {
    pub wallet: String,
    pub login_id: String,
    pub expires: OffsetDateTime,
    pub refresh_expires: OffsetDateTime,
    pub revoked: bool,
    pub notify_url: Option<String>,
}

pub struct Payment {
    /// The request as first received, to spot a reused id with another body.
    pub request: Value,
    pub payment_id: String,
    pub payment_request_id: String,
    pub wallet: String,
    pub login_id: String,
    pub amount: Amount,
    pub status: PaymentStatus,
    /// Why it failed, when it did.
    pub fail_code: Option<String>,
    pub created: OffsetDateTime,
    pub paid_at: Option<OffsetDateTime>,
    /// When a paid payment was voided (it then settles as PAYMENT + CANCEL).
    pub cancelled_at: Option<OffsetDateTime>,
    pub refunded: i64,
    pub notify_url: Option<String>,
}

#[derive(Clone)]
pub struct Refund {
    pub request: Value,
    pub refund_id: String,
    pub refund_request_id: String,
    /// The refunded payment's paymentRequestId.
    pub payment_request_id: String,
    pub amount: Amount,
    pub status: RefundStatus,
    pub time: OffsetDateTime,
    /// Where notifyRefund goes.
    pub notify_url: Option<String>,
}

pub struct Declaration {
    pub request: Value,
    pub record: antom::api::DeclarationRecord,
    /// When customs "answers": until then the record is WAITING_FOR_PROCESSING.
    pub answered_at: OffsetDateTime,
    /// The declare answer, repeated for a repeated request.
    pub answer: Value,
}

/// A fresh id shaped like Antom's: date digits then random digits.
pub fn new_id() -> String {
    let now = OffsetDateTime::now_utc();
    let random: u64 = rand::thread_rng().gen_range(0..10_000_000_000_000);
    format!(
        "{:04}{:02}{:02}{:013}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        random
    )
}

/// A fresh unguessable secret (codes, tokens).
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}{hex}")
}

/// An answer with `result` S and these fields.
pub fn success(fields: Value) -> Value {
    with_result(ApiResult::success(), fields)
}

/// An answer with `result` F.
pub fn failed(code: &str, message: &str) -> Value {
    with_result(
        ApiResult::new(code, ResultStatus::Failed, message),
        json!({}),
    )
}

/// An answer with `result` U and these fields.
pub fn unknown(code: &str, message: &str, fields: Value) -> Value {
    with_result(ApiResult::new(code, ResultStatus::Unknown, message), fields)
}

fn with_result(result: ApiResult, fields: Value) -> Value {
    let mut body = match fields {
        Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    body.insert("result".into(), json!(result));
    Value::Object(body)
}

/// Parses a request, or the PARAM_ILLEGAL answer Antom gives for a bad one.
pub fn parse<T: DeserializeOwned>(body: &Value) -> Result<T, Value> {
    serde_json::from_value(body.clone()).map_err(|e| failed("PARAM_ILLEGAL", &e.to_string()))
}

/// Antom's time form.
pub fn iso(at: OffsetDateTime) -> String {
    antom::time::format(at)
}

/// `d` as a `time::Duration` (saturating).
pub fn span(d: std::time::Duration) -> time::Duration {
    time::Duration::try_from(d).unwrap_or(time::Duration::MAX)
}

/// Where a wallet account's balance is kept: each wallet holds its own money, even
/// for the same login (a buyer's GCash and Maya are two accounts).
pub fn balance_key(wallet: &str, login_id: &str) -> String {
    format!("{wallet}/{login_id}")
}
