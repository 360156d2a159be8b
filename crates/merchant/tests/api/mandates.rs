//! Mandates: the merchant charges a linked wallet without the buyer only within
//! what the buyer agreed to, and a link made to pay once cannot be charged at all.

use crate::common::{error_code, Shop};
use contract::api::{PaymentState, PaymentView};
use contract::back_office::BuyerWallet;
use contract::mandates::{Mandate, MandateInterval};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn charge_body(reference: &str, amount: i64) -> Value {
    json!({"buyer_reference": "subscriber-1", "wallet": "GCASH",
           "order": {"reference": reference, "description": "Kopi Club membership", "amount": amount, "currency": "PHP"}})
}

async fn charge(shop: &Shop, key: &str, amount: i64) -> reqwest::Response {
    shop.merchant_post("/v1/payments", Some(key), charge_body(key, amount))
        .await
}

async fn wallet(shop: &Shop) -> BuyerWallet {
    shop.buyer_wallet("subscriber-1", "GCASH").await
}

async fn charge_sessions(shop: &Shop) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM checkout_sessions WHERE id LIKE 'cs_mit_%'")
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    n
}

async fn events(shop: &Shop, kind: &str, object: &str) -> i64 {
    shop.event_count(kind, object).await
}

fn monthly() -> Value {
    json!({"description": "Kopi Club membership", "max_amount_per_charge": 50_000,
           "interval": "month", "max_amount_per_interval": 50_000})
}

#[tokio::test]
async fn a_one_off_checkouts_link_cannot_be_charged_by_the_merchant() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("subscriber-1", 15_000).await;
    buyer.link("GCASH").await;
    assert_eq!(buyer.paid("coffee").await.state, PaymentState::Succeeded);
    assert_eq!(wallet(&shop).await.mandate, None, "buyer-present");
    for amount in [15_000, 40_000_000] {
        let r = charge(&shop, &format!("k{amount}"), amount).await;
        let (status, code) = error_code(r).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, "MANDATE_REQUIRED")
        );
    }
    assert_eq!(charge_sessions(&shop).await, 0, "nothing recorded or sent");
}

