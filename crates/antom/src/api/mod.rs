//! One typed request per Antom API, each knowing its path and its response,
//! plus the notifications Antom sends and the acknowledgement it expects.
//!
//! Responses keep fields this crate does not know in `extra`, and every field
//! Antom may leave out is an `Option`, so a new Antom field is never an error.

pub mod authorization;
pub mod customs;
pub mod notification;
pub mod payment;
pub mod refund;

use crate::result::ApiResult;
use crate::serde_string::string_enum;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use authorization::*;
pub use customs::*;
pub use notification::*;
pub use payment::*;
pub use refund::*;

/// Fields of a message this crate does not model, kept as sent.
pub type Extra = serde_json::Map<String, serde_json::Value>;

/// A request to one Antom API.
pub trait AntomRequest: Serialize {
    /// The API path below `/ams/api` (or `/ams/sandbox/api`), e.g. `/v1/payments/pay`.
    const PATH: &'static str;
    /// What Antom answers.
    type Response: AntomResponse;
    /// The `paymentRequestId` the request is about, if it names one (for traces).
    fn payment_request_id(&self) -> Option<&str> {
        None
    }
    /// The `refundRequestId` the request is about, if it names one (for traces).
    fn refund_request_id(&self) -> Option<&str> {
        None
    }
}

/// A response: every one carries a `result`.
pub trait AntomResponse: DeserializeOwned {
    /// The `result` block.
    fn result(&self) -> &ApiResult;
}

/// Implements [`AntomResponse`] for structs with a `result` field.
macro_rules! responses {
    ($($ty:ty),+ $(,)?) => {
        $(impl $crate::api::AntomResponse for $ty {
            fn result(&self) -> &$crate::result::ApiResult {
                &self.result
            }
        })+
    };
}
pub(crate) use responses;

string_enum! {
    /// Where the buyer is: decides which authorization URL to open.
    TerminalType {
        /// Desktop browser.
        Web = "WEB",
        /// Mobile browser.
        Wap = "WAP",
        /// Merchant's native app.
        App = "APP",
        /// Mini program inside a super-app.
        MiniApp = "MINI_APP",
    }
}

string_enum! {
    /// The buyer's mobile operating system.
    OsType {
        /// iOS / iPadOS.
        Ios = "IOS",
        /// Android.
        Android = "ANDROID",
    }
}

/// The buyer's environment (`env`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Env {
    /// WEB, WAP, APP or MINI_APP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal_type: Option<TerminalType>,
    /// IOS or ANDROID, for WAP and APP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    /// Operating system version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// Buyer's IP address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// Buyer's browser user agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Device fingerprint from Antom's risk SDK, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_token_id: Option<String>,
}

/// The wallet's view of the buyer (`pspCustomerInfo`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PspCustomerInfo {
    /// Wallet name, e.g. `GCASH`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psp_name: Option<String>,
    /// Masked account the buyer recognises, e.g. `0917****123`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_customer_id: Option<String>,
    /// Wallet's own customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub psp_customer_id: Option<String>,
    /// Fields not modelled here.
    #[serde(flatten)]
    pub extra: Extra,
}
