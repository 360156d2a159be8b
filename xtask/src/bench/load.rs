//! The service under load, driven by a generator written here (tokio + reqwest):
//!
//! - `POST /api/checkout-sessions/{id}/payments` from 1, 50 and 200 buyers who pay again the moment
//!   they are answered (the machine's throughput; latency there is queueing),
//!   and from 200 buyers who pay as people do, every couple of seconds (what
//!   the service adds to a click while 200 are checking out). Each buyer has a
//!   linked wallet and a fresh checkout per payment, set up before the clock
//!   starts; the service's own share of each request comes from its
//!   `Server-Timing`;
//! - `POST /notify/payment` with valid signatures, prepared in advance;
//! - what RSA costs per payment (2 signatures and 2 verifications: merchant
//!   and embedded sandbox each sign and verify once).

use super::Server;
use crate::cmd::step;
use antom::signature::SignedContent;
use rsa::rsa_costs;
use serde_json::json;
use setup::{claimed_session, link};
use std::time::{Duration, Instant};

mod before_action;
mod rsa;
mod setup;
pub mod telemetry;
pub mod webhooks;

/// Latency summary of one load level.
pub struct Level {
    pub name: String,
    pub concurrency: usize,
    /// Mean time a buyer waits between an answer and the next payment; zero when flat out.
    pub think_ms: u64,
    pub requests: usize,
    pub errors: usize,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// p50 and p99 of what the service itself added (its `Server-Timing` app share), when it says.
    pub app_p50_ms: Option<f64>,
    pub app_p99_ms: Option<f64>,
}

/// How long a buyer thinks before paying again.
#[derive(Clone, Copy)]
pub enum Pace {
    /// Not at all: the next request leaves as the answer arrives.
    FlatOut,
    /// Exponentially distributed with this mean, as arrivals of people are.
    Thinking(Duration),
}

/// A small deterministic generator (xorshift64*): think times that repeat from run to run.
struct Thinker(u64);

impl Thinker {
    fn pause(&mut self, mean: Duration) -> Duration {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        // Uniform in (0, 1], then the exponential distribution's inverse.
        let uniform = (bits as f64 + 1.0) / (1u64 << 53) as f64;
        mean.mul_f64(-uniform.ln())
    }
}

/// How one request went.
pub struct Outcome {
    ok: bool,
    /// The service's own milliseconds, from `Server-Timing: app;dur=`.
    app_ms: Option<f64>,
}

fn app_ms(response: &reqwest::Response) -> Option<f64> {
    let timing = response.headers().get("server-timing")?.to_str().ok()?;
    timing
        .split(',')
        .find_map(|part| part.trim().strip_prefix("app;dur="))
        .and_then(|v| v.parse().ok())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn payments(
    s: &Server,
    concurrency: usize,
    per_buyer: usize,
    pace: Pace,
) -> anyhow::Result<Level> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()?;
    // Set-up, off the clock: each buyer links once, then gets one claimed checkout per payment.
    let mut cookies: Vec<Vec<(String, String)>> = Vec::with_capacity(concurrency);
    for b in 0..concurrency {
        let buyer = format!("bench-{concurrency}-{b}");
        let first = claimed_session(&http, s, &buyer, 0).await?;
        link(&http, s, &first.0, &first.1).await?;
        let mut mine = vec![first];
        for n in 1..per_buyer {
            mine.push(claimed_session(&http, s, &buyer, n).await?);
        }
        cookies.push(mine);
    }
    let base = s.base.clone();
    let work: Vec<Vec<(usize, (String, String))>> = cookies
        .into_iter()
        .map(|mine| mine.into_iter().enumerate().collect())
        .collect();
    let send = move |(i, (id, cookie)): (usize, (String, String))| {
        let request = http
            .post(format!("{base}/api/checkout-sessions/{id}/payments"))
            .header("cookie", format!("checkout_sid={cookie}"))
            .header("idempotency-key", format!("k{i}"))
            .header("x-checkout-request", "1")
            .json(&json!({"wallet": "GCASH"}));
        async move {
            match request.send().await {
                Ok(r) => Outcome {
                    ok: r.status().is_success(),
                    app_ms: app_ms(&r),
                },
                Err(_) => Outcome {
                    ok: false,
                    app_ms: None,
                },
            }
        }
    };
    drive(
        "POST /api/checkout-sessions/{id}/payments",
        concurrency,
        work,
        send,
        pace,
    )
    .await
}

