//! The language switch, on every page.

use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;

/// A labelled `<select>` of the offered languages.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let locale = use_locale();
    view! { <locale::LanguagePicker label=Signal::derive(move || t!(locale, "language"))/> }
}
