//! `merchant [--config FILE]`: runs the merchant service.

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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config_file = match args.as_slice() {
        [] => None,
        [flag, file] if flag == "--config" => Some(std::path::PathBuf::from(file)),
        _ => anyhow::bail!("usage: merchant [--config FILE]"),
    };
    let source = Source::from_env(config_file.as_deref())?;
    let config = Config::load(&source).context("configuration")?;
    let svc = Service::start(config).await?;
    let c = &svc.config;
    println!("Antom Auto Debit checkout");
    if c.is_sandbox() {
        println!(
            "  mode:        sandbox (the embedded Antom sandbox plays Antom; no account needed)"
        );
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
    println!("Checkout ready at {}/", c.public_base_url);
    merchant::http::serve(svc).await
}
