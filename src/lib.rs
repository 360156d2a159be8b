//! The Antom Auto Debit checkout app (Leptos, client-side rendered).
//!
//! Every page is here at a glance; each lives in its own file under `routes/`.
//! Two bundles are built from this crate: the checkout ([`App`], `src/main.rs`)
//! and the linked-wallets page ([`LinkedWalletsApp`], `src/bin/linked_wallets.rs`),
//! which few buyers open and so stays out of the checkout's first load.

pub mod api;
pub mod browser;
pub mod components;
pub mod embed;
pub mod handoff;
pub mod i18n;
pub mod router;
pub mod routes;
pub mod terminal;

use leptos::prelude::*;
use router::Page;

/// The checkout: the language context and the route table.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_locale();
    let router = router::provide_router();
    view! {
        <main id="main" class="checkout">
            {move || match router.tracked().page() {
                Page::Checkout(_) => view! { <routes::checkout::CheckoutPage/> }.into_any(),
                Page::Return(_) => view! { <routes::authorization_return::ReturnPage/> }.into_any(),
                // The router loads the linked-wallets page's own bundle instead.
                Page::Wallets(_) | Page::Home => view! { <routes::home::Home/> }.into_any(),
            }}
        </main>
    }
}

/// The linked-wallets page, a bundle of its own.
#[component]
pub fn LinkedWalletsApp() -> impl IntoView {
    i18n::provide_locale();
    view! {
        <main id="main" class="checkout">
            <routes::linked_wallets::LinkedWalletsPage/>
        </main>
    }
}
