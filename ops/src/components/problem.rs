//! A failed call, in the operator's language; a refused key signs them out.

use crate::api::{Failure, SignedIn};
use crate::i18n::use_locale;
use crate::t;
use leptos::prelude::*;

/// An alert for a failed call: the localized reason, and the service's words as detail.
#[component]
pub fn Problem(failure: Failure) -> impl IntoView {
    let locale = use_locale();
    if failure.code == contract::api::ErrorCode::Unauthorized {
        if let Some(session) = use_context::<SignedIn>() {
            session.0.set(None);
        }
    }
    let key = failure.code.message_id();
    let at = failure.at.clone();
    view! {
        <div class="notice error" role="alert">
            <p>{move || locale.lookup(&key, "error-other")}</p>
            {at.map(|at| {
                let (file, line) = (at.file, at.line);
                let column = at.column.unwrap_or_else(|| "-".into());
                view! {
                    <p>{move || t!(locale, "error-where", file = file.clone(), line = line, column = column.clone())}</p>
                }
            })}
            {(!failure.message.is_empty()).then(|| view! { <p class="detail"><code>{failure.message.clone()}</code></p> })}
        </div>
    }
}
