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

/// The user's language, shared by every view of an app.
#[derive(Clone, Copy)]
pub struct Locale {
    code: RwSignal<&'static str>,
    loader: &'static FluentLanguageLoader,
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

    /// Switches language, remembers it, and tells assistive technology via `<html lang>`.
    pub fn set(&self, code: &str) {
        let Some((code, _)) = LOCALES.iter().find(|(c, _)| *c == code) else {
            return;
        };
        if let Ok(id) = code.parse::<LanguageIdentifier>() {
            (self.load)(self.loader, &[id]);
            // Bundles are rebuilt on each load; isolation marks would show up in copied text.
            self.loader.set_use_isolating(false);
        }
        let window = web_sys::window();
        if let Some(doc) = window
            .as_ref()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", code);
        }
        if let Some(storage) = window.and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(self.storage_key, code);
        }
        self.code.set(code);
    }

    /// Text for a key known only at run time (error codes), or `fallback`'s.
    pub fn lookup(&self, key: &str, fallback: &str) -> String {
        self.track();
        if self.loader.has(key) {
            self.loader.get(key)
        } else {
            self.loader.get(fallback)
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
pub fn provide(
    loader: &'static FluentLanguageLoader,
    load: LoadCatalogue,
    storage_key: &'static str,
) -> Locale {
    let locale = Locale {
        code: RwSignal::new("en"),
        loader,
        load,
        storage_key,
    };
    locale.set(browser_choice(storage_key).unwrap_or("en"));
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
}
