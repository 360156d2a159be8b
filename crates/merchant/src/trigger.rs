//! `merchant trigger EVENT`: makes the sandbox live through a real scenario that
//! emits EVENT (a buyer links GCash and pays a scripted amount, the merchant refunds,
//! unlinks, …), through the running service's own API, so the event and its webhooks
//! are the ones production would send. Sandbox only: in live mode it would move money.

use anyhow::{bail, Context};
use merchant::Config;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The events a scenario can make, and what it does to make each.
pub const SCENARIOS: [(&str, &str); 12] = [
    ("wallet.linked", "a buyer links GCash"),
    ("mandate.created", "a buyer links GCash for a subscription"),
    (
        "checkout_session.completed",
        "a buyer links GCash and pays PHP 100.00",
    ),
    (
        "payment.succeeded",
        "a buyer links GCash and pays PHP 100.00",
    ),
    (
        "payment.failed",
        "a buyer pays PHP 100.01: declined, balance too low",
    ),
    (
        "payment.processing",
        "a buyer pays PHP 100.03: processing, then paid",
    ),
    (
        "payment.cancelled",
        "a buyer pays PHP 100.00, the merchant cancels it",
    ),
    (
        "payment.retry_scheduled",
        "the merchant charges a subscriber PHP 100.01: declined, tried again later",
    ),
    (
        "refund.succeeded",
        "a buyer pays PHP 100.00, the merchant refunds PHP 25.00",
    ),
    (
        "refund.failed",
        "a buyer pays PHP 100.00, a refund of PHP 25.15 is refused (REFUND_WINDOW_EXCEED)",
    ),
    (
        "wallet.unlinked",
        "a buyer links GCash, the merchant unlinks it",
    ),
    (
        "mandate.ended",
        "a subscriber links GCash, the merchant cancels the mandate",
    ),
];

/// What cannot be made on demand, and why.
const NOT_ON_DEMAND: [(&str, &str); 4] = [
    ("checkout_session.expired", "comes when a session's expires_in_seconds run out, or POST /v1/checkout-sessions/{id}/expire on an open one"),
    ("wallet.expiring", "comes WALLET_EXPIRING_DAYS before a link lapses (180 days after it was made, when Antom's refresh token expires); the sandbox's clock can be moved on with POST /sandbox/control/clock"),
    ("declaration.updated", "comes from POST /v1/payments/{id}/declarations on a paid payment"),
    ("reconciliation.completed", "comes from `merchant reconcile DIR` or POST /v1/reconciliation/imports"),
];

/// The running sandbox service, called as the merchant's backend and as a buyer's browser.
struct Sandbox {
    http: reqwest::Client,
    base: String,
    api_key: String,
    buyer: String,
}

/// Runs the scenario of `event` against the service at `config`'s listen address;
/// prints what it did and the event it made.
pub async fn trigger(config: &Config, event: &str) -> anyhow::Result<()> {
    if !config.is_sandbox() {
        bail!("merchant trigger drives the built-in sandbox only (ANTOM_MODE=sandbox): in live mode it would move real money");
    }
    let Some((_, story)) = SCENARIOS.iter().find(|(e, _)| *e == event) else {
        if let Some((_, how)) = NOT_ON_DEMAND.iter().find(|(e, _)| *e == event) {
            bail!("{event} cannot be triggered on demand: it {how}");
        }
        let known: Vec<&str> = SCENARIOS.iter().map(|(e, _)| *e).collect();
        bail!("no event {event:?}: use one of {}", known.join(", "));
    };
    let sandbox = Sandbox {
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()?,
        base: config.loopback_base_url(),
        api_key: config.merchant_api_key.clone(),
        buyer: format!("trigger_{}", merchant::crypto::random_token(6)),
    };
    let ready = sandbox
        .http
        .get(format!("{}/readyz", sandbox.base))
        .send()
        .await;
    if !ready.is_ok_and(|r| r.status().is_success()) {
        bail!(
            "no ready service answers at {}: start it first (cargo xtask run, or merchant serve with ANTOM_MODE=sandbox and the same settings)",
            sandbox.base
        );
    }
    println!("Triggering {event}: {story} (buyer {}).", sandbox.buyer);
    let object = sandbox.play(event).await?;
    let made = sandbox.event(event, &object).await?;
    let id = made["id"].as_str().unwrap_or("?");
    let about = made["data"]["id"].as_str().unwrap_or(&object);
    println!(
        "Made {id}, {event} about {about}: it goes to every webhook endpoint subscribed to {event} (GET /v1/events/{id} shows it)."
    );
    Ok(())
}

