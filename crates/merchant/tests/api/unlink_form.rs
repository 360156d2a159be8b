//! The linked-wallets page's Unlink as a plain form post
//! (`POST /checkout/{id}/wallets/unlink`): what a browser without the app's wasm
//! does, asked to confirm by the page itself (`?confirm=GCASH`). Each test is a
//! buyer's journey or an attacker's try.

use crate::common::{unique, Buyer, Shop};
use crate::forms::{field, location, shop, stranger};
use contract::api::LinkState;
use reqwest::StatusCode;

/// The linked-wallets page at `query`, as this buyer's browser gets it.
async fn wallets_page(buyer: &Buyer, query: &str) -> String {
    let page = buyer
        .get(&format!("/checkout/{}/wallets{query}", buyer.session_id))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.unwrap()
}

/// Posts the confirmation as the browser does (`Sec-Fetch-Site` as given; `None`: an older browser).
async fn post(
    buyer: &Buyer,
    path: &str,
    fields: &(impl serde::Serialize + ?Sized),
    site: Option<&str>,
) -> reqwest::Response {
    let mut request = buyer
        .http
        .post(format!("{}{path}", buyer.base))
        .form(fields);
    if let Some(site) = site {
        request = request.header("Sec-Fetch-Site", site);
    }
    request.send().await.unwrap()
}

async fn unlinked_events(shop: &Shop) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM events WHERE type = 'wallet.unlinked'")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    n
}

async fn gcash(buyer: &Buyer) -> LinkState {
    let summary = buyer.summary().await;
    summary
        .wallets
        .iter()
        .find(|w| w.code == "GCASH")
        .unwrap()
        .link
}

#[tokio::test]
async fn a_buyer_unlinks_on_the_painted_page_after_confirming_and_a_second_post_is_the_same_unlink()
{
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let id = buyer.session_id.clone();
    let wallets = format!("/checkout/{id}/wallets");

    // An old or made-up address says nothing of a wallet that is linked, and echoes no markup.
    let html = wallets_page(&buyer, "?unlinked=GCASH&confirm=%3Cb%3Ex&error=%3Cb%3Ey").await;
    assert!(
        !html.contains("was unlinked") && !html.contains("<b>"),
        "{html}"
    );
    // Unlink asks first: a plain GET of the page with the wallet to confirm.
    let html = wallets_page(&buyer, "").await;
    assert!(
        html.contains(&format!("method=\"get\" action=\"{wallets}\"")),
        "{html}"
    );
    assert!(html.contains("name=\"confirm\" value=\"GCASH\""), "{html}");
    assert!(!html.contains("Yes, unlink"), "nothing to confirm yet");
    // The page asked to confirm: the question, and a post that carries the proof.
    let html = wallets_page(&buyer, "?confirm=GCASH").await;
    assert!(
        html.contains("Unlink GCash? You will need to authorize it again"),
        "{html}"
    );
    assert!(
        html.contains("Yes, unlink") && html.contains("Keep it"),
        "{html}"
    );
    let action = format!("{wallets}/unlink");
    assert!(
        html.contains(&format!("method=\"post\" action=\"{action}\"")),
        "{html}"
    );
    let proof = field(&html, "proof");
    let linked_at = field(&html, "linked_at");
    assert_eq!(field(&html, "wallet"), "GCASH");
    assert_eq!(
        gcash(&buyer).await,
        LinkState::Linked,
        "asking unlinks nothing"
    );

    let fields = [
        ("wallet", "GCASH"),
        ("linked_at", linked_at.as_str()),
        ("proof", proof.as_str()),
    ];
    let done = post(&buyer, &action, &fields, Some("same-origin")).await;
    assert_eq!(location(&done), format!("{wallets}?unlinked=GCASH"));
    assert_eq!(gcash(&buyer).await, LinkState::NotLinked);
    assert_eq!(unlinked_events(&shop).await, 1);
    // The page it lands on says so, and GCash is no longer listed.
    let html = wallets_page(&buyer, "?unlinked=GCASH").await;
    assert!(html.contains("GCash was unlinked."), "{html}");
    assert!(!html.contains("name=\"confirm\""), "{html}");

    // The same confirmation again (a double tap, a reload): the same answer, nothing more done.
    let again = post(&buyer, &action, &fields, None).await;
    assert_eq!(location(&again), format!("{wallets}?unlinked=GCASH"));
    assert_eq!(unlinked_events(&shop).await, 1);
    // Linked anew later: the old confirmation, posted again from the history, is not
    // this link's, and ends nothing; the page shows the link as it is.
    shop.advance_clock("PT5S").await;
    buyer.link("GCASH").await;
    let replayed = post(&buyer, &action, &fields, None).await;
    assert_eq!(location(&replayed), wallets);
    assert_eq!(gcash(&buyer).await, LinkState::Linked);
    assert_eq!(unlinked_events(&shop).await, 1);
    // A wallet the buyer never linked is not "unlinked": the page says it is not there.
    // A wallet the buyer never linked, or a code no page offers, is not "unlinked",
    // and not "not found" either (which reads as the checkout): the page as it is.
    for wallet in ["DANA", "NOPE"] {
        let never = [("wallet", wallet), ("proof", proof.as_str())];
        let r = post(&buyer, &action, &never, None).await;
        assert_eq!(location(&r), wallets);
    }
    // Only a wallet's code is ever named back on the page.
    let html = wallets_page(&buyer, "?unlinked=Your%20account%20is%20closed").await;
    assert!(!html.contains("Your account is closed"), "{html}");
}

