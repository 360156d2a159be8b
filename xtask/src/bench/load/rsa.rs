//! What the service's RSA-2048 work costs on this machine, to tell its share
//! of a payment's time.

use antom::signature::SignedContent;
use std::time::Instant;

/// Milliseconds of CPU for one RSA-2048 signature and one verification.
pub fn rsa_costs() -> anyhow::Result<(f64, f64)> {
    let key = antom::PrivateKey::generate()?;
    let public = key.public_key();
    let content = SignedContent {
        method: "POST",
        path: "/ams/api/v1/payments/pay",
        client_id: "c",
        time: "t",
        body: &[b'x'; 600],
    };
    let n = 200;
    let t = Instant::now();
    let mut header = content.sign(&key);
    for _ in 1..n {
        header = content.sign(&key);
    }
    let sign_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    let t = Instant::now();
    for _ in 0..n {
        content.verify(&public, &header)?;
    }
    let verify_ms = t.elapsed().as_secs_f64() * 1000.0 / f64::from(n);
    Ok((sign_ms, verify_ms))
}
