//! The bench's one table, as Markdown on the terminal and in
//! `target/bench/report.md`, and as JSON in `report.json`; each budget of
//! `bench/budgets.toml` checked against what was measured.

use super::budgets::{Budgets, Verdict};
use super::pages::{self, median, Asset};
use super::{figure, service_tables, size_table, total, Measured};
use serde_json::{json, Value};
use std::fmt::Write;
use std::path::Path;

/// One page-speed figure: its name, and ours, Adyen's and the floor's value.
type Row = (&'static str, f64, f64, f64);

/// Writes the report; answers each budget's verdict.
pub fn write(root: &Path, out: &Path, m: &Measured) -> anyhow::Result<Vec<Verdict>> {
    let mut md = String::from("# Benchmark\n\n## Size: first load of the checkout page\n\n");
    size_section(&mut md, m);
    let rows = page_rows(m);
    page_section(&mut md, &rows);
    service_section(&mut md, &m.service);
    let verdicts = verdicts(&Budgets::load(root)?, m, &rows)?;
    budget_section(&mut md, &verdicts);
    println!("\n{md}");
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("report.md"), &md)?;
    std::fs::write(
        out.join("report.json"),
        serde_json::to_string_pretty(&as_json(m, &rows, &verdicts))?,
    )?;
    println!("written to target/bench/report.md and report.json");
    Ok(verdicts)
}

fn size_section(md: &mut String, m: &Measured) {
    size_table(md, "ours", &m.ours);
    md.push_str("Fonts: none (the system font stack). Wallet marks: inline SVG drawn by the app (no requests). \
        The page also fetches its checkout session (one small JSON call), as Adyen's page fetches its payment methods.\n\n");
    size_table(md, "Adyen Drop-in", &m.adyen);
    md.push_str("The floor (`bench/floor`): the least a page on our stack downloads. It fetches a session-like JSON \
        file and shows a translated heading and three wallets, built exactly as the checkout is; once with \
        i18n-embed and Fluent (the checkout's stack), once without.\n\n");
    for ((name, _), assets) in pages::FLOORS.iter().zip(&m.floors) {
        size_table(md, &format!("floor, {name}"), assets);
    }
}