#[tokio::test]
async fn an_unlink_from_another_site_with_a_forged_or_foreign_proof_or_by_a_stranger_does_nothing()
{
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let other = shop.checkout(&unique("b"), 5_000).await;
    other.link("GCASH").await;
    let id = buyer.session_id.clone();
    let wallets = format!("/checkout/{id}/wallets");
    let action = format!("{wallets}/unlink");
    let proof = field(&wallets_page(&buyer, "?confirm=GCASH").await, "proof");
    let other_proof = field(&wallets_page(&other, "?confirm=GCASH").await, "proof");

    for site in ["cross-site", "same-site", "none"] {
        let r = post(
            &buyer,
            &action,
            &[("wallet", "GCASH"), ("proof", &proof)],
            Some(site),
        )
        .await;
        let (status, code) = crate::common::error_code(r).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::FORBIDDEN, "FORBIDDEN")
        );
    }
    // No Sec-Fetch-Site (an older browser): the proof of this checkout and browser, or nothing.
    for wrong in ["", "0000", other_proof.as_str()] {
        let r = post(
            &buyer,
            &action,
            &[("wallet", "GCASH"), ("proof", wrong)],
            None,
        )
        .await;
        assert_eq!(location(&r), wallets);
    }
    // Another buyer's browser, with its own proof, on this checkout; a stranger with the link.
    let fields = [("wallet", "GCASH"), ("proof", other_proof.as_str())];
    let r = post(&other, &action, &fields, None).await;
    assert_eq!(location(&r), format!("{wallets}?error=UNAUTHORIZED"));
    let r = stranger()
        .post(format!("{}{action}", shop.base))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), format!("{wallets}?error=UNAUTHORIZED"));
    // A malformed post is a typed error, and nothing was unlinked for either buyer.
    let r = post(&buyer, &action, &[("wallet", "GCASH")], None).await;
    let (status, code) = crate::common::error_code(r).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "VALIDATION")
    );
    assert_eq!(gcash(&buyer).await, LinkState::Linked);
    assert_eq!(gcash(&other).await, LinkState::Linked);
    assert_eq!(unlinked_events(&shop).await, 0);
}

#[tokio::test]
async fn the_page_asked_in_a_language_answers_in_it_and_a_refused_unlink_says_why_in_it() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let id = buyer.session_id.clone();
    let wallets = format!("/checkout/{id}/wallets");
    // The embed asks for the merchant page's language; the forms keep it.
    let html = wallets_page(&buyer, "?locale=th").await;
    assert!(html.contains("<html lang=\"th\">"), "{html}");
    assert!(
        html.contains("name=\"locale\" value=\"th\""),
        "the ask keeps it: {html}"
    );
    let html = wallets_page(&buyer, "?locale=th&confirm=GCASH").await;
    let action = format!("{wallets}/unlink?locale=th");
    assert!(html.contains(&format!("action=\"{action}\"")), "{html}");
    let proof = field(&html, "proof");
    let linked_at = field(&html, "linked_at");
    // A post the service refuses (from another buyer's browser): the page says why, in Thai.
    let other = shop.checkout(&unique("b"), 5_000).await;
    other.link("GCASH").await;
    let other_proof = field(&wallets_page(&other, "?confirm=GCASH").await, "proof");
    let r = post(
        &other,
        &action,
        &[("wallet", "GCASH"), ("proof", &other_proof)],
        None,
    )
    .await;
    let refused = location(&r);
    assert_eq!(refused, format!("{wallets}?error=UNAUTHORIZED&locale=th"));
    let html = wallets_page(&buyer, &refused[wallets.len()..]).await;
    assert!(
        html.contains("<html lang=\"th\">") && html.contains("role=\"alert\""),
        "{html}"
    );
    // GCash's goes through, and says so in Thai too.
    let fields = [
        ("wallet", "GCASH"),
        ("linked_at", &linked_at),
        ("proof", &proof),
    ];
    let r = post(&buyer, &action, &fields, None).await;
    assert_eq!(location(&r), format!("{wallets}?unlinked=GCASH&locale=th"));
    assert_eq!(gcash(&buyer).await, LinkState::NotLinked);
}

