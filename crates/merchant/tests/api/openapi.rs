//! `/openapi.json` against the service, property-based: schemathesis (from PyPI, in a
//! throwaway virtualenv) draws requests the document calls valid, boundary values
//! included, and fails if the service refuses one as malformed or answers 5xx. So a
//! client generated from the document sends what the service takes.

use crate::common::{self, Shop};
use std::path::Path;

const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// Runs schemathesis on the operations matching `paths` with `headers`; its report.
async fn schemathesis(
    shop: &Shop,
    paths: &str,
    headers: &[String],
    env: &[(&str, &str)],
) -> (bool, String) {
    let venv = common::venv("schemathesis-venv", &[SCHEMATHESIS], "import schemathesis");
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/openapi");
    let mut command = std::process::Command::new(venv.join("bin/st"));
    command
        .args(["run", &format!("{}/openapi.json", shop.base)])
        .args([
            "--checks",
            "not_a_server_error,valid_request_is_not_refused_as_malformed",
        ])
        .args(["--include-path-regex", paths])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", "40"])
        // The same draws every run: a failure here is a failure on the next run too.
        .args(["--seed", "20261203", "--generation-deterministic"])
        .args(["--no-color"])
        .env("PYTHONPATH", &hooks)
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .current_dir(std::env::temp_dir());
    for h in headers {
        command.args(["-H", h]);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    let out = tokio::task::spawn_blocking(move || command.output().expect("schemathesis"))
        .await
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), report)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_merchant_api_request_the_document_calls_valid_is_taken() {
    let shop = Shop::open(&[]).await;
    let (ok, report) = schemathesis(
        &shop,
        "^/v1/",
        &[format!("Authorization: Bearer {}", shop.api_key)],
        &[],
    )
    .await;
    assert!(ok, "{report}");
    // It ran the operations, not nothing.
    assert!(
        report.contains("/v1/checkout-sessions") || report.contains("passed"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_app_request_the_document_calls_valid_is_taken() {
    let shop = Shop::open(&[]).await;
    let buyer = shop
        .claim(&shop.created("openapi-buyer", 10_000).await)
        .await;
    let (ok, report) = schemathesis(
        &shop,
        "^/api/",
        &[
            format!("Cookie: {}", buyer.cookie_header()),
            "x-checkout-request: 1".to_owned(),
        ],
        &[("CHECKOUT_SESSION_ID", &buyer.session_id)],
    )
    .await;
    assert!(ok, "{report}");
}
