//! A wallet app that opens the return URL in the phone's default browser: that
//! browser shows a code, and the checkout that started the link finishes it with
//! that code. The link-injection attack stays blocked: an attacker who never sees
//! the code never finishes.

use crate::common::{error_code, Buyer, Shop};
use contract::api::{LinkHandover, LinkState};
use reqwest::StatusCode;
use serde_json::json;

/// The return page in a browser with nothing of the checkout's asks for a code.
async fn code_elsewhere(
    shop: &Shop,
    checkout: &str,
    code: Option<&str>,
    state: &str,
) -> reqwest::Response {
    shop.http
        .post(format!(
            "{}/api/checkout-sessions/{checkout}/authorizations/handover",
            shop.base
        ))
        .headers(crate::common::app_headers())
        .json(&json!({"auth_code": code, "auth_state": state}))
        .send()
        .await
        .unwrap()
}

async fn shown(shop: &Shop, checkout: &str, code: Option<&str>, state: &str) -> LinkHandover {
    let r = code_elsewhere(shop, checkout, code, state).await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

async fn typed(buyer: &Buyer, code: &str) -> reqwest::Response {
    buyer
        .post(
            &buyer.api("/authorizations/complete-with-code"),
            json!({ "code": code }),
        )
        .await
}

/// A link `buyer` started, agreed at the wallet, brought back elsewhere: (authCode, authState).
async fn agreed(buyer: &Buyer) -> (Option<String>, String) {
    let redirect = buyer.start_link("GCASH").await;
    buyer.at_wallet(&redirect.normal_url.unwrap(), true).await
}

fn wrong(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn a_wallet_that_returns_to_another_browser_finishes_with_the_code_typed_where_the_link_started(
) {
    let shop = Shop::open(&[]).await;
    // Embedded (the frame's credential) and top level (the cookie): the same story.
    for frame in [true, false] {
        let created = shop
            .created(if frame { "buyer-frame" } else { "buyer-top" }, 10_000)
            .await;
        let buyer = if frame {
            shop.claim_embedded(&created).await
        } else {
            shop.claim(&created).await
        };
        let (code, state) = agreed(&buyer).await;
        let elsewhere = shop
            .complete_without_cookie(&buyer.session_id, code.as_deref(), &state)
            .await;
        assert_eq!(error_code(elsewhere).await.1, "AUTH_STATE_OTHER_BROWSER");
        let handover = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
        assert_eq!(handover.wallet, "GCASH");
        assert_eq!(handover.code.len(), 6);
        // The starting checkout knows a code is awaited (a reload still offers the field).
        assert_eq!(
            buyer.summary().await.awaiting_link_code.as_deref(),
            Some("GCASH")
        );
        assert_eq!(
            error_code(typed(&buyer, &wrong(&handover.code)).await)
                .await
                .1,
            "LINK_CODE_WRONG"
        );
        // Typed as people type it: with a space in the middle.
        let spaced = format!("{} {}", &handover.code[..3], &handover.code[3..]);
        let linked = typed(&buyer, &spaced).await;
        assert_eq!(linked.status(), StatusCode::OK, "frame: {frame}");
        let summary = buyer.summary().await;
        assert_eq!(summary.wallets[0].code, "GCASH");
        assert_eq!(summary.wallets[0].link, LinkState::Linked);
        assert_eq!(summary.awaiting_link_code, None);
        // Once used, the code is spent, and so is the wallet's answer.
        assert_eq!(
            error_code(typed(&buyer, &handover.code).await).await.1,
            "LINK_CODE_EXPIRED"
        );
        assert_eq!(
            error_code(code_elsewhere(&shop, &buyer.session_id, code.as_deref(), &state).await)
                .await
                .1,
            "AUTH_STATE_USED"
        );
        assert_eq!(buyer.paid(&format!("k-{frame}")).await.amount.minor, 10_000);
    }
}

#[tokio::test]
async fn an_attacker_who_never_sees_the_code_cannot_finish_the_link() {
    let shop = Shop::open(&[]).await;
    // The attacker starts a link and sends the victim the consent page.
    let attacker = shop.checkout("attacker", 10_000).await;
    let consent = attacker.start_link("GCASH").await.normal_url.unwrap();
    let victim = shop.checkout("victim", 5_000).await;
    let (code, state) = victim.at_wallet(&consent, true).await;
    // The victim's browser lands on the attacker's return URL and is shown a code.
    let handover = shown(&shop, &attacker.session_id, code.as_deref(), &state).await;
    // The code belongs to the checkout that started the link: not the victim's.
    assert_eq!(
        error_code(typed(&victim, &handover.code).await).await.1,
        "LINK_CODE_EXPIRED"
    );
    // Guessing: five tries, then even the right code no longer works.
    for _ in 0..5 {
        assert_eq!(
            error_code(typed(&attacker, &wrong(&handover.code)).await)
                .await
                .1,
            "LINK_CODE_WRONG"
        );
    }
    assert_eq!(
        error_code(typed(&attacker, &handover.code).await).await.1,
        "LINK_CODE_EXPIRED"
    );
    let links: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM linked_wallets")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(links.0, 0, "nothing was linked");
}

#[tokio::test]
async fn a_code_is_refused_for_another_checkout_when_late_when_declined_and_after_five_codes() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let (code, state) = agreed(&buyer).await;
    // Asked on another checkout's path: that state is not its.
    let other = shop.checkout("buyer-2", 10_000).await;
    assert_eq!(
        error_code(code_elsewhere(&shop, &other.session_id, code.as_deref(), &state).await)
            .await
            .1,
        "AUTH_STATE_FOREIGN"
    );
    assert_eq!(
        error_code(code_elsewhere(&shop, &buyer.session_id, code.as_deref(), "made-up").await)
            .await
            .1,
        "AUTH_STATE_INVALID"
    );
    // The buyer declined at the wallet: nothing to finish, and it says so.
    assert_eq!(
        error_code(code_elsewhere(&shop, &buyer.session_id, None, &state).await)
            .await
            .1,
        "AUTH_DECLINED"
    );
    // Not six digits: refused before it counts as a try.
    assert_eq!(
        error_code(typed(&buyer, "12345").await).await.1,
        "LINK_CODE_WRONG"
    );
    // Each reload shows a new code; the older one stops working; five at most.
    let first = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
    let mut last = first.clone();
    for _ in 0..4 {
        last = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
    }
    let sixth = code_elsewhere(&shop, &buyer.session_id, code.as_deref(), &state).await;
    assert_eq!(
        error_code(sixth).await,
        (
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_AUTHORIZATIONS".into()
        )
    );
    if first.code != last.code {
        assert_eq!(
            error_code(typed(&buyer, &first.code).await).await.1,
            "LINK_CODE_WRONG"
        );
    }
    // Five minutes later the code has run out.
    sqlx::query("UPDATE authorization_attempts SET handover_expires_at = 1 WHERE auth_state = $1")
        .bind(&state)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error_code(typed(&buyer, &last.code).await).await.1,
        "LINK_CODE_EXPIRED"
    );
    assert_eq!(buyer.summary().await.awaiting_link_code, None);
    // A browser that never opened the checkout cannot even try.
    let stranger = shop
        .http
        .post(format!(
            "{}{}",
            shop.base,
            buyer.api("/authorizations/complete-with-code")
        ))
        .headers(crate::common::app_headers())
        .json(&json!({"code": last.code}))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_right_code_typed_twice_at_once_links_once() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let (code, state) = agreed(&buyer).await;
    let handover = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
    let (a, b) = tokio::join!(typed(&buyer, &handover.code), typed(&buyer, &handover.code));
    let statuses = [a.status(), b.status()];
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    let links: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM linked_wallets")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(links.0, 1);
}

