//! Every setting, named once, read from the environment (or a `--config`
//! file of `NAME=value` lines, which the environment overrides).
//!
//! The mode is chosen, never guessed: `ANTOM_MODE=live` (the default) needs
//! every setting of a real Antom account and stops at start naming what is
//! missing; `ANTOM_MODE=sandbox` embeds the Antom sandbox, keeps generated keys
//! under `DATA_DIR`, and refuses real `ANTOM_*` credentials (a contradiction
//! that would otherwise hide a production misconfiguration).

mod common;
mod limits;
mod live;
pub mod operating;
mod problems;
pub mod recovery;
mod sandbox;
mod signing;
mod source;
mod urls;
pub(crate) use urls::is_loopback_http;

pub use limits::RateLimits;
pub use problems::ConfigProblems;
pub use sandbox::SandboxTuning;
pub use source::{private_dir, Source};
pub use urls::parse_origin;

use antom::{PrivateKey, PublicKey};
use common::Common;
use problems::Problems;
use signing::key_version;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use urls::{loopback_base_url, redact_url};

/// Why the configuration was refused; always names the variable at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is required in live mode (ANTOM_MODE=live, the default); set ANTOM_MODE=sandbox to run against the built-in sandbox instead")]
    Missing { name: &'static str },
    #[error("{name} is set, but ANTOM_MODE=sandbox never talks to Antom: remove {name}, or set ANTOM_MODE=live")]
    SandboxWithCredentials { name: &'static str },
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("could not read or write {path}: {reason}")]
    Io { path: PathBuf, reason: String },
}

/// Where the service talks to Antom.
#[derive(Clone)]
pub enum AntomMode {
    /// A real Antom account.
    Live,
    /// The embedded sandbox; carries the key the sandbox signs with.
    Sandbox { antom_private_key: Box<PrivateKey> },
}

/// The service's settings. Its `Debug` leaves the secrets out.
#[derive(Clone)]
pub struct Config {
    /// `LISTEN_ADDR`, default `127.0.0.1:8080`.
    pub listen_addr: SocketAddr,
    /// `PUBLIC_BASE_URL`: how buyers and Antom reach this service; builds return and notify URLs.
    pub public_base_url: String,
    /// `APP_DIR`: the built checkout app, default `dist`.
    pub app_dir: PathBuf,
    /// `DATA_DIR`: the SQLite file and sandbox keys, default `data`.
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: default a SQLite file in `DATA_DIR`; `postgres://…` for PostgreSQL.
    pub database_url: String,
    /// `ANTOM_CLIENT_ID`.
    pub antom_client_id: String,
    /// `ANTOM_GATEWAY_URL`.
    pub antom_gateway_url: String,
    /// `ANTOM_MERCHANT_PRIVATE_KEY`.
    pub merchant_private_key: PrivateKey,
    /// `ANTOM_PUBLIC_KEY`.
    pub antom_public_key: PublicKey,
    /// `MERCHANT_API_KEY`: Bearer key of the merchant API.
    pub merchant_api_key: String,
    /// `TOKEN_ENCRYPTION_KEY`: 32 bytes, base64; encrypts wallet tokens at rest.
    pub token_encryption_key: [u8; 32],
    /// `MERCHANT_NAME`: shown to buyers.
    pub merchant_name: String,
    /// `MERCHANT_ORIGINS`: comma-separated origins of merchant pages that may embed the checkout.
    pub merchant_origins: Vec<String>,
    /// `TRUSTED_PROXIES`: comma-separated addresses of the TLS terminators in
    /// front of the service, whose `X-Forwarded-For` names the real source.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Per-source rate limits.
    pub rate_limits: RateLimits,
    /// `ANTOM_TIMEOUT_SECS`: limit for one Antom call, default 15.
    pub antom_timeout: Duration,
    /// `ANTOM_KEY_VERSION`: the `keyVersion` requests are signed under, default 1.
    pub antom_key_version: u32,
    /// Running as a replica: `SHUTDOWN_DRAIN_SECS`.
    pub operating: operating::Operating,
    /// `WORKER_INTERVAL_MS`: how often the background worker looks for work, default 2000.
    pub worker_interval: Duration,
    /// `SETTLEMENT_UTC_OFFSET`: the time zone of Antom's report days (`+08:00`), default UTC.
    pub settlement_offset: time::UtcOffset,
    /// `CHARGE_RETRY_DAYS`: days after a refused charge to try it again, default 1,3,5.
    pub charge_retry_days: Vec<u16>,
    /// `WALLET_EXPIRING_DAYS`: days before a link lapses that `wallet.expiring` is sent, default 7.
    pub wallet_expiring_days: u16,
    /// Live Antom or the embedded sandbox.
    pub mode: AntomMode,
    /// `SANDBOX_*` overrides of the embedded sandbox's timings (tests, demos).
    pub sandbox_tuning: SandboxTuning,
}

