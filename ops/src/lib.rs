//! The operator console (Leptos, client-side rendered), served at `/ops/`:
//! payments with filters, each payment's history and actions (refund, cancel,
//! declare), and settlement reconciliation. It is a separate app from the
//! checkout so buyers never download it.
//!
//! Operators sign in with their own account (password and a second factor);
//! the sign-in is an HttpOnly cookie, so a reload keeps them signed in.

pub mod api;
pub mod components;
pub mod i18n;
pub mod routes;

use api::SignedIn;
use components::console_header::ConsoleHeader;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The whole console: language, the key, the route table.
#[component]
pub fn App() -> impl IntoView {
    i18n::provide_locale();
    let session = SignedIn(RwSignal::new(None));
    provide_context(session);
    // A reload keeps the sign-in (its cookie); ask once who it is before showing a form.
    let checked = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        session.0.set(api::Api::current_session().await);
        checked.set(true);
    });
    view! {
        <Router>
            <ConsoleHeader/>
            <main id="main" class="console">
                <Show when=move || checked.get() fallback=|| ()>
                <Show when=move || session.0.with(Option::is_some) fallback=routes::sign_in::SignIn>
                    <Routes fallback=routes::payments::PaymentsPage>
                        <Route path=path!("/ops") view=routes::payments::PaymentsPage/>
                        <Route path=path!("/ops/payments/:id") view=routes::payment::PaymentPage/>
                        <Route path=path!("/ops/reconciliation") view=routes::reconciliation::ReconciliationPage/>
                        <Route path=path!("/ops/keys") view=routes::keys::KeysPage/>
                        <Route path=path!("/ops/health") view=routes::health::HealthPage/>
                    </Routes>
                </Show>
                </Show>
            </main>
        </Router>
    }
}
