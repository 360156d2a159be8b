//! The checkout's first paint comes from the service: the order and the wallets
//! are in the first HTML, in the buyer's language, and before this browser
//! claimed the checkout nothing in it is the buyer's own (links, accounts, the
//! payment). Each answer here is what a buyer, a link-preview bot or a stranger
//! holding only the URL would get.

use crate::common::{unique, Shop};
use checkout_app::first_paint::{FirstPaint, Viewer};
use reqwest::StatusCode;
use serde_json::json;

/// A built app folder whose checkout page is shaped like Trunk's minified output.
pub fn app_dir() -> String {
    let dir = std::env::temp_dir().join(unique("first-paint-app"));
    std::fs::create_dir_all(dir.join("wallets")).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><html lang=en><meta charset=utf-8><title>Checkout</title>\
         <script type=module>import init from '/checkout.js';</script></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(
        dir.join("wallets/index.html"),
        "<!doctype html><html><head></head><body></body></html>",
    )
    .unwrap();
    dir.display().to_string()
}

async fn shop() -> Shop {
    Shop::open(&[
        ("APP_DIR", app_dir().as_str()),
        ("MERCHANT_NAME", "Kopi <Shop>"),
    ])
    .await
}

/// A page as a browser sending `headers` gets it (the client reads English unless they say otherwise): status, headers, HTML.
async fn page(
    client: &reqwest::Client,
    url: String,
    headers: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let mut request = client.get(url);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = request.send().await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.unwrap())
}

/// The page's data element, parsed.
fn data(html: &str) -> FirstPaint {
    let open = html
        .find("<script type=\"application/json\" id=\"first-paint\">")
        .expect("data element");
    let rest = &html[open..];
    let start = rest.find('>').unwrap() + 1;
    let end = rest.find("</script>").unwrap();
    serde_json::from_str(&rest[start..end]).unwrap()
}

