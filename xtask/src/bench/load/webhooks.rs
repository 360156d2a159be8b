//! Merchant-initiated charges (`POST /v1/payments`) and how soon their webhooks reach a
//! receiver on loopback: the time from the charge's answer (its state is committed before
//! the service answers) to the `payment.succeeded` delivery arriving.

use super::super::Server;
use super::setup::{claimed_with_mandate, link, post};
use super::{drive, percentile, Level, Outcome, Pace};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// When each payment's webhook arrived.
type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

/// A minimal HTTP receiver: reads one request per connection, notes `data.id`, answers 204.
async fn receiver() -> anyhow::Result<(String, Arrivals)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks", listener.local_addr()?);
    let arrivals: Arrivals = Arc::default();
    let seen = arrivals.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                loop {
                    let Ok(n) = stream.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf);
                    let Some(end) = text.find("\r\n\r\n") else {
                        continue;
                    };
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if buf.len() < end + 4 + length {
                        continue;
                    }
                    let at = Instant::now();
                    if let Ok(event) =
                        serde_json::from_slice::<Value>(&buf[end + 4..end + 4 + length])
                    {
                        if let Some(id) = event["data"]["id"].as_str() {
                            if let Ok(mut s) = seen.lock() {
                                s.entry(id.to_owned()).or_insert(at);
                            }
                        }
                    }
                    let _ = stream
                        .write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")
                        .await;
                    return;
                }
            });
        }
    });
    Ok((url, arrivals))
}

/// Buyers with a linked GCash, ready to be charged.
/// How the subscribers' mandates bound the charges the bench makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MandateKind {
    /// A maximum per charge: the charge reads the mandate.
    PerCharge,
    /// Also a monthly maximum: each charge is counted by a conditional write.
    Monthly,
}

impl MandateKind {
    fn terms(self) -> Value {
        let mut m = json!({"description": "bench", "max_amount_per_charge": 10_000});
        if self == Self::Monthly {
            m["interval"] = json!("month");
            m["max_amount_per_interval"] = json!(100_000_000_000i64);
        }
        m
    }

    /// As the report names it.
    pub fn label(self) -> &'static str {
        match self {
            Self::PerCharge => "mandate: per-charge maximum",
            Self::Monthly => "mandate: monthly maximum, counted by a conditional write",
        }
    }
}

async fn subscribers(
    http: &reqwest::Client,
    s: &Server,
    n: usize,
    kind: MandateKind,
) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::with_capacity(n);
    let terms = kind.terms();
    for b in 0..n {
        let buyer = format!("bench-sub-{kind:?}-{b}-{}", std::process::id());
        let (id, cookie) = claimed_with_mandate(http, s, &buyer, 0, Some(&terms)).await?;
        link(http, s, &id, &cookie).await?;
        out.push(buyer);
    }
    Ok(out)
}

fn charge_body(buyer: &str, n: usize) -> Value {
    json!({"buyer_reference": buyer, "wallet": "GCASH",
           "order": {"reference": format!("{buyer}-m{n}"), "description": "bench", "amount": 10_000, "currency": "PHP"}})
}

/// `POST /v1/payments` under each kind of mandate, from 1 and from 50 senders.
pub fn charge_levels(
    runtime: &tokio::runtime::Runtime,
    server: &Server,
) -> anyhow::Result<Vec<Level>> {
    let mut levels = Vec::new();
    for kind in [MandateKind::PerCharge, MandateKind::Monthly] {
        for concurrency in [1, 50] {
            crate::cmd::step(&format!(
                "POST /v1/payments (merchant-initiated, {}), {concurrency} concurrent senders, flat out",
                kind.label()
            ));
            let per_sender = 200 / concurrency + 10;
            levels.push(runtime.block_on(charges(server, concurrency, per_sender, kind))?);
        }
    }
    Ok(levels)
}

