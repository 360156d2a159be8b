//! What shows while the checkout loads: the page's shape, never a blank page.

use leptos::prelude::*;

/// Grey blocks where the order and wallets will be.
#[component]
pub fn Skeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-label="…">
            <div class="bone bar"></div>
            <div class="bone title"></div>
            <div class="bone block"></div>
            <div class="bone row"></div>
            <div class="bone row"></div>
            <div class="bone button"></div>
        </div>
    }
}
