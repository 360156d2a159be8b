//! `cargo xtask bench [--check]`: numbers, not impressions.
//!
//! Builds the release apps, bundles Adyen's Drop-in beside them (`bench/adyen`)
//! and builds the floor page (`bench/floor`: the least a page on our stack can
//! be), starts the merchant service (`server` profile, sandbox mode) serving
//! all with the same precompression, and prints one table: first-load sizes,
//! Lighthouse and throttled timings of the three pages, and the service under load.
//! The table goes to `target/bench/report.md` (and `.json`); `--check` fails
//! when a budget of `bench/budgets.toml` is exceeded.

mod budgets;
mod load;
mod pages;
mod report;
mod server;

use crate::cmd::{copy_dir, step};
use crate::{root, tools};
use anyhow::bail;
use budgets::Budgets;
use pages::{median, Asset};
use serde_json::Value;
use server::{start_server, Server};
use std::fmt::Write;
use std::path::Path;

fn total(assets: &[Asset]) -> (usize, usize, usize) {
    assets
        .iter()
        .filter(|a| a.counts())
        .fold((0, 0, 0), |t, a| {
            (t.0 + a.sizes.raw, t.1 + a.sizes.gzip, t.2 + a.sizes.brotli)
        })
}

fn size_table(md: &mut String, title: &str, assets: &[Asset]) {
    let _ = writeln!(
        md,
        "| {title} | kind | raw | gzip -9 | brotli 11 |\n|---|---|---:|---:|---:|"
    );
    for a in assets.iter().filter(|a| a.counts()) {
        let _ = writeln!(
            md,
            "| `{}` | {} | {} | {} | {} |",
            a.path, a.kind, a.sizes.raw, a.sizes.gzip, a.sizes.brotli
        );
    }
    let (raw, gz, br) = total(assets);
    let _ = writeln!(md, "| **first load** | | **{raw}** | **{gz}** | **{br}** |");
    for a in assets.iter().filter(|a| !a.counts()) {
        let _ = writeln!(
            md,
            "| `{}` (not counted) | {} | {} | {} | {} |",
            a.path, a.kind, a.sizes.raw, a.sizes.gzip, a.sizes.brotli
        );
    }
    md.push('\n');
}

/// `cargo xtask size`: the checkout's first-load assets in `dist/` as built (no rebuild).
pub fn size() -> anyhow::Result<()> {
    let assets = pages::first_load(&root().join("dist"), "/", &[])?;
    let mut md = String::new();
    size_table(&mut md, "ours", &assets);
    print!("{md}");
    Ok(())
}

/// The checkout's first-load brotli bytes against the ratchet of `bench/budgets.toml` (for `cargo xtask test`).
pub fn check_size(root: &Path) -> anyhow::Result<()> {
    step("size budget of the checkout's first load");
    let assets = pages::first_load(&root.join("dist"), "/", &[])?;
    let (_, _, brotli) = total(&assets);
    let budgets = Budgets::load(root)?;
    let ratchet = budgets.limit("size", "ratchet_brotli_bytes")?;
    let goal = budgets.limit("size", "first_load_brotli_bytes")?;
    println!("  first load {brotli} bytes brotli; ratchet {ratchet:.0}, goal {goal:.0}");
    // What the primary action waits for today; #35 takes it off that path.
    let wasm: usize = assets
        .iter()
        .filter(|a| a.counts() && a.path.ends_with(".wasm"))
        .map(|a| a.sizes.brotli)
        .sum();
    println!(
        "  of which the wasm {wasm} bytes brotli ({:.0}%)",
        100.0 * wasm as f64 / brotli.max(1) as f64
    );
    if brotli as f64 > ratchet {
        bail!("the checkout's first load grew to {brotli} bytes brotli, over the ratchet of {ratchet:.0} in bench/budgets.toml");
    }
    // What a merchant's page downloads to embed the checkout (served as written).
    let script = std::fs::read(root.join("embed/v1.js"))?;
    let mut embed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut script.as_slice(), &mut embed, &params)?;
    let limit = budgets.limit("size", "embed_brotli_bytes")?;
    println!(
        "  embed/v1.js {} bytes brotli ({} raw); budget {limit:.0}",
        embed.len(),
        script.len()
    );
    if embed.len() as f64 > limit {
        bail!(
            "embed/v1.js grew to {} bytes brotli, over {limit:.0} in bench/budgets.toml",
            embed.len()
        );
    }
    Ok(())
}

fn figure(runs: &Value, page: &str, key: &str) -> f64 {
    median(
        runs[page]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r[key].as_f64()).collect())
            .unwrap_or_default(),
    )
}

/// The service alone (`--service`): its load levels and webhook latency, no pages;
/// with `--webhooks`, the webhook latency only; with `--charges`, merchant-initiated
/// charges under each kind of mandate only.
fn bench_service(root: &Path, only: load::Only) -> anyhow::Result<()> {
    tools::prepare_path(root)?;
    let server = start_server(root, &root.join("dist"))?;
    let service = load::run(&server, only)?;
    drop(server);
    let mut md = String::from(
        "# Benchmark: the service

",
    );
    service_tables(&mut md, &service);
    if only == load::Only::All {
        telemetry_table(&mut md, &load::telemetry::run(root, &root.join("dist"))?);
    }
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("service.md"), &md)?;
    println!("\n{md}");
    Ok(())
}

