//! The documentation as a reader uses it: the README's curl walk-through runs as
//! written against the service, and every `/v1` path the README or the book names
//! is one `/openapi.json` describes.

use crate::common::Shop;
use std::path::Path;

fn repo(path: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap()
}

/// The README's tour, step 2: the shell block after "The API with curl", run by bash
/// with `set -euo pipefail` against a fresh shop.
#[tokio::test(flavor = "multi_thread")]
async fn the_readme_curl_walk_through_runs_as_written() {
    let shop = Shop::open(&[]).await;
    let readme = repo("README.md");
    let after = readme
        .split_once("The API with curl")
        .expect("the README's curl walk-through")
        .1;
    let block = after
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("its shell block")
        .0
        .to_owned();
    let dir = std::env::temp_dir().join(crate::common::unique("readme-curl"));
    std::fs::create_dir_all(&dir).unwrap();
    let (base, key) = (shop.base.clone(), shop.api_key.clone());
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("bash")
            .args(["-c", &format!("set -euo pipefail\n{block}")])
            .env("B", base)
            .env("KEY", key)
            .current_dir(&dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .collect::<Vec<_>>(),
        ["succeeded", "succeeded"],
        "the payment, then the refund: {said}"
    );
}

/// Whether `path` (`/v1/payments/pay_123/refunds`, `/v1/payments/{id}`) is one of the
/// document's templates.
fn described(path: &str, templates: &[String]) -> bool {
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    templates.iter().any(|t| {
        let pattern: Vec<&str> = t.split('/').collect();
        pattern.len() == parts.len()
            && pattern
                .iter()
                .zip(&parts)
                .all(|(p, a)| p == a || (p.starts_with('{') && !a.is_empty()))
    })
}

/// A code sample that names a route the API no longer has fails here.
#[tokio::test]
async fn every_v1_path_the_docs_name_is_in_the_document() {
    let shop = Shop::open(&[]).await;
    let doc = shop.public_json("/openapi.json").await;
    let templates: Vec<String> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    // Other protocols' paths the docs name: Antom's API and OTLP's.
    use antom::api::*;
    let theirs = [
        ConsultRequest::PATH,
        ApplyTokenRequest::PATH,
        RevokeRequest::PATH,
        PayRequest::PATH,
        InquiryPaymentRequest::PATH,
        CancelRequest::PATH,
        RefundRequest::PATH,
        InquiryRefundRequest::PATH,
        DeclareRequest::PATH,
        InquiryDeclarationRequestsRequest::PATH,
        "/v1/traces",
    ];
    let mut pages = vec!["README.md".to_owned()];
    let book = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/src");
    for entry in std::fs::read_dir(&book).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            pages.push(format!("docs/src/{name}"));
        }
    }
    let mut unknown = Vec::new();
    let mut seen = 0;
    for page in &pages {
        let text = repo(page);
        for (i, _) in text.match_indices("/v1/") {
            let path: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "/_-{}$".contains(*c))
                .collect();
            let path = path.trim_end_matches(['/', '-']);
            // Shell variables stand for ids: `$P` in `/v1/payments/$P/refunds`.
            let path = path
                .split('/')
                .map(|s| if s.starts_with('$') { "x" } else { s })
                .collect::<Vec<_>>()
                .join("/");
            if path.len() <= "/v1/".len() || path.ends_with('…') {
                continue;
            }
            seen += 1;
            if !described(&path, &templates) && !theirs.contains(&path.as_str()) {
                unknown.push(format!("{page}: {path}"));
            }
        }
    }
    assert!(seen > 50, "{seen} paths read");
    assert!(
        unknown.is_empty(),
        "paths no operation has:\n{}",
        unknown.join("\n")
    );
}