#[tokio::test]
async fn a_link_holder_sees_the_order_and_wallets_and_only_the_buyers_browser_sees_their_links() {
    let shop = shop().await;
    // The buyer linked GCash in an earlier checkout.
    let earlier = shop.checkout("b-first-paint", 10_000).await;
    earlier.link("GCASH").await;
    let created = shop.created("b-first-paint", 125_000).await;
    let id = created["id"].as_str().unwrap();
    let url = created["url"].as_str().unwrap();
    let token = url.split_once("#t=").unwrap().1;

    // A link-preview bot (or anyone with the URL, whose fragment never reaches us).
    let (status, headers, html) =
        page(&shop.http, format!("{}/checkout/{id}", shop.base), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["server-timing"]
        .to_str()
        .unwrap()
        .starts_with("app;dur="));
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        html.contains("<main id=\"main\" class=\"checkout\">"),
        "{html}"
    );
    assert!(
        html.contains("Kopi &lt;Shop&gt;"),
        "the merchant, escaped: {html}"
    );
    assert!(!html.contains("Kopi <Shop>"), "{html}");
    assert!(
        html.contains("₱1,250.00"),
        "the total as Intl writes it: {html}"
    );
    let (gcash, maya) = (html.find(">GCash<").unwrap(), html.find(">Maya<").unwrap());
    assert!(gcash < maya, "the catalogue's order, not linked first");
    assert!(
        !html.contains("Linked"),
        "no link state before the claim: {html}"
    );
    assert!(
        !html.contains("****"),
        "no masked account before the claim: {html}"
    );
    assert!(!html.contains(token), "the token never comes back");
    assert!(
        html.contains("aria-busy=\"true\""),
        "the action waits: {html}"
    );
    // Who asks and how much, never what was bought: the id alone travels in logs and webhooks.
    assert!(
        !html.contains("Kopi beans"),
        "no order before the claim: {html}"
    );
    let paint = data(&html);
    let shown = paint.checkout.expect("the checkout is in the data");
    assert_eq!(shown.viewer, Viewer::LinkHolder);
    assert!(shown.summary.payment.is_none());
    assert!(shown
        .summary
        .wallets
        .iter()
        .all(|w| w.account.is_none() && w.link == contract::api::LinkState::NotLinked));

    // A stranger's browser holding another checkout's cookie is a link holder here too.
    let stranger = shop.checkout("b-stranger", 5_000).await;
    let r = stranger.get(&format!("/checkout/{id}")).await;
    let html = r.text().await.unwrap();
    assert_eq!(data(&html).checkout.unwrap().viewer, Viewer::LinkHolder);
    assert!(!html.contains("****"), "{html}");

    // The buyer's browser that claimed an earlier checkout of theirs: their links,
    // linked first, but nothing to act on (nor the payment) until it claims this one.
    let r = earlier.get(&format!("/checkout/{id}")).await;
    let html = r.text().await.unwrap();
    let shown = data(&html).checkout.unwrap();
    assert_eq!(shown.viewer, Viewer::ReturningBrowser);
    assert_eq!(shown.summary.wallets[0].code, "GCASH");
    assert!(html.contains("Linked · "), "{html}");
    assert!(
        html.contains("Loading…") && html.contains("aria-busy=\"true\""),
        "{html}"
    );

    // The buyer's own browser, once it claimed the link: its links, linked first.
    let buyer = shop.claim_in(earlier.http.clone(), &created).await;
    let r = buyer.get(&format!("/checkout/{id}")).await;
    let html = r.text().await.unwrap();
    let shown = data(&html).checkout.unwrap();
    assert_eq!(shown.viewer, Viewer::Buyer);
    assert_eq!(shown.summary.wallets[0].code, "GCASH");
    assert!(html.contains("Linked · "), "{html}");
    assert!(html.contains("Pay ₱1,250.00 with GCash"), "{html}");
    assert!(
        html.contains("Kopi beans"),
        "the order, once claimed: {html}"
    );
    // It works before the app runs: a form post to the service, the button enabled.
    assert!(
        html.contains("aria-busy=\"false\"") && !html.contains(" disabled"),
        "usable before the app runs: {html}"
    );
    assert!(
        html.contains(&format!("action=\"/checkout/{id}/act\"")),
        "{html}"
    );
}

#[tokio::test]
async fn the_page_is_in_the_sessions_language_else_the_buyers_choice_else_accept_language() {
    let shop = shop().await;
    let created = shop.created("b-lang", 10_000).await;
    let id = created["id"].as_str().unwrap();
    let at = format!("{}/checkout/{id}", shop.base);
    let (_, _, html) = page(
        &shop.http,
        at.clone(),
        &[("accept-language", "fr-FR, zh-TW;q=0.8, en;q=0.5")],
    )
    .await;
    assert!(html.contains("<html lang=\"zh-TW\">"), "{html}");
    assert!(html.contains("PHP\u{a0}100.00"), "{html}");
    assert_eq!(data(&html).locale, "zh-TW");
    // The sandbox banner speaks the page's language, with English beside it, and no other.
    let banner = html.split("class=\"sandbox-banner\"").nth(1).unwrap();
    let banner = banner.split("</div>").next().unwrap();
    assert!(
        banner.contains("no real money moves")
            && banner.contains("<span lang=\"zh-TW\">· 沙盒測試模式"),
        "{banner}"
    );
    assert!(!banner.contains("zh-CN"), "{banner}");
    let (_, _, html) = page(
        &shop.http,
        at.clone(),
        &[
            ("accept-language", "zh-TW"),
            ("cookie", "checkout-locale=zh-CN"),
        ],
    )
    .await;
    assert!(
        html.contains("<html lang=\"zh-CN\">"),
        "the saved choice wins: {html}"
    );
    let (_, _, html) = page(&shop.http, at.clone(), &[("accept-language", "de")]).await;
    assert!(
        html.contains("<html lang=\"fil\">"),
        "nothing the checkout speaks: the region's language (PH): {html}"
    );
    assert!(
        html.contains("<span lang=\"fil\">· Test mode ng sandbox"),
        "{html}"
    );

    let set = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "b-lang", "order": {"reference": unique("o"), "description": "Tea", "amount": 100, "currency": "PHP"}, "region": "PH", "locale": "zh-CN", "brand_color": "#1453c7"}),
        )
        .await;
    let set: serde_json::Value = set.json().await.unwrap();
    let (_, headers, html) = page(
        &shop.http,
        format!("{}/checkout/{}", shop.base, set["id"].as_str().unwrap()),
        &[
            ("accept-language", "zh-TW"),
            ("cookie", "checkout-locale=en"),
        ],
    )
    .await;
    assert!(
        html.contains("<html lang=\"zh-CN\">"),
        "the merchant's locale wins: {html}"
    );
    // The merchant's colour is a <style> the CSP names by its hash, not unsafe-inline.
    let style = ":root{--merchant-brand:#1453c7}";
    assert!(html.contains(&format!("<style>{style}</style>")), "{html}");
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains(&format!("style-src 'self' 'sha256-{hash}'")),
        "{csp}"
    );
}

