//! The embed library merchants load on their own pages: at a stable URL that
//! may receive fixes, at a hashed URL that never changes, with its types, and
//! with the integrity hash the README tells merchants to pin.

use crate::common::Shop;
use merchant::http::embed::{HASHED_FILE, INTEGRITY, PATH, SCRIPT, SCRIPT_BROTLI, TYPES};
use reqwest::StatusCode;

#[tokio::test]
async fn the_library_is_served_at_a_stable_and_a_pinned_url_with_its_types() {
    let shop = Shop::open(&[]).await;
    let get = |path: String| {
        let http = shop.http.clone();
        let url = format!("{}{path}", shop.base);
        async move { http.get(url).send().await.unwrap() }
    };
    let stable = get(PATH.to_owned()).await;
    assert_eq!(stable.status(), StatusCode::OK);
    assert_eq!(
        stable.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(stable.headers()["cache-control"], "public, max-age=300");
    assert_eq!(stable.headers()["access-control-allow-origin"], "*");
    assert_eq!(stable.text().await.unwrap(), SCRIPT);

    let pinned = get(format!("/embed/{}", *HASHED_FILE)).await;
    assert_eq!(pinned.status(), StatusCode::OK);
    assert_eq!(
        pinned.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(pinned.text().await.unwrap(), SCRIPT);

    let types = get("/embed/v1.d.ts".to_owned()).await;
    assert_eq!(types.status(), StatusCode::OK);
    assert_eq!(types.text().await.unwrap(), TYPES);

    for other in [
        "/embed/v2.js",
        "/embed/v1-0000000000000000.js",
        "/embed/..%2FCargo.toml",
    ] {
        let r = get(other.to_owned()).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{other}");
    }
}

#[tokio::test]
async fn the_docs_pin_the_library_as_served() {
    // A changed script must come with an embedding page that names its new hash and file.
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/src/checkout-app.md"
    ))
    .unwrap();
    assert!(
        page.contains(INTEGRITY.as_str()),
        "docs/src/checkout-app.md must give the integrity {} for embed/v1.js",
        *INTEGRITY
    );
    assert!(
        page.contains(HASHED_FILE.as_str()),
        "docs/src/checkout-app.md must name /embed/{}",
        *HASHED_FILE
    );
}

#[test]
fn the_types_name_every_event_the_library_passes_on() {
    for event in [
        "ready",
        "authorized",
        "payment_succeeded",
        "payment_failed",
        "payment_processing",
        "payment_cancelled",
    ] {
        assert!(SCRIPT.contains(&format!("'{event}'")), "{event} in v1.js");
        assert!(TYPES.contains(&format!("'{event}'")), "{event} in v1.d.ts");
    }
    // Nothing that a strict CSP on the merchant's page would refuse.
    for refused in [
        "eval(",
        "new Function",
        "setAttribute('style'",
        "innerHTML",
        ".cssText",
    ] {
        assert!(!SCRIPT.contains(refused), "{refused}");
    }
}

/// The second security review: the library was compressed with brotli at
/// quality 11 on every request, CPU anyone could spend without a key. It is
/// compressed once, when the service starts, and every request gets that copy.
#[tokio::test]
async fn the_library_costs_no_compression_per_request() {
    let shop = Shop::open(&[]).await;
    let mut bodies = Vec::new();
    for path in [PATH.to_owned(), format!("/embed/{}", *HASHED_FILE)] {
        let r = shop
            .http
            .get(format!("{}{path}", shop.base))
            .header("accept-encoding", "gzip, deflate, br")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-encoding"], "br", "{path}");
        assert_eq!(r.headers()["vary"], "accept-encoding", "{path}");
        bodies.push(r.bytes().await.unwrap());
    }
    for body in &bodies {
        assert_eq!(&body[..], &SCRIPT_BROTLI[..], "the copy made at start");
    }
    let mut plain = Vec::new();
    brotli::BrotliDecompress(&mut &bodies[0][..], &mut plain).unwrap();
    assert_eq!(plain, SCRIPT.as_bytes());
    // A client that refuses brotli gets the text as written.
    let refuses = shop
        .http
        .get(format!("{}{PATH}", shop.base))
        .header("accept-encoding", "gzip, br;q=0")
        .send()
        .await
        .unwrap();
    assert!(refuses.headers().get("content-encoding").is_none());
    assert_eq!(refuses.text().await.unwrap(), SCRIPT);
}
