//! The checkout's primary action as a plain form post (`POST /checkout/{id}/act`):
//! what a browser without the app's wasm does. Each test is a buyer's journey or
//! an attacker's try: a post from another site, with a forged or another
//! checkout's proof, from a stranger, twice.

use crate::common::{unique, Buyer, Shop};
use crate::first_paint::app_dir;
use contract::api::{LinkState, PaymentState};
use reqwest::StatusCode;

pub(crate) async fn shop() -> Shop {
    Shop::open(&[("APP_DIR", app_dir().as_str())]).await
}

/// The value of the page's hidden field `name`.
pub(crate) fn field(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no field {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The checkout page as this buyer's browser gets it: its form's key and proof.
async fn painted_form(buyer: &Buyer) -> (String, String) {
    let page = buyer.get(&format!("/checkout/{}", buyer.session_id)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    (field(&html, "key"), field(&html, "proof"))
}

/// Posts the form as the browser does: `Sec-Fetch-Site` as given (`None`: an older browser).
async fn post(buyer: &Buyer, fields: &[(&str, &str)], site: Option<&str>) -> reqwest::Response {
    let mut request = buyer
        .http
        .post(format!("{}/checkout/{}/act", buyer.base, buyer.session_id))
        .form(fields);
    if let Some(site) = site {
        request = request.header("Sec-Fetch-Site", site);
    }
    request.send().await.unwrap()
}

/// Agrees at the wallet's page and comes back to the checkout's return route, as
/// the wallet sends the buyer: the answer, and the link's authState.
async fn agree_and_return(buyer: &Buyer, wallet_page: &str) -> (reqwest::Response, String) {
    let (code, state) = buyer.at_wallet(wallet_page, true).await;
    let id = &buyer.session_id;
    let code = code.expect("an authCode");
    let back = buyer
        .get(&format!(
            "/checkout/{id}/return?authCode={code}&authState={state}"
        ))
        .await;
    (back, state)
}

/// What the painted page's form posts: the wallet, the action its button showed
/// (for that wallet), the key and the proof.
fn form<'a>(
    wallet: &'a str,
    intent: &'a str,
    key: &'a str,
    proof: &'a str,
) -> [(&'static str, &'a str); 5] {
    [
        ("wallet", wallet),
        ("intent", intent),
        ("shown", wallet),
        ("key", key),
        ("proof", proof),
    ]
}

/// A browser with only the checkout's link: no cookie, no claim; redirects not followed.
pub(crate) fn stranger() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub(crate) fn location(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{r:?}");
    r.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_buyer_links_and_pays_with_the_painted_pages_form_and_a_double_submit_is_one_payment() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 10_000).await;
    let id = buyer.session_id.clone();
    let (key, proof) = painted_form(&buyer).await;
    assert_eq!(key.len(), 22, "a fresh idempotency key per render: {key}");

    // Link: the post answers the sandbox wallet's page (this origin: a redirect).
    let fields = form("GCASH", "link", &key, &proof);
    let linking = post(&buyer, &fields, Some("same-origin")).await;
    let wallet_page = location(&linking);
    assert!(wallet_page.starts_with(&shop.base), "{wallet_page}");
    // The return completes the link for the browser that started it, no app needed.
    let (back, state) = agree_and_return(&buyer, &wallet_page).await;
    assert_eq!(location(&back), format!("/checkout/{id}?linked=GCASH"));
    let gcash = |s: &contract::api::SessionSummary| {
        s.wallets.iter().find(|w| w.code == "GCASH").unwrap().link
    };
    assert_eq!(gcash(&buyer.summary().await), LinkState::Linked);
    // A second return with the same answer is the app's page again (the marker is gone).
    let again = buyer
        .get(&format!("/checkout/{id}/return?authState={state}"))
        .await;
    assert_eq!(again.status(), StatusCode::OK);

    // Pay: a newly painted page's key, posted twice (a double tap), is one payment.
    let (key, proof) = painted_form(&buyer).await;
    let fields = form("GCASH", "pay", &key, &proof);
    for _ in 0..2 {
        let paying = post(&buyer, &fields, None).await;
        assert_eq!(location(&paying), format!("/checkout/{id}?paying=1"));
    }
    let listed: contract::back_office::PaymentPage = shop
        .merchant_get("/v1/payments")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.total, 1, "one payment for two posts");
    assert_eq!(listed.payments[0].amount.minor, 10_000);
    shop.work().await;
    let summary = buyer.summary().await;
    let payment = summary.payment.expect("the payment");
    assert_eq!(payment.state, PaymentState::Succeeded);
    // An old tab's form with another key, posted after the payment: refused, not a second charge.
    let fields = form("GCASH", "pay", "an-old-tab", &proof);
    let late = post(&buyer, &fields, None).await;
    assert_eq!(
        location(&late),
        format!("/checkout/{id}?error=ORDER_ALREADY_PAID")
    );
    let listed: contract::back_office::PaymentPage = shop
        .merchant_get("/v1/payments")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.total, 1);
}