fn invalid(name: &'static str, reason: impl ToString) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.to_string(),
    }
}

pub(super) fn decode_key(name: &'static str, text: &str) -> Result<[u8; 32], ConfigError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|_| invalid(name, "not base64"))?;
    bytes
        .try_into()
        .map_err(|_| invalid(name, "must be 32 bytes (44 base64 characters)"))
}

impl Config {
    /// Reads and checks every setting, naming every problem at once; in sandbox
    /// mode, makes what is missing under `DATA_DIR` (only when nothing else is wrong).
    pub fn load(source: &Source) -> Result<Self, ConfigProblems> {
        let mut problems = Problems::default();
        let common = Common::read(source, &mut problems);
        // The sandbox's kept keys are made last, once nothing else is wrong.
        let (mut account, tuning, sandbox_settings) = read_mode(source, &common, &mut problems);
        let antom_key_version = problems.or(key_version(source), 1);
        // The current token key, even when the rest of the account is wrong, so that
        // TOKEN_ENCRYPTION_KEY_PREVIOUS is checked against it in the same report.
        let current_token_key = account
            .as_ref()
            .map(|a| a.token_encryption_key)
            .or_else(|| {
                let text = source.get("TOKEN_ENCRYPTION_KEY")?;
                decode_key("TOKEN_ENCRYPTION_KEY", &text).ok()
            });
        let operating =
            operating::Operating::read(source, current_token_key.as_ref(), &mut problems);
        let charge_retry_days = problems.or(recovery::read(source), Vec::new());
        let wallet_expiring_days = problems.or(recovery::expiring_days(source), 7);
        if let (Some((api_key, token_key)), true) = (sandbox_settings, problems.is_empty()) {
            account = problems.take(sandbox::account(&common, api_key, token_key));
            // A kept token key is known only now.
            if let (Some(made), None) = (&account, current_token_key) {
                problems.take(operating::distinct_key_ids(
                    &made.token_encryption_key,
                    &operating.previous_token_keys,
                ));
            }
        }
        let account = match account {
            Some(account) if problems.is_empty() => account,
            _ => return Err(problems.into_error()),
        };
        Ok(Self {
            listen_addr: common.listen_addr,
            public_base_url: common.public_base_url,
            app_dir: common.app_dir,
            data_dir: common.data_dir,
            database_url: common.database_url,
            merchant_name: common.merchant_name,
            merchant_origins: common.merchant_origins,
            trusted_proxies: common.trusted_proxies,
            rate_limits: common.rate_limits,
            antom_timeout: common.antom_timeout,
            antom_key_version,
            operating,
            worker_interval: common.worker_interval,
            settlement_offset: common.settlement_offset,
            charge_retry_days,
            wallet_expiring_days,
            antom_client_id: account.antom_client_id,
            antom_gateway_url: account.antom_gateway_url,
            merchant_private_key: account.merchant_private_key,
            antom_public_key: account.antom_public_key,
            merchant_api_key: account.merchant_api_key,
            token_encryption_key: account.token_encryption_key,
            mode: account.mode,
            sandbox_tuning: tuning,
        })
    }

