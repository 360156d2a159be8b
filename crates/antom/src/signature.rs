//! The one place that signs and verifies Antom messages.
//!
//! Content signed: `<METHOD> <PATH>\n<client-id>.<time>.<body>`, RSA PKCS#1 v1.5
//! with SHA-256, base64, then form-URL-encoded. The `signature` header reads
//! `algorithm=RSA256,keyVersion=1,signature=<that>`. Requests, responses and
//! notifications all use it; responses carry `response-time` as the time.

use crate::keys::{PrivateKey, PublicKey};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;

/// Header carrying the client id.
pub const CLIENT_ID_HEADER: &str = "client-id";
/// Header carrying the request time (requests and notifications).
pub const REQUEST_TIME_HEADER: &str = "request-time";
/// Header carrying the response time (responses).
pub const RESPONSE_TIME_HEADER: &str = "response-time";
/// Header carrying the signature.
pub const SIGNATURE_HEADER: &str = "signature";

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no signature")]
    Missing,
    #[error("the signature header has no signature= part")]
    MalformedHeader,
    #[error("unsupported signature algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    #[error("the signature is not base64")]
    NotBase64,
    #[error("the signature does not match the message")]
    Mismatch,
    #[error("the message is not from the expected client id")]
    WrongClientId,
}

/// Everything a signature covers.
#[derive(Debug, Clone, Copy)]
pub struct SignedContent<'a> {
    /// HTTP method, `POST` for every Antom API.
    pub method: &'a str,
    /// Request path, such as `/ams/api/v1/payments/pay`.
    pub path: &'a str,
    /// The `client-id` header.
    pub client_id: &'a str,
    /// The `request-time` (or `response-time`) header, exactly as sent.
    pub time: &'a str,
    /// The body bytes exactly as sent, never re-serialised.
    pub body: &'a [u8],
}

impl SignedContent<'_> {
    /// The bytes that are signed.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.method.len()
                + self.path.len()
                + self.client_id.len()
                + self.time.len()
                + self.body.len()
                + 4,
        );
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.path.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(self.client_id.as_bytes());
        out.push(b'.');
        out.extend_from_slice(self.time.as_bytes());
        out.push(b'.');
        out.extend_from_slice(self.body);
        out
    }

    /// Signs with `key`: the header to send.
    pub fn sign(&self, key: &PrivateKey) -> SignatureHeader {
        let signer = key.signer();
        let mut raw = vec![0; signer.public().modulus_len()];
        // PKCS#1 v1.5 needs no randomness; ring asks for a source all the same.
        let rng = ring::rand::SystemRandom::new();
        if signer
            .sign(
                &ring::signature::RSA_PKCS1_SHA256,
                &rng,
                &self.bytes(),
                &mut raw,
            )
            .is_err()
        {
            // Only a modulus outside 2048..=8192 bits fails, and such keys are refused at load.
            raw.clear();
        }
        SignatureHeader::rsa256(&STANDARD.encode(raw))
    }

    /// Verifies `header` against `key`; see [`verify_rotating`] for two keys.
    pub fn verify(&self, key: &PublicKey, header: &SignatureHeader) -> Result<(), SignatureError> {
        let raw = header.signature_bytes()?;
        ring::signature::UnparsedPublicKey::new(
            &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            key.pkcs1_der(),
        )
        .verify(&self.bytes(), &raw)
        .map_err(|_| SignatureError::Mismatch)
    }
}

/// Verifies with Antom's `current` key and, during its key rotation, with its
/// `next` one when the current one does not match: what either signed is Antom's.
pub fn verify_rotating(
    current: &PublicKey,
    next: Option<&PublicKey>,
    verify: impl Fn(&PublicKey) -> Result<(), SignatureError>,
) -> Result<(), SignatureError> {
    match (verify(current), next) {
        (Err(SignatureError::Mismatch), Some(next)) => verify(next),
        (by_current, _) => by_current,
    }
}

