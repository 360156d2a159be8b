//! Answers that do not settle a payment or refund by themselves (#32): a reused
//! request id, an inquiry that finds no record, a refund still processing, and
//! a notification that contradicts a final answer. The sandbox plays each by
//! amount (see `sandbox::script`).

use super::*;

/// The refund's `checks` and `next_check_at`, as the worker reads them.
async fn polling(shop: &Shop, id: &str) -> (i64, Option<i64>) {
    sqlx::query_as("SELECT checks, next_check_at FROM refunds WHERE id = $1")
        .bind(id)
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap()
}

async fn refund_view(shop: &Shop, id: &str) -> RefundView {
    shop.merchant_get(&format!("/v1/refunds/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

async fn refunded(shop: &Shop, payment: &str, key: &str, amount: i64) -> RefundView {
    let r = shop.refund(payment, key, amount).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

/// What Antom's timeline of payment `id` says, as one string.
async fn timeline(shop: &Shop, id: &str) -> String {
    let detail: serde_json::Value = shop
        .merchant_get(&format!("/v1/payments/{id}/detail"))
        .await
        .json()
        .await
        .unwrap();
    detail["timeline"].to_string()
}

#[tokio::test]
async fn a_pay_answered_with_a_reused_request_id_is_settled_by_inquiry_not_failed() {
    // Amount ending 08: Antom answers F REPEAT_REQ_INCONSISTENT, though an earlier
    // request under the same id paid. An F here says nothing about the money.
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let first = shop.payment_by("buyer-1", 10_008).await;
    assert_eq!(first.state, PaymentState::Processing, "unknown, not failed");
    shop.advance_clock("PT5S").await;
    let view = shop.payment_view(&first.id).await;
    assert_eq!(view.state, PaymentState::Succeeded, "inquiry found it paid");
}

#[tokio::test]
async fn with_notifications_a_reused_request_id_is_paid_once_and_never_called_failed() {
    // Read as a failure, notifyPayment's SUCCESS would then be a contradiction to flag.
    let shop = Shop::open(&[]).await;
    let first = shop.payment_by("buyer-1", 10_008).await;
    assert_ne!(first.state, PaymentState::Failed);
    let mut state = first.state;
    for _ in 0..60 {
        state = shop.payment_view(&first.id).await.state;
        if state == PaymentState::Succeeded {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, PaymentState::Succeeded);
    assert!(
        !timeline(&shop, &first.id)
            .await
            .contains("success_after_failure"),
        "never recorded as failed first"
    );
}

#[tokio::test]
async fn a_refund_answered_with_a_reused_request_id_is_settled_by_inquiry_not_failed() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_514).await;
    assert_eq!(refund.state, RefundState::Processing, "unknown, not failed");
    assert_eq!(
        refund_view(&shop, &refund.id).await.state,
        RefundState::Succeeded,
        "inquiry found it refunded"
    );
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 2_514);
}

#[tokio::test]
async fn a_refund_whose_inquiry_finds_no_record_is_sent_again_and_refunded_once() {
    // Amount ending 11: lost on its way in; inquiryRefund then answers S with no
    // refundId and no refundStatus ("null when the refund record cannot be found").
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_511).await;
    assert_eq!(refund.state, RefundState::Processing);
    assert_eq!(
        refund_view(&shop, &refund.id).await.state,
        RefundState::Succeeded,
        "read as REFUND_NOT_EXIST: sent again, with the same refundRequestId"
    );
    let stored = merchant::store::refunds::get(&shop.svc.db, &refund.id)
        .await
        .unwrap()
        .unwrap();
    let at_antom = shop
        .svc
        .antom
        .execute(&antom::api::InquiryRefundRequest {
            refund_request_id: Some(stored.refund_request_id.clone()),
            refund_id: None,
        })
        .await
        .unwrap();
    assert_eq!(at_antom.refund_amount.unwrap().minor_units(), 2_511);
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 2_511);
}

#[tokio::test]
async fn a_refund_without_a_record_after_the_resend_window_fails_and_gives_its_amount_back() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_511).await;
    // Eleven minutes on, a refund the merchant asked for may no longer be wanted.
    shop.advance_clock("PT11M").await;
    let view = refund_view(&shop, &refund.id).await;
    assert_eq!(view.state, RefundState::Failed);
    assert_eq!(view.failure_code.as_deref(), Some("NOT_SENT"));
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 0);
}

