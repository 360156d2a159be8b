//! The Antom Auto Debit checkout app (Leptos, client-side rendered).
//!
//! Placeholder until the checkout pages land: it shows the Auto Debit wallet
//! catalogue by region, which proves the build, the bundle and the browser
//! tests end to end.

use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <main class="checkout">
            <h1>"Auto Debit wallets"</h1>
            <ul class="regions">
                {contract::REGIONS
                    .iter()
                    .map(|region| {
                        view! {
                            <li>
                                <h2>{region.code}</h2>
                                <ul class="wallets" aria-label=region.code>
                                    {contract::wallets::wallets_in(region.code)
                                        .map(|w| view! { <li data-wallet=w.code>{w.name}</li> })
                                        .collect_view()}
                                </ul>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </main>
    }
}
