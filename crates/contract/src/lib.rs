//! What the checkout app and the merchant service agree on. Compiles to
//! wasm and native alike, so it depends on serde and nothing heavier.

pub mod access;
pub mod api;
pub mod back_office;
pub mod errors;
pub mod health;
pub mod mandates;
pub mod money;
pub mod objects;
pub mod reconciliation;
pub mod requests;
#[cfg(feature = "openapi")]
pub mod schemas;
pub mod wallets;
pub mod webhooks;

pub use wallets::{Region, Wallet, REGIONS, WALLETS};

/// Whether `text` holds nothing but white space, as the documents' `[^\s\u0085]`
/// patterns say: ECMAScript's `\s` with U+0085, which is Rust's white space with
/// U+FEFF. (A pattern `\S` alone would call "\u{85}" text and the service blank.)
pub fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}
