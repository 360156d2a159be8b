//! Signed notifications to the merchant, retried on Antom's schedule until
//! the merchant answers the exact SUCCESS acknowledgement.

use antom::api::NotificationAck;
use antom::signature::{SignedContent, CLIENT_ID_HEADER, REQUEST_TIME_HEADER, SIGNATURE_HEADER};
use antom::PrivateKey;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Antom's delays before each attempt: 0s, 2m, 10m, 10m, 1h, 2h, 6h, 15h.
const SCHEDULE_SECS: [u64; 8] = [0, 120, 600, 600, 3_600, 7_200, 21_600, 54_000];

/// One delivery attempt, for tests and for people debugging their notify handler.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// `notifyPayment`, `notifyRefund` or `notifyAuthorization`.
    pub kind: &'static str,
    /// Where it went.
    pub url: String,
    /// 1 for the first try.
    pub attempt: u32,
    /// The exact body sent.
    pub body: String,
    /// HTTP status, if the merchant answered.
    pub status: Option<u16>,
    /// Whether the answer stops retries.
    pub acknowledged: bool,
}

pub struct Notifier {
    enabled: bool,
    client_id: String,
    key: PrivateKey,
    factor: u32,
    http: reqwest::Client,
    log: Arc<Mutex<Vec<Delivery>>>,
}

impl Notifier {
    pub fn new(client_id: String, key: PrivateKey, factor: u32, enabled: bool) -> Self {
        Self {
            enabled,
            client_id,
            key,
            factor: factor.max(1),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
            log: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn deliveries(&self) -> Vec<Delivery> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Sends `body` to `url` in the background, retrying on Antom's (compressed) schedule.
    pub fn send(&self, kind: &'static str, url: &str, body: Value) {
        drop(self.send_watched(kind, url, body));
    }

    /// [`Notifier::send`], answering what resolves once the first attempt is over (or
    /// at once when nothing is sent).
    pub fn send_watched(
        &self,
        kind: &'static str,
        url: &str,
        body: Value,
    ) -> tokio::sync::oneshot::Receiver<()> {
        let (first_done, first) = tokio::sync::oneshot::channel();
        if !self.enabled {
            return first;
        }
        let mut first_done = Some(first_done);
        let body = body.to_string();
        let url = url.to_owned();
        let (client_id, key, factor, http, log) = (
            self.client_id.clone(),
            self.key.clone(),
            self.factor,
            self.http.clone(),
            self.log.clone(),
        );
        tokio::spawn(async move {
            let Ok(parsed) = reqwest::Url::parse(&url) else {
                tracing::warn!(%url, "notify URL is not a URL; not sent");
                return;
            };
            let mut first_done = first_done.take();
            for (i, delay) in SCHEDULE_SECS.iter().enumerate() {
                tokio::time::sleep(Duration::from_millis(delay * 1000 / u64::from(factor))).await;
                let time = antom::time::now();
                let signature = SignedContent {
                    method: "POST",
                    path: parsed.path(),
                    client_id: &client_id,
                    time: &time,
                    body: body.as_bytes(),
                }
                .sign(&key);
                let answer = http
                    .post(parsed.clone())
                    .header("content-type", "application/json; charset=UTF-8")
                    .header(CLIENT_ID_HEADER, &client_id)
                    .header(REQUEST_TIME_HEADER, &time)
                    .header(SIGNATURE_HEADER, signature.to_header_value())
                    .body(body.clone())
                    .send()
                    .await;
                let (status, acknowledged) = match answer {
                    Ok(response) => {
                        let status = response.status();
                        let bytes = response.bytes().await.unwrap_or_default();
                        let ok = status.is_success() && NotificationAck::is_success_body(&bytes);
                        (Some(status.as_u16()), ok)
                    }
                    Err(_) => (None, false),
                };
                log.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(Delivery {
                        kind,
                        url: url.clone(),
                        attempt: i as u32 + 1,
                        body: body.clone(),
                        status,
                        acknowledged,
                    });
                if let Some(done) = first_done.take() {
                    let _ = done.send(());
                }
                if acknowledged {
                    return;
                }
            }
            tracing::warn!(%url, kind, "notification never acknowledged");
        });
        first
    }
}
