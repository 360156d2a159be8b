//! The Antom Auto Debit checkout app (Leptos, client-side rendered).
//!
//! Every page is here at a glance; each lives in its own file under `routes/`.

pub mod api;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod routes;
pub mod terminal;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole app: the language context and the route table.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_locale();
    view! {
        <Router>
            <main id="main" class="checkout">
                <Routes fallback=routes::home::Home>
                    <Route path=path!("/checkout/:id") view=routes::checkout::CheckoutPage/>
                    <Route path=path!("/checkout/:id/return") view=routes::authorization_return::ReturnPage/>
                    <Route path=path!("/checkout/:id/wallets") view=routes::linked_wallets::LinkedWalletsPage/>
                </Routes>
            </main>
        </Router>
    }
}
