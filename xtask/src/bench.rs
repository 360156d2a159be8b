//! `cargo xtask bench`: numbers, not impressions. Builds the service with the
//! `server` profile, starts it in sandbox mode on a loopback port, and drives
//! it with a load generator written here (tokio + reqwest):
//!
//! - `POST /api/payments` at 50 and 200 concurrent buyers, each with a linked
//!   wallet and a fresh checkout per payment (set up before the clock starts);
//! - `POST /notify/payment` with valid signatures, prepared in advance;
//! - what RSA costs per payment (2 signatures and 2 verifications: merchant
//!   and embedded sandbox each sign and verify once).
//!
//! Results go to the terminal and to `target/bench/report.md` and `.json`.

use crate::cmd::{command, in_dir, run, step};
use crate::root;
use antom::signature::SignedContent;
use anyhow::{bail, Context};
use serde_json::{json, Value};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
    api_key: String,
    antom_key: antom::PrivateKey,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Latency summary of one load level.
struct Level {
    name: String,
    concurrency: usize,
    requests: usize,
    errors: usize,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn start_server() -> anyhow::Result<Server> {
    let root = root();
    step("building the merchant service (server profile)");
    run(in_dir(
        &mut command(
            "cargo",
            &[
                "build",
                "--quiet",
                "--profile",
                "server",
                "--package",
                "merchant",
            ],
        ),
        &root,
    ))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let data = root.join(format!("target/bench/data-{port}"));
    std::fs::create_dir_all(&data)?;
    let child = command(root.join("target/server/merchant"), &[])
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("DATA_DIR", &data)
        .env("APP_DIR", root.join("dist"))
        .env("WORKER_INTERVAL_MS", "3600000")
        .env("SANDBOX_NOTIFICATIONS", "off")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .context("starting the merchant service")?;
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("the service did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |f: &str| std::fs::read_to_string(data.join(f)).map(|s| s.trim().to_owned());
    Ok(Server {
        child,
        base,
        api_key: read("sandbox-merchant-api-key")?,
        antom_key: antom::PrivateKey::from_text(&read("sandbox-antom-private-key")?)?,
    })
}

async fn post(
    http: &reqwest::Client,
    url: String,
    cookie: Option<&str>,
    body: Value,
    bearer: Option<&str>,
) -> anyhow::Result<reqwest::Response> {
    let mut req = http.post(url).header("x-checkout-request", "1").json(&body);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("checkout_sid={c}"));
    }
    if let Some(k) = bearer {
        req = req.bearer_auth(k);
    }
    Ok(req.send().await?)
}

/// A claimed checkout session for `buyer`: its cookie value.
async fn claimed_session(
    http: &reqwest::Client,
    s: &Server,
    buyer: &str,
    n: usize,
) -> anyhow::Result<String> {
    let created: Value = post(
        http,
        format!("{}/v1/checkout-sessions", s.base),
        None,
        json!({"buyer_reference": buyer, "order": {"reference": format!("{buyer}-{n}"), "description": "bench", "amount": 10_000, "currency": "PHP"}, "region": "PH", "expires_in_seconds": 3600}),
        Some(&s.api_key),
    )
    .await?
    .json()
    .await?;
    let id = created["id"].as_str().context("session id")?;
    let token = created["url"]
        .as_str()
        .and_then(|u| u.split_once("#t="))
        .context("token")?
        .1;
    let claimed = post(
        http,
        format!("{}/api/checkout-sessions/{id}/claim", s.base),
        None,
        json!({"token": token}),
        None,
    )
    .await?;
    let cookie = claimed
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .and_then(|v| v.split_once('='))
        .context("cookie")?
        .1
        .to_owned();
    Ok(cookie)
}

/// Links GCASH for the buyer of `cookie`, as a person would in the sandbox.
async fn link(http: &reqwest::Client, s: &Server, cookie: &str) -> anyhow::Result<()> {
    let urls: Value = post(
        http,
        format!("{}/api/authorizations", s.base),
        Some(cookie),
        json!({"wallet": "GCASH", "terminal": "WEB"}),
        None,
    )
    .await?
    .json()
    .await?;
    let page = urls["normal_url"].as_str().context("normal_url")?;
    let back = http
        .post(page)
        .form(&[("decision", "agree"), ("login", "09171234123")])
        .send()
        .await?;
    let location = reqwest::Url::parse(
        back.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .context("redirect")?,
    )?;
    let q = |k: &str| {
        location
            .query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    let done = post(
        http,
        format!("{}/api/authorizations/complete", s.base),
        Some(cookie),
        json!({"auth_code": q("authCode"), "auth_state": q("authState")}),
        None,
    )
    .await?;
    if !done.status().is_success() {
        bail!("linking failed: {}", done.status());
    }
    Ok(())
}

async fn payments(s: &Server, concurrency: usize, per_buyer: usize) -> anyhow::Result<Level> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()?;
    // Set-up, off the clock: each buyer links once, then gets one claimed checkout per payment.
    let mut cookies: Vec<Vec<String>> = Vec::with_capacity(concurrency);
    for b in 0..concurrency {
        let buyer = format!("bench-{concurrency}-{b}");
        let first = claimed_session(&http, s, &buyer, 0).await?;
        link(&http, s, &first).await?;
        let mut mine = vec![first];
        for n in 1..per_buyer {
            mine.push(claimed_session(&http, s, &buyer, n).await?);
        }
        cookies.push(mine);
    }
    let url = format!("{}/api/payments", s.base);
    let work: Vec<Vec<(usize, String)>> = cookies
        .into_iter()
        .map(|mine| mine.into_iter().enumerate().collect())
        .collect();
    let send = move |(i, cookie): (usize, String)| {
        let request = http
            .post(&url)
            .header("cookie", format!("checkout_sid={cookie}"))
            .header("idempotency-key", format!("k{i}"))
            .header("x-checkout-request", "1")
            .json(&json!({"wallet": "GCASH"}));
        async move { request.send().await.is_ok_and(|r| r.status().is_success()) }
    };
    drive("POST /api/payments", concurrency, work, send).await
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
        async move { request.send().await.is_ok_and(|r| r.status().is_success()) }
    };
    drive("POST /notify/payment", concurrency, chunks, send).await
}

