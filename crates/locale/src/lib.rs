//! The language choice the checkout and the operator console share: ten
//! languages of Antom's Auto Debit regions (an app may offer fewer), negotiated
//! from what the user picked before (localStorage), `navigator.languages`, else
//! the buyer region's own language, and announced through `<html lang>`.
//!
//! Each app keeps its own Fluent catalogue and says which languages are built
//! into its bundle; the others are fetched when a buyer needs them, so a buyer
//! downloads the words of their own language only.

mod catalogues;
pub mod format;
mod matching;

pub use catalogues::{add_catalogue, load_from, prepared, LoadCatalogue};
use catalogues::{catalogue_path, has_fetched};
pub use matching::{closest, from_accept_language, of_region, regional};

use i18n_embed::fluent::FluentLanguageLoader;
use leptos::prelude::*;
#[cfg(target_arch = "wasm32")]
use unic_langid::LanguageIdentifier;

/// Every language the checkout speaks: code and name in itself.
pub const LOCALES: [(&str, &str); 10] = [
    ("en", "English"),
    ("zh-CN", "简体中文"),
    ("zh-TW", "繁體中文"),
    ("ko", "한국어"),
    ("ja", "日本語"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("fil", "Filipino"),
];

/// The codes of [`LOCALES`], for lists of codes alone.
pub const CODES: [&str; LOCALES.len()] = {
    let mut codes = [""; LOCALES.len()];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = LOCALES[i].0;
        i += 1;
    }
    codes
};

/// An app's loader: one for the whole browser tab; in the merchant service, the
/// one of the language the current render is in.
pub type Loader = fn() -> &'static FluentLanguageLoader;

/// What an app brings to the language choice.
pub struct Languages {
    /// Its loader.
    pub loader: Loader,
    /// Loads a language of its catalogue into the loader.
    pub load: LoadCatalogue,
    /// Where the user's choice is remembered (localStorage, and a cookie the service reads).
    pub storage_key: &'static str,
    /// The languages it offers (a prefix of [`LOCALES`] or all of them).
    pub offered: &'static [(&'static str, &'static str)],
    /// The languages in its bundle; the others are fetched from `fetch_from`.
    pub built_in: &'static [&'static str],
    /// Where the others are: `{fetch_from}/{code}/{domain}.ftl`.
    pub fetch_from: &'static str,
    /// Its Fluent domain (the catalogue's file name).
    pub domain: &'static str,
}

impl Languages {
    /// The offered language closest to a BCP 47 tag.
    pub fn closest(&self, tag: &str) -> Option<&'static str> {
        closest(tag).filter(|code| self.offered.iter().any(|(c, _)| c == code))
    }

    /// Whether `code`'s words are at hand (built in, or fetched already).
    pub fn has(&self, code: &str) -> bool {
        self.built_in.contains(&code) || has_fetched(code, self.domain)
    }

    /// The language [`provide_in`] shows for `code`: the closest offered one whose words are at hand, else English.
    fn shown_for(&self, code: &str) -> &'static str {
        self.closest(code).filter(|c| self.has(c)).unwrap_or("en")
    }

    /// Parses the words [`provide_in`] will show for `code` now, so that the
    /// app's first render, a task later, finds them ready (each task stays short
    /// enough for the buyer's input to be answered between them).
    pub fn load_words_for(&'static self, code: &str) {
        load_words(self, self.shown_for(code));
    }

    /// Where `code`'s catalogue is fetched from.
    pub fn url_of(&self, code: &str) -> String {
        format!("{}/{}", self.fetch_from, catalogue_path(code, self.domain))
    }
}

/// Why the current language is the current one: a weaker reason gives way.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Nothing said anything: English.
    Default,
    /// The buyer region's own language.
    Region,
    /// The browser's languages, or the service that read them.
    Browser,
    /// The user's saved choice, or the checkout session's language.
    Chosen,
}

/// The user's language, shared by every view of an app.
#[derive(Clone, Copy)]
pub struct Locale {
    code: RwSignal<&'static str>,
    reason: StoredValue<Reason>,
    /// The buyer region, for its conventions (dates in Hong Kong are day first).
    region: RwSignal<Option<String>>,
    app: &'static Languages,
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

