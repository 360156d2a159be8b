//! Secrets at rest and on the wire: token encryption, hashes, random ids,
//! constant-time comparison.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Encrypts wallet tokens with AES-256-GCM; each value has its own random nonce.
/// A key ring: values are sealed with the newest key and name it, and open with
/// any key of the ring, so `TOKEN_ENCRYPTION_KEY` changes without downtime (see
/// [`crate::domain::resealing::rotate`]).
#[derive(Clone)]
pub struct TokenCipher {
    current: (String, Aes256Gcm),
    previous: Vec<(String, Aes256Gcm)>,
}

/// A stored token could not be decrypted (wrong key, or tampered row).
#[derive(Debug, thiserror::Error)]
#[error("a stored token could not be decrypted")]
pub struct DecryptError;

/// What a sealed value belongs to, bound into it as AES-GCM's associated data:
/// a value copied to another row, or used for another purpose, does not open.
#[derive(Debug, Clone, Copy)]
pub struct Binding<'a> {
    /// What the value is: `linked_wallet.access_token`, `webhook_endpoint.secret`, …
    pub purpose: &'static str,
    /// Which row: its id, and for a wallet's tokens its buyer and wallet too.
    pub row: &'a str,
}

/// The prefix of values sealed with a [`Binding`] before they named their key.
pub const BOUND: &str = "v2.";
/// The prefix of values sealed with a [`Binding`] that name their key: `v3.<key id>.`.
pub const KEYED: &str = "v3.";

