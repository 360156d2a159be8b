//! Paying with a linked wallet: one click, one charge, whatever goes wrong.

use crate::common::{error_code, Shop};
use contract::api::{PaymentState, PaymentView};
use merchant::domain::states::PaymentStatus;
use merchant::store::payments;
use reqwest::StatusCode;
use serde_json::json;

async fn stored(shop: &Shop, id: &str) -> payments::PaymentAttempt {
    payments::get(&shop.svc.db, id).await.unwrap().unwrap()
}

#[tokio::test]
async fn one_click_pays_and_the_merchant_sees_it() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("click-1").await;
    assert_eq!(paid.state, PaymentState::Succeeded);
    assert_eq!(paid.amount.minor, 10_000);
    assert!(paid.paid_at.is_some());
    let merchant: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", paid.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(merchant, paid);
    assert_eq!(buyer.summary().await.payment, Some(paid));
}

#[tokio::test]
async fn a_double_click_makes_one_payment() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let (a, b) = tokio::join!(buyer.pay("click-1", "GCASH"), buyer.pay("click-1", "GCASH"));
    let (a, b): (PaymentView, PaymentView) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(a.id, b.id);
    // Even with two different keys at once, only one can be live.
    let other = shop.checkout("buyer-1", 20_000).await;
    let (x, y) = tokio::join!(other.pay("k-x", "GCASH"), other.pay("k-y", "GCASH"));
    let mut statuses = [x.status(), y.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
    let count: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM payment_attempts WHERE status = 'succeeded'")
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(count.0, 2, "one per order");
}

#[tokio::test]
async fn a_paid_order_cannot_be_paid_again_and_a_key_cannot_change_meaning() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    buyer.link("MAYA").await;
    buyer.paid("k1").await;
    assert_eq!(
        error_code(buyer.pay("k2", "GCASH").await).await,
        (StatusCode::CONFLICT, "ORDER_ALREADY_PAID".into())
    );
    assert_eq!(
        error_code(buyer.pay("k1", "MAYA").await).await.1,
        "IDEMPOTENCY_KEY_REUSED"
    );
    let r = buyer
        .http
        .post(format!("{}{}", buyer.base, buyer.api("/payments")))
        .json(&serde_json::json!({"wallet": "GCASH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(r).await.1, "IDEMPOTENCY_KEY_REQUIRED");
}

#[tokio::test]
async fn insufficient_balance_fails_with_the_reason_and_allows_another_try() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_001).await;
    buyer.link("GCASH").await;
    let failed = buyer.paid("k1").await;
    assert_eq!(failed.state, PaymentState::Failed);
    assert_eq!(
        failed.failure_code.as_deref(),
        Some("USER_BALANCE_NOT_ENOUGH")
    );
    // A failed attempt does not block the order: the buyer may try another wallet.
    buyer.link("MAYA").await;
    let again = buyer.pay("k2", "MAYA").await;
    assert_eq!(again.status(), StatusCode::OK);
}

#[tokio::test]
async fn processing_then_success_by_notification() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_003).await;
    buyer.link("GCASH").await;
    let first = buyer.paid("k1").await;
    assert_eq!(first.state, PaymentState::Processing, "U is never failure");
    let mut status = String::new();
    for _ in 0..40 {
        status = stored(&shop, &first.id).await.status.to_string();
        if status != "processing" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        status, "succeeded",
        "notifyPayment settled it without any inquiry"
    );
}

#[tokio::test]
async fn processing_then_failure_by_inquiry() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let buyer = shop.checkout("buyer-1", 10_004).await;
    buyer.link("GCASH").await;
    let first = buyer.paid("k1").await;
    assert_eq!(first.state, PaymentState::Processing);
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    // The buyer's result page asks; the service inquires because no notification came.
    let now: PaymentView = buyer
        .get(&buyer.api(&format!("/payments/{}", first.id)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now.state, PaymentState::Failed);
    assert_eq!(now.failure_code.as_deref(), Some("USER_BALANCE_NOT_ENOUGH"));
}

#[tokio::test]
async fn processing_then_success_found_by_the_worker() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let buyer = shop.checkout("buyer-1", 10_003).await;
    buyer.link("GCASH").await;
    let first = buyer.paid("k1").await;
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    shop.work().await;
    assert_eq!(
        stored(&shop, &first.id).await.status,
        PaymentStatus::Succeeded
    );
}

