//! Every error code the service answers and the apps translate: one list, so
//! a code cannot reach a buyer or an operator without words in their language.

use serde::{Deserialize, Serialize};

/// Who can be shown a code, and so which app's catalogue must have words for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The checkout app (`/api`) and the operator console (`/v1`).
    Both,
    /// Only the checkout app.
    Buyer,
    /// Only the merchant API and its console.
    Operator,
    /// Antom's notification calls: neither app ever sees it.
    Antom,
}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal, $audience:ident;)*) => {
        /// A stable error code, serialised as today's `SCREAMING_SNAKE_CASE` text.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code this build does not know (a newer service): shown as a generic failure.
            Other,
        }

        impl ErrorCode {
            /// Every code, `Other` last.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)* ErrorCode::Other];

            /// The code as it travels: `AUTH_STATE_EXPIRED`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Other => "OTHER",
                }
            }

            /// Which app must be able to say it.
            pub const fn audience(self) -> Audience {
                match self {
                    $(ErrorCode::$variant => Audience::$audience,)*
                    ErrorCode::Other => Audience::Both,
                }
            }
        }
    };
}

error_codes! {
    /// Made by the apps: no answer came back.
    Network = "NETWORK", Both;
    /// A missing or wrong API key, or a browser whose checkout session ended.
    Unauthorized = "UNAUTHORIZED", Both;
    /// A browser or key acting on what it does not hold.
    Forbidden = "FORBIDDEN", Both;
    /// No such object (or not this caller's).
    NotFound = "NOT_FOUND", Both;
    /// A field is missing or malformed; the message says which.
    Validation = "VALIDATION", Both;
    /// Something failed on our side; details are in the service's log only.
    Internal = "INTERNAL", Both;
    /// Antom did not answer; nothing was charged.
    AntomUnavailable = "ANTOM_UNAVAILABLE", Both;
    /// The checkout session ran out.
    SessionExpired = "SESSION_EXPIRED", Buyer;
    /// The buyer declined in the wallet.
    AuthDeclined = "AUTH_DECLINED", Buyer;
    /// The return carried no state we issued.
    AuthStateInvalid = "AUTH_STATE_INVALID", Buyer;
    /// The state belongs to another checkout session.
    AuthStateForeign = "AUTH_STATE_FOREIGN", Buyer;
    /// The state was issued to another browser.
    AuthStateOtherBrowser = "AUTH_STATE_OTHER_BROWSER", Buyer;
    /// The state ran out before the buyer came back.
    AuthStateExpired = "AUTH_STATE_EXPIRED", Buyer;
    /// The state was already used.
    AuthStateUsed = "AUTH_STATE_USED", Buyer;
    /// Antom refused the wallet's authorization code.
    AuthCodeRejected = "AUTH_CODE_REJECTED", Buyer;
    /// The code from the other browser is not the one it showed.
    LinkCodeWrong = "LINK_CODE_WRONG", Buyer;
    /// No code is waiting for this browser: it ran out, was tried too often, or was never shown.
    LinkCodeExpired = "LINK_CODE_EXPIRED", Buyer;
    /// Too many links started in this checkout; retry later.
    TooManyAuthorizations = "TOO_MANY_AUTHORIZATIONS", Buyer;
    /// The wallet (through Antom) refused to start an authorization.
    WalletRefused = "WALLET_REFUSED", Buyer;
    /// The wallet is not offered in this checkout's region.
    WalletNotAvailable = "WALLET_NOT_AVAILABLE", Buyer;
    /// Paying needs a linked wallet first.
    WalletNotLinked = "WALLET_NOT_LINKED", Buyer;
    /// Antom refused to end the link.
    UnlinkRefused = "UNLINK_REFUSED", Buyer;
    /// The order is paid already.
    OrderAlreadyPaid = "ORDER_ALREADY_PAID", Buyer;
    /// A payment of this order has no final answer yet.
    PaymentInProgress = "PAYMENT_IN_PROGRESS", Buyer;
    /// A call that moves money needs an `Idempotency-Key` header.
    IdempotencyKeyRequired = "IDEMPOTENCY_KEY_REQUIRED", Both;
    /// The `Idempotency-Key` is not 1–255 visible characters.
    IdempotencyKeyInvalid = "IDEMPOTENCY_KEY_INVALID", Both;
    /// The `Idempotency-Key` was used with another request.
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED", Both;
    /// More than the payment has left to refund.
    RefundExceedsPayment = "REFUND_EXCEEDS_PAYMENT", Operator;
    /// The payment cannot be refunded in its state.
    PaymentNotRefundable = "PAYMENT_NOT_REFUNDABLE", Operator;
    /// The payment cannot be cancelled in its state, or Antom refused.
    CancelNotAllowed = "CANCEL_NOT_ALLOWED", Operator;
    /// The payment cannot be declared to customs.
    PaymentNotDeclarable = "PAYMENT_NOT_DECLARABLE", Operator;
    /// Antom refused to say how something stands.
    InquiryRefused = "INQUIRY_REFUSED", Operator;
    /// A settlement report file is malformed; the location says where.
    ReportFileInvalid = "REPORT_FILE_INVALID", Operator;
    /// An import named no report file.
    NoReportFiles = "NO_REPORT_FILES", Operator;
    /// The same report file twice in one import.
    DuplicateReportFile = "DUPLICATE_REPORT_FILE", Operator;
    /// A request body over the size the route takes (a report import over 64 MB).
    BodyTooLarge = "BODY_TOO_LARGE", Operator;
    /// The API key or the operator's role lacks the scope the call needs; the message names it.
    ScopeMissing = "SCOPE_MISSING", Operator;
    /// The e-mail, password or second-factor code is wrong (which one is not said).
    SignInFailed = "SIGN_IN_FAILED", Operator;
    /// Too many failed sign-ins: the account is locked for a while.
    OperatorLocked = "OPERATOR_LOCKED", Operator;
    /// Too many attempts from this source (failed keys, sign-ins, claims, unknown checkouts); retry after the time given.
    TooManyAttempts = "TOO_MANY_ATTEMPTS", Both;
    /// The link is buyer-present: the buyer agreed to no charges without them.
    MandateRequired = "MANDATE_REQUIRED", Operator;
    /// The charge is over the mandate's maximum per charge (the message names it), or in another currency.
    MandateAmountExceeded = "MANDATE_AMOUNT_EXCEEDED", Operator;
    /// The charge would take the interval over the mandate's maximum (the message names it and when it starts again).
    MandateLimitReached = "MANDATE_LIMIT_REACHED", Operator;
    /// The mandate ended (its end date passed, or the buyer or the merchant ended it).
    MandateEnded = "MANDATE_ENDED", Operator;
    /// A notification whose signature does not verify.
    InvalidSignature = "INVALID_SIGNATURE", Antom;
    /// A notification signed too long ago (a replay) or in the future.
    StaleNotification = "STALE_NOTIFICATION", Antom;
    /// A signed notification whose body is not what its path promises.
    MalformedNotification = "MALFORMED_NOTIFICATION", Antom;
    /// A notification that cannot be applied yet (a TOKEN_CANCELED while unlinks by
    /// different parties await Antom's answers): Antom sends it again.
    NotificationDeferred = "NOTIFICATION_DEFERRED", Antom;
}

