//! Merchant-initiated Auto Debit (`POST /v1/payments`) and the buyer's wallets as the
//! merchant's systems see them (`/v1/buyers/{ref}/wallets`).

use crate::common::{error_code, Shop};
use contract::api::{LinkState, PaymentState, PaymentView};
use contract::back_office::BuyerWallet;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn monthly(month: &str, amount: i64) -> Value {
    json!({"buyer_reference": "subscriber-1", "wallet": "GCASH",
           "order": {"reference": format!("sub-{month}"), "description": "Kopi club, monthly", "amount": amount, "currency": "PHP"}})
}

async fn charge(shop: &Shop, key: Option<&str>, body: Value) -> reqwest::Response {
    shop.merchant_post("/v1/payments", key, body).await
}

/// The subscriber signs up: links GCash at a first checkout with a mandate (up to
/// PHP 10,000.00 a charge) and pays it.
async fn signed_up(shop: &Shop) {
    let mandate = json!({"description": "Kopi club", "max_amount_per_charge": 1_000_000});
    let buyer = shop.subscribed("subscriber-1", mandate).await;
    assert_eq!(buyer.paid("k1").await.state, PaymentState::Succeeded);
}

#[tokio::test]
async fn a_subscription_is_charged_each_month_without_the_buyer_once_per_key() {
    let shop = Shop::open(&[]).await;
    signed_up(&shop).await;
    let january = charge(&shop, Some("sub-2027-01"), monthly("2027-01", 29_900)).await;
    assert_eq!(january.status(), StatusCode::CREATED);
    let january: PaymentView = january.json().await.unwrap();
    assert_eq!(
        (
            january.state,
            january.amount.minor,
            january.order_reference.as_str()
        ),
        (PaymentState::Succeeded, 29_900, "sub-2027-01")
    );
    let february: PaymentView = charge(&shop, Some("sub-2027-02"), monthly("2027-02", 29_900))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(february.id, january.id);
    // The same key again (a retry after a timeout) is the same charge, not a second one.
    let retried: PaymentView = charge(&shop, Some("sub-2027-01"), monthly("2027-01", 29_900))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retried, january);
    let changed = charge(&shop, Some("sub-2027-01"), monthly("2027-01", 39_900)).await;
    assert_eq!(error_code(changed).await.1, "IDEMPOTENCY_KEY_REUSED");
    // Charged at Antom exactly twice, and each is a payment of the merchant API.
    let stored = merchant::store::payments::get(&shop.svc.db, &january.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        shop.antom_payment(&stored.payment_request_id)
            .await
            .payment_amount
            .unwrap()
            .minor_units(),
        29_900
    );
    assert_eq!(
        shop.payment_view(&february.id).await.state,
        PaymentState::Succeeded
    );
}

#[tokio::test]
async fn a_charge_is_refused_clearly_when_it_cannot_be_made() {
    let shop = Shop::open(&[]).await;
    let not_linked = charge(&shop, Some("k"), monthly("2027-01", 29_900)).await;
    assert_eq!(
        error_code(not_linked).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "WALLET_NOT_LINKED".into())
    );
    signed_up(&shop).await;
    let no_key = charge(&shop, None, monthly("2027-01", 29_900)).await;
    assert_eq!(error_code(no_key).await.1, "IDEMPOTENCY_KEY_REQUIRED");
    for bad in [
        monthly("2027-01", 0),
        json!({"buyer_reference": "subscriber-1", "wallet": "GCASH"}),
    ] {
        let r = charge(&shop, Some("bad"), bad.clone()).await;
        assert_eq!(error_code(r).await.1, "VALIDATION", "{bad}");
    }
    // Nobody can open a charge's session as a checkout.
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM checkout_sessions WHERE id LIKE 'cs_mit_%'")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    assert!(
        rows.is_empty(),
        "refused charges leave nothing behind: {rows:?}"
    );
}