#[tokio::test]
async fn a_refund_failed_as_never_sent_that_antom_then_refunds_succeeds_and_holds_its_amount_again()
{
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_511).await;
    shop.advance_clock("PT11M").await;
    assert_eq!(
        refund_view(&shop, &refund.id).await.state,
        RefundState::Failed
    );
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 0);
    let stored = merchant::store::refunds::get(&shop.svc.db, &refund.id)
        .await
        .unwrap()
        .unwrap();
    let notice = json!({"refundStatus": "SUCCESS", "refundRequestId": stored.refund_request_id,
        "refundId": "2026112299990003", "refundAmount": {"currency": "PHP", "value": "2511"},
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
    let at = shop.signed_now();
    let r = shop
        .notify_at("/notify/refund", &notice, None, at.clone())
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        refund_view(&shop, &refund.id).await.state,
        RefundState::Succeeded,
        "NOT_SENT was our guess; Antom's word replaces it"
    );
    assert_eq!(
        shop.payment_view(&payment.id).await.refunded_minor,
        2_511,
        "held against the payment again: it cannot be refunded twice"
    );
    let again = shop.notify_at("/notify/refund", &notice, None, at).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 2_511);
    assert_eq!(shop.event_count("refund.succeeded", &refund.id).await, 1);
}

#[tokio::test]
async fn a_processing_refund_is_asked_about_less_and_less_and_not_after_a_week() {
    // Amount ending 12: REFUND_IN_PROCESS, and (with this delay) still processing for days.
    let shop = Shop::open(&[
        ("SANDBOX_NOTIFICATIONS", "off"),
        ("SANDBOX_PROCESSING_DELAY_MS", "3600000"),
    ])
    .await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_512).await;
    assert_eq!(refund.state, RefundState::Processing);
    // An hour of worker rounds a minute apart asks Antom ten times, not 720 (every 5 s).
    for _ in 0..60 {
        shop.advance_clock("PT1M").await;
    }
    let (checks, next) = polling(&shop, &refund.id).await;
    assert!((8..=11).contains(&checks), "{checks} inquiries in an hour");
    let gap = next.unwrap() - shop.svc.now();
    assert!(gap > 10 * 60, "the next in {gap} s");
    shop.advance_clock("P8D").await;
    let (_, next) = polling(&shop, &refund.id).await;
    assert_eq!(next, None, "a week on, nobody polls");
    let stored = merchant::store::refunds::get(&shop.svc.db, &refund.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.status,
        merchant::domain::states::RefundStatus::Processing,
        "still processing: only Antom can say otherwise"
    );
    // notifyRefund still settles it.
    let notice = json!({"refundStatus": "SUCCESS", "refundRequestId": stored.refund_request_id,
        "refundId": "2026112299990002", "refundAmount": {"currency": "PHP", "value": "2512"},
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
    let at = shop.signed_now();
    let r = shop.notify_at("/notify/refund", &notice, None, at).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        refund_view(&shop, &refund.id).await.state,
        RefundState::Succeeded
    );
}

#[tokio::test]
async fn a_refund_failed_by_notification_after_antom_accepted_it_is_flagged_on_the_payment() {
    // Amount ending 13: refund answers S; notifyRefund says FAIL after the processing delay.
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refund = refunded(&shop, &payment.id, "r1", 2_513).await;
    assert_eq!(refund.state, RefundState::Succeeded);
    let mut flagged = false;
    for _ in 0..100 {
        if timeline(&shop, &payment.id)
            .await
            .contains("refund.failure_after_success")
        {
            flagged = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(flagged, "{}", timeline(&shop, &payment.id).await);
    let view = refund_view(&shop, &refund.id).await;
    assert_eq!(
        view.state,
        RefundState::Succeeded,
        "a final answer never changes back: an operator looks at it"
    );
    let audit: serde_json::Value = shop
        .merchant_get(&format!("/v1/audit?subject={}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(audit.to_string().contains(&refund.id), "{audit}");
}

#[tokio::test]
async fn a_pay_in_process_that_offers_a_buyer_page_waits_for_antom_and_shows_no_page() {
    // Amount ending 09: U PAYMENT_IN_PROCESS with a normalUrl, which Auto Debit's pay
    // page does not list (it is Cashier Payment's); then SUCCESS after the delay.
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_009).await;
    buyer.link("GCASH").await;
    let r = buyer.pay("k1", "GCASH").await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(
        !text.contains("wallet.example"),
        "no page for the buyer: {text}"
    );
    let first: PaymentView = serde_json::from_str(&text).unwrap();
    assert_eq!(first.state, PaymentState::Processing);
    let mut state = first.state;
    for _ in 0..60 {
        state = shop.payment_view(&first.id).await.state;
        if state != PaymentState::Processing {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, PaymentState::Succeeded, "notifyPayment settled it");
}