async fn notifications(s: &Server, concurrency: usize, total: usize) -> anyhow::Result<Level> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    // Signed in advance: the clock measures the service, not this generator.
    let signed: Vec<(String, String, String)> = (0..total)
        .map(|i| {
            let body = json!({"notifyType": "PAYMENT_RESULT", "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
                "paymentRequestId": format!("pr_bench_{i}"), "paymentId": format!("2026{i:012}"),
                "paymentAmount": {"currency": "PHP", "value": "10000"}}).to_string();
            let time = antom::time::now();
            let sig = SignedContent { method: "POST", path: "/notify/payment", client_id: "SANDBOX_LOCAL_MERCHANT", time: &time, body: body.as_bytes() }
                .sign(&s.antom_key)
                .to_header_value();
            (body, time, sig)
        })
        .collect();
    let chunks: Vec<Vec<(String, String, String)>> = signed
        .chunks(total.div_ceil(concurrency))
        .map(<[_]>::to_vec)
        .collect();
    let url = format!("{}/notify/payment", s.base);
    let send = move |(body, time, sig): (String, String, String)| {
        let request = http
            .post(&url)
            .header("client-id", "SANDBOX_LOCAL_MERCHANT")
            .header("request-time", time)
            .header("signature", sig)
            .body(body);
        async move {
            Outcome {
                ok: request.send().await.is_ok_and(|r| r.status().is_success()),
                app_ms: None,
            }
        }
    };
    drive(
        "POST /notify/payment",
        concurrency,
        chunks,
        send,
        Pace::FlatOut,
    )
    .await
}

/// `GET /checkout/{id}`, the checkout's first paint rendered by the service, one
/// browser at a time: as the buyer whose browser claimed it and as a link holder.
/// Also the page's size, brotli -q 11, as the buyer's browser gets it.
async fn first_paint(s: &Server, requests: usize) -> anyhow::Result<(Vec<Level>, usize)> {
    // The sandbox wallet page answers with a redirect the set-up reads, not follows.
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let (id, cookie) = claimed_session(&http, s, "bench-first-paint", 0).await?;
    link(&http, s, &id, &cookie).await?;
    let url = format!("{}/checkout/{id}", s.base);
    let page = http
        .get(&url)
        .header("cookie", format!("checkout_sid={cookie}"))
        .send()
        .await?
        .text()
        .await?;
    let compressed = before_action::brotli_len(page.as_bytes())?;
    let mut levels = Vec::new();
    for (who, cookie) in [("the buyer", Some(cookie)), ("a link holder", None)] {
        let http = http.clone();
        let url = url.clone();
        let send = move |cookie: Option<String>| {
            let mut request = http.get(&url).header("accept-language", "en");
            if let Some(c) = &cookie {
                request = request.header("cookie", format!("checkout_sid={c}"));
            }
            async move {
                match request.send().await {
                    Ok(r) => {
                        let app_ms = app_ms(&r);
                        let ok = r.status().is_success() && r.bytes().await.is_ok();
                        Outcome { ok, app_ms }
                    }
                    Err(_) => Outcome {
                        ok: false,
                        app_ms: None,
                    },
                }
            }
        };
        levels.push(
            drive(
                &format!("GET /checkout/{{id}} (first paint), {who}"),
                1,
                vec![vec![cookie; requests]],
                send,
                Pace::FlatOut,
            )
            .await?,
        );
    }
    Ok((levels, compressed))
}

