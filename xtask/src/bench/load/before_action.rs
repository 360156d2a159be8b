//! What must arrive before the checkout's primary action works, on a buyer's
//! first visit: the page's HTML (brotli, as the service sends it to a browser)
//! and the claim's answer. The loader in the page then hands the painted form
//! this browser's proof and label, and a tap posts it: the app's JS and wasm
//! are not waited on (`src/routes/checkout/action.rs`).

use super::super::Server;
use super::setup::{created_session, post};
use serde_json::json;

/// `text`'s size at brotli -q 11.
pub fn brotli_len(text: &[u8]) -> anyhow::Result<usize> {
    let mut compressed = Vec::new();
    brotli::BrotliCompress(
        &mut &text[..],
        &mut compressed,
        &brotli::enc::BrotliEncoderParams {
            quality: 11,
            ..Default::default()
        },
    )?;
    Ok(compressed.len())
}

/// The bytes before a tap on "Link GCash" starts the link: the link holder's
/// page (brotli) and the claim's answer as it travels (its body is not compressed).
pub async fn bytes_before_action(http: &reqwest::Client, s: &Server) -> anyhow::Result<usize> {
    let body = json!({"buyer_reference": "bench-before-action", "order": {"reference": "bench-before-action", "description": "Kopi beans 250 g", "amount": 10_000, "currency": "PHP", "items": [{"name": "Kopi beans 250 g", "quantity": 1, "unit_amount": 10_000}]}, "region": "PH", "locale": "en"});
    let (id, token) = created_session(http, s, body).await?;
    let page = http
        .get(format!("{}/checkout/{id}", s.base))
        .send()
        .await?
        .text()
        .await?;
    anyhow::ensure!(
        page.contains("/act\"") && page.contains("data-labels="),
        "the first paint has no form the loader can make work"
    );
    let claim_url = format!("{}/api/checkout-sessions/{id}/claim", s.base);
    let claimed = post(http, claim_url, None, json!({"token": token}), None).await?;
    anyhow::ensure!(
        claimed.headers().contains_key("x-checkout-form-proof"),
        "the claim answered no form proof"
    );
    let answer = claimed.bytes().await?;
    Ok(brotli_len(page.as_bytes())? + answer.len())
}
