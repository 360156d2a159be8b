//! The Antom Auto Debit checkout app (Leptos): rendered in the browser, and by
//! the merchant service for the first paint ([`first_paint`]).
//!
//! Every page is here at a glance; each lives in its own file under `routes/`.
//! Two bundles are built from this crate: the checkout ([`App`], `src/main.rs`)
//! and the linked-wallets page ([`LinkedWalletsApp`], `src/bin/linked_wallets.rs`),
//! which few buyers open and so stays out of the checkout's first load.

pub mod api;
pub mod browser;
pub mod components;
pub mod embed;
pub mod first_paint;
pub mod handoff;
pub mod i18n;
pub mod router;
pub mod routes;
pub mod terminal;

use first_paint::FirstPaint;
use leptos::prelude::*;
use router::{Location, Page};

/// The checkout at `location`: the language context and the route table; with
/// the service's `first_paint`, in its language and with its data.
#[component]
pub fn App(location: Location, first_paint: Option<FirstPaint>) -> impl IntoView {
    first_paint::provide(first_paint);
    let router = router::provide_router(location);
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

/// The linked-wallets page at `location`, a bundle of its own; with the service's
/// `first_paint`, in its language and with its data.
#[component]
pub fn LinkedWalletsApp(location: Location, first_paint: Option<FirstPaint>) -> impl IntoView {
    first_paint::provide(first_paint);
    router::provide_still_router(location);
    view! {
        <main id="main" class="checkout">
            <routes::linked_wallets::LinkedWalletsPage/>
        </main>
    }
}
