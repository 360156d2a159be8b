//! Each app's Fluent catalogues: the languages built into its bundle, and the
//! ones fetched since (over the network, or in the page's first paint).

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::{I18nAssets, LanguageLoader};
use std::borrow::Cow;
use std::cell::RefCell;
use unic_langid::LanguageIdentifier;

/// Loads an app's catalogue for a language into its loader.
pub type LoadCatalogue = fn(&FluentLanguageLoader, &[LanguageIdentifier]);

/// `loader` with the app catalogue's fallback language (English) loaded, and no
/// bidi isolation marks (they would show up in copied text and in tests).
pub fn prepared<A: I18nAssets>(
    loader: FluentLanguageLoader,
    catalogue: &A,
) -> FluentLanguageLoader {
    let _ = loader.load_fallback_language(catalogue);
    // After the load: each load builds new bundles, isolating by default.
    loader.set_use_isolating(false);
    loader
}

/// The [`LoadCatalogue`] of an app whose built-in catalogue is the type `A`
/// (with the catalogues fetched since: [`add_catalogue`]).
pub fn load_from<A: I18nAssets + Default>(
    loader: &FluentLanguageLoader,
    ids: &[LanguageIdentifier],
) {
    let _ = loader.load_languages(&WithFetched(A::default()), ids);
}

thread_local! {
    // Catalogues that came over the network or in the page: (`code/domain.ftl`, text).
    static FETCHED: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// Where the `domain` catalogue of language `code` lives, under an app's `i18n/`.
pub(crate) fn catalogue_path(code: &str, domain: &str) -> String {
    format!("{code}/{domain}.ftl")
}

/// Keeps `text` as the `domain` catalogue of language `code`, for the next load of it.
pub fn add_catalogue(code: &str, domain: &str, text: String) {
    let path = catalogue_path(code, domain);
    FETCHED.with(|f| {
        let mut f = f.borrow_mut();
        f.retain(|(p, _)| *p != path);
        f.push((path, text));
    });
}

/// Whether the `domain` catalogue of language `code` was fetched already.
pub(crate) fn has_fetched(code: &str, domain: &str) -> bool {
    let path = catalogue_path(code, domain);
    FETCHED.with(|f| f.borrow().iter().any(|(p, _)| *p == path))
}

/// An app's built-in catalogue, with the languages fetched since.
struct WithFetched<A>(A);

impl<A: I18nAssets> I18nAssets for WithFetched<A> {
    fn get_files(&self, file_path: &str) -> Vec<Cow<'_, [u8]>> {
        let mut files = self.0.get_files(file_path);
        if files.is_empty() {
            FETCHED.with(|f| {
                if let Some((_, text)) = f.borrow().iter().find(|(p, _)| p == file_path) {
                    files.push(Cow::Owned(text.as_bytes().to_vec()));
                }
            });
        }
        files
    }

    fn filenames_iter(&self) -> Box<dyn Iterator<Item = String> + '_> {
        let mut names: Vec<String> = self.0.filenames_iter().collect();
        FETCHED.with(|f| names.extend(f.borrow().iter().map(|(p, _)| p.clone())));
        Box::new(names.into_iter())
    }
}
