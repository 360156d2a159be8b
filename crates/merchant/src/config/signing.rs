//! `ANTOM_KEY_VERSION`: which of the merchant's public keys at Antom verifies its
//! requests. Antom's docs: "By default, the value is the latest version of the key
//! associated with Client-Id"; every official SDK sends 1 unless told otherwise.
//! A key rotation uploads the new public key, then moves this setting to its version.

use super::{invalid, ConfigError, Source};

/// `ANTOM_KEY_VERSION` (a whole number from 1), default 1.
pub(super) fn key_version(source: &Source) -> Result<u32, ConfigError> {
    match source.get("ANTOM_KEY_VERSION") {
        None => Ok(1),
        Some(text) => text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|v| *v >= 1)
            .ok_or_else(|| {
                invalid(
                    "ANTOM_KEY_VERSION",
                    "a whole number from 1 (the key's version at Antom)",
                )
            }),
    }
}
