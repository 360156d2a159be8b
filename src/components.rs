//! Small pieces shared by the pages.

pub mod language_picker;
pub mod mandate;
pub mod notice;
pub mod order_summary;
pub mod page_header;
pub mod page_heading;
pub mod payment_result;
pub mod region_picker;
pub mod skeleton;
pub mod wallet_choice;
pub mod wallet_mark;

use crate::i18n::Locale;

/// A wallet's name as buyers reading the current language know it (카카오페이 in
/// Korean); follows language changes where it is read.
pub fn wallet_name(locale: Locale, code: &str, brand: &str) -> String {
    locale.track();
    contract::wallets::name_in(code, locale.get_untracked())
        .unwrap_or(brand)
        .to_owned()
}
