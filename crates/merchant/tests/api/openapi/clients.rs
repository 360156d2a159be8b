//! The documents as a merchant's developer uses them: valid to `openapi-spec-validator`,
//! one per audience with unique operation ids, and clients generated from them (Python
//! by `openapi-python-client`, TypeScript by `openapi-typescript` + `openapi-fetch`) that
//! have every operation and run a merchant's day.

use crate::common::{self, Shop};
use std::path::{Path, PathBuf};

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
    // Every example is an instance of its schema (a wrong example misleads more than none).
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/openapi/examples_valid.py");
    ran(
        &venv.join("bin/python"),
        &[
            script.to_str().unwrap(),
            dir.join("merchant.json").to_str().unwrap(),
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
    // What a merchant's endpoint receives is in OpenAPI 3.1's `webhooks`: each event type,
    // its Event body and its three Standard Webhooks headers.
    let hooks = merchant["webhooks"].as_object().expect("webhooks");
    assert_eq!(hooks.len(), contract::webhooks::EventType::names().count());
    let succeeded = &hooks["payment.succeeded"]["post"];
    assert_eq!(
        succeeded["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Event"
    );
    let headers: Vec<&str> = succeeded["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        headers,
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
    );
    assert!(internal.get("webhooks").is_none());
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
    let paid = buyer_pays(&shop, &created).await;
    let day = ran(
        &python,
        &[script, "rest", &shop.base, &shop.api_key, buyer, &paid],
        &env,
    );
    ran_the_day(&day);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A TypeScript client from `/openapi.json`: `openapi-typescript` generates its types,
/// which name every operation; `tsc` type-checks a merchant's day written against them
/// with `openapi-fetch` (a path, parameter or field the document lost fails here); then
/// the day runs, as the Python client's does.
#[tokio::test(flavor = "multi_thread")]
async fn a_generated_typescript_client_has_every_operation_and_runs_a_merchants_day() {
    let shop = Shop::open(&[]).await;
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/clients/typescript");
    let bin = |tool: &str| project.join("node_modules/.bin").join(tool);
    if !bin("tsc").exists() {
        // `cargo xtask test` installs them; a bare `cargo test` does it here.
        let prefix = project.to_str().unwrap();
        ran(
            Path::new("npm"),
            &["ci", "--no-audit", "--no-fund", "--prefix", prefix],
            &[],
        );
    }
    let generated = project.join("generated");
    std::fs::create_dir_all(&generated).unwrap();
    let doc = fetched(&shop, "/openapi.json", &generated, "merchant.json").await;
    let types = generated.join("schema.d.ts");
    ran(
        &bin("openapi-typescript"),
        &[
            generated.join("merchant.json").to_str().unwrap(),
            "-o",
            types.to_str().unwrap(),
        ],
        &[],
    );
    let types = std::fs::read_to_string(&types).unwrap();
    let operations = types
        .split_once("export interface operations {")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let mut count = 0;
    for item in doc["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap();
            assert!(
                operations.contains(&format!("\n    {id}: {{")),
                "{id} missing from the generated client"
            );
            count += 1;
        }
    }
    assert!(count >= 36, "{count} operations");
    ran(&bin("tsc"), &["-p", project.to_str().unwrap()], &[]);
    let scenario = project.join("build/scenario.js");
    let scenario = scenario.to_str().unwrap();
    let node = Path::new("node");
    let buyer = "ts-buyer-1";
    let created = ran(
        node,
        &[scenario, "create", &shop.base, &shop.api_key, buyer],
        &[],
    );
    let paid = buyer_pays(&shop, &created).await;
    let day = ran(
        node,
        &[scenario, "rest", &shop.base, &shop.api_key, buyer, &paid],
        &[],
    );
    ran_the_day(&day);
}

/// The buyer's part of a merchant's day: the checkout a client created (its JSON
/// answer) is claimed, GCash linked and the order paid; the payment's id.
async fn buyer_pays(shop: &Shop, created: &str) -> String {
    let created: serde_json::Value = serde_json::from_str(created.trim()).unwrap();
    let b = shop.claim(&created).await;
    b.link("GCASH").await;
    let paid = b.paid("k1").await;
    assert_eq!(paid.state, contract::api::PaymentState::Succeeded);
    paid.id
}

/// Each step of the rest of the day printed its line, and the charge succeeded.
fn ran_the_day(day: &str) {
    for step in [
        "listPayments",
        "refundPayment",
        "listEvents",
        "chargeLinkedWallet",
        "listBuyerWallets",
    ] {
        assert!(day.contains(step), "{step} did not run: {day}");
    }
    let charged = day
        .lines()
        .find(|l| l.contains("chargeLinkedWallet"))
        .map(|l| l.replace(' ', ""));
    assert_eq!(
        charged.as_deref(),
        Some(r#"{"chargeLinkedWallet":"succeeded"}"#),
        "{day}"
    );
}
