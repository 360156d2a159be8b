//! Entry point of the operator console in the browser.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ops::App);
}
