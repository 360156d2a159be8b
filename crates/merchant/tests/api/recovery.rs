//! Failed-charge recovery: a charge refused for a reason that may pass is tried
//! again on its schedule, each try under its own paymentRequestId, and the buyer
//! can pay the order in a recovery checkout, which ends the retries.

use crate::common::{error_code, Shop};
use contract::api::{PaymentState, PaymentView};
use reqwest::StatusCode;
use serde_json::{json, Value};

const DAY: i64 = 86_400;

fn body(key: &str) -> Value {
    json!({"buyer_reference": "subscriber-1", "wallet": "GCASH",
           "order": {"reference": key, "description": "Kopi Club, January", "amount": 49_900, "currency": "PHP"}})
}

/// A subscriber with a ₱500-a-month mandate on GCash, whose balance is then empty.
async fn subscriber_without_funds(shop: &Shop) -> crate::common::Buyer {
    let buyer = shop
        .subscribed(
            "subscriber-1",
            json!({"description": "Kopi Club membership", "max_amount_per_charge": 50_000,
                   "interval": "month", "max_amount_per_interval": 50_000}),
        )
        .await;
    shop.set_balance("GCASH", 0).await;
    buyer
}

async fn charged(shop: &Shop, key: &str) -> PaymentView {
    let r = shop
        .merchant_post("/v1/payments", Some(key), body(key))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    r.json().await.unwrap()
}

async fn events(shop: &Shop, kind: &str, object: &str) -> i64 {
    shop.event_count(kind, object).await
}

#[tokio::test]
async fn a_charge_refused_for_balance_is_retried_and_the_day_3_retry_after_a_top_up_succeeds() {
    let shop = Shop::open(&[]).await;
    subscriber_without_funds(&shop).await;
    let first = charged(&shop, "2027-01").await;
    assert_eq!(first.state, PaymentState::RetryScheduled);
    assert_eq!(first.is_final, Some(false));
    assert_eq!(first.next_attempt_at, Some(first.created_at + DAY));
    assert_eq!(first.attempts.len(), 1);
    assert_eq!(
        first.attempts[0].result_code.as_deref(),
        Some("USER_BALANCE_NOT_ENOUGH")
    );
    assert!(first.recovery_url.is_some());
    assert_eq!(events(&shop, "payment.retry_scheduled", &first.id).await, 1);

    // Day 1: still no money.
    shop.advance_clock("P1D").await;
    let day1 = shop.payment_view(&first.id).await;
    assert_eq!(
        (day1.state, day1.attempts.len(), day1.next_attempt_at),
        (
            PaymentState::RetryScheduled,
            2,
            Some(first.created_at + 3 * DAY)
        )
    );
    // Payday: the buyer tops up, and the day-3 retry takes it.
    shop.advance_clock("P1D").await;
    shop.set_balance("GCASH", 100_000).await;
    shop.advance_clock("P1D").await;
    let paid = shop.payment_view(&first.id).await;
    assert_eq!(
        (paid.state, paid.is_final, paid.attempts.len()),
        (PaymentState::Succeeded, Some(true), 3)
    );
    assert_eq!(paid.recovery_url, None, "paid: nothing to recover");
    let requests: Vec<&str> = paid
        .attempts
        .iter()
        .map(|a| a.payment_request_id.as_str())
        .collect();
    let mut distinct = requests.clone();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "each try its own paymentRequestId");
    let mut at_antom = Vec::new();
    for request in &requests {
        at_antom.push(shop.antom_payment(request).await.payment_status);
    }
    let succeeded = at_antom
        .iter()
        .filter(|s| format!("{s:?}").contains("Success"))
        .count();
    assert_eq!(succeeded, 1, "one debit at Antom: {at_antom:?}");
    assert_eq!(events(&shop, "payment.succeeded", &first.id).await, 1);
    assert_eq!(events(&shop, "payment.failed", &first.id).await, 0);
    assert_eq!(events(&shop, "payment.retry_scheduled", &first.id).await, 2);

    // The day's reports reconcile with the payments.
    let (_, files) = shop.sandbox_reports().await;
    let r = shop
        .merchant_post(
            "/v1/reconciliation/imports",
            None,
            json!({ "files": files }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["clean"], true, "{report:#}");
}