/// The parsed `signature` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    /// `RSA256`, if the sender named it.
    pub algorithm: Option<String>,
    /// `keyVersion`, if the sender named it.
    pub key_version: Option<String>,
    /// The signature as it appears on the wire (URL-encoded base64).
    pub encoded_signature: String,
}

impl SignatureHeader {
    /// A header for a base64 signature, URL-encoding it the way Antom does.
    pub fn rsa256(base64_signature: &str) -> Self {
        Self {
            algorithm: Some("RSA256".to_owned()),
            key_version: Some("1".to_owned()),
            encoded_signature: form_urlencoded::byte_serialize(base64_signature.as_bytes())
                .collect(),
        }
    }

    /// Parses leniently: parts in any order, spaces around them, `keyVersion` optional.
    pub fn parse(value: &str) -> Result<Self, SignatureError> {
        if value.trim().is_empty() {
            return Err(SignatureError::Missing);
        }
        let mut header = Self {
            algorithm: None,
            key_version: None,
            encoded_signature: String::new(),
        };
        let mut found = false;
        for part in value.split(',') {
            let Some((name, val)) = part.split_once('=') else {
                continue;
            };
            let val = val.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "algorithm" => header.algorithm = Some(val.to_owned()),
                "keyversion" => header.key_version = Some(val.to_owned()),
                "signature" => {
                    header.encoded_signature = val.to_owned();
                    found = true;
                }
                _ => {}
            }
        }
        if !found {
            return Err(SignatureError::MalformedHeader);
        }
        if header.encoded_signature.is_empty() {
            return Err(SignatureError::Missing);
        }
        if let Some(alg) = &header.algorithm {
            if !alg.eq_ignore_ascii_case("RSA256") {
                return Err(SignatureError::UnsupportedAlgorithm(alg.clone()));
            }
        }
        Ok(header)
    }

    /// The header value: `algorithm=RSA256,keyVersion=1,signature=...`.
    pub fn to_header_value(&self) -> String {
        let mut parts = Vec::with_capacity(3);
        if let Some(alg) = &self.algorithm {
            parts.push(format!("algorithm={alg}"));
        }
        if let Some(version) = &self.key_version {
            parts.push(format!("keyVersion={version}"));
        }
        parts.push(format!("signature={}", self.encoded_signature));
        parts.join(",")
    }

    /// The raw signature bytes: URL-decoded (a literal `+` is kept, as raw base64 has them), then base64-decoded.
    pub fn signature_bytes(&self) -> Result<Vec<u8>, SignatureError> {
        let decoded =
            percent_encoding::percent_decode_str(&self.encoded_signature).collect::<Vec<u8>>();
        let cleaned: Vec<u8> = decoded
            .into_iter()
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        STANDARD
            .decode(&cleaned)
            .or_else(|_| STANDARD_NO_PAD.decode(&cleaned))
            .map_err(|_| SignatureError::NotBase64)
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

    const BODY: &[u8] =
        br#"{"paymentRequestId":"pay-1","paymentAmount":{"currency":"PHP","value":"10000"}}"#;

    fn content() -> SignedContent<'static> {
        SignedContent {
            method: "POST",
            path: "/ams/api/v1/payments/pay",
            client_id: "SANDBOX_5Y3A2N2YEB3002022",
            time: "2024-01-01T12:00:00+08:00",
            body: BODY,
        }
    }

    #[test]
    fn content_is_method_path_newline_client_time_body() {
        assert_eq!(
            String::from_utf8(content().bytes()).unwrap(),
            format!(
                "POST /ams/api/v1/payments/pay\nSANDBOX_5Y3A2N2YEB3002022.2024-01-01T12:00:00+08:00.{}",
                std::str::from_utf8(BODY).unwrap()
            )
        );
    }

    #[test]
    fn a_signature_verifies_after_a_round_trip_through_the_header() {
        let header = content().sign(key());
        let value = header.to_header_value();
        assert!(value.starts_with("algorithm=RSA256,keyVersion=1,signature="));
        let encoded = value.split("signature=").nth(1).unwrap();
        assert!(
            !encoded.contains(['+', '/', '=']),
            "base64 must be form-URL-encoded: {encoded}"
        );
        let parsed = SignatureHeader::parse(&value).unwrap();
        assert_eq!(content().verify(&key().public_key(), &parsed), Ok(()));
    }

    #[test]
    fn any_change_to_what_is_signed_breaks_the_signature() {
        let header = content().sign(key());
        let public = key().public_key();
        let mut tampered_body = BODY.to_vec();
        tampered_body[BODY.len() - 5] = b'9';
        let cases = [
            SignedContent {
                method: "GET",
                ..content()
            },
            SignedContent {
                path: "/ams/sandbox/api/v1/payments/pay",
                ..content()
            },
            SignedContent {
                client_id: "SANDBOX_5Y3A2N2YEB3002023",
                ..content()
            },
            SignedContent {
                time: "2024-01-01T12:00:01+08:00",
                ..content()
            },
            SignedContent {
                body: &tampered_body,
                ..content()
            },
            SignedContent {
                body: b"",
                ..content()
            },
        ];
        for case in cases {
            assert_eq!(
                case.verify(&public, &header),
                Err(SignatureError::Mismatch),
                "{case:?}"
            );
        }
        // Every single byte of the body is covered.
        for i in 0..BODY.len() {
            let mut body = BODY.to_vec();
            body[i] ^= 0x01;
            let case = SignedContent {
                body: &body,
                ..content()
            };
            assert_eq!(case.verify(&public, &header), Err(SignatureError::Mismatch));
        }
    }

    #[test]
    fn another_key_does_not_verify() {
        let other = PrivateKey::generate().unwrap();
        let header = content().sign(&other);
        assert_eq!(
            content().verify(&key().public_key(), &header),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn header_parsing_is_lenient_about_layout_and_strict_about_content() {
        let header = content().sign(key());
        let sig = header.encoded_signature.clone();
        let public = key().public_key();
        let lenient = [
            format!("algorithm=RSA256,keyVersion=1,signature={sig}"),
            format!("algorithm=RSA256, keyVersion=1, signature={sig}"),
            format!("  algorithm = RSA256 ,signature={sig}  "),
            format!("signature={sig}"),
            format!("signature={sig},algorithm=RSA256"),
            format!("keyVersion=2,algorithm=rsa256,signature={sig}"),
        ];
        for value in lenient {
            let parsed = SignatureHeader::parse(&value).unwrap_or_else(|e| panic!("{value}: {e}"));
            assert_eq!(content().verify(&public, &parsed), Ok(()), "{value}");
        }
        let no_version =
            SignatureHeader::parse(&format!("algorithm=RSA256,signature={sig}")).unwrap();
        assert_eq!(no_version.key_version, None);

        // Raw base64 (not URL-encoded) still verifies: '+' stays '+'.
        let raw = STANDARD.encode(header.signature_bytes().unwrap());
        let parsed = SignatureHeader::parse(&format!("signature={raw}")).unwrap();
        assert_eq!(content().verify(&public, &parsed), Ok(()));

        assert_eq!(SignatureHeader::parse(""), Err(SignatureError::Missing));
        assert_eq!(
            SignatureHeader::parse("signature="),
            Err(SignatureError::Missing)
        );
        assert_eq!(
            SignatureHeader::parse("algorithm=RSA256,keyVersion=1"),
            Err(SignatureError::MalformedHeader)
        );
        assert_eq!(
            SignatureHeader::parse(&sig),
            Err(SignatureError::MalformedHeader)
        );
        assert_eq!(
            SignatureHeader::parse(&format!("algorithm=HMAC256,signature={sig}")),
            Err(SignatureError::UnsupportedAlgorithm("HMAC256".into()))
        );
        let junk = SignatureHeader::parse("signature=%%%not-base64***").unwrap();
        assert_eq!(
            content().verify(&public, &junk),
            Err(SignatureError::NotBase64)
        );
        let short = SignatureHeader::parse("signature=AAAA").unwrap();
        assert_eq!(
            content().verify(&public, &short),
            Err(SignatureError::Mismatch)
        );
    }
}
