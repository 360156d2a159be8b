//! One browser, many checkouts: every app call names its checkout, and
//! opening (or being made to open) another checkout never redirects the first one's buttons.

use crate::common::{error_code, Shop};
use contract::api::LinkState;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_second_checkout_in_another_tab_does_not_change_what_the_first_tabs_pay_button_charges() {
    let shop = Shop::open(&[]).await;
    let order_a = shop.checkout("buyer-1", 10_000).await;
    order_a.link("GCASH").await;
    // The same browser opens order B (PHP 250.00) in another tab.
    let order_b = shop.open_in(&order_a, "buyer-1", 25_000).await;
    // A fresh cookie value per claim, holding both checkouts (the jar keeps the new one).
    assert_ne!(order_a.cookie_header(), order_b.cookie_header());
    // The first tab's button pays order A, for order A's amount.
    let paid_a = order_a.paid("tab-a").await;
    assert_eq!(paid_a.amount.minor, 10_000);
    assert_eq!(order_a.summary().await.amount.minor, 10_000);
    assert!(
        order_b.summary().await.payment.is_none(),
        "order B is untouched"
    );
    let paid_b = order_b.paid("tab-b").await;
    assert_eq!(paid_b.amount.minor, 25_000);
    assert_ne!(paid_a.id, paid_b.id);
}

#[tokio::test]
async fn a_page_that_makes_the_browser_claim_the_attackers_checkout_cannot_hijack_the_buyers() {
    let shop = Shop::open(&[]).await;
    let victim = shop.checkout("victim", 10_000).await;
    // A page elsewhere opens the attacker's checkout link in a popup: the victim's browser claims it.
    let planted = shop.open_in(&victim, "attacker", 100).await;
    // The victim goes on in their own tab: the link and the payment are theirs.
    let linked = victim.link("GCASH").await;
    assert_eq!(linked.link, LinkState::Linked);
    let owners: Vec<(String,)> =
        sqlx::query_as("SELECT buyer_reference FROM linked_wallets WHERE status = 'active'")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(owners, [("victim".to_owned(),)]);
    assert_eq!(
        planted.summary().await.wallets[0].link,
        LinkState::NotLinked,
        "nothing of the victim's reached the attacker's checkout"
    );
    assert_eq!(victim.paid("k1").await.amount.minor, 10_000);
}