/// A key's id: the first 8 hex digits of SHA-256 over "token-key" and the key, so it
/// names the key without helping anyone find it.
pub fn key_id(key: &[u8; 32]) -> String {
    let mut h = Sha256::new();
    h.update(b"token-key\0");
    h.update(key);
    h.finalize()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl TokenCipher {
    /// A cipher with one 32-byte key.
    pub fn new(key: &[u8; 32]) -> Self {
        Self::ring(key, &[])
    }

    /// A ring: `current` seals, and it and each of `previous` open.
    pub fn ring(current: &[u8; 32], previous: &[[u8; 32]]) -> Self {
        Self {
            current: (key_id(current), Aes256Gcm::new(current.into())),
            previous: previous
                .iter()
                .map(|k| (key_id(k), Aes256Gcm::new(k.into())))
                .collect(),
        }
    }

    /// The prefix of values sealed with the current key.
    pub fn current_prefix(&self) -> String {
        format!("{KEYED}{}.", self.current.0)
    }

    /// `v3.<key id>.` base64(nonce ‖ ciphertext), `binding` as associated data.
    pub fn seal(&self, plaintext: &str, binding: Binding<'_>) -> String {
        let aad = format!("{}\u{0}{}", binding.purpose, binding.row);
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        // Encryption with a valid key and a 12-byte nonce cannot fail.
        let sealed = self
            .current
            .1
            .encrypt(
                Nonce::from_slice(&nonce),
                aes_gcm::aead::Payload {
                    msg: plaintext.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(sealed);
        format!("{}{}", self.current_prefix(), STANDARD.encode(out))
    }

    /// The plaintext of [`TokenCipher::seal`]'s output, if it was sealed for `binding`
    /// with a key of the ring.
    pub fn open(&self, stored: &str, binding: Binding<'_>) -> Result<String, DecryptError> {
        let aad = format!("{}\u{0}{}", binding.purpose, binding.row);
        if let Some(rest) = stored.strip_prefix(KEYED) {
            let (id, bytes) = rest.split_once('.').ok_or(DecryptError)?;
            let key = self.keys().find(|(k, _)| k == id).ok_or(DecryptError)?;
            return open_with(&key.1, bytes, aad.as_bytes());
        }
        let bytes = stored.strip_prefix(BOUND).ok_or(DecryptError)?;
        self.open_any(bytes, aad.as_bytes())
    }

    /// A value sealed before bindings existed (base64, no associated data): read
    /// only to seal it again with its binding, when the service starts.
    pub fn open_unbound(&self, stored: &str) -> Result<String, DecryptError> {
        self.open_any(stored, b"")
    }

    /// Every key, the current one first.
    fn keys(&self) -> impl Iterator<Item = &(String, Aes256Gcm)> {
        std::iter::once(&self.current).chain(&self.previous)
    }

    /// A value that does not name its key, opened by whichever key of the ring seals it.
    fn open_any(&self, base64: &str, aad: &[u8]) -> Result<String, DecryptError> {
        self.keys()
            .find_map(|(_, key)| open_with(key, base64, aad).ok())
            .ok_or(DecryptError)
    }
}

fn open_with(key: &Aes256Gcm, base64: &str, aad: &[u8]) -> Result<String, DecryptError> {
    let bytes = STANDARD.decode(base64).map_err(|_| DecryptError)?;
    if bytes.len() < 12 {
        return Err(DecryptError);
    }
    let (nonce, sealed) = bytes.split_at(12);
    let plain = key
        .decrypt(
            Nonce::from_slice(nonce),
            aes_gcm::aead::Payload { msg: sealed, aad },
        )
        .map_err(|_| DecryptError)?;
    String::from_utf8(plain).map_err(|_| DecryptError)
}

/// HMAC-SHA-256 of `data` under `key`, hex: a fingerprint of guessable data
/// (identity document numbers) that nobody without the key can test guesses against.
pub fn keyed_hash_hex(key: &[u8; 32], data: &[u8]) -> String {
    use hmac::Mac;
    let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(data);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `bytes` random bytes, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// A prefixed random id, e.g. `cs_…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_token(12))
}

/// Compares secrets without leaking where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    // Hash first so lengths leak nothing either.
    let (ha, hb) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    ha.ct_eq(&hb).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stolen_database_cannot_test_guesses_of_identity_numbers() {
        let request = br#"{"certificate_no":"110101199003074514"}"#;
        let key = [7u8; 32];
        let stored = keyed_hash_hex(&key, request);
        assert_ne!(
            stored,
            sha256_hex(request),
            "not a plain hash anyone can recompute"
        );
        assert_eq!(
            stored,
            keyed_hash_hex(&key, request),
            "stable, so a retry compares equal"
        );
        assert_ne!(stored, keyed_hash_hex(&[8u8; 32], request));
        assert_eq!(stored.len(), 64);
    }

    const ROW: Binding<'static> = Binding {
        purpose: "linked_wallet.access_token",
        row: "lw_1:buyer-1:GCASH",
    };

    #[test]
    fn tokens_round_trip_and_tampering_is_caught() {
        let cipher = TokenCipher::new(&[7u8; 32]);
        let sealed = cipher.seal("at-secret-token", ROW);
        assert!(!sealed.contains("secret"));
        assert_ne!(
            sealed,
            cipher.seal("at-secret-token", ROW),
            "fresh nonce each time"
        );
        assert_eq!(cipher.open(&sealed, ROW).unwrap(), "at-secret-token");
        let prefix = cipher.current_prefix();
        let mut bytes = STANDARD.decode(&sealed[prefix.len()..]).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = format!("{prefix}{}", STANDARD.encode(bytes));
        assert!(cipher.open(&tampered, ROW).is_err());
        assert!(TokenCipher::new(&[8u8; 32]).open(&sealed, ROW).is_err());
    }

    #[test]
    fn a_token_moved_to_another_row_or_purpose_does_not_open() {
        let cipher = TokenCipher::new(&[7u8; 32]);
        let sealed = cipher.seal("at-secret-token", ROW);
        let other_buyer = Binding {
            row: "lw_1:buyer-2:GCASH",
            ..ROW
        };
        let other_purpose = Binding {
            purpose: "linked_wallet.refresh_token",
            ..ROW
        };
        assert!(cipher.open(&sealed, other_buyer).is_err());
        assert!(cipher.open(&sealed, other_purpose).is_err());
        // Nor is a value without a binding taken where a bound one belongs.
        let unbound = &sealed[BOUND.len()..];
        assert!(cipher.open(unbound, ROW).is_err());
        assert!(
            cipher.open_unbound(unbound).is_err(),
            "bound data is needed to open it"
        );
    }

    #[test]
    fn constant_time_comparison_is_still_comparison() {
        assert!(constant_time_eq("sk_live_abc", "sk_live_abc"));
        assert!(!constant_time_eq("sk_live_abc", "sk_live_abd"));
        assert!(!constant_time_eq("sk_live_abc", "sk_live_ab"));
    }

    #[test]
    fn a_ring_seals_with_its_newest_key_and_opens_with_any_of_its_keys() {
        let binding = Binding {
            purpose: "linked_wallet.access_token",
            row: "lw_1:buyer-1:GCASH",
        };
        let (old, new) = ([1u8; 32], [2u8; 32]);
        let sealed_old = TokenCipher::new(&old).seal("tok", binding);
        assert!(sealed_old.starts_with(&format!("v3.{}.", key_id(&old))));
        let ring = TokenCipher::ring(&new, &[old]);
        assert_eq!(ring.open(&sealed_old, binding).unwrap(), "tok");
        assert!(ring
            .seal("tok", binding)
            .starts_with(&ring.current_prefix()));
        assert!(
            TokenCipher::new(&new).open(&sealed_old, binding).is_err(),
            "the old key gone"
        );
        // A value from before keys were named (v2.) opens with whichever key sealed it.
        let v2 = sealed_old.replace(&format!("v3.{}.", key_id(&old)), "v2.");
        assert_eq!(ring.open(&v2, binding).unwrap(), "tok");
        assert_ne!(key_id(&old), key_id(&new));
    }
}
