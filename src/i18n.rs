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

/// Where the buyer's choice of language is remembered (localStorage, and a cookie the service reads).
pub const CHOICE_KEY: &str = "checkout-locale";

#[cfg(target_arch = "wasm32")]
static LOADER: LazyLock<FluentLanguageLoader> =
    LazyLock::new(|| locale::prepared(fluent_language_loader!(), &Catalogue));

/// The loader, for the `t!` macro.
#[cfg(target_arch = "wasm32")]
pub fn loader() -> &'static FluentLanguageLoader {
    &LOADER
}

/// Sets up the language context for the whole app, from the browser's languages.
pub fn provide_locale() -> Locale {
    locale::provide(loader, locale::load_from::<Catalogue>, CHOICE_KEY)
}

/// Sets up the language context in `code` (the language the service rendered the page in).
pub fn provide_locale_in(code: &str) -> Locale {
    locale::provide_in(loader, locale::load_from::<Catalogue>, CHOICE_KEY, code)
}

// The service renders pages in several languages at once, on several threads:
// one loader per language, and each thread renders in one at a time.
#[cfg(not(target_arch = "wasm32"))]
static LOADERS: LazyLock<Vec<(&'static str, FluentLanguageLoader)>> = LazyLock::new(|| {
    locale::LOCALES
        .iter()
        .map(|(code, _)| {
            let loader = locale::prepared(fluent_language_loader!(), &Catalogue);
            if let Ok(id) = code.parse::<unic_langid::LanguageIdentifier>() {
                locale::load_from::<Catalogue>(&loader, &[id]);
                loader.set_use_isolating(false);
            }
            (*code, loader)
        })
        .collect()
});

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static RENDERING_IN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The loader of the language this thread renders in, for the `t!` macro.
#[cfg(not(target_arch = "wasm32"))]
pub fn loader() -> &'static FluentLanguageLoader {
    let i = RENDERING_IN.with(std::cell::Cell::get);
    &LOADERS[i.min(LOADERS.len() - 1)].1
}

/// Runs `render` with this thread's text in `code` (an offered language, else English).
#[cfg(not(target_arch = "wasm32"))]
pub fn rendering_in<R>(code: &str, render: impl FnOnce() -> R) -> R {
    let i = LOADERS.iter().position(|(c, _)| *c == code).unwrap_or(0);
    let before = RENDERING_IN.with(|r| r.replace(i));
    let out = render();
    RENDERING_IN.with(|r| r.set(before));
    out
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
