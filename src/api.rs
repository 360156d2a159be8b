//! The only place that talks HTTP: typed calls to the merchant service's `/api`.
//!
//! Every call takes the page's [`Requests`], which aborts whatever is still in
//! flight when the page goes away, so a late answer is never applied to the
//! wrong page.

use contract::api::*;
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Why a call failed: the service's error code, or `NETWORK`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// A stable code such as `AUTH_DECLINED`; `NETWORK` when nothing came back.
    pub code: ErrorCode,
}

impl Failure {
    /// A failure with this code.
    pub fn of(code: ErrorCode) -> Self {
        Self { code }
    }

    fn network() -> Self {
        Self::of(ErrorCode::Network)
    }

    /// What an error answer's body says (`OTHER` when it says nothing we can read).
    fn from_body(error: Option<ErrorBody>) -> Self {
        Self::of(error.map_or(ErrorCode::Other, |e| e.code))
    }
}

/// The part of an [`ApiError`] the app reads: the buyer sees words for the
/// code, never the service's English message (nor a file location), so
/// neither is decoded into the download.
#[derive(serde::Deserialize)]
struct ErrorBody {
    code: ErrorCode,
}

/// An embedded checkout's proof of its claim (the frame may get no cookie at
/// all: Safari and every iOS WebView block third-party cookies). The claim
/// answers it in [`CREDENTIAL_HEADER`]; it is sent on every call about that
/// checkout. It lives in this page's memory, and in this tab's sessionStorage
/// (our origin's, partitioned under the shop's site) so the frame's other page,
/// the linked wallets, and a reload still have it. Never in a URL, never in
/// localStorage, never readable by the shop's page.
mod credential {
    use std::sync::Mutex;

    static KEPT: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

    fn storage_key(checkout_id: &str) -> String {
        format!("checkout-credential:{checkout_id}")
    }

    /// Keeps checkout `checkout_id`'s credential for this page and this tab.
    pub fn keep(checkout_id: &str, value: &str) {
        if let Ok(mut kept) = KEPT.lock() {
            kept.retain(|(id, _)| id != checkout_id);
            kept.push((checkout_id.to_owned(), value.to_owned()));
        }
        // A browser may refuse a third-party frame its storage: memory still works.
        if let Some(storage) = crate::browser::session_storage() {
            let _ = storage.set_item(&storage_key(checkout_id), value);
        }
    }

    /// Checkout `checkout_id`'s credential, if this frame claimed it.
    pub fn of(checkout_id: &str) -> Option<String> {
        let in_memory = KEPT.lock().ok().and_then(|kept| {
            kept.iter()
                .find(|(id, _)| id == checkout_id)
                .map(|(_, v)| v.clone())
        });
        in_memory.or_else(|| {
            crate::browser::session_storage()?
                .get_item(&storage_key(checkout_id))
                .ok()
                .flatten()
        })
    }
}

/// What the return page in another browser shows: the code, the merchant and the wallet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// Typed into the checkout that started the link.
    pub code: String,
    /// Who the link is for.
    pub merchant: String,
    /// The wallet being linked, e.g. `GCASH`.
    pub wallet: String,
}

/// The requests of one page about one checkout (every call names it: a
/// checkout open in another tab can never receive this page's clicks); all
/// aborted when the page is cleaned up.
#[derive(Clone)]
pub struct Requests {
    controller: Arc<Option<send_wrapper::SendWrapper<web_sys::AbortController>>>,
    /// `/api/checkout-sessions/{id}`.
    checkout: Arc<str>,
    /// The checkout's id.
    checkout_id: Arc<str>,
}

impl Requests {
    /// Call from a component: ties the requests to its lifetime.
    pub fn new(checkout_id: &str) -> Self {
        #[cfg(target_arch = "wasm32")]
        let controller = web_sys::AbortController::new()
            .ok()
            .map(send_wrapper::SendWrapper::new);
        // The service's first paint sends no requests.
        #[cfg(not(target_arch = "wasm32"))]
        let controller = None;
        let requests = Self {
            controller: Arc::new(controller),
            checkout: format!("/api/checkout-sessions/{checkout_id}").into(),
            checkout_id: checkout_id.into(),
        };
        let on_drop = requests.clone();
        on_cleanup(move || {
            if let Some(c) = on_drop.controller.as_ref() {
                c.abort();
            }
        });
        requests
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.controller.as_ref().as_ref().map(|c| c.signal())
    }

