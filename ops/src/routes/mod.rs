//! One file per page.

pub mod health;
pub mod keys;
pub mod payment;
pub mod payments;
pub mod reconciliation;
pub mod sign_in;
