//! A crash or a second replica never loses an event nor sends it twice.

use super::*;

#[tokio::test]
async fn an_event_recorded_before_a_crash_is_delivered_after_restart_once_even_by_two_replicas() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(
        &shop,
        &url,
        json!(["payment.succeeded", "refund.succeeded"]),
    )
    .await;
    // The state changes commit; the process "dies" before any delivery ran (the test
    // shop runs none in the background).
    for i in 0..6 {
        let p = shop.payment_by(&format!("buyer-{i}"), 10_000).await;
        assert_eq!(
            shop.refund(&p.id, "r1", 1_000).await.status(),
            StatusCode::CREATED
        );
    }
    assert!(receiver.received().is_empty());
    // Two replicas come up on the same database and deliver side by side.
    let (a, b) = (shop.restarted().await, shop.restarted().await);
    let (ra, rb) = tokio::join!(
        merchant::webhooks::delivery::round(&a),
        merchant::webhooks::delivery::round(&b)
    );
    ra.unwrap();
    rb.unwrap();
    merchant::webhooks::delivery::round(&a).await.unwrap();
    let mut ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.header("webhook-id"))
        .collect();
    assert_eq!(ids.len(), 12, "six payments and six refunds");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "each delivered once");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_killed_mid_delivery_delivers_the_event_once_after_restart() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[HANG]).await;
    endpoint(&shop, &url, json!(["checkout_session.expired"])).await;
    // The real binary, in its own process, makes the change; its delivery worker starts
    // at once and meets a receiver that never answers.
    let (mut process, base) = shop.process().await;
    let created: Value = shop
        .http
        .post(format!("{base}/v1/checkout-sessions"))
        .bearer_auth(&shop.api_key)
        .json(&json!({"buyer_reference": "kill-1", "order": {"reference": "o-kill", "description": "d", "amount": 100, "currency": "PHP"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = created["id"].as_str().unwrap();
    let expired = shop
        .http
        .post(format!("{base}/v1/checkout-sessions/{session}/expire"))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::OK);
    let sent = wait_for(|| receiver.received().len() == 1, 10).await;
    assert!(sent, "the first attempt went out right after the commit");
    // SIGKILL mid-attempt: nothing is recorded of it.
    process.kill().unwrap();
    process.wait().unwrap();
    let event_id = receiver.received()[0].header("webhook-id");
    let detail = event_detail(&shop, &event_id).await;
    assert_eq!(detail.deliveries[0].status, "pending");
    assert!(detail.deliveries[0].attempts.is_empty());

    // Restarted, it sends the event again once the dead process's lease has lapsed.
    let (mut process, _) = shop.process().await;
    let delivered = wait_for(|| receiver.received().len() >= 2, 60).await;
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    process.kill().unwrap();
    process.wait().unwrap();
    assert!(delivered, "delivered after the restart");
    let got = receiver.received();
    assert_eq!(got.len(), 2, "once answered, never sent again");
    assert_eq!(got[1].header("webhook-id"), event_id, "the same event id");
    let detail = event_detail(&shop, &event_id).await;
    assert_eq!(detail.deliveries[0].status, "delivered");
    assert_eq!(detail.deliveries[0].attempts.len(), 1);
    assert_eq!(detail.deliveries[0].attempts[0].status_code, Some(200));
}

/// Whether `done` turned true within `secs` seconds.
async fn wait_for(done: impl Fn() -> bool, secs: u64) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    while std::time::Instant::now() < deadline {
        if done() {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    done()
}
