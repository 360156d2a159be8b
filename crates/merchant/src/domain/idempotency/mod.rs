//! The `Idempotency-Key` every money-moving call carries, and the one way a key
//! is kept: the same key always means the same payment, charge, refund or
//! declaration, even when two requests with it race or the service crashed
//! between recording and sending.

mod key;
mod persistence;

pub use key::IdempotencyKey;
pub use persistence::{replay, store_once, Stored};
