//! Several replicas on one database: each unknown payment is checked by one worker at a time.

use crate::common::Shop;
use contract::api::PaymentState;

#[tokio::test]
async fn two_replicas_never_check_the_same_payment_twice() {
    // Payments stay "processing" for a minute, so every check leaves a trace.
    let shop = Shop::open(&[
        ("SANDBOX_NOTIFICATIONS", "off"),
        ("SANDBOX_PROCESSING_DELAY_MS", "60000"),
    ])
    .await;
    let mut ids = Vec::new();
    for i in 0..12 {
        let buyer = shop.checkout(&format!("buyer-{i}"), 10_003).await;
        buyer.link("GCASH").await;
        let view = buyer.paid("k1").await;
        assert_eq!(view.state, PaymentState::Processing);
        ids.push(view.id);
    }
    sqlx::query("UPDATE payment_attempts SET next_check_at = 0, checks = 0")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let (a, b) = (shop.restarted().await, shop.restarted().await);
    let (ra, rb) = tokio::join!(merchant::worker::round(&a), merchant::worker::round(&b));
    ra.unwrap();
    rb.unwrap();
    let checks: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, checks FROM payment_attempts ORDER BY id")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(checks.len(), ids.len());
    for (id, n) in checks {
        assert_eq!(n, 1, "{id} was checked {n} times");
    }
}
