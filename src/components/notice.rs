//! Error notices in the buyer's words, by the service's error code.

use crate::i18n::use_locale;
use crate::router::Location;
use contract::api::ErrorCode;
use contract::errors::Audience;
use leptos::prelude::*;

/// The localized text of a service error code.
pub fn error_text(code: ErrorCode) -> String {
    use_locale().lookup(&code.message_id(), "error-other")
}

/// The localized text of Antom's reason for a failed payment.
pub fn reason_text(code: &str) -> String {
    let key = format!("reason-{}", code.to_ascii_lowercase().replace('_', "-"));
    use_locale().lookup(&key, "reason-other")
}

/// An alert with the error's text.
#[component]
pub fn ErrorNotice(code: ErrorCode, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let text = move || error_text(code);
    view! {
        <div class="notice error" role="alert">
            <p>{text}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// The error a post of the service's page came back with (`?error=AUTH_DECLINED`):
/// a buyer's code only (a link may carry anything), and not one this build does
/// not know, shown as a generic failure it may not be.
pub fn posted_error(location: &Location) -> Option<ErrorCode> {
    let code = ErrorCode::parse(&location.query("error")?);
    (code != ErrorCode::Other && matches!(code.audience(), Audience::Buyer | Audience::Both))
        .then_some(code)
}
