//! Languages: English, 简体中文, 繁體中文 through Fluent (i18n-embed).
//!
//! The buyer's language comes from the checkout session, else what they picked
//! before, else `navigator.languages` (see the `locale` crate). Views read text
//! through [`t!`], which re-renders when the language changes; keys are
//! checked against the English catalogue at compile time.

use i18n_embed::fluent::{fluent_language_loader, FluentLanguageLoader};
use rust_embed::RustEmbed;
use std::sync::LazyLock;

pub use locale::{use_locale, Locale};

#[derive(RustEmbed, Default)]
#[folder = "i18n/"]
struct Catalogue;

static LOADER: LazyLock<FluentLanguageLoader> =
    LazyLock::new(|| locale::prepared(fluent_language_loader!(), &Catalogue));

/// The loader, for the `t!` macro.
pub fn loader() -> &'static FluentLanguageLoader {
    &LOADER
}

/// Sets up the language context for the whole app.
pub fn provide_locale() -> Locale {
    locale::provide(&LOADER, locale::load_from::<Catalogue>, "checkout-locale")
}

/// Localized text that follows language changes: `t!(locale, "pay-with", wallet = name)`.
#[macro_export]
macro_rules! t {
    ($locale:expr, $key:literal) => {{
        $locale.track();
        i18n_embed_fl::fl!($crate::i18n::loader(), $key)
    }};
    ($locale:expr, $key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        $locale.track();
        i18n_embed_fl::fl!($crate::i18n::loader(), $key, $($name = $value),+)
    }};
}
