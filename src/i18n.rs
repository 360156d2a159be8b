//! The buyer's language, one of ten, through Fluent (i18n-embed).
//!
//! The buyer's language comes from the checkout session, else what they picked
//! before, else `navigator.languages`, else the buyer region's own (see the
//! `locale` crate). Views read text through [`t!`], which re-renders when the
//! language changes; keys are checked against the English catalogue at compile
//! time.
//!
//! The bundle carries English only (the fallback of every key): the service's
//! page brings the buyer's own catalogue, and another is fetched from
//! [`CATALOGUES_PATH`] when the buyer switches. The service embeds them all.

use i18n_embed::fluent::{fluent_language_loader, FluentLanguageLoader};
use rust_embed::RustEmbed;
use std::sync::LazyLock;

pub use locale::{use_locale, Locale};

#[derive(RustEmbed, Default)]
#[folder = "i18n/"]
#[cfg_attr(target_arch = "wasm32", include = "en/*")]
struct Catalogue;

/// Where the buyer's choice of language is remembered (localStorage, and a cookie the service reads).
pub const CHOICE_KEY: &str = "checkout-locale";

/// The catalogue's Fluent domain: `i18n/<code>/checkout.ftl`.
pub const DOMAIN: &str = "checkout";

/// Where the service serves catalogues: `{CATALOGUES_PATH}/<code>/checkout.ftl`.
pub const CATALOGUES_PATH: &str = "/i18n";

/// The languages the browser's bundle carries: the others travel in the page or are fetched.
const IN_BUNDLE: &[&str] = &["en"];

/// Whether the browser's bundle carries `code`'s words.
pub fn built_into_bundle(code: &str) -> bool {
    IN_BUNDLE.contains(&code)
}

/// The languages in this build: the bundle's in the browser, every one in the service.
#[cfg(target_arch = "wasm32")]
const BUILT_IN: &[&str] = IN_BUNDLE;
#[cfg(not(target_arch = "wasm32"))]
const BUILT_IN: &[&str] = &locale::CODES;

/// What the checkout brings to the language choice.
pub static LANGUAGES: locale::Languages = locale::Languages {
    loader,
    load: locale::load_from::<Catalogue>,
    storage_key: CHOICE_KEY,
    offered: &locale::LOCALES,
    built_in: BUILT_IN,
    fetch_from: CATALOGUES_PATH,
    domain: DOMAIN,
};

// Read once: every first paint in a language other than English carries its catalogue.
#[cfg(not(target_arch = "wasm32"))]
static CATALOGUES: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    BUILT_IN
        .iter()
        .filter_map(|code| {
            let file = Catalogue::get(&format!("{code}/{DOMAIN}.ftl"))?;
            Some((*code, String::from_utf8(file.data.into_owned()).ok()?))
        })
        .collect()
});

/// The catalogue of language `code` as written (`None` if the checkout does not speak it).
#[cfg(not(target_arch = "wasm32"))]
pub fn catalogue(code: &str) -> Option<&'static str> {
    CATALOGUES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, text)| text.as_str())
}

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
    locale::provide(&LANGUAGES)
}

/// Sets up the language context in `code` (the language the service rendered the page in, for `reason`).
pub fn provide_locale_in(code: &str, reason: locale::Reason) -> Locale {
    locale::provide_in(&LANGUAGES, code, reason)
}

// The service renders pages in several languages at once, on several threads:
// one loader per language, and each thread renders in one at a time.
#[cfg(not(target_arch = "wasm32"))]
static LOADERS: LazyLock<Vec<(&'static str, FluentLanguageLoader)>> = LazyLock::new(|| {
    BUILT_IN
        .iter()
        .map(|code| {
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

/// In Chinese, a space between Han characters and a Latin word a placeable brought
/// in: 使用 GCash 支付, 向 Kopi Shop 付款, but 使用支付宝支付. The catalogues leave
/// placeables unspaced, since only the value knows its script.
#[inline(never)]
pub fn spaced(locale: &str, text: String) -> String {
    if !locale.starts_with("zh") {
        return text;
    }
    let han = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF);
    let mut out = String::with_capacity(text.len() + 8);
    let mut before: Option<char> = None;
    for c in text.chars() {
        if let Some(b) = before {
            if (han(b) && c.is_ascii_alphabetic()) || (b.is_ascii_alphabetic() && han(c)) {
                out.push(' ');
            }
        }
        out.push(c);
        before = Some(c);
    }
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
        $crate::i18n::spaced(
            $locale.get_untracked(),
            i18n_embed_fl::fl!($crate::i18n::loader(), $key, $($name = $value),+),
        )
    }};
}

#[cfg(test)]
mod spacing_tests {
    use super::spaced;

    #[test]
    fn chinese_text_is_spaced_from_latin_names_and_not_from_chinese_ones() {
        for (locale, text, shown) in [
            ("zh-CN", "使用GCash支付 ₱100.00", "使用 GCash 支付 ₱100.00"),
            (
                "zh-CN",
                "向Sandbox Merchant付款",
                "向 Sandbox Merchant 付款",
            ),
            ("zh-CN", "使用支付宝支付", "使用支付宝支付"),
            (
                "zh-TW",
                "GCash已授權，現在可以付款。",
                "GCash 已授權，現在可以付款。",
            ),
            (
                "zh-TW",
                "使用支付寶香港支付 HK$78.00",
                "使用支付寶香港支付 HK$78.00",
            ),
            ("en", "Pay with GCash", "Pay with GCash"),
            ("ja", "GCashで支払う", "GCashで支払う"),
        ] {
            assert_eq!(spaced(locale, text.to_owned()), shown, "{locale}: {text}");
        }
    }
}
