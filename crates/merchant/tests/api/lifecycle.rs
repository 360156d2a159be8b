//! A link's life after it is made: `wallet.expiring` before it lapses, a `relink`
//! checkout that renews it and keeps its mandate, and the link it replaces revoked.

use crate::common::Shop;
use contract::back_office::BuyerWallet;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn events(shop: &Shop, kind: &str) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT object_id, detail_json FROM events WHERE type = $1 ORDER BY created_seq")
        .bind(kind)
        .fetch_all(&shop.svc.db.pool)
        .await
        .unwrap()
}

async fn gcash(shop: &Shop) -> BuyerWallet {
    shop.buyer_wallet("subscriber-1", "GCASH").await
}

async fn script_refreshes(shop: &Shop, answers: Value) {
    let r = shop
        .http
        .post(format!("{}/sandbox/control/refresh", shop.base))
        .json(&json!({ "answers": answers }))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

#[tokio::test]
async fn a_link_about_to_lapse_is_reported_once_and_a_relink_renews_it_keeping_its_mandate() {
    let shop = Shop::open(&[]).await;
    let mandate = json!({"description": "Kopi Club membership", "max_amount_per_charge": 50_000,
                         "interval": "month", "max_amount_per_interval": 50_000});
    let buyer = shop.subscribed("subscriber-1", mandate).await;
    let first = gcash(&shop).await;
    let lapses_at = first
        .link_expires_at
        .expect("the sandbox gives a refresh token");
    let kept = first.mandate.clone().unwrap();

    // A wallet that rotates its refresh token never lapses: no warning.
    shop.advance_clock("P29D").await;
    assert!(events(&shop, "wallet.expiring").await.is_empty());
    // One that does not (applyToken without a new refreshToken) lapses when it runs out.
    script_refreshes(
        &shop,
        json!(["no_refresh_token", "no_refresh_token", "no_refresh_token"]),
    )
    .await;
    let renewed = gcash(&shop).await.link_expires_at.unwrap();
    assert!(renewed > lapses_at, "the rotation moved it on");
    let days_left = (renewed - shop.svc.now()) / 86_400;
    shop.advance_clock(&format!("P{}D", days_left - 6)).await;
    let warned = events(&shop, "wallet.expiring").await;
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].0, first.id);
    shop.work().await;
    assert_eq!(events(&shop, "wallet.expiring").await.len(), 1, "once");
    let still = gcash(&shop).await;
    assert_eq!(
        still.link_expires_at,
        Some(renewed),
        "the refresh kept the refresh token"
    );

    // The merchant sends a relink checkout; the buyer links GCash again.
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "subscriber-1", "mode": "relink", "region": "PH", "renews": first.id,
                   "order": {"reference": "renew-1", "description": "Kopi Club membership", "amount": 50_000, "currency": "PHP"}}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let renewing = shop
        .claim_in(buyer.http.clone(), &created.json().await.unwrap())
        .await;
    let summary = renewing.summary().await;
    assert!(summary.setup, "it takes no payment");
    let shown = summary.mandate.expect("the buyer sees what they renew");
    assert_eq!(shown.max_amount_per_charge.unwrap().minor, 50_000);
    renewing.link("GCASH").await;
    let now = gcash(&shop).await;
    assert_ne!(now.id, first.id);
    let moved = now.mandate.expect("the relink kept the mandate");
    assert_eq!(
        (moved.id.as_str(), moved.ended_at),
        (kept.id.as_str(), None)
    );
    let unlinked = events(&shop, "wallet.unlinked").await;
    assert_eq!(unlinked.len(), 1);
    assert_eq!(unlinked[0].0, first.id);
    assert!(unlinked[0].1.as_deref().unwrap().contains("relinked"));
    assert!(events(&shop, "mandate.ended").await.is_empty());
    assert_eq!(
        events(&shop, "mandate.created").await.len(),
        2,
        "made, then moved to the new link"
    );
    // The renewed link charges within the same mandate.
    let charged = shop
        .merchant_post(
            "/v1/payments",
            Some("after-renewal"),
            json!({"buyer_reference": "subscriber-1", "wallet": "GCASH",
                   "order": {"reference": "after-renewal", "description": "Kopi", "amount": 49_900, "currency": "PHP"}}),
        )
        .await;
    assert_eq!(charged.status(), StatusCode::CREATED);
    // A relink asks for no mandate of its own.
    // It names the link it renews: only a link of this buyer whose mandate neither the
    // buyer nor the merchant ended.
    let relink = |extra: Value| {
        let mut body = json!({"buyer_reference": "subscriber-1", "mode": "relink",
            "order": {"reference": "renew-2", "description": "d", "amount": 100, "currency": "PHP"}});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };
    let ended = shop
        .merchant_delete(&format!("/v1/mandates/{}", kept.id))
        .await;
    assert_eq!(ended.status(), StatusCode::OK);
    for bad in [
        json!({"renews": now.id, "mandate": {"description": "x", "max_amount_per_charge": 100}}),
        json!({}),
        json!({"renews": now.id}),
        json!({"renews": "lw_someone_else"}),
    ] {
        let r = shop
            .merchant_post("/v1/checkout-sessions", None, relink(bad.clone()))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let mut other_buyer = relink(json!({"renews": first.id}));
    other_buyer["buyer_reference"] = json!("someone-else");
    let r = shop
        .merchant_post("/v1/checkout-sessions", None, other_buyer)
        .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another buyer's link"
    );
}

#[tokio::test]
async fn linking_the_same_wallet_again_ends_the_old_link_as_relinked() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("subscriber-1", 10_000).await;
    buyer.link("GCASH").await;
    let first = gcash(&shop).await;
    let again = shop.open_in(&buyer, "subscriber-1", 10_000).await;
    again.link("GCASH").await;
    let unlinked = events(&shop, "wallet.unlinked").await;
    assert_eq!(unlinked.len(), 1);
    assert_eq!(unlinked[0].0, first.id);
    assert!(unlinked[0].1.as_deref().unwrap().contains("relinked"));
    // The old token is revoked at Antom: paying with it is refused.
    let old = merchant::store::wallets::get(&shop.svc.db, &first.id)
        .await
        .unwrap()
        .unwrap();
    let token = shop
        .svc
        .cipher
        .open(
            &old.access_token_enc,
            merchant::domain::linking::access_binding(&old.binding_row()),
        )
        .unwrap();
    let r = shop
        .http
        .post(format!("{}/sandbox/control/unlink", shop.base))
        .json(&json!({ "accessToken": token }))
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["unlinked"], 0,
        "already revoked: nothing left to cancel"
    );
}