#[tokio::test]
async fn a_crash_between_recording_and_sending_loses_nothing() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    // What the service writes before calling pay, as if it died right after.
    let link = merchant::store::wallets::latest_for_buyer(&shop.svc.db, "buyer-1")
        .await
        .unwrap()
        .remove(0);
    let now = shop.svc.now();
    let attempt = payments::PaymentAttempt {
        id: "pay_crashed".into(),
        payment_request_id: "pr_crashed".into(),
        checkout_session_id: buyer.session_id.clone(),
        idempotency_key: "k1".into(),
        request_fingerprint: merchant::crypto::sha256_hex(b"GCASH"),
        buyer_reference: "buyer-1".into(),
        wallet: "GCASH".into(),
        linked_wallet_id: link.id,
        amount_minor: 10_000,
        currency: "PHP".into(),
        status: PaymentStatus::Recorded,
        result_code: None,
        antom_payment_id: None,
        paid_at: None,
        refunded_minor: 0,
        created_at: now,
        updated_at: now,
        next_check_at: Some(now),
        checks: 0,
        attempt: 1,
        attempt_started_at: None,
        retry_schedule: None,
        recovery_session_id: None,
    };
    payments::insert(&shop.svc.db, &attempt).await.unwrap();
    // The buyer double-clicks during the outage: same key, same payment, nothing new.
    let same: PaymentView = buyer.pay("k1", "GCASH").await.json().await.unwrap();
    assert_eq!(
        (same.id.as_str(), same.state),
        ("pay_crashed", PaymentState::Processing)
    );

    let restarted = shop.restarted().await;
    merchant::worker::round(&restarted).await.unwrap();
    let settled = payments::get(&restarted.db, "pay_crashed")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        settled.status,
        PaymentStatus::Succeeded,
        "the worker found Antom never saw it, and sent it"
    );
    // Exactly one payment at Antom, and later rounds change nothing.
    merchant::worker::round(&restarted).await.unwrap();
    let at_antom = shop.antom_payment("pr_crashed").await;
    assert_eq!(at_antom.payment_id, settled.antom_payment_id);
}

#[tokio::test]
async fn a_crash_between_sending_and_the_answer_never_charges_twice() {
    let shop = Shop::open(&[
        ("ANTOM_TIMEOUT_SECS", "1"),
        ("SANDBOX_NO_ANSWER_HOLD_MS", "2500"),
        ("SANDBOX_NOTIFICATIONS", "off"),
    ])
    .await;
    let buyer = shop.checkout("buyer-1", 10_005).await;
    buyer.link("GCASH").await;
    let first = buyer.paid("k1").await;
    assert_eq!(
        first.state,
        PaymentState::Processing,
        "no answer is not a failure"
    );
    let retry = buyer.paid("k1").await;
    assert_eq!(retry.id, first.id, "the retry is the same payment");

    let restarted = shop.restarted().await;
    sqlx::query("UPDATE payment_attempts SET next_check_at = 0")
        .execute(&restarted.db.pool)
        .await
        .unwrap();
    merchant::worker::round(&restarted).await.unwrap();
    let settled = payments::get(&restarted.db, &first.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        settled.status,
        PaymentStatus::Succeeded,
        "the inquiry found the payment Antom made"
    );
    let attempts: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payment_attempts")
        .fetch_one(&restarted.db.pool)
        .await
        .unwrap();
    assert_eq!(attempts.0, 1);
}

#[tokio::test]
async fn an_expired_checkout_cannot_pay() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    sqlx::query("UPDATE checkout_sessions SET expires_at = 0")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error_code(buyer.pay("k1", "GCASH").await).await.1,
        "SESSION_EXPIRED"
    );
}

#[tokio::test]
async fn a_payment_answer_says_how_long_the_service_and_antom_took() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("b", 10_000).await;
    buyer.link("GCASH").await;
    let r = buyer.pay("k1", "GCASH").await;
    assert_eq!(r.status(), StatusCode::OK);
    let timing = r.headers()["server-timing"].to_str().unwrap().to_owned();
    let dur = |name: &str| -> f64 {
        timing
            .split(", ")
            .find_map(|part| part.strip_prefix(&format!("{name};dur=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {timing}"))
    };
    assert!(
        dur("antom") > 0.0,
        "the pay call to the sandbox is timed: {timing}"
    );
    assert!(dur("app") > 0.0, "{timing}");
}