#[tokio::test]
async fn someone_who_learns_the_auth_state_cannot_swap_in_another_wallet_answer_or_retire_the_code()
{
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let (code, state) = agreed(&buyer).await;
    let handover = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
    assert_eq!(handover.merchant_name, "Sandbox Merchant");
    // The attacker's own wallet answer (agreed on the attacker's own checkout) with the buyer's state.
    let attacker = shop.checkout("attacker", 10_000).await;
    let (their_code, _) = agreed(&attacker).await;
    for _ in 0..6 {
        assert_eq!(
            error_code(
                code_elsewhere(&shop, &buyer.session_id, their_code.as_deref(), &state).await
            )
            .await,
            (
                StatusCode::UNPROCESSABLE_ENTITY,
                "AUTH_STATE_INVALID".into()
            )
        );
    }
    // The buyer's code still works, and links the buyer's own answer.
    let linked = typed(&buyer, &handover.code).await;
    assert_eq!(linked.status(), StatusCode::OK);
    // Once used, neither the code nor the wallet's answer is kept.
    let kept: (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT handover_code_hash, handover_auth_code_enc FROM authorization_attempts WHERE auth_state = $1",
    )
    .bind(&state)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(kept, (None, None));
}

#[tokio::test]
async fn after_five_wrong_tries_the_link_shows_no_more_codes_and_codes_are_kept_keyed() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let (code, state) = agreed(&buyer).await;
    let handover = shown(&shop, &buyer.session_id, code.as_deref(), &state).await;
    // A database reader cannot test a million guesses against the stored code.
    let (stored,): (String,) = sqlx::query_as(
        "SELECT handover_code_hash FROM authorization_attempts WHERE auth_state = $1",
    )
    .bind(&state)
    .fetch_one(&shop.svc.db.pool)
    .await
    .unwrap();
    let unkeyed = merchant::crypto::sha256_hex(format!("{state}:{}", handover.code).as_bytes());
    assert_ne!(stored, unkeyed);
    assert!(!stored.contains(&handover.code));
    for _ in 0..5 {
        assert_eq!(
            error_code(typed(&buyer, &wrong(&handover.code)).await)
                .await
                .1,
            "LINK_CODE_WRONG"
        );
    }
    // A reload of the return page shows no fresh code that could never work.
    assert_eq!(
        error_code(code_elsewhere(&shop, &buyer.session_id, code.as_deref(), &state).await)
            .await
            .1,
        "LINK_CODE_EXPIRED"
    );
    let (issued,): (i64,) =
        sqlx::query_as("SELECT handover_issued FROM authorization_attempts WHERE auth_state = $1")
            .bind(&state)
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(issued, 1);
}
