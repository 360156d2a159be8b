//! Asks for the merchant API key once per tab; it is kept in memory only.

use crate::api::{Api, Failure, Session};
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<Session>();
    let key = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = key.get_untracked().trim().to_owned();
        if typed.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match Api::check_key(&typed).await {
                Ok(()) => {
                    key.set(String::new());
                    session.0.set(Some(typed));
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{move || t!(locale, "sign-in-heading")}</h1>
        <form class="card sign-in" on:submit=submit>
            <label for="api-key">{move || t!(locale, "api-key")}</label>
            <input
                id="api-key"
                type="password"
                autocomplete="off"
                spellcheck="false"
                required
                aria-describedby="api-key-hint"
                prop:value=move || key.get()
                on:input=move |ev| key.set(event_target_value(&ev))
            />
            <p id="api-key-hint" class="hint">{move || t!(locale, "api-key-hint")}</p>
            <button class="button primary" type="submit" disabled=move || busy.get()>{move || t!(locale, "sign-in")}</button>
        </form>
        {move || failure.get().map(|f| view! { <Problem failure=f/> })}
    }
}
