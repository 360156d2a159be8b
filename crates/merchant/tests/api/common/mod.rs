//! A shop for tests: the merchant service with its embedded sandbox on a
//! loopback port, a fresh database (SQLite file, or a new PostgreSQL database
//! when `TEST_DATABASE_URL` names a server), and buyers with cookie jars.

use antom::signature::SignedContent;
use antom::PrivateKey;
use contract::api::*;
use merchant::config::{Config, Source};
use merchant::Service;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

pub struct Shop {
    pub svc: Service,
    pub base: String,
    pub api_key: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub http: reqwest::Client,
    /// Everything the shop's service was configured with.
    pub settings: Vec<(String, String)>,
}

/// The service closes a keep-alive connection idle for 10 s (its header-read limit); a
/// client must not reuse one that long idle, or a request can meet the closing socket
/// (`IncompleteMessage`), as a large import's test once did.
///
/// Like a browser, it names its languages (English), or a first paint would fall
/// back to the checkout region's language.
fn client() -> reqwest::ClientBuilder {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        reqwest::header::HeaderValue::from_static("en-US,en;q=0.9"),
    );
    reqwest::Client::builder()
        .pool_idle_timeout(std::time::Duration::from_secs(5))
        .default_headers(headers)
}

/// The settings of a live-mode shop (an Antom it never reaches), plus `extra`.
pub fn live_settings(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let key = antom::PrivateKey::generate().unwrap();
    let mut all: Vec<(String, String)> = [
        ("ANTOM_MODE", "live".to_owned()),
        ("ANTOM_CLIENT_ID", "2188120000000001".to_owned()),
        // Nothing listens there: these tests never reach Antom.
        ("ANTOM_GATEWAY_URL", "http://127.0.0.1:9".to_owned()),
        ("ANTOM_MERCHANT_PRIVATE_KEY", key.to_pkcs8_base64().unwrap()),
        (
            "ANTOM_PUBLIC_KEY",
            key.public_key().to_spki_base64().unwrap(),
        ),
        (
            "MERCHANT_API_KEY",
            "a-long-random-merchant-api-key".to_owned(),
        ),
        (
            "TOKEN_ENCRYPTION_KEY",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=".to_owned(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    all.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    all
}

pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}",
        merchant::crypto::random_token(6)
            .to_lowercase()
            .replace(['-', '_'], "x")
    )
}

async fn fresh_database(data_dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(admin) if admin.starts_with("postgres") => {
            sqlx::any::install_default_drivers();
            let name = unique("t");
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .unwrap();
            let (base, _) = admin.rsplit_once('/').unwrap();
            format!("{base}/{name}")
        }
        _ => format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("shop.sqlite3").display()
        ),
    }
}

