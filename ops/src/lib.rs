//! The operator console (Leptos, client-side rendered), served at `/ops/`:
//! payments with filters, each payment's history and actions (refund, cancel,
//! declare), and settlement reconciliation. It is a separate app from the
//! checkout so buyers never download it.
//!
//! The merchant API key is asked for once per tab and kept in memory only.

pub mod api;
pub mod components;
pub mod i18n;
pub mod routes;

use api::Session;
use components::console_header::ConsoleHeader;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole console: language, the key, the route table.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_locale();
    let session = Session(RwSignal::new(None));
    provide_context(session);
    view! {
        <Router>
            <ConsoleHeader/>
            <main id="main" class="console">
                <Show when=move || session.0.with(Option::is_some) fallback=routes::sign_in::SignIn>
                    <Routes fallback=routes::payments::PaymentsPage>
                        <Route path=path!("/ops") view=routes::payments::PaymentsPage/>
                        <Route path=path!("/ops/payments/:id") view=routes::payment::PaymentPage/>
                        <Route path=path!("/ops/reconciliation") view=routes::reconciliation::ReconciliationPage/>
                    </Routes>
                </Show>
            </main>
        </Router>
    }
}
