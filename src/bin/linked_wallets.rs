//! Entry point of the linked-wallets page, a bundle of its own: few buyers
//! open it, so the checkout's first load leaves it out.

fn main() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(checkout::LinkedWalletsApp);
}
