//! The only place that talks HTTP: the merchant API (`/v1`) as the signed-in
//! operator. Their sign-in is an HttpOnly cookie scripts cannot read; state
//! changes carry its CSRF token, which lives in memory only.

use contract::access::{
    ApiKeyView, ConsoleSignIn, CreatedApiKey, NewApiKey, RollApiKey, Scope, SignIn, CSRF_HEADER,
};
use contract::api::{ApiError, ErrorCode, ErrorLocation, PaymentView};
use contract::back_office::*;
use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call failed: the service's code (`NETWORK` when nothing came back) and,
/// for a malformed report, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// e.g. `REFUND_EXCEEDS_PAYMENT`, `UNAUTHORIZED`, `NETWORK`.
    pub code: ErrorCode,
    /// The service's English message, shown as technical detail.
    pub message: String,
    /// For `REPORT_FILE_INVALID`: file, line and column.
    pub at: Option<ErrorLocation>,
}

impl Failure {
    fn network() -> Self {
        Self {
            code: ErrorCode::Network,
            message: String::new(),
            at: None,
        }
    }
}

/// Who is signed in, shared by every page; `None` until they sign in.
#[derive(Clone, Copy)]
pub struct SignedIn(pub RwSignal<Option<ConsoleSignIn>>);

impl SignedIn {
    /// Whether the signed-in operator's role grants `scope`.
    pub fn may(&self, scope: Scope) -> bool {
        self.0
            .with(|s| s.as_ref().is_some_and(|s| s.scopes.contains(&scope)))
    }
}

/// Calls made as the signed-in operator.
#[derive(Clone)]
pub struct Api {
    csrf_token: String,
}

/// The merchant API as the signed-in operator.
pub fn use_api() -> Api {
    let session = expect_context::<SignedIn>();
    Api {
        csrf_token: session
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.csrf_token.clone()))
            .unwrap_or_default(),
    }
}

/// The `/v1/payments` query of a filter form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentFilters {
    /// `processing`, `succeeded`, `failed`, `cancelled` or empty.
    pub state: String,
    /// Wallet code or empty.
    pub wallet: String,
    /// ISO 4217 or empty.
    pub currency: String,
    /// `YYYY-MM-DD` or empty.
    pub from: String,
    /// `YYYY-MM-DD` or empty.
    pub to: String,
    /// Minor units.
    pub min_amount: Option<i64>,
    /// Minor units.
    pub max_amount: Option<i64>,
}

impl PaymentFilters {
    fn query(&self, before: Option<&str>) -> String {
        let min = self.min_amount.map(|v| v.to_string()).unwrap_or_default();
        let max = self.max_amount.map(|v| v.to_string()).unwrap_or_default();
        [
            ("state", self.state.as_str()),
            ("wallet", &self.wallet),
            ("currency", &self.currency),
            ("from", &self.from),
            ("to", &self.to),
            ("min_amount", &min),
            ("max_amount", &max),
            ("before", before.unwrap_or_default()),
            ("limit", "20"),
        ]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v))))
        .collect::<Vec<_>>()
        .join("&")
    }
}

impl Api {
    /// A state change: the sign-in cookie rides along by itself; the CSRF token proves it is the console.
    fn changing(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.header(CSRF_HEADER, &self.csrf_token)
    }

    async fn answer<T: DeserializeOwned>(
        response: Result<Response, gloo_net::Error>,
    ) -> Result<T, Failure> {
        let response = response.map_err(|_| Failure::network())?;
        if response.ok() {
            return response.json::<T>().await.map_err(|_| Failure::network());
        }
        let error: Option<ApiError> = response.json().await.ok();
        Err(match error {
            Some(e) => Failure {
                code: e.code,
                message: e.message,
                at: e.location,
            },
            None => Failure {
                code: ErrorCode::Other,
                message: String::new(),
                at: None,
            },
        })
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        Self::answer(Request::get(path).send().await).await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        body: &impl Serialize,
        idempotency_key: Option<&str>,
    ) -> Result<T, Failure> {
        let mut builder = self.changing(Request::post(path));
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let request = builder.json(body).map_err(|_| Failure::network())?;
        Self::answer(request.send().await).await
    }

    /// Signs in; the answer sets the sign-in cookie.
    pub async fn sign_in(form: &SignIn) -> Result<ConsoleSignIn, Failure> {
        let request = Request::post("/ops/sign-in")
            .json(form)
            .map_err(|_| Failure::network())?;
        Self::answer(request.send().await).await
    }

