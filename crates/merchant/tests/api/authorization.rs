//! Linking a wallet, and everything a buyer can do wrong on the way.

use crate::common::{error_code, Shop};
use contract::api::LinkState;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn buyer_links_gcash_and_sees_it_first_with_the_masked_account() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let before = buyer.summary().await;
    assert_eq!(
        before
            .wallets
            .iter()
            .map(|w| w.code.as_str())
            .collect::<Vec<_>>(),
        ["GCASH", "MAYA", "GRABPAY_PH"]
    );
    assert!(before
        .wallets
        .iter()
        .all(|w| w.link == LinkState::NotLinked));

    let linked = buyer.link("GRABPAY_PH").await;
    assert_eq!(linked.account.as_deref(), Some("0917****123"));
    let after = buyer.summary().await;
    assert_eq!(
        after.wallets[0].code, "GRABPAY_PH",
        "linked wallets come first"
    );
    assert_eq!(after.wallets[0].link, LinkState::Linked);
    assert_eq!(after.wallets[0].account.as_deref(), Some("0917****123"));

    // The same buyer at a later checkout still has it.
    let later = shop.checkout("buyer-1", 5_000).await;
    assert_eq!(later.summary().await.wallets[0].link, LinkState::Linked);
    // Another buyer does not.
    let stranger = shop.checkout("buyer-2", 5_000).await;
    assert!(stranger
        .summary()
        .await
        .wallets
        .iter()
        .all(|w| w.link == LinkState::NotLinked));
}

#[tokio::test]
async fn buyer_declines_at_the_wallet() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), false).await;
    assert_eq!(code, None);
    let answer = buyer.complete(None, &state).await;
    assert_eq!(
        error_code(answer).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "AUTH_DECLINED".into())
    );
    // Reloading the return page says the same, and nothing got linked.
    assert_eq!(
        error_code(buyer.complete(None, &state).await).await.1,
        "AUTH_DECLINED"
    );
    assert!(buyer
        .summary()
        .await
        .wallets
        .iter()
        .all(|w| w.link == LinkState::NotLinked));
}

#[tokio::test]
async fn reloading_the_return_page_shows_the_same_link() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    assert_eq!(
        buyer.complete(code.as_deref(), &state).await.status(),
        StatusCode::OK
    );
    let again = buyer.complete(code.as_deref(), &state).await;
    assert_eq!(again.status(), StatusCode::OK, "a reload is not an error");
}

#[tokio::test]
async fn forged_foreign_and_expired_states_are_refused() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let forged = buyer.complete(Some("ac-anything"), "state-i-made-up").await;
    assert_eq!(error_code(forged).await.1, "AUTH_STATE_INVALID");

    let other = shop.checkout("buyer-2", 10_000).await;
    let redirect = other.start_link("GCASH").await;
    let (code, state) = other.at_wallet(&redirect.normal_url.unwrap(), true).await;
    let stolen = buyer.complete(code.as_deref(), &state).await;
    assert_eq!(error_code(stolen).await.1, "AUTH_STATE_FOREIGN");
    // The rightful buyer can still finish.
    assert_eq!(
        other.complete(code.as_deref(), &state).await.status(),
        StatusCode::OK
    );

    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    sqlx::query("UPDATE authorization_attempts SET expires_at = 0 WHERE auth_state = $1")
        .bind(&state)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error_code(buyer.complete(code.as_deref(), &state).await)
            .await
            .1,
        "AUTH_STATE_EXPIRED"
    );
}

