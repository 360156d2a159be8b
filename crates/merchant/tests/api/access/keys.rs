use super::{call, key};
use crate::common::{error_code, Shop};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_key_outside_its_scopes_gets_403_naming_the_missing_scope() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-scopes", 5_000).await;
    let (charges, _) = key(&shop, "billing", &["charges"]).await;
    let (reader, _) = key(&shop, "dashboard", &["read"]).await;

    // A charges key can neither read payments nor refund them.
    let r = call(&shop, &charges, Method::GET, "/v1/payments", None).await;
    let message = r.json::<Value>().await.unwrap()["message"].clone();
    assert!(message.as_str().unwrap().contains("`read`"), "{message}");
    let refund = format!("/v1/payments/{}/refunds", payment.id);
    let r = call(
        &shop,
        &charges,
        Method::POST,
        &refund,
        Some(json!({"amount": 100})),
    )
    .await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::FORBIDDEN, "SCOPE_MISSING".into())
    );

    // A read key reads, and may not refund, charge, register a webhook or make keys.
    let r = call(
        &shop,
        &reader,
        Method::GET,
        &format!("/v1/payments/{}", payment.id),
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    for (method, path, body, scope) in [
        (
            Method::POST,
            refund.as_str(),
            json!({"amount": 100}),
            "refunds",
        ),
        (Method::POST, "/v1/payments", json!({}), "charges"),
        (
            Method::POST,
            "/v1/webhook-endpoints",
            json!({"url": "http://127.0.0.1:9/"}),
            "webhooks",
        ),
        (
            Method::POST,
            "/v1/api-keys",
            json!({"name": "x", "scopes": ["read"]}),
            "admin",
        ),
        (Method::POST, "/v1/checkout-sessions", json!({}), "checkout"),
    ] {
        let r = call(&shop, &reader, method, path, Some(body)).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "SCOPE_MISSING");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains(&format!("`{scope}`")),
            "{body}"
        );
    }
    // Nothing was refunded by any of it.
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 0);
}

