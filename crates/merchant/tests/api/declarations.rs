//! Customs declarations through the merchant API.

use crate::common::{error_code, Shop};
use merchant::declaring::{DeclarationStatus, DeclarationView};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn declaration(amount: i64) -> Value {
    json!({"amount": amount, "customs_code": "ZONGSHU", "customs_region": "CN",
           "merchant_customs_code": "1234567890", "merchant_customs_name": "Kopi Shop Ltd"})
}

#[tokio::test]
async fn a_paid_order_is_declared_once_per_key() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let first = shop
        .merchant_post(&path, Some("d1"), declaration(10_000))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: DeclarationView = first.json().await.unwrap();
    assert_eq!(
        (first.state, first.amount),
        (contract::back_office::DeclarationState::Succeeded, 10_000)
    );
    let again: DeclarationView = shop
        .merchant_post(&path, Some("d1"), declaration(10_000))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, first, "the same key is the same declaration");
    let changed = shop
        .merchant_post(&path, Some("d1"), declaration(9_000))
        .await;
    assert_eq!(error_code(changed).await.1, "IDEMPOTENCY_KEY_REUSED");
    let list: Vec<DeclarationView> = shop.merchant_get(&path).await.json().await.unwrap();
    assert_eq!(list, vec![first.clone()]);
    let status: Vec<DeclarationStatus> = shop
        .merchant_post(&format!("{path}/inquiry"), None, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        status,
        vec![DeclarationStatus {
            id: first.id,
            found: true,
            antom_status: Some("SUCCESS".into())
        }]
    );
}

#[tokio::test]
async fn bad_declarations_are_refused_with_a_reason() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let mut split = declaration(5_000);
    split["split_order"] = json!(true);
    let mut region = declaration(5_000);
    region["customs_region"] = json!("China");
    for (i, body) in [declaration(10_001), declaration(0), split, region]
        .into_iter()
        .enumerate()
    {
        let r = shop
            .merchant_post(&path, Some(&format!("bad-{i}")), body.clone())
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{body}"
        );
    }
    let no_key = shop.merchant_post(&path, None, declaration(100)).await;
    assert_eq!(error_code(no_key).await.1, "IDEMPOTENCY_KEY_REQUIRED");

    let failed = {
        let buyer = shop.checkout("buyer-2", 10_001).await;
        buyer.link("GCASH").await;
        buyer.paid("k1").await
    };
    let r = shop
        .merchant_post(
            &format!("/v1/payments/{}/declarations", failed.id),
            Some("d"),
            declaration(100),
        )
        .await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::CONFLICT, "PAYMENT_NOT_DECLARABLE".into())
    );
}

#[tokio::test]
async fn an_identity_check_passes_and_the_document_is_never_stored() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-1", 10_000).await;
    let mut body = declaration(10_000);
    body["buyer_certificate"] = json!({"certificate_type": "ID_CARD", "certificate_no": "110101199001011234", "holder_name": "张三"});
    let declared: DeclarationView = shop
        .merchant_post(
            &format!("/v1/payments/{}/declarations", payment.id),
            Some("d1"),
            body,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        declared.identity_check_result.as_deref(),
        Some("CHECK_PASSED")
    );
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, request_fingerprint FROM declarations")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    let dump = format!("{rows:?}");
    assert!(
        !dump.contains("110101199001011234") && !dump.contains("张三"),
        "{dump}"
    );
}