#[tokio::test]
async fn an_expired_or_reused_auth_code_is_refused() {
    let shop = Shop::open(&[("SANDBOX_AUTH_CODE_TTL_MS", "200")]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let late = buyer.complete(code.as_deref(), &state).await;
    assert_eq!(
        error_code(late).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "AUTH_CODE_REJECTED".into()
        )
    );

    let redirect = buyer.start_link("GCASH").await;
    let (fresh, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    assert_eq!(
        buyer.complete(fresh.as_deref(), &state).await.status(),
        StatusCode::OK
    );
    // The same code with a new state: Antom says USED_CODE.
    let redirect = buyer.start_link("GCASH").await;
    let (_, new_state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    let reused = buyer.complete(fresh.as_deref(), &new_state).await;
    assert_eq!(error_code(reused).await.1, "AUTH_CODE_REJECTED");
}

#[tokio::test]
async fn a_wallet_outside_the_region_cannot_be_linked() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let r = buyer
        .post(
            &buyer.api("/authorizations"),
            json!({"wallet": "KAKAOPAY", "terminal": "WEB"}),
        )
        .await;
    assert_eq!(error_code(r).await.1, "WALLET_NOT_AVAILABLE");
    let r = buyer
        .post(
            &buyer.api("/authorizations"),
            json!({"wallet": "GCASH", "terminal": "WAP"}),
        )
        .await;
    assert_eq!(error_code(r).await.1, "VALIDATION", "WAP needs an OS");
    let r = buyer
        .post(
            &buyer.api("/authorizations"),
            json!({"wallet": "GCASH", "terminal": "WAP", "os": "ANDROID"}),
        )
        .await;
    let urls: contract::api::AuthorizationRedirect = r.json().await.unwrap();
    assert!(urls.applink_url.is_some() && urls.scheme_url.is_some() && urls.normal_url.is_some());
}

#[tokio::test]
async fn the_buyer_unlinks_here_and_cannot_pay_with_it() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let r = buyer.unlink("GCASH").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::NotLinked);
    assert_eq!(
        error_code(buyer.pay("k1", "GCASH").await).await.1,
        "WALLET_NOT_LINKED"
    );
}

/// Antom answers our own revoke with TOKEN_CANCELED too; the sandbox delivers it
/// before revoke answers, while the link is still active here.
#[tokio::test]
async fn the_token_canceled_that_follows_our_own_revoke_keeps_who_unlinked() {
    let shop = Shop::open(&[]).await;
    for (buyer_reference, by) in [("buyer-1", "buyer"), ("buyer-2", "merchant")] {
        let buyer = shop.checkout(buyer_reference, 10_000).await;
        buyer.link("GCASH").await;
        let link = shop.buyer_wallet(buyer_reference, "GCASH").await;
        let r = if by == "buyer" {
            buyer.unlink("GCASH").await
        } else {
            shop.merchant_delete(&format!("/v1/buyers/{buyer_reference}/wallets/GCASH"))
                .await
        };
        assert!(r.status().is_success(), "{}", r.status());
        let sandbox = shop.svc.sandbox.as_ref().unwrap();
        let echoes: Vec<_> = sandbox
            .deliveries()
            .into_iter()
            .filter(|d| d.kind == "notifyAuthorization" && d.body.contains("TOKEN_CANCELED"))
            .collect();
        assert!(
            echoes.iter().any(|d| d.acknowledged),
            "Antom's TOKEN_CANCELED reached the service first: {echoes:?}"
        );
        let ended = shop.buyer_wallet(buyer_reference, "GCASH").await;
        assert_eq!(ended.link, LinkState::NotLinked, "{by}");
        let detail = shop.unlinked_detail(&link.id).await;
        assert!(
            detail.contains(&format!("\"ended_by\":\"{by}\"")),
            "not the wallet app: {detail}"
        );
        assert_eq!(shop.event_count("wallet.unlinked", &link.id).await, 1);
    }
}

