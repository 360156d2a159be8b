//! The OpenAPI documents against the service. Property-based: schemathesis (from
//! PyPI, in a throwaway virtualenv) draws requests a document calls valid, boundary
//! values included, and fails if the service refuses one as malformed or answers
//! 5xx, with every other check schemathesis has (conformance, documented statuses,
//! authentication, invalid data refused). `clients.rs`: the documents as a merchant's
//! developer uses them.

use crate::common::{self, Shop};
use std::path::Path;

mod clients;
mod examples;
mod reference;

const SCHEMATHESIS: &str = "schemathesis==4.32.5";

/// Every check schemathesis has (both documents run under them), but
/// `positive_data_acceptance`, whose place our
/// `valid_request_is_not_refused_as_malformed` (hooks.py) takes: the same demand, told
/// the few rules between fields that the descriptions state and JSON Schema cannot.
const EVERY_CHECK: &[&str] = &[
    "--checks",
    "all",
    "--exclude-checks",
    "positive_data_acceptance",
];

/// How a run draws: the same draws every time, or a fresh seed (printed, so a failure
/// can be replayed with `--seed`).
#[derive(Clone, Copy)]
enum Draws {
    Fixed(u64),
    Fresh(u64),
}

impl Draws {
    fn seed(self) -> u64 {
        match self {
            Draws::Fixed(s) | Draws::Fresh(s) => s,
        }
    }
}

/// A seed no earlier run used (the clock's nanoseconds), or `SCHEMATHESIS_SEED` to
/// replay a failure's.
fn fresh_seed() -> u64 {
    if let Some(seed) = std::env::var("SCHEMATHESIS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return seed;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64 % 1_000_000_000)
}

/// Runs schemathesis with `checks` on the operations of `document` matching `paths`
/// with `headers`; whether it passed, and its report.
async fn schemathesis(
    shop: &Shop,
    document: &str,
    paths: &str,
    checks: &[&str],
    draws: Draws,
    headers: &[String],
    env: &[(&str, &str)],
) -> (bool, String) {
    let venv = common::venv("schemathesis-venv", &[SCHEMATHESIS], "import schemathesis");
    let hooks = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/openapi");
    let mut command = std::process::Command::new(venv.join("bin/st"));
    command
        .args(["run", &format!("{}{document}", shop.base)])
        .args(checks)
        .args(["--include-path-regex", paths])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args(["--max-examples", "30"])
        .args(["--no-color"])
        .env("PYTHONPATH", &hooks)
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .current_dir(std::env::temp_dir());
    match draws {
        // The same draws every run: a failure here is a failure on the next run too.
        Draws::Fixed(seed) => {
            command.args(["--seed", &seed.to_string(), "--generation-deterministic"])
        }
        Draws::Fresh(seed) => command.args(["--seed", &seed.to_string()]),
    };
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

/// The merchant's API under every check schemathesis has: conformance of every
/// answer to the document (status, content type, headers, schema), authentication
/// refused as documented, invalid data refused, no 5xx. Once with fixed draws, then
/// with a fresh seed that the failure message names.
/// Says which seed a run of `what` drew, and fails with how to replay it if it found something.
fn clean(what: &str, draws: Draws, ok: bool, report: &str) {
    let seed = draws.seed();
    eprintln!("schemathesis on {what} with seed {seed}");
    assert!(
        ok,
        "schemathesis, seed {seed} (replay: SCHEMATHESIS_SEED={seed} cargo test -p merchant --test api openapi):\n{report}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_merchant_api_request_the_document_calls_valid_is_taken() {
    // Schemathesis sends many requests without a key: the per-address limit on failed
    // keys (429, documented) would otherwise answer them instead of the 401 checked.
    let shop = Shop::open(&[("LIMIT_FAILED_CREDENTIALS_PER_MINUTE", "1000000")]).await;
    for draws in [Draws::Fixed(4242), Draws::Fresh(fresh_seed())] {
        let (ok, report) = schemathesis(
            &shop,
            "/openapi.json",
            "^/v1/",
            EVERY_CHECK,
            draws,
            &[format!("Authorization: Bearer {}", shop.api_key)],
            &[],
        )
        .await;
        clean("/v1", draws, ok, &report);
        // It ran the operations, not nothing.
        assert!(report.contains("passed"), "{report}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_app_request_the_document_calls_valid_is_taken() {
    let shop = Shop::open(&[]).await;
    let buyer = shop
        .claim(&shop.created("openapi-buyer", 10_000).await)
        .await;
    for draws in [Draws::Fixed(20261203), Draws::Fresh(fresh_seed())] {
        let (ok, report) = schemathesis(
            &shop,
            "/openapi/internal.json",
            "^/api/",
            EVERY_CHECK,
            draws,
            &[
                format!("Cookie: {}", buyer.cookie_header()),
                "x-checkout-request: 1".to_owned(),
            ],
            &[("CHECKOUT_SESSION_ID", &buyer.session_id)],
        )
        .await;
        clean("/api", draws, ok, &report);
    }
}
