//! Operators sign in with their own account: e-mail, password and the code of
//! their authenticator app (or one of their recovery codes).

use crate::api::{Api, Failure, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use contract::access::SignIn as SignInForm;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The sign-in form.
#[component]
pub fn SignIn() -> impl IntoView {
    let locale = use_locale();
    let session = expect_context::<SignedIn>();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<Failure>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let form = SignInForm {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            code: code.get_untracked().trim().to_owned(),
        };
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match Api::sign_in(&form).await {
                Ok(signed_in) => {
                    password.set(String::new());
                    code.set(String::new());
                    session.0.set(Some(signed_in));
                }
                Err(f) => {
                    // A code is good once: a refused one must be typed afresh.
                    code.set(String::new());
                    failure.set(Some(f));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <h1>{move || t!(locale, "sign-in-heading")}</h1>
        <form class="card sign-in" on:submit=submit>
            <label for="email">{move || t!(locale, "email")}</label>
            <input
                id="email"
                type="email"
                autocomplete="username"
                spellcheck="false"
                required
                prop:value=move || email.get()
                on:input=move |ev| email.set(event_target_value(&ev))
            />
            <label for="password">{move || t!(locale, "password")}</label>
            <input
                id="password"
                type="password"
                autocomplete="current-password"
                required
                prop:value=move || password.get()
                on:input=move |ev| password.set(event_target_value(&ev))
            />
            <label for="code">{move || t!(locale, "second-factor")}</label>
            <input
                id="code"
                type="text"
                inputmode="text"
                autocomplete="one-time-code"
                spellcheck="false"
                required
                aria-describedby="code-hint"
                prop:value=move || code.get()
                on:input=move |ev| code.set(event_target_value(&ev))
            />
            <p id="code-hint" class="hint">{move || t!(locale, "second-factor-hint")}</p>
            <button class="button primary" type="submit" disabled=move || busy.get()>{move || t!(locale, "sign-in")}</button>
        </form>
        {move || failure.get().map(|f| view! { <Problem failure=f/> })}
    }
}