impl Sandbox {
    /// Plays the scenario of `event`; the id of the object the event is about (for a
    /// wallet's events, the buyer's reference).
    // Long: one arm per event, each a short story.
    async fn play(&self, event: &str) -> anyhow::Result<String> {
        let subscription = matches!(
            event,
            "mandate.created" | "mandate.ended" | "payment.retry_scheduled"
        );
        let amount = match event {
            "payment.failed" => 10_001,
            "payment.processing" => 10_003,
            _ => 10_000,
        };
        let (session, cookie) = self.checkout(amount, subscription).await?;
        self.link(&session, &cookie).await?;
        Ok(match event {
            "wallet.linked" => self.buyer.clone(),
            "mandate.created" | "mandate.ended" => {
                let created = self.event("mandate.created", &self.buyer).await?;
                let mandate = created["data"]["id"]
                    .as_str()
                    .context("the mandate's id")?
                    .to_owned();
                if event == "mandate.ended" {
                    self.merchant(Method::DELETE, &format!("/v1/mandates/{mandate}"), None)
                        .await?;
                }
                mandate
            }
            "wallet.unlinked" => {
                let path = format!("/v1/buyers/{}/wallets/GCASH", self.buyer);
                self.merchant(Method::DELETE, &path, None).await?;
                self.buyer.clone()
            }
            "payment.retry_scheduled" => {
                let charge = json!({"buyer_reference": self.buyer, "wallet": "GCASH",
                    "order": {"reference": format!("{}-renewal", self.buyer), "description": "Renewal (merchant trigger)", "amount": 10_001, "currency": "PHP"}});
                let charged = self
                    .merchant(Method::POST, "/v1/payments", Some(charge))
                    .await?;
                id_of(&charged)?
            }
            _ => {
                let payment = self.pay(&session, &cookie).await?;
                match event {
                    "payment.cancelled" => {
                        let path = format!("/v1/payments/{payment}/cancel");
                        self.merchant(Method::POST, &path, None).await?;
                        payment
                    }
                    "refund.succeeded" | "refund.failed" => {
                        let amount = if event == "refund.failed" {
                            2_515
                        } else {
                            2_500
                        };
                        let path = format!("/v1/payments/{payment}/refunds");
                        let refund = self
                            .merchant(Method::POST, &path, Some(json!({"amount": amount})))
                            .await?;
                        id_of(&refund)?
                    }
                    "checkout_session.completed" => session,
                    _ => payment,
                }
            }
        })
    }