#[tokio::test]
async fn an_idr_checkout_is_in_whole_rupiah_as_antom_requires() {
    let shop = Shop::open(&[]).await;
    let create = |amount: i64, unit: i64| {
        json!({"buyer_reference": "buyer-id", "region": "ID", "order": {
            "reference": format!("order-{amount}-{unit}"), "description": "Kopi", "amount": amount,
            "currency": "IDR", "items": [{"name": "Kopi", "quantity": 2, "unit_amount": unit}]}})
    };
    let cents = shop
        .merchant_post("/v1/checkout-sessions", None, create(3_000_100, 1_500_050))
        .await;
    assert_eq!(cents.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = cents.json().await.unwrap();
    assert_eq!(body["code"], "VALIDATION");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("multiples of 100"),
        "{body}"
    );
    let whole = shop
        .merchant_post("/v1/checkout-sessions", None, create(3_000_000, 1_500_000))
        .await;
    assert_eq!(whole.status(), StatusCode::CREATED);
}

/// The second security review: wallet tokens were sealed with AES-GCM and no
/// associated data, so whoever could write the database could copy a buyer's
/// token into their own row and pay with the buyer's wallet. Each token is now
/// sealed to its row, buyer, wallet and purpose.
#[tokio::test]
async fn a_token_copied_into_another_buyers_row_does_not_open() {
    let shop = Shop::open(&[]).await;
    let victim = shop.checkout("victim", 10_000).await;
    victim.link("GCASH").await;
    let thief = shop.checkout("thief", 50_000).await;
    thief.link("GCASH").await;
    sqlx::query(
        "UPDATE linked_wallets SET access_token_enc = \
         (SELECT access_token_enc FROM linked_wallets WHERE buyer_reference = 'victim') \
         WHERE buyer_reference = 'thief'",
    )
    .execute(&shop.svc.db.pool)
    .await
    .unwrap();
    let r = thief.pay("k1", "GCASH").await;
    assert_ne!(r.status(), StatusCode::OK);
    let paid: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM payment_attempts WHERE status = 'succeeded'")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    assert!(paid.is_empty(), "nothing was charged: {paid:?}");
    // The victim's own token still opens for the victim.
    assert_eq!(victim.paid("k2").await.amount.minor, 10_000);
}

/// Tokens sealed before bindings existed are bound at the first start after, once, and still pay.
#[tokio::test]
async fn a_token_sealed_before_bindings_is_bound_at_start_and_still_pays() {
    use aes_gcm::aead::{Aead, KeyInit};
    use base64::Engine;
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("old-link", 10_000).await;
    buyer.link("GCASH").await;
    let (id, sealed): (String, String) = sqlx::query_as(
        "SELECT id, access_token_enc FROM linked_wallets WHERE buyer_reference = 'old-link'",
    )
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    let row = format!("{id}:old-link:GCASH");
    let binding = merchant::crypto::Binding {
        purpose: "linked_wallet.access_token",
        row: &row,
    };
    let token = shop.svc.cipher.open(&sealed, binding).unwrap();
    // Written as the service used to: base64(nonce ‖ ciphertext), no associated data.
    let cipher = aes_gcm::Aes256Gcm::new((&shop.svc.config.token_encryption_key).into());
    let nonce = [3u8; 12];
    let mut legacy = nonce.to_vec();
    legacy.extend(cipher.encrypt(&nonce.into(), token.as_bytes()).unwrap());
    let legacy = base64::engine::general_purpose::STANDARD.encode(legacy);
    sqlx::query("UPDATE linked_wallets SET access_token_enc = $1 WHERE id = $2")
        .bind(&legacy)
        .bind(&id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    // Unbound, it is not read: paying now fails safe.
    assert_ne!(
        buyer.pay("k-before", "GCASH").await.status(),
        StatusCode::OK
    );

    let stored_now = |db: merchant::store::Db, id: String| async move {
        let (value,): (String,) =
            sqlx::query_as("SELECT access_token_enc FROM linked_wallets WHERE id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        value
    };
    // This database was bound at its first start: an unbound value appearing
    // later (restored from an old backup, copied from another row) stays unread.
    let restarted = shop.restarted().await;
    assert_eq!(stored_now(restarted.db.clone(), id.clone()).await, legacy);
    // A database from before bindings (its pass never ran) is bound at start.
    sqlx::query("DELETE FROM maintenance_done")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let restarted = shop.restarted().await;
    let now_sealed = stored_now(restarted.db.clone(), id.clone()).await;
    assert!(now_sealed.starts_with(&restarted.cipher.current_prefix()));
    assert_eq!(restarted.cipher.open(&now_sealed, binding).unwrap(), token);
}
