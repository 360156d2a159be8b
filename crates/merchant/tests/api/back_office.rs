//! The merchant's API: checkout sessions, payments, cancel, refunds.

use crate::common::{error_code, Shop};
use contract::api::{PaymentState, PaymentView};
use contract::back_office::RefundState;
use merchant::domain::refunding::RefundView;
use reqwest::StatusCode;
use serde_json::json;

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
    let shop = Shop::open(&[]).await;
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
    let (endpoints, charges): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM webhook_endpoints), (SELECT COUNT(*) FROM payment_attempts)",
    )
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(
        (endpoints, charges),
        (0, 1),
        "nothing created, nothing charged"
    );
    assert_eq!(shop.payment_view(&paid.id).await.id, paid.id);
    assert_eq!(
        buyer.summary().await.wallets[0].link,
        contract::api::LinkState::Linked
    );
}

#[tokio::test]
async fn bad_orders_get_a_typed_error() {
    let shop = Shop::open(&[]).await;
    let order = |amount: i64, currency: &str| json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": amount, "currency": currency}});
    for body in [
        order(0, "PHP"),
        order(100, "PESO"),
        order(100, "php"),
        json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}, "region": "US"}),
        json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP", "items": [{"name": "x", "quantity": 1, "unit_amount": 99}]}}),
        json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}, "return_url": "javascript:alert(1)"}),
    ] {
        let r = shop
            .merchant_post("/v1/checkout-sessions", None, body.clone())
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_checkout_link_works_once() {
    let shop = Shop::open(&[]).await;
    let created: serde_json::Value = shop
        .merchant_post("/v1/checkout-sessions", None, json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}}))
        .await
        .json()
        .await
        .unwrap();
    let (_, token) = created["url"].as_str().unwrap().split_once("#t=").unwrap();
    let claim = |t: String| {
        let url = format!(
            "{}/api/checkout-sessions/{}/claim",
            shop.base,
            created["id"].as_str().unwrap()
        );
        let http = shop.http.clone();
        async move {
            http.post(url)
                .headers(crate::common::app_headers())
                .json(&json!({"token": t}))
                .send()
                .await
                .unwrap()
        }
    };
    let first = claim(token.to_owned()).await;
    assert_eq!(first.status(), StatusCode::OK);
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert_eq!(
        claim(token.to_owned()).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(claim("guess".into()).await.status(), StatusCode::FORBIDDEN);
}

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
async fn the_openapi_document_states_the_limits_the_service_checks() {
    let shop = Shop::open(&[]).await;
    let spec: serde_json::Value = shop
        .http
        .get(format!("{}/openapi.json", shop.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let schemas = &spec["components"]["schemas"];
    let session = &schemas["NewCheckoutSession"]["properties"];
    assert_eq!(session["buyer_reference"]["maxLength"], 64);
    assert_eq!(session["expires_in_seconds"]["minimum"], 60);
    let order = &schemas["NewOrder"]["properties"];
    assert_eq!(order["amount"]["minimum"], 1);
    let currencies = order["currency"]["enum"].as_array().unwrap();
    assert!(currencies.contains(&json!("PHP")) && currencies.contains(&json!("KRW")));
    assert!(!currencies.contains(&json!("AAA")));
    assert!(session["region"]["enum"]
        .as_array()
        .unwrap()
        .contains(&json!("PH")));
    assert_eq!(session["metadata"]["maxProperties"], 20);
    assert!(schemas["NewCharge"]["properties"]["wallet"]["enum"]
        .as_array()
        .unwrap()
        .contains(&json!("GCASH")));
    let charge = &spec["paths"]["/v1/payments"]["post"]["parameters"][0];
    assert_eq!(charge["name"], "Idempotency-Key");
    assert_eq!(charge["in"], "header");
    assert_eq!(charge["schema"]["pattern"], "^[A-Za-z0-9_-]{1,64}$");
    // Events say which object `data` is, and every reference points at a schema that exists.
    let event = &schemas["Event"]["properties"];
    assert_eq!(event["type"]["enum"].as_array().unwrap().len(), 12);
    assert_eq!(event["data"]["oneOf"].as_array().unwrap().len(), 6);
    let mut refs = Vec::new();
    collect_refs(&spec, &mut refs);
    assert!(refs.len() > 20);
    for r in refs {
        let name = r.trim_start_matches("#/components/schemas/");
        assert!(schemas.get(name).is_some(), "{r} points at nothing");
    }
    let audit = &spec["paths"]["/v1/audit"]["get"]["parameters"][0];
    assert_eq!(
        (&audit["name"], &audit["in"]),
        (&json!("subject"), &json!("query"))
    );
    // A query the service cannot read is a typed error too, not axum's plain text; and a
    // NUL character, which no id or text holds (PostgreSQL cannot store one), is refused
    // wherever it comes: path, query or JSON.
    let nul = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "a\u{0}b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}}),
        )
        .await;
    assert_eq!(
        error_code(nul).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into())
    );
    for path in [
        "/v1/audit",
        "/v1/events?limit=abc",
        "/v1/payments?min_amount=lots",
        "/v1/audit?subject=pay%00",
        "/v1/payments/pay_%00",
    ] {
        assert_eq!(
            error_code(shop.merchant_get(path).await).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{path}"
        );
    }
    assert_eq!(order["description"]["maxLength"], 256);
    assert_eq!(
        schemas["NewRefund"]["properties"]["reason"]["maxLength"],
        256
    );
    assert_eq!(
        schemas["NewDeclaration"]["properties"]["customs_region"]["pattern"],
        "^[A-Z]{2}$"
    );
    assert_eq!(schemas["NewImport"]["properties"]["files"]["minItems"], 1);
    // And the service takes what the document allows: 256 characters of Chinese are 768 bytes.
    let r = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "b", "order": {"reference": "o", "description": "咖".repeat(256), "amount": 100, "currency": "PHP"}}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // A refund reason longer than Antom's refundReason takes is refused before anything is sent.
    let paid = shop.payment_by("buyer-1", 10_000).await;
    let long = shop
        .merchant_post(
            &format!("/v1/payments/{}/refunds", paid.id),
            Some("r1"),
            json!({"amount": 100, "reason": "x".repeat(257)}),
        )
        .await;
    assert_eq!(error_code(long).await.1, "VALIDATION");
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let shop = Shop::open(&[]).await;
    let spec: serde_json::Value = shop
        .http
        .get(format!("{}/openapi.json", shop.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let paths: Vec<&str> = spec["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for expected in [
        "/api/checkout-sessions/{id}",
        "/api/checkout-sessions/{id}/claim",
        "/api/checkout-sessions/{id}/authorizations",
        "/api/checkout-sessions/{id}/authorizations/complete",
        "/api/checkout-sessions/{id}/wallets",
        "/api/checkout-sessions/{id}/wallets/{wallet}",
        "/api/checkout-sessions/{id}/payments",
        "/api/checkout-sessions/{id}/payments/{payment_id}",
        "/v1/checkout-sessions",
        "/v1/payments/{id}",
        "/v1/payments/{id}/cancel",
        "/v1/payments/{id}/refunds",
        "/v1/refunds/{id}",
        "/v1/payments/{id}/declarations",
        "/v1/payments/{id}/declarations/inquiry",
        "/v1/payments",
        "/v1/payments/{id}/detail",
        "/v1/reconciliation/imports",
        "/v1/reconciliation/imports/latest",
        "/v1/audit",
        "/notify/payment",
        "/notify/refund",
        "/notify/authorization",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }
    assert!(spec["components"]["schemas"]["PaymentView"].is_object());
    assert!(spec["components"]["securitySchemes"]["merchant_api_key"].is_object());
}

#[tokio::test]
async fn brand_colours_must_stay_readable_and_regions_must_exist() {
    let shop = Shop::open(&[]).await;
    let with = |extra: serde_json::Value| {
        let mut body = json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let ok = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            with(json!({"brand_color": "#7A3E00", "regions": ["PH", "MY"]})),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
    for bad in [
        json!({"brand_color": "#ffd400"}), // yellow on white: about 1.4:1
        json!({"brand_color": "red"}),
        json!({"regions": ["PH", "US"]}),
        json!({"region": "KR", "regions": ["PH", "MY"]}),
    ] {
        let r = shop
            .merchant_post("/v1/checkout-sessions", None, with(bad.clone()))
            .await;
        assert_eq!(error_code(r).await.1, "VALIDATION", "{bad}");
    }
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
    assert!(trail
        .iter()
        .all(|e| e.actor.starts_with("key:") && e.actor.len() == 16));
    assert_eq!(trail[0].before, Some(json!({"refunded_minor": 0})));
    assert_eq!(trail[0].after.as_ref().unwrap()["state"], "succeeded");
    assert_eq!(trail[1].before, Some(json!({"refunded_minor": 4_000})));
    assert!(trail[1].after.as_ref().unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("at most 6000"));
    assert!(trail[2].after.as_ref().unwrap()["error"].is_string());

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
    let now = merchant::store::now();
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
    let now = merchant::store::now();
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
    let now = merchant::store::now();
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

/// Every `$ref` in an OpenAPI document.
fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => out.push(r.to_owned()),
                    _ => collect_refs(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}