    fn prepare(&self, builder: RequestBuilder) -> RequestBuilder {
        // The service refuses state-changing calls without it (CSRF guard).
        let builder = builder
            .abort_signal(self.signal().as_ref())
            .header("X-Checkout-Request", "1");
        match credential::of(&self.checkout_id) {
            Some(value) => builder.header(CREDENTIAL_HEADER, &value),
            None => builder,
        }
    }

    async fn answer<T: DeserializeOwned>(
        response: Result<Response, gloo_net::Error>,
    ) -> Result<T, Failure> {
        let response = response.map_err(|_| Failure::network())?;
        if response.ok() {
            return response.json::<T>().await.map_err(|_| Failure::network());
        }
        Err(Failure::from_body(response.json().await.ok()))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        Self::answer(self.prepare(Request::get(path)).send().await).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
        key: Option<&str>,
    ) -> Result<T, Failure> {
        let mut builder = self.prepare(Request::post(path));
        if let Some(key) = key {
            builder = builder.header("Idempotency-Key", key);
        }
        let request = builder.json(body).map_err(|_| Failure::network())?;
        Self::answer(request.send().await).await
    }

    /// `/api/checkout-sessions/{id}` and `rest`.
    fn path(&self, rest: &str) -> String {
        format!("{}{rest}", self.checkout)
    }

    /// Claims the checkout link's one-time token (sets the buyer cookie, or in a
    /// frame answers the credential), or reads the session.
    pub async fn session(&self, token: Option<String>) -> Result<SessionSummary, Failure> {
        let Some(token) = token else {
            return self.get(&self.path("")).await;
        };
        let claim = ClaimSession {
            token,
            embedded: crate::embed::embedded(),
        };
        let request = self
            .prepare(Request::post(&self.path("/claim")))
            .json(&claim)
            .map_err(|_| Failure::network())?;
        let response = request.send().await;
        if let Ok(answer) = &response {
            if let Some(value) = answer.headers().get(CREDENTIAL_HEADER) {
                credential::keep(&self.checkout_id, &value);
            }
        }
        Self::answer(response).await
    }

    /// The session's summary with the wallets of another of its regions.
    pub async fn session_in_region(&self, region: &str) -> Result<SessionSummary, Failure> {
        self.get(&self.path(&format!("?region={region}"))).await
    }

    /// Starts linking a wallet.
    pub async fn start_authorization(
        &self,
        req: &StartAuthorization,
    ) -> Result<AuthorizationRedirect, Failure> {
        self.post(&self.path("/authorizations"), req, None).await
    }

    /// Finishes linking with what the wallet appended to the return URL.
    pub async fn complete_authorization(
        &self,
        req: &CompleteAuthorization,
    ) -> Result<LinkedWallet, Failure> {
        self.post(&self.path("/authorizations/complete"), req, None)
            .await
    }

