//! Signing as Standard Webhooks says, checked by the official Python package too; endpoints and their secrets.

use super::*;

#[tokio::test]
async fn endpoints_are_checked_the_secret_is_shown_once_and_a_rotation_signs_with_both() {
    let shop = Shop::open(&[]).await;
    for (url, types) in [
        ("http://shop.example/hooks", json!(["*"])),
        ("ftp://127.0.0.1/hooks", json!(["*"])),
        ("http://127.0.0.1:9/hooks", json!(["payment.teleported"])),
        ("http://127.0.0.1:9/hooks", json!([])),
    ] {
        let r = shop
            .merchant_post(
                "/v1/webhook-endpoints",
                None,
                json!({"url": url, "event_types": types}),
            )
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{url} {types}"
        );
    }
    let (receiver, url) = Receiver::start(&[]).await;
    // `*` beside named types means every type, as the document says.
    let all = endpoint(&shop, &url, json!(["payment.succeeded", "*"])).await;
    assert_eq!(all.event_types, vec!["*".to_owned()]);
    let r = delete_endpoint(&shop, &all.id).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let hook = endpoint(&shop, &url, json!(["payment.succeeded"])).await;
    let listed: Vec<WebhookEndpoint> = shop
        .merchant_get("/v1/webhook-endpoints")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].secret, None, "never shown again");
    let rotated: WebhookEndpoint = shop
        .merchant_post(
            &format!("/v1/webhook-endpoints/{}/rotate-secret", hook.id),
            None,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (old, new) = (hook.secret.unwrap(), rotated.secret.unwrap());
    assert_ne!(old, new);
    assert!(rotated.previous_secret_until.is_some());
    shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let got = &receiver.received()[0];
    assert_eq!(got.header("webhook-signature").matches("v1,").count(), 2);
    assert!(verified_in_rust(&old, got) && verified_in_rust(&new, got));

    let deleted = delete_endpoint(&shop, &hook.id).await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let again = delete_endpoint(&shop, &hook.id).await;
    assert_eq!(error_code(again).await.0, StatusCode::NOT_FOUND);
}

fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        common::venv(
            "standardwebhooks-venv",
            &["standardwebhooks==1.1.0"],
            "import standardwebhooks",
        )
        .join("bin/python")
    })
}

/// Whether the official `standardwebhooks` Python package accepts `r` with `secret`.
fn verified_in_python(secret: &str, r: &Received) -> bool {
    let script = "import json,sys\nfrom standardwebhooks.webhooks import Webhook\nreq=json.load(sys.stdin)\ntry:\n    Webhook(req['secret']).verify(req['body'], req['headers'])\n    print('ok')\nexcept Exception as e:\n    print('refused', e)\n";
    let headers: serde_json::Map<String, Value> =
        ["webhook-id", "webhook-timestamp", "webhook-signature"]
            .iter()
            .map(|h| ((*h).to_owned(), json!(r.header(h))))
            .collect();
    let input = json!({"secret": secret, "body": String::from_utf8(r.body.clone()).unwrap(), "headers": headers});
    let mut child = std::process::Command::new(python())
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "ok"
}

#[tokio::test]
async fn the_official_standardwebhooks_package_verifies_a_delivery_and_refuses_a_tampered_one() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    let secret = endpoint(&shop, &url, json!(["payment.succeeded"]))
        .await
        .secret
        .unwrap();
    shop.payment_by("buyer-1", 10_000).await;
    deliver(&shop).await;
    let got = receiver.received()[0].clone();
    assert!(verified_in_python(&secret, &got));
    let mut tampered = got.clone();
    tampered.body = String::from_utf8(tampered.body)
        .unwrap()
        .replace("succeeded", "failed")
        .into_bytes();
    assert!(!verified_in_python(&secret, &tampered));
}
