//! Customs declarations through the merchant API: Alipay CN payments only, in CNY up to
//! what Antom says customs may be told, "submitted" until customs answers.

use crate::common::{error_code, Shop};
use contract::back_office::DeclarationState;
use merchant::domain::declaring::{DeclarationStatus, DeclarationView};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn declaration(amount: Option<i64>) -> Value {
    json!({"amount": amount, "customs_code": "ZONGSHU", "customs_region": "CN",
           "merchant_customs_code": "1234567890", "merchant_customs_name": "Kopi Shop Ltd"})
}

/// Lets the sandbox's customs answer (its processing delay is 300 ms in these tests).
async fn customs_answers() {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
}

#[tokio::test]
async fn an_alipay_cn_payment_is_declared_in_cny_once_per_key_and_submitted_until_customs_answers()
{
    let shop = Shop::open(&[]).await;
    // USD 100.00; the sandbox's customsDeclarationAmount is CNY 710.00.
    let payment = shop.alipay_cn_payment("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let first = shop
        .merchant_post(&path, Some("d1"), declaration(None))
        .await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: DeclarationView = first.json().await.unwrap();
    assert_eq!(
        (first.state, first.amount, first.currency.as_str()),
        (DeclarationState::Submitted, 71_000, "CNY"),
        "all of the customs declaration amount, in CNY; accepted, not yet declared"
    );
    assert_eq!(first.clearing_channel.as_deref(), Some("NUCC"));
    assert!(first.customs_payment_id.is_some() && first.customs_order_id.is_some());
    assert_eq!(first.customs_result_code, None);
    let detail: contract::back_office::PaymentDetail = shop
        .merchant_get(&format!("/v1/payments/{}/detail", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail
            .customs_declarable
            .map(|m| (m.minor, m.currency.as_str().to_owned())),
        Some((71_000, "CNY".to_owned())),
        "the console offers to declare what customs may be told"
    );
    let again: DeclarationView = shop
        .merchant_post(&path, Some("d1"), declaration(None))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, first, "the same key is the same declaration");
    let changed = shop
        .merchant_post(&path, Some("d1"), declaration(Some(9_000)))
        .await;
    assert_eq!(error_code(changed).await.1, "IDEMPOTENCY_KEY_REUSED");

    customs_answers().await;
    let status: Vec<DeclarationStatus> = shop
        .merchant_post(&format!("{path}/inquiry"), None, json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        status,
        vec![DeclarationStatus {
            id: first.id.clone(),
            found: true,
            antom_status: Some("SUCCESS".into())
        }]
    );
    let list: Vec<DeclarationView> = shop.merchant_get(&path).await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].state, DeclarationState::Succeeded);
    assert_eq!(list[0].customs_result_code.as_deref(), Some("2"));
    assert!(list[0].customs_returned_at.is_some());
}