#[tokio::test]
async fn of_two_unlinks_at_once_the_one_antom_revoked_is_credited_with_its_end() {
    // Each unlink marks the link as its own before revoke; when they shared one mark, a
    // refused unlink erased the other's, whose TOKEN_CANCELED then read as the buyer
    // leaving in the wallet app. A TOKEN_CANCELED does not say whose revoke it answers:
    // while parties differ and an answer is awaited, the service asks Antom to send it
    // again, and the unlink Antom confirms ends the link as its own.
    // (first, Antom's answer to it), (second, Antom's answer to it), who ended the link,
    // whether the echo waited (None: it depends on which of two near answers lands first).
    let stories = [
        (
            ("merchant", "slow"),
            ("buyer", "ACCESS_DENIED"),
            "merchant",
            Some(false),
        ),
        (
            ("buyer", "slow:ACCESS_DENIED"),
            ("buyer", "slow"),
            "buyer",
            Some(false),
        ),
        (
            ("buyer", "slow"),
            ("merchant", "slow:ACCESS_DENIED"),
            "buyer",
            None,
        ),
        (
            ("merchant", "slow:ACCESS_DENIED"),
            ("buyer", "ok"),
            "buyer",
            Some(true),
        ),
        (
            ("merchant", "slow:UNKNOWN_EXCEPTION"),
            ("buyer", "ok"),
            "buyer",
            Some(true),
        ),
        // The buyer's revoke finds the token dead: not a confirmation, the merchant's is.
        (
            ("merchant", "slow"),
            ("buyer", "INVALID_ACCESS_TOKEN"),
            "merchant",
            Some(true),
        ),
    ];
    // Antom's own schedule (the next try 2 minutes on): no story is settled by a resend.
    let shop = Shop::open(&[("SANDBOX_NOTIFY_TIME_FACTOR", "1")]).await;
    let sandbox = shop.svc.sandbox.as_ref().unwrap();
    let deferred = || {
        sandbox
            .deliveries()
            .iter()
            .filter(|d| d.body.contains("TOKEN_CANCELED") && d.status == Some(409))
            .count()
    };
    for (n, ((first, first_answer), (second, second_answer), ended_by, waited)) in
        stories.into_iter().enumerate()
    {
        let deferred_before = deferred();
        let buyer_reference = format!("buyer-{n}");
        let buyer = shop.checkout(&buyer_reference, 10_000).await;
        buyer.link("GCASH").await;
        let link = shop.buyer_wallet(&buyer_reference, "GCASH").await;
        shop.script_revokes(&[first_answer, second_answer]).await;
        let unlink = |by: &'static str| {
            let (buyer, shop, path) = (&buyer, &shop, buyer_reference.clone());
            async move {
                if by == "buyer" {
                    buyer.unlink("GCASH").await
                } else {
                    shop.merchant_delete(&format!("/v1/buyers/{path}/wallets/GCASH"))
                        .await
                }
            }
        };
        let second_starts = async {
            // Once Antom has the first unlink's revoke, the second starts.
            for _ in 0..500 {
                if sandbox.revoke_answers_left() == 1 {
                    return unlink(second).await;
                }
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
            panic!("story {n}: the first revoke never reached the sandbox");
        };
        let (first_said, second_said) = tokio::join!(unlink(first), second_starts);
        assert_eq!(sandbox.revoke_answers_left(), 0, "story {n}");
        for (said, answer) in [(first_said, first_answer), (second_said, second_answer)] {
            let expected = match answer {
                "ok" | "slow" | "INVALID_ACCESS_TOKEN" => None,
                "slow:UNKNOWN_EXCEPTION" => {
                    Some((StatusCode::SERVICE_UNAVAILABLE, "ANTOM_UNAVAILABLE"))
                }
                _ => Some((StatusCode::UNPROCESSABLE_ENTITY, "UNLINK_REFUSED")),
            };
            match expected {
                None => assert!(said.status().is_success(), "story {n}: {}", said.status()),
                Some((status, code)) => {
                    assert_eq!(error_code(said).await, (status, code.into()), "story {n}")
                }
            }
        }
        let ended = shop.buyer_wallet(&buyer_reference, "GCASH").await;
        assert_eq!(
            ended.link,
            LinkState::NotLinked,
            "story {n}: not \"unlinked in the wallet app\""
        );
        let detail = shop.unlinked_detail(&link.id).await;
        assert!(
            detail.contains(&format!("\"ended_by\":\"{ended_by}\"")),
            "story {n}: ended by {ended_by}, not {detail}"
        );
        assert_eq!(shop.event_count("wallet.unlinked", &link.id).await, 1);
        // Between parties, an echo that came while both awaited their answers waited too.
        if let Some(waited) = waited {
            assert_eq!(
                deferred() - deferred_before,
                usize::from(waited),
                "story {n}"
            );
        }
    }
}

