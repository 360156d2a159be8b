//! Webhooks to the merchant's systems: signed as Standard Webhooks says (checked by the
//! official Python package too), retried until a 2xx, every attempt on record.

mod addresses;
mod delivery;
mod events;
mod receiver_check;
mod restarts;
mod signing;
mod trigger;

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
