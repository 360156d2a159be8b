//! Languages: English, 简体中文, 繁體中文 through Fluent (i18n-embed).
//!
//! The buyer's language comes from the checkout session, else what they picked
//! before (localStorage), else `navigator.languages`. Views read text through
//! [`t!`], which re-renders when the language changes; keys are checked
//! against the English catalogue at compile time.

use i18n_embed::fluent::{fluent_language_loader, FluentLanguageLoader};
use i18n_embed::LanguageLoader;
use leptos::prelude::*;
use rust_embed::RustEmbed;
use std::sync::LazyLock;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Catalogue;

/// The languages offered: code and name in itself.
pub const LOCALES: [(&str, &str); 3] = [
    ("en", "English"),
    ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"),
];

const STORAGE_KEY: &str = "checkout-locale";

static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
    let loader = fluent_language_loader!();
    // Bidi isolation marks around placeables would show up in copied text and tests.
    loader.set_use_isolating(false);
    let _ = loader.load_fallback_language(&Catalogue);
    loader
});

/// The loader, for the `t!` macro.
pub fn loader() -> &'static FluentLanguageLoader {
    &LOADER
}

/// The buyer's language, shared by every view.
#[derive(Clone, Copy)]
pub struct Locale(RwSignal<&'static str>);

impl Locale {
    /// The current language code.
    pub fn get(&self) -> &'static str {
        self.0.get()
    }

    /// The current language code, without subscribing.
    pub fn get_untracked(&self) -> &'static str {
        self.0.get_untracked()
    }

    /// Subscribes the calling view to language changes.
    pub fn track(&self) {
        self.0.track();
    }

    /// Switches language, remembers it, and tells assistive technology via `<html lang>`.
    pub fn set(&self, code: &str) {
        let Some((code, _)) = LOCALES.iter().find(|(c, _)| *c == code) else {
            return;
        };
        if let Ok(id) = code.parse::<unic_langid::LanguageIdentifier>() {
            let _ = LOADER.load_languages(&Catalogue, &[id]);
            // Bundles are rebuilt on each load; isolation marks would show up in copied text.
            LOADER.set_use_isolating(false);
        }
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", code);
        }
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, code);
        }
        self.0.set(code);
    }

    /// Text for a key known only at run time (error codes), or `fallback`'s.
    pub fn lookup(&self, key: &str, fallback: &str) -> String {
        self.track();
        if LOADER.has(key) {
            LOADER.get(key)
        } else {
            LOADER.get(fallback)
        }
    }
}

/// The closest offered language to a BCP 47 tag.
pub fn closest(tag: &str) -> Option<&'static str> {
    let tag = tag.to_ascii_lowercase();
    if tag == "en" || tag.starts_with("en-") {
        Some("en")
    } else if tag.starts_with("zh-tw")
        || tag.starts_with("zh-hk")
        || tag.starts_with("zh-mo")
        || tag.starts_with("zh-hant")
    {
        Some("zh-TW")
    } else if tag == "zh" || tag.starts_with("zh-") {
        Some("zh-CN")
    } else {
        None
    }
}

fn browser_choice() -> Option<&'static str> {
    let window = web_sys::window()?;
    if let Some(saved) = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
    {
        if let Some(code) = closest(&saved) {
            return Some(code);
        }
    }
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .find_map(|tag| closest(&tag))
}

/// Sets up the language context for the whole app.
pub fn provide_locale() -> Locale {
    let locale = Locale(RwSignal::new("en"));
    locale.set(browser_choice().unwrap_or("en"));
    provide_context(locale);
    locale
}

/// The language context.
pub fn use_locale() -> Locale {
    expect_context::<Locale>()
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

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn browser_languages_map_to_offered_ones() {
        assert_eq!(closest("en-US"), Some("en"));
        assert_eq!(closest("zh-CN"), Some("zh-CN"));
        assert_eq!(closest("zh"), Some("zh-CN"));
        assert_eq!(closest("zh-Hans-SG"), Some("zh-CN"));
        assert_eq!(closest("zh-TW"), Some("zh-TW"));
        assert_eq!(closest("zh-HK"), Some("zh-TW"));
        assert_eq!(closest("zh-Hant"), Some("zh-TW"));
        assert_eq!(closest("ko-KR"), None);
    }
}
