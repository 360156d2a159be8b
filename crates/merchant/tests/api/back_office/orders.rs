//! Opening checkouts: what a bad order is told, and a link that works once.

use super::*;

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
