//! Denial of service: a slow, greedy or repetitive client is cut off, and
//! nobody else's checkout waits for it.

use crate::common::{error_code, Shop};
use merchant::http::ServerLimits;
use reqwest::StatusCode;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The shop's service on a second port, with `limits`; its base URL.
async fn limited(shop: &Shop, limits: ServerLimits) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = merchant::http::router(shop.svc.clone());
    tokio::spawn(merchant::http::serve_on(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    base
}

/// A connection to the shop's service on a server that waits 300 ms for headers.
async fn impatient_server(shop: &Shop) -> tokio::net::TcpStream {
    let base = limited(
        shop,
        ServerLimits {
            header_read_timeout: Duration::from_millis(300),
            ..limits()
        },
    )
    .await;
    tokio::net::TcpStream::connect(base.trim_start_matches("http://"))
        .await
        .unwrap()
}

fn limits() -> ServerLimits {
    ServerLimits {
        header_read_timeout: Duration::from_secs(10),
        request_timeout: Duration::from_secs(30),
        max_connections: 64,
    }
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let shop = Shop::open(&[]).await;
    let mut slow = impatient_server(&shop).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nX-Slow: ")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(
        closed.is_ok(),
        "the server still held the connection after 5 s"
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

#[tokio::test]
async fn a_client_that_connects_and_sends_nothing_is_cut_off() {
    let shop = Shop::open(&[]).await;
    let mut silent = impatient_server(&shop).await;
    let mut answer = Vec::new();
    let closed =
        tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut answer)).await;
    assert!(closed.is_ok(), "a silent connection held its place for 5 s");
}

#[tokio::test]
async fn a_kept_alive_connection_that_goes_quiet_is_cut_off() {
    let shop = Shop::open(&[]).await;
    let mut idle = impatient_server(&shop).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut answer)).await;
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"),
        "answered first"
    );
    assert!(
        closed.is_ok(),
        "an idle kept-alive connection held its place for 5 s"
    );
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_one() {
    let shop = Shop::open(&[]).await;
    let base = limited(
        &shop,
        ServerLimits {
            max_connections: 2,
            ..limits()
        },
    )
    .await;
    let addr = base.trim_start_matches("http://").to_owned();
    let first = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let _second = tokio::net::TcpStream::connect(&addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let third = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(third.is_err(), "a third connection was served: {third:?}");
    drop(first);
    let fourth = reqwest::Client::new()
        .get(format!("{base}/healthz"))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(fourth.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_held_too_long_gets_408_and_the_payment_is_not_lost() {
    let shop = Shop::open(&[("SANDBOX_NO_ANSWER_HOLD_MS", "3000")]).await;
    let base = limited(
        &shop,
        ServerLimits {
            request_timeout: Duration::from_millis(500),
            ..limits()
        },
    )
    .await;
    let mut buyer = shop.checkout("buyer-1", 10_005).await;
    buyer.link("GCASH").await;
    buyer.base = base;
    let r = buyer.pay("k1", "GCASH").await;
    assert_eq!(r.status(), StatusCode::REQUEST_TIMEOUT);
    let listed: serde_json::Value = shop
        .merchant_get("/v1/payments")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed["payments"][0]["amount"]["minor"], 10_005,
        "recorded before it was sent: {listed}"
    );
}

#[tokio::test]
async fn one_checkout_cannot_call_consult_without_limit() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    for _ in 0..merchant::domain::linking::MAX_STARTS_PER_WINDOW {
        buyer.start_link("GCASH").await;
    }
    let over = buyer
        .post(
            &buyer.api("/authorizations"),
            serde_json::json!({"wallet": "GCASH", "terminal": "WEB"}),
        )
        .await;
    assert!(over.headers().contains_key("retry-after"));
    assert_eq!(
        error_code(over).await,
        (
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_AUTHORIZATIONS".into()
        )
    );
    // Another checkout is not held back by this one.
    let other = shop.checkout("buyer-2", 10_000).await;
    other.start_link("GCASH").await;
}

#[tokio::test]
async fn a_body_that_is_not_what_the_route_takes_gets_a_typed_error() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    // Not JSON at all: 400, still `{code, message}`.
    let garbage = buyer
        .http
        .post(format!("{}{}", buyer.base, buyer.api("/authorizations")))
        .header("content-type", "application/json")
        .header("X-Checkout-Request", "1")
        .header("cookie", buyer.cookie_header())
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(garbage).await,
        (StatusCode::BAD_REQUEST, "VALIDATION".into())
    );
    // JSON with a terminal that is not one: 422 VALIDATION naming the field.
    let wrong = buyer
        .http
        .post(format!("{}{}", buyer.base, buyer.api("/authorizations")))
        .header("X-Checkout-Request", "1")
        .header("cookie", buyer.cookie_header())
        .json(&serde_json::json!({"wallet": "GCASH", "terminal": "TV"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(body["code"], "VALIDATION");
    assert!(
        body["message"].as_str().unwrap().contains("terminal"),
        "{body}"
    );
}