#[tokio::test]
async fn a_charge_whose_retries_all_fail_fails_once_for_good_and_its_recovery_checkout_pays_with_another_wallet(
) {
    // With an app to paint, so the recovery page's first paint can be read.
    let app = crate::first_paint::app_dir();
    let shop = Shop::open(&[("APP_DIR", app.as_str())]).await;
    let subscriber = subscriber_without_funds(&shop).await;
    let charge = charged(&shop, "2027-01").await;
    for step in ["P1D", "P2D", "P2D"] {
        assert_eq!(events(&shop, "payment.failed", &charge.id).await, 0);
        shop.advance_clock(step).await;
    }
    let failed = shop.payment_view(&charge.id).await;
    assert_eq!(
        (failed.state, failed.is_final, failed.attempts.len()),
        (PaymentState::Failed, Some(true), 4)
    );
    assert_eq!(events(&shop, "payment.failed", &charge.id).await, 1);
    assert_eq!(
        events(&shop, "payment.retry_scheduled", &charge.id).await,
        3
    );
    // Nothing more is tried.
    shop.advance_clock("P6D").await;
    assert_eq!(shop.payment_view(&charge.id).await.attempts.len(), 4);

    // The recovery checkout, opened in the subscriber's browser: why, and another wallet.
    let url = failed
        .recovery_url
        .expect("a failed charge can be recovered");
    let recovery = shop.claim_url_in(subscriber.http.clone(), &url).await;
    let summary = recovery.summary().await;
    let notice = summary.recovery.expect("the page says why");
    assert_eq!(
        (
            notice.wallet.as_str(),
            notice.failure_code.as_deref(),
            notice.amount.minor
        ),
        ("GCASH", Some("USER_BALANCE_NOT_ENOUGH"), 49_900)
    );
    assert_eq!(summary.amount.minor, 49_900);
    assert!(summary.mandate.is_none(), "buyer-present");
    // The page names the wallet as buyers know it, not by Antom's code.
    let path = reqwest::Url::parse(&url).unwrap().path().to_owned();
    let page = recovery.get(&path).await.text().await.unwrap();
    let note = page
        .split("class=\"recovery\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .unwrap_or_else(|| panic!("no recovery note in {page}"));
    assert!(note.contains("GCash") && !note.contains("GCASH"), "{note}");
    recovery.link("MAYA").await;
    let r = recovery.pay("recover-1", "MAYA").await;
    assert_eq!(r.status(), StatusCode::OK);
    let paid: PaymentView = r.json().await.unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
    assert_eq!(paid.order_reference, "2027-01");
}

#[tokio::test]
async fn paying_in_the_recovery_checkout_or_cancelling_ends_the_retries_still_due() {
    let shop = Shop::open(&[]).await;
    let subscriber = subscriber_without_funds(&shop).await;
    let charge = charged(&shop, "2027-01").await;
    let recovery = shop
        .claim_url_in(
            subscriber.http.clone(),
            charge.recovery_url.as_deref().unwrap(),
        )
        .await;
    shop.set_balance("GCASH", 100_000).await;
    let paid: PaymentView = recovery
        .pay("recover-1", "GCASH")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
    let ended = shop.payment_view(&charge.id).await;
    assert_eq!(
        (ended.state, ended.is_final, ended.next_attempt_at),
        (PaymentState::Cancelled, Some(true), None)
    );
    shop.advance_clock("P6D").await;
    assert_eq!(
        shop.payment_view(&charge.id).await.attempts.len(),
        1,
        "no retry was sent"
    );

    // Another charge, cancelled by the merchant while it waits.
    shop.set_balance("GCASH", 0).await;
    shop.advance_clock("P31D").await;
    let second = charged(&shop, "2027-02").await;
    assert_eq!(second.state, PaymentState::RetryScheduled);
    let r = shop.cancel(&second.id).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        shop.payment_view(&second.id).await.state,
        PaymentState::Cancelled
    );
    shop.advance_clock("P6D").await;
    assert_eq!(shop.payment_view(&second.id).await.attempts.len(), 1);
}

#[tokio::test]
async fn a_crash_between_recording_a_retry_and_sending_it_sends_it_once() {
    let shop = Shop::open(&[]).await;
    subscriber_without_funds(&shop).await;
    let charge = charged(&shop, "2027-01").await;
    shop.set_balance("GCASH", 100_000).await;
    // What the worker writes before sending a retry, as if the service died right after.
    let now = shop.svc.now();
    let link = merchant::store::wallets::active(&shop.svc.db, "subscriber-1", "GCASH")
        .await
        .unwrap()
        .unwrap();
    let recorded = merchant::store::payments::begin_retry(
        &shop.svc.db,
        &charge.id,
        "pr_retry_crashed",
        &link.id,
        now,
        now + 60,
    )
    .await
    .unwrap();
    assert!(recorded);
    let restarted = shop.restarted().await;
    // The lease of the worker that died runs out.
    sqlx::query("UPDATE payment_attempts SET lease_until = NULL, next_check_at = 0")
        .execute(&restarted.db.pool)
        .await
        .unwrap();
    for _ in 0..3 {
        merchant::worker::round(&restarted).await.unwrap();
    }
    let view = shop.payment_view(&charge.id).await;
    assert_eq!(view.state, PaymentState::Succeeded);
    assert_eq!(
        view.attempts
            .iter()
            .map(|a| a.payment_request_id.as_str())
            .collect::<Vec<_>>()[1],
        "pr_retry_crashed"
    );
    assert_eq!(view.attempts.len(), 2, "one try sent after the restart");
    let at_antom = shop.antom_payment("pr_retry_crashed").await;
    assert!(format!("{:?}", at_antom.payment_status).contains("Success"));
}

