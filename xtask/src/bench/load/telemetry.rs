//! What metrics and traces cost: the same payments against three fresh services in
//! one run, with nothing served, with `/metrics` scraped every second, and with
//! traces exported too (OTLP/HTTP to a loopback collector that accepts everything).
//! Counting itself is always on (the console's health page reads the counters), so
//! the first row includes it.

use super::{payments, Level, Pace};
use crate::bench::server::start_server_with;
use crate::cmd::step;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One setting's figures.
pub struct Cost {
    /// What was on.
    pub setting: &'static str,
    /// One buyer flat out, then 50.
    pub levels: Vec<Level>,
    /// `/metrics` scrapes made during the levels.
    pub scrapes: u64,
    /// Bytes of OTLP the collector received.
    pub exported_bytes: u64,
}

const TOKEN: &str = "bench-metrics-token-0123456789abcdef";

/// Runs the payments levels under each setting.
pub fn run(root: &Path, app_dir: &Path) -> anyhow::Result<Vec<Cost>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let received = Arc::new(AtomicU64::new(0));
    let collector = runtime.block_on(collector(Arc::clone(&received)))?;
    let settings: [(&'static str, Vec<(&str, String)>); 3] = [
        ("off: no /metrics served, no traces", vec![]),
        (
            "metrics: /metrics scraped every second",
            vec![("METRICS_TOKEN", TOKEN.to_owned())],
        ),
        (
            "metrics and traces (OTLP/HTTP, batched, to a loopback collector)",
            vec![
                ("METRICS_TOKEN", TOKEN.to_owned()),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.clone()),
            ],
        ),
    ];
    let mut costs = Vec::new();
    for (setting, env) in settings {
        step(&format!("telemetry cost: {setting}"));
        let server = start_server_with(root, app_dir, &env)?;
        let scrapes = Arc::new(AtomicU64::new(0));
        let scraper = (!env.is_empty()).then(|| {
            let (url, count) = (format!("{}/metrics", server.base), Arc::clone(&scrapes));
            runtime.spawn(async move {
                let http = reqwest::Client::new();
                loop {
                    if let Ok(r) = http.get(&url).bearer_auth(TOKEN).send().await {
                        if r.status().is_success() && r.bytes().await.is_ok() {
                            count.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            })
        });
        let before = received.load(Ordering::Relaxed);
        let levels = vec![
            runtime.block_on(payments(&server, 1, 200, Pace::FlatOut))?,
            runtime.block_on(payments(&server, 50, 20, Pace::FlatOut))?,
        ];
        if let Some(s) = scraper {
            s.abort();
        }
        // The exporter sends its last batch within its schedule delay (5 s).
        if env.len() > 1 {
            std::thread::sleep(Duration::from_secs(6));
        }
        drop(server);
        costs.push(Cost {
            setting,
            levels,
            scrapes: scrapes.load(Ordering::Relaxed),
            exported_bytes: received.load(Ordering::Relaxed) - before,
        });
    }
    Ok(costs)
}

/// A loopback OTLP/HTTP collector that answers 200 to every post and counts the
/// bytes; its base URL.
async fn collector(received: Arc<AtomicU64>) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let received = Arc::clone(&received);
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 16 * 1024];
                loop {
                    // One request: its head, then Content-Length bytes of body.
                    let Some(end) = find(&buf, b"\r\n\r\n") else {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                        continue;
                    };
                    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    while buf.len() < end + 4 + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    received.fetch_add(length as u64, Ordering::Relaxed);
                    buf.drain(..end + 4 + length);
                    let ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n";
                    if socket.write_all(ok).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Ok(base)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
