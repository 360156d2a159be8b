//! Antom's notifications: checked before they are believed, handled once.

use crate::common::Shop;
use antom::api::NotificationAck;
use antom::PrivateKey;
use contract::api::PaymentState;
use merchant::domain::states::{PaymentStatus, RefundStatus};
use merchant::store::{notifications, payments};
use reqwest::StatusCode;
use serde_json::json;

/// A processing payment (notifications off, so the test is the only one talking).
async fn processing(shop: &Shop) -> payments::PaymentAttempt {
    let buyer = shop.checkout("buyer-1", 10_003).await;
    buyer.link("GCASH").await;
    let view = buyer.paid("k1").await;
    assert_eq!(view.state, PaymentState::Processing);
    payments::get(&shop.svc.db, &view.id)
        .await
        .unwrap()
        .unwrap()
}

fn result(p: &payments::PaymentAttempt, status: &str, code: &str) -> serde_json::Value {
    json!({
        "notifyType": "PAYMENT_RESULT",
        "result": {"resultCode": code, "resultStatus": status, "resultMessage": "x"},
        "paymentRequestId": p.payment_request_id,
        "paymentId": "2026112200000001",
        "paymentAmount": {"currency": "PHP", "value": p.amount_minor.to_string()},
        "paymentTime": "2026-11-22T12:00:00+08:00",
    })
}

/// Where payment `p` stands in the store now.
async fn status_of(shop: &Shop, p: &payments::PaymentAttempt) -> PaymentStatus {
    payments::get(&shop.svc.db, &p.id)
        .await
        .unwrap()
        .unwrap()
        .status
}

