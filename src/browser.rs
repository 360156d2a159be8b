//! The browser around the app (storage, navigation, visibility, random keys)
//! and a page's lifetime, which every timer and loop checks before it acts.

use leptos::prelude::on_cleanup;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Whether this code runs in the browser; natively it renders the service's
/// first paint, where nothing of the browser (storage, frames, listeners) exists.
pub const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

/// A fresh random key (for `Idempotency-Key`).
pub fn random_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now() as u64))
}

/// sessionStorage, where per-tab state (the pending payment's key) lives.
pub fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Navigates the whole tab to a URL the service handed us (never one from our own query string).
pub fn open_service_url(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}

/// Whether the tab is hidden (the wallet app took over).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .is_some_and(|d| d.hidden())
}

/// Whether the page that made it is still shown. Work the page started
/// (a poll, a fallback timer) ends with it instead of acting on a page the
/// buyer has left.
#[derive(Clone, Debug)]
pub struct PageAlive(Arc<AtomicBool>);

impl PageAlive {
    /// Call from a component: turns false when the component is cleaned up.
    pub fn track() -> Self {
        let alive = Self(Arc::new(AtomicBool::new(true)));
        let flag = alive.0.clone();
        on_cleanup(move || flag.store(false, Ordering::Relaxed));
        alive
    }

    /// Whether the page is still there.
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Waits, then says whether the page is still there (stop if not).
    pub async fn sleep(&self, wait: Duration) -> bool {
        gloo_timers::future::sleep(wait).await;
        self.get()
    }
}

/// Ends the current task and goes on in a new one, so that the browser can
/// answer input and paint in between.
pub async fn next_task() {
    gloo_timers::future::sleep(Duration::ZERO).await;
}
