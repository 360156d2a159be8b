//! What is an event: refunds, unlinks, cancels, a checkout's life, a reconciliation; the demo shop ships on the webhook.

use super::*;

#[tokio::test]
async fn refunds_unlinks_and_cancels_are_events_too_and_can_be_listed_by_object() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(&shop, &url, json!(["*"])).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    assert_eq!(
        shop.refund(&paid.id, "r1", 2_500).await.status(),
        StatusCode::CREATED
    );
    let unlinked = buyer
        .http
        .delete(format!("{}{}", shop.base, buyer.api("/wallets/GCASH")))
        .send()
        .await
        .unwrap();
    assert!(unlinked.status().is_success(), "{}", unlinked.status());
    let other = shop.payment_by("buyer-2", 4_500).await;
    assert_eq!(shop.cancel(&other.id).await.status(), StatusCode::OK);
    deliver(&shop).await;
    let refund = &receiver.of_type("refund.succeeded")[0].json()["data"];
    assert_eq!(refund["amount"], 2_500);
    let ended = &receiver.of_type("wallet.unlinked")[0].json()["data"];
    assert_eq!(
        (
            ended["wallet"].as_str(),
            ended["ended_by"].as_str(),
            ended["buyer_reference"].as_str()
        ),
        (Some("GCASH"), Some("buyer"), Some("buyer-1"))
    );
    assert_eq!(receiver.of_type("payment.cancelled").len(), 1);
    let page: EventPage = shop
        .merchant_get(&format!("/v1/events?object_id={}", paid.id))
        .await
        .json()
        .await
        .unwrap();
    let types: Vec<&str> = page.events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(
        types,
        ["payment.succeeded"],
        "newest first, only that payment's"
    );
}

#[tokio::test]
async fn a_checkout_session_is_open_then_completed_or_expired_and_says_so() {
    use contract::webhooks::{CheckoutSessionState, CheckoutSessionView};
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(
        &shop,
        &url,
        json!(["checkout_session.completed", "checkout_session.expired"]),
    )
    .await;
    let session = |id: String| {
        let shop = &shop;
        async move {
            shop.merchant_get(&format!("/v1/checkout-sessions/{id}"))
                .await
                .json::<CheckoutSessionView>()
                .await
                .unwrap()
        }
    };
    let buyer = shop.checkout("buyer-1", 10_000).await;
    assert_eq!(
        session(buyer.session_id.clone()).await.state,
        CheckoutSessionState::Open
    );
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    let completed = session(buyer.session_id.clone()).await;
    assert_eq!(
        (completed.state, completed.payment_id.as_deref()),
        (CheckoutSessionState::Completed, Some(paid.id.as_str()))
    );
    let refused = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{}/expire", buyer.session_id),
            None,
            json!({}),
        )
        .await;
    assert_eq!(
        error_code(refused).await,
        (StatusCode::CONFLICT, "ORDER_ALREADY_PAID".into())
    );

    // The merchant ends another one (the item sold out): its buyer can no longer pay.
    let other = shop.checkout("buyer-2", 10_000).await;
    other.link("GCASH").await;
    let ended: CheckoutSessionView = shop
        .merchant_post(
            &format!("/v1/checkout-sessions/{}/expire", other.session_id),
            None,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended.state, CheckoutSessionState::Expired);
    assert_eq!(
        error_code(other.pay("k1", "GCASH").await).await.1,
        "SESSION_EXPIRED"
    );

    // A third simply runs out: the worker reports it, once.
    let late = shop.checkout("buyer-3", 10_000).await;
    sqlx::query("UPDATE checkout_sessions SET expires_at = $1 WHERE id = $2")
        .bind(shop.svc.now() - 5)
        .bind(&late.session_id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    shop.work().await;
    shop.work().await;
    deliver(&shop).await;
    let completed_events = receiver.of_type("checkout_session.completed");
    assert_eq!(completed_events.len(), 1);
    assert_eq!(
        completed_events[0].json()["data"],
        serde_json::to_value(&completed).unwrap()
    );
    let expired: Vec<String> = receiver
        .of_type("checkout_session.expired")
        .iter()
        .map(|r| r.json()["data"]["id"].as_str().unwrap().to_owned())
        .collect();
    let mut expected = vec![other.session_id.clone(), late.session_id.clone()];
    let mut got = expired.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "each once");
}

