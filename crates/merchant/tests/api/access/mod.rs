//! Who may call the back office: scoped API keys (rotation, expiry,
//! revocation, rate-limited failures) and operator accounts (Argon2id, TOTP,
//! recovery codes, roles, lock-out, console sign-ins with CSRF and timeouts).

mod cli;
mod keys;
pub mod operators;

use crate::common::Shop;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// A key made by the bootstrap key: its secret and id.
pub async fn key(shop: &Shop, name: &str, scopes: &[&str]) -> (String, String) {
    let r = shop
        .merchant_post(
            "/v1/api-keys",
            None,
            json!({"name": name, "scopes": scopes}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let created: Value = r.json().await.unwrap();
    (
        created["secret"].as_str().unwrap().to_owned(),
        created["id"].as_str().unwrap().to_owned(),
    )
}

/// `method path` with `secret` as the Bearer key.
pub async fn call(
    shop: &Shop,
    secret: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = shop
        .http
        .request(method, format!("{}{path}", shop.base))
        .bearer_auth(secret)
        .header("Idempotency-Key", crate::common::unique("k"));
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}
