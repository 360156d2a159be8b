//! Entry point of the checkout app in the browser.

fn main() {
    // Natively this crate is the service's renderer; the bundle only runs in a browser.
    #[cfg(target_arch = "wasm32")]
    start();
}

#[cfg(target_arch = "wasm32")]
fn start() {
    // Panic messages in the console while developing; release builds leave the
    // formatting machinery out of what buyers download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // The service's first paint is replaced by the same markup, in this task.
    checkout::first_paint::start(|first_paint| {
        let location = checkout::router::Location::current();
        leptos::mount::mount_to_body(move || {
            leptos::view! { <checkout::App location=location first_paint=first_paint/> }
        });
    });
}
