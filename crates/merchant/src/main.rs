//! `merchant [--config FILE]`: runs the merchant service.
//! `merchant [--config FILE] reconcile DIR`: imports Antom's reports found under DIR
//! and prints the reconciliation report; exits 1 when anything disagrees.

use anyhow::Context;
use merchant::config::{Config, Source};
use merchant::Service;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into()),
        )
        .init();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let config_file = match args.iter().position(|a| a == "--config") {
        Some(i) if i + 1 < args.len() => {
            let file = args.remove(i + 1);
            args.remove(i);
            Some(std::path::PathBuf::from(file))
        }
        Some(_) => anyhow::bail!("--config needs a file"),
        None => None,
    };
    let source = Source::from_env(config_file.as_deref())?;
    let config = Config::load(&source).context("configuration")?;
    match args.as_slice() {
        [] => {}
        [command, dir] if command == "reconcile" => {
            let clean = reconcile(&config, std::path::Path::new(dir)).await?;
            std::process::exit(if clean { 0 } else { 1 });
        }
        _ => anyhow::bail!("usage: merchant [--config FILE] [reconcile DIR]"),
    }
    let svc = Service::start(config).await?;
    let c = &svc.config;
    println!("Antom Auto Debit checkout");
    if c.is_sandbox() {
        // Loud on purpose: a sandbox where live was meant must not pass unnoticed.
        tracing::warn!("ANTOM_MODE=sandbox: no real money moves; every page shows a Sandbox banner and /v1 answers livemode=false");
        println!("  ****************************************************************");
        println!("  *  SANDBOX MODE (ANTOM_MODE=sandbox): no real money moves.      *");
        println!("  *  The embedded Antom sandbox plays Antom; no account needed.   *");
        println!("  ****************************************************************");
        println!("  mode:        sandbox");
        println!(
            "  merchant API key: in {}",
            c.data_dir.join("sandbox-merchant-api-key").display()
        );
        println!("  demo shop:   {}/demo  (open this)", c.public_base_url);
    } else {
        println!(
            "  mode:        live Antom at {} as {}",
            c.antom_gateway_url, c.antom_client_id
        );
    }
    println!(
        "  database:    {}",
        if c.database_url.starts_with("sqlite:") {
            "SQLite"
        } else {
            "PostgreSQL"
        }
    );
    println!(
        "  operator console: {}/ops  (sign in with the merchant API key)",
        c.public_base_url
    );
    println!("Checkout ready at {}/", c.public_base_url);
    merchant::http::serve(svc).await
}

/// Imports every report file under `dir` (Antom's SFTP folders included) and prints the report.
async fn reconcile(config: &Config, dir: &std::path::Path) -> anyhow::Result<bool> {
    let mut paths = Vec::new();
    collect_csv(dir, &mut paths).with_context(|| format!("reading {}", dir.display()))?;
    paths.sort();
    let mut files = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if antom::settlement::ReportKind::of_file_name(&name).is_none() {
            continue;
        }
        let content =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        files.push(contract::back_office::ReportFile { name, content });
    }
    let db = merchant::store::Db::connect(&config.database_url).await?;
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let imported = merchant::domain::reconciling::import(
        &db,
        &format!("cli:{user}"),
        files,
        config.settlement_offset,
        config.livemode(),
    )
    .await?;
    print!(
        "{}",
        merchant::domain::reconciling::render_text(&imported.report)
    );
    Ok(imported.report.clean)
}

fn collect_csv(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_csv(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "csv") {
            out.push(path);
        }
    }
    Ok(())
}
