//! The OpenAPI documents against the service. Property-based: schemathesis (from
//! PyPI, in a throwaway virtualenv) draws requests a document calls valid, boundary
//! values included, and fails if the service refuses one as malformed or answers
//! 5xx. And as a merchant uses them: validated by `openapi-spec-validator`, one
//! document per audience with unique operation ids, and a Python client generated
//! by `openapi-python-client` that has every operation and runs a merchant's day.

use crate::common::{self, Shop};
use std::path::{Path, PathBuf};

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

/// A seed no earlier run used (the clock's nanoseconds).
fn fresh_seed() -> u64 {
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
        let seed = draws.seed();
        eprintln!("schemathesis on /v1 with seed {seed}");
        assert!(
            ok,
            "schemathesis, seed {seed} (replay with --seed {seed}):\n{report}"
        );
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
        let seed = draws.seed();
        eprintln!("schemathesis on /api with seed {seed}");
        assert!(
            ok,
            "schemathesis, seed {seed} (replay with --seed {seed}):\n{report}"
        );
    }
}

const CLIENT_TOOLS: [&str; 2] = [
    "openapi-python-client==0.29.1",
    "openapi-spec-validator==0.9.0",
];

fn client_tools() -> PathBuf {
    common::venv(
        "openapi-client-venv",
        &CLIENT_TOOLS,
        "import openapi_python_client, openapi_spec_validator",
    )
}

/// `path` of the shop, as text, also written to `dir`/`file`.
async fn fetched(shop: &Shop, path: &str, dir: &Path, file: &str) -> serde_json::Value {
    let text = shop
        .http
        .get(format!("{}{path}", shop.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    std::fs::write(dir.join(file), &text).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Runs `program` with `args`; its standard output, or a panic with everything it said.
fn ran(program: &Path, args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut command = std::process::Command::new(program);
    command.args(args);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("the client tools");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "{} {args:?}: {said}",
        program.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The merchant's document holds `/v1` only; the internal one the rest. Both are valid
/// OpenAPI 3.1 to `openapi-spec-validator`, and every operation has a tag and an
/// operation id unique across both, in camelCase (client generators name methods by it).
#[tokio::test(flavor = "multi_thread")]
async fn each_audience_has_a_valid_document_whose_operations_are_named_once() {
    let shop = Shop::open(&[]).await;
    let dir = std::env::temp_dir().join(common::unique("openapi-docs"));
    std::fs::create_dir_all(&dir).unwrap();
    let merchant = fetched(&shop, "/openapi.json", &dir, "merchant.json").await;
    let internal = fetched(&shop, "/openapi/internal.json", &dir, "internal.json").await;
    let venv = client_tools();
    ran(
        &venv.join("bin/openapi-spec-validator"),
        &[
            dir.join("merchant.json").to_str().unwrap(),
            dir.join("internal.json").to_str().unwrap(),
        ],
        &[],
    );
    let mut names = std::collections::BTreeSet::new();
    for (doc, ours) in [(&merchant, true), (&internal, false)] {
        for (path, item) in doc["paths"].as_object().unwrap() {
            assert_eq!(
                path.starts_with("/v1/"),
                ours,
                "{path} is in the wrong document"
            );
            for (method, op) in item.as_object().unwrap() {
                let id = op["operationId"].as_str().unwrap_or_default();
                assert!(
                    id.len() > 3
                        && id.chars().all(|c| c.is_ascii_alphanumeric())
                        && id.starts_with(|c: char| c.is_ascii_lowercase()),
                    "{method} {path}: operationId {id:?}"
                );
                assert!(names.insert(id.to_owned()), "{id} is used twice");
                assert!(op["tags"][0].is_string(), "{method} {path} has no tag");
            }
        }
    }
    for expected in [
        "listPayments",
        "listBuyerWallets",
        "refundPayment",
        "createCheckoutSession",
        "chargeLinkedWallet",
    ] {
        assert!(names.contains(expected), "{expected} missing: {names:?}");
    }
    // The merchant's document names no schema only the app or the console uses.
    let schemas = merchant["components"]["schemas"].as_object().unwrap();
    for internal_only in ["ClaimSession", "StartAuthorization", "SignIn"] {
        assert!(
            !schemas.contains_key(internal_only),
            "{internal_only} in {:?}",
            schemas.keys()
        );
        assert!(internal["components"]["schemas"][internal_only].is_object());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Python client generated from `/openapi.json` by `openapi-python-client` has a
/// module for every operation, and runs a merchant's day: create a checkout with a
/// mandate (the buyer links and pays in the sandbox), list payments, refund, register
/// a webhook endpoint, list events, charge the linked wallet, list the buyer's wallets.
#[tokio::test(flavor = "multi_thread")]
async fn a_generated_python_client_has_every_operation_and_runs_a_merchants_day() {
    let shop = Shop::open(&[]).await;
    let dir = std::env::temp_dir().join(common::unique("openapi-client"));
    std::fs::create_dir_all(dir.join("packages")).unwrap();
    fetched(&shop, "/openapi.json", &dir, "merchant.json").await;
    std::fs::write(
        dir.join("generator.yaml"),
        "package_name_override: merchant_client\nproject_name_override: merchant-client\npost_hooks: []\n",
    )
    .unwrap();
    let venv = client_tools();
    let generated = ran(
        &venv.join("bin/openapi-python-client"),
        &[
            "generate",
            "--path",
            dir.join("merchant.json").to_str().unwrap(),
            "--meta",
            "none",
            "--config",
            dir.join("generator.yaml").to_str().unwrap(),
            "--output-path",
            dir.join("packages/merchant_client").to_str().unwrap(),
        ],
        &[],
    );
    assert!(!generated.contains("Warning"), "{generated}");
    let python = venv.join("bin/python");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/openapi/python_client.py");
    let script = script.to_str().unwrap();
    let packages = dir.join("packages");
    let env = [("PYTHONPATH", packages.as_path())];
    let doc = dir.join("merchant.json");
    ran(
        &python,
        &[script, "operations", doc.to_str().unwrap()],
        &env,
    );
    let buyer = "client-buyer-1";
    let created = ran(
        &python,
        &[script, "create", &shop.base, &shop.api_key, buyer],
        &env,
    );
    let created: serde_json::Value = serde_json::from_str(created.trim()).unwrap();
    let b = shop.claim(&created).await;
    b.link("GCASH").await;
    let paid = b.paid("k1").await;
    assert_eq!(paid.state, contract::api::PaymentState::Succeeded);
    let day = ran(
        &python,
        &[script, "rest", &shop.base, &shop.api_key, buyer, &paid.id],
        &env,
    );
    for step in [
        "listPayments",
        "refundPayment",
        "listEvents",
        "chargeLinkedWallet",
        "listBuyerWallets",
    ] {
        assert!(day.contains(step), "{step} did not run: {day}");
    }
    assert!(
        day.contains(r#"{"chargeLinkedWallet": "succeeded"}"#),
        "{day}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
