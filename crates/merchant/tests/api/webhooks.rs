//! Webhooks to the merchant's systems: signed as Standard Webhooks says (checked by the
//! official Python package too), retried until a 2xx, every attempt on record.

use crate::common::{self, error_code, Shop};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use contract::webhooks::{EventDetail, EventPage, WebhookEndpoint};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// One delivery as the merchant's receiver saw it.
#[derive(Debug, Clone)]
struct Received {
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
    fn header(&self, name: &str) -> String {
        self.headers[name].to_str().unwrap().to_owned()
    }
}

/// In a receiver's script: take the request and never answer.
const HANG: u16 = 0;

/// A loopback receiver answering with `script` (then 200 for ever).
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<u16>>>,
}

impl Receiver {
    async fn start(script: &[u16]) -> (Receiver, String) {
        let r = Receiver::default();
        r.script.lock().unwrap().extend(script);
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(r.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (r, url)
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    fn of_type(&self, event_type: &str) -> Vec<Received> {
        self.received()
            .into_iter()
            .filter(|r| r.json()["type"] == event_type)
            .collect()
    }
}

async fn receive(
    State(r): State<Receiver>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> StatusCode {
    r.got.lock().unwrap().push(Received {
        headers,
        body: body.to_vec(),
    });
    let status = r.script.lock().unwrap().pop_front().unwrap_or(200);
    if status == HANG {
        // Never answers: the sender is left waiting, as when a process dies mid-attempt.
        std::future::pending::<()>().await;
    }
    StatusCode::from_u16(status).unwrap()
}

async fn endpoint(shop: &Shop, url: &str, types: Value) -> WebhookEndpoint {
    let r = shop
        .merchant_post(
            "/v1/webhook-endpoints",
            None,
            json!({"url": url, "event_types": types}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

/// `DELETE /v1/webhook-endpoints/{id}`.
async fn delete_endpoint(shop: &Shop, id: &str) -> reqwest::Response {
    shop.http
        .delete(format!("{}/v1/webhook-endpoints/{id}", shop.base))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap()
}

/// `GET /v1/events/{id}`.
async fn event_detail(shop: &Shop, id: &str) -> EventDetail {
    shop.merchant_get(&format!("/v1/events/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// One pass of the webhook delivery (the test shop runs no background tasks).
async fn deliver(shop: &Shop) {
    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();
}

fn verified_in_rust(secret: &str, r: &Received) -> bool {
    standardwebhooks::Webhook::new(secret)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok()
}

#[tokio::test]
async fn a_paid_checkout_is_heard_signed_once_per_event_with_the_api_objects() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    let hook = endpoint(&shop, &url, json!(["*"])).await;
    let secret = hook.secret.clone().expect("shown on creation");
    assert!(secret.starts_with("whsec_"));

    let payment = shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let types: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap().to_owned())
        .collect();
    for expected in [
        "wallet.linked",
        "payment.succeeded",
        "checkout_session.completed",
    ] {
        assert!(
            types.iter().any(|t| t == expected),
            "{expected} not in {types:?}"
        );
    }
    let paid = &receiver.of_type("payment.succeeded")[0];
    assert!(verified_in_rust(&secret, paid));
    let event = paid.json();
    assert_eq!(paid.header("webhook-id"), event["id"].as_str().unwrap());
    assert_eq!(event["livemode"], false);
    // `data` is the object `/v1/payments/{id}` returns.
    let api: Value = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(event["data"], api);
    let session = &receiver.of_type("checkout_session.completed")[0].json()["data"];
    assert_eq!(
        (session["state"].as_str(), session["payment_id"].as_str()),
        (Some("completed"), Some(payment.id.as_str()))
    );

    // Delivered once: another round sends nothing more.
    let before = receiver.received().len();
    deliver(&shop).await;
    assert_eq!(receiver.received().len(), before);

    // A tampered body does not verify.
    let mut forged = paid.clone();
    forged.body = String::from_utf8(forged.body)
        .unwrap()
        .replace("10000", "1")
        .into_bytes();
    assert!(!verified_in_rust(&secret, &forged));
}

#[tokio::test]
async fn a_receiver_failing_twice_gets_three_attempts_of_the_same_webhook_id() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[500, 503]).await;
    endpoint(&shop, &url, json!(["payment.succeeded"])).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let webhook_on_timeline = || async {
        let detail: contract::back_office::PaymentDetail = shop
            .merchant_get(&format!("/v1/payments/{}/detail", payment.id))
            .await
            .json()
            .await
            .unwrap();
        detail
            .timeline
            .into_iter()
            .filter(|e| e.kind == "webhook")
            .map(|e| e.what)
            .collect::<Vec<_>>()
    };
    deliver(&shop).await;
    assert_eq!(
        webhook_on_timeline().await,
        ["payment.succeeded:pending"],
        "the console sees it is not through"
    );
    for _ in 0..3 {
        deliver(&shop).await;
        // Due again now instead of in 5 s, then 5 min.
        sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = 0 WHERE status = 'pending'")
            .execute(&shop.svc.db.pool)
            .await
            .unwrap();
    }
    deliver(&shop).await;
    let got = receiver.received();
    assert_eq!(got.len(), 3, "only the event it asked for, three times");
    let ids: Vec<String> = got.iter().map(|r| r.header("webhook-id")).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let detail = event_detail(&shop, &ids[0]).await;
    assert_eq!(detail.deliveries.len(), 1);
    let d = &detail.deliveries[0];
    assert_eq!(d.status, "delivered");
    let codes: Vec<Option<u16>> = d.attempts.iter().map(|a| a.status_code).collect();
    assert_eq!(codes, [Some(500), Some(503), Some(200)]);
    assert_eq!(webhook_on_timeline().await, ["payment.succeeded:delivered"]);

    // Sent again on demand.
    let r = shop
        .merchant_post(&format!("/v1/events/{}/redeliver", ids[0]), None, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    deliver(&shop).await;
    assert_eq!(receiver.received().len(), 4);
}

#[tokio::test]
async fn a_receiver_that_is_down_gets_the_event_when_it_comes_back() {
    let shop = Shop::open(&[]).await;
    // Nothing listens there yet.
    let spare = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = spare.local_addr().unwrap();
    drop(spare);
    endpoint(
        &shop,
        &format!("http://{addr}/hooks"),
        json!(["payment.succeeded"]),
    )
    .await;
    shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let (pending,): (String,) = sqlx::query_as("SELECT status FROM webhook_deliveries")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(pending, "pending");
    // It comes back on the same address.
    let r = Receiver::default();
    let app = Router::new()
        .route("/hooks", post(receive))
        .with_state(r.clone());
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = 0")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    deliver(&shop).await;
    assert_eq!(r.of_type("payment.succeeded").len(), 1);
    let page: EventPage = shop
        .merchant_get("/v1/events?type=payment.succeeded")
        .await
        .json()
        .await
        .unwrap();
    let detail = event_detail(&shop, &page.events[0].id).await;
    let attempts = &detail.deliveries[0].attempts;
    assert_eq!(attempts.len(), 2);
    assert!(attempts[0].status_code.is_none() && attempts[0].error.is_some());
    assert_eq!(attempts[1].status_code, Some(200));
}

#[tokio::test]
async fn endpoints_are_checked_the_secret_is_shown_once_and_a_rotation_signs_with_both() {
    let shop = Shop::open(&[]).await;
    for (url, types) in [
        ("http://shop.example/hooks", json!(["*"])),
        ("ftp://127.0.0.1/hooks", json!(["*"])),
        ("http://127.0.0.1:9/hooks", json!(["payment.teleported"])),
        ("http://127.0.0.1:9/hooks", json!([])),
    ] {
        let r = shop
            .merchant_post(
                "/v1/webhook-endpoints",
                None,
                json!({"url": url, "event_types": types}),
            )
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{url} {types}"
        );
    }
    let (receiver, url) = Receiver::start(&[]).await;
    // `*` beside named types means every type, as the document says.
    let all = endpoint(&shop, &url, json!(["payment.succeeded", "*"])).await;
    assert_eq!(all.event_types, vec!["*".to_owned()]);
    let r = delete_endpoint(&shop, &all.id).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let hook = endpoint(&shop, &url, json!(["payment.succeeded"])).await;
    let listed: Vec<WebhookEndpoint> = shop
        .merchant_get("/v1/webhook-endpoints")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].secret, None, "never shown again");
    let rotated: WebhookEndpoint = shop
        .merchant_post(
            &format!("/v1/webhook-endpoints/{}/rotate-secret", hook.id),
            None,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (old, new) = (hook.secret.unwrap(), rotated.secret.unwrap());
    assert_ne!(old, new);
    assert!(rotated.previous_secret_until.is_some());
    shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let got = &receiver.received()[0];
    assert_eq!(got.header("webhook-signature").matches("v1,").count(), 2);
    assert!(verified_in_rust(&old, got) && verified_in_rust(&new, got));

    let deleted = delete_endpoint(&shop, &hook.id).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let again = delete_endpoint(&shop, &hook.id).await;
    assert_eq!(error_code(again).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refunds_unlinks_and_cancels_are_events_too_and_can_be_listed_by_object() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(&shop, &url, json!(["*"])).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    assert_eq!(
        shop.refund(&paid.id, "r1", 2_500).await.status(),
        StatusCode::CREATED
    );
    let unlinked = buyer
        .http
        .delete(format!("{}{}", shop.base, buyer.api("/wallets/GCASH")))
        .send()
        .await
        .unwrap();
    assert!(unlinked.status().is_success(), "{}", unlinked.status());
    let other = shop.payment_by("buyer-2", 4_500).await;
    assert_eq!(shop.cancel(&other.id).await.status(), StatusCode::OK);
    deliver(&shop).await;
    let refund = &receiver.of_type("refund.succeeded")[0].json()["data"];
    assert_eq!(refund["amount"], 2_500);
    let ended = &receiver.of_type("wallet.unlinked")[0].json()["data"];
    assert_eq!(
        (
            ended["wallet"].as_str(),
            ended["ended_by"].as_str(),
            ended["buyer_reference"].as_str()
        ),
        (Some("GCASH"), Some("buyer"), Some("buyer-1"))
    );
    assert_eq!(receiver.of_type("payment.cancelled").len(), 1);
    let page: EventPage = shop
        .merchant_get(&format!("/v1/events?object_id={}", paid.id))
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = page.events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        ["payment.succeeded"],
        "newest first, only that payment's"
    );
}

fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        common::venv(
            "standardwebhooks-venv",
            &["standardwebhooks==1.1.0"],
            "import standardwebhooks",
        )
        .join("bin/python")
    })
}

/// Whether the official `standardwebhooks` Python package accepts `r` with `secret`.
fn verified_in_python(secret: &str, r: &Received) -> bool {
    let script = "import json,sys\nfrom standardwebhooks.webhooks import Webhook\nreq=json.load(sys.stdin)\ntry:\n    Webhook(req['secret']).verify(req['body'], req['headers'])\n    print('ok')\nexcept Exception as e:\n    print('refused', e)\n";
    let headers: serde_json::Map<String, Value> =
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
            .iter()
            .map(|h| ((*h).to_owned(), json!(r.header(h))))
            .collect();
    let input = json!({"secret": secret, "body": String::from_utf8(r.body.clone()).unwrap(), "headers": headers});
    let mut child = std::process::Command::new(python())
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "ok"
}

#[tokio::test]
async fn the_official_standardwebhooks_package_verifies_a_delivery_and_refuses_a_tampered_one() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    let secret = endpoint(&shop, &url, json!(["payment.succeeded"]))
        .await
        .secret
        .unwrap();
    shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let got = receiver.received()[0].clone();
    assert!(verified_in_python(&secret, &got));
    let mut tampered = got.clone();
    tampered.body = String::from_utf8(tampered.body)
        .unwrap()
        .replace("succeeded", "failed")
        .into_bytes();
    assert!(!verified_in_python(&secret, &tampered));
}

