//! Finishing a link with the code another browser shows: a wallet app may
//! bring the buyer back to the phone's default browser instead of this one
//! (`routes::authorization_return` shows the code there). Only this browser,
//! which started the link, can use it.

use super::Flow;
use crate::t;
use leptos::prelude::*;

/// The field for the code, with its button.
#[component]
pub(super) fn LinkCodeEntry(flow: Flow) -> impl IntoView {
    let locale = flow.locale;
    let busy = flow.busy;
    // Read when sent, not mirrored into a signal on each keystroke (less to download).
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        flow.error.set(None);
        let flow = flow.clone();
        let typed = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        leptos::task::spawn_local(async move {
            match flow.requests.complete_with_code(&typed).await {
                Ok(link) => super::link::linked(&flow, &link),
                Err(f) => flow.fail(f.code),
            }
        });
    };
    view! {
        <form class="link-code" on:submit=submit>
            <label for="link-code">{move || t!(locale, "link-code-label")}</label>
            <div class="link-code-row">
                <input node_ref=input id="link-code" inputmode="numeric" autocomplete="one-time-code" maxlength="9" required/>
                <button class="button secondary" type="submit" disabled=move || busy.get()>
                    {move || t!(locale, "link-code-submit")}
                </button>
            </div>
        </form>
    }
}
