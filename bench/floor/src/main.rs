//! The floor under the checkout's first load: a page built from the same
//! packages (Leptos CSR, serde_json, gloo-net, and with the `fluent` feature
//! i18n-embed and Fluent) that fetches a session-like JSON document and shows
//! one translated heading and a wallet list. Nothing a checkout built on this
//! stack ships can be smaller; `cargo xtask bench` prints its size and speed.

use leptos::prelude::*;
use serde::Deserialize;

#[derive(Clone, Deserialize)]
struct Summary {
    merchant_name: String,
    wallets: Vec<Wallet>,
}

#[derive(Clone, Deserialize)]
struct Wallet {
    name: String,
}

#[cfg(feature = "fluent")]
mod text {
    use i18n_embed::fluent::{fluent_language_loader, FluentLanguageLoader};
    use i18n_embed::LanguageLoader;
    use std::sync::LazyLock;

    #[derive(rust_embed::RustEmbed)]
    #[folder = "i18n/"]
    struct Catalogue;

    static LOADER: LazyLock<FluentLanguageLoader> = LazyLock::new(|| {
        let loader = fluent_language_loader!();
        let _ = loader.load_fallback_language(&Catalogue);
        loader
    });

    /// The page's heading, through Fluent.
    pub fn heading(merchant: &str) -> String {
        i18n_embed_fl::fl!(LOADER, "order-heading", merchant = merchant)
    }
}

#[cfg(not(feature = "fluent"))]
mod text {
    /// The page's heading, without a translation layer.
    pub fn heading(merchant: &str) -> String {
        format!("Pay {merchant}")
    }
}

async fn summary() -> Option<Summary> {
    let response = gloo_net::http::Request::get("summary.json")
        .send()
        .await
        .ok()?;
    response.json().await.ok()
}

#[component]
fn Floor() -> impl IntoView {
    let summary = LocalResource::new(summary);
    view! {
        <main>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    summary.await.map(|s| view! {
                        <h1>{text::heading(&s.merchant_name)}</h1>
                        <ul class="wallets">
                            {s.wallets.into_iter().map(|w| view! { <li>{w.name}</li> }).collect_view()}
                        </ul>
                    })
                })}
            </Transition>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(Floor);
}