impl ErrorCode {
    /// The Fluent message id of its words: `error-auth-state-expired`.
    pub fn message_id(self) -> String {
        format!(
            "error-{}",
            self.as_str().to_ascii_lowercase().replace('_', "-")
        )
    }

    /// The code of a text that travelled outside JSON (a `postMessage`); unknown text is `Other`.
    pub fn parse(text: &str) -> Self {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text)
            .unwrap_or(Self::Other)
    }

    /// Whether the checkout app can receive it and so must translate it.
    pub const fn reaches_buyer(self) -> bool {
        matches!(self.audience(), Audience::Both | Audience::Buyer)
    }

    /// Whether the operator console can receive it and so must translate it.
    pub const fn reaches_operator(self) -> bool {
        matches!(self.audience(), Audience::Both | Audience::Operator)
    }
}

// By hand rather than derived: the derived visitor (a match arm and an
// "expected one of" list per code) costs the buyer's download more than this
// lookup in the one table.
impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(Self::parse(&text))
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(Self::ALL.iter().map(|c| c.as_str())))
            .description(Some("A stable error code; the apps translate it."))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for ErrorCode {}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in an uploaded file a problem is, for errors about a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorLocation {
    /// The file's name as uploaded.
    pub file: String,
    /// 1-based line.
    pub line: u64,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_travel_as_their_text_and_unknown_ones_become_other() {
        for code in ErrorCode::ALL {
            let json = format!("\"{}\"", code.as_str());
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).ok(), Some(*code));
        }
        let newer: ErrorCode =
            serde_json::from_str("\"SOMETHING_NEW\"").unwrap_or(ErrorCode::Network);
        assert_eq!(newer, ErrorCode::Other);
        assert_eq!(
            ErrorCode::AuthStateExpired.message_id(),
            "error-auth-state-expired"
        );
    }

    #[test]
    fn no_code_is_listed_twice() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }
}