    /// The sign-in this browser's cookie holds, if it is still live (after a reload).
    pub async fn current_session() -> Option<ConsoleSignIn> {
        Self::answer(Request::get("/ops/sign-in").send().await)
            .await
            .ok()
    }

    /// Ends the sign-in on the server.
    pub async fn sign_out(&self) {
        let _ = self.changing(Request::delete("/ops/sign-in")).send().await;
    }

    /// Every API key (never a secret).
    pub async fn api_keys(&self) -> Result<Vec<ApiKeyView>, Failure> {
        self.get("/v1/api-keys").await
    }

    /// Makes a key; its secret is in the answer only.
    pub async fn create_api_key(&self, new: &NewApiKey) -> Result<CreatedApiKey, Failure> {
        self.post("/v1/api-keys", new, None).await
    }

    /// A new secret for a key; the old one works for a day more.
    pub async fn roll_api_key(&self, id: &str) -> Result<CreatedApiKey, Failure> {
        self.post(
            &format!("/v1/api-keys/{}/roll", js_sys::encode_uri_component(id)),
            &RollApiKey::default(),
            None,
        )
        .await
    }

    /// Stops a key now.
    pub async fn revoke_api_key(&self, id: &str) -> Result<ApiKeyView, Failure> {
        let request = self.changing(Request::delete(&format!(
            "/v1/api-keys/{}",
            js_sys::encode_uri_component(id)
        )));
        Self::answer(request.send().await).await
    }

    /// A page of payments.
    pub async fn payments(
        &self,
        filters: &PaymentFilters,
        before: Option<&str>,
    ) -> Result<PaymentPage, Failure> {
        self.get(&format!("/v1/payments?{}", filters.query(before)))
            .await
    }

    /// A payment with its history.
    pub async fn detail(&self, id: &str) -> Result<PaymentDetail, Failure> {
        self.get(&format!(
            "/v1/payments/{}/detail",
            js_sys::encode_uri_component(id)
        ))
        .await
    }

    /// Refunds part or all of a payment; the same key is the same refund.
    pub async fn refund(
        &self,
        id: &str,
        amount: i64,
        reason: Option<String>,
        key: &str,
    ) -> Result<RefundView, Failure> {
        self.post(
            &format!("/v1/payments/{}/refunds", js_sys::encode_uri_component(id)),
            &NewRefund { amount, reason },
            Some(key),
        )
        .await
    }

    /// Sends an event's webhook again to every endpoint that had it.
    pub async fn redeliver(&self, event_id: &str) -> Result<serde_json::Value, Failure> {
        self.post(
            &format!(
                "/v1/events/{}/redeliver",
                js_sys::encode_uri_component(event_id)
            ),
            &serde_json::json!({}),
            None,
        )
        .await
    }

    /// Cancels a payment.
    pub async fn cancel(&self, id: &str) -> Result<PaymentView, Failure> {
        self.post(
            &format!("/v1/payments/{}/cancel", js_sys::encode_uri_component(id)),
            &serde_json::json!({}),
            None,
        )
        .await
    }

    /// Declares a payment to customs; the same key is the same declaration.
    pub async fn declare(
        &self,
        id: &str,
        declaration: &NewDeclaration,
        key: &str,
    ) -> Result<DeclarationView, Failure> {
        self.post(
            &format!(
                "/v1/payments/{}/declarations",
                js_sys::encode_uri_component(id)
            ),
            declaration,
            Some(key),
        )
        .await
    }

    /// Imports settlement report files.
    pub async fn import(&self, files: Vec<ReportFile>) -> Result<ReconciliationReport, Failure> {
        self.post("/v1/reconciliation/imports", &NewImport { files }, None)
            .await
    }

    /// The service's health figures.
    pub async fn service_health(&self) -> Result<contract::health::ServiceHealth, Failure> {
        self.get("/v1/service-health").await
    }

    /// The newest import's report, if there is one.
    pub async fn latest_report(&self) -> Result<Option<ReconciliationReport>, Failure> {
        match self.get("/v1/reconciliation/imports/latest").await {
            Ok(r) => Ok(Some(r)),
            Err(f) if f.code == ErrorCode::NotFound => Ok(None),
            Err(f) => Err(f),
        }
    }
}

/// A fresh random key (for `Idempotency-Key`).
pub fn random_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k{}", js_sys::Date::now() as u64))
}
