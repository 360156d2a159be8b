//! Iframe mode: the checkout inside a merchant's page. Events go to the
//! parent with `postMessage`, and only to the origin the merchant configured
//! for the session — never `*`.

use serde_json::{json, Value};
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

/// Posts `{source: "antom-checkout", event, ...detail}` to the parent at `origin`.
pub fn post(origin: Option<&str>, event: &str, detail: Value) {
    let Some(origin) = origin else { return };
    if !embedded() {
        return;
    }
    let mut message = json!({ "source": "antom-checkout", "event": event });
    if let (Some(m), Value::Object(d)) = (message.as_object_mut(), detail) {
        m.extend(d);
    }
    let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) else {
        return;
    };
    if let Ok(value) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&value, origin);
    }
}

/// Tells the parent the page's height whenever it changes, so the iframe never scrolls.
pub fn report_size(origin: Option<String>) {
    let Some(origin) = origin else { return };
    if !embedded() {
        return;
    }
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        let height = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .map_or(0, |e| e.scroll_height());
        post(Some(&origin), "resize", json!({ "height": height }));
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
