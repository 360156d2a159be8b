//! Cancels: once, within Antom's window, never beside a refund, resent until answered.

use super::*;

#[tokio::test]
async fn cancel_voids_a_payment_once() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let cancel = shop
        .merchant_post(
            &format!("/v1/payments/{}/cancel", payment.id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(cancel.status(), StatusCode::OK);
    let view: PaymentView = cancel.json().await.unwrap();
    assert_eq!(view.state, PaymentState::Cancelled);
    let twice = shop
        .merchant_post(
            &format!("/v1/payments/{}/cancel", payment.id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(twice.status(), StatusCode::OK);
    let refund = shop.refund(&payment.id, "r", 100).await;
    assert_eq!(error_code(refund).await.1, "PAYMENT_NOT_REFUNDABLE");
}

#[tokio::test]
async fn a_refunded_payment_cannot_be_cancelled() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    shop.refund(&payment.id, "r", 100).await;
    let cancel = shop
        .merchant_post(
            &format!("/v1/payments/{}/cancel", payment.id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(cancel).await,
        (StatusCode::CONFLICT, "CANCEL_NOT_ALLOWED".into())
    );
}

#[tokio::test]
async fn a_cancel_after_antoms_cancel_window_is_refused_with_a_clear_error() {
    let shop = Shop::open(&[("SANDBOX_CANCEL_WINDOW_SECS", "0")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let cancel = shop
        .merchant_post(
            &format!("/v1/payments/{}/cancel", payment.id),
            None,
            json!({}),
        )
        .await;
    // Antom's final "no" answers 422 wherever it comes from (our own state checks answer 409).
    assert_eq!(cancel.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = cancel.json().await.unwrap();
    assert_eq!(body["code"], "CANCEL_NOT_ALLOWED");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("CANCEL_WINDOW_EXCEED"),
        "{body}"
    );
    let view: PaymentView = shop
        .merchant_get(&format!("/v1/payments/{}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        view.state,
        PaymentState::Succeeded,
        "still paid: refund it instead"
    );
}

/// Whether Antom (the sandbox) ever received the refund `key` of `payment_id`.
async fn antom_has_refund(shop: &Shop, payment_id: &str, key: &str) -> bool {
    let request_id = format!(
        "rr_{}",
        &merchant::crypto::sha256_hex(format!("{payment_id}:{key}").as_bytes())[..40]
    );
    shop.svc
        .antom
        .execute(&antom::api::InquiryRefundRequest {
            refund_request_id: Some(request_id),
            refund_id: None,
        })
        .await
        .is_ok()
}

#[tokio::test]
async fn a_refund_and_a_cancel_sent_at_once_never_both_reach_antom() {
    let shop = Shop::open(&[]).await;
    for round in 0..6 {
        let payment = shop.payment_by(&format!("buyer-{round}"), 10_000).await;
        let (cancel, refund) = tokio::join!(
            shop.cancel(&payment.id),
            shop.refund(&payment.id, "r", 2_500),
        );
        let (cancel_ok, refund_ok) = (cancel.status().is_success(), refund.status().is_success());
        assert!(
            cancel_ok != refund_ok,
            "round {round}: exactly one wins (cancel {}, refund {})",
            cancel.status(),
            refund.status()
        );
        let ours: PaymentView = shop.payment_view(&payment.id).await;
        let at_antom = shop
            .antom_payment(&payment_request_id(&shop, &payment.id).await)
            .await;
        if cancel_ok {
            assert_eq!(ours.state, PaymentState::Cancelled);
            assert_eq!(ours.refunded_minor, 0);
            assert_eq!(
                error_code(refund).await,
                (StatusCode::CONFLICT, "PAYMENT_NOT_REFUNDABLE".into())
            );
            assert!(
                !antom_has_refund(&shop, &payment.id, "r").await,
                "round {round}: the losing refund was never sent"
            );
            assert_eq!(
                at_antom.payment_status,
                Some(antom::api::PaymentStatus::Cancelled)
            );
        } else {
            assert_eq!(ours.state, PaymentState::Succeeded);
            assert_eq!(ours.refunded_minor, 2_500);
            assert_eq!(
                error_code(cancel).await,
                (StatusCode::CONFLICT, "CANCEL_NOT_ALLOWED".into())
            );
            assert!(antom_has_refund(&shop, &payment.id, "r").await);
            assert_eq!(
                at_antom.payment_status,
                Some(antom::api::PaymentStatus::Success)
            );
        }
    }
}

async fn payment_request_id(shop: &Shop, id: &str) -> String {
    merchant::store::payments::get(&shop.svc.db, id)
        .await
        .unwrap()
        .unwrap()
        .payment_request_id
}

#[tokio::test]
async fn a_payment_being_cancelled_refuses_a_refund_without_calling_antom() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let now = shop.svc.now();
    // Recorded, as cancel writes it before calling Antom.
    assert!(merchant::store::payments::begin_cancel(
        &shop.svc.db,
        &payment.id,
        now,
        now + 60,
        false
    )
    .await
    .unwrap());
    let refund = shop.refund(&payment.id, "r", 100).await;
    assert_eq!(error_code(refund).await.1, "PAYMENT_NOT_REFUNDABLE");
    assert!(!antom_has_refund(&shop, &payment.id, "r").await);
    let view: PaymentView = shop.payment_view(&payment.id).await;
    assert_eq!(view.state, PaymentState::Cancelling);
    // A second cancel while the first is under way waits for it: 202, nothing sent twice.
    let again = shop.cancel(&payment.id).await;
    assert_eq!(again.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn a_cancel_whose_answer_was_lost_is_sent_again_by_the_worker() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let now = shop.svc.now();
    // Recorded and (as far as we know) sent, then the service died: the lease ran out.
    assert!(merchant::store::payments::begin_cancel(
        &shop.svc.db,
        &payment.id,
        now - 120,
        now - 60,
        false
    )
    .await
    .unwrap());
    let restarted = shop.restarted().await;
    merchant::worker::round(&restarted).await.unwrap();
    let view: PaymentView = shop.payment_view(&payment.id).await;
    assert_eq!(view.state, PaymentState::Cancelled, "settled by the worker");
    let at_antom = shop
        .antom_payment(&payment_request_id(&shop, &payment.id).await)
        .await;
    assert_eq!(
        at_antom.payment_status,
        Some(antom::api::PaymentStatus::Cancelled)
    );
}