    /// In a browser the wallet returned to that did not start the link: a code
    /// to type into the checkout that did.
    ///
    /// Read through the browser's own JSON parser, not serde: the answer's three
    /// strings are all the page shows, and a derived visitor measured ~3.8 KB of wasm.
    pub async fn hand_over(&self, req: &CompleteAuthorization) -> Result<Handover, Failure> {
        let request = self
            .prepare(Request::post(&self.path("/authorizations/handover")))
            .json(req)
            .map_err(|_| Failure::network())?;
        let response = request.send().await.map_err(|_| Failure::network())?;
        if !response.ok() {
            return Err(Failure::from_body(response.json().await.ok()));
        }
        let text = response.text().await.map_err(|_| Failure::network())?;
        let answer = js_sys::JSON::parse(&text).map_err(|_| Failure::network())?;
        let field = |name: &str| {
            js_sys::Reflect::get(&answer, &name.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        match (field("code"), field("wallet"), field("merchant_name")) {
            (Some(code), Some(wallet), Some(merchant)) => Ok(Handover {
                code,
                merchant,
                wallet,
            }),
            _ => Err(Failure::network()),
        }
    }

    /// Finishes a link that came back to another browser, with the code shown there.
    pub async fn complete_with_code(&self, code: &str) -> Result<LinkedWallet, Failure> {
        self.post(
            &self.path("/authorizations/complete-with-code"),
            &LinkCode { code: code.into() },
            None,
        )
        .await
    }

    /// Pays; the same key always means the same payment.
    pub async fn pay(&self, wallet: &str, key: &str) -> Result<PaymentView, Failure> {
        self.post(
            &self.path("/payments"),
            &CreatePayment {
                wallet: wallet.into(),
            },
            Some(key),
        )
        .await
    }

    /// A payment's current state.
    pub async fn payment(&self, id: &str) -> Result<PaymentView, Failure> {
        self.get(&self.path(&format!("/payments/{id}"))).await
    }

    /// The buyer's linked wallets.
    pub async fn linked_wallets(&self) -> Result<Vec<LinkedWallet>, Failure> {
        self.get(&self.path("/wallets")).await
    }

    /// Unlinks a wallet.
    pub async fn unlink(&self, wallet: &str) -> Result<(), Failure> {
        let response = self
            .prepare(Request::delete(&self.path(&format!("/wallets/{wallet}"))))
            .send()
            .await;
        let response = response.map_err(|_| Failure::network())?;
        if response.ok() {
            return Ok(());
        }
        Err(Failure::from_body(response.json().await.ok()))
    }
}

/// The checkout the claim `index.html` posted answered, if that answer for
/// checkout `id` is already here and a success: taken, so nobody claims again.
#[cfg(target_arch = "wasm32")]
pub fn settled_claim(id: &str) -> Option<SessionSummary> {
    use js_sys::Reflect;
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("checkoutSession");
    let pending = Reflect::get(&window, &key).ok().filter(|v| v.is_object())?;
    let field = |o: &wasm_bindgen::JsValue, name: &str| Reflect::get(o, &name.into()).ok();
    if field(&pending, "id")?.as_string()? != id
        || field(&pending, "claimed")?.as_bool() != Some(true)
    {
        return None;
    }
    let settled = field(&pending, "settled").filter(|v| v.is_object())?;
    let status = field(&settled, "status")?.as_f64()?;
    if !(200.0..300.0).contains(&status) {
        return None;
    }
    if let Some(value) = field(&settled, "credential").and_then(|v| v.as_string()) {
        credential::keep(id, &value);
    }
    let summary: SessionSummary =
        serde_json::from_str(&field(&settled, "body")?.as_string()?).ok()?;
    if summary.id != id {
        return None;
    }
    let _ = Reflect::delete_property(&window, &key);
    Some(summary)
}

/// The session answer `index.html` started fetching while the app downloaded
/// (`window.checkoutSession`), taken once: whether it was a claim, and what came back.
pub async fn prefetched_session(id: &str) -> Option<(bool, Result<SessionSummary, Failure>)> {
    use js_sys::Reflect;
    let window = web_sys::window()?;
    let key = wasm_bindgen::JsValue::from_str("checkoutSession");
    let pending = Reflect::get(&window, &key).ok().filter(|v| v.is_object())?;
    let _ = Reflect::delete_property(&window, &key);
    let field = |o: &wasm_bindgen::JsValue, name: &str| Reflect::get(o, &name.into()).ok();
    if field(&pending, "id")?.as_string()? != id {
        return None;
    }
    let claimed = field(&pending, "claimed")?.as_bool().unwrap_or(false);
    let promise: js_sys::Promise = field(&pending, "answer")?.dyn_into().ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let status = field(&answer, "status")?.as_f64()? as u16;
    let body = field(&answer, "body")?.as_string()?;
    if let Some(value) = field(&answer, "credential").and_then(|v| v.as_string()) {
        credential::keep(id, &value);
    }
    let result = match status {
        200..=299 => serde_json::from_str(&body).map_err(|_| Failure::network()),
        0 => Err(Failure::network()),
        _ => Err(Failure::from_body(serde_json::from_str(&body).ok())),
    };
    Some((claimed, result))
}
