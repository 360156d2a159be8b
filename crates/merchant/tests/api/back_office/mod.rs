//! The merchant's API: checkout sessions, payments, cancel, refunds.

mod cancels;
mod document;
mod keys;
mod orders;
mod refunds;
mod settle_by_inquiry;

use crate::common::{error_code, Shop};
use contract::api::{PaymentState, PaymentView};
use contract::back_office::RefundState;
use merchant::domain::refunding::RefundView;
use reqwest::StatusCode;
use serde_json::json;
