//! Anything that is not a checkout: tell the buyer what to do.

use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;

/// The fallback page.
#[component]
pub fn Home() -> impl IntoView {
    let locale = use_locale();
    view! {
        <PageHeader/>
        <PageHeading text=Signal::derive(move || t!(locale, "home-heading"))/>
        <p>{move || t!(locale, "home-text")}</p>
    }
}
