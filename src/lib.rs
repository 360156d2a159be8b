//! The Antom Auto Debit checkout app (Leptos, client-side rendered).
//!
//! Every page is here at a glance; each lives in its own file under `routes/`.

pub mod api;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod router;
pub mod routes;
pub mod terminal;

use leptos::prelude::*;
use router::Page;

/// The whole app: the language context and the route table.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_locale();
    let router = router::provide_router();
    view! {
        <main id="main" class="checkout">
            {move || match router.tracked().page().0 {
                Page::Checkout => view! { <routes::checkout::CheckoutPage/> }.into_any(),
                Page::Return => view! { <routes::authorization_return::ReturnPage/> }.into_any(),
                Page::Wallets => view! { <routes::linked_wallets::LinkedWalletsPage/> }.into_any(),
                Page::Home => view! { <routes::home::Home/> }.into_any(),
            }}
        </main>
    }
}