/// `POST /v1/payments` flat out from `concurrency` senders.
pub async fn charges(
    s: &Server,
    concurrency: usize,
    per_sender: usize,
    kind: MandateKind,
) -> anyhow::Result<Level> {
    // The sandbox wallet page answers with a redirect the set-up reads, not follows.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let buyers = subscribers(&http, s, concurrency, kind).await?;
    let work: Vec<Vec<(String, usize)>> = buyers
        .into_iter()
        .map(|b| (0..per_sender).map(|n| (b.clone(), n)).collect())
        .collect();
    let (base, key) = (s.base.clone(), s.api_key.clone());
    let send = move |(buyer, n): (String, usize)| {
        let request = http
            .post(format!("{base}/v1/payments"))
            .bearer_auth(&key)
            .header("idempotency-key", format!("{buyer}-m{n}"))
            .json(&charge_body(&buyer, n));
        async move {
            match request.send().await {
                Ok(r) => Outcome {
                    ok: r.status().is_success(),
                    app_ms: super::app_ms(&r),
                },
                Err(_) => Outcome {
                    ok: false,
                    app_ms: None,
                },
            }
        }
    };
    let name = match kind {
        MandateKind::PerCharge => {
            "POST /v1/payments (merchant-initiated; mandate: per-charge maximum)"
        }
        MandateKind::Monthly => {
            "POST /v1/payments (merchant-initiated; mandate: monthly maximum, conditional write)"
        }
    };
    drive(name, concurrency, work, send, Pace::FlatOut).await
}

/// Webhook latency at a steady rate of charges a second.
pub struct Delivery {
    pub rate: usize,
    pub sent: usize,
    pub received: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Charges at `rate` a second for `seconds`, and times each `payment.succeeded` webhook
/// from the charge's answer to its arrival.
pub async fn webhook_latency(s: &Server, rate: usize, seconds: usize) -> anyhow::Result<Delivery> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(rate)
        .build()?;
    let (url, arrivals) = receiver().await?;
    let created = post(
        &http,
        format!("{}/v1/webhook-endpoints", s.base),
        None,
        json!({"url": url, "event_types": ["payment.succeeded"]}),
        Some(&s.api_key),
    )
    .await?;
    anyhow::ensure!(
        created.status().is_success(),
        "webhook endpoint: {}",
        created.status()
    );
    let endpoint: Value = created.json().await?;
    let endpoint_id = endpoint["id"].as_str().unwrap_or_default().to_owned();
    // Enough buyers that none is charged twice at once.
    let buyers = subscribers(&http, s, rate.min(100), MandateKind::PerCharge).await?;
    let total = rate * seconds;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        let due = started + Duration::from_secs_f64(i as f64 / rate as f64);
        let buyer = buyers[i % buyers.len()].clone();
        let (http, base, key) = (http.clone(), s.base.clone(), s.api_key.clone());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(due.into()).await;
            let n = i / 100;
            let answer = http
                .post(format!("{base}/v1/payments"))
                .bearer_auth(&key)
                .header("idempotency-key", format!("{buyer}-w{rate}-{n}-{i}"))
                .json(&json!({"buyer_reference": buyer, "wallet": "GCASH",
                    "order": {"reference": format!("{buyer}-w{rate}-{i}"), "description": "bench", "amount": 10_000, "currency": "PHP"}}))
                .send()
                .await
                .ok()?;
            let at = Instant::now();
            let paid: Value = answer.json().await.ok()?;
            Some((paid["id"].as_str()?.to_owned(), at))
        }));
    }
    let mut answered = Vec::new();
    for t in tasks {
        if let Ok(Some(a)) = t.await {
            answered.push(a);
        }
    }
    // Deliveries still under way get a few seconds to land.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let seen = arrivals.lock().map(|a| a.clone()).unwrap_or_default();
    // Each rate is measured with one endpoint: the next level's receiver is alone.
    http.delete(format!("{}/v1/webhook-endpoints/{endpoint_id}", s.base))
        .bearer_auth(&s.api_key)
        .send()
        .await?;
    let mut latencies: Vec<Duration> = answered
        .iter()
        .filter_map(|(id, at)| {
            seen.get(id)
                .map(|arrived| arrived.saturating_duration_since(*at))
        })
        .collect();
    latencies.sort();
    Ok(Delivery {
        rate,
        sent: answered.len(),
        received: latencies.len(),
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
    })
}
