//! What the operator console reads: the payment list with filters and
//! paging, and a payment's history.

use crate::common::{error_code, Shop};
use contract::api::PaymentState;
use contract::back_office::{PaymentDetail, PaymentPage};
use merchant::domain::refunding::RefundView;
use reqwest::StatusCode;
use serde_json::json;

async fn page(shop: &Shop, query: &str) -> PaymentPage {
    let r = shop.merchant_get(&format!("/v1/payments?{query}")).await;
    assert_eq!(r.status(), StatusCode::OK, "{query}");
    r.json().await.unwrap()
}

#[tokio::test]
async fn payments_are_listed_newest_first_filtered_and_paged() {
    let shop = Shop::open(&[]).await;
    let small = shop.payment_by("b1", 5_000).await;
    // Amounts ending in 01: the sandbox's wallet balance runs short.
    let failed = shop.payment_by("b2", 7_001).await;
    let large = shop.payment_by("b3", 90_000).await;
    assert_eq!(failed.state, PaymentState::Failed);

    let all = page(&shop, "").await;
    assert_eq!(all.total, 3);
    let ids: Vec<&str> = all.payments.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [large.id.as_str(), failed.id.as_str(), small.id.as_str()]
    );

    let only_failed = page(&shop, "state=failed").await;
    assert_eq!(only_failed.total, 1);
    assert_eq!(only_failed.payments[0].id, failed.id);
    assert_eq!(
        page(&shop, "state=succeeded&min_amount=10000")
            .await
            .payments[0]
            .id,
        large.id
    );
    assert_eq!(page(&shop, "max_amount=5000").await.total, 1);
    assert_eq!(page(&shop, "wallet=GCASH").await.total, 3);
    assert_eq!(page(&shop, "wallet=DANA").await.total, 0);
    assert_eq!(page(&shop, "currency=PHP").await.total, 3);
    assert_eq!(page(&shop, "currency=KRW").await.total, 0);
    let today = time::OffsetDateTime::now_utc().date();
    let tomorrow = today.next_day().unwrap();
    assert_eq!(
        page(&shop, &format!("from={today}&to={today}")).await.total,
        3
    );
    assert_eq!(page(&shop, &format!("from={tomorrow}")).await.total, 0);

    let first = page(&shop, "limit=2").await;
    assert_eq!(first.payments.len(), 2);
    let cursor = first.next.expect("a second page");
    let second = page(&shop, &format!("limit=2&before={cursor}")).await;
    assert_eq!(second.payments.len(), 1);
    assert_eq!(second.payments[0].id, small.id);
    assert_eq!(second.next, None);

    for bad in [
        "state=paid",
        "from=22-11-2026",
        "limit=0",
        "min_amount=5&max_amount=1",
        "before=nonsense",
        // Only an empty value means "any": whitespace is a value, and not one of them
        // (schemathesis found a tab taken as "any").
        "state=%09",
        "state=succeeded%20",
        "from=%202026-11-22",
        "before=%09",
        "before=1.pay%20x",
        "before=1234567890123456789.pay_x",
    ] {
        let r = shop.merchant_get(&format!("/v1/payments?{bad}")).await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into()),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn a_payment_detail_tells_its_whole_story() {
    let shop = Shop::open(&[]).await;
    // Alipay (China), so it can be declared to customs too.
    let paid = shop.alipay_cn_payment("b1", 10_000).await;
    let refund = shop
        .merchant_post(
            &format!("/v1/payments/{}/refunds", paid.id),
            Some("r1"),
            json!({"amount": 2_500}),
        )
        .await;
    assert_eq!(refund.status(), StatusCode::CREATED);
    let declared = shop
        .merchant_post(
            &format!("/v1/payments/{}/declarations", paid.id),
            Some("d1"),
            json!({"amount": 5_000, "customs_code": "ZONGSHU", "customs_region": "CN",
                   "merchant_customs_code": "1234567890", "merchant_customs_name": "Kopi Shop Ltd"}),
        )
        .await;
    assert_eq!(declared.status(), StatusCode::CREATED);

    let detail: PaymentDetail = shop
        .merchant_get(&format!("/v1/payments/{}/detail", paid.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail.payment.id, paid.id);
    assert_eq!(detail.refundable_minor, 7_500);
    assert!(
        !detail.cancellable,
        "a refunded payment cannot be cancelled"
    );
    assert!(detail.antom_payment_id.is_some());
    let story: Vec<(String, String)> = detail
        .timeline
        .iter()
        .map(|e| (e.kind.clone(), e.what.clone()))
        .collect();
    for expected in [
        ("authorization", "started"),
        ("authorization", "linked"),
        ("attempt", "recorded"),
        ("attempt", "succeeded"),
        ("refund", "requested"),
        ("refund", "succeeded"),
        ("declaration", "requested"),
        ("audit", "payment.refund"),
        ("audit", "payment.declare"),
    ] {
        assert!(
            story.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} missing from {story:?}"
        );
    }
    let times: Vec<i64> = detail.timeline.iter().map(|e| e.at).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "oldest first");

    let refunds: Vec<RefundView> = shop
        .merchant_get(&format!("/v1/payments/{}/refunds", paid.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount, 2_500);
    let missing = shop.merchant_get("/v1/payments/pay_nope/detail").await;
    assert_eq!(error_code(missing).await.0, StatusCode::NOT_FOUND);
}
