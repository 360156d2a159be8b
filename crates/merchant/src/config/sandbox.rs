//! Sandbox mode: the keys and secrets it makes on first start and keeps under
//! `DATA_DIR` (owner-only), and the `SANDBOX_*` overrides of its timings.

use super::common::Common;
use super::problems::Problems;
use super::source::{read, write_secret};
use super::{decode_key, invalid, Account, AntomMode, ConfigError, Source};
use antom::PrivateKey;
use std::path::Path;
use std::time::Duration;

/// The sandbox's own merchant identity, made once and kept; `MERCHANT_API_KEY` and
/// `TOKEN_ENCRYPTION_KEY`, when set, are used instead of kept ones.
pub(super) fn account(
    common: &Common,
    merchant_api_key: Option<String>,
    token_encryption_key: Option<String>,
) -> Result<Account, ConfigError> {
    let dir = &common.data_dir;
    let key = |file: &str| -> Result<PrivateKey, ConfigError> {
        let text = kept(dir, file, || {
            PrivateKey::generate()
                .and_then(|k| k.to_pkcs8_base64())
                .map_err(|e| invalid("DATA_DIR", e))
        })?;
        PrivateKey::from_text(&text).map_err(|e| invalid("DATA_DIR", format!("{file}: {e}")))
    };
    let merchant_private_key = key("sandbox-merchant-private-key")?;
    let antom_private_key = key("sandbox-antom-private-key")?;
    let merchant_api_key = match merchant_api_key {
        Some(k) => k,
        None => kept(dir, "sandbox-merchant-api-key", || {
            Ok(format!(
                "sk_sandbox_{}",
                random_base64(18).replace(['+', '/', '='], "x")
            ))
        })?,
    };
    let encryption = match token_encryption_key {
        Some(k) => k,
        None => kept(dir, "sandbox-token-encryption-key", || {
            Ok(random_base64(32))
        })?,
    };
    let token_encryption_key = decode_key("TOKEN_ENCRYPTION_KEY", &encryption)?;
    Ok(Account {
        antom_client_id: "SANDBOX_LOCAL_MERCHANT".into(),
        // Over loopback, never through PUBLIC_BASE_URL: see `Config::loopback_base_url`.
        antom_gateway_url: super::loopback_base_url(common.listen_addr),
        antom_public_key: antom_private_key.public_key(),
        merchant_private_key,
        merchant_api_key,
        token_encryption_key,
        mode: AntomMode::Sandbox {
            antom_private_key: Box::new(antom_private_key),
        },
    })
}

/// Overrides of the embedded sandbox, each optional.
#[derive(Debug, Clone, Default)]
pub struct SandboxTuning {
    /// `SANDBOX_AUTH_CODE_TTL_MS`.
    pub auth_code_ttl: Option<Duration>,
    /// `SANDBOX_ACCESS_TOKEN_TTL_SECS`.
    pub access_token_ttl: Option<Duration>,
    /// `SANDBOX_PROCESSING_DELAY_MS`.
    pub processing_delay: Option<Duration>,
    /// `SANDBOX_NO_ANSWER_HOLD_MS`.
    pub no_answer_hold: Option<Duration>,
    /// `SANDBOX_NOTIFY_TIME_FACTOR`.
    pub notify_time_factor: Option<u32>,
    /// `SANDBOX_NOTIFICATIONS=off` stops notifications.
    pub send_notifications: bool,
    /// `SANDBOX_CANCEL_WINDOW_SECS`: how long after paying a cancel is accepted.
    pub cancel_window: Option<Duration>,
    /// `SANDBOX_KEY_VERSION`: the version the sandbox registered the merchant's key
    /// under (default `ANTOM_KEY_VERSION`): set it apart to see a rotation go wrong.
    pub key_version: Option<u64>,
}