impl Drop for Shop {
    /// Each shop's folder (keys, SQLite file) goes with it: thousands of runs filled a disk once.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

impl Shop {
    /// A shop; `settings` add to or override the defaults (worker off: tests run rounds themselves).
    pub async fn open(settings: &[(&str, &str)]) -> Shop {
        let data_dir = std::env::temp_dir().join(unique("merchant-test"));
        std::fs::create_dir_all(&data_dir).unwrap();
        let database_url = fresh_database(&data_dir).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut all: Vec<(String, String)> = vec![
            ("ANTOM_MODE".into(), "sandbox".into()),
            ("LISTEN_ADDR".into(), addr.to_string()),
            ("PUBLIC_BASE_URL".into(), format!("http://{addr}")),
            ("DATA_DIR".into(), data_dir.display().to_string()),
            ("DATABASE_URL".into(), database_url.clone()),
            (
                "APP_DIR".into(),
                data_dir.join("no-app").display().to_string(),
            ),
            ("SANDBOX_PROCESSING_DELAY_MS".into(), "300".into()),
            ("SANDBOX_NOTIFY_TIME_FACTOR".into(), "600".into()),
        ];
        for (k, v) in settings {
            all.retain(|(name, _)| name != k);
            all.push(((*k).into(), (*v).into()));
        }
        let svc = start(&all).await;
        let router = merchant::http::router(svc.clone());
        let limits = merchant::http::ServerLimits::for_config(&svc.config);
        tokio::spawn(merchant::http::serve_on(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        Shop {
            api_key: svc.config.merchant_api_key.clone(),
            base: format!("http://{addr}"),
            data_dir,
            database_url,
            http: client().build().unwrap(),
            svc,
            settings: all,
        }
    }

    /// The merchant service restarted on the same database (Antom, the sandbox, keeps its memory).
    pub async fn restarted(&self) -> Service {
        start(&self.settings).await
    }

    /// The service restarted on the same database and folder with `changed` settings
    /// (not served).
    pub async fn restarted_service_with(&self, changed: &[(&str, &str)]) -> Service {
        let mut settings = self.settings.clone();
        for (k, v) in changed {
            settings.retain(|(name, _)| name != k);
            settings.push(((*k).into(), (*v).into()));
        }
        start(&settings).await
    }

    /// The service restarted on the same database and folder with `changed` settings,
    /// served on a port of its own; its base URL.
    pub async fn restarted_with(&self, changed: &[(&str, &str)]) -> String {
        let svc = self.restarted_service_with(changed).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let limits = merchant::http::ServerLimits::for_config(&svc.config);
        tokio::spawn(merchant::http::serve_on(
            listener,
            merchant::http::router(svc),
            limits,
            std::future::pending(),
        ));
        base
    }

    /// The real `merchant` binary on this shop's database and data directory, in a
    /// process of its own (so a test can SIGKILL it), once it answers; its base URL.
    pub async fn process(&self) -> (std::process::Child, String) {
        self.process_with("error", std::process::Stdio::null())
            .await
    }

    /// [`Shop::process`] logging at `rust_log` to `stdout`.
    pub async fn process_with(
        &self,
        rust_log: &str,
        stdout: std::process::Stdio,
    ) -> (std::process::Child, String) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let base = format!("http://127.0.0.1:{port}");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
            .envs(self.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_BASE_URL", &base)
            .env("RUST_LOG", rust_log)
            .stdout(stdout)
            .spawn()
            .unwrap();
        for _ in 0..300 {
            if let Ok(r) = self.http.get(format!("{base}/healthz")).send().await {
                if r.status().is_success() {
                    return (child, base);
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the merchant process did not start");
    }

    /// One round of the background worker.
    pub async fn work(&self) {
        merchant::worker::round(&self.svc).await.unwrap();
    }

    pub async fn merchant_post(
        &self,
        path: &str,
        key: Option<&str>,
        body: Value,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.api_key)
            .json(&body);
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        req.send().await.unwrap()
    }

    /// `GET path` of this shop as JSON, with no key (the OpenAPI documents).
    pub async fn public_json(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// How many events of type `kind` name `object`.
    pub async fn event_count(&self, kind: &str, object: &str) -> i64 {
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM events WHERE type = $1 AND object_id = $2")
                .bind(kind)
                .bind(object)
                .fetch_one(&self.svc.db.pool)
                .await
                .unwrap();
        n
    }

    /// The merchant's view of `buyer`'s latest link of `wallet`.
    pub async fn buyer_wallet(
        &self,
        buyer: &str,
        wallet: &str,
    ) -> contract::back_office::BuyerWallet {
        let all: Vec<contract::back_office::BuyerWallet> = self
            .merchant_get(&format!("/v1/buyers/{buyer}/wallets"))
            .await
            .json()
            .await
            .unwrap();
        all.into_iter().find(|w| w.wallet == wallet).unwrap()
    }

    pub async fn merchant_delete(&self, path: &str) -> reqwest::Response {
        self.http
            .delete(format!("{}{path}", self.base))
            .bearer_auth(&self.api_key)
            .send()
            .await
            .unwrap()
    }

    pub async fn merchant_get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.api_key)
            .send()
            .await
            .unwrap()
    }

    /// The merchant's view of payment `id`.
    pub async fn payment_view(&self, id: &str) -> PaymentView {
        let r = self.merchant_get(&format!("/v1/payments/{id}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// `POST /v1/payments/{id}/refunds` of `amount` minor units with Idempotency-Key `key`.
    pub async fn refund(&self, id: &str, key: &str, amount: i64) -> reqwest::Response {
        self.merchant_post(
            &format!("/v1/payments/{id}/refunds"),
            Some(key),
            json!({ "amount": amount }),
        )
        .await
    }

    /// `POST /v1/payments/{id}/cancel`.
    pub async fn cancel(&self, id: &str) -> reqwest::Response {
        self.merchant_post(&format!("/v1/payments/{id}/cancel"), None, json!({}))
            .await
    }

    /// A checkout session for `buyer` paying PHP `amount` minor units, claimed by a fresh browser.
    pub async fn checkout(&self, buyer: &str, amount: i64) -> Buyer {
        let created = self.created(buyer, amount).await;
        self.claim(&created).await
    }

    /// A payment of PHP `amount` minor units by `buyer`, who links GCash first; whatever its outcome.
    pub async fn payment_by(&self, buyer: &str, amount: i64) -> PaymentView {
        let b = self.checkout(buyer, amount).await;
        b.link("GCASH").await;
        b.paid("k1").await
    }

    /// A buyer in China pays USD `amount` (minor units) with Alipay (declarable to customs).
    pub async fn alipay_cn_payment(&self, buyer: &str, amount: i64) -> PaymentView {
        let created = self
            .merchant_post(
                "/v1/checkout-sessions",
                None,
                json!({"buyer_reference": buyer, "order": {"reference": unique("cn"), "description": "Kopi beans", "amount": amount, "currency": "USD"}, "region": "CN"}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let b = self.claim(&created.json().await.unwrap()).await;
        b.link("ALIPAY_CN").await;
        let r = b.pay("k1", "ALIPAY_CN").await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// Claims a created session (the answer of `POST /v1/checkout-sessions`) in a fresh browser.
    pub async fn claim(&self, created: &Value) -> Buyer {
        let http = client()
            .cookie_store(true)
            .default_headers(app_headers())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        self.claim_in(http, created).await
    }

    /// Claims a created session as an embedded checkout does: the claim answers a
    /// credential and sets no cookie; the buyer's client sends the credential on every
    /// call and keeps no cookies at all (a browser that blocks third-party cookies).
    pub async fn claim_embedded(&self, created: &Value) -> Buyer {
        let (claimed, session_id) = self.claim_request(created, true).await;
        assert_eq!(claimed.status(), StatusCode::OK);
        assert!(
            claimed.headers().get("set-cookie").is_none(),
            "an embedded claim sets no cookie"
        );
        let credential = claimed.headers()[contract::api::CREDENTIAL_HEADER]
            .to_str()
            .unwrap()
            .to_owned();
        Buyer {
            http: frame_client(&credential),
            cookie: credential,
            base: self.base.clone(),
            session_id,
        }
    }

    /// `POST …/claim` of `created` from a client with no cookies; the answer and the session id.
    pub async fn claim_request(
        &self,
        created: &Value,
        embedded: bool,
    ) -> (reqwest::Response, String) {
        let url = created["url"].as_str().unwrap();
        let (_, token) = url.split_once("#t=").unwrap();
        let session_id = created["id"].as_str().unwrap().to_owned();
        let claimed = self
            .http
            .post(format!(
                "{}/api/checkout-sessions/{session_id}/claim",
                self.base
            ))
            .headers(app_headers())
            .json(&json!({"token": token, "embedded": embedded}))
            .send()
            .await
            .unwrap();
        (claimed, session_id)
    }

    /// Another checkout of this shop, opened in `buyer`'s browser (same cookie jar).
    pub async fn open_in(&self, buyer: &Buyer, buyer_reference: &str, amount: i64) -> Buyer {
        let created = self.created(buyer_reference, amount).await;
        self.claim_in(buyer.http.clone(), &created).await
    }

    /// A PHP 100.00 checkout asking for `mandate`, claimed, with GCash linked (unpaid).
    pub async fn subscribed(&self, buyer_reference: &str, mandate: Value) -> Buyer {
        let created = self
            .merchant_post(
                "/v1/checkout-sessions",
                None,
                json!({"buyer_reference": buyer_reference, "order": {"reference": unique("order"), "description": "Kopi club", "amount": 10_000, "currency": "PHP"}, "region": "PH", "mandate": mandate}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let buyer = self.claim(&created.json().await.unwrap()).await;
        buyer.link("GCASH").await;
        buyer
    }

    /// Moves the sandbox's test clock (shared with the service) forward by `advance` (`P31D`),
    /// then runs a worker round, as a running service would (tokens are refreshed).
    pub async fn advance_clock(&self, advance: &str) {
        let r = self
            .http
            .post(format!("{}/sandbox/control/clock", self.base))
            .json(&json!({ "advance": advance }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        self.work().await;
    }

    /// Scripts how the sandbox answers the next revokes (`/sandbox/control/revoke`).
    pub async fn script_revokes(&self, answers: &[&str]) {
        let r = self
            .http
            .post(format!("{}/sandbox/control/revoke", self.base))
            .json(&json!({ "answers": answers }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    /// The test buyer (`09171234123`) unlinks `wallet` inside the wallet app; how many
    /// links that ended at the sandbox.
    pub async fn unlink_in_wallet_app(&self, wallet: &str) -> i64 {
        let r = self
            .http
            .post(format!("{}/sandbox/control/unlink", self.base))
            .json(&json!({"wallet": wallet, "loginId": "09171234123"}))
            .send()
            .await
            .unwrap();
        r.json::<Value>().await.unwrap()["unlinked"]
            .as_i64()
            .unwrap()
    }

    /// The detail of link `link_id`'s `wallet.unlinked` event, once it is recorded.
    pub async fn unlinked_detail(&self, link_id: &str) -> String {
        for _ in 0..100 {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT detail_json FROM events WHERE type = 'wallet.unlinked' AND object_id = $1",
            )
            .bind(link_id)
            .fetch_optional(&self.svc.db.pool)
            .await
            .unwrap();
            if let Some((detail,)) = row {
                return detail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("link {link_id} never ended");
    }

    /// Sets the sandbox balance of the test buyer's account (`09171234123`) in `wallet`.
    pub async fn set_balance(&self, wallet: &str, balance: i64) {
        let r = self
            .http
            .post(format!("{}/sandbox/control/balance", self.base))
            .json(&json!({ "login_id": "09171234123", "wallet": wallet, "balance": balance }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }

    /// `POST /v1/checkout-sessions` for `buyer_reference` paying PHP `amount`; the answer.
    pub async fn created(&self, buyer_reference: &str, amount: i64) -> Value {
        let created = self
            .merchant_post(
                "/v1/checkout-sessions",
                None,
                json!({"buyer_reference": buyer_reference, "order": {"reference": unique("order"), "description": "Kopi beans", "amount": amount, "currency": "PHP"}, "region": "PH"}),
            )
            .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        created.json().await.unwrap()
    }

    /// Claims the checkout at `url` (`…/checkout/{id}#t=…`) in the browser whose client is `http`.
    pub async fn claim_url_in(&self, http: reqwest::Client, url: &str) -> Buyer {
        let (path, _) = url.split_once("#t=").unwrap();
        let id = path.rsplit('/').next().unwrap();
        self.claim_in(http, &json!({ "url": url, "id": id })).await
    }

    /// Claims `created` in the browser whose client is `http`.
    pub async fn claim_in(&self, http: reqwest::Client, created: &Value) -> Buyer {
        let url = created["url"].as_str().unwrap();
        let (_, token) = url.split_once("#t=").unwrap();
        let session_id = created["id"].as_str().unwrap().to_owned();
        let claimed = http
            .post(format!(
                "{}/api/checkout-sessions/{session_id}/claim",
                self.base
            ))
            .json(&json!({"token": token}))
            .send()
            .await
            .unwrap();
        assert_eq!(claimed.status(), StatusCode::OK);
        let cookie = claimed.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        Buyer {
            http,
            cookie,
            base: self.base.clone(),
            session_id,
        }
    }

    /// The wallet's answer brought to checkout `checkout`'s `complete` by a browser with no buyer cookie.
    pub async fn complete_without_cookie(
        &self,
        checkout: &str,
        code: Option<&str>,
        state: &str,
    ) -> reqwest::Response {
        self.http
            .post(format!(
                "{}/api/checkout-sessions/{checkout}/authorizations/complete",
                self.base
            ))
            .headers(app_headers())
            .json(&json!({"auth_code": code, "auth_state": state}))
            .send()
            .await
            .unwrap()
    }

    /// Signs `body` as Antom would and posts it to `path`.
    pub async fn notify(
        &self,
        path: &str,
        body: &Value,
        key: Option<&PrivateKey>,
    ) -> reqwest::Response {
        self.notify_at(path, body, key, antom::time::now()).await
    }

    /// A `request-time` of now by the service's clock (the test clock may have moved it).
    pub fn signed_now(&self) -> String {
        antom::time::format(time::OffsetDateTime::from_unix_timestamp(self.svc.now()).unwrap())
    }

    /// [`Shop::notify`] with the `request-time` Antom signed it at.
    pub async fn notify_at(
        &self,
        path: &str,
        body: &Value,
        key: Option<&PrivateKey>,
        time: String,
    ) -> reqwest::Response {
        self.notify_to(&self.base, path, body, key, time).await
    }

    /// [`Shop::notify_at`] sent to the service at `base`.
    pub async fn notify_to(
        &self,
        base: &str,
        path: &str,
        body: &Value,
        key: Option<&PrivateKey>,
        time: String,
    ) -> reqwest::Response {
        let antom = self.antom_key();
        let body = body.to_string();
        let signature = SignedContent {
            method: "POST",
            path,
            client_id: &self.svc.config.antom_client_id,
            time: &time,
            body: body.as_bytes(),
        }
        .sign(key.unwrap_or(&antom));
        self.http
            .post(format!("{base}{path}"))
            .header("client-id", &self.svc.config.antom_client_id)
            .header("request-time", time)
            .header("signature", signature.to_header_value())
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// The key the embedded sandbox signs with.
    pub fn antom_key(&self) -> PrivateKey {
        let text =
            std::fs::read_to_string(self.data_dir.join("sandbox-antom-private-key")).unwrap();
        PrivateKey::from_text(&text).unwrap()
    }

    /// The sandbox's settlement reports for today: its whole answer and the files.
    pub async fn sandbox_reports(&self) -> (Value, Vec<contract::back_office::ReportFile>) {
        let answer: Value = self
            .http
            .post(format!("{}/sandbox/control/settlement", self.base))
            .json(&json!({}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let files = serde_json::from_value(answer["files"].clone()).unwrap();
        (answer, files)
    }

    /// Asks the sandbox (as Antom) about a payment.
    pub async fn antom_payment(
        &self,
        payment_request_id: &str,
    ) -> antom::api::InquiryPaymentResponse {
        self.svc
            .antom
            .execute(&antom::api::InquiryPaymentRequest {
                payment_request_id: Some(payment_request_id.into()),
                payment_id: None,
            })
            .await
            .unwrap()
    }
}

async fn start(settings: &[(String, String)]) -> Service {
    let pairs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let config = Config::load(&Source::from_pairs(&pairs)).unwrap();
    Service::start(config).await.unwrap()
}

/// What the checkout app sends with every call (the CSRF guard wants it).
pub fn app_headers() -> reqwest::header::HeaderMap {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert(
        "x-checkout-request",
        reqwest::header::HeaderValue::from_static("1"),
    );
    h
}

/// A frame's client: no cookie jar, its credential on every call.
pub fn frame_client(credential: &str) -> reqwest::Client {
    let mut headers = app_headers();
    headers.insert(
        contract::api::CREDENTIAL_HEADER,
        reqwest::header::HeaderValue::from_str(credential).unwrap(),
    );
    client()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub struct Buyer {
    pub http: reqwest::Client,
    cookie: String,
    pub base: String,
    pub session_id: String,
}

/// A typed JSON error's code, as the text on the wire (and known to the one list of codes).
pub async fn error_code(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let body: serde_json::Value = response.json().await.unwrap();
    let code = body["code"].as_str().unwrap_or_default().to_owned();
    let typed: ApiError = serde_json::from_value(body).unwrap();
    assert_eq!(
        typed.code.as_str(),
        code,
        "{code} is not in contract::errors"
    );
    (status, code)
}

impl Buyer {
    /// The buyer's cookie as a `Cookie` header value (an embedded buyer's: its credential).
    pub fn cookie_header(&self) -> String {
        self.cookie.clone()
    }

    pub async fn post(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// The app API path of this buyer's checkout: `/api/checkout-sessions/{id}{rest}`.
    pub fn api(&self, rest: &str) -> String {
        format!("/api/checkout-sessions/{}{rest}", self.session_id)
    }

    pub async fn summary(&self) -> SessionSummary {
        self.get(&self.api("")).await.json().await.unwrap()
    }

    pub async fn start_link(&self, wallet: &str) -> AuthorizationRedirect {
        let r = self
            .post(
                &self.api("/authorizations"),
                json!({"wallet": wallet, "terminal": "WEB"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// Presses Agree or Decline on the wallet page; the return URL's (authCode, authState).
    pub async fn at_wallet(&self, page: &str, agree: bool) -> (Option<String>, String) {
        let r = self
            .http
            .post(page)
            .form(&[
                ("decision", if agree { "agree" } else { "decline" }),
                ("login", "09171234123"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let location = reqwest::Url::parse(r.headers()["location"].to_str().unwrap()).unwrap();
        // The return route of the checkout that started the link (not always this buyer's).
        assert!(
            location.path().starts_with("/checkout/cs_") && location.path().ends_with("/return"),
            "{location}"
        );
        let get = |k: &str| {
            location
                .query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        (get("authCode"), get("authState").unwrap())
    }

    pub async fn complete(&self, code: Option<&str>, state: &str) -> reqwest::Response {
        self.post(
            &self.api("/authorizations/complete"),
            json!({"auth_code": code, "auth_state": state}),
        )
        .await
    }

    /// The whole link: start, agree, come back.
    pub async fn link(&self, wallet: &str) -> LinkedWallet {
        let redirect = self.start_link(wallet).await;
        let (code, state) = self.at_wallet(&redirect.normal_url.unwrap(), true).await;
        let r = self.complete(code.as_deref(), &state).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// `DELETE` of a linked wallet, as the app's Unlink.
    pub async fn unlink(&self, wallet: &str) -> reqwest::Response {
        self.http
            .delete(format!(
                "{}{}",
                self.base,
                self.api(&format!("/wallets/{wallet}"))
            ))
            .send()
            .await
            .unwrap()
    }

    pub async fn pay(&self, key: &str, wallet: &str) -> reqwest::Response {
        self.http
            .post(format!("{}{}", self.base, self.api("/payments")))
            .header("Idempotency-Key", key)
            .json(&json!({"wallet": wallet}))
            .send()
            .await
            .unwrap()
    }

    pub async fn paid(&self, key: &str) -> PaymentView {
        let r = self.pay(key, "GCASH").await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }
}

/// A throwaway Python virtualenv under the test target dir with `packages` installed
/// (from PyPI, once; `probe` is a statement that succeeds when they are there); its folder.
pub fn venv(name: &str, packages: &[&str], probe: &str) -> PathBuf {
    // Tests run in parallel and two may want the same venv: without this lock the second
    // `venv --clear` wipes the first one's pip mid-install (a fresh clone's CI saw it).
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = MAKING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let python = venv.join("bin/python");
    let ready = python.exists()
        && std::process::Command::new(&python)
            .args(["-c", probe])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        let made = std::process::Command::new("python3")
            .args(["-m", "venv", "--clear"])
            .arg(&venv)
            .status()
            .expect("python3");
        assert!(made.success());
        let installed = std::process::Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(packages)
            .status()
            .expect("pip");
        assert!(installed.success(), "pip install {packages:?} failed");
    }
    venv
}