#[tokio::test]
async fn a_browser_whose_hold_ran_out_is_told_so_and_unlinks_nothing() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let id = buyer.session_id.clone();
    let wallets = format!("/checkout/{id}/wallets");
    let proof = field(&wallets_page(&buyer, "?confirm=GCASH").await, "proof");
    sqlx::query("UPDATE browser_checkouts SET expires_at = 1 WHERE checkout_session_id = $1")
        .bind(&id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let fields = [("wallet", "GCASH"), ("proof", proof.as_str())];
    let r = post(&buyer, &format!("{wallets}/unlink"), &fields, None).await;
    assert_eq!(location(&r), format!("{wallets}?error=SESSION_EXPIRED"));
    assert_eq!(unlinked_events(&shop).await, 0);
    // The checkout's own form says the same.
    let r = buyer
        .http
        .post(format!("{}/checkout/{id}/act", shop.base))
        .form(&[
            ("wallet", "GCASH"),
            ("intent", "pay"),
            ("key", "k-1"),
            ("proof", &proof),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        location(&r),
        format!("/checkout/{id}?error=SESSION_EXPIRED")
    );
}

#[tokio::test]
async fn a_checkout_id_no_redirect_can_carry_is_a_typed_not_found() {
    let shop = shop().await;
    let r = shop
        .http
        .post(format!(
            "{}/checkout/cs_x%0D%0ASet-Cookie:%20a=b/wallets/unlink",
            shop.base
        ))
        .form(&[("wallet", "GCASH"), ("proof", "p")])
        .send()
        .await
        .unwrap();
    let (status, code) = crate::common::error_code(r).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::NOT_FOUND, "NOT_FOUND")
    );
}

/// The confirmation of `buyer`'s painted GCash link, as its page posts it.
async fn confirmation(buyer: &Buyer) -> Vec<(&'static str, String)> {
    let html = wallets_page(buyer, "?confirm=GCASH").await;
    vec![
        ("wallet", "GCASH".to_owned()),
        ("linked_at", field(&html, "linked_at")),
        ("proof", field(&html, "proof")),
    ]
}

#[tokio::test]
async fn two_confirmations_at_once_are_one_unlink_and_each_answer_is_true() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let wallets = format!("/checkout/{}/wallets", buyer.session_id);
    let action = format!("{wallets}/unlink");
    let fields = confirmation(&buyer).await;
    let (a, b) = tokio::join!(
        post(&buyer, &action, &fields, None),
        post(&buyer, &action, &fields, None)
    );
    // Each says it is unlinked, or (the other still on its way) shows the page as it is.
    let unlinked = format!("{wallets}?unlinked=GCASH");
    let answers = [location(&a), location(&b)];
    assert!(answers.contains(&unlinked), "{answers:?}");
    assert!(
        answers.iter().all(|l| *l == unlinked || *l == wallets),
        "{answers:?}"
    );
    assert_eq!(gcash(&buyer).await, LinkState::NotLinked);
    assert_eq!(unlinked_events(&shop).await, 1);
}

#[tokio::test]
async fn a_link_the_wallet_app_ended_meanwhile_is_shown_as_it_is_not_as_unlinked_here() {
    let shop = shop().await;
    let buyer = shop.checkout(&unique("b"), 5_000).await;
    buyer.link("GCASH").await;
    let wallets = format!("/checkout/{}/wallets", buyer.session_id);
    let fields = confirmation(&buyer).await;
    // The buyer unlinks inside the wallet app while this page waits for the Yes.
    assert_eq!(shop.unlink_in_wallet_app("GCASH").await, 1);
    for _ in 0..100 {
        if gcash(&buyer).await == LinkState::RevokedByWallet {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(gcash(&buyer).await, LinkState::RevokedByWallet);
    let r = post(&buyer, &format!("{wallets}/unlink"), &fields, None).await;
    assert_eq!(location(&r), wallets);
    let html = wallets_page(&buyer, "").await;
    assert!(html.contains("Unlinked in the wallet app"), "{html}");
    assert!(
        !html.contains("role=\"alert\"") && !html.contains("was unlinked"),
        "{html}"
    );
}
