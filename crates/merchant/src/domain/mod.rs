//! The payment domain: each flow of design.md as a verb, the states its objects
//! move through, the errors it fails with and the idempotency every money-moving
//! call obeys. It reads and writes through `store`; it knows nothing of HTTP.

pub mod access;
pub mod audit;
pub mod cancelling;
pub mod charging;
pub mod checkout;
pub mod declaring;
pub mod dunning;
pub mod error;
pub mod handover;
pub mod idempotency;
pub mod linking;
pub mod mandates;
pub mod notifications;
pub mod paying;
pub mod payment_records;
pub mod reconciling;
pub mod refunding;
pub mod resealing;
pub mod states;