#[tokio::test]
async fn a_post_from_another_site_with_a_forged_or_foreign_proof_or_by_a_stranger_does_nothing() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    let other = shop.checkout(&unique("b"), 5_000).await;
    let (key, proof) = painted_form(&buyer).await;
    let (_, other_proof) = painted_form(&other).await;
    let id = buyer.session_id.clone();
    let forbidden = |r: reqwest::Response| async move {
        let (status, code) = crate::common::error_code(r).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::FORBIDDEN, "FORBIDDEN")
        );
    };
    // Another site posting into the buyer's session (the cookie would ride along where it is SameSite=None).
    for site in ["cross-site", "same-site", "none"] {
        let fields = form("GCASH", "link", &key, &proof);
        forbidden(post(&buyer, &fields, Some(site)).await).await;
    }
    // A browser that sends no Sec-Fetch-Site still needs this checkout's and this
    // browser's proof: without it nothing is done, and the page is painted again.
    for wrong in ["", "0000", other_proof.as_str()] {
        let fields = form("GCASH", "link", &key, wrong);
        let r = post(&buyer, &fields, None).await;
        assert_eq!(location(&r), format!("/checkout/{id}"));
        assert!(r.headers().get("set-cookie").is_none(), "no link marker");
    }
    // Another buyer's browser, with its own proof, on this checkout: not theirs to act on.
    let fields = form("GCASH", "link", &key, &other_proof);
    let r = other
        .http
        .post(format!("{}/checkout/{id}/act", shop.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), format!("/checkout/{id}?error=UNAUTHORIZED"));
    // A stranger with only the link.
    let r = stranger()
        .post(format!("{}/checkout/{id}/act", shop.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), format!("/checkout/{id}?error=UNAUTHORIZED"));
    // Nothing was started: no link attempt, no payment.
    let summary = buyer.summary().await;
    assert!(summary.payment.is_none());
    assert!(summary.wallets.iter().all(|w| w.link != LinkState::Linked));
}

#[tokio::test]
async fn a_wallet_not_offered_or_a_malformed_post_is_explained_and_a_declined_link_says_so() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    let id = buyer.session_id.clone();
    let (key, proof) = painted_form(&buyer).await;
    let fields = form("PAYPAY", "link", &key, &proof);
    let r = post(&buyer, &fields, None).await;
    assert_eq!(location(&r), format!("/checkout/{id}?error=VALIDATION"));
    // A page asked in a language (the embed's `?locale=`) posts in it, and its answer keeps it.
    let html = buyer
        .get(&format!("/checkout/{id}?locale=th"))
        .await
        .text()
        .await
        .unwrap();
    let action = format!("/checkout/{id}/act?locale=th");
    assert!(html.contains(&format!("action=\"{action}\"")), "{html}");
    let r = buyer
        .http
        .post(format!("{}{action}", shop.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        format!("/checkout/{id}?error=VALIDATION&locale=th")
    );
    let r = post(&buyer, &[("wallet", "GCASH")], None).await;
    let (status, code) = crate::common::error_code(r).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION")
    );
    // Declined at the wallet: back at the checkout with why, nothing linked.
    let fields = form("GCASH", "link", &key, &proof);
    let page = location(&post(&buyer, &fields, None).await);
    let (code, state) = buyer.at_wallet(&page, false).await;
    assert!(code.is_none());
    let back = buyer
        .get(&format!("/checkout/{id}/return?authState={state}"))
        .await;
    assert_eq!(
        location(&back),
        format!("/checkout/{id}?error=AUTH_DECLINED")
    );
    let painted = buyer
        .get(&format!("/checkout/{id}?error=AUTH_DECLINED"))
        .await;
    let html = painted.text().await.unwrap();
    assert!(
        html.contains("role=\"alert\""),
        "the reason is on the page: {html}"
    );
}

#[tokio::test]
async fn only_a_top_level_claim_answers_the_forms_proof_and_it_is_the_one_the_page_renders() {
    let shop = shop().await;
    let created = shop.created(&unique("b"), 5_000).await;
    let (claimed, _) = shop.claim_request(&created, true).await;
    assert!(claimed.headers().get("x-checkout-form-proof").is_none());
    let created = shop.created(&unique("b"), 5_000).await;
    let (claimed, session_id) = shop.claim_request(&created, false).await;
    let answered = claimed.headers()["x-checkout-form-proof"]
        .to_str()
        .unwrap()
        .to_owned();
    let cookie = claimed.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let html = reqwest::Client::new()
        .get(format!("{}/checkout/{session_id}", shop.base))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(field(&html, "proof"), answered);
    assert_eq!(answered.len(), 64);
    assert!(
        !html.contains("data-labels="),
        "the claimed page knows its label"
    );
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    // The page before the claim carries a key but no proof.
    let stranger = reqwest::Client::new();
    let html = stranger
        .get(format!("{}/checkout/{}", shop.base, buyer.session_id))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(field(&html, "proof"), "");
    assert!(html.contains("data-labels="), "the loader's labels: {html}");
}

