//! The wallet tab of an embedded checkout hands the wallet's answer back.
//!
//! A wallet link completes only in the browser that started it (its credential). An
//! embedded checkout's session lives in the merchant page's partition of our
//! cookies, which the top-level tab the wallet opened in does not share, so
//! that tab posts `authCode` + `authState` to the frame that opened it (its
//! `opener`, our own origin only), the frame completes the link with its own
//! cookie and answers how it ended.
//!
//! Both sides check the message's origin (ours) and its source window (the
//! exact tab, the exact opener), so no other page or frame can inject a code.

use crate::embed::{object, Detail};
use contract::api::{CompleteAuthorization, ErrorCode};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// `source` of the tab's message to the frame.
const FROM_TAB: &str = "antom-checkout-return";
/// `source` of the frame's answer to the tab.
const FROM_FRAME: &str = "antom-checkout-linked";

/// How the frame finished a handed-off link: the wallet's name, or an error code.
pub type Finished = Result<String, ErrorCode>;

/// This page's origin (`scheme://host[:port]`).
pub fn own_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// The window that opened this tab, if any.
pub fn opener() -> Option<web_sys::Window> {
    let opener = web_sys::window()?.opener().ok()?;
    // A cross-origin WindowProxy fails `instanceof Window`; postMessage still works on it.
    (!opener.is_null() && !opener.is_undefined()).then(|| opener.unchecked_into())
}

fn text(data: &JsValue, key: &str) -> Option<String> {
    js_sys::Reflect::get(data, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// The message if it comes from `from` on our own origin with `source` = `kind`.
fn accepted(ev: &web_sys::Event, from: &JsValue, kind: &str) -> Option<JsValue> {
    let ev = ev.dyn_ref::<web_sys::MessageEvent>()?;
    if Some(ev.origin()) != own_origin() {
        return None;
    }
    let source = ev.source()?;
    if !js_sys::Object::is(&source, from) {
        return None;
    }
    let data = ev.data();
    (text(&data, "source").as_deref() == Some(kind)).then_some(data)
}

/// In the wallet tab: hands the wallet's answer to the opener (delivered only if it has our origin).
pub fn hand_to_opener(opener: &web_sys::Window, answer: &CompleteAuthorization) -> bool {
    let Some(origin) = own_origin() else {
        return false;
    };
    let data = object(&[
        ("source", Detail::Text(FROM_TAB)),
        (
            "authCode",
            answer
                .auth_code
                .as_deref()
                .map_or(Detail::Nothing, Detail::Text),
        ),
        ("authState", Detail::Text(&answer.auth_state)),
    ]);
    opener.post_message(&data, &origin).is_ok()
}

/// In the wallet tab: calls `on_answer` once the opener says how the link ended.
pub fn on_answer(
    opener: web_sys::Window,
    on_answer: impl Fn(Finished) + 'static,
) -> WindowListenerHandle {
    let opener = send_wrapper::SendWrapper::new(opener);
    window_event_listener_untyped("message", move |ev| {
        let Some(data) = accepted(&ev, opener.as_ref(), FROM_FRAME) else {
            return;
        };
        on_answer(match text(&data, "wallet") {
            Some(name) => Ok(name),
            None => Err(text(&data, "code").map_or(ErrorCode::Other, |c| ErrorCode::parse(&c))),
        });
    })
}

/// In the frame: calls `on_handoff` with what the wallet tab `tab` hands back.
pub fn on_handoff(
    tab: send_wrapper::SendWrapper<web_sys::Window>,
    on_handoff: impl Fn(CompleteAuthorization) + 'static,
) -> WindowListenerHandle {
    window_event_listener_untyped("message", move |ev| {
        let Some(data) = accepted(&ev, tab.as_ref(), FROM_TAB) else {
            return;
        };
        let Some(auth_state) = text(&data, "authState") else {
            return;
        };
        on_handoff(CompleteAuthorization {
            auth_code: text(&data, "authCode").filter(|c| !c.is_empty()),
            auth_state,
        });
    })
}

/// In the frame: tells the wallet tab how the link ended.
pub fn answer_tab(tab: &web_sys::Window, finished: &Finished) {
    let Some(origin) = own_origin() else { return };
    let data = match finished {
        Ok(name) => object(&[
            ("source", Detail::Text(FROM_FRAME)),
            ("wallet", Detail::Text(name)),
        ]),
        Err(code) => object(&[
            ("source", Detail::Text(FROM_FRAME)),
            ("code", Detail::Text(code.as_str())),
        ]),
    };
    let _ = tab.post_message(&data, &origin);
}
