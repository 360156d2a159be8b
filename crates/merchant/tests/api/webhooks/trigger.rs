//! `merchant trigger EVENT`: the sandbox plays a real scenario through the running
//! service, and the event it makes reaches the merchant's endpoint like any other.

use super::{deliver, endpoint, Receiver};
use crate::common::Shop;
use serde_json::json;

/// Runs `merchant ARGS` with the shop's settings, off the runtime the shop serves on.
async fn merchant(shop: &Shop, args: &[&str]) -> (bool, String, String) {
    let settings = shop.settings.clone();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
            .envs(settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("RUST_LOG", "error")
            .env("RUST_BACKTRACE", "0")
            .args(&args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn merchant_trigger_makes_real_events_that_reach_the_merchants_endpoint() {
    let shop = Shop::open(&[]).await;
    // The test shop runs no worker: dispatch and deliver as the service's worker would.
    let svc = shop.svc.clone();
    let worker = tokio::spawn(async move {
        loop {
            let _ = merchant::webhooks::delivery::round(&svc).await;
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    });
    let (receiver, url) = Receiver::start(&[]).await;
    let events = ["payment.failed", "refund.failed", "wallet.unlinked"];
    endpoint(&shop, &url, json!(events)).await;
    for event in events {
        let (ok, out, err) = merchant(&shop, &["trigger", event]).await;
        assert!(ok, "{event}: {out}{err}");
        assert!(out.contains(&format!("{event} about")), "{out}");
        deliver(&shop).await;
        let got = receiver.of_type(event);
        assert_eq!(got.len(), 1, "{event} reached the endpoint once");
        let data = &got[0].json()["data"];
        match event {
            "payment.failed" => {
                assert_eq!(data["failure_code"], "USER_BALANCE_NOT_ENOUGH", "{data}");
                assert_eq!(data["amount"]["minor"], 10_001, "{data}");
            }
            "refund.failed" => {
                assert_eq!(data["failure_code"], "REFUND_WINDOW_EXCEED", "{data}");
                assert_eq!(data["state"], "failed", "{data}");
            }
            _ => {
                assert_eq!(data["link"], "not_linked", "{data}");
                assert_eq!(data["ended_by"], "merchant", "{data}");
                assert!(
                    data["buyer_reference"]
                        .as_str()
                        .is_some_and(|b| b.starts_with("trigger_")),
                    "{data}"
                );
            }
        }
    }
    // What no scenario can make on demand is explained; what is no event is listed.
    let (ok, _, err) = merchant(&shop, &["trigger", "wallet.expiring"]).await;
    assert!(
        !ok && err.contains("cannot be triggered on demand"),
        "{err}"
    );
    let (ok, _, err) = merchant(&shop, &["trigger", "payment.paid"]).await;
    assert!(!ok && err.contains("use one of wallet.linked"), "{err}");
    let (ok, out, _) = merchant(&shop, &["trigger", "--list"]).await;
    assert!(ok && out.lines().count() == 12, "{out}");
    worker.abort();
}