#[tokio::test]
async fn the_demo_shop_calls_an_order_paid_only_once_its_webhook_arrived() {
    let shop = Shop::open(&[]).await;
    merchant::http::demo::register_webhook(&shop.svc)
        .await
        .unwrap();
    // Registered once per data folder.
    merchant::http::demo::register_webhook(&shop.svc)
        .await
        .unwrap();
    let hooks: Vec<WebhookEndpoint> = shop
        .merchant_get("/v1/webhook-endpoints")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hooks.len(), 1);

    let started = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{}/demo/checkout", shop.base))
        .form(&[("locale", "en"), ("amount", "10000")])
        .send()
        .await
        .unwrap();
    let url = started.headers()["location"].to_str().unwrap().to_owned();
    let id = url
        .split("/checkout/")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned();
    let buyer = shop.claim(&json!({"id": id, "url": url})).await;
    buyer.link("GCASH").await;
    buyer.paid("k1").await;
    let (order,): (String,) =
        sqlx::query_as("SELECT order_reference FROM checkout_sessions WHERE id = $1")
            .bind(&buyer.session_id)
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    let thanks = || async {
        shop.http
            .get(format!("{}/demo/thanks?order={order}", shop.base))
            .send()
            .await
            .unwrap()
    };
    let before = thanks().await;
    assert!(before.headers().contains_key("refresh"));
    let text = before.text().await.unwrap();
    assert!(text.contains("waiting for the payment webhook"), "{text}");
    deliver(&shop).await;
    let after = thanks().await.text().await.unwrap();
    assert!(
        after.contains("paid (payment.succeeded webhook received)"),
        "{after}"
    );

    let forged = shop
        .http
        .post(format!("{}/demo/webhooks", shop.base))
        .header("webhook-id", "evt_forged")
        .header("webhook-timestamp", shop.svc.now().to_string())
        .header("webhook-signature", "v1,bm90LWEtc2lnbmF0dXJl")
        .body(r#"{"type":"payment.succeeded","data":{"id":"pay_x"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_reconciliation_import_is_announced_with_its_mismatch_count() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(&shop, &url, json!(["reconciliation.completed"])).await;
    shop.payment_by("buyer-1", 10_000).await;
    let (_, mut files) = shop.sandbox_reports().await;
    let details = files
        .iter_mut()
        .find(|f| f.name.starts_with("transactionItems"))
        .unwrap();
    details.content = details.content.replace(",100.00,", ",90.00,");
    let r = shop
        .merchant_post(
            "/v1/reconciliation/imports",
            None,
            json!({ "files": files }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    deliver(&shop).await;
    let got = receiver.of_type("reconciliation.completed");
    assert_eq!(got.len(), 1);
    let data = &got[0].json()["data"];
    assert_eq!(data["mismatches"], 1);
    assert_eq!(data["clean"], false);
}

/// The second security review: whoever opens an unclaimed link first claims it,
/// so "link GCash for a reward" put a stranger's wallet on the sender's account.
/// The merchant may now say whose account the checkout is for, which the buyer
/// sees once it is theirs, and `wallet.linked` names the browser that claimed it.
#[tokio::test]
async fn a_forwarded_link_says_whose_account_it_is_and_wallet_linked_names_the_claiming_browser() {
    let shop = Shop::open(&[]).await;
    let (receiver, url) = Receiver::start(&[]).await;
    endpoint(&shop, &url, json!(["wallet.linked"])).await;
    let created: Value = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "k-account", "account_hint": "k***@mail.com",
                   "order": {"reference": "o-1", "description": "Kopi", "amount": 1000, "currency": "PHP"}, "region": "PH"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let opener = reqwest::Client::builder()
        .cookie_store(true)
        .user_agent("StrangersPhone/1.0")
        .default_headers(crate::common::app_headers())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let buyer = shop.claim_in(opener, &created).await;
    assert_eq!(
        buyer.summary().await.account_hint.as_deref(),
        Some("k***@mail.com")
    );
    buyer.link("GCASH").await;

    deliver(&shop).await;
    let linked = receiver.of_type("wallet.linked")[0].json().to_string();
    assert!(
        linked.contains(
            "\"linked_from\":{\"ip\":\"127.0.0.1\",\"user_agent\":\"StrangersPhone/1.0\"}"
        ),
        "{linked}"
    );

    // A hint that is not printable text is refused.
    let r = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "k-account", "account_hint": "k\u{7}***",
                   "order": {"reference": "o-2", "description": "Kopi", "amount": 1000, "currency": "PHP"}, "region": "PH"}),
        )
        .await;
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
}
