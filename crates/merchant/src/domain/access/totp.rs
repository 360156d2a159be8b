//! The second factor: RFC 6238 codes (SHA-1, six digits, 30 s), each good
//! once, one step of clock drift either way.

use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds per code.
const STEP: u64 = 30;

/// A new random secret (160 bits, as RFC 4226 recommends), raw bytes.
pub fn new_secret() -> Vec<u8> {
    Secret::generate_secret().to_bytes().unwrap_or_default()
}

fn totp(secret: &[u8], account: &str, issuer: &str) -> Option<TOTP> {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP,
        secret.to_vec(),
        Some(issuer.replace(':', " ")),
        account.replace(':', " "),
    )
    .ok()
}

/// The `otpauth://` URI and the base32 secret an authenticator app takes.
pub fn enrolment(secret: &[u8], account: &str, issuer: &str) -> Option<(String, String)> {
    let t = totp(secret, account, issuer)?;
    Some((t.get_url(), t.get_secret_base32()))
}

/// The time step `code` is right for at unix time `at`, if any (the step
/// before, at or after it: a phone's clock drifts).
pub fn matching_step(secret: &[u8], code: &str, at: i64) -> Option<i64> {
    let t = totp(secret, "-", "-")?;
    let at = u64::try_from(at).ok()?;
    let now_step = at / STEP;
    [now_step.saturating_sub(1), now_step, now_step + 1]
        .into_iter()
        .find(|step| {
            let expected = t.generate(step * STEP);
            crate::crypto::constant_time_eq(&expected, code)
        })
        .and_then(|step| i64::try_from(step).ok())
}

/// The code for unix time `at`.
#[cfg(test)]
pub fn code_at(secret: &[u8], at: i64) -> Option<String> {
    Some(totp(secret, "-", "-")?.generate(u64::try_from(at).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_sha1_vectors_match() {
        // RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last six digits.
        let seed = b"12345678901234567890";
        assert_eq!(code_at(seed, 59).as_deref(), Some("287082"));
        assert_eq!(code_at(seed, 1111111109).as_deref(), Some("081804"));
        assert_eq!(code_at(seed, 20000000000).as_deref(), Some("353130"));
    }

    #[test]
    fn a_code_matches_its_step_and_its_neighbours_only() {
        let secret = new_secret();
        let at = 1_800_000_000;
        let code = code_at(&secret, at).unwrap();
        assert_eq!(matching_step(&secret, &code, at), Some(at / 30));
        assert_eq!(matching_step(&secret, &code, at + 30), Some(at / 30));
        assert_eq!(matching_step(&secret, &code, at + 90), None);
        assert_eq!(matching_step(&secret, "000000x", at), None);
    }
}
