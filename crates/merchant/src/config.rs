//! Every setting, named once, read from the environment.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the configuration was refused; names the variable at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// The service's settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// `LISTEN_ADDR`, default `127.0.0.1:8080`.
    pub listen_addr: SocketAddr,
    /// `APP_DIR`: the built checkout app (Trunk's `dist/`), default `dist`.
    pub app_dir: PathBuf,
}

impl Config {
    /// Reads the settings from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let listen_addr = match lookup("LISTEN_ADDR") {
            Some(text) => text.parse().map_err(|e| ConfigError::Invalid {
                name: "LISTEN_ADDR",
                reason: format!("{text:?} is not host:port ({e})"),
            })?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let app_dir = lookup("APP_DIR").map_or_else(|| PathBuf::from("dist"), PathBuf::from);
        Ok(Self {
            listen_addr,
            app_dir,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_loopback_8080_and_dist() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.listen_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.app_dir, PathBuf::from("dist"));
    }

    #[test]
    fn a_bad_listen_address_names_the_variable() {
        let err =
            Config::from_lookup(|n| (n == "LISTEN_ADDR").then(|| "localhost".into())).unwrap_err();
        assert!(
            err.to_string().starts_with("LISTEN_ADDR is not valid"),
            "{err}"
        );
    }
}
