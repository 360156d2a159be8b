//! The language choice the checkout and the operator console share: English,
//! 简体中文 and 繁體中文, negotiated from what the user picked before
//! (localStorage) or `navigator.languages`, announced through `<html lang>`.
//! Each app keeps its own Fluent catalogue and hands its loader in.

pub mod format;

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::{I18nAssets, LanguageLoader};
use leptos::prelude::*;
use unic_langid::LanguageIdentifier;

/// The languages offered: code and name in itself.
pub const LOCALES: [(&str, &str); 3] = [
    ("en", "English"),
    ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"),
];

/// Loads an app's catalogue for a language into its loader.
pub type LoadCatalogue = fn(&FluentLanguageLoader, &[LanguageIdentifier]);

/// `loader` with the app catalogue's fallback language (English) loaded, and no
/// bidi isolation marks (they would show up in copied text and in tests).
pub fn prepared<A: I18nAssets>(
    loader: FluentLanguageLoader,
    catalogue: &A,
) -> FluentLanguageLoader {
    loader.set_use_isolating(false);
    let _ = loader.load_fallback_language(catalogue);
    loader
}

/// The [`LoadCatalogue`] of an app whose catalogue is the type `A`.
pub fn load_from<A: I18nAssets + Default>(
    loader: &FluentLanguageLoader,
    ids: &[LanguageIdentifier],
) {
    let _ = loader.load_languages(&A::default(), ids);
}

/// An app's loader: one for the whole browser tab; in the merchant service, the
/// one of the language the current render is in.
pub type Loader = fn() -> &'static FluentLanguageLoader;

/// The user's language, shared by every view of an app.
#[derive(Clone, Copy)]
pub struct Locale {
    code: RwSignal<&'static str>,
    loader: Loader,
    // The service renders with every catalogue loaded already.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    load: LoadCatalogue,
    storage_key: &'static str,
}

impl Locale {
    /// The current language code.
    pub fn get(&self) -> &'static str {
        self.code.get()
    }

    /// The current language code, without subscribing.
    pub fn get_untracked(&self) -> &'static str {
        self.code.get_untracked()
    }

    /// Subscribes the calling view to language changes.
    pub fn track(&self) {
        self.code.track();
    }

    /// Switches language and remembers it as the user's choice (also in a cookie,
    /// so that the service renders the next first paint in it).
    pub fn set(&self, code: &str) {
        if let Some(code) = self.apply(code) {
            #[cfg(target_arch = "wasm32")]
            remember(self.storage_key, code);
            #[cfg(not(target_arch = "wasm32"))]
            let _ = (code, self.storage_key);
        }
    }

    /// Switches language without recording a choice; tells assistive technology via `<html lang>`.
    fn apply(&self, code: &str) -> Option<&'static str> {
        let (code, _) = LOCALES.iter().find(|(c, _)| *c == code)?;
        #[cfg(target_arch = "wasm32")]
        {
            if let Ok(id) = code.parse::<LanguageIdentifier>() {
                (self.load)((self.loader)(), &[id]);
                // Bundles are rebuilt on each load; isolation marks would show up in copied text.
                (self.loader)().set_use_isolating(false);
            }
            if let Some(doc) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = doc.set_attribute("lang", code);
            }
        }
        self.code.set(code);
        Some(code)
    }

    /// Text for a key known only at run time (error codes), or `fallback`'s.
    pub fn lookup(&self, key: &str, fallback: &str) -> String {
        self.track();
        let loader = (self.loader)();
        if loader.has(key) {
            loader.get(key)
        } else {
            loader.get(fallback)
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn remember(storage_key: &str, code: &str) {
    use wasm_bindgen::JsCast;
    let window = web_sys::window();
    if let Some(storage) = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
    {
        let _ = storage.set_item(storage_key, code);
    }
    if let Some(doc) = window
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        let _ = doc.set_cookie(&format!(
            "{storage_key}={code}; Path=/; Max-Age=31536000; SameSite=Lax"
        ));
    }
}

/// The closest offered language to a BCP 47 tag.
pub fn closest(tag: &str) -> Option<&'static str> {
    let tag = tag.trim().to_ascii_lowercase();
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

/// The offered language an `Accept-Language` header prefers most (by `q`, then order).
pub fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut ranked: Vec<(u16, usize, &'static str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, item)| {
            let mut parts = item.split(';');
            let code = closest(parts.next()?)?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim().parse::<f32>().ok().map(|q| (q * 1000.0) as u16)
                })?;
            (q > 0).then_some((q, i, code))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}

#[cfg(target_arch = "wasm32")]
fn browser_choice(storage_key: &str) -> Option<&'static str> {
    let window = web_sys::window()?;
    if let Some(saved) = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(storage_key).ok().flatten())
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

/// Sets up the language context for a whole app: `storage_key` names where the choice is remembered.
pub fn provide(loader: Loader, load: LoadCatalogue, storage_key: &'static str) -> Locale {
    #[cfg(target_arch = "wasm32")]
    let chosen = browser_choice(storage_key).unwrap_or("en");
    #[cfg(not(target_arch = "wasm32"))]
    let chosen = "en";
    provide_in(loader, load, storage_key, chosen)
}

/// Sets up the language context in `code`, chosen elsewhere (the service's first paint).
pub fn provide_in(
    loader: Loader,
    // The service renders with every catalogue loaded already.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] load: LoadCatalogue,
    storage_key: &'static str,
    code: &str,
) -> Locale {
    let locale = Locale {
        code: RwSignal::new("en"),
        loader,
        load,
        storage_key,
    };
    if locale.apply(code).is_none() {
        locale.apply("en");
    }
    provide_context(locale);
    locale
}

/// The language context.
pub fn use_locale() -> Locale {
    expect_context::<Locale>()
}

/// A labelled `<select>` of the offered languages; `label` is "Language" in the current one.
#[component]
pub fn LanguagePicker(#[prop(into)] label: Signal<String>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="language">
            <span>{move || label.get()}</span>
            <select on:change=move |ev| locale.set(&event_target_value(&ev))>
                {LOCALES
                    .iter()
                    .map(|(code, name)| {
                        view! {
                            <option value=*code lang=*code selected=move || locale.get() == *code>
                                {*name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
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

    #[test]
    fn accept_language_is_read_by_weight_then_order() {
        use super::from_accept_language as pick;
        assert_eq!(pick("zh-TW,zh;q=0.9,en;q=0.8"), Some("zh-TW"));
        assert_eq!(pick("ko-KR, en;q=0.5, zh-CN;q=0.7"), Some("zh-CN"));
        assert_eq!(pick("en;q=0.2, zh-HK"), Some("zh-TW"));
        assert_eq!(pick("fr, de"), None);
        assert_eq!(pick("zh;q=0, en;q=0.1"), Some("en"));
        assert_eq!(pick(""), None);
        assert_eq!(pick("en;q=abc"), None);
    }
}
