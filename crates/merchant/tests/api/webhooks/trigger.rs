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
    endpoint(&shop, &url, json!(["*"])).await;
    // Every scenario the command knows, from its own list.
    let (ok, listed, _) = merchant(&shop, &["trigger", "--list"]).await;
    assert!(ok, "{listed}");
    let events: Vec<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect();
    assert_eq!(events.len(), 12, "{listed}");
    for event in events.iter().map(String::as_str) {
        let (ok, out, err) = merchant(&shop, &["trigger", event]).await;
        assert!(ok, "{event}: {out}{err}");
        // "Made evt_…, EVENT about ID: …": that object's event reached the endpoint once.
        let about = out
            .split(&format!("{event} about "))
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .unwrap_or_else(|| panic!("{out}"))
            .to_owned();
        // The worker above may hold the delivery mid-send: wait for it, up to 5 s.
        let mut got = Vec::new();
        for _ in 0..50 {
            deliver(&shop).await;
            got = receiver
                .of_type(event)
                .into_iter()
                .filter(|r| r.json()["data"]["id"] == about.as_str())
                .collect();
            if !got.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            got.len(),
            1,
            "{event} about {about} reached the endpoint once"
        );
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
            "wallet.unlinked" => {
                assert_eq!(data["link"], "not_linked", "{data}");
                assert_eq!(data["ended_by"], "merchant", "{data}");
                assert!(
                    data["buyer_reference"]
                        .as_str()
                        .is_some_and(|b| b.starts_with("trigger_")),
                    "{data}"
                );
            }
            "mandate.ended" => assert_eq!(data["ended_by"], "merchant", "{data}"),
            "payment.retry_scheduled" => assert!(data["next_attempt_at"].is_i64(), "{data}"),
            "payment.cancelled" => assert_eq!(data["state"], "cancelled", "{data}"),
            _ => assert!(data["id"].is_string(), "{event}: {data}"),
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
    worker.abort();
}
