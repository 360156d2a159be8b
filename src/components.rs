//! Small pieces shared by the pages.

pub mod language_picker;
pub mod notice;
pub mod page_header;
pub mod page_heading;
pub mod payment_result;
pub mod skeleton;
pub mod wallet_mark;
