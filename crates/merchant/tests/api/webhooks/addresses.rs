//! The second security review's webhook SSRF: a live service took
//! `https://10.0.0.1/`, `https://169.254.169.254/…`, `https://2130706433/` and
//! `https://[::ffff:7f00:1]/`, and showed what they answered. Now IP-literal and
//! private hosts are refused when registered and when sent to, names are
//! resolved through a resolver that drops every non-public address (and the
//! connection goes only to what it kept), and an attempt keeps a status and an
//! error class, never the receiver's words.

use super::{deliver, endpoint, event_detail};
use crate::common::{live_settings, Shop};
use contract::webhooks::EventPage;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

async fn live_shop() -> Shop {
    let settings = live_settings(&[]);
    let settings: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    Shop::open(&settings).await
}

/// A TCP listener on loopback that counts who connects to it (and answers nothing).
async fn door() -> (u16, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let knocks = Arc::new(AtomicUsize::new(0));
    let counted = knocks.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(socket);
        }
    });
    (port, knocks)
}

#[tokio::test]
async fn a_live_service_refuses_webhooks_to_private_loopback_and_literal_addresses() {
    let shop = live_shop().await;
    for url in [
        "https://10.0.0.1/",
        "https://169.254.169.254/latest/meta-data/",
        "https://2130706433/",
        "https://0x7f.1/hook",
        "https://[::ffff:7f00:1]/",
        "https://[fd00::1]/",
        "https://8.8.8.8/hook",
        "https://user:secret@hooks.shop.example/",
    ] {
        let r = shop
            .merchant_post(
                "/v1/webhook-endpoints",
                None,
                json!({"url": url, "event_types": ["*"]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let body: Value = r.json().await.unwrap();
        assert!(
            body["message"].as_str().unwrap().contains("not allowed"),
            "{url}: {body}"
        );
    }

    // A name is taken, but `localhost` resolves to loopback only: nothing is sent to it.
    let (port, knocks) = door().await;
    let local = endpoint(
        &shop,
        &format!("https://localhost:{port}/hook"),
        json!(["*"]),
    )
    .await;
    // And a literal stored before the rule existed is refused at send time too.
    let legacy = endpoint(&shop, "https://hooks.shop.example/", json!(["*"])).await;
    sqlx::query("UPDATE webhook_endpoints SET url = $1 WHERE id = $2")
        .bind(format!("https://127.0.0.1:{port}/hook"))
        .bind(&legacy.id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();

    let created = shop.created("buyer-ssrf", 1_000).await;
    let id = created["id"].as_str().unwrap();
    let r = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{id}/expire"),
            None,
            json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    deliver(&shop).await;

    assert_eq!(
        knocks.load(Ordering::SeqCst),
        0,
        "no connection reached loopback"
    );
    let page: EventPage = shop.merchant_get("/v1/events").await.json().await.unwrap();
    let expired = page
        .events
        .iter()
        .find(|e| e.event_type == "checkout_session.expired")
        .expect("checkout_session.expired");
    let detail = event_detail(&shop, &expired.id).await;
    for hook in [&local, &legacy] {
        let delivery = detail
            .deliveries
            .iter()
            .find(|d| d.endpoint_id == hook.id)
            .unwrap();
        let attempt = &delivery.attempts[0];
        assert_eq!(attempt.status_code, None);
        assert_eq!(
            attempt.error.as_deref(),
            Some("address_not_allowed"),
            "{}",
            hook.url
        );
    }
}

#[tokio::test]
async fn a_sandbox_still_reaches_loopback_but_never_a_private_network() {
    let shop = Shop::open(&[]).await;
    for url in [
        "https://10.0.0.1/",
        "https://169.254.169.254/",
        "http://[::ffff:a00:1]/",
    ] {
        let r = shop
            .merchant_post(
                "/v1/webhook-endpoints",
                None,
                json!({"url": url, "event_types": ["*"]}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
    }
    let r = shop
        .merchant_post(
            "/v1/webhook-endpoints",
            None,
            json!({"url": "http://127.0.0.1:9/hook", "event_types": ["*"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_attempt_keeps_the_status_and_never_the_receivers_words() {
    let shop = Shop::open(&[]).await;
    let talker = axum::Router::new().route(
        "/hooks",
        axum::routing::post(|| async {
            (StatusCode::INTERNAL_SERVER_ERROR, "db password is hunter2")
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, talker).await });
    endpoint(&shop, &url, json!(["*"])).await;
    let created = shop.created("buyer-words", 1_000).await;
    let id = created["id"].as_str().unwrap();
    shop.merchant_post(
        &format!("/v1/checkout-sessions/{id}/expire"),
        None,
        json!({}),
    )
    .await;
    deliver(&shop).await;
    let page: EventPage = shop.merchant_get("/v1/events").await.json().await.unwrap();
    let r = shop
        .merchant_get(&format!("/v1/events/{}", page.events[0].id))
        .await
        .text()
        .await
        .unwrap();
    assert!(r.contains("\"status_code\":500"), "{r}");
    assert!(!r.contains("hunter2"), "{r}");
    let stored: Vec<(String,)> = sqlx::query_as("SELECT COALESCE(error, '') FROM webhook_attempts")
        .fetch_all(&shop.svc.db.pool)
        .await
        .unwrap();
    assert!(!format!("{stored:?}").contains("hunter2"));
}