impl SandboxTuning {
    pub(super) fn load(source: &Source, problems: &mut Problems) -> Self {
        let mut number = |name: &'static str| -> Option<u64> {
            let read = source
                .get(name)
                .map(|v| {
                    v.trim()
                        .parse()
                        .map_err(|_| invalid(name, "not a whole number"))
                })
                .transpose();
            problems.or(read, None)
        };
        Self {
            auth_code_ttl: number("SANDBOX_AUTH_CODE_TTL_MS").map(Duration::from_millis),
            access_token_ttl: number("SANDBOX_ACCESS_TOKEN_TTL_SECS").map(Duration::from_secs),
            processing_delay: number("SANDBOX_PROCESSING_DELAY_MS").map(Duration::from_millis),
            no_answer_hold: number("SANDBOX_NO_ANSWER_HOLD_MS").map(Duration::from_millis),
            notify_time_factor: number("SANDBOX_NOTIFY_TIME_FACTOR")
                .map(|f| f.clamp(1, u64::from(u32::MAX)) as u32),
            send_notifications: source.get("SANDBOX_NOTIFICATIONS").as_deref() != Some("off"),
            cancel_window: number("SANDBOX_CANCEL_WINDOW_SECS").map(Duration::from_secs),
            key_version: number("SANDBOX_KEY_VERSION"),
        }
    }

    /// Applies the overrides.
    pub fn apply(&self, c: &mut sandbox::SandboxConfig) {
        if let Some(v) = self.auth_code_ttl {
            c.auth_code_ttl = v;
        }
        if let Some(v) = self.access_token_ttl {
            c.access_token_ttl = v;
        }
        if let Some(v) = self.processing_delay {
            c.processing_delay = v;
        }
        if let Some(v) = self.no_answer_hold {
            c.no_answer_hold = v;
        }
        if let Some(v) = self.notify_time_factor {
            c.notify_time_factor = v;
        }
        c.send_notifications = self.send_notifications;
        if let Some(v) = self.cancel_window {
            c.cancel_window = v;
        }
        if let Some(v) = self.key_version {
            c.merchant_key_version = v.to_string();
        }
    }
}

/// A value kept in `DATA_DIR`, made on first use. Replicas starting together on one
/// empty volume all agree on it: the file appears whole or not at all (written aside,
/// then linked into place), and whoever links second reads the first one's value.
pub(super) fn kept(
    data_dir: &Path,
    file: &str,
    make: impl FnOnce() -> Result<String, ConfigError>,
) -> Result<String, ConfigError> {
    let path = data_dir.join(file);
    if path.exists() {
        return Ok(read(&path)?.trim().to_owned());
    }
    let value = make()?;
    let aside = data_dir.join(format!(
        ".{file}.{}.{}",
        std::process::id(),
        random_base64(6).replace(['/', '+', '='], "")
    ));
    write_secret(&aside, &value)?;
    let linked = std::fs::hard_link(&aside, &path);
    let _ = std::fs::remove_file(&aside);
    match linked {
        Ok(()) => Ok(value),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Ok(read(&path)?.trim().to_owned())
        }
        // A volume without hard links (some network and FUSE file systems): written in
        // place, never over a file another replica wrote first.
        Err(_) => match write_secret(&path, &value) {
            Ok(()) => Ok(value),
            Err(_) if path.exists() => Ok(read(&path)?.trim().to_owned()),
            Err(e) => Err(e),
        },
    }
}

fn random_base64(len: usize) -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_making_a_kept_value_at_once_all_get_the_same_one() {
        let dir = std::env::temp_dir().join(format!("kept-{}", random_base64(6).replace('/', "")));
        let values: Vec<String> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..8)
                .map(|i| {
                    let dir = &dir;
                    s.spawn(move || kept(dir, "key", || Ok(format!("value-{i}"))).unwrap())
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert!(values.iter().all(|v| v == &values[0]), "{values:?}");
        let entries = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(entries, 1, "nothing left aside");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
