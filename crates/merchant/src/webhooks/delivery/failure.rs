//! Why an attempt got no answer, as a class: what is stored and shown to the
//! merchant. Never the receiver's words nor the error's text, which could carry
//! what an address inside our network said.

use super::address::AddressNotAllowed;

/// Why no answer came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureClass {
    /// No answer within the attempt's time.
    Timeout,
    /// The host is, or resolves only to, an address webhooks may not reach.
    AddressNotAllowed,
    /// No connection (refused, unreachable, TLS failed, the name does not resolve).
    Connect,
    /// The connection broke while the request or its answer was under way.
    Request,
}

impl FailureClass {
    /// How it is stored and shown: `address_not_allowed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureClass::Timeout => "timeout",
            FailureClass::AddressNotAllowed => "address_not_allowed",
            FailureClass::Connect => "connect",
            FailureClass::Request => "request",
        }
    }
}

/// The class of a failed send.
pub(super) fn failure_class(e: &reqwest::Error) -> FailureClass {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = source {
        if cause.is::<AddressNotAllowed>() {
            return FailureClass::AddressNotAllowed;
        }
        source = cause.source();
    }
    if e.is_timeout() {
        FailureClass::Timeout
    } else if e.is_connect() {
        FailureClass::Connect
    } else {
        FailureClass::Request
    }
}