/// Each page's runs of one Playwright figure (`visible_ms`, `action_ms`).
fn runs(speed: &Value, figure: &str, page: &str) -> Vec<f64> {
    speed[figure][page]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

/// The median of `figure` for ours over Adyen's.
fn versus_adyen(speed: &Value, figure: &str) -> f64 {
    median(runs(speed, figure, "ours")) / median(runs(speed, figure, "adyen"))
}

/// Lighthouse's figures by their audit keys, then our own, then the trace's.
fn page_rows(m: &Measured) -> Vec<Row> {
    let (lh, speed) = (&m.speed["lighthouse"], &m.speed);
    let mut rows: Vec<Row> = [
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
    let median_of = |figure: &str, page: &str| median(runs(speed, figure, page));
    rows.push((
        "wallet list visible ms (CPU 4×, Slow 4G)",
        median_of("visible_ms", "ours"),
        median_of("visible_ms", "adyen"),
        median_of("visible_ms", "floor"),
    ));
    rows.push((
        "primary action usable ms (CPU 4×, Slow 4G)",
        median_of("action_ms", "ours"),
        median_of("action_ms", "adyen"),
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
        total(&m.ours).2 as f64,
        total(&m.adyen).2 as f64,
        total(&m.floors[0]).2 as f64,
    ));
    rows
}

fn page_section(md: &mut String, rows: &[Row]) {
    md.push_str("## Page speed: medians of Lighthouse ×5 (mobile, simulated throttling), Playwright ×7 and Chrome traces ×7 (CPU 4×, loopback), interleaved\n\n");
    md.push_str(
        "| figure | ours | Adyen | ours / Adyen | floor (fluent) |\n|---|---:|---:|---:|---:|\n",
    );
    for (name, o, a, f) in rows {
        let ratio = if *a == 0.0 {
            String::from("–")
        } else {
            format!("{:.2}", o / a)
        };
        let _ = writeln!(md, "| {name} | {o:.3} | {a:.3} | {ratio} | {f:.3} |");
    }
    md.push('\n');
}

fn service_section(md: &mut String, service: &super::load::ServiceReport) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    md.push_str("## Service: embedded sandbox, SQLite, load generator on the same machine\n\n");
    md.push_str("Flat out, each buyer pays again the moment it is answered: that measures the machine's throughput, \
        and the latency there is queueing for its cores. Thinking, each buyer waits a random time (exponential, \
        mean 2 s) between payments, as people do: what the service adds to a click while 200 buyers check out.\n\n");
    service_tables(md, service);
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
}

/// Every budget against what was measured: (section, name, measured, whether it is a floor).
fn verdicts(budgets: &Budgets, m: &Measured, rows: &[Row]) -> anyhow::Result<Vec<Verdict>> {
    let ours = |name: &str| rows.iter().find(|r| r.0 == name).map_or(f64::NAN, |r| r.1);
    let adyen = |name: &str| rows.iter().find(|r| r.0 == name).map_or(f64::NAN, |r| r.2);
    let service = &m.service;
    let (added_at_200, notify_rate, first_paint_p99, webhook_p99) = service_figures(service);
    let checks: [(&str, &str, f64, bool); 16] = [
        (
            "size",
            "first_load_brotli_bytes",
            total(&m.ours).2 as f64,
            false,
        ),
        ("page", "lcp_ms", ours("LCP ms"), false),
        ("page", "tbt_ms", ours("TBT ms"), false),
        ("page", "cls", ours("CLS"), false),
        ("page", "performance", ours("performance"), true),
        ("page", "accessibility", ours("accessibility"), true),
        ("page", "best_practices", ours("best practices"), true),
        (
            "page",
            "wallet_list_vs_adyen",
            versus_adyen(&m.speed, "visible_ms"),
            false,
        ),
        (
            "page",
            "lcp_vs_adyen",
            ours("LCP ms") / adyen("LCP ms"),
            false,
        ),
        (
            "page",
            "action_usable_vs_adyen",
            versus_adyen(&m.speed, "action_ms"),
            false,
        ),
        (
            "page",
            "first_paint_html_brotli_bytes",
            service.first_paint_brotli.map_or(f64::NAN, |b| b as f64),
            false,
        ),
        (
            "page",
            "bytes_before_action_brotli_bytes",
            service.bytes_before_action.map_or(f64::NAN, |b| b as f64),
            false,
        ),
        ("service", "first_paint_p99_ms", first_paint_p99, false),
        ("service", "added_p99_ms_at_200_buyers", added_at_200, false),
        ("service", "notifications_per_second", notify_rate, true),
        (
            "service",
            "webhook_p99_ms_at_200_per_second",
            webhook_p99,
            false,
        ),
    ];
    checks
        .iter()
        .map(|(section, name, measured, at_least)| {
            budgets.check(section, name, *measured, *at_least)
        })
        .collect()
}

/// The service's budgeted figures: p99 added at 200 thinking buyers,
/// notifications a second, first paint's p99 and webhooks' p99 at 200 a second.
fn service_figures(service: &super::load::ServiceReport) -> (f64, f64, f64, f64) {
    let at_200 = service
        .levels
        .iter()
        .find(|l| l.name.contains("payments") && l.concurrency == 200 && l.think_ms > 0);
    let notify = service.levels.iter().find(|l| l.name.contains("notify"));
    let first_paint_p99 = service
        .levels
        .iter()
        .filter(|l| l.name.contains("first paint"))
        .filter_map(|l| l.app_p99_ms)
        .fold(f64::NAN, f64::max);
    let webhook_p99 = service
        .deliveries
        .iter()
        .find(|d| d.rate == 200)
        .map_or(f64::NAN, |d| d.p99_ms);
    (
        at_200.and_then(|l| l.app_p99_ms).unwrap_or(f64::NAN),
        notify.map_or(f64::NAN, |l| l.per_second),
        first_paint_p99,
        webhook_p99,
    )
}

fn budget_section(md: &mut String, verdicts: &[Verdict]) {
    md.push_str("\n## Budgets (`bench/budgets.toml`)\n\n| budget | limit | measured | holds |\n|---|---:|---:|---|\n");
    for v in verdicts {
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
}

fn as_json(m: &Measured, rows: &[Row], verdicts: &[Verdict]) -> Value {
    let asset_json = |assets: &[Asset]| -> Vec<Value> {
        assets.iter().map(|a| json!({"path": a.path, "kind": a.kind, "counted": a.counts(), "raw": a.sizes.raw, "gzip": a.sizes.gzip, "brotli": a.sizes.brotli})).collect()
    };
    let service = &m.service;
    json!({
        "size": {"ours": asset_json(&m.ours), "adyen": asset_json(&m.adyen),
            "floor_fluent": asset_json(&m.floors[0]), "floor_plain": asset_json(&m.floors[1])},
        "page_speed": {"runs": m.speed, "medians": rows.iter().map(|(n, o, a, f)| json!({"figure": n, "ours": o, "adyen": a, "floor": f})).collect::<Vec<_>>()},
        "service": service.levels.iter().map(|l| json!({"endpoint": l.name, "concurrency": l.concurrency, "requests": l.requests, "errors": l.errors,
            "think_ms": l.think_ms, "per_second": l.per_second, "p50_ms": l.p50_ms, "p99_ms": l.p99_ms,
            "service_p50_ms": l.app_p50_ms, "service_p99_ms": l.app_p99_ms})).collect::<Vec<_>>(),
        "rsa": {"sign_ms": service.sign_ms, "verify_ms": service.verify_ms},
        "budgets": verdicts.iter().map(|v| json!({"budget": v.name, "limit": v.limit, "measured": v.measured, "at_least": v.at_least, "holds": v.holds()})).collect::<Vec<_>>(),
        "cores": std::thread::available_parallelism().map_or(1, |n| n.get()),
    })
}