/// Runs each worker's jobs in order, all workers at once, timing every request.
async fn drive<J, F, Fut>(
    name: &str,
    concurrency: usize,
    work: Vec<Vec<J>>,
    send: F,
) -> anyhow::Result<Level>
where
    J: Send + 'static,
    F: Fn(J) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let started = Instant::now();
    let mut tasks = Vec::new();
    for jobs in work {
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(jobs.len());
            let mut errors = 0;
            for job in jobs {
                let t = Instant::now();
                let ok = send(job).await;
                latencies.push(t.elapsed());
                errors += usize::from(!ok);
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (latencies, e) = t.await?;
        all.extend(latencies);
        errors += e;
    }
    let elapsed = started.elapsed();
    all.sort();
    Ok(Level {
        name: name.into(),
        concurrency,
        requests: all.len(),
        errors,
        per_second: all.len() as f64 / elapsed.as_secs_f64(),
        p50_ms: percentile(&all, 0.50),
        p99_ms: percentile(&all, 0.99),
    })
}

/// Milliseconds of CPU for one RSA-2048 signature and one verification.
fn rsa_costs() -> anyhow::Result<(f64, f64)> {
    let key = antom::PrivateKey::generate()?;
    let public = key.public_key();
    let content = SignedContent {
        method: "POST",
        path: "/ams/api/v1/payments/pay",
        client_id: "c",
        time: "t",
        body: &[b'x'; 600],
    };
    let n = 200;
    let t = Instant::now();
    let mut header = content.sign(&key);
    for _ in 1..n {
        header = content.sign(&key);
    }
    let sign_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    let t = Instant::now();
    for _ in 0..n {
        content.verify(&public, &header)?;
    }
    let verify_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    Ok((sign_ms, verify_ms))
}

/// Runs every benchmark and writes the report.
pub fn bench() -> anyhow::Result<()> {
    let server = start_server()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let mut levels = Vec::new();
    for (concurrency, per_buyer) in [(50, 20), (200, 10)] {
        step(&format!(
            "POST /api/payments, {concurrency} concurrent buyers"
        ));
        levels.push(runtime.block_on(payments(&server, concurrency, per_buyer))?);
    }
    step("POST /notify/payment, 50 concurrent senders");
    levels.push(runtime.block_on(notifications(&server, 50, 5_000))?);
    drop(server);
    let (sign_ms, verify_ms) = rsa_costs()?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut md = String::from("| endpoint | concurrency | requests | errors | req/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for l in &levels {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {:.0} | {:.2} | {:.2} |\n",
            l.name, l.concurrency, l.requests, l.errors, l.per_second, l.p50_ms, l.p99_ms
        ));
    }
    let pay_rsa_ms = 2.0 * sign_ms + 2.0 * verify_ms;
    md.push_str(&format!(
        "\nRSA-2048: sign {sign_ms:.3} ms, verify {verify_ms:.3} ms of CPU. A payment here costs 2 signs + 2 verifies \
         (merchant and embedded sandbox) = {pay_rsa_ms:.2} ms; a notification 1 verify = {verify_ms:.3} ms.\n"
    ));
    for l in &levels {
        let per_req = if l.name.contains("payments") {
            pay_rsa_ms
        } else {
            verify_ms
        };
        let share = per_req * l.per_second / 1000.0 / cores as f64 * 100.0;
        md.push_str(&format!(
            "- {} at {}: RSA ≈ {share:.0}% of the machine's {cores} cores\n",
            l.name, l.concurrency
        ));
    }
    println!("\n{md}");
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("report.md"), &md)?;
    let rows: Vec<Value> = levels
        .iter()
        .map(|l| json!({"endpoint": l.name, "concurrency": l.concurrency, "requests": l.requests, "errors": l.errors,
            "per_second": l.per_second, "p50_ms": l.p50_ms, "p99_ms": l.p99_ms}))
        .collect();
    let report = json!({"service": rows, "rsa": {"sign_ms": sign_ms, "verify_ms": verify_ms}, "cores": cores});
    std::fs::write(
        out.join("report.json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    println!("written to target/bench/report.md and report.json");
    Ok(())
}