/// The load levels and the webhook latency as Markdown tables.
fn service_tables(md: &mut String, service: &load::ServiceReport) {
    md.push_str("| endpoint | buyers | pace | requests | errors | req/s | p50 ms | p99 ms | service's own p50 ms | own p99 ms |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for l in &service.levels {
        let pace = if l.think_ms == 0 {
            "flat out".to_owned()
        } else {
            format!("thinking ~{} s", l.think_ms / 1000)
        };
        let _ = writeln!(
            md,
            "| {} | {} | {pace} | {} |",
            l.name,
            l.concurrency,
            figures(l)
        );
    }
    md.push_str("\n### Webhooks: a charge's answer (state committed) → its `payment.succeeded` at a loopback receiver\n\n\
        | charges/s | answered | webhooks received | p50 ms | p99 ms |\n|---:|---:|---:|---:|---:|\n");
    for d in &service.deliveries {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.1} | {:.1} |",
            d.rate, d.sent, d.received, d.p50_ms, d.p99_ms
        );
    }
}

/// A level's requests, errors, rate, latencies and the service's own share, as table cells.
fn figures(l: &load::Level) -> String {
    let own = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
    format!(
        "{} | {} | {:.0} | {:.2} | {:.2} | {} | {}",
        l.requests,
        l.errors,
        l.per_second,
        l.p50_ms,
        l.p99_ms,
        own(l.app_p50_ms),
        own(l.app_p99_ms)
    )
}

/// The payments levels with metrics and traces off and on, side by side.
fn telemetry_table(md: &mut String, costs: &[load::telemetry::Cost]) {
    md.push_str("\n### What metrics and traces cost: `POST /api/checkout-sessions/{id}/payments`, a fresh service per row\n\n\
        | telemetry | buyers | requests | errors | req/s | p50 ms | p99 ms | service's own p50 ms | own p99 ms | scrapes | OTLP bytes |\n\
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for c in costs {
        for l in &c.levels {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                c.setting,
                l.concurrency,
                figures(l),
                c.scrapes,
                c.exported_bytes
            );
        }
    }
}

/// Runs everything and writes the report; with `check`, fails on a broken budget.
/// One bench run's measurements.
pub struct Measured {
    /// First-load assets of our checkout.
    pub ours: Vec<Asset>,
    /// First-load assets of Adyen's Drop-in page.
    pub adyen: Vec<Asset>,
    /// First-load assets of each floor page, in `pages::FLOORS`' order.
    pub floors: Vec<Vec<Asset>>,
    /// Lighthouse, Playwright and trace figures of the three pages (`measure.mjs`).
    pub speed: Value,
    /// The service under load.
    pub service: load::ServiceReport,
}

/// `cargo xtask bench [--check | --service [--webhooks | --charges]]`; `--service`
/// alone also measures what metrics and traces cost.
pub fn bench(args: &[String]) -> anyhow::Result<()> {
    let check = args.iter().any(|a| a == "--check");
    let root = root();
    if args.iter().any(|a| a == "--service") {
        let flag = |f: &str| args.iter().any(|a| a == f);
        let only = match (flag("--webhooks"), flag("--charges")) {
            (true, _) => load::Only::Webhooks,
            (_, true) => load::Only::Charges,
            _ => load::Only::All,
        };
        return bench_service(&root, only);
    }
    let out = root.join("target/bench");
    let measured = measure(&root, &out)?;
    let verdicts = report::write(&root, &out, &measured)?;
    let broken: Vec<&str> = verdicts
        .iter()
        .filter(|v| !v.holds())
        .map(|v| v.name.as_str())
        .collect();
    if check && !broken.is_empty() {
        bail!("budgets exceeded: {}", broken.join(", "));
    }
    Ok(())
}

/// Builds the three pages, serves them, and measures sizes, page speed and the service.
fn measure(root: &Path, out: &Path) -> anyhow::Result<Measured> {
    tools::prepare_path(root)?;
    tools::ensure_build_tools(root)?;
    tools::ensure_test_packages()?;
    tools::ensure_npm_packages(&root.join("bench"))?;
    crate::run::build_app(root)?;

    let app_dir = out.join("app");
    let _ = std::fs::remove_dir_all(&app_dir);
    copy_dir(&root.join("dist"), &app_dir)?;
    let adyen_dir = pages::build_adyen_page(root, &app_dir)?;
    let floor_dirs = pages::build_floor_pages(root, &app_dir)?;

    let ours = pages::first_load(&app_dir, "/", &[])?;
    let adyen = pages::first_load(&adyen_dir, "/bench/adyen/", &["payment-methods.json"])?;
    let floors = pages::FLOORS
        .iter()
        .zip(&floor_dirs)
        .map(|((name, _), dir)| {
            pages::first_load(dir, &format!("/bench/floor-{name}/"), &["summary.json"])
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let server = start_server(root, &app_dir)?;
    let speed = pages::measure(root, &server.base, &server.api_key)?;
    // Kept at once: the page runs take minutes, and a later step may fail.
    std::fs::create_dir_all(out)?;
    std::fs::write(
        out.join("page_speed.json"),
        serde_json::to_string_pretty(&speed)?,
    )?;
    let service = load::run(&server, load::Only::All)?;
    drop(server);
    Ok(Measured {
        ours,
        adyen,
        floors,
        speed,
        service,
    })
}