#[tokio::test]
async fn a_retry_schedule_is_the_charges_or_the_services_and_never_nonsense() {
    let shop = Shop::open(&[]).await;
    subscriber_without_funds(&shop).await;
    for bad in [
        json!([3, 1]),
        json!([0]),
        json!([61]),
        json!([1, 2, 3, 4, 5, 6, 7]),
    ] {
        let mut b = body("bad");
        b["retry_days"] = bad.clone();
        let r = shop.merchant_post("/v1/payments", Some("bad"), b).await;
        assert_eq!(error_code(r).await.1, "VALIDATION", "{bad}");
    }
    let mut paydays = body("paydays");
    paydays["retry_days"] = json!([15]);
    let r = shop
        .merchant_post("/v1/payments", Some("paydays"), paydays)
        .await;
    let waiting: PaymentView = r.json().await.unwrap();
    assert_eq!(waiting.next_attempt_at, Some(waiting.created_at + 15 * DAY));
    // A risk refusal is never retried (amount ending 02), next month.
    shop.advance_clock("P31D").await;
    let mut risky = body("risky");
    risky["order"]["amount"] = json!(10_002);
    shop.set_balance("GCASH", 100_000).await;
    let r = shop
        .merchant_post("/v1/payments", Some("risky"), risky)
        .await;
    let text = r.text().await.unwrap();
    let refused: PaymentView =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(
        (
            refused.state,
            refused.is_final,
            refused.failure_code.as_deref()
        ),
        (PaymentState::Failed, Some(true), Some("RISK_REJECT"))
    );
    assert!(
        refused.recovery_url.is_some(),
        "a failed charge can be recovered"
    );
}

/// A retry that falls in a later interval of its mandate is counted there again: a
/// daily maximum another charge already took refuses it (for good), with no debit.
#[tokio::test]
async fn a_retry_in_a_later_interval_is_held_to_that_intervals_maximum() {
    let shop = Shop::open(&[]).await;
    shop.subscribed(
        "subscriber-1",
        json!({"description": "Daily kopi", "max_amount_per_charge": 49_900,
               "interval": "day", "max_amount_per_interval": 49_900}),
    )
    .await;
    shop.set_balance("GCASH", 0).await;
    let first = charged(&shop, "day-0").await;
    assert_eq!(first.state, PaymentState::RetryScheduled);
    // The next day, before the worker tries it again, the day's charge goes through.
    let r = shop
        .http
        .post(format!("{}/sandbox/control/clock", shop.base))
        .json(&json!({"advance": "P1D"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    shop.set_balance("GCASH", 100_000).await;
    let second = charged(&shop, "day-1").await;
    assert_eq!(second.state, PaymentState::Succeeded);
    shop.work().await;
    let refused = shop.payment_view(&first.id).await;
    assert_eq!(
        (
            refused.state,
            refused.failure_code.as_deref(),
            refused.attempts.len()
        ),
        (PaymentState::Failed, Some("MANDATE_LIMIT_REACHED"), 1)
    );
}

/// A key whose charge was stored but never paid (the service died in between) cannot
/// be replayed to charge another wallet, least of all a buyer-present one.
#[tokio::test]
async fn a_replayed_key_cannot_charge_another_wallet() {
    let shop = Shop::open(&[]).await;
    let subscriber = subscriber_without_funds(&shop).await;
    shop.set_balance("GCASH", 100_000).await;
    // MAYA linked in a one-off checkout: buyer-present.
    let one_off = shop.open_in(&subscriber, "subscriber-1", 10_000).await;
    one_off.link("MAYA").await;
    let first = charged(&shop, "k-1").await;
    assert_eq!(first.state, PaymentState::Succeeded);
    // As if the service died after storing the charge and before recording its payment.
    for sql in [
        "DELETE FROM charge_attempts WHERE payment_id = $1",
        "DELETE FROM payment_attempts WHERE id = $1",
    ] {
        sqlx::query(sql)
            .bind(&first.id)
            .execute(&shop.svc.db.pool)
            .await
            .unwrap();
    }
    let mut other = body("k-1");
    other["wallet"] = json!("MAYA");
    let r = shop.merchant_post("/v1/payments", Some("k-1"), other).await;
    assert_eq!(error_code(r).await.1, "IDEMPOTENCY_KEY_REUSED");
}
