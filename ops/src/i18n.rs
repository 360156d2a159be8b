//! The console's words in English, 简体中文 and 繁體中文 (Fluent, checked at compile time).

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

/// What the console brings to the language choice: English and Chinese, all built in.
static LANGUAGES: locale::Languages = locale::Languages {
    loader,
    load: locale::load_from::<Catalogue>,
    storage_key: "ops-locale",
    offered: locale::LOCALES.split_at(3).0,
    built_in: &["en", "zh-CN", "zh-TW"],
    fetch_from: "/ops/i18n",
    domain: "ops",
};

/// Sets up the language context for the whole app.
pub fn provide_locale() -> Locale {
    locale::provide(&LANGUAGES)
}

/// Localized text that follows language changes: `t!(locale, "refund-done", amount = text)`.
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