    /// Whether the embedded sandbox plays Antom.
    pub fn is_sandbox(&self) -> bool {
        matches!(self.mode, AntomMode::Sandbox { .. })
    }

    /// Whether buyers and Antom reach the service over https (cookies are then `Secure`).
    pub fn serves_https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }

    /// This service as its own process reaches it: plain http to the listen
    /// address (a wildcard address becomes loopback). In sandbox mode the embedded
    /// sandbox is called here, and calls back here, whatever sits in front for buyers:
    /// a TLS terminator with a private certificate must not stand between the service
    /// and its own sandbox.
    pub fn loopback_base_url(&self) -> String {
        loopback_base_url(self.listen_addr)
    }

    /// Whether money is real: what every `/v1` answer about money says as `livemode`.
    pub fn livemode(&self) -> bool {
        !self.is_sandbox()
    }
}

/// The settings of a real Antom account: in sandbox mode, any of them is a mistake.
type SandboxSettings = (Option<String>, Option<String>);

/// `ANTOM_MODE` and what it needs: a live account, or the sandbox's settings (its
/// keys are made once everything else has been read).
fn read_mode(
    source: &Source,
    common: &Common,
    problems: &mut Problems,
) -> (Option<Account>, SandboxTuning, Option<SandboxSettings>) {
    let mode = source.get("ANTOM_MODE").unwrap_or_else(|| "live".into());
    match mode.trim().to_ascii_lowercase().as_str() {
        "live" => (
            live::account(source, common, problems),
            SandboxTuning::default(),
            None,
        ),
        "sandbox" => {
            for name in ANTOM_CREDENTIALS.iter().filter(|n| source.get(n).is_some()) {
                problems.note(ConfigError::SandboxWithCredentials { name });
            }
            let tuning = SandboxTuning::load(source, problems);
            let api_key = source.get("MERCHANT_API_KEY");
            let token_key = source.get("TOKEN_ENCRYPTION_KEY");
            if let Some(text) = &token_key {
                problems.take(decode_key("TOKEN_ENCRYPTION_KEY", text));
            }
            (None, tuning, Some((api_key, token_key)))
        }
        other => {
            problems.note(invalid(
                "ANTOM_MODE",
                format!("{other:?}: use live (a real Antom account) or sandbox"),
            ));
            (None, SandboxTuning::default(), None)
        }
    }
}

/// The settings of a real Antom account: in sandbox mode, any of them is a mistake.
const ANTOM_CREDENTIALS: [&str; 4] = [
    "ANTOM_CLIENT_ID",
    "ANTOM_GATEWAY_URL",
    "ANTOM_MERCHANT_PRIVATE_KEY",
    "ANTOM_PUBLIC_KEY",
];

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("mode", &self.mode)
            .field("listen_addr", &self.listen_addr)
            .field("public_base_url", &self.public_base_url)
            .field("app_dir", &self.app_dir)
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url(&self.database_url))
            .field("antom_client_id", &self.antom_client_id)
            .field("antom_gateway_url", &self.antom_gateway_url)
            .field("merchant_api_key", &"<redacted>")
            .field("token_encryption_key", &"<redacted>")
            .field("merchant_private_key", &"<redacted>")
            .field("merchant_name", &self.merchant_name)
            .field("merchant_origins", &self.merchant_origins)
            .field("antom_timeout", &self.antom_timeout)
            .field("worker_interval", &self.worker_interval)
            .field("settlement_offset", &self.settlement_offset)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AntomMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            AntomMode::Live => "Live",
            AntomMode::Sandbox { .. } => "Sandbox",
        })
    }
}

/// Who the service is at Antom (or at the sandbox), and how it proves it.
struct Account {
    antom_client_id: String,
    antom_gateway_url: String,
    merchant_private_key: PrivateKey,
    antom_public_key: PublicKey,
    merchant_api_key: String,
    token_encryption_key: [u8; 32],
    mode: AntomMode,
}

#[cfg(test)]
mod tests;
