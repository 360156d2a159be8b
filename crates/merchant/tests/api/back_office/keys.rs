//! Who may call the merchant API, and what every action leaves in the audit log.

use super::*;

#[tokio::test]
async fn the_merchant_api_wants_its_key() {
    let shop = Shop::open(&[]).await;
    let body = json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}});
    let none = shop
        .http
        .post(format!("{}/v1/checkout-sessions", shop.base))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(none).await,
        (StatusCode::UNAUTHORIZED, "UNAUTHORIZED".into())
    );
    let wrong = shop
        .http
        .post(format!("{}/v1/checkout-sessions", shop.base))
        .bearer_auth("sk_sandbox_guess")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_merchant_integration_routes_want_the_key_and_a_refused_call_changes_nothing() {
    // Every route is tried with a guessed key: room for all of them before the per-source limit.
    let shop = Shop::open(&[("LIMIT_FAILED_CREDENTIALS_PER_MINUTE", "1000")]).await;
    // A buyer with a linked wallet and a paid checkout: what a stranger would go after.
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    let cs = buyer.session_id.clone();
    let charge = json!({"buyer_reference": "buyer-1", "wallet": "GCASH",
        "order": {"reference": "x", "description": "x", "amount": 100, "currency": "PHP"}});
    let routes: Vec<(reqwest::Method, String, serde_json::Value)> = vec![
        (
            reqwest::Method::POST,
            "/v1/webhook-endpoints".into(),
            json!({"url": "http://127.0.0.1:9/h", "event_types": ["*"]}),
        ),
        (
            reqwest::Method::GET,
            "/v1/webhook-endpoints".into(),
            json!(null),
        ),
        (
            reqwest::Method::DELETE,
            "/v1/webhook-endpoints/we_x".into(),
            json!(null),
        ),
        (
            reqwest::Method::POST,
            "/v1/webhook-endpoints/we_x/rotate-secret".into(),
            json!({}),
        ),
        (reqwest::Method::GET, "/v1/events".into(), json!(null)),
        (reqwest::Method::GET, "/v1/events/evt_x".into(), json!(null)),
        (
            reqwest::Method::POST,
            "/v1/events/evt_x/redeliver".into(),
            json!({}),
        ),
        (reqwest::Method::POST, "/v1/payments".into(), charge),
        (
            reqwest::Method::POST,
            "/v1/api-keys".into(),
            json!({"name": "mine", "scopes": ["charges"]}),
        ),
        (reqwest::Method::GET, "/v1/api-keys".into(), json!(null)),
        (
            reqwest::Method::POST,
            "/v1/operators".into(),
            json!({"email": "me@x.example", "role": "admin", "password": "long enough password"}),
        ),
        (
            reqwest::Method::GET,
            "/v1/buyers/buyer-1/wallets".into(),
            json!(null),
        ),
        (
            reqwest::Method::DELETE,
            "/v1/buyers/buyer-1/wallets/GCASH".into(),
            json!(null),
        ),
        (
            reqwest::Method::GET,
            format!("/v1/checkout-sessions/{cs}"),
            json!(null),
        ),
        (
            reqwest::Method::POST,
            format!("/v1/checkout-sessions/{cs}/expire"),
            json!({}),
        ),
    ];
    for (method, path, body) in routes {
        for key in [None, Some("sk_sandbox_guess")] {
            // The buyer's own browser (its cookie) is no key either.
            let mut req = buyer
                .http
                .request(method.clone(), format!("{}{path}", shop.base))
                .header("idempotency-key", "stranger");
            if !body.is_null() {
                req = req.json(&body);
            }
            if let Some(k) = key {
                req = req.bearer_auth(k);
            }
            let r = req.send().await.unwrap();
            assert_eq!(
                r.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {key:?}"
            );
        }
    }
    let (endpoints, charges, keys, operators): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM webhook_endpoints), (SELECT COUNT(*) FROM payment_attempts), \
         (SELECT COUNT(*) FROM api_keys), (SELECT COUNT(*) FROM operators)",
    )
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (endpoints, charges, keys, operators),
        (0, 1, 0, 0),
        "nothing created, nothing charged"
    );
    assert_eq!(shop.payment_view(&paid.id).await.id, paid.id);
    assert_eq!(
        buyer.summary().await.wallets[0].link,
        contract::api::LinkState::Linked
    );
}

#[tokio::test]
async fn every_back_office_action_is_audited_without_secrets() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let refunds = format!("/v1/payments/{}/refunds", payment.id);
    shop.merchant_post(&refunds, Some("r1"), json!({"amount": 4_000}))
        .await;
    shop.merchant_post(&refunds, Some("r2"), json!({"amount": 7_000}))
        .await; // refused: over
    shop.merchant_post(
        &format!("/v1/payments/{}/cancel", payment.id),
        None,
        json!({}),
    )
    .await; // refused: refunded
    let trail: Vec<merchant::store::audit::AuditEntry> = shop
        .merchant_get(&format!("/v1/audit?subject={}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["payment.refund", "payment.refund", "payment.cancel"]
    );
    // The bootstrap key by name; a named key or an operator would be named instead.
    assert!(trail.iter().all(|e| e.actor == "key:MERCHANT_API_KEY"));
    assert_eq!(trail[0].before, Some(json!({"refunded_minor": 0})));
    assert_eq!(trail[0].after.as_ref().unwrap()["state"], "succeeded");
    assert_eq!(trail[1].before, Some(json!({"refunded_minor": 4_000})));
    // A code, never the error's text (a storage failure's would be the database's words).
    assert_eq!(
        trail[1].after.as_ref().unwrap()["error"],
        "REFUND_EXCEEDS_PAYMENT"
    );
    assert_eq!(
        trail[2].after.as_ref().unwrap()["error"],
        "CANCEL_NOT_ALLOWED"
    );

    let everything: Vec<(String,)> =
        sqlx::query_as("SELECT COALESCE(after_json, '') || actor FROM audit_log")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    let dump = format!("{everything:?}");
    assert!(
        !dump.contains(&shop.api_key),
        "the API key is never written"
    );
    assert!(
        !dump.contains("#t="),
        "nor a checkout link's one-time token"
    );
    assert!(
        dump.contains("checkout_session") || dump.contains("expires_at"),
        "session creation is audited too"
    );
}