#[tokio::test]
async fn the_wallet_apps_cancel_during_two_refused_unlinks_ends_the_link_as_the_wallet_apps() {
    // The buyer leaves in the wallet app while the buyer and the merchant both unlink
    // here and Antom refuses both: the TOKEN_CANCELED waits for their answers, and the
    // last answer ends the link as the wallet app's, without waiting for Antom's resend.
    let shop = Shop::open(&[("SANDBOX_NOTIFY_TIME_FACTOR", "1")]).await;
    let sandbox = shop.svc.sandbox.as_ref().unwrap();
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let link = shop.buyer_wallet("buyer-1", "GCASH").await;
    shop.script_revokes(&["slow:ACCESS_DENIED", "slow:ACCESS_DENIED"])
        .await;
    let by_buyer = buyer.unlink("GCASH");
    let by_merchant = shop.merchant_delete("/v1/buyers/buyer-1/wallets/GCASH");
    let in_the_wallet_app = async {
        for _ in 0..500 {
            if sandbox.revoke_answers_left() == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(
            sandbox.revoke_answers_left(),
            0,
            "both revokes reached Antom"
        );
        assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
        for _ in 0..100 {
            let answered = sandbox
                .deliveries()
                .iter()
                .any(|d| d.body.contains("TOKEN_CANCELED") && d.status.is_some());
            if answered {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    };
    let (by_buyer, by_merchant, ()) = tokio::join!(by_buyer, by_merchant, in_the_wallet_app);
    let echo: Vec<_> = sandbox
        .deliveries()
        .into_iter()
        .filter(|d| d.body.contains("TOKEN_CANCELED"))
        .map(|d| d.status)
        .collect();
    // Answered 409 while both awaited (the sandbox refuses each 2 s after it got it); on
    // a machine so loaded that the echo came after both refusals, it is credited at once.
    assert!(
        echo == [Some(409)] || echo == [Some(200)],
        "one delivery, not resent yet: {echo:?}"
    );
    for said in [by_buyer, by_merchant] {
        assert_eq!(
            error_code(said).await,
            (StatusCode::UNPROCESSABLE_ENTITY, "UNLINK_REFUSED".into())
        );
    }
    let ended = shop.buyer_wallet("buyer-1", "GCASH").await;
    assert_eq!(ended.link, LinkState::RevokedByWallet);
    let detail = shop.unlinked_detail(&link.id).await;
    assert!(detail.contains("\"ended_by\":\"wallet_app\""), "{detail}");
}

#[tokio::test]
async fn a_browser_may_not_keep_what_the_checkout_answers() {
    // Chromium's back button reused a cached session that still showed an unlinked wallet.
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    for path in [buyer.api(""), buyer.api("/wallets")] {
        let r = buyer.get(&path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
    }
    let r = shop.merchant_get("/v1/payments").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn a_mark_left_by_the_previous_build_still_credits_its_unlink() {
    // While a new build rolls out, a replica of the previous one marks its unlinks on the
    // link itself (linked_wallets.unlinking_by); the echo may reach a new replica.
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let link = shop.buyer_wallet("buyer-1", "GCASH").await;
    sqlx::query(
        "UPDATE linked_wallets SET unlinking_by = 'merchant', unlinking_at = $1 WHERE id = $2",
    )
    .bind(shop.svc.now())
    .bind(&link.id)
    .execute(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
    let detail = shop.unlinked_detail(&link.id).await;
    assert!(detail.contains("\"ended_by\":\"merchant\""), "{detail}");
    let ended = shop.buyer_wallet("buyer-1", "GCASH").await;
    assert_eq!(
        ended.link,
        LinkState::NotLinked,
        "not \"unlinked in the wallet app\""
    );
}

#[tokio::test]
async fn the_buyer_unlinks_inside_the_wallet_app() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
    // TOKEN_CANCELED arrives as a signed notification.
    let mut state = LinkState::Linked;
    for _ in 0..50 {
        state = buyer
            .summary()
            .await
            .wallets
            .iter()
            .find(|w| w.code == "GCASH")
            .unwrap()
            .link;
        if state != LinkState::Linked {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(state, LinkState::RevokedByWallet);
    assert_eq!(
        error_code(buyer.pay("k1", "GCASH").await).await.1,
        "WALLET_NOT_LINKED"
    );
    // Linking again works.
    buyer.link("GCASH").await;
    assert_eq!(
        buyer.paid("k2").await.state,
        contract::api::PaymentState::Succeeded
    );
}

#[tokio::test]
async fn tokens_near_expiry_are_refreshed_by_the_worker() {
    let shop = Shop::open(&[("SANDBOX_ACCESS_TOKEN_TTL_SECS", "3600")]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let hash = |shop: &Shop| {
        let pool = shop.svc.db.pool.clone();
        async move {
            let row: (String,) = sqlx::query_as(
                "SELECT access_token_hash FROM linked_wallets WHERE status = 'active'",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            row.0
        }
    };
    let before = hash(&shop).await;
    shop.work().await;
    let after = hash(&shop).await;
    assert_ne!(before, after, "the token was replaced");
    assert_eq!(
        buyer.paid("k1").await.state,
        contract::api::PaymentState::Succeeded,
        "and the new one pays"
    );
}

#[tokio::test]
async fn a_forged_cross_site_request_is_refused_even_with_the_cookie() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    // A cross-site form carries the cookie but cannot add the app's header.
    let cookie = buyer.cookie_header();
    let forged = |path: &str, method: reqwest::Method| {
        shop.http
            .request(method, format!("{}{path}", shop.base))
            .header("cookie", cookie.clone())
    };
    let pay = forged(&buyer.api("/payments"), reqwest::Method::POST)
        .header("Idempotency-Key", "k1")
        .json(&json!({"wallet": "GCASH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(pay).await,
        (StatusCode::FORBIDDEN, "FORBIDDEN".into())
    );
    let unlink = forged(&buyer.api("/wallets/GCASH"), reqwest::Method::DELETE)
        .send()
        .await
        .unwrap();
    assert_eq!(unlink.status(), StatusCode::FORBIDDEN);
    // Reading is harmless and allowed; the wallet is still linked and unpaid.
    let summary: contract::api::SessionSummary = forged(&buyer.api(""), reqwest::Method::GET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary.wallets[0].link, LinkState::Linked);
    assert!(summary.payment.is_none());
}

#[tokio::test]
async fn a_wallet_tab_without_the_checkout_cookie_cannot_finish_the_link() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    let redirect = buyer.start_link("GCASH").await;
    let (code, state) = buyer.at_wallet(&redirect.normal_url.unwrap(), true).await;
    // A new top-level tab, or another browser the wallet app opened: no cookie.
    let new_tab = shop
        .complete_without_cookie(&buyer.session_id, code.as_deref(), &state)
        .await;
    assert_eq!(
        error_code(new_tab).await,
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "AUTH_STATE_OTHER_BROWSER".into()
        )
    );
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::NotLinked);
    // The browser that started it (an embedded checkout the tab handed the code to) finishes it.
    assert_eq!(
        buyer.complete(code.as_deref(), &state).await.status(),
        StatusCode::OK
    );
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::Linked);
}

#[tokio::test]
async fn a_victim_who_agrees_on_an_attackers_consent_page_links_their_wallet_to_nobody() {
    let shop = Shop::open(&[]).await;
    // 1. The attacker starts a link on their own checkout and keeps the consent URL.
    let attacker = shop.checkout("attacker", 10_000).await;
    let consent = attacker.start_link("GCASH").await.normal_url.unwrap();
    // 2. The victim, in their own browser with their own checkout open, agrees there.
    let victim = shop.checkout("victim", 5_000).await;
    let (code, state) = victim.at_wallet(&consent, true).await;
    // 3. The wallet returns the victim's browser to the attacker's return URL: refused,
    //    with the victim's own cookie and with none.
    assert_eq!(
        error_code(victim.complete(code.as_deref(), &state).await)
            .await
            .1,
        "AUTH_STATE_FOREIGN"
    );
    // The return URL is the attacker's checkout's: the victim's browser never claimed it.
    let at_return = victim
        .post(
            &format!(
                "/api/checkout-sessions/{}/authorizations/complete",
                attacker.session_id
            ),
            json!({"auth_code": code, "auth_state": state}),
        )
        .await;
    assert_eq!(error_code(at_return).await.1, "AUTH_STATE_OTHER_BROWSER");
    let bare = shop
        .complete_without_cookie(&attacker.session_id, code.as_deref(), &state)
        .await;
    assert_eq!(error_code(bare).await.1, "AUTH_STATE_OTHER_BROWSER");
    // 4. Antom's signed AUTHCODE_CREATED (the sandbox sends it) arrives and is acknowledged…
    let agreed = async {
        loop {
            let row: Option<(Option<i64>,)> = sqlx::query_as(
                "SELECT agreed_at FROM authorization_attempts WHERE auth_state = $1",
            )
            .bind(&state)
            .fetch_optional(&shop.svc.db.pool)
            .await
            .unwrap();
            if row.and_then(|r| r.0).is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), agreed)
        .await
        .expect("the sandbox notified AUTHCODE_CREATED");
    // …and links nothing, however long the attacker waits.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let links: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM linked_wallets")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(links.0, 0, "the victim's wallet is linked to nobody");
    assert_eq!(
        attacker.summary().await.wallets[0].link,
        LinkState::NotLinked
    );
    assert_eq!(
        error_code(attacker.pay("steal", "GCASH").await).await.1,
        "WALLET_NOT_LINKED"
    );
}

#[tokio::test]
async fn a_buyer_switches_region_and_links_a_wallet_there() {
    let shop = Shop::open(&[]).await;
    let created: serde_json::Value = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "traveller", "order": {"reference": "o-1", "description": "d", "amount": 10000, "currency": "PHP"}, "regions": ["PH", "MY"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let buyer = shop.claim(&created).await;
    let home = buyer.summary().await;
    assert_eq!(
        (home.region.as_deref(), home.regions.len()),
        (Some("PH"), 2)
    );
    let away: contract::api::SessionSummary = buyer
        .get(&buyer.api("?region=MY"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        away.wallets
            .iter()
            .map(|w| w.code.as_str())
            .collect::<Vec<_>>(),
        ["TNG", "BOOST", "GRABPAY_MY"]
    );
    assert_eq!(
        error_code(buyer.get(&buyer.api("?region=KR")).await)
            .await
            .1,
        "VALIDATION"
    );
    assert_eq!(buyer.link("TNG").await.wallet, "TNG");
    let r = buyer
        .post(
            &buyer.api("/authorizations"),
            json!({"wallet": "KAKAOPAY", "terminal": "WEB"}),
        )
        .await;
    assert_eq!(error_code(r).await.1, "WALLET_NOT_AVAILABLE");
}

#[tokio::test]
async fn a_token_antom_no_longer_accepts_ends_the_link_so_the_buyer_is_asked_to_link_again() {
    // No notification tells us (they are off): the failed payment is how we learn.
    let shop = Shop::open(&[("SANDBOX_NOTIFICATIONS", "off")]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
    let failed = buyer.paid("k1").await;
    assert_eq!(failed.state, contract::api::PaymentState::Failed);
    assert_eq!(failed.failure_code.as_deref(), Some("INVALID_ACCESS_TOKEN"));
    let gcash = |s: contract::api::SessionSummary| {
        s.wallets
            .into_iter()
            .find(|w| w.code == "GCASH")
            .unwrap()
            .link
    };
    assert_eq!(gcash(buyer.summary().await), LinkState::Expired);
    assert_eq!(
        error_code(buyer.pay("k2", "GCASH").await).await.1,
        "WALLET_NOT_LINKED"
    );
    buyer.link("GCASH").await;
    assert_eq!(
        buyer.paid("k3").await.state,
        contract::api::PaymentState::Succeeded
    );
}

#[tokio::test]
async fn a_token_refresh_that_races_an_unlink_stores_no_token_on_the_unlinked_link() {
    let shop = Shop::open(&[]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    // The worker read the link for a refresh…
    let leased = merchant::store::wallets::active(&shop.svc.db, "buyer-1", "GCASH")
        .await
        .unwrap()
        .unwrap();
    // …and the buyer unlinked here before Antom answered it.
    sqlx::query("UPDATE linked_wallets SET status = 'unlinked' WHERE id = $1")
        .bind(&leased.id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    merchant::domain::linking::refresh(&shop.svc, &leased)
        .await
        .unwrap();
    let after = merchant::store::wallets::get(&shop.svc.db, &leased.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.status, merchant::domain::states::LinkStatus::Unlinked);
    assert_eq!(
        after.access_token_hash, leased.access_token_hash,
        "the refreshed token was not written onto the unlinked link"
    );
    assert_eq!(after.refresh_token_enc, leased.refresh_token_enc);
    assert_eq!(buyer.summary().await.wallets[0].link, LinkState::NotLinked);
}

#[tokio::test]
async fn two_links_can_never_share_a_token_so_a_token_canceled_ends_exactly_one() {
    let shop = Shop::open(&[]).await;
    shop.checkout("buyer-1", 10_000).await.link("GCASH").await;
    shop.checkout("buyer-2", 10_000).await.link("GCASH").await;
    let first = merchant::store::wallets::active(&shop.svc.db, "buyer-1", "GCASH")
        .await
        .unwrap()
        .unwrap();
    let second = merchant::store::wallets::active(&shop.svc.db, "buyer-2", "GCASH")
        .await
        .unwrap()
        .unwrap();
    let clash = sqlx::query("UPDATE linked_wallets SET access_token_hash = $1 WHERE id = $2")
        .bind(&first.access_token_hash)
        .bind(&second.id)
        .execute(&shop.svc.db.pool)
        .await;
    assert!(
        clash.is_err(),
        "the database refuses a second link with the same token"
    );
}

/// A JP checkout for JPY 1,000; `recurring` says it is for a subscription.
async fn japanese_checkout(shop: &Shop, recurring: Option<bool>) -> crate::common::Buyer {
    let mut order = json!({
        "buyer_reference": "buyer-jp",
        "order": {"reference": "sub-1", "description": "Monthly beans", "amount": 1_000, "currency": "JPY"},
        "region": "JP",
    });
    if let Some(r) = recurring {
        order["recurring"] = json!(r);
    }
    let created = shop
        .merchant_post("/v1/checkout-sessions", None, order)
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    shop.claim(&created.json().await.unwrap()).await
}

/// What the wallet's authorization page tells the buyer about a link started here.
async fn wallet_page(shop: &Shop, buyer: &crate::common::Buyer, wallet: &str) -> String {
    let page = buyer.start_link(wallet).await.normal_url.unwrap();
    shop.http
        .get(page)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn paypay_is_told_whether_the_link_is_for_recurring_payments() {
    let shop = Shop::open(&[]).await;
    // Antom refuses a PayPay consult without recurringPayment: both answers must reach it.
    let subscription = japanese_checkout(&shop, Some(true)).await;
    let page = wallet_page(&shop, &subscription, "PAYPAY").await;
    assert!(page.contains("For recurring payments"), "{page}");
    let one_off = japanese_checkout(&shop, None).await;
    let page = wallet_page(&shop, &one_off, "PAYPAY").await;
    assert!(
        page.contains("asks to charge") && !page.contains("For recurring payments"),
        "{page}"
    );
}

#[tokio::test]
async fn recurring_must_be_a_boolean() {
    let shop = Shop::open(&[]).await;
    let r = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "b", "order": {"reference": "o", "description": "d", "amount": 1_000, "currency": "JPY"}, "region": "JP", "recurring": "yes"}),
        )
        .await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION".into())
    );
}

/// #31's token lifecycle, first part: a refresh refused for a reason of ours (a
/// key mistake during a rotation: `KEY_NOT_FOUND`) ended every link falling due;
/// an answer without a new refresh token erased the stored one. Only a refresh
/// token that is gone ends a link now, and the old refresh token is kept when no
/// new one comes.
#[tokio::test]
async fn only_a_refresh_token_that_is_gone_ends_a_link() {
    let shop = Shop::open(&[("SANDBOX_ACCESS_TOKEN_TTL_SECS", "3600")]).await;
    let buyer = shop.checkout("buyer-refresh", 10_000).await;
    buyer.link("GCASH").await;
    let script = |answers: serde_json::Value| {
        shop.http
            .post(format!("{}/sandbox/control/refresh", shop.base))
            .json(&json!({ "answers": answers }))
            .send()
    };
    let link = |shop: &Shop| {
        let pool = shop.svc.db.pool.clone();
        async move {
            let row: (String, String, Option<String>, Option<i64>) = sqlx::query_as(
                "SELECT status, access_token_hash, refresh_token_enc, lease_until FROM linked_wallets",
            )
            .fetch_one(&pool)
            .await
            .unwrap();
            row
        }
    };
    let release = |shop: &Shop| {
        let pool = shop.svc.db.pool.clone();
        async move {
            sqlx::query("UPDATE linked_wallets SET lease_until = NULL")
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    let (_, first_token, first_refresh, _) = link(&shop).await;

    // Our key is wrong for a while: the link stays, untouched, and is tried again later.
    script(json!(["KEY_NOT_FOUND"])).await.unwrap();
    shop.work().await;
    let (status, token, refresh, held) = link(&shop).await;
    assert_eq!(
        (status.as_str(), &token, &refresh),
        ("active", &first_token, &first_refresh)
    );
    assert!(
        held.unwrap() > shop.svc.now() + 500,
        "retried after a pause, not every round"
    );

    // A wallet that does not rotate refresh tokens: a new access token, the old refresh token kept.
    release(&shop).await;
    script(json!(["no_refresh_token"])).await.unwrap();
    shop.work().await;
    let (status, token, refresh, _) = link(&shop).await;
    assert_eq!(status, "active");
    assert_ne!(token, first_token);
    assert_eq!(refresh, first_refresh, "the stored refresh token is kept");
    // …and it still works.
    shop.work().await;
    assert_eq!(link(&shop).await.0, "active");
    assert_eq!(
        buyer.paid("k1").await.state,
        contract::api::PaymentState::Succeeded
    );

    // The refresh token itself is gone: the link ends, and the merchant hears it.
    release(&shop).await;
    script(json!(["INVALID_REFRESH_TOKEN"])).await.unwrap();
    shop.work().await;
    assert_eq!(link(&shop).await.0, "expired");
    let (unlinked,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM events WHERE type = 'wallet.unlinked'")
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_eq!(unlinked, 1);
}

/// #31: a payment sent with the token a refresh has since replaced, answered
/// `INVALID_ACCESS_TOKEN`, must not end the freshly refreshed link.
#[tokio::test]
async fn a_refusal_of_a_replaced_token_does_not_end_the_refreshed_link() {
    use merchant::domain::states::LinkStatus;
    use merchant::store::wallets;
    let shop = Shop::open(&[("SANDBOX_ACCESS_TOKEN_TTL_SECS", "3600")]).await;
    let buyer = shop.checkout("buyer-in-flight", 10_000).await;
    buyer.link("GCASH").await;
    let current = |shop: &Shop| {
        let pool = shop.svc.db.pool.clone();
        async move {
            let row: (String, String, String) =
                sqlx::query_as("SELECT id, access_token_hash, status FROM linked_wallets")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            row
        }
    };
    let (id, stale, _) = current(&shop).await;
    shop.work().await;
    let (_, fresh, _) = current(&shop).await;
    assert_ne!(stale, fresh, "refreshed");
    let now = shop.svc.now();
    let ended = wallets::end_with_token(&shop.svc.db, &id, &stale, LinkStatus::Expired, now)
        .await
        .unwrap();
    assert!(!ended);
    assert_eq!(current(&shop).await.2, "active");
    assert_eq!(
        buyer.paid("k1").await.state,
        contract::api::PaymentState::Succeeded
    );
    let ended = wallets::end_with_token(&shop.svc.db, &id, &fresh, LinkStatus::Expired, now)
        .await
        .unwrap();
    assert!(ended);
    assert_eq!(current(&shop).await.2, "expired");
}
