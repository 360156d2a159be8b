//! What the checkout app and the merchant service agree on. Compiles to
//! wasm and native alike, so it depends on serde and nothing heavier.

pub mod access;
pub mod api;
pub mod back_office;
pub mod errors;
pub mod health;
pub mod mandates;
pub mod money;
pub mod reconciliation;
pub mod requests;
#[cfg(feature = "openapi")]
pub mod schemas;
pub mod wallets;
pub mod webhooks;

pub use wallets::{Region, Wallet, REGIONS, WALLETS};
