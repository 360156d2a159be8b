//! The Antom (Alipay global "AMS") Auto Debit protocol.
//!
//! - [`api`]: one typed request per Antom API, each knowing its own path, and
//!   the notifications Antom sends back.
//! - [`Amount`] / [`Currency`]: money as integer minor units with ISO 4217
//!   exponents.
//! - [`ApiResult`] / [`Outcome`]: `S` / `F` / `U`, where `U` is never a failure;
//!   [`codes`]: the result codes acted on, in one place.
//! - [`signature`] and [`keys`]: the RSA-SHA256 signature every request,
//!   response and notification carries.
//! - [`AntomClient`]: signs, sends, verifies, and keeps "declined" apart from
//!   "we do not know".

pub mod amount;
pub mod api;
pub mod client;
pub mod codes;
pub mod keys;
pub mod result;
pub mod secret;
mod serde_string;
pub mod settlement;
pub mod signature;
pub mod time;

pub use amount::{Amount, AmountError, Currency};
pub use client::{AntomClient, AntomError, ClientConfig};
pub use keys::{KeyError, PrivateKey, PublicKey};
pub use result::{ApiResult, Outcome, ResultStatus};
pub use secret::Secret;
pub use signature::{SignatureError, SignatureHeader};

/// Path prefix of Antom's production APIs.
pub const API_PREFIX: &str = "/ams/api";
/// Path prefix Antom uses for `SANDBOX_` client ids.
pub const SANDBOX_API_PREFIX: &str = "/ams/sandbox/api";

/// Whether a client id is one of Antom's sandbox ids, which use [`SANDBOX_API_PREFIX`].
pub fn is_sandbox_client_id(client_id: &str) -> bool {
    client_id.starts_with("SANDBOX_")
}

/// The full request path of an API path such as `/v1/payments/pay` for a client id.
pub fn request_path(client_id: &str, api_path: &str) -> String {
    let prefix = if is_sandbox_client_id(client_id) {
        SANDBOX_API_PREFIX
    } else {
        API_PREFIX
    };
    format!("{prefix}{api_path}")
}

/// The API path (`/v1/...`) of a full request path under either prefix, if it is one.
pub fn api_path_of(request_path: &str) -> Option<&str> {
    request_path
        .strip_prefix(SANDBOX_API_PREFIX)
        .or_else(|| request_path.strip_prefix(API_PREFIX))
        .filter(|rest| rest.starts_with('/'))
}
