//! `merchant [--config FILE]`: runs the merchant service.
//! `merchant reconcile DIR`: imports Antom's reports found under DIR and prints
//! the reconciliation report; exits 1 when anything disagrees.
//! `merchant keys …` and `merchant operators …`: who may call the back office.
//! `merchant migrate`: the database's migrations, alone.
//! `merchant webhooks test URL --secret whsec_…`: a go-live check of your receiver.
//! `merchant config check`: every problem of the configuration, without starting.
//! `merchant trigger EVENT`: the sandbox plays a scenario that emits EVENT.

mod checks;
mod commands;
mod sandbox_operator;
mod trigger;

use anyhow::Context;
use clap::Parser;
use commands::{Cli, Command};
use merchant::config::{Config, Source};
use merchant::Service;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    // A check of the merchant's own receiver: no configuration of this service needed.
    if let Some(Command::Webhooks(commands::Webhooks::Test { url, secret })) = &cli.command {
        let clean = checks::webhooks_test(url, secret).await?;
        std::process::exit(if clean { 0 } else { 1 });
    }
    if let Some(Command::Config(commands::ConfigCommand::Check)) = &cli.command {
        let sound = checks::config_check(cli.config.as_deref());
        std::process::exit(if sound { 0 } else { 1 });
    }
    if let Some(Command::Trigger { list: true, .. }) = &cli.command {
        for (event, story) in trigger::SCENARIOS {
            println!("{event:<28} {story}");
        }
        return Ok(());
    }
    let source = Source::from_env(cli.config.as_deref())?;
    let config = Config::load(&source).context("configuration")?;
    let serving = matches!(cli.command, None | Some(Command::Serve));
    let traces = match (&config.operating.traces_endpoint, serving) {
        (Some(endpoint), true) => Some(
            merchant::traces::Traces::start(
                endpoint,
                if config.is_sandbox() {
                    "sandbox"
                } else {
                    "live"
                },
            )
            .context("traces")?,
        ),
        _ => None,
    };
    init_logs(serving, config.operating.json_logs, traces.as_ref());
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {}
        Command::Reconcile { dir } => {
            let clean = reconcile(&config, &dir).await?;
            std::process::exit(if clean { 0 } else { 1 });
        }
        Command::Keys(keys) => return commands::keys(config, keys).await,
        Command::Operators(ops) => return commands::operators(config, ops).await,
        Command::Migrate => return checks::migrate(&config).await,
        Command::Trigger { event, .. } => {
            return trigger::trigger(&config, event.as_deref().unwrap_or_default()).await
        }
        Command::Webhooks(_) | Command::Config(_) => {
            unreachable!("answered before the configuration was read")
        }
        Command::Probe { path } => {
            let ok = checks::probe(&config, &path).await?;
            std::process::exit(if ok { 0 } else { 1 });
        }
    }
    let svc = Service::start(config).await?;
    if svc.config.operating.json_logs {
        // Standard output holds JSON lines only: the banner is one of them.
        let c = &svc.config;
        if c.is_sandbox() {
            tracing::warn!("ANTOM_MODE=sandbox: no real money moves; every page shows a Sandbox banner and /v1 answers livemode=false");
            if let Some(file) = sandbox_operator::sandbox_operator(&svc).await? {
                tracing::info!(file = %file.display(), "sandbox console operator");
            }
        }
        tracing::info!(
            mode = if c.is_sandbox() { "sandbox" } else { "live" },
            url = %c.public_base_url,
            "checkout ready"
        );
    } else {
        banner(&svc).await?;
    }
    let served = merchant::http::serve(svc).await;
    if let Some(traces) = traces {
        // The exporter's flush blocks: off the async threads.
        let _ = tokio::task::spawn_blocking(move || traces.shutdown()).await;
    }
    served
}

/// What a person starting the service reads: the mode, loudly when it is the
/// sandbox, where the keys are and the URL to open.
async fn banner(svc: &Service) -> anyhow::Result<()> {
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
        if let Some(file) = sandbox_operator::sandbox_operator(svc).await? {
            println!("  console operator: {}", file.display());
        }
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
        "  operator console: {}/ops  (operators: merchant operators create --email … --role admin)",
        c.public_base_url
    );
    println!("Checkout ready at {}/", c.public_base_url);
    Ok(())
}

/// Logs as text or, with `LOG_FORMAT=json`, one JSON object per line carrying its
/// spans' fields (the request's method, path, `request_id` and, with traces on,
/// `trace_id`). A command's standard output is its answer (a key's secret, a
/// report), so a command logs to stderr. With traces on, spans go to the exporter too.
fn init_logs(serving: bool, json: bool, traces: Option<&merchant::traces::Traces>) {
    use tracing_subscriber::filter::filter_fn;
    use tracing_subscriber::fmt::writer::BoxMakeWriter;
    use tracing_subscriber::prelude::*;
    let asked = std::env::var("RUST_LOG").ok();
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,tower_http=info,sqlx=warn".into());
    // The trace is made of the service's INFO spans, so with traces on they must
    // exist whatever RUST_LOG says, unless it sets a level for `merchant` itself (a
    // more specific `merchant::…` directive still wins for its module). One global
    // filter, not one per layer: a log line keeps its request's span for certain.
    let names_merchant = asked.as_deref().is_some_and(|r| {
        r.split(',')
            .any(|d| d.trim() == "merchant" || d.trim().starts_with("merchant="))
    });
    if traces.is_some() && !names_merchant {
        if let Ok(directive) = "merchant=info".parse() {
            filter = filter.add_directive(directive);
        }
    }
    let writer = if serving {
        BoxMakeWriter::new(std::io::stdout)
    } else {
        BoxMakeWriter::new(std::io::stderr)
    };
    let logs: Box<dyn tracing_subscriber::Layer<_> + Send + Sync> = if json {
        tracing_subscriber::fmt::layer()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_writer(writer)
            .boxed()
    } else {
        tracing_subscriber::fmt::layer().with_writer(writer).boxed()
    };
    // Only the service's spans reach the collector: no log line (an operator's
    // e-mail, a client's address, a database's error).
    let traced = filter_fn(|m| {
        m.is_span() && m.target().starts_with("merchant") && *m.level() <= tracing::Level::INFO
    });
    tracing_subscriber::registry()
        .with(filter)
        .with(logs)
        .with(traces.map(|t| t.layer().with_filter(traced)))
        .init();
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
        time::OffsetDateTime::now_utc().unix_timestamp(),
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
