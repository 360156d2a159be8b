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

#[tokio::test]
async fn a_payment_still_processing_past_its_deadline_is_closed_with_cancel() {
    // The wallet never confirms within the test: Antom keeps saying "processing".
    let shop = Shop::open(&[
        ("SANDBOX_NOTIFICATIONS", "off"),
        ("SANDBOX_PROCESSING_DELAY_MS", "600000"),
    ])
    .await;
    let buyer = shop.checkout("buyer-1", 10_003).await;
    buyer.link("GCASH").await;
    let stuck = buyer.paid("k1").await;
    assert_eq!(stuck.state, PaymentState::Processing);
    let age = |secs: i64| {
        let db = shop.svc.db.pool.clone();
        let id = stuck.id.clone();
        async move {
            sqlx::query(
                "UPDATE payment_attempts SET created_at = created_at - $1, next_check_at = 0 WHERE id = $2",
            )
            .bind(secs)
            .bind(&id)
            .execute(&db)
            .await
            .unwrap();
        }
    };

    // Before the deadline it is only inquired.
    age(merchant::domain::paying::PROCESSING_DEADLINE_SECS - 60).await;
    shop.work().await;
    let view = buyer_view(&buyer, &stuck.id).await;
    assert_eq!(view.state, PaymentState::Processing);

    // Past it, the worker closes it with cancel; everyone sees the final state.
    age(120).await;
    shop.work().await;
    assert_eq!(
        buyer_view(&buyer, &stuck.id).await.state,
        PaymentState::Cancelled,
        "the buyer sees it closed"
    );
    assert_eq!(
        shop.payment_view(&stuck.id).await.state,
        PaymentState::Cancelled,
        "and so does the merchant"
    );
    let at_antom = shop
        .antom_payment(&stored_request_id(&shop, &stuck.id).await)
        .await;
    assert_eq!(
        at_antom.payment_status,
        Some(antom::api::PaymentStatus::Cancelled),
        "Antom closed it too"
    );
    let trail: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, action FROM audit_log WHERE subject = $1")
            .bind(&stuck.id)
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(
        trail,
        [("worker".to_owned(), "payment.close_expired".to_owned())]
    );
}

#[tokio::test]
async fn a_closing_cancel_antom_refuses_is_not_sent_again_and_the_payment_is_still_inquired() {
    // Antom's cancel window is shorter than the payment's age: the cancel is refused.
    let shop = Shop::open(&[
        ("SANDBOX_NOTIFICATIONS", "off"),
        ("SANDBOX_PROCESSING_DELAY_MS", "600000"),
        ("SANDBOX_CANCEL_WINDOW_SECS", "0"),
    ])
    .await;
    let buyer = shop.checkout("buyer-1", 10_003).await;
    buyer.link("GCASH").await;
    let stuck = buyer.paid("k1").await;
    for _ in 0..3 {
        sqlx::query(
            "UPDATE payment_attempts SET created_at = created_at - 3600, next_check_at = 0 WHERE id = $1",
        )
        .bind(&stuck.id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
        shop.work().await;
    }
    assert_eq!(
        buyer_view(&buyer, &stuck.id).await.state,
        PaymentState::Processing
    );
    let closes: (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE subject = $1 AND action = 'payment.close_expired'",
    )
    .bind(&stuck.id)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(closes.0, 1, "one cancel, not one per round");
}

async fn stored_request_id(shop: &Shop, id: &str) -> String {
    merchant::store::payments::get(&shop.svc.db, id)
        .await
        .unwrap()
        .unwrap()
        .payment_request_id
}

/// What the buyer's checkout shows of payment `id`.
async fn buyer_view(buyer: &crate::common::Buyer, id: &str) -> contract::api::PaymentView {
    buyer
        .get(&buyer.api(&format!("/payments/{id}")))
        .await
        .json()
        .await
        .unwrap()
}
