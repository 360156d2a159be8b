//! `sandbox`: Antom's stand-in on its own port, for a merchant's own backend and for tests.
//!
//! Settings (environment):
//! - `SANDBOX_LISTEN_ADDR` (default `127.0.0.1:9090`) and `SANDBOX_PUBLIC_URL` (default from it)
//! - `SANDBOX_MERCHANT_CLIENT_ID` (default `SANDBOX_LOCAL_MERCHANT`)
//! - `SANDBOX_MERCHANT_PUBLIC_KEY` (required): verifies the merchant's requests
//! - `SANDBOX_ANTOM_PRIVATE_KEY` (optional): signs answers; generated and its public key printed if absent
//! - `SANDBOX_AUTH_NOTIFY_URL`, `SANDBOX_PAYMENT_NOTIFY_URL`, `SANDBOX_REFUND_NOTIFY_URL` (optional)

use antom::{PrivateKey, PublicKey};
use anyhow::Context;
use sandbox::{Sandbox, SandboxConfig};

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let listen = var("SANDBOX_LISTEN_ADDR").unwrap_or_else(|| "127.0.0.1:9090".into());
    let public_url = var("SANDBOX_PUBLIC_URL").unwrap_or_else(|| format!("http://{listen}"));
    let client_id =
        var("SANDBOX_MERCHANT_CLIENT_ID").unwrap_or_else(|| "SANDBOX_LOCAL_MERCHANT".into());
    let merchant_key = var("SANDBOX_MERCHANT_PUBLIC_KEY")
        .context("SANDBOX_MERCHANT_PUBLIC_KEY is required (the merchant's RSA public key)")?;
    let merchant_key =
        PublicKey::from_text(&merchant_key).context("SANDBOX_MERCHANT_PUBLIC_KEY")?;
    let antom_key = match var("SANDBOX_ANTOM_PRIVATE_KEY") {
        Some(text) => PrivateKey::from_text(&text).context("SANDBOX_ANTOM_PRIVATE_KEY")?,
        None => {
            let key = PrivateKey::generate()?;
            println!(
                "Sandbox public key (set it as ANTOM_PUBLIC_KEY):\n{}",
                key.public_key().to_spki_base64()?
            );
            key
        }
    };
    let mut config = SandboxConfig::new(client_id, merchant_key, antom_key, public_url);
    config.auth_notify_url = var("SANDBOX_AUTH_NOTIFY_URL");
    config.payment_notify_url = var("SANDBOX_PAYMENT_NOTIFY_URL");
    config.refund_notify_url = var("SANDBOX_REFUND_NOTIFY_URL");
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    println!(
        "Antom sandbox listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, Sandbox::new(config).router()).await?;
    Ok(())
}
