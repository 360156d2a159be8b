//! What shows while the checkout loads: the page's shape, never a blank page.

use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;

/// Grey blocks where the order and wallets will be, announced as "Loading…".
#[component]
pub fn Skeleton() -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="skeleton" role="status" aria-busy="true" aria-label=move || t!(locale, "loading")>
            <div class="bone bar"></div>
            <div class="bone title"></div>
            <div class="bone block"></div>
            <div class="bone row"></div>
            <div class="bone row"></div>
            <div class="bone button"></div>
        </div>
    }
}