#[tokio::test]
async fn a_checkout_session_is_open_then_completed_or_expired_and_says_so() {
    use contract::webhooks::{CheckoutSessionState, CheckoutSessionView};
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(
        &shop,
        &url,
        json!(["checkout_session.completed", "checkout_session.expired"]),
    )
    .await;
    let session = |id: String| {
        let shop = &shop;
        async move {
            shop.merchant_get(&format!("/v1/checkout-sessions/{id}"))
                .await
                .json::<CheckoutSessionView>()
                .await
                .unwrap()
        }
    };
    let buyer = shop.checkout("buyer-1", 10_000).await;
    assert_eq!(
        session(buyer.session_id.clone()).await.state,
        CheckoutSessionState::Open
    );
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    let completed = session(buyer.session_id.clone()).await;
    assert_eq!(
        (completed.state, completed.payment_id.as_deref()),
        (CheckoutSessionState::Completed, Some(paid.id.as_str()))
    );
    let refused = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{}/expire", buyer.session_id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(refused).await,
        (StatusCode::CONFLICT, "ORDER_ALREADY_PAID".into())
    );

    // The merchant ends another one (the item sold out): its buyer can no longer pay.
    let other = shop.checkout("buyer-2", 10_000).await;
    other.link("GCASH").await;
    let ended: CheckoutSessionView = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{}/expire", other.session_id),
            None,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended.state, CheckoutSessionState::Expired);
    assert_eq!(
        error_code(other.pay("k1", "GCASH").await).await.1,
        "SESSION_EXPIRED"
    );

    // A third simply runs out: the worker reports it, once.
    let late = shop.checkout("buyer-3", 10_000).await;
    sqlx::query("UPDATE checkout_sessions SET expires_at = $1 WHERE id = $2")
        .bind(merchant::store::now() - 5)
        .bind(&late.session_id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    shop.work().await;
    shop.work().await;
    deliver(&shop).await;
    let completed_events = receiver.of_type("checkout_session.completed");
    assert_eq!(completed_events.len(), 1);
    assert_eq!(
        completed_events[0].json()["data"],
        serde_json::to_value(&completed).unwrap()
    );
    let expired: Vec<String> = receiver
        .of_type("checkout_session.expired")
        .iter()
        .map(|r| r.json()["data"]["id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = vec![other.session_id.clone(), late.session_id.clone()];
    let mut got = expired.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "each once");
}

#[tokio::test]
async fn the_demo_shop_calls_an_order_paid_only_once_its_webhook_arrived() {
    let shop = Shop::open(&[]).await;
    merchant::http::demo::register_webhook(&shop.svc)
        .await
        .unwrap();
    // Registered once per data folder.
    merchant::http::demo::register_webhook(&shop.svc)
        .await
        .unwrap();
    let hooks: Vec<WebhookEndpoint> = shop
        .merchant_get("/v1/webhook-endpoints")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hooks.len(), 1);

    let started = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/demo/checkout", shop.base))
        .form(&[("locale", "en"), ("amount", "10000")])
        .send()
        .await
        .unwrap();
    let url = started.headers()["location"].to_str().unwrap().to_owned();
    let id = url
        .split("/checkout/")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned();
    let buyer = shop.claim(&json!({"id": id, "url": url})).await;
    buyer.link("GCASH").await;
    buyer.paid("k1").await;
    let (order,): (String,) =
        sqlx::query_as("SELECT order_reference FROM checkout_sessions WHERE id = $1")
            .bind(&buyer.session_id)
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    let thanks = || async {
        shop.http
            .get(format!("{}/demo/thanks?order={order}", shop.base))
            .send()
            .await
            .unwrap()
    };
    let before = thanks().await;
    assert!(before.headers().contains_key("refresh"));
    let text = before.text().await.unwrap();
    assert!(text.contains("waiting for the payment webhook"), "{text}");
    deliver(&shop).await;
    let after = thanks().await.text().await.unwrap();
    assert!(
        after.contains("paid (payment.succeeded webhook received)"),
        "{after}"
    );

    let forged = shop
        .http
        .post(format!("{}/demo/webhooks", shop.base))
        .header("webhook-id", "evt_forged")
        .header("webhook-timestamp", merchant::store::now().to_string())
        .header("webhook-signature", "v1,bm90LWEtc2lnbmF0dXJl")
        .body(r#"{"type":"payment.succeeded","data":{"id":"pay_x"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_reconciliation_import_is_announced_with_its_mismatch_count() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(&shop, &url, json!(["reconciliation.completed"])).await;
    shop.payment_by("buyer-1", 10_000).await;
    let (_, mut files) = shop.sandbox_reports().await;
    let details = files
        .iter_mut()
        .find(|f| f.name.starts_with("transactionItems"))
        .unwrap();
    details.content = details.content.replace(",100.00,", ",90.00,");
    let r = shop
        .merchant_post(
            "/v1/reconciliation/imports",
            None,
            json!({ "files": files }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    deliver(&shop).await;
    let got = receiver.of_type("reconciliation.completed");
    assert_eq!(got.len(), 1);
    let data = &got[0].json()["data"];
    assert_eq!(data["mismatches"], 1);
    assert_eq!(data["clean"], false);
}

#[tokio::test]
async fn an_event_recorded_before_a_crash_is_delivered_after_restart_once_even_by_two_replicas() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(
        &shop,
        &url,
        json!(["payment.succeeded", "refund.succeeded"]),
    )
    .await;
    // The state changes commit; the process "dies" before any delivery ran (the test
    // shop runs none in the background).
    for i in 0..6 {
        let p = shop.payment_by(&format!("buyer-{i}"), 10_000).await;
        assert_eq!(
            shop.refund(&p.id, "r1", 1_000).await.status(),
            StatusCode::CREATED
        );
    }
    assert!(receiver.received().is_empty());
    // Two replicas come up on the same database and deliver side by side.
    let (a, b) = (shop.restarted().await, shop.restarted().await);
    let (ra, rb) = tokio::join!(
        merchant::webhooks::delivery::round(&a),
        merchant::webhooks::delivery::round(&b)
    );
    ra.unwrap();
    rb.unwrap();
    merchant::webhooks::delivery::round(&a).await.unwrap();
    let mut ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.header("webhook-id"))
        .collect();
    assert_eq!(ids.len(), 12, "six payments and six refunds");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "each delivered once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_killed_mid_delivery_delivers_the_event_once_after_restart() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[HANG]).await;
    endpoint(&shop, &url, json!(["checkout_session.expired"])).await;
    // The real binary, in its own process, makes the change; its delivery worker starts
    // at once and meets a receiver that never answers.
    let (mut process, base) = shop.process().await;
    let created: Value = shop
        .http
        .post(format!("{base}/v1/checkout-sessions"))
        .bearer_auth(&shop.api_key)
        .json(&json!({"buyer_reference": "kill-1", "order": {"reference": "o-kill", "description": "d", "amount": 100, "currency": "PHP"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = created["id"].as_str().unwrap();
    let expired = shop
        .http
        .post(format!("{base}/v1/checkout-sessions/{session}/expire"))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::OK);
    let sent = wait_for(|| receiver.received().len() == 1, 10).await;
    assert!(sent, "the first attempt went out right after the commit");
    // SIGKILL mid-attempt: nothing is recorded of it.
    process.kill().unwrap();
    process.wait().unwrap();
    let event_id = receiver.received()[0].header("webhook-id");
    let detail = event_detail(&shop, &event_id).await;
    assert_eq!(detail.deliveries[0].status, "pending");
    assert!(detail.deliveries[0].attempts.is_empty());

    // Restarted, it sends the event again once the dead process's lease has lapsed.
    let (mut process, _) = shop.process().await;
    let delivered = wait_for(|| receiver.received().len() >= 2, 60).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    process.kill().unwrap();
    process.wait().unwrap();
    assert!(delivered, "delivered after the restart");
    let got = receiver.received();
    assert_eq!(got.len(), 2, "once answered, never sent again");
    assert_eq!(got[1].header("webhook-id"), event_id, "the same event id");
    let detail = event_detail(&shop, &event_id).await;
    assert_eq!(detail.deliveries[0].status, "delivered");
    assert_eq!(detail.deliveries[0].attempts.len(), 1);
    assert_eq!(detail.deliveries[0].attempts[0].status_code, Some(200));
}

/// Whether `done` turned true within `secs` seconds.
async fn wait_for(done: impl Fn() -> bool, secs: u64) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    done()
}