#[tokio::test]
async fn a_key_is_shown_once_kept_as_a_hash_and_named_in_the_audit_log() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-audit-key", 5_000).await;
    let (secret, id) = key(&shop, "support desk", &["refunds", "read"]).await;
    assert!(secret.starts_with(&format!("sk_sandbox_{id}_")), "{secret}");
    assert!(secret.len() > 60);

    let r = call(
        &shop,
        &secret,
        Method::POST,
        &format!("/v1/payments/{}/refunds", payment.id),
        Some(json!({"amount": 1_000})),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let listed: Vec<Value> = shop
        .merchant_get("/v1/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.iter().find(|k| k["id"] == id.as_str()).unwrap();
    assert_eq!(listed["scopes"], json!(["read", "refunds"]));
    assert_eq!(listed["active"], true);
    assert!(listed["last_used_at"].is_i64());
    assert!(listed.get("secret").is_none());

    let trail: Vec<Value> = shop
        .merchant_get(&format!("/v1/audit?subject={}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trail[0]["actor"], format!("key:support desk ({id})"));

    let dump: Vec<(String,)> = sqlx::query_as(
        "SELECT id || name || secret_sha256 || scopes FROM api_keys \
         UNION ALL SELECT COALESCE(after_json, '') || actor FROM audit_log",
    )
    .fetch_all(&shop.svc.db.pool)
    .await
    .unwrap();
    // The random part after `sk_sandbox_<id>_` (itself base64url, so it may hold `_`:
    // splitting on the last one could leave a fragment short enough to turn up by chance).
    let secret_part = secret.strip_prefix(&format!("sk_sandbox_{id}_")).unwrap();
    assert!(
        !format!("{dump:?}").contains(secret_part),
        "the secret is never stored"
    );
}

#[tokio::test]
async fn a_rolled_key_works_through_the_overlap_then_stops_and_a_revoked_key_stops_at_once() {
    let shop = Shop::open(&[]).await;
    let (old, id) = key(&shop, "billing", &["read"]).await;

    // The default overlap: 24 hours.
    let r = shop
        .merchant_post(&format!("/v1/api-keys/{id}/roll"), None, json!({}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let rolled: Value = r.json().await.unwrap();
    let new = rolled["secret"].as_str().unwrap().to_owned();
    assert_eq!(rolled["name"], "billing");
    assert_eq!(rolled["scopes"], json!(["read"]));
    for secret in [&old, &new] {
        let r = call(&shop, secret, Method::GET, "/v1/payments", None).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let listed: Vec<Value> = shop
        .merchant_get("/v1/api-keys")
        .await
        .json()
        .await
        .unwrap();
    let old_view = listed.iter().find(|k| k["id"] == id.as_str()).unwrap();
    let overlap = old_view["expires_at"].as_i64().unwrap() - shop.svc.now();
    assert!((86_300..=86_400).contains(&overlap), "{overlap}");

    // Rolled again with no overlap: the second key stops now, the third works.
    let second_id = rolled["id"].as_str().unwrap();
    let r = shop
        .merchant_post(
            &format!("/v1/api-keys/{second_id}/roll"),
            None,
            json!({"old_key_works_for_secs": 0}),
        )
        .await;
    let third: Value = r.json().await.unwrap();
    let r = call(&shop, &new, Method::GET, "/v1/payments", None).await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::UNAUTHORIZED, "UNAUTHORIZED".into())
    );
    let third_secret = third["secret"].as_str().unwrap();
    let r = call(&shop, third_secret, Method::GET, "/v1/payments", None).await;
    assert_eq!(r.status(), StatusCode::OK);

    // Revoked: refused at once; an expired key is refused too.
    let r = shop
        .http
        .delete(format!(
            "{}/v1/api-keys/{}",
            shop.base,
            third["id"].as_str().unwrap()
        ))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = call(&shop, third_secret, Method::GET, "/v1/payments", None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = shop
        .merchant_post(
            "/v1/api-keys",
            None,
            json!({"name": "soon", "scopes": ["read"], "expires_at": shop.svc.now() + 1}),
        )
        .await;
    let soon: Value = r.json().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    let r = call(
        &shop,
        soon["secret"].as_str().unwrap(),
        Method::GET,
        "/v1/payments",
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_key_cannot_grant_a_scope_it_lacks_and_a_forged_key_with_a_real_id_fails() {
    let shop = Shop::open(&[]).await;
    let (admin, id) = key(&shop, "key admin", &["admin"]).await;
    let r = call(
        &shop,
        &admin,
        Method::POST,
        "/v1/api-keys",
        Some(json!({"name": "escalate", "scopes": ["charges"]})),
    )
    .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "SCOPE_MISSING", "{body}");
    assert!(body["message"].as_str().unwrap().contains("`charges`"));
    let r = call(
        &shop,
        &admin,
        Method::POST,
        "/v1/api-keys",
        Some(json!({"name": "another admin", "scopes": ["admin"]})),
    )
    .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    // The id in the clear is not the key.
    let forged = format!("sk_sandbox_{id}_{}", "A".repeat(43));
    let r = call(&shop, &forged, Method::GET, "/v1/api-keys", None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = call(
        &shop,
        &admin.replace("sk_sandbox_", "sk_live_"),
        Method::GET,
        "/v1/api-keys",
        None,
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn guessing_keys_from_one_address_is_rate_limited_logged_and_counted() {
    let shop = Shop::open(&[("LIMIT_FAILED_CREDENTIALS_PER_MINUTE", "3")]).await;
    for _ in 0..3 {
        let r = call(&shop, "sk_sandbox_guess", Method::GET, "/v1/payments", None).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = call(&shop, "sk_sandbox_guess", Method::GET, "/v1/payments", None).await;
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(
        error_code(r).await,
        (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS".into())
    );
    let counted = shop
        .svc
        .throttles
        .refused_credentials
        .load(std::sync::atomic::Ordering::Relaxed);
    assert_eq!(counted, 4);
    // Until the wait is over nothing this address sends is read, the right key
    // included: a guess that happens to be right is refused like the rest.
    let r = shop.merchant_get("/v1/payments").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The attacker's read of #30: a key holding only `admin` rolled a `charges`
/// key (the roll copied its scopes and handed over the secret) or made an
/// admin operator for itself. Neither grants more than the caller holds now.
#[tokio::test]
async fn an_admin_key_cannot_roll_or_make_anyone_more_powerful_than_itself() {
    let shop = Shop::open(&[]).await;
    let (admin, _) = key(&shop, "key admin", &["admin"]).await;
    let (_, billing) = key(&shop, "billing", &["charges"]).await;
    let r = call(
        &shop,
        &admin,
        Method::POST,
        &format!("/v1/api-keys/{billing}/roll"),
        Some(json!({})),
    )
    .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "SCOPE_MISSING", "{body}");
    assert!(body["message"].as_str().unwrap().contains("`charges`"));
    for role in ["admin", "viewer"] {
        let r = call(
            &shop,
            &admin,
            Method::POST,
            "/v1/operators",
            Some(json!({"email": format!("{role}@shop.example"), "role": role, "password": "long enough password"})),
        )
        .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::FORBIDDEN, "SCOPE_MISSING".into()),
            "{role}"
        );
    }
    let operators: Vec<Value> = shop
        .merchant_get("/v1/operators")
        .await
        .json()
        .await
        .unwrap();
    assert!(operators.is_empty());
    // Revoking stays allowed (it grants nothing), and revoking twice answers the same.
    for _ in 0..2 {
        let r = call(
            &shop,
            &admin,
            Method::DELETE,
            &format!("/v1/api-keys/{billing}"),
            None,
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
}

/// A source is the proxy's word only: entries a client put before it are not
/// new sources, and the addresses of one IPv6 /64 are one source.
#[tokio::test]
async fn forged_forwarded_entries_and_ipv6_neighbours_count_as_one_source() {
    let shop = Shop::open(&[
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("LIMIT_FAILED_CREDENTIALS_PER_MINUTE", "2"),
    ])
    .await;
    let guess = |forwarded: String| {
        shop.http
            .get(format!("{}/v1/payments", shop.base))
            .bearer_auth("sk_sandbox_guess")
            .header("x-forwarded-for", forwarded)
            .send()
    };
    for n in 0..2 {
        let r = guess(format!("10.0.0.{n}, 203.0.113.7")).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = guess("10.9.9.9, 203.0.113.7".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another address behind the proxy is another source.
    let r = guess("198.51.100.1".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    for n in 1..=2 {
        let r = guess(format!("2001:db8:1:2::{n}")).await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let r = guess("2001:db8:1:2:ffff::9".into()).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
}
