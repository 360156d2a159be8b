//! Entry point of the checkout app in the browser.

fn main() {
    // Panic messages in the console while developing; release builds leave the
    // formatting machinery out of what buyers download.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(checkout::App);
}
