//! The page's `<h1>`, focused when the page appears so screen readers announce it.

use leptos::html::H1;
use leptos::prelude::*;

/// A focusable page heading.
#[component]
pub fn PageHeading(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            // Inside Suspense the heading is attached a moment later: focus it then,
            // unless the buyer is on a control already (the painted page's, kept
            // through the app's takeover by the loader).
            request_animation_frame(move || {
                let on_nothing = document()
                    .active_element()
                    .is_none_or(|e| e.tag_name() == "BODY");
                if on_nothing {
                    let _ = h.focus();
                }
            });
        }
    });
    view! { <h1 node_ref=heading tabindex="-1">{move || text.get()}</h1> }
}