#[tokio::test]
async fn a_charge_whose_outcome_is_unknown_is_settled_by_the_worker() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    signed_up(&shop).await;
    // Amounts ending in 03: the wallet confirms after the processing delay.
    let pending: PaymentView = charge(&shop, Some("top-up-1"), monthly("t1", 50_003))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending.state, PaymentState::Processing);
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    sqlx::query("UPDATE payment_attempts SET next_check_at = 0")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    shop.work().await;
    assert_eq!(
        shop.payment_view(&pending.id).await.state,
        PaymentState::Succeeded
    );
}

#[tokio::test]
async fn the_merchant_sees_and_ends_a_buyers_wallet_and_a_refused_token_ends_it_too() {
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    signed_up(&shop).await;
    let wallets: Vec<BuyerWallet> = shop
        .merchant_get("/v1/buyers/subscriber-1/wallets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(wallets.len(), 1);
    assert_eq!(
        (
            wallets[0].wallet.as_str(),
            wallets[0].link,
            wallets[0].account.as_deref()
        ),
        ("GCASH", LinkState::Linked, Some("0917****123"))
    );
    assert!(wallets[0].token_expires_at.is_some());
    let ended = shop
        .http
        .delete(format!(
            "{}/v1/buyers/subscriber-1/wallets/GCASH",
            shop.base
        ))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), StatusCode::NO_CONTENT);
    let after: Vec<BuyerWallet> = shop
        .merchant_get("/v1/buyers/subscriber-1/wallets")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after[0].link, LinkState::NotLinked);
    assert_eq!(
        error_code(charge(&shop, Some("k"), monthly("2027-01", 29_900)).await)
            .await
            .1,
        "WALLET_NOT_LINKED"
    );
    let by: (String,) = sqlx::query_as(
        "SELECT detail_json FROM events WHERE type = 'wallet.unlinked' AND object_id = $1",
    )
    .bind(&wallets[0].id)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert!(by.0.contains("\"merchant\""), "{}", by.0);

    // Linked again, then ended in the wallet app with no notification: the next charge
    // is refused by Antom, and the link ends with it.
    signed_up(&shop).await;
    assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
    let refused: PaymentView = charge(&shop, Some("k2"), monthly("2027-02", 29_900))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        refused.failure_code.as_deref(),
        Some("INVALID_ACCESS_TOKEN")
    );
    let events: Vec<(String,)> = sqlx::query_as(
        "SELECT detail_json FROM events WHERE type = 'wallet.unlinked' ORDER BY created_seq",
    )
    .fetch_all(&shop.svc.db.pool)
    .await
    .unwrap();
    assert!(events.last().unwrap().0.contains("\"antom\""), "{events:?}");
}

#[tokio::test]
async fn metadata_travels_with_sessions_and_payments_to_the_merchant_never_to_the_buyer() {
    let shop = Shop::open(&[]).await;
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "subscriber-1", "order": {"reference": "o-1", "description": "Kopi", "amount": 10_000, "currency": "PHP"},
                   "region": "PH", "metadata": {"crm_id": "C-981", "plan": "gold"},
                   "mandate": {"description": "Kopi club", "max_amount_per_charge": 100_000}}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: Value = created.json().await.unwrap();
    let buyer = shop.claim(&created).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    assert!(
        paid.metadata.is_empty(),
        "the buyer's browser never sees it"
    );
    let raw: Value = buyer
        .get(&buyer.api(&format!("/payments/{}", paid.id)))
        .await
        .json()
        .await
        .unwrap();
    assert!(raw.get("metadata").is_none(), "{raw}");
    let merchant_view = shop.payment_view(&paid.id).await;
    assert_eq!(
        merchant_view.metadata.get("crm_id").map(String::as_str),
        Some("C-981")
    );
    let session: Value = shop
        .merchant_get(&format!("/v1/checkout-sessions/{}", buyer.session_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session["metadata"]["plan"], "gold");

    let mut charge_body = monthly("2027-01", 29_900);
    charge_body["metadata"] = json!({"invoice": "INV-7"});
    let charged: PaymentView = charge(&shop, Some("m1"), charge_body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        charged.metadata.get("invoice").map(String::as_str),
        Some("INV-7")
    );

    let too_many: serde_json::Map<String, Value> =
        (0..21).map(|i| (format!("k{i}"), json!("v"))).collect();
    for bad in [
        json!(too_many),
        json!({"": "v"}),
        json!({"k": "v".repeat(501)}),
    ] {
        let r = shop
            .merchant_post(
                "/v1/checkout-sessions",
                None,
                json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}, "metadata": bad}),
            )
            .await;
        assert_eq!(error_code(r).await.1, "VALIDATION");
    }
}