#[tokio::test]
async fn a_monthly_mandate_charges_once_refuses_a_second_even_at_once_and_charges_again_next_month()
{
    let shop = Shop::open(&[]).await;
    let buyer = shop.subscribed("subscriber-1", monthly()).await;
    // The buyer saw it before linking, and sees it on the linked-wallets page.
    let linked: Vec<contract::api::LinkedWallet> = buyer
        .get(&buyer.api("/wallets"))
        .await
        .json()
        .await
        .unwrap();
    let seen = linked[0]
        .mandate
        .clone()
        .expect("the buyer sees the mandate");
    assert_eq!(
        (seen.max_amount_per_charge.unwrap().minor, seen.interval),
        (50_000, Some(MandateInterval::Month))
    );
    let raw: Value = buyer
        .get(&buyer.api("/wallets"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        raw[0]["mandate"].get("interval_charged").is_none()
            && raw[0]["mandate"].get("id").is_none(),
        "the running total and ids are the merchant's: {raw}"
    );
    let mandate = wallet(&shop).await.mandate.expect("recurring");
    assert_eq!(events(&shop, "mandate.created", &mandate.id).await, 1);

    let over = error_code(charge(&shop, "over", 50_001).await).await;
    assert_eq!(over.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(over.1, "MANDATE_AMOUNT_EXCEEDED");
    let message = shop_message(charge(&shop, "over", 50_001).await).await;
    assert!(message.contains("PHP 500.00"), "names the limit: {message}");

    let first = charge(&shop, "2027-01", 49_900).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: PaymentView = first.json().await.unwrap();
    assert_eq!(first.state, PaymentState::Succeeded);
    let second = charge(&shop, "2027-01-again", 49_900).await;
    let second_message = shop_message(second).await;
    assert!(
        second_message.contains("PHP 500.00 a month"),
        "{second_message}"
    );
    assert_eq!(
        error_code(charge(&shop, "2027-01-b", 49_900).await).await,
        (StatusCode::CONFLICT, "MANDATE_LIMIT_REACHED".into())
    );
    // The same key again is the same charge, not a refusal.
    assert_eq!(
        charge(&shop, "2027-01", 49_900).await.status(),
        StatusCode::CREATED
    );
    let charged = wallet(&shop).await.mandate.unwrap();
    assert_eq!(charged.interval_charged.unwrap().minor, 49_900);

    // A month on: two charges sent at once, only one passes.
    shop.advance_clock("P31D").await;
    let (a, b) = tokio::join!(
        charge(&shop, "2027-02-a", 49_900),
        charge(&shop, "2027-02-b", 49_900)
    );
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let passed: PaymentView = if a.status() == StatusCode::CREATED {
        a
    } else {
        b
    }
    .json()
    .await
    .unwrap();
    assert_eq!(passed.state, PaymentState::Succeeded);

    // A charge that takes no money does not count: declined (amount ending 01), then paid.
    shop.advance_clock("P31D").await;
    let mut never_retried = charge_body("2027-03-a", 49_901);
    never_retried["retry_days"] = json!([]);
    let declined: PaymentView = shop
        .merchant_post("/v1/payments", Some("2027-03-a"), never_retried)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(declined.state, PaymentState::Failed);
    let paid: PaymentView = charge(&shop, "2027-03-b", 49_900)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(paid.state, PaymentState::Succeeded);
    let (succeeded,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM payment_attempts WHERE status = 'succeeded' AND checkout_session_id LIKE 'cs_mit_%'",
    )
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(succeeded, 3, "one charge a month");
}

async fn shop_message(r: reqwest::Response) -> String {
    let body: Value = r.json().await.unwrap();
    body["message"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_mandate_ends_on_its_date_by_the_merchant_or_with_the_link() {
    let shop = Shop::open(&[]).await;
    let ends_at = shop.svc.now() + 2 * 86_400;
    let mut terms = monthly();
    terms["ends_at"] = json!(ends_at);
    let buyer = shop.subscribed("subscriber-1", terms).await;
    assert_eq!(
        charge(&shop, "m1", 10_000).await.status(),
        StatusCode::CREATED
    );
    shop.advance_clock("P3D").await;
    assert_eq!(
        error_code(charge(&shop, "m2", 10_000).await).await,
        (StatusCode::CONFLICT, "MANDATE_ENDED".into())
    );

    // A new mandate, ended by the merchant: the link stays, buyer-present.
    let buyer = shop.open_in(&buyer, "subscriber-1", 10_000).await;
    drop(buyer);
    let again = shop.subscribed("subscriber-1", monthly()).await;
    let mandate = wallet(&shop).await.mandate.unwrap();
    assert_eq!(mandate.ended_at, None, "relinking made a new one");
    let ended: Mandate = shop
        .merchant_delete(&format!("/v1/mandates/{}", mandate.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ended.ended_by.as_deref(), Some("merchant"));
    assert_eq!(events(&shop, "mandate.ended", &mandate.id).await, 1);
    assert_eq!(
        error_code(charge(&shop, "m3", 10_000).await).await.1,
        "MANDATE_ENDED"
    );
    assert_eq!(
        again.paid("in-checkout").await.state,
        PaymentState::Succeeded,
        "the buyer still pays in a checkout they opened"
    );

    // A third link, ended by its buyer: the mandate ends with it.
    let third = shop.subscribed("subscriber-1", monthly()).await;
    let mandate = wallet(&shop).await.mandate.unwrap();
    let r = third
        .http
        .delete(format!("{}{}", third.base, third.api("/wallets/GCASH")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let after: Mandate = shop
        .merchant_get(&format!("/v1/mandates/{}", mandate.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after.ended_by.as_deref(), Some("buyer"));
    assert_eq!(events(&shop, "mandate.ended", &mandate.id).await, 1);
}

#[tokio::test]
async fn mandate_terms_that_cannot_hold_are_refused_when_the_checkout_is_made() {
    let shop = Shop::open(&[]).await;
    let past = shop.svc.now() - 1;
    for bad in [
        json!({"description": "", "max_amount_per_charge": 100}),
        json!({"description": "Club", "max_amount_per_charge": 0}),
        json!({"description": "Club", "max_amount_per_charge": 100, "interval": "month"}),
        json!({"description": "Club", "max_amount_per_charge": 100, "max_amount_per_interval": 500}),
        json!({"description": "Club", "max_amount_per_charge": 500, "interval": "week", "max_amount_per_interval": 100}),
        json!({"description": "Club", "max_amount_per_charge": 100, "ends_at": past}),
    ] {
        let r = shop
            .merchant_post(
                "/v1/checkout-sessions",
                None,
                json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 100, "currency": "PHP"}, "mandate": bad}),
            )
            .await;
        assert_eq!(error_code(r).await.1, "VALIDATION", "{bad}");
    }
}

/// Links made before mandates existed keep what their buyers saw: a setup or recurring
/// checkout's link becomes recurring with a mandate of only its session's terms (no
/// limits), any other stays buyer-present.
#[tokio::test]
async fn the_migration_gives_subscriptions_a_mandate_and_leaves_one_off_links_buyer_present() {
    let dir = std::env::temp_dir().join(crate::common::unique("mandate-migration"));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("old.sqlite3").display());
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .connect(&url)
        .await
        .unwrap();
    let mut before = sqlx::migrate::Migrator::new(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/migrations"
    )))
    .await
    .unwrap();
    before.migrations = std::borrow::Cow::Owned(
        before
            .migrations
            .iter()
            .filter(|m| m.version < 25)
            .cloned()
            .collect(),
    );
    before.run(&pool).await.unwrap();
    // Three links as the service made them before: setup, recurring payment, one-off payment.
    for (n, mode, recurring) in [(1, "setup", 0), (2, "payment", 1), (3, "payment", 0)] {
        sqlx::query(
            "INSERT INTO checkout_sessions (id, claim_token_hash, buyer_reference, order_reference, order_description, \
             amount_minor, currency, items_json, created_at, expires_at, mode, recurring) \
             VALUES ($1, 'h', $2, 'o', $3, 29900, 'PHP', '[]', 100, 2000, $4, $5)",
        )
        .bind(format!("cs_{n}"))
        .bind(format!("buyer-{n}"))
        .bind(format!("Plan {n}"))
        .bind(mode)
        .bind(recurring)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO authorization_attempts (auth_state, checkout_session_id, buyer_reference, wallet, terminal, \
             created_at, expires_at, used_at, outcome) VALUES ($1, $2, $3, 'GCASH', 'WEB', 100, 700, 200, 'linked')",
        )
        .bind(format!("st_{n}"))
        .bind(format!("cs_{n}"))
        .bind(format!("buyer-{n}"))
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO linked_wallets (id, buyer_reference, wallet, access_token_enc, access_token_hash, status, \
             created_at, updated_at) VALUES ($1, $2, 'GCASH', 'x', $3, 'active', 201, 201)",
        )
        .bind(format!("lw_{n}"))
        .bind(format!("buyer-{n}"))
        .bind(format!("hash-{n}"))
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;
    let db = merchant::store::Db::connect(&url).await.unwrap();
    let mandates: Vec<(String, String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT linked_wallet_id, description, max_per_charge_minor, ended_at FROM mandates ORDER BY linked_wallet_id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        mandates,
        vec![
            ("lw_1".into(), "Plan 1".into(), None, None),
            ("lw_2".into(), "Plan 2".into(), None, None),
        ]
    );
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(dir);
}
