//! RSA keys as Antom hands them out: PEM or bare base64; PKCS#1 or PKCS#8
//! private keys; X.509 SubjectPublicKeyInfo (or PKCS#1) public keys.
//!
//! Keys are read (and, for the sandbox, made) with the `rsa` crate; signing and
//! verifying go through `ring`, whose private-key operations are constant-time
//! (the `rsa` crate's are not: RUSTSEC-2023-0071) and several times faster.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use std::fmt;
use std::sync::Arc;

/// Antom's keys are 2048 bits; anything weaker is refused.
const MIN_BITS: usize = 2048;

/// Why a key could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the key is empty")]
    Empty,
    #[error("the key is not valid base64 (with or without PEM markers)")]
    NotBase64,
    #[error("the key is neither a PKCS#8 nor a PKCS#1 RSA private key")]
    NotPrivateKey,
    #[error("the key is neither an X.509 SubjectPublicKeyInfo nor a PKCS#1 RSA public key")]
    NotPublicKey,
    #[error("the key has {0} bits; at least 2048 are required")]
    TooShort(usize),
    #[error("could not generate a key: {0}")]
    Generate(String),
    #[error("could not encode the key: {0}")]
    Encode(String),
}

/// Strips PEM armour, whitespace and literal `\n` escapes (common in env files), then decodes.
fn der_from_text(text: &str) -> Result<Vec<u8>, KeyError> {
    let unescaped = text.replace("\\n", "\n");
    let body: String = unescaped
        .lines()
        .filter(|line| !line.trim_start().starts_with("-----"))
        .flat_map(|line| line.chars().filter(|c| !c.is_whitespace()))
        .collect();
    if body.is_empty() {
        return Err(KeyError::Empty);
    }
    STANDARD.decode(body).map_err(|_| KeyError::NotBase64)
}

/// A merchant's (or the sandbox's) RSA private key, used to sign.
#[derive(Clone)]
pub struct PrivateKey(RsaPrivateKey, Arc<ring::signature::RsaKeyPair>);

impl PrivateKey {
    /// Loads a PKCS#8 or PKCS#1 key, PEM or bare base64, whatever the PEM label says.
    pub fn from_text(text: &str) -> Result<Self, KeyError> {
        let der = der_from_text(text)?;
        let key = RsaPrivateKey::from_pkcs8_der(&der)
            .or_else(|_| RsaPrivateKey::from_pkcs1_der(&der))
            .map_err(|_| KeyError::NotPrivateKey)?;
        let bits = key.size() * 8;
        if bits < MIN_BITS {
            return Err(KeyError::TooShort(bits));
        }
        Self::with_signer(key)
    }

    /// Generates a fresh 2048-bit key (sandbox and tests).
    pub fn generate() -> Result<Self, KeyError> {
        let key = RsaPrivateKey::new(&mut rand::thread_rng(), MIN_BITS)
            .map_err(|e| KeyError::Generate(e.to_string()))?;
        Self::with_signer(key)
    }

    fn with_signer(key: RsaPrivateKey) -> Result<Self, KeyError> {
        let der = key
            .to_pkcs1_der()
            .map_err(|e| KeyError::Encode(e.to_string()))?;
        let signer = ring::signature::RsaKeyPair::from_der(der.as_bytes())
            .map_err(|_| KeyError::NotPrivateKey)?;
        Ok(Self(key, Arc::new(signer)))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::from_rsa(self.0.to_public_key())
    }

    /// Bare base64 PKCS#8, the form Antom's portal and Java SDK use.
    pub fn to_pkcs8_base64(&self) -> Result<String, KeyError> {
        let der = self
            .0
            .to_pkcs8_der()
            .map_err(|e| KeyError::Encode(e.to_string()))?;
        Ok(STANDARD.encode(der.as_bytes()))
    }

    /// Bare base64 PKCS#1, the form the Python SDK wraps in `RSA PRIVATE KEY` markers.
    pub fn to_pkcs1_base64(&self) -> Result<String, KeyError> {
        let der = self
            .0
            .to_pkcs1_der()
            .map_err(|e| KeyError::Encode(e.to_string()))?;
        Ok(STANDARD.encode(der.as_bytes()))
    }

    pub(crate) fn signer(&self) -> &ring::signature::RsaKeyPair {
        &self.1
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrivateKey(***)")
    }
}

/// Antom's (or a merchant's) RSA public key, used to verify.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(RsaPublicKey, Arc<Vec<u8>>);

