//! One page per file.

pub mod authorization_return;
pub mod checkout;
pub mod home;
pub mod linked_wallets;
