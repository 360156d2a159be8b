//! Iframe mode: the checkout inside a merchant's page. Events go to the
//! parent with `postMessage`, and only to the origin the merchant configured
//! for the session — never `*`.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the app runs inside a frame.
pub fn embedded() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        _ => true,
    }
}

/// One value of an event's detail.
pub enum Detail<'a> {
    /// A string.
    Text(&'a str),
    /// A number (minor units, pixels): exact up to 2^53.
    Number(f64),
    /// `null`.
    Nothing,
}

/// Posts `{source: "antom-checkout", event, ...detail}` to the parent at `origin`.
///
/// The message is built as a JS object directly: going through JSON text would
/// bring a float formatter into the download for nothing.
pub fn post(origin: Option<&str>, event: &str, detail: &[(&str, Detail<'_>)]) {
    let Some(origin) = origin else { return };
    if !embedded() {
        return;
    }
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    let message = object(detail);
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("source", "antom-checkout");
    set("event", event);
    let _ = parent.post_message(&message, origin);
}

/// A JS object of `fields`: what `postMessage` carries (the iframe events, the wallet tab's hand-off).
pub fn object(fields: &[(&str, Detail<'_>)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in fields {
        let value = match value {
            Detail::Text(t) => JsValue::from_str(t),
            Detail::Number(n) => JsValue::from_f64(*n),
            Detail::Nothing => JsValue::NULL,
        };
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    object
}

thread_local! {
    static READY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Tells the parent the checkout is ready, and from then on its height, once per
/// page load: the checkout page is rebuilt after a link, the parent heard it already.
pub fn ready_once(origin: Option<&str>, session: &str) {
    if READY.with(|r| r.replace(true)) {
        return;
    }
    report_size(origin.map(str::to_owned));
    post(origin, "ready", &[("session", Detail::Text(session))]);
}

/// Tells the parent the page's height whenever it changes, so the iframe never scrolls.
fn report_size(origin: Option<String>) {
    let Some(origin) = origin else { return };
    if !embedded() {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    // The frame is as tall as its content, not as the viewport: a page at least
    // 100vh tall, plus anything above it (the sandbox banner), reported as the
    // frame's height, made the frame grow without end, and never shrink.
    if let Some(root) = document.document_element() {
        // Nothing else sets a class on <html>.
        root.set_class_name("embedded");
    }
    let Some(body) = document.body() else {
        return;
    };
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let height = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map_or(0, |e| e.scroll_height());
        post(
            Some(&origin),
            "resize",
            &[("height", Detail::Number(f64::from(height)))],
        );
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // Lives as long as the page.
    callback.forget();
}

/// Opens an empty tab now, while the click still counts as a user gesture (popup blockers).
pub fn open_blank_tab() -> Option<web_sys::Window> {
    web_sys::window()?
        .open_with_url_and_target("about:blank", "_blank")
        .ok()
        .flatten()
}

/// Tells the merchant's page each time the payment's state changes (not its
/// first state: the page learns that from `ready` and its own backend).
pub fn report_payment_changes(
    origin: Option<String>,
    session: String,
    payment: leptos::prelude::RwSignal<Option<contract::api::PaymentView>>,
) {
    use contract::api::PaymentState;
    use leptos::prelude::*;
    Effect::new(move |previous: Option<Option<PaymentState>>| {
        let current = payment.get().map(|p| p.state);
        if previous.is_some_and(|p| p != current) {
            if let Some(p) = payment.get_untracked() {
                let event = match p.state {
                    PaymentState::Succeeded => "payment_succeeded",
                    PaymentState::Failed | PaymentState::RetryScheduled => "payment_failed",
                    PaymentState::Processing | PaymentState::Cancelling => "payment_processing",
                    PaymentState::Cancelled => "payment_cancelled",
                };
                post(
                    origin.as_deref(),
                    event,
                    &[
                        ("session", Detail::Text(&session)),
                        ("payment", Detail::Text(&p.id)),
                        ("amount", Detail::Number(p.amount.minor as f64)),
                        ("currency", Detail::Text(p.amount.currency.as_str())),
                        (
                            "reason",
                            p.failure_code
                                .as_deref()
                                .map_or(Detail::Nothing, Detail::Text),
                        ),
                    ],
                );
            }
        }
        current
    });
}
