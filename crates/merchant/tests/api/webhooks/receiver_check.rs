//! `merchant webhooks test URL --secret whsec_…`, the go-live check of a merchant's
//! receiver, run as a merchant runs it: the real binary, with no configuration.

use super::*;

/// Runs `merchant webhooks test` with no settings at all; its exit success and output.
fn webhooks_test(url: &str, secret: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
        .args(["webhooks", "test", url, "--secret", secret])
        .env_clear()
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

/// The demo shop's own receiver (standardwebhooks' verify) passes every case; its
/// taking a byte-for-byte replay is reported as safe only with idempotent handling.
#[tokio::test(flavor = "multi_thread")]
async fn the_demo_shops_receiver_takes_ours_and_refuses_every_forgery() {
    let shop = Shop::open(&[]).await;
    let (mut child, base) = shop.process().await;
    let secret_file = shop.data_dir.join("demo-webhook-secret");
    for _ in 0..50 {
        if secret_file.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let secret = std::fs::read_to_string(&secret_file).unwrap();
    let url = format!("{base}/demo/webhooks");
    let (clean, said) = tokio::task::spawn_blocking(move || webhooks_test(&url, secret.trim()))
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(clean, "{said}");
    assert_eq!(said.matches("\n  ok ").count(), 8, "{said}");
    assert!(said.contains("signed with another secret"), "{said}");
    assert!(
        said.contains("safe only if you handle each webhook-id once"),
        "{said}"
    );
}

/// A receiver that answers 2xx to anything fails, naming each forgery it took; one that
/// refuses everything fails on the service's own deliveries; a secret that is not an
/// endpoint's is refused before anything is sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_receiver_that_takes_forgeries_or_refuses_ours_fails() {
    let (gullible, url) = Receiver::start(&[]).await;
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let u = url.clone();
    let (clean, said) = tokio::task::spawn_blocking(move || webhooks_test(&u, secret))
        .await
        .unwrap();
    assert!(!clean, "{said}");
    for forgery in [
        "signed with another secret",
        "no signature",
        "body changed after signing",
        "signed 10 minutes ago",
        "signed 10 minutes in the future",
    ] {
        let line = said
            .lines()
            .find(|l| l.contains(forgery))
            .unwrap_or_default();
        assert!(
            line.contains("FAIL") && line.contains("took a forgery"),
            "{forgery}: {said}"
        );
    }
    assert_eq!(gullible.received().len(), 8, "eight deliveries");

    let (_, url) = Receiver::start(&[401; 8]).await;
    let (clean, said) = tokio::task::spawn_blocking(move || webhooks_test(&url, secret))
        .await
        .unwrap();
    assert!(!clean);
    let ours = said
        .lines()
        .find(|l| l.contains("signed with your secret"))
        .unwrap_or_default();
    assert!(
        ours.contains("FAIL") && ours.contains("must be taken"),
        "{said}"
    );

    let (clean, said) =
        tokio::task::spawn_blocking(|| webhooks_test("http://127.0.0.1:9/hooks", "not-a-secret"))
            .await
            .unwrap();
    assert!(!clean);
    assert!(said.contains("whsec_"), "{said}");
}