#[tokio::test]
async fn a_notification_arriving_twice_is_handled_once_and_acknowledged_both_times() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    let body = result(&p, "S", "SUCCESS");
    for _ in 0..2 {
        let r = shop.notify("/notify/payment", &body, None).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.text().await.unwrap(), NotificationAck::SUCCESS_BODY);
    }
    assert_eq!(status_of(&shop, &p).await, PaymentStatus::Succeeded);
    assert_eq!(
        notifications::count(&shop.svc.db, "payment", &p.payment_request_id)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_late_failure_cannot_undo_a_success() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    shop.notify("/notify/payment", &result(&p, "S", "SUCCESS"), None)
        .await;
    let late = shop
        .notify("/notify/payment", &result(&p, "F", "PROCESS_FAIL"), None)
        .await;
    assert_eq!(late.status(), StatusCode::OK);
    let pending = json!({"notifyType": "PAYMENT_PENDING", "result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "U"}, "paymentRequestId": p.payment_request_id});
    assert_eq!(
        shop.notify("/notify/payment", &pending, None)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(status_of(&shop, &p).await, PaymentStatus::Succeeded);
}

#[tokio::test]
async fn forged_and_tampered_notifications_change_nothing() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    let forger = PrivateKey::generate().unwrap();
    let forged = shop
        .notify(
            "/notify/payment",
            &result(&p, "S", "SUCCESS"),
            Some(&forger),
        )
        .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    // Signed by Antom, then altered on the way.
    let body = result(&p, "F", "RISK_REJECT").to_string();
    let time = antom::time::now();
    let signature = antom::signature::SignedContent {
        method: "POST",
        path: "/notify/payment",
        client_id: &shop.svc.config.antom_client_id,
        time: &time,
        body: body.as_bytes(),
    }
    .sign(&shop.antom_key());
    let tampered = shop
        .http
        .post(format!("{}/notify/payment", shop.base))
        .header("client-id", &shop.svc.config.antom_client_id)
        .header("request-time", &time)
        .header("signature", signature.to_header_value())
        .body(
            body.replace("RISK_REJECT", "SUCCESS")
                .replace("\"F\"", "\"S\""),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(tampered.status(), StatusCode::UNAUTHORIZED);
    let unsigned = shop
        .http
        .post(format!("{}/notify/payment", shop.base))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), StatusCode::UNAUTHORIZED);

    assert_eq!(status_of(&shop, &p).await, PaymentStatus::Processing);
    assert_eq!(
        notifications::count(&shop.svc.db, "payment", &p.payment_request_id)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_notification_with_another_amount_is_not_applied() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    let mut body = result(&p, "S", "SUCCESS");
    body["paymentAmount"]["value"] = json!("1");
    assert_eq!(
        shop.notify("/notify/payment", &body, None).await.status(),
        StatusCode::OK
    );
    assert_eq!(status_of(&shop, &p).await, PaymentStatus::Processing);
}

#[tokio::test]
async fn the_sandbox_notifies_and_the_service_acknowledges() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    let p = payments::get(&shop.svc.db, &paid.id)
        .await
        .unwrap()
        .unwrap();
    let sandbox = shop.svc.sandbox.as_ref().unwrap();
    // The sandbox logs a delivery once it has read the answer: wait for that.
    let mut delivery = None;
    for _ in 0..60 {
        delivery = sandbox
            .deliveries()
            .into_iter()
            .find(|d| d.kind == "notifyPayment");
        if delivery.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let delivery = delivery.expect("the sandbox sent notifyPayment");
    assert!(
        delivery.acknowledged && delivery.attempt == 1,
        "acknowledged at the first try: {delivery:?}"
    );
    let count = notifications::count(&shop.svc.db, "payment", &p.payment_request_id)
        .await
        .unwrap();
    assert_eq!(
        count, 1,
        "the signed notifyPayment was verified and recorded"
    );
}

#[tokio::test]
async fn a_replayed_notification_signed_days_ago_is_refused_and_changes_nothing() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    let three_days_ago =
        antom::time::format(time::OffsetDateTime::now_utc() - time::Duration::days(3));
    let r = shop
        .notify_at(
            "/notify/payment",
            &result(&p, "F", "PROCESS_FAIL"),
            None,
            three_days_ago,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let tomorrow = antom::time::format(time::OffsetDateTime::now_utc() + time::Duration::days(1));
    let r = shop
        .notify_at(
            "/notify/payment",
            &result(&p, "F", "PROCESS_FAIL"),
            None,
            tomorrow,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let stored = payments::get(&shop.svc.db, &p.id).await.unwrap().unwrap();
    assert_eq!(stored.status, PaymentStatus::Processing);
    // Antom's own retry, a day after the first try, is still believed.
    let yesterday =
        antom::time::format(time::OffsetDateTime::now_utc() - time::Duration::hours(25));
    let r = shop
        .notify_at(
            "/notify/payment",
            &result(&p, "S", "SUCCESS"),
            None,
            yesterday,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_success_for_a_payment_we_called_failed_is_flagged_as_a_possible_double_charge() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    shop.notify("/notify/payment", &result(&p, "F", "PROCESS_FAIL"), None)
        .await;
    let late = shop
        .notify("/notify/payment", &result(&p, "S", "SUCCESS"), None)
        .await;
    assert_eq!(late.status(), StatusCode::OK);
    let stored = payments::get(&shop.svc.db, &p.id).await.unwrap().unwrap();
    assert_eq!(
        stored.status,
        PaymentStatus::Failed,
        "a final state never changes back"
    );
    let audit: serde_json::Value = shop
        .merchant_get(&format!("/v1/audit?subject={}", p.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        audit.to_string().contains("payment.success_after_failure"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_refund_notification_with_another_amount_is_not_applied() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund: serde_json::Value = shop
        .merchant_post(
            &format!("/v1/payments/{}/refunds", payment.id),
            Some("r1"),
            json!({"amount": 2_500}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = refund["id"].as_str().unwrap();
    // Back to processing, as if Antom had not answered yet.
    sqlx::query("UPDATE refunds SET status = 'processing' WHERE id = $1")
        .bind(id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let row = merchant::store::refunds::get(&shop.svc.db, id)
        .await
        .unwrap()
        .unwrap();
    let forged = json!({
        "refundStatus": "FAIL",
        "refundRequestId": row.refund_request_id,
        "refundAmount": {"currency": "PHP", "value": "9999"},
        "result": {"resultCode": "REFUND_FAIL", "resultStatus": "F", "resultMessage": "x"},
    });
    let r = shop.notify("/notify/refund", &forged, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let after = merchant::store::refunds::get(&shop.svc.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, RefundStatus::Processing, "not applied");
}

#[tokio::test]
async fn a_notification_timed_in_epoch_milliseconds_as_the_java_sdk_does_is_believed() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let p = processing(&shop).await;
    let millis = |at: time::OffsetDateTime| (at.unix_timestamp_nanos() / 1_000_000).to_string();
    let stale = millis(time::OffsetDateTime::now_utc() - time::Duration::days(3));
    let r = shop
        .notify_at(
            "/notify/payment",
            &result(&p, "F", "PROCESS_FAIL"),
            None,
            stale,
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNAUTHORIZED,
        "a replay, in milliseconds too"
    );
    let now = millis(time::OffsetDateTime::now_utc());
    let r = shop
        .notify_at("/notify/payment", &result(&p, "S", "SUCCESS"), None, now)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let stored = payments::get(&shop.svc.db, &p.id).await.unwrap().unwrap();
    assert_eq!(stored.status, PaymentStatus::Succeeded);
}