#[tokio::test]
async fn a_tap_on_link_never_pays_and_a_page_whose_wallet_changed_is_painted_again() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    let id = buyer.session_id.clone();
    let (key, proof) = painted_form(&buyer).await;
    // GCash gets linked meanwhile (another tab); this page still says "Link GCash".
    buyer.link("GCASH").await;
    let fields = form("GCASH", "link", &key, &proof);
    let r = post(&buyer, &fields, None).await;
    assert_eq!(location(&r), format!("/checkout/{id}?wallet=GCASH"));
    // Painted again with the posted wallet picked, and the action true for it now.
    let html = buyer.get(&location(&r)).await.text().await.unwrap();
    assert!(html.contains("Pay ₱50.00 with GCash"), "{html}");
    // A page that says "Pay" for a wallet not linked (another radio picked with no
    // script to change the label) starts nothing either; no intent, nothing.
    for fields in [
        form("MAYA", "pay", &key, &proof).to_vec(),
        vec![("wallet", "MAYA"), ("key", &key), ("proof", &proof)],
        // Maya checked beside a "Link GCash" no script relabelled: not Maya's link either.
        vec![
            ("wallet", "MAYA"),
            ("intent", "link"),
            ("shown", "GCASH"),
            ("key", &key),
            ("proof", &proof),
        ],
    ] {
        let r = post(&buyer, &fields, None).await;
        assert_eq!(location(&r), format!("/checkout/{id}?wallet=MAYA"));
        assert!(r.headers().get("set-cookie").is_none(), "no link started");
    }
    let html = buyer
        .get(&format!("/checkout/{id}?wallet=MAYA"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Link Maya") && html.contains("name=\"intent\" value=\"link\""),
        "{html}"
    );
    let summary = buyer.summary().await;
    assert!(summary.payment.is_none(), "nothing was paid");
    let maya = summary.wallets.iter().find(|w| w.code == "MAYA").unwrap();
    assert_eq!(maya.link, LinkState::NotLinked);
}

#[tokio::test]
async fn a_proof_from_before_another_claim_repaints_and_a_made_up_return_keeps_the_links_marker() {
    let shop = shop().await;
    let reference = unique("b");
    let buyer = shop.checkout(&reference, 5_000).await;
    let id = buyer.session_id.clone();
    let (key, old_proof) = painted_form(&buyer).await;
    // Another checkout claimed in the same browser gives it a new cookie.
    let _other = shop.open_in(&buyer, &reference, 2_500).await;
    let (_, proof) = painted_form(&buyer).await;
    assert_ne!(proof, old_proof);
    let stale = form("GCASH", "link", &key, &old_proof);
    assert_eq!(
        location(&post(&buyer, &stale, None).await),
        format!("/checkout/{id}")
    );
    // With the page's current proof the link starts; a made-up return (another
    // site sending the buyer here) is left to the page and does not spend the marker.
    let fields = form("GCASH", "link", &key, &proof);
    let wallet_page = location(&post(&buyer, &fields, None).await);
    let junk = buyer
        .get(&format!(
            "/checkout/{id}/return?authCode=x&authState=made-up"
        ))
        .await;
    assert_eq!(junk.status(), StatusCode::OK);
    assert!(junk.headers().get("set-cookie").is_none());
    let (back, _) = agree_and_return(&buyer, &wallet_page).await;
    assert_eq!(location(&back), format!("/checkout/{id}?linked=GCASH"));
}

#[tokio::test]
async fn a_payment_still_processing_refreshes_the_page_it_posted_and_a_links_error_shows_only_a_buyers_code(
) {
    let shop = Shop::open(&[
        ("APP_DIR", app_dir().as_str()),
        ("SANDBOX_NOTIFICATIONS", "off"),
    ])
    .await;
    // An amount ending in 03: Antom answers U, and nothing notifies.
    let buyer = shop.checkout(&unique("b"), 10_003).await;
    let id = buyer.session_id.clone();
    buyer.link("GCASH").await;
    let (key, proof) = painted_form(&buyer).await;
    let fields = form("GCASH", "pay", &key, &proof);
    let paying = location(&post(&buyer, &fields, None).await);
    let page = buyer.get(&paying).await;
    assert_eq!(
        page.headers()["refresh"],
        "2",
        "asks again while Antom decides"
    );
    let html = page.text().await.unwrap();
    assert!(html.contains("Payment processing"), "{html}");
    // The app's own address (no form posted) is left to the app, which asks by itself.
    let plain = buyer.get(&format!("/checkout/{id}")).await;
    assert!(plain.headers().get("refresh").is_none());

    // `?error=` carries a buyer's code to the page; an operator's code from a link does not show.
    let other = shop.checkout(&unique("b"), 5_000).await;
    let page = |q: &'static str| {
        let other = &other;
        async move {
            let path = format!("/checkout/{}?error={q}", other.session_id);
            other.get(&path).await.text().await.unwrap()
        }
    };
    assert!(page("AUTH_DECLINED").await.contains("role=\"alert\""));
    assert!(!page("REFUND_EXCEEDS_PAYMENT")
        .await
        .contains("role=\"alert\""));
    assert!(!page("SOMETHING_ELSE").await.contains("role=\"alert\""));
}