    /// Calls the merchant API; each call that moves money carries its own idempotency key.
    async fn merchant(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.api_key)
            .header("idempotency-key", merchant::crypto::random_token(12));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await?;
        let status = answer.status();
        let text = answer.text().await?;
        if !status.is_success() {
            bail!("{method} {path} answered {status}: {text}");
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A checkout the buyer has opened (the link's token claimed): its id and cookie.
    async fn checkout(&self, amount: i64, subscription: bool) -> anyhow::Result<(String, String)> {
        let mut body = json!({"buyer_reference": self.buyer, "region": "PH",
            "order": {"reference": format!("{}-order", self.buyer), "description": "merchant trigger", "amount": amount, "currency": "PHP"}});
        if subscription {
            body["mandate"] = json!({"description": "Subscription (merchant trigger)", "max_amount_per_charge": 20_000});
        }
        let created = self
            .merchant(Method::POST, "/v1/checkout-sessions", Some(body))
            .await?;
        let id = id_of(&created)?;
        // The service answering may not be the one this configuration describes: a
        // live one stops here, before any buyer step, its session expired at once.
        if created["livemode"] != false {
            let path = format!("/v1/checkout-sessions/{id}/expire");
            let _ = self.merchant(Method::POST, &path, None).await;
            bail!("the service at {} is live (livemode is not false): merchant trigger plays only against a sandbox", self.base);
        }
        let token = created["url"]
            .as_str()
            .and_then(|u| u.split_once("#t="))
            .context("the checkout link's token")?
            .1;
        let claimed = self
            .app(
                &format!("/api/checkout-sessions/{id}/claim"),
                None,
                json!({"token": token}),
            )
            .await?;
        let cookie = claimed
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find_map(|v| v.strip_prefix("checkout_sid="))
            .context("the checkout's cookie")?
            .to_owned();
        Ok((id, cookie))
    }

    /// A call the checkout app makes in the buyer's browser.
    async fn app(
        &self,
        path: &str,
        cookie: Option<&str>,
        body: Value,
    ) -> anyhow::Result<reqwest::Response> {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("x-checkout-request", "1")
            .header("idempotency-key", merchant::crypto::random_token(12))
            .json(&body);
        if let Some(cookie) = cookie {
            request = request.header("cookie", format!("checkout_sid={cookie}"));
        }
        let answer = request.send().await?;
        if !answer.status().is_success() {
            let status = answer.status();
            bail!("POST {path} answered {status}: {}", answer.text().await?);
        }
        Ok(answer)
    }

    /// The buyer links GCash: consult, the sandbox wallet's Agree, the return.
    async fn link(&self, session: &str, cookie: &str) -> anyhow::Result<()> {
        let path = format!("/api/checkout-sessions/{session}/authorizations");
        let urls: Value = self
            .app(
                &path,
                Some(cookie),
                json!({"wallet": "GCASH", "terminal": "WEB"}),
            )
            .await?
            .json()
            .await?;
        let page = urls["normal_url"].as_str().context("the wallet's page")?;
        // The sandbox's wallet page, reached as the service reaches its own sandbox:
        // over loopback, whatever PUBLIC_BASE_URL's TLS terminator is.
        let page = reqwest::Url::parse(page)?;
        let page = format!(
            "{}{}?{}",
            self.base,
            page.path(),
            page.query().unwrap_or_default()
        );
        let agreed = self
            .http
            .post(page)
            .form(&[("decision", "agree"), ("login", "09171234123")])
            .send()
            .await?;
        let back = agreed
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .context("the wallet's return")?;
        let back = reqwest::Url::parse(back)?;
        let query = |name: &str| {
            back.query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
        };
        let body = json!({"auth_code": query("authCode"), "auth_state": query("authState")});
        self.app(&format!("{path}/complete"), Some(cookie), body)
            .await?;
        Ok(())
    }

    /// The buyer pays with the linked GCash; the payment's id, once its first answer is in.
    async fn pay(&self, session: &str, cookie: &str) -> anyhow::Result<String> {
        let path = format!("/api/checkout-sessions/{session}/payments");
        let paid: Value = self
            .app(&path, Some(cookie), json!({"wallet": "GCASH"}))
            .await?
            .json()
            .await?;
        id_of(&paid)
    }

    /// The newest `event_type` event about `object`, an object's id or, for a wallet's
    /// events, the buyer's reference (matched in `data`, which the service fills when it
    /// dispatches the event), waited for up to 30 s: some come from notifications.
    async fn event(&self, event_type: &str, object: &str) -> anyhow::Result<Value> {
        let by_buyer = object == self.buyer;
        let mut path = format!("/v1/events?type={event_type}&limit=100");
        if !by_buyer {
            path.push_str(&format!("&object_id={object}"));
        }
        let started = Instant::now();
        loop {
            let page = self.merchant(Method::GET, &path, None).await?;
            let found = page["events"].as_array().and_then(|events| {
                events
                    .iter()
                    .find(|e| !by_buyer || e["data"]["buyer_reference"] == object)
            });
            if let Some(found) = found {
                return Ok(found.clone());
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!(
                    "the scenario ran, but no {event_type} event about {object} came within 30 s"
                );
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

/// The `id` of an API answer.
fn id_of(answer: &Value) -> anyhow::Result<String> {
    answer["id"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no id in {answer}"))
}
