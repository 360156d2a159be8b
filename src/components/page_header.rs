//! The bar at the top of every page: what the page offers on the left, the language switch on the right.

use crate::components::language_picker::LanguagePicker;
use leptos::prelude::*;

/// The page's top bar; `children` (the merchant's name, a back link) go on the left.
#[component]
pub fn PageHeader(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="merchant-bar">
            {match children {
                Some(left) => left().into_any(),
                None => view! { <span></span> }.into_any(),
            }}
            <LanguagePicker/>
        </header>
    }
}