impl PublicKey {
    /// Loads an SPKI or PKCS#1 public key, PEM or bare base64.
    pub fn from_text(text: &str) -> Result<Self, KeyError> {
        let der = der_from_text(text)?;
        let key = RsaPublicKey::from_public_key_der(&der)
            .or_else(|_| RsaPublicKey::from_pkcs1_der(&der))
            .map_err(|_| KeyError::NotPublicKey)?;
        let bits = key.size() * 8;
        if bits < MIN_BITS {
            return Err(KeyError::TooShort(bits));
        }
        Ok(Self::from_rsa(key))
    }

    fn from_rsa(key: RsaPublicKey) -> Self {
        use rsa::pkcs1::EncodeRsaPublicKey;
        // ring verifies against the PKCS#1 RSAPublicKey encoding.
        let der = key
            .to_pkcs1_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default();
        Self(key, Arc::new(der))
    }

    pub(crate) fn pkcs1_der(&self) -> &[u8] {
        &self.1
    }

    /// Bare base64 X.509 SubjectPublicKeyInfo, the form Antom's portal shows.
    pub fn to_spki_base64(&self) -> Result<String, KeyError> {
        let der = self
            .0
            .to_public_key_der()
            .map_err(|e| KeyError::Encode(e.to_string()))?;
        Ok(STANDARD.encode(der.as_bytes()))
    }

    #[cfg(test)]
    pub(crate) fn rsa(&self) -> &RsaPublicKey {
        &self.0
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.to_spki_base64().unwrap_or_default();
        let tail = &text[text.len().saturating_sub(8)..];
        write!(f, "PublicKey(…{tail})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn key() -> &'static PrivateKey {
        static KEY: OnceLock<PrivateKey> = OnceLock::new();
        KEY.get_or_init(|| PrivateKey::generate().unwrap())
    }

    fn pem(label: &str, body: &str) -> String {
        let lines: Vec<&str> = body
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
            lines.join("\n")
        )
    }

    #[test]
    fn private_keys_load_in_every_form_antom_hands_out() {
        let pkcs8 = key().to_pkcs8_base64().unwrap();
        let pkcs1 = key().to_pkcs1_base64().unwrap();
        let forms = [
            pkcs8.clone(),
            pkcs1.clone(),
            pem("PRIVATE KEY", &pkcs8),
            pem("RSA PRIVATE KEY", &pkcs1),
            // The Python SDK wraps whatever it is given in RSA markers.
            pem("RSA PRIVATE KEY", &pkcs8),
            pem("PRIVATE KEY", &pkcs8).replace('\n', "\\n"),
            format!("  {pkcs8}\n"),
        ];
        for form in forms {
            let loaded = PrivateKey::from_text(&form).unwrap();
            assert_eq!(loaded.public_key(), key().public_key());
        }
    }

    #[test]
    fn public_keys_load_as_spki_or_pkcs1() {
        let spki = key().public_key().to_spki_base64().unwrap();
        assert_eq!(PublicKey::from_text(&spki).unwrap(), key().public_key());
        assert_eq!(
            PublicKey::from_text(&pem("PUBLIC KEY", &spki)).unwrap(),
            key().public_key()
        );
        let pkcs1 = STANDARD.encode(
            rsa::pkcs1::EncodeRsaPublicKey::to_pkcs1_der(key().public_key().rsa())
                .unwrap()
                .as_bytes(),
        );
        assert_eq!(
            PublicKey::from_text(&pem("RSA PUBLIC KEY", &pkcs1)).unwrap(),
            key().public_key()
        );
    }

    #[test]
    fn junk_is_refused_with_a_reason() {
        assert_eq!(PrivateKey::from_text("   ").unwrap_err(), KeyError::Empty);
        assert_eq!(
            PrivateKey::from_text("not base64 at all!").unwrap_err(),
            KeyError::NotBase64
        );
        assert_eq!(
            PrivateKey::from_text("aGVsbG8gd29ybGQ=").unwrap_err(),
            KeyError::NotPrivateKey
        );
        let spki = key().public_key().to_spki_base64().unwrap();
        assert_eq!(
            PrivateKey::from_text(&spki).unwrap_err(),
            KeyError::NotPrivateKey
        );
        let pkcs8 = key().to_pkcs8_base64().unwrap();
        assert_eq!(
            PublicKey::from_text(&pkcs8).unwrap_err(),
            KeyError::NotPublicKey
        );
    }

    #[test]
    fn weak_keys_are_refused() {
        let weak = RsaPrivateKey::new(&mut rand::thread_rng(), 1024).unwrap();
        let text = STANDARD.encode(weak.to_pkcs8_der().unwrap().as_bytes());
        assert_eq!(
            PrivateKey::from_text(&text).unwrap_err(),
            KeyError::TooShort(1024)
        );
    }

    #[test]
    fn debug_never_prints_private_material() {
        assert_eq!(format!("{:?}", key()), "PrivateKey(***)");
    }
}