#[tokio::test]
async fn order_text_cannot_break_out_of_the_page() {
    let shop = shop().await;
    let evil = "</script><script>alert(1)</script><!--";
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": "b-evil", "order": {"reference": unique("o"), "description": evil, "amount": 200, "currency": "PHP",
                "items": [{"name": evil, "quantity": 1, "unit_amount": 200}]}, "region": "PH"}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    // The buyer's browser: the order is painted only once the link is claimed.
    let buyer = shop.claim(&created).await;
    let html = buyer
        .get(&format!("/checkout/{}", created["id"].as_str().unwrap()))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert_eq!(
        html.matches("</script>").count(),
        2,
        "the loader's and the data's own: {html}"
    );
    assert_eq!(data(&html).checkout.unwrap().summary.description, evil);
}

#[tokio::test]
async fn unknown_and_lapsed_checkouts_show_nothing_but_the_app() {
    let shop = shop().await;
    let (status, _, html) = page(
        &shop.http,
        format!("{}/checkout/cs_{}", shop.base, unique("none")),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(data(&html).checkout.is_none());

    let created = shop.created("b-lapsed", 10_000).await;
    let id = created["id"].as_str().unwrap();
    sqlx::query("UPDATE checkout_sessions SET expires_at = 1 WHERE id = $1")
        .bind(id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let (status, _, html) = page(&shop.http, format!("{}/checkout/{id}", shop.base), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(data(&html).checkout.is_none(), "{html}");
    assert!(!html.contains("Kopi beans"), "{html}");
}

#[tokio::test]
async fn the_return_page_is_painted_without_echoing_the_wallets_answer() {
    let shop = shop().await;
    let created = shop.created("b-return", 10_000).await;
    let id = created["id"].as_str().unwrap();
    let code = "AUTHCODE_SECRET_123";
    let (status, headers, html) = page(
        &shop.http,
        format!(
            "{}/checkout/{id}/return?authCode={code}&authState=st_1",
            shop.base
        ),
        &[("accept-language", "zh-CN")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-store");
    // The wallet's tab keeps its opener (the embedded checkout's frame) through this page.
    assert_eq!(headers["cross-origin-opener-policy"], "unsafe-none");
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
    assert!(html.contains("<main id=\"main\""), "{html}");
    assert!(!html.contains(code), "{html}");
    assert!(!html.contains("st_1"), "{html}");
}

#[tokio::test]
async fn the_linked_wallets_page_is_painted_only_for_the_browser_that_claimed_the_checkout() {
    let shop = shop().await;
    let buyer = shop.checkout("b-wallets-page", 10_000).await;
    buyer.link("GCASH").await;
    let at = format!("/checkout/{}/wallets", buyer.session_id);
    let html = buyer.get(&at).await.text().await.unwrap();
    let wallets = data(&html).linked_wallets.expect("the buyer's wallets");
    assert_eq!(wallets.len(), 1);
    assert!(html.contains("GCash") && html.contains("****"), "{html}");
    assert!(
        html.contains("Linked ") && html.contains(" UTC"),
        "the time in UTC on the server: {html}"
    );

    // Anyone else holding the URL: the page's frame, nothing of the buyer's.
    let (status, _, html) = page(&shop.http, format!("{}{at}", shop.base), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(data(&html).linked_wallets.is_none());
    assert!(!html.contains("****"), "{html}");
}

/// A checkout for a buyer in `region`, paying `amount` minor units of `currency`.
async fn checkout_in(shop: &Shop, region: &str, currency: &str, amount: i64) -> String {
    let created = shop
        .merchant_post(
            "/v1/checkout-sessions",
            None,
            json!({"buyer_reference": unique("b-region"), "order": {"reference": unique("o"), "description": "Kopi", "amount": amount, "currency": currency}, "region": region}),
        )
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    format!("{}/checkout/{}", shop.base, created["id"].as_str().unwrap())
}

#[tokio::test]
async fn a_checkout_with_no_other_hint_speaks_its_regions_language_and_brings_its_words() {
    let shop = shop().await;
    let kr = checkout_in(&shop, "KR", "KRW", 15_000).await;
    // A browser that reads nothing the checkout speaks.
    let (_, _, html) = page(
        &shop.http,
        kr.clone(),
        &[("accept-language", "fr-FR,de;q=0.5")],
    )
    .await;
    assert!(html.contains("<html lang=\"ko\">"), "{html}");
    assert!(
        html.contains("Kopi &lt;Shop&gt; 결제"),
        "the heading in Korean: {html}"
    );
    assert!(html.contains("₩15,000"), "KRW has no minor unit: {html}");
    assert!(
        html.contains("카카오페이"),
        "KakaoPay as Korean buyers write it: {html}"
    );
    let paint = data(&html);
    assert_eq!(paint.locale, "ko");
    assert_eq!(paint.language_reason, locale::Reason::Region);
    let words = paint
        .catalogue
        .expect("the page brings the app its Korean words");
    assert!(
        words.contains("link-wallet = { $wallet } 연결하기"),
        "{words}"
    );

    // The browser's own language still comes first, and English travels with the app.
    let (_, _, html) = page(
        &shop.http,
        kr.clone(),
        &[("accept-language", "en-US,en;q=0.9")],
    )
    .await;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    assert!(html.contains("KakaoPay"), "{html}");
    let paint = data(&html);
    assert_eq!(paint.language_reason, locale::Reason::Browser);
    assert!(paint.catalogue.is_none(), "English is in the bundle");

    // The saved choice beats both; a forged cookie value is no language at all.
    let (_, _, html) = page(
        &shop.http,
        kr.clone(),
        &[("accept-language", "en"), ("cookie", "checkout-locale=th")],
    )
    .await;
    assert!(html.contains("<html lang=\"th\">"), "{html}");
    assert!(html.contains("ชำระเงินให้"), "{html}");
    for hostile in [
        "\"><script>alert(1)</script>",
        "../../etc/passwd",
        "ko%00",
        "",
    ] {
        let (status, _, html) = page(
            &shop.http,
            kr.clone(),
            &[
                ("accept-language", "en"),
                ("cookie", &format!("checkout-locale={hostile}")),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"en\">"), "{hostile}: {html}");
        assert!(!html.contains("alert(1)"), "{html}");
    }

    // Every region's page, with no hint, is in that region's language, and its total in that language's way.
    for (region, currency, amount, lang, total) in [
        ("JP", "JPY", 1_500, "ja", "￥1,500"),
        ("TH", "THB", 35_000, "th", "฿350.00"),
        ("ID", "IDR", 15_000_000, "id", "Rp\u{a0}150.000,00"),
        ("VN", "VND", 75_000, "vi", "75.000\u{a0}₫"),
        ("MY", "MYR", 4_500, "ms", "RM\u{a0}45.00"),
        ("PH", "PHP", 10_000, "fil", "₱100.00"),
        ("HK", "HKD", 7_800, "zh-TW", "HK$78.00"),
    ] {
        let url = checkout_in(&shop, region, currency, amount).await;
        let (_, _, html) = page(&shop.http, url, &[("accept-language", "fr")]).await;
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{region}: {html}"
        );
        assert!(html.contains(total), "{region}: {total} in {html}");
    }
}

#[tokio::test]
async fn the_merchant_pages_locale_is_read_as_the_app_reads_it_and_hostile_values_are_no_language()
{
    let shop = shop().await;
    let kr = checkout_in(&shop, "KR", "KRW", 15_000).await;
    let english = [("accept-language", "en")];
    // `?locale=` (the embed library's `locale` option) is a chosen language, decoded as the app decodes its address.
    for (query, lang) in [
        ("locale=ja", "ja"),
        ("locale=zh-Hant-HK", "zh-TW"),
        ("locale=k%6F", "ko"),
        ("theme=dark&locale=th", "th"),
    ] {
        let (status, _, html) = page(&shop.http, format!("{kr}?{query}"), &english).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{query}: {html}"
        );
        assert_eq!(
            data(&html).language_reason,
            locale::Reason::Chosen,
            "{query}"
        );
    }
    // Anything that is not a language the checkout speaks is no hint at all: the browser's English stands.
    for hostile in [
        "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "\"><script>alert(1)</script>",
        "..%2F..%2Fetc%2Fpasswd",
        "%FF%FE",
        "",
        &"k".repeat(4096),
    ] {
        let (status, _, html) = page(&shop.http, format!("{kr}?locale={hostile}"), &english).await;
        assert_eq!(status, StatusCode::OK, "{hostile}");
        assert!(html.contains("<html lang=\"en\">"), "{hostile}: {html}");
        assert!(!html.contains("alert(1)"), "{hostile}");
        assert_eq!(
            data(&html).language_reason,
            locale::Reason::Browser,
            "{hostile}"
        );
    }
    // A NUL is refused before any page is rendered, as everywhere in the service: a typed error, no page.
    let (status, _, body) = page(&shop.http, format!("{kr}?locale=ko%00"), &english).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["code"], "VALIDATION", "{body}");
}

#[tokio::test]
async fn the_app_fetches_another_language_by_its_code_and_nothing_else() {
    let shop = shop().await;
    for (code, phrase) in [
        ("ko", "연결하기"),
        ("fil", "I-link"),
        ("zh-TW", "授權"),
        ("en", "Link"),
    ] {
        let response = shop
            .http
            .get(format!("{}/i18n/{code}/checkout.ftl", shop.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{code}");
        assert_eq!(
            response.headers()["content-type"],
            "text/plain; charset=utf-8"
        );
        assert!(response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public"));
        assert!(response.text().await.unwrap().contains(phrase), "{code}");
    }
    for code in ["xx", "KO", "zh-tw", "ko%2F..%2F..%2FCargo.toml"] {
        let response = shop
            .http
            .get(format!("{}/i18n/{code}/checkout.ftl", shop.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{code}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "NOT_FOUND", "{code}: {body}");
    } // A NUL is refused before any route sees it.
    let response = shop
        .http
        .get(format!("{}/i18n/en%00/checkout.ftl", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_first_paint_goes_out_compressed_when_the_browser_can_read_it() {
    let shop = shop().await;
    let kr = checkout_in(&shop, "KR", "KRW", 15_000).await;
    // The test client neither asks for nor decodes compression by itself.
    let response = shop
        .http
        .get(kr)
        .header("accept-encoding", "br")
        .header("accept-language", "ko")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
    let size = response.bytes().await.unwrap().len();
    assert!(size < 14 * 1024, "within the first round trip: {size} B");
}

#[tokio::test]
async fn a_forged_or_lapsed_browser_cookie_sees_only_what_the_link_shows() {
    let shop = shop().await;
    let earlier = shop.checkout("b-forged", 10_000).await;
    earlier.link("GCASH").await;
    let created = shop.created("b-forged", 20_000).await;
    let at = format!("{}/checkout/{}", shop.base, created["id"].as_str().unwrap());
    let link_holder_only = |html: &str, what: &str| {
        let shown = data(html).checkout.expect(what);
        assert_eq!(shown.viewer, Viewer::LinkHolder, "{what}");
        assert!(!html.contains("****"), "{what}: {html}");
        assert!(!html.contains("Linked"), "{what}: {html}");
    };
    // Values nobody was ever given: random, huge, hostile, another cookie's name.
    let long = "A".repeat(4_000);
    for value in [
        "checkout_sid=x",
        &format!("checkout_sid={long}"),
        "checkout_sid=' OR '1'='1",
        "checkout_sid=",
        "__Host-checkout_sid=abc",
    ] {
        let (status, _, html) = page(&shop.http, at.clone(), &[("cookie", value)]).await;
        assert_eq!(status, StatusCode::OK, "{value}");
        link_holder_only(&html, value);
    }
    // The buyer's real cookie, once its claim has lapsed, no longer names them.
    sqlx::query("UPDATE browser_checkouts SET expires_at = 1 WHERE checkout_session_id = $1")
        .bind(&earlier.session_id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let page_of = |path: String| {
        let buyer = &earlier;
        async move { buyer.get(&path).await.text().await.unwrap() }
    };
    let html = page_of(format!("/checkout/{}", created["id"].as_str().unwrap())).await;
    link_holder_only(&html, "a lapsed claim on another checkout");
    let html = page_of(format!("/checkout/{}", earlier.session_id)).await;
    link_holder_only(&html, "a lapsed claim on its own checkout");
    let html = page_of(format!("/checkout/{}/wallets", earlier.session_id)).await;
    assert!(data(&html).linked_wallets.is_none(), "{html}");
    assert!(!html.contains("****"), "{html}");
}

/// The second security review: first paints of unknown ids and claims were free
/// for anyone to repeat. A source guessing ids or hammering claims now waits.
#[tokio::test]
async fn guessing_checkout_ids_or_hammering_claims_from_one_address_is_slowed() {
    let shop = Shop::open(&[
        ("APP_DIR", app_dir().as_str()),
        ("LIMIT_UNKNOWN_CHECKOUTS_PER_MINUTE", "3"),
        ("LIMIT_CLAIMS_PER_MINUTE", "3"),
    ])
    .await;
    let real = shop.created("b-guess", 1_000).await;
    for n in 0..3 {
        let (status, _, _) = page(
            &shop.http,
            format!("{}/checkout/cs_guess{n}", shop.base),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, headers, _) =
        page(&shop.http, format!("{}/checkout/cs_guess9", shop.base), &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(headers.contains_key("retry-after"));
    // A real checkout still paints: only unknown ids are counted.
    let (status, _, _) = page(
        &shop.http,
        format!("{}/checkout/{}", shop.base, real["id"].as_str().unwrap()),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    for _ in 0..3 {
        let (r, _) = shop
            .claim_request(
                &json!({"id": real["id"], "url": "https://x/#t=wrong"}),
                false,
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let (r, _) = shop.claim_request(&real, false).await;
    assert_eq!(
        crate::common::error_code(r).await,
        (StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_ATTEMPTS".into())
    );
}
