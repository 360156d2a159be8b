//! Small pieces shared by the pages.

pub mod language_picker;
pub mod notice;
pub mod order_summary;
pub mod page_header;
pub mod page_heading;
pub mod payment_result;
pub mod region_picker;
pub mod skeleton;
pub mod wallet_choice;
pub mod wallet_mark;