#[tokio::test]
async fn a_setup_checkout_links_a_wallet_without_paying_and_the_merchant_charges_it_later() {
    use contract::webhooks::{CheckoutSessionState, CheckoutSessionView};
    let shop = Shop::open(&[]).await;
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "subscriber-1", "mode": "setup", "region": "PH",
                   "order": {"reference": "kopi-club", "description": "Kopi club, ₱299 a month", "amount": 29_900, "currency": "PHP"}}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let buyer = shop.claim(&created.json().await.unwrap()).await;
    assert!(buyer.summary().await.setup);
    let open: CheckoutSessionView = shop
        .merchant_get(&format!("/v1/checkout-sessions/{}", buyer.session_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open.state, CheckoutSessionState::Open);
    buyer.link("GCASH").await;
    // It takes no payment, even asked directly.
    assert_eq!(
        error_code(buyer.pay("k1", "GCASH").await).await.1,
        "VALIDATION"
    );
    let done: CheckoutSessionView = shop
        .merchant_get(&format!("/v1/checkout-sessions/{}", buyer.session_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (done.state, done.payment_id),
        (CheckoutSessionState::Completed, None)
    );
    let (completed,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM events WHERE type = 'checkout_session.completed' AND object_id = $1",
    )
    .bind(&buyer.session_id)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(completed, 1);
    // The first month, charged by the merchant's systems.
    let first: PaymentView = charge(&shop, Some("kopi-club-1"), monthly("1", 29_900))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.state, PaymentState::Succeeded);
}

/// The attack of the second security review: a setup checkout the merchant
/// expired was still linked by the browser that had claimed it, and moved from
/// expired to completed (the merchant heard `wallet.linked` after
/// `checkout_session.expired`). Now an expired checkout refuses to start a link,
/// to finish one started before, to show or redeem a code from another browser.
#[tokio::test]
async fn an_expired_setup_checkout_can_neither_start_nor_finish_a_link_and_never_completes() {
    use contract::webhooks::{CheckoutSessionState, CheckoutSessionView};
    let shop = Shop::open(&[]).await;
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "subscriber-9", "mode": "setup", "region": "PH",
                   "order": {"reference": "kopi-club-9", "description": "Kopi club", "amount": 29_900, "currency": "PHP"}}),
        )
        .await;
    let buyer = shop.claim(&created.json().await.unwrap()).await;
    // A link under way: the buyer agreed at the wallet, and has not come back yet.
    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer
        .at_wallet(&redirect.normal_url.clone().unwrap(), true)
        .await;
    let expired = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{}/expire", buyer.session_id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(expired.status(), StatusCode::OK);

    let finish = buyer.complete(code.as_deref(), &state).await;
    assert_eq!(
        error_code(finish).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "SESSION_EXPIRED".to_owned()
        )
    );
    let start = buyer
        .post(
            &buyer.api("/authorizations"),
            json!({"wallet": "GCASH", "terminal": "WEB"}),
        )
        .await;
    assert_eq!(error_code(start).await.1, "SESSION_EXPIRED");
    // The wallet page's return in another browser: no code is shown for it.
    let elsewhere = shop
        .http
        .post(format!(
            "{}/api/checkout-sessions/{}/authorizations/handover",
            shop.base, buyer.session_id
        ))
        .headers(crate::common::app_headers())
        .json(&json!({"auth_code": code, "auth_state": state}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(elsewhere).await.1, "SESSION_EXPIRED");

    let view: CheckoutSessionView = shop
        .merchant_get(&format!("/v1/checkout-sessions/{}", buyer.session_id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view.state, CheckoutSessionState::Expired);
    let wallets: Vec<BuyerWallet> = shop
        .merchant_get("/v1/buyers/subscriber-9/wallets")
        .await
        .json()
        .await
        .unwrap();
    assert!(wallets.is_empty(), "nothing linked: {wallets:?}");
    let (linked, completed): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM events WHERE type = 'wallet.linked'), \
         (SELECT COUNT(*) FROM events WHERE type = 'checkout_session.completed')",
    )
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!((linked, completed), (0, 0));
}

