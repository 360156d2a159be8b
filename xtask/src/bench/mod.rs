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
mod server;

use crate::cmd::step;
use crate::{root, tools};
use anyhow::bail;
use budgets::{Budgets, Verdict};
use pages::{median, Asset};
use serde_json::{json, Value};
use server::{start_server, Server};
use std::fmt::Write;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

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
/// with `--webhooks`, the webhook latency only.
fn bench_service(root: &Path, webhooks_only: bool) -> anyhow::Result<()> {
    tools::prepare_path(root)?;
    let server = start_server(root, &root.join("dist"))?;
    let service = load::run(&server, webhooks_only)?;
    drop(server);
    let mut md = String::from(
        "# Benchmark: the service

",
    );
    service_tables(&mut md, &service);
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
        let own = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
        let pace = if l.think_ms == 0 {
            "flat out".to_owned()
        } else {
            format!("thinking ~{} s", l.think_ms / 1000)
        };
        let _ = writeln!(
            md,
            "| {} | {} | {pace} | {} | {} | {:.0} | {:.2} | {:.2} | {} | {} |",
            l.name,
            l.concurrency,
            l.requests,
            l.errors,
            l.per_second,
            l.p50_ms,
            l.p99_ms,
            own(l.app_p50_ms),
            own(l.app_p99_ms)
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

/// Runs everything and writes the report; with `check`, fails on a broken budget.
pub fn bench(args: &[String]) -> anyhow::Result<()> {
    let check = args.iter().any(|a| a == "--check");
    let root = root();
    if args.iter().any(|a| a == "--service") {
        return bench_service(&root, args.iter().any(|a| a == "--webhooks"));
    }
    tools::prepare_path(&root)?;
    tools::ensure_build_tools(&root)?;
    tools::ensure_test_packages()?;
    tools::ensure_npm_packages(&root.join("bench"))?;
    crate::run::build_app(&root)?;

    let out = root.join("target/bench");
    let app_dir = out.join("app");
    let _ = std::fs::remove_dir_all(&app_dir);
    copy_dir(&root.join("dist"), &app_dir)?;
    let adyen_dir = pages::build_adyen_page(&root, &app_dir)?;
    let floor_dirs = pages::build_floor_pages(&root, &app_dir)?;

    let ours = pages::first_load(&app_dir, "/", &[])?;
    let adyen = pages::first_load(&adyen_dir, "/bench/adyen/", &["payment-methods.json"])?;
    let floors = pages::FLOORS
        .iter()
        .zip(&floor_dirs)
        .map(|((name, _), dir)| {
            pages::first_load(dir, &format!("/bench/floor-{name}/"), &["summary.json"])
        })
        .collect::<anyhow::Result<Vec<_>>>()?;

    let server = start_server(&root, &app_dir)?;
    let speed = pages::measure(&root, &server.base, &server.api_key)?;
    // Kept at once: the page runs take minutes, and a later step may fail.
    std::fs::create_dir_all(&out)?;
    std::fs::write(
        out.join("page_speed.json"),
        serde_json::to_string_pretty(&speed)?,
    )?;
    let service = load::run(&server, false)?;
    drop(server);

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut md = String::from("# Benchmark\n\n## Size: first load of the checkout page\n\n");
    size_table(&mut md, "ours", &ours);
    md.push_str("Fonts: none (the system font stack). Wallet marks: inline SVG drawn by the app (no requests). \
        The page also fetches its checkout session (one small JSON call), as Adyen's page fetches its payment methods.\n\n");
    size_table(&mut md, "Adyen Drop-in", &adyen);
    md.push_str("The floor (`bench/floor`): the least a page on our stack downloads. It fetches a session-like JSON \
        file and shows a translated heading and three wallets, built exactly as the checkout is; once with \
        i18n-embed and Fluent (the checkout's stack), once without.\n\n");
    for ((name, _), assets) in pages::FLOORS.iter().zip(&floors) {
        size_table(&mut md, &format!("floor, {name}"), assets);
    }

    let lh = &speed["lighthouse"];
    let visible = &speed["visible_ms"];
    let runs = |page: &str| -> Vec<f64> {
        visible[page]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    // (figure, ours, Adyen's, the floor's): Lighthouse's by their audit keys, then our own two.
    let mut rows: Vec<(&str, f64, f64, f64)> = [
        ("LCP ms", "lcp_ms"),
        ("FCP ms", "fcp_ms"),
        ("TBT ms", "tbt_ms"),
        ("CLS", "cls"),
        ("performance", "performance"),
        ("accessibility", "accessibility"),
        ("best practices", "best_practices"),
        ("SEO", "seo"),
    ]
    .iter()
    .map(|(name, key)| {
        (
            *name,
            figure(lh, "ours", key),
            figure(lh, "adyen", key),
            figure(lh, "floor", key),
        )
    })
    .collect();
    rows.push((
        "wallet list visible ms (CPU 4×, Slow 4G)",
        median(runs("ours")),
        median(runs("adyen")),
        median(runs("floor")),
    ));
    let action = &speed["action_ms"];
    let action_runs = |page: &str| -> Vec<f64> {
        action[page]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    rows.push((
        "primary action usable ms (CPU 4×, Slow 4G)",
        median(action_runs("ours")),
        median(action_runs("adyen")),
        f64::NAN,
    ));
    // The trace's own figures, beside Lighthouse's simulated TBT.
    let main_thread = &speed["main_thread"];
    for (name, key) in [
        (
            "main-thread blocking after FCP ms (trace, CPU 4×)",
            "blocking_ms",
        ),
        ("longest task after FCP ms (trace, CPU 4×)", "longest_ms"),
        ("main-thread busy after FCP ms (trace, CPU 4×)", "busy_ms"),
    ] {
        rows.push((
            name,
            figure(main_thread, "ours", key),
            figure(main_thread, "adyen", key),
            figure(main_thread, "floor", key),
        ));
    }
    rows.push((
        "first-load bytes, brotli",
        total(&ours).2 as f64,
        total(&adyen).2 as f64,
        total(&floors[0]).2 as f64,
    ));
    let ours_figure = |name: &str| rows.iter().find(|r| r.0 == name).map_or(f64::NAN, |r| r.1);
    md.push_str("## Page speed: medians of Lighthouse ×5 (mobile, simulated throttling), Playwright ×7 and Chrome traces ×7 (CPU 4×, loopback), interleaved\n\n");
    md.push_str(
        "| figure | ours | Adyen | ours / Adyen | floor (fluent) |\n|---|---:|---:|---:|---:|\n",
    );
    for (name, o, a, f) in &rows {
        let ratio = if *a == 0.0 {
            String::from("–")
        } else {
            format!("{:.2}", o / a)
        };
        let _ = writeln!(md, "| {name} | {o:.3} | {a:.3} | {ratio} | {f:.3} |");
    }
    md.push('\n');

    md.push_str("## Service: embedded sandbox, SQLite, load generator on the same machine\n\n");
    md.push_str("Flat out, each buyer pays again the moment it is answered: that measures the machine's throughput, \
        and the latency there is queueing for its cores. Thinking, each buyer waits a random time (exponential, \
        mean 2 s) between payments, as people do: what the service adds to a click while 200 buyers check out.\n\n");
    service_tables(&mut md, &service);
    let (sign_ms, verify_ms) = (service.sign_ms, service.verify_ms);
    let pay_rsa_ms = 2.0 * sign_ms + 2.0 * verify_ms;
    let _ = writeln!(
        md,
        "\nRSA-2048: sign {sign_ms:.3} ms, verify {verify_ms:.3} ms of CPU. A payment here costs 2 signs + 2 verifies \
         (merchant and embedded sandbox) = {pay_rsa_ms:.2} ms; a notification 1 verify = {verify_ms:.3} ms."
    );
    for l in &service.levels {
        let per_req = if l.name.contains("payments") {
            pay_rsa_ms
        } else {
            verify_ms
        };
        let share = per_req * l.per_second / 1000.0 / cores as f64 * 100.0;
        let _ = writeln!(
            md,
            "- {} at {}: RSA ≈ {share:.0}% of the machine's {cores} cores",
            l.name, l.concurrency
        );
    }

    let budgets = Budgets::load(&root)?;
    let at_200 = service
        .levels
        .iter()
        .find(|l| l.name.contains("payments") && l.concurrency == 200 && l.think_ms > 0);
    let notify = service.levels.iter().find(|l| l.name.contains("notify"));
    let verdicts: Vec<Verdict> = vec![
        budgets.check(
            "size",
            "first_load_brotli_bytes",
            total(&ours).2 as f64,
            false,
        )?,
        budgets.check("page", "lcp_ms", ours_figure("LCP ms"), false)?,
        budgets.check("page", "tbt_ms", ours_figure("TBT ms"), false)?,
        budgets.check("page", "cls", ours_figure("CLS"), false)?,
        budgets.check("page", "performance", ours_figure("performance"), true)?,
        budgets.check("page", "accessibility", ours_figure("accessibility"), true)?,
        budgets.check(
            "page",
            "best_practices",
            ours_figure("best practices"),
            true,
        )?,
        budgets.check(
            "page",
            "wallet_list_vs_adyen",
            median(runs("ours")) / median(runs("adyen")),
            false,
        )?,
        budgets.check(
            "page",
            "lcp_vs_adyen",
            ours_figure("LCP ms")
                / rows
                    .iter()
                    .find(|r| r.0 == "LCP ms")
                    .map_or(f64::NAN, |r| r.2),
            false,
        )?,
        budgets.check(
            "page",
            "action_usable_vs_adyen",
            median(action_runs("ours")) / median(action_runs("adyen")),
            false,
        )?,
        budgets.check(
            "page",
            "first_paint_html_brotli_bytes",
            service.first_paint_brotli.map_or(f64::NAN, |b| b as f64),
            false,
        )?,
        budgets.check(
            "service",
            "first_paint_p99_ms",
            service
                .levels
                .iter()
                .filter(|l| l.name.contains("first paint"))
                .filter_map(|l| l.app_p99_ms)
                .fold(f64::NAN, f64::max),
            false,
        )?,
        budgets.check(
            "service",
            "added_p99_ms_at_200_buyers",
            at_200.and_then(|l| l.app_p99_ms).unwrap_or(f64::NAN),
            false,
        )?,
        budgets.check(
            "service",
            "notifications_per_second",
            notify.map_or(f64::NAN, |l| l.per_second),
            true,
        )?,
        budgets.check(
            "service",
            "webhook_p99_ms_at_200_per_second",
            service
                .deliveries
                .iter()
                .find(|d| d.rate == 200)
                .map_or(f64::NAN, |d| d.p99_ms),
            false,
        )?,
    ];
    md.push_str("\n## Budgets (`bench/budgets.toml`)\n\n| budget | limit | measured | holds |\n|---|---:|---:|---|\n");
    for v in &verdicts {
        let sign = if v.at_least { "≥" } else { "≤" };
        let _ = writeln!(
            md,
            "| {} | {sign} {} | {:.3} | {} |",
            v.name,
            v.limit,
            v.measured,
            if v.holds() { "yes" } else { "**no**" }
        );
    }
    println!("\n{md}");

    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("report.md"), &md)?;
    let asset_json = |assets: &[Asset]| -> Vec<Value> {
        assets.iter().map(|a| json!({"path": a.path, "kind": a.kind, "counted": a.counts(), "raw": a.sizes.raw, "gzip": a.sizes.gzip, "brotli": a.sizes.brotli})).collect()
    };
    let report = json!({
        "size": {"ours": asset_json(&ours), "adyen": asset_json(&adyen),
            "floor_fluent": asset_json(&floors[0]), "floor_plain": asset_json(&floors[1])},
        "page_speed": {"runs": speed, "medians": rows.iter().map(|(n, o, a, f)| json!({"figure": n, "ours": o, "adyen": a, "floor": f})).collect::<Vec<_>>()},
        "service": service.levels.iter().map(|l| json!({"endpoint": l.name, "concurrency": l.concurrency, "requests": l.requests, "errors": l.errors,
            "think_ms": l.think_ms, "per_second": l.per_second, "p50_ms": l.p50_ms, "p99_ms": l.p99_ms,
            "service_p50_ms": l.app_p50_ms, "service_p99_ms": l.app_p99_ms})).collect::<Vec<_>>(),
        "rsa": {"sign_ms": sign_ms, "verify_ms": verify_ms},
        "budgets": verdicts.iter().map(|v| json!({"budget": v.name, "limit": v.limit, "measured": v.measured, "at_least": v.at_least, "holds": v.holds()})).collect::<Vec<_>>(),
        "cores": cores,
    });
    std::fs::write(
        out.join("report.json"),
        serde_json::to_string_pretty(&report)?,
    )?;
    println!("written to target/bench/report.md and report.json");
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
