//! The settings both modes read the same way. Each problem is noted and a
//! default stands in, so the settings after it are still checked.

use super::limits::{self, RateLimits};
use super::problems::Problems;
use super::urls::merchant_origins;
use super::{invalid, Source};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The settings both modes read the same way.
pub(super) struct Common {
    pub(super) merchant_origins: Vec<String>,
    pub(super) trusted_proxies: Vec<std::net::IpAddr>,
    pub(super) rate_limits: RateLimits,
    pub(super) listen_addr: SocketAddr,
    pub(super) public_base_url: String,
    pub(super) app_dir: PathBuf,
    pub(super) data_dir: PathBuf,
    pub(super) database_url: String,
    pub(super) merchant_name: String,
    pub(super) antom_timeout: Duration,
    pub(super) worker_interval: Duration,
    pub(super) settlement_offset: time::UtcOffset,
}

impl Common {
    pub(super) fn read(source: &Source, problems: &mut Problems) -> Self {
        let default_listen = SocketAddr::from(([127, 0, 0, 1], 8080));
        let listen_addr = match source.get("LISTEN_ADDR") {
            Some(text) => problems.or(
                text.parse().map_err(|e| {
                    invalid("LISTEN_ADDR", format!("{text:?} is not host:port ({e})"))
                }),
                default_listen,
            ),
            None => default_listen,
        };
        let public_base_url = source
            .get("PUBLIC_BASE_URL")
            .unwrap_or_else(|| format!("http://{listen_addr}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_base_url.starts_with("http://") || public_base_url.starts_with("https://")) {
            problems.note(invalid(
                "PUBLIC_BASE_URL",
                "must start with http:// or https://",
            ));
        }
        let data_dir = PathBuf::from(source.get("DATA_DIR").unwrap_or_else(|| "data".into()));
        // Absolute, or `sqlite://data/x` would read `data` as a host name.
        let data_dir = problems.or(
            std::path::absolute(&data_dir).map_err(|e| invalid("DATA_DIR", e)),
            data_dir,
        );
        let app_dir = PathBuf::from(source.get("APP_DIR").unwrap_or_else(|| "dist".into()));
        let database_url = database_url(source, &data_dir, problems);
        let mut whole = |name: &'static str, default: u64| -> u64 {
            let read = source.get(name).map_or(Ok(default), |v| {
                v.trim()
                    .parse()
                    .map_err(|_| invalid(name, "not a whole number"))
            });
            problems.or(read, default)
        };
        let antom_timeout = Duration::from_secs(whole("ANTOM_TIMEOUT_SECS", 15));
        let worker_interval = Duration::from_millis(whole("WORKER_INTERVAL_MS", 2_000));
        let settlement_offset = match source.get("SETTLEMENT_UTC_OFFSET") {
            None => time::UtcOffset::UTC,
            Some(text) => problems.or(
                parse_offset(&text).ok_or_else(|| {
                    invalid(
                        "SETTLEMENT_UTC_OFFSET",
                        "use an offset like +08:00 or -05:30",
                    )
                }),
                time::UtcOffset::UTC,
            ),
        };
        let merchant_name = source
            .get("MERCHANT_NAME")
            .unwrap_or_else(|| "Sandbox Merchant".into());
        let merchant_origins = problems.or(merchant_origins(source, &public_base_url), Vec::new());
        let (trusted_proxies, rate_limits) = limits::read(source, problems);
        Self {
            trusted_proxies,
            rate_limits,
            listen_addr,
            public_base_url,
            app_dir,
            data_dir,
            database_url,
            merchant_name,
            merchant_origins,
            antom_timeout,
            worker_interval,
            settlement_offset,
        }
    }
}

/// `DATABASE_URL`, by default a SQLite file in `DATA_DIR`.
fn database_url(source: &Source, data_dir: &std::path::Path, problems: &mut Problems) -> String {
    let url = source.get("DATABASE_URL").unwrap_or_else(|| {
        format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("checkout.sqlite3").display()
        )
    });
    if !(url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://"))
    {
        problems.note(invalid("DATABASE_URL", "use sqlite://… or postgres://…"));
    }
    url
}

/// `+08:00`, `-05:30`, `Z` as a UTC offset.
fn parse_offset(text: &str) -> Option<time::UtcOffset> {
    let text = text.trim();
    if text == "Z" || text == "UTC" {
        return Some(time::UtcOffset::UTC);
    }
    let format = time::macros::format_description!("[offset_hour sign:mandatory]:[offset_minute]");
    time::UtcOffset::parse(text, format).ok()
}
