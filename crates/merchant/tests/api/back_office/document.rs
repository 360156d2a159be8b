//! `/openapi.json` states the limits the service checks; it and `/openapi/internal.json`
//! list every route.

use super::*;

#[tokio::test]
async fn the_openapi_document_states_the_limits_the_service_checks() {
    let shop = Shop::open(&[]).await;
    let spec = shop.public_json("/openapi.json").await;
    let schemas = &spec["components"]["schemas"];
    let session = &schemas["NewCheckoutSession"]["properties"];
    assert_eq!(session["buyer_reference"]["maxLength"], 64);
    assert_eq!(session["expires_in_seconds"]["minimum"], 60);
    let order = &schemas["NewOrder"]["properties"];
    assert_eq!(order["amount"]["minimum"], 1);
    let currencies = order["currency"]["enum"].as_array().unwrap();
    assert!(currencies.contains(&json!("PHP")) && currencies.contains(&json!("KRW")));
    assert!(!currencies.contains(&json!("AAA")));
    // Optional: a region of the list, or null (left out).
    let region = session["region"]["oneOf"].as_array().unwrap();
    assert_eq!(region[0]["type"], "null");
    assert!(region[1]["enum"].as_array().unwrap().contains(&json!("PH")));
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
    assert_eq!(event["type"]["enum"].as_array().unwrap().len(), 16);
    let data = event["data"]["oneOf"].as_array().unwrap();
    assert_eq!(data.len(), 8);
    assert_eq!(data[7]["type"], "null", "null before dispatch");
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
async fn the_openapi_documents_list_every_route() {
    let shop = Shop::open(&[]).await;
    let mut paths = Vec::new();
    for document in ["/openapi.json", "/openapi/internal.json"] {
        let spec = shop.public_json(document).await;
        paths.extend(spec["paths"].as_object().unwrap().keys().cloned());
        if document == "/openapi.json" {
            assert!(spec["components"]["schemas"]["PaymentView"].is_object());
            assert!(spec["components"]["securitySchemes"]["merchant_api_key"].is_object());
        }
    }
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
        "/v1/service-health",
        "/notify/payment",
        "/notify/refund",
        "/notify/authorization",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} missing from {paths:?}"
        );
    }
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

/// Parameters are checked exactly as the document states them: a page size out of its
/// range, or an empty date, is refused, not clamped or ignored.
#[tokio::test]
async fn a_parameter_outside_what_the_document_states_is_refused() {
    let shop = Shop::open(&[]).await;
    for query in [
        "/v1/events?limit=789686705",
        "/v1/events?limit=0",
        "/v1/payments?to=",
        "/v1/payments?from=%20",
        "/v1/payments?limit=101",
    ] {
        let r = shop.merchant_get(query).await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".to_owned()),
            "{query}"
        );
    }
    for query in ["/v1/events?limit=100", "/v1/payments?to=2026-12-07&state="] {
        let r = shop.merchant_get(query).await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
    }
    // A nested object written as an array of its fields (serde's derive would read it).
    let order = json!({"reference": "r-1", "description": "Tea", "amount": 100, "currency": "PHP"});
    for (path, body) in [
        (
            "/v1/checkout-sessions",
            json!({"buyer_reference": "b", "region": "PH", "order": ["r-1", "Tea", 100, "PHP"]}),
        ),
        (
            "/v1/checkout-sessions",
            json!({"buyer_reference": "b", "region": "PH", "order": {"reference": "r-1", "description": "Tea", "amount": 100, "currency": "PHP", "items": [["Tea", 1, 100]]}}),
        ),
        (
            "/v1/checkout-sessions",
            json!({"buyer_reference": "b", "region": "PH", "order": order, "mandate": ["Tea", 100]}),
        ),
        (
            "/v1/payments",
            json!({"buyer_reference": "b", "wallet": "GCASH", "order": ["r-1", "Tea", 100, "PHP"]}),
        ),
    ] {
        let r = shop
            .merchant_post(path, Some("nested-1"), body.clone())
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".to_owned()),
            "{path} {body}"
        );
    }
}
