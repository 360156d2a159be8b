//! The bar on every page: where to go, the language, and signing out.

use crate::api::{use_api, SignedIn};
use crate::i18n::use_locale;
use crate::t;
use contract::access::{Role, Scope};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The console's top bar; the navigation shows once signed in.
#[component]
pub fn ConsoleHeader() -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SignedIn>();
    let path = use_location().pathname;
    let current = move |prefix: &'static str| {
        move || {
            let p = path.get();
            let here = if prefix == "/ops" {
                p == "/ops" || p == "/ops/" || p.starts_with("/ops/payments")
            } else {
                p.starts_with(prefix)
            };
            here.then_some("page")
        }
    };
    view! {
        <header class="console-bar">
            <span class="brand">{move || t!(locale, "console-name")}</span>
            <Show when=move || session.0.with(Option::is_some)>
                <nav aria-label=move || t!(locale, "nav-label")>
                    <a href="/ops" aria-current=current("/ops")>{move || t!(locale, "nav-payments")}</a>
                    <a href="/ops/reconciliation" aria-current=current("/ops/reconciliation")>{move || t!(locale, "nav-reconciliation")}</a>
                    <a href="/ops/health" aria-current=current("/ops/health")>{move || t!(locale, "nav-health")}</a>
                    <Show when=move || session.may(Scope::Admin)>
                        <a href="/ops/keys" aria-current=current("/ops/keys")>{move || t!(locale, "nav-keys")}</a>
                    </Show>
                </nav>
            </Show>
            <span class="bar-end">
                <locale::LanguagePicker label=Signal::derive(move || t!(locale, "language"))/>
                {move || session.0.get().map(|s| {
                    let role = s.role;
                    view! {
                        <span class="who">
                            {s.email.clone()}
                            " · "
                            {move || match role {
                                Role::Viewer => t!(locale, "role-viewer"),
                                Role::Support => t!(locale, "role-support"),
                                Role::Admin => t!(locale, "role-admin"),
                            }}
                        </span>
                        <button class="button secondary" on:click=move |_| {
                            let api = use_api();
                            leptos::task::spawn_local(async move {
                                api.sign_out().await;
                                session.0.set(None);
                            });
                        }>{move || t!(locale, "sign-out")}</button>
                    }
                })}
            </span>
        </header>
    }
}