#[tokio::test]
async fn a_browser_cannot_act_on_a_checkout_it_never_claimed() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let other = shop.created("buyer-1", 99_900).await;
    let other_id = other["id"].as_str().unwrap();
    let pay = buyer
        .http
        .post(format!(
            "{}/api/checkout-sessions/{other_id}/payments",
            buyer.base
        ))
        .header("Idempotency-Key", "k1")
        .json(&json!({"wallet": "GCASH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(pay).await.0, StatusCode::UNAUTHORIZED);
    for path in ["", "/wallets"] {
        let r = buyer
            .get(&format!("/api/checkout-sessions/{other_id}{path}"))
            .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    let start = buyer
        .post(
            &format!("/api/checkout-sessions/{other_id}/authorizations"),
            json!({"wallet": "GCASH", "terminal": "WEB"}),
        )
        .await;
    assert_eq!(start.status(), StatusCode::UNAUTHORIZED);
    let unlink = buyer
        .http
        .delete(format!(
            "{}/api/checkout-sessions/{other_id}/wallets/GCASH",
            buyer.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(unlink.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::Linked);
    // Another checkout's payment, asked for through this browser's own checkout: not found.
    let elsewhere = shop.payment_by("buyer-2", 10_000).await;
    let r = buyer
        .get(&buyer.api(&format!("/payments/{}", elsewhere.id)))
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn over_https_the_buyer_cookie_is_host_only_and_secure() {
    let shop = Shop::open(&[("PUBLIC_BASE_URL", "https://pay.shop.example")]).await;
    let created = shop.created("buyer-1", 10_000).await;
    let (_, token) = created["url"].as_str().unwrap().split_once("#t=").unwrap();
    let claimed = shop
        .http
        .post(format!(
            "{}/api/checkout-sessions/{}/claim",
            shop.base,
            created["id"].as_str().unwrap()
        ))
        .headers(crate::common::app_headers())
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    let cookie = claimed.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-checkout_sid="), "{cookie}");
    for part in [
        "Path=/",
        "Secure",
        "HttpOnly",
        "SameSite=None",
        "Partitioned",
    ] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

/// The second security review: a claim kept the browser's cookie value, so a
/// value copied earlier (a shared computer, a screen share) opened the next
/// buyer's checkout too. Every claim now issues a fresh value; the old one
/// never holds what was claimed after it, and loses the rest within a minute.
#[tokio::test]
async fn a_cookie_copied_before_the_next_claim_never_opens_that_checkout() {
    let shop = Shop::open(&[]).await;
    let first = shop.checkout("first-buyer", 10_000).await;
    let copied = first.cookie_header();
    // The next buyer at the same computer opens their own link in the same browser.
    let next = shop.open_in(&first, "next-buyer", 20_000).await;
    assert_ne!(next.cookie_header(), copied);
    let with_copy = |path: String| {
        shop.http
            .get(format!("{}{path}", shop.base))
            .header("cookie", copied.clone())
            .send()
    };
    let r = with_copy(next.api("")).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The browser itself (its jar holds the new value) has both.
    assert_eq!(next.summary().await.amount.minor, 20_000);
    assert_eq!(first.summary().await.amount.minor, 10_000);
    // The copy keeps the first checkout for a minute at most, for requests in flight.
    let grace: (i64,) = sqlx::query_as(
        "SELECT MAX(expires_at) FROM browser_checkouts b WHERE checkout_session_id = $1 AND \
         NOT EXISTS (SELECT 1 FROM browser_checkouts n WHERE n.browser_hash = b.browser_hash AND n.checkout_session_id = $2)",
    )
    .bind(&first.session_id)
    .bind(&next.session_id)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert!(grace.0 <= shop.svc.now() + 60, "{grace:?}");
}

#[tokio::test]
async fn two_tabs_claiming_at_once_end_with_one_cookie_holding_both_checkouts() {
    let shop = Shop::open(&[]).await;
    let first = shop.checkout("buyer-tabs", 10_000).await;
    let (a, b) = (
        shop.created("buyer-tabs", 1_000).await,
        shop.created("buyer-tabs", 2_000).await,
    );
    let cookie = first.cookie_header();
    let (cookie_a, cookie_b) = tokio::join!(
        claim_with_cookie(&shop, &a, &cookie),
        claim_with_cookie(&shop, &b, &cookie)
    );
    assert_eq!(cookie_a, cookie_b, "whichever the browser keeps holds both");
    for created in [&a, &b] {
        let r = shop
            .http
            .get(format!(
                "{}/api/checkout-sessions/{}",
                shop.base,
                created["id"].as_str().unwrap()
            ))
            .header("cookie", cookie_a.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn a_link_started_before_another_claim_completes_with_the_new_cookie() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-link", 10_000).await;
    let redirect = buyer.start_link("GCASH").await;
    // Another checkout opened in the same browser while the wallet page is up.
    shop.open_in(&buyer, "buyer-link", 5_000).await;
    let (code, state) = buyer
        .at_wallet(redirect.normal_url.as_deref().unwrap(), true)
        .await;
    let r = buyer.complete(code.as_deref(), &state).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::Linked);
}

/// The attacker's read of #30: a cookie value the service never issued (planted
/// over http, or long dead) must not become a key to whatever is claimed next
/// with it: two claims with it get unrelated fresh values.
#[tokio::test]
async fn a_planted_cookie_value_is_never_followed_to_what_replaced_it() {
    let shop = Shop::open(&[]).await;
    let planted = "checkout_sid=planted-by-the-attacker";
    let attacker = claim_with_cookie(&shop, &shop.created("attacker", 1_000).await, planted).await;
    let victim = claim_with_cookie(&shop, &shop.created("victim", 2_000).await, planted).await;
    assert_ne!(attacker, victim);
    assert!(!victim.contains("planted"));
}

/// Claims `created` from a client sending `cookie`; the cookie it is given.
async fn claim_with_cookie(shop: &Shop, created: &serde_json::Value, cookie: &str) -> String {
    let token = created["url"]
        .as_str()
        .unwrap()
        .split_once("#t=")
        .unwrap()
        .1;
    let id = created["id"].as_str().unwrap();
    let r = shop
        .http
        .post(format!("{}/api/checkout-sessions/{id}/claim", shop.base))
        .headers(crate::common::app_headers())
        .header("cookie", cookie)
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let set = r.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}