#[tokio::test]
async fn the_worker_learns_customs_answer_without_anyone_asking() {
    let shop = Shop::open(&[]).await;
    let payment = shop.alipay_cn_payment("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let declared: DeclarationView = shop
        .merchant_post(&path, Some("d1"), declaration(Some(50_000)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(declared.state, DeclarationState::Submitted);
    customs_answers().await;
    // Asked about at most once a minute: make it a minute old.
    sqlx::query("UPDATE declarations SET updated_at = updated_at - 120")
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    shop.work().await;
    let list: Vec<DeclarationView> = shop.merchant_get(&path).await.json().await.unwrap();
    assert_eq!(
        (list[0].state, list[0].amount),
        (DeclarationState::Succeeded, 50_000)
    );
}

#[tokio::test]
async fn bad_declarations_are_refused_with_a_reason() {
    let shop = Shop::open(&[]).await;
    let payment = shop.alipay_cn_payment("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let mut split = declaration(Some(5_000));
    split["split_order"] = json!(true);
    let mut region = declaration(Some(5_000));
    region["customs_region"] = json!("China");
    for (i, body) in [
        declaration(Some(71_001)),
        declaration(Some(0)),
        split,
        region,
    ]
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
    let no_key = shop.merchant_post(&path, None, declaration(None)).await;
    assert_eq!(error_code(no_key).await.1, "IDEMPOTENCY_KEY_REQUIRED");

    // Another wallet's payment, paid or not, is not declared (and nothing reaches Antom).
    let gcash = shop.payment_by("buyer-2", 10_000).await;
    let failed = shop.payment_by("buyer-3", 10_001).await;
    for p in [gcash, failed] {
        let r = shop
            .merchant_post(
                &format!("/v1/payments/{}/declarations", p.id),
                Some("d"),
                declaration(Some(100)),
            )
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::CONFLICT, "PAYMENT_NOT_DECLARABLE".into())
        );
    }
    let rows: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM declarations")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(rows.0, 0);
}

#[tokio::test]
async fn an_identity_check_passes_and_the_document_is_never_stored() {
    let shop = Shop::open(&[]).await;
    let payment = shop.alipay_cn_payment("buyer-1", 10_000).await;
    let mut body = declaration(None);
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

/// A `declarationRequestStatus` no document lists: read as waiting, said loudly, and
/// after half an hour of the worker's checks nobody asks any more; the declaration
/// says so, with the value Antom sent. A known final status is taken at once.
#[tokio::test]
async fn a_status_no_document_lists_is_asked_about_for_a_while_then_shown_as_unrecognized() {
    let shop = Shop::open(&[]).await;
    let payment = shop.alipay_cn_payment("buyer-1", 10_000).await;
    let path = format!("/v1/payments/{}/declarations", payment.id);
    let mut odd = declaration(Some(50_000));
    odd["customs_code"] = json!("SANDBOX_STATUS_REJECTED");
    let declared: DeclarationView = shop
        .merchant_post(&path, Some("d1"), odd)
        .await
        .json()
        .await
        .unwrap();
    let mut failing = declaration(Some(10_000));
    failing["customs_code"] = json!("SANDBOX_STATUS_FAIL");
    let failed: DeclarationView = shop
        .merchant_post(&path, Some("d2"), failing)
        .await
        .json()
        .await
        .unwrap();
    customs_answers().await;
    // The merchant asking often does not hasten it: only the worker's checks count.
    for _ in 0..31 {
        let r = shop
            .merchant_post(&format!("{path}/inquiry"), None, json!({}))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(
        of(&shop, &path, &declared.id).await.state,
        DeclarationState::Submitted
    );
    for _ in 0..29 {
        shop.advance_clock("PT61S").await;
    }
    assert_eq!(
        of(&shop, &path, &failed.id).await.state,
        DeclarationState::Failed
    );
    let waiting = of(&shop, &path, &declared.id).await;
    assert_eq!(
        waiting.state,
        DeclarationState::Submitted,
        "29 odd answers: still waiting"
    );
    shop.advance_clock("PT61S").await;
    let stopped = of(&shop, &path, &declared.id).await;
    assert_eq!(stopped.state, DeclarationState::Unrecognized);
    assert_eq!(stopped.antom_status.as_deref(), Some("REJECTED"));
    assert_eq!(stopped.failure_code, None, "not called a failure");
    let (checks,): (i64,) = sqlx::query_as("SELECT unknown_checks FROM declarations WHERE id = $1")
        .bind(&declared.id)
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    shop.advance_clock("PT10M").await;
    let (after,): (i64,) = sqlx::query_as("SELECT unknown_checks FROM declarations WHERE id = $1")
        .bind(&declared.id)
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!((checks, after), (30, 30), "nobody asks any more");
}

async fn of(shop: &Shop, path: &str, id: &str) -> DeclarationView {
    let list: Vec<DeclarationView> = shop.merchant_get(path).await.json().await.unwrap();
    list.into_iter().find(|d| d.id == id).unwrap()
}
