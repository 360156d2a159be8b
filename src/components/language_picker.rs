//! The language switch, on every page.

use crate::i18n::{use_locale, LOCALES};
use crate::t;
use leptos::prelude::*;

/// A labelled `<select>` of the offered languages.
#[component]
pub fn LanguagePicker() -> impl IntoView {
    let locale = use_locale();
    view! {
        <label class="language">
            <span>{move || t!(locale, "language")}</span>
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
