//! The merchant service: serves the built checkout app and (as it grows) the
//! app API, Antom notifications and the merchant's back-office API.

pub mod config;
pub mod http;

pub use config::Config;