    /// The tag Intl formats money and dates with: the language in the buyer
    /// region's conventions (繁體中文 in Hong Kong is `zh-HK`).
    pub fn intl(&self) -> &'static str {
        regional(self.code.get(), self.region.get().as_deref())
    }

    /// Names the buyer region whose conventions money and dates follow.
    pub fn set_region(&self, region: Option<&str>) {
        let region = region.map(str::to_ascii_uppercase);
        if self.region.get_untracked() != region {
            self.region.set(region);
        }
    }

    /// Switches language and remembers it as the user's choice (also in a cookie,
    /// so that the service renders the next first paint in it).
    pub fn set(&self, code: &str) {
        self.switch(code, Reason::Chosen, true);
    }

    /// Switches to `code` for `reason` unless a stronger reason chose the current
    /// language; does not record a choice.
    pub fn prefer(&self, code: &str, reason: Reason) {
        if reason < self.reason.get_value() {
            return;
        }
        if self.app.closest(code) == Some(self.get_untracked()) {
            self.reason.set_value(reason);
        } else {
            self.switch(code, reason, false);
        }
    }

    /// Switches to `code` once its words are at hand (fetching them if they are not).
    fn switch(&self, code: &str, reason: Reason, remember: bool) {
        let Some(code) = self.app.closest(code) else {
            return;
        };
        let done = move |locale: Locale| {
            locale.apply(code);
            locale.reason.set_value(reason);
            #[cfg(target_arch = "wasm32")]
            if remember {
                self::remember(locale.app.storage_key, code);
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = remember;
        };
        if self.app.has(code) {
            done(*self);
        } else {
            #[cfg(target_arch = "wasm32")]
            {
                let locale = *self;
                leptos::task::spawn_local(async move {
                    if fetch(locale.app, code).await {
                        done(locale);
                    }
                });
            }
        }
    }

    /// Switches language now, with the words at hand; tells assistive technology via `<html lang>`.
    fn apply(&self, code: &'static str) {
        #[cfg(target_arch = "wasm32")]
        {
            load_words(self.app, code);
            if let Some(doc) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = doc.set_attribute("lang", code);
            }
        }
        self.code.set(code);
    }

    /// Text for a key known only at run time (error codes), or `fallback`'s.
    pub fn lookup(&self, key: &str, fallback: &str) -> String {
        self.track();
        let loader = (self.app.loader)();
        if loader.has(key) {
            loader.get(key)
        } else {
            loader.get(fallback)
        }
    }
}

/// Makes `code`'s words the loader's, parsing them unless they already are
/// (each load parses every catalogue again: tens of ms on a phone).
fn load_words(app: &'static Languages, code: &'static str) {
    #[cfg(target_arch = "wasm32")]
    if let Ok(id) = code.parse::<LanguageIdentifier>() {
        let loader = (app.loader)();
        if loader.current_languages() != [id.clone()] {
            (app.load)(loader, &[id]);
            // Bundles are rebuilt on each load; isolation marks would show up in copied text.
            loader.set_use_isolating(false);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (app, code);
}

/// Fetches `code`'s catalogue; false if it did not come (the language stays as it is).
#[cfg(target_arch = "wasm32")]
async fn fetch(app: &'static Languages, code: &str) -> bool {
    let response = match gloo_net::http::Request::get(&app.url_of(code)).send().await {
        Ok(r) if r.ok() => r,
        _ => return false,
    };
    match response.text().await {
        Ok(text) => {
            add_catalogue(code, app.domain, text);
            true
        }
        Err(_) => false,
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

/// The user's saved choice, else the first of the browser's languages on offer.
#[cfg(target_arch = "wasm32")]
pub fn browser_choice(app: &Languages) -> Option<(&'static str, Reason)> {
    let window = web_sys::window()?;
    if let Some(saved) = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(app.storage_key).ok().flatten())
    {
        if let Some(code) = app.closest(&saved) {
            return Some((code, Reason::Chosen));
        }
    }
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .find_map(|tag| app.closest(&tag))
        .map(|code| (code, Reason::Browser))
}

/// Fetches the words of the language the browser will choose, if they are not
/// built in: an app awaits this before its first render, so that it never
/// flashes English at a buyer who reads another language.
#[cfg(target_arch = "wasm32")]
pub async fn ready(app: &'static Languages) {
    if let Some((code, _)) = browser_choice(app) {
        if !app.has(code) {
            fetch(app, code).await;
        }
    }
}

/// Sets up the language context for a whole app from the browser's languages
/// (whose words [`ready`] fetched).
pub fn provide(app: &'static Languages) -> Locale {
    #[cfg(target_arch = "wasm32")]
    let (chosen, reason) = browser_choice(app).unwrap_or(("en", Reason::Default));
    #[cfg(not(target_arch = "wasm32"))]
    let (chosen, reason) = ("en", Reason::Default);
    provide_in(app, chosen, reason)
}

/// Sets up the language context in `code`, chosen elsewhere (the service's first paint) for `reason`.
pub fn provide_in(app: &'static Languages, code: &str, reason: Reason) -> Locale {
    let locale = Locale {
        code: RwSignal::new("en"),
        reason: StoredValue::new(Reason::Default),
        region: RwSignal::new(None),
        app,
    };
    locale.apply(app.shown_for(code));
    locale.reason.set_value(reason);
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
                {locale
                    .app
                    .offered
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
mod tests;
