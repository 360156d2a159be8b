//! Refunds: never more than was paid, even at once or across a crash; settled by Antom's notification.

use super::*;

#[tokio::test]
async fn partial_refunds_up_to_the_amount_and_no_further() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = |key: &'static str, amount: i64| {
        let path = format!("/v1/payments/{}/refunds", payment.id);
        let shop = &shop;
        async move {
            shop.merchant_post(
                &path,
                Some(key),
                json!({"amount": amount, "reason": "return"}),
            )
            .await
        }
    };
    let first = refund("r1", 6_000).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: RefundView = first.json().await.unwrap();
    assert_eq!(first.state, RefundState::Succeeded);
    let again: RefundView = refund("r1", 6_000).await.json().await.unwrap();
    assert_eq!(again, first, "the same key is the same refund");
    assert_eq!(
        error_code(refund("r2", 4_001).await).await.1,
        "REFUND_EXCEEDS_PAYMENT"
    );
    assert_eq!(
        error_code(refund("r1", 1_000).await).await.1,
        "IDEMPOTENCY_KEY_REUSED"
    );
    let rest: RefundView = refund("r3", 4_000).await.json().await.unwrap();
    assert_eq!(rest.state, RefundState::Succeeded);
    let view: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.refunded_minor, 10_000);
    let status: RefundView = shop
        .merchant_get(&format!("/v1/refunds/{}", rest.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status.state, RefundState::Succeeded);
}

#[tokio::test]
async fn concurrent_refunds_cannot_overdraw() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/refunds", payment.id);
    let refund = |key: &'static str| shop.merchant_post(&path, Some(key), json!({"amount": 3_000}));
    let (a, b, c, d) = tokio::join!(refund("c1"), refund("c2"), refund("c3"), refund("c4"));
    let answers = [a.status(), b.status(), c.status(), d.status()];
    let ok = answers
        .iter()
        .filter(|s| **s == StatusCode::CREATED)
        .count();
    assert_eq!(
        ok, 3,
        "3 × 3000 fit in 10000, a fourth does not: {answers:?}"
    );
    let view: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.refunded_minor, 9_000);
}

#[tokio::test]
async fn a_crash_between_recording_a_refund_and_sending_it_loses_nothing() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    // What the service writes before calling refund, as if it died right after.
    pending_refund(&shop, &payment.id, "crashed", 2_500, "recorded", 10).await;
    let restarted = shop.restarted().await;
    merchant::worker::round(&restarted).await.unwrap();
    let stored = merchant::store::refunds::get(&restarted.db, "rf_crashed")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.status,
        merchant::domain::states::RefundStatus::Succeeded,
        "settled by the worker, before anyone asked"
    );
    let status: RefundView = shop
        .merchant_get("/v1/refunds/rf_crashed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        status.state,
        RefundState::Succeeded,
        "the worker found Antom never saw it, and sent it"
    );
    let at_antom = shop
        .svc
        .antom
        .execute(&antom::api::InquiryRefundRequest {
            refund_request_id: Some("rr_rf_crashed".into()),
            refund_id: None,
        })
        .await
        .unwrap();
    assert_eq!(at_antom.refund_amount.unwrap().minor_units(), 2_500);
    let view: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.refunded_minor, 2_500, "refunded once");
}

async fn refund_status(shop: &Shop, id: &str) -> RefundView {
    shop.merchant_get(&format!("/v1/refunds/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

/// A refund row `rf_<name>` (request id `rr_rf_<name>`) as the service writes it before Antom
/// answers: `recorded` (maybe never sent) or `processing`, made `age` seconds ago.
async fn pending_refund(
    shop: &Shop,
    payment: &str,
    name: &str,
    amount: i64,
    status: &str,
    age: i64,
) {
    assert!(
        merchant::store::payments::reserve_refund(&shop.svc.db, payment, amount)
            .await
            .unwrap()
    );
    let now = shop.svc.now();
    let id = format!("rf_{name}");
    let row = merchant::store::refunds::RefundRow {
        refund_request_id: format!("rr_{id}"),
        id,
        payment_attempt_id: payment.into(),
        idempotency_key: name.into(),
        amount_minor: amount,
        currency: "PHP".into(),
        reason: None,
        status: status.parse().unwrap(),
        result_code: None,
        antom_refund_id: None,
        created_at: now - age,
        updated_at: now - age,
        checks: 0,
    };
    merchant::store::refunds::insert(&shop.svc.db, &row)
        .await
        .unwrap();
}

#[tokio::test]
async fn notify_refund_settles_a_processing_refund_either_way() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    pending_refund(&shop, &payment.id, "ok", 3_000, "processing", 0).await;
    pending_refund(&shop, &payment.id, "no", 2_000, "processing", 0).await;

    let ok = json!({"refundStatus": "SUCCESS", "refundRequestId": "rr_rf_ok", "refundId": "2026112299990001",
        "refundAmount": {"currency": "PHP", "value": "3000"}, "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
    let r = shop.notify("/notify/refund", &ok, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        refund_status(&shop, "rf_ok").await.state,
        RefundState::Succeeded
    );

    // Antom's notifications always carry `result`: one without it is malformed,
    // refused (not acknowledged, so Antom sends it again) and changes nothing.
    let bare = json!({"refundStatus": "FAIL", "refundRequestId": "rr_rf_no"});
    let r = shop.notify("/notify/refund", &bare, None).await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::BAD_REQUEST, "MALFORMED_NOTIFICATION".into())
    );
    let stored = merchant::store::refunds::get(&shop.svc.db, "rf_no")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.status,
        merchant::domain::states::RefundStatus::Processing
    );
    let no = json!({"refundStatus": "FAIL", "refundRequestId": "rr_rf_no",
        "result": {"resultCode": "REFUND_WINDOW_EXCEED", "resultStatus": "F", "resultMessage": "too late"}});
    let r = shop.notify("/notify/refund", &no, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let failed = refund_status(&shop, "rf_no").await;
    assert_eq!(failed.state, RefundState::Failed);
    assert_eq!(failed.failure_code.as_deref(), Some("REFUND_WINDOW_EXCEED"));

    // The failed refund's reservation is given back: 7,000 remain refundable, not 5,000.
    let view: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.refunded_minor, 3_000);
    // A forged notification changes nothing.
    let forged = json!({"refundStatus": "FAIL", "refundRequestId": "rr_rf_ok"});
    let other_key = antom::PrivateKey::generate().unwrap();
    let r = shop
        .notify("/notify/refund", &forged, Some(&other_key))
        .await;
    assert_ne!(r.status(), StatusCode::OK);
    assert_eq!(
        refund_status(&shop, "rf_ok").await.state,
        RefundState::Succeeded
    );
}