/// Runs each worker's jobs in order, all workers at once, timing every request.
async fn drive<J, F, Fut>(
    name: &str,
    concurrency: usize,
    work: Vec<Vec<J>>,
    send: F,
    pace: Pace,
) -> anyhow::Result<Level>
where
    J: Send + 'static,
    F: Fn(J) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Outcome> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (worker, jobs) in work.into_iter().enumerate() {
        let send = send.clone();
        let mut thinker = Thinker(0x9e37_79b9_7f4a_7c15 ^ (worker as u64 + 1));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(jobs.len());
            let mut app = Vec::new();
            let mut errors = 0;
            for job in jobs {
                if let Pace::Thinking(mean) = pace {
                    tokio::time::sleep(thinker.pause(mean)).await;
                }
                let t = Instant::now();
                let outcome = send(job).await;
                latencies.push(t.elapsed());
                errors += usize::from(!outcome.ok);
                app.extend(
                    outcome
                        .app_ms
                        .map(|ms| Duration::from_secs_f64(ms / 1000.0)),
                );
            }
            (latencies, app, errors)
        }));
    }
    let mut all = Vec::new();
    let mut app = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (latencies, a, e) = t.await?;
        all.extend(latencies);
        app.extend(a);
        errors += e;
    }
    let elapsed = started.elapsed();
    all.sort();
    app.sort();
    Ok(Level {
        name: name.into(),
        concurrency,
        think_ms: match pace {
            Pace::FlatOut => 0,
            Pace::Thinking(mean) => mean.as_millis() as u64,
        },
        requests: all.len(),
        errors,
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
        app_p50_ms: (!app.is_empty()).then(|| percentile(&app, 0.50)),
        app_p99_ms: (!app.is_empty()).then(|| percentile(&app, 0.99)),
    })
}

/// What the service did under load, and what RSA costs.
pub struct ServiceReport {
    pub levels: Vec<Level>,
    /// Webhook latency at steady charge rates.
    pub deliveries: Vec<webhooks::Delivery>,
    pub sign_ms: f64,
    pub verify_ms: f64,
    /// The checkout's first-paint HTML (a buyer with a linked wallet), brotli -q 11.
    pub first_paint_brotli: Option<usize>,
    /// What must arrive before a first visit's primary action works ([`before_action`]).
    pub bytes_before_action: Option<usize>,
}

/// Which of the service's load levels to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Every level.
    All,
    /// The webhook latency (`--webhooks`).
    Webhooks,
    /// Merchant-initiated charges, under each kind of mandate (`--charges`).
    Charges,
}

/// Runs the load levels against `server`.
pub fn run(server: &Server, only: Only) -> anyhow::Result<ServiceReport> {
    let webhooks_only = only != Only::All;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut levels = Vec::new();
    // One buyer alone shows what the service adds when nothing queues; 50 and 200
    // flat out load the machine; 200 who think ~2 s between payments (~100 a
    // second, a very busy shop) are what "200 concurrent buyers" means for people.
    let think = Duration::from_secs(2);
    let all_levels = [
        (1, 200, Pace::FlatOut),
        (50, 20, Pace::FlatOut),
        (200, 10, Pace::FlatOut),
        (200, 5, Pace::Thinking(think)),
    ];
    for (concurrency, per_buyer, pace) in all_levels.into_iter().filter(|_| !webhooks_only) {
        let how = match pace {
            Pace::FlatOut => "flat out",
            Pace::Thinking(_) => "each paying every ~2 s",
        };
        step(&format!(
            "POST /api/checkout-sessions/{{id}}/payments, {concurrency} concurrent buyers, {how}"
        ));
        levels.push(runtime.block_on(payments(server, concurrency, per_buyer, pace))?);
    }
    let (mut first_paint_brotli, mut bytes_before_action) = (None, None);
    if !webhooks_only {
        let http = reqwest::Client::new();
        bytes_before_action =
            Some(runtime.block_on(before_action::bytes_before_action(&http, server))?);
        step("GET /checkout/{id}: the first paint, 2,000 times as the buyer and as a link holder");
        let (paints, size) = runtime.block_on(first_paint(server, 2_000))?;
        levels.extend(paints);
        first_paint_brotli = Some(size);
        step("POST /notify/payment, 50 concurrent senders");
        levels.push(runtime.block_on(notifications(server, 50, 5_000))?);
    }
    if only != Only::Webhooks {
        levels.extend(webhooks::charge_levels(&runtime, server)?);
    }
    let mut deliveries = Vec::new();
    for rate in [50, 200].into_iter().filter(|_| only != Only::Charges) {
        step(&format!("webhook latency: charges at {rate}/s for 10 s, payment.succeeded to a loopback receiver"));
        deliveries.push(runtime.block_on(webhooks::webhook_latency(server, rate, 10))?);
    }
    let (sign_ms, verify_ms) = rsa_costs()?;
    Ok(ServiceReport {
        levels,
        deliveries,
        sign_ms,
        verify_ms,
        first_paint_brotli,
        bytes_before_action,
    })
}
