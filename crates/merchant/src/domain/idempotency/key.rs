//! The key itself: validated once, where the request comes in.

use crate::crypto::sha256_hex;
use crate::domain::error::{Error, ErrorCode, Result};

/// A well-formed `Idempotency-Key`: 1 to 64 of `A-Z a-z 0-9 - _`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The longest key taken.
    pub const MAX_LEN: usize = 64;

    /// The key in a request's header, if present and well-formed.
    pub fn parse(raw: Option<&str>) -> Result<Self> {
        let key = raw.ok_or_else(|| {
            Error::invalid(
                ErrorCode::IdempotencyKeyRequired,
                "send an Idempotency-Key header",
            )
        })?;
        let ok = !key.is_empty()
            && key.len() <= Self::MAX_LEN
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(Error::invalid(
                ErrorCode::IdempotencyKeyInvalid,
                "Idempotency-Key must be 1 to 64 of A-Z a-z 0-9 - _",
            ));
        }
        Ok(Self(key.to_owned()))
    }

    /// The key as the caller sent it (stored beside what it made).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of what this key makes within `scope` (a checkout, a payment):
    /// `prefix` and the first `hex_chars` of a hash, so a retry after a crash can
    /// only ever name the same request to Antom, and the key never leaves us.
    pub fn derived_id(&self, prefix: &str, scope: Option<&str>, hex_chars: usize) -> String {
        let hashed = match scope {
            Some(scope) => sha256_hex(format!("{scope}:{}", self.0).as_bytes()),
            None => sha256_hex(self.0.as_bytes()),
        };
        format!("{prefix}{}", &hashed[..hex_chars.min(hashed.len())])
    }

    /// Like [`IdempotencyKey::derived_id`], for an id that is shown outside (a
    /// charge's session id travels in webhooks and logs): keyed with `secret`, so
    /// a guessable key (`order-42`) does not make a guessable id.
    pub fn keyed_id(&self, prefix: &str, secret: &[u8; 32], hex_chars: usize) -> String {
        let hashed =
            crate::crypto::keyed_hash_hex(secret, format!("{prefix}:{}", self.0).as_bytes());
        format!("{prefix}{}", &hashed[..hex_chars.min(hashed.len())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_one_to_sixty_four_safe_characters() {
        assert!(IdempotencyKey::parse(Some("order-42_a")).is_ok());
        assert!(IdempotencyKey::parse(Some(&"k".repeat(64))).is_ok());
        for bad in ["", "has space", "semi;colon", "ключ", &"k".repeat(65)] {
            let e = IdempotencyKey::parse(Some(bad)).unwrap_err();
            assert_eq!(e.code(), ErrorCode::IdempotencyKeyInvalid, "{bad:?}");
        }
        let e = IdempotencyKey::parse(None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::IdempotencyKeyRequired);
    }

    #[test]
    fn derived_ids_are_stable_scoped_and_do_not_show_the_key() {
        let key = IdempotencyKey::parse(Some("k1")).unwrap();
        let id = key.derived_id("pr_", Some("cs_1"), 40);
        assert_eq!(id, key.derived_id("pr_", Some("cs_1"), 40));
        assert_eq!(id.len(), 43);
        assert!(!id.contains("k1"));
        assert_ne!(id, key.derived_id("pr_", Some("cs_2"), 40));
        // What ids were stored as before this module existed: unchanged.
        assert_eq!(id, format!("pr_{}", &sha256_hex(b"cs_1:k1")[..40]));
        assert_eq!(
            key.derived_id("cs_mit_", None, 24),
            format!("cs_mit_{}", &sha256_hex(b"k1")[..24])
        );
    }
}
