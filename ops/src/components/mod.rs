//! Pieces several pages use.

pub mod console_header;
pub mod money;
pub mod problem;
pub mod wallet;
