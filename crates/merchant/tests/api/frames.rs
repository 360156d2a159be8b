//! An embedded checkout in a browser that blocks third-party cookies (Safari,
//! every iOS WebView, WebKitGTK, Chromium with the setting on): the claim answers
//! a credential the frame keeps in memory and sends on every call. Each property
//! the cookie gave is asserted again for it.

use crate::common::{error_code, frame_client, Shop};
use contract::api::{LinkState, CREDENTIAL_HEADER};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_embedded_checkout_links_and_pays_with_its_credential_and_no_cookie() {
    let shop = Shop::open(&[]).await;
    let created = shop.created("buyer-1", 10_000).await;
    let frame = shop.claim_embedded(&created).await;
    assert_eq!(frame.summary().await.amount.minor, 10_000);
    assert_eq!(frame.link("GCASH").await.link, LinkState::Linked);
    assert_eq!(frame.paid("k1").await.amount.minor, 10_000);
    let wallets = frame.get(&frame.api("/wallets")).await;
    assert_eq!(wallets.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_credential_travels_in_a_header_only_never_in_the_body_and_is_never_cached() {
    let shop = Shop::open(&[]).await;
    let created = shop.created("buyer-1", 10_000).await;
    let (claimed, _) = shop.claim_request(&created, true).await;
    assert_eq!(claimed.status(), StatusCode::OK);
    assert_eq!(claimed.headers()["cache-control"], "no-store");
    let credential = claimed.headers()[CREDENTIAL_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(credential.len() >= 40, "32 random bytes: {credential}");
    let body = claimed.text().await.unwrap();
    assert!(!body.contains(&credential), "{body}");
}

#[tokio::test]
async fn the_claim_stays_one_time_whichever_way_it_is_made() {
    let shop = Shop::open(&[]).await;
    let created = shop.created("buyer-1", 10_000).await;
    let _frame = shop.claim_embedded(&created).await;
    for embedded in [true, false] {
        let (again, _) = shop.claim_request(&created, embedded).await;
        assert_eq!(
            error_code(again).await,
            (StatusCode::FORBIDDEN, "FORBIDDEN".into()),
            "embedded: {embedded}"
        );
    }
}

#[tokio::test]
async fn a_frames_credential_holds_its_own_checkout_and_no_other() {
    let shop = Shop::open(&[]).await;
    let a = shop
        .claim_embedded(&shop.created("buyer-1", 10_000).await)
        .await;
    let b = shop
        .claim_embedded(&shop.created("buyer-1", 25_000).await)
        .await;
    assert_ne!(
        a.cookie_header(),
        b.cookie_header(),
        "a credential per frame"
    );
    a.link("GCASH").await;
    // Frame A's credential on frame B's checkout: refused for every call.
    let on_b = |path: &str| format!("{}{}", a.base, b.api(path));
    for path in ["", "/wallets"] {
        let r = a.http.get(on_b(path)).send().await.unwrap();
        assert_eq!(error_code(r).await.1, "UNAUTHORIZED", "{path}");
    }
    let pay = a
        .http
        .post(on_b("/payments"))
        .header("Idempotency-Key", "k1")
        .json(&json!({"wallet": "GCASH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(pay).await.0, StatusCode::UNAUTHORIZED);
    assert!(b.summary().await.payment.is_none());
    // A made-up or empty credential holds nothing either.
    for forged in ["x", "' OR '1'='1", &"A".repeat(43)] {
        let r = frame_client(forged).get(on_b("")).send().await.unwrap();
        assert_eq!(error_code(r).await.1, "UNAUTHORIZED", "{forged}");
    }
}

#[tokio::test]
async fn a_link_started_in_a_frame_finishes_only_with_that_frames_credential() {
    let shop = Shop::open(&[]).await;
    let frame = shop
        .claim_embedded(&shop.created("buyer-1", 10_000).await)
        .await;
    let redirect = frame.start_link("GCASH").await;
    let (code, state) = frame.at_wallet(&redirect.normal_url.unwrap(), true).await;
    // The wallet tab (top level, nothing of the frame's) cannot finish it…
    let tab = shop
        .complete_without_cookie(&frame.session_id, code.as_deref(), &state)
        .await;
    assert_eq!(error_code(tab).await.1, "AUTH_STATE_OTHER_BROWSER");
    // …nor another frame's credential, even of the same buyer's other checkout…
    let other = shop
        .claim_embedded(&shop.created("buyer-1", 5_000).await)
        .await;
    let with_other = other
        .http
        .post(format!(
            "{}{}",
            other.base,
            frame.api("/authorizations/complete")
        ))
        .json(&json!({"auth_code": code, "auth_state": state}))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(with_other).await.1, "AUTH_STATE_OTHER_BROWSER");
    assert_eq!(
        error_code(other.complete(code.as_deref(), &state).await)
            .await
            .1,
        "AUTH_STATE_FOREIGN"
    );
    assert_eq!(frame.summary().await.wallets[0].link, LinkState::NotLinked);
    // …the frame the tab hands the code to does.
    assert_eq!(
        frame.complete(code.as_deref(), &state).await.status(),
        StatusCode::OK
    );
    assert_eq!(frame.summary().await.wallets[0].link, LinkState::Linked);
}

#[tokio::test]
async fn a_credential_does_not_excuse_a_call_from_the_csrf_guard() {
    let shop = Shop::open(&[]).await;
    let frame = shop
        .claim_embedded(&shop.created("buyer-1", 10_000).await)
        .await;
    frame.link("GCASH").await;
    let bare = reqwest::Client::new()
        .post(format!("{}{}", frame.base, frame.api("/payments")))
        .header(CREDENTIAL_HEADER, frame.cookie_header())
        .header("Idempotency-Key", "k1")
        .json(&json!({"wallet": "GCASH"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(bare).await,
        (StatusCode::FORBIDDEN, "FORBIDDEN".into())
    );
    assert!(frame.summary().await.payment.is_none());
}

#[tokio::test]
async fn a_browser_is_told_expired_only_when_its_hold_on_the_checkout_ran_out() {
    let shop = Shop::open(&[]).await;
    let created = shop.created("buyer-1", 10_000).await;
    let id = created["id"].as_str().unwrap().to_owned();
    // A frame whose cookie was blocked, or another browser: never held it.
    let nobody = shop
        .http
        .get(format!("{}/api/checkout-sessions/{id}", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(nobody).await,
        (StatusCode::UNAUTHORIZED, "UNAUTHORIZED".into())
    );
    let frame = shop.claim_embedded(&created).await;
    sqlx::query("UPDATE browser_checkouts SET expires_at = 1 WHERE checkout_session_id = $1")
        .bind(&id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(
        error_code(frame.get(&frame.api("")).await).await,
        (StatusCode::UNAUTHORIZED, "SESSION_EXPIRED".into())
    );
}

#[tokio::test]
async fn behind_a_tls_terminator_the_sandbox_links_pays_and_notifies_over_loopback() {
    // Nothing listens at the public URL: only loopback can reach the embedded sandbox.
    let shop = Shop::open(&[("PUBLIC_BASE_URL", "https://127.0.0.1:9")]).await;
    let created = shop.created("buyer-1", 10_003).await;
    assert!(created["url"]
        .as_str()
        .unwrap()
        .starts_with("https://127.0.0.1:9/checkout/"));
    let frame = shop.claim_embedded(&created).await;
    let redirect = frame.start_link("GCASH").await;
    let page = redirect.normal_url.unwrap();
    assert!(page.starts_with("https://127.0.0.1:9/"), "{page}");
    // The buyer's browser reaches the wallet page through the terminator; here, directly.
    let page = page.replace("https://127.0.0.1:9", &shop.base);
    let (code, state) = frame.at_wallet(&page, true).await;
    assert_eq!(
        frame.complete(code.as_deref(), &state).await.status(),
        StatusCode::OK
    );
    // Amount ending in 03: U, then the sandbox's notifyPayment settles it, through loopback.
    let processing = frame.paid("k1").await;
    let settled = async {
        loop {
            let p = shop.payment_view(&processing.id).await;
            if p.state == contract::api::PaymentState::Succeeded {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(20), settled)
        .await
        .expect("notifyPayment reached the service over loopback");
}

#[tokio::test]
async fn a_frame_is_its_credential_whatever_cookie_rides_along() {
    // WebKit sends a cookie stored at top level along with a cross-site frame's calls.
    let shop = Shop::open(&[]).await;
    let top = shop.claim(&shop.created("buyer-1", 10_000).await).await;
    let frame = shop
        .claim_embedded(&shop.created("buyer-1", 25_000).await)
        .await;
    let with_both = |path: String| {
        frame
            .http
            .get(format!("{}{path}", frame.base))
            .header("cookie", top.cookie_header())
    };
    // The frame's own checkout: its credential holds it.
    let own = with_both(frame.api("")).send().await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    // The top-level checkout, which the riding cookie holds: the frame is not that browser.
    let other = with_both(top.api("")).send().await.unwrap();
    assert_eq!(error_code(other).await.1, "UNAUTHORIZED");
}

/// The second security review: every checkout page allowed every
/// `MERCHANT_ORIGINS` entry to frame it, so one merchant site (or one taken
/// over) could frame checkouts made for another. Now a checkout is framed only
/// by its own `embed_origin`.
#[tokio::test]
async fn a_checkout_can_be_framed_only_by_the_page_it_was_made_for() {
    let app = crate::first_paint::app_dir();
    let shop = Shop::open(&[
        ("APP_DIR", app.as_str()),
        (
            "MERCHANT_ORIGINS",
            "https://shop-a.example,https://shop-b.example",
        ),
    ])
    .await;
    let make = |embed: Option<&str>| {
        let mut body = serde_json::json!({"buyer_reference": "b-frame", "order": {"reference": crate::common::unique("o"),
            "description": "Kopi", "amount": 1000, "currency": "PHP"}, "region": "PH"});
        if let Some(origin) = embed {
            body["embed_origin"] = origin.into();
        }
        shop.merchant_post("/v1/checkout-sessions", None, body)
    };
    let framed: serde_json::Value = make(Some("https://shop-a.example"))
        .await
        .json()
        .await
        .unwrap();
    let plain: serde_json::Value = make(None).await.json().await.unwrap();
    let ancestors = |id: String| {
        let http = shop.http.clone();
        let base = shop.base.clone();
        async move {
            let r = http
                .get(format!("{base}/checkout/{id}"))
                .send()
                .await
                .unwrap();
            let csp = r.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .to_owned();
            csp.split(';')
                .find(|d| d.trim().starts_with("frame-ancestors"))
                .unwrap()
                .trim()
                .to_owned()
        }
    };
    assert_eq!(
        ancestors(framed["id"].as_str().unwrap().to_owned()).await,
        "frame-ancestors 'self' https://shop-a.example"
    );
    assert_eq!(
        ancestors(plain["id"].as_str().unwrap().to_owned()).await,
        "frame-ancestors 'self'"
    );
    assert_eq!(
        ancestors("cs_unknown".to_owned()).await,
        "frame-ancestors 'self'"
    );
}