/// The second security review: a charge's session id was `sha256(Idempotency-Key)`,
/// so a guessable key (`sub-2027-01`) made a guessable URL whose page showed the
/// merchant and the amount to anyone. Now the id is keyed with the service's
/// secret, and every buyer route answers 404 for a charge's session.
#[tokio::test]
async fn a_charges_session_id_cannot_be_guessed_from_its_key_and_no_buyer_route_knows_it() {
    let app = crate::first_paint::app_dir();
    let shop = Shop::open(&[("APP_DIR", app.as_str())]).await;
    signed_up(&shop).await;
    let paid: PaymentView = charge(&shop, Some("sub-2027-03"), monthly("2027-03", 29_900))
        .await
        .json()
        .await
        .unwrap();
    let stored = merchant::store::payments::get(&shop.svc.db, &paid.id)
        .await
        .unwrap()
        .unwrap();
    let session = stored.checkout_session_id.clone();
    let guessed = format!(
        "cs_mit_{}",
        &merchant::crypto::sha256_hex(b"sub-2027-03")[..24]
    );
    assert!(session.starts_with("cs_mit_"));
    assert_ne!(session, guessed);

    // A buyer's browser (one that claimed a checkout of the same buyer) tries each route.
    let browser = shop.checkout("subscriber-1", 1_000).await;
    for path in [
        format!("/checkout/{session}"),
        format!("/checkout/{session}/wallets"),
        format!("/api/checkout-sessions/{session}"),
    ] {
        let r = browser.get(&path).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        let body = r.text().await.unwrap();
        assert!(!body.contains("299.00"), "{path}: {body}");
    }
    let r = browser
        .post(
            &format!("/api/checkout-sessions/{session}/claim"),
            json!({"token": "x"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = browser
        .post(
            &format!("/api/checkout-sessions/{session}/payments"),
            json!({"wallet": "GCASH"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // The merchant still sees its charge's session.
    let r = shop
        .merchant_get(&format!("/v1/checkout-sessions/{session}"))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// The sandbox's balance control: a charge over the buyer's balance is declined for
/// balance, and passes once the buyer tops up.
#[tokio::test]
async fn a_charge_over_the_sandbox_balance_is_declined_until_the_buyer_tops_up() {
    let shop = Shop::open(&[]).await;
    signed_up(&shop).await;
    shop.set_balance("GCASH", 10_000).await;
    let mut never_retried = monthly("low", 49_900);
    never_retried["retry_days"] = json!([]);
    let declined: PaymentView = charge(&shop, Some("low"), never_retried)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (declined.state, declined.failure_code.as_deref()),
        (PaymentState::Failed, Some("USER_BALANCE_NOT_ENOUGH"))
    );
    shop.set_balance("GCASH", 100_000).await;
    let paid: PaymentView = charge(&shop, Some("topped-up"), monthly("topped-up", 49_900))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
}
