//! Sandbox and live mode are chosen, never guessed, and a sandbox never
//! passes for the real thing: every page and every answer about money says which it is.

use crate::common::Shop;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::Digest;

/// An app folder with the three apps' pages, as Trunk lays them out.
fn app_dir(shop_dir: &std::path::Path) -> String {
    let dir = shop_dir.join("app");
    for index in ["index.html", "wallets/index.html", "ops/index.html"] {
        let path = dir.join(index);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!("<!DOCTYPE html><html><head><title>{index}</title></head><body></body></html>"),
        )
        .unwrap();
    }
    dir.display().to_string()
}

/// A page's status, CSP and HTML.
async fn page(shop: &Shop, path: &str) -> (StatusCode, String, String) {
    let r = shop
        .http
        .get(format!("{}{path}", shop.base))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .unwrap();
    let status = r.status();
    let csp = r
        .headers()
        .get("content-security-policy")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let brotli = r
        .headers()
        .get("content-encoding")
        .is_some_and(|e| e == "br");
    let body = r.bytes().await.unwrap();
    // As a browser reads it: the first paint is compressed on the fly, static pages ahead of time.
    let html = if brotli {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
        out
    } else {
        body.to_vec()
    };
    (status, csp, String::from_utf8(html).unwrap())
}

/// The text of `html`'s inline `<style>` that styles the sandbox banner.
fn banner_style(html: &str) -> Option<&str> {
    html.split("<style>")
        .skip(1)
        .filter_map(|s| s.split_once("</style>").map(|(style, _)| style))
        .find(|style| style.contains(".sandbox-banner{"))
}

#[tokio::test]
async fn a_sandbox_says_so_on_every_page_and_every_answer_about_money() {
    let dir = std::env::temp_dir().join(format!("modes-app-{}", std::process::id()));
    let app = app_dir(&dir);
    let shop = Shop::open(&[("APP_DIR", app.as_str())]).await;

    for path in ["/checkout/cs_any", "/checkout/cs_any/wallets", "/ops/", "/"] {
        let (status, csp, html) = page(&shop, path).await;
        // No checkout of that id: its first paint says so with a 404 (the app explains).
        let expected = if path == "/checkout/cs_any" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}");
        let banner = html.find("class=\"sandbox-banner\"").expect(path);
        assert!(
            banner > html.find("<body").unwrap(),
            "{path}: the banner is in the body"
        );
        // Styled in the head, by a style the page's CSP allows by its hash, and by no other means.
        let style = banner_style(&html).expect(path);
        assert!(
            html.find(style).unwrap() < html.find("</head>").unwrap(),
            "{path}"
        );
        let hash = format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style))
        );
        let style_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("style-src"))
            .unwrap();
        assert!(style_src.contains(&hash), "{path}: {csp}");
        assert!(!style_src.contains("unsafe-inline"), "{path}: {csp}");
    }

    let created = shop.created("b-1", 10_000).await;
    assert_eq!(created["livemode"], json!(false), "{created}");
    let buyer = shop.claim(&created).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    assert!(!paid.livemode);
    let payment: Value = shop
        .merchant_get(&format!("/v1/payments/{}", paid.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(payment["livemode"], json!(false), "{payment}");
    let listed: Value = shop
        .merchant_get("/v1/payments")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["payments"][0]["livemode"], json!(false), "{listed}");
    let refund: Value = shop
        .merchant_post(
            &format!("/v1/payments/{}/refunds", paid.id),
            Some("r1"),
            json!({"amount": 100}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refund["livemode"], json!(false), "{refund}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_live_service_mounts_no_sandbox_no_demo_shop_and_no_banner() {
    let dir = std::env::temp_dir().join(format!("modes-live-app-{}", std::process::id()));
    let app = app_dir(&dir);
    let settings = crate::common::live_settings(&[("APP_DIR", app.as_str())]);
    let settings: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let shop = Shop::open(&settings).await;
    assert!(!shop.svc.config.is_sandbox());
    for path in ["/checkout/cs_any", "/ops/"] {
        let (status, csp, html) = page(&shop, path).await;
        // No checkout of that id: its first paint says so with a 404 (the app explains).
        let expected = if path == "/checkout/cs_any" {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{path}");
        assert!(!html.contains("sandbox-banner"), "{path}: {html}");
        // Nor its style's hash: a live page allows no inline style of the sandbox's.
        assert_eq!(
            csp.split(';')
                .find(|d| d.trim().starts_with("style-src"))
                .map(str::trim),
            Some("style-src 'self'"),
            "{path}: {csp}"
        );
    }
    for path in [
        "/sandbox-banner.css",
        "/demo",
        "/demo/embedded?buyer=victim",
        "/sandbox/control/settlement",
    ] {
        let r = shop
            .http
            .get(format!("{}{path}", shop.base))
            .send()
            .await
            .unwrap();
        let body = r.text().await.unwrap();
        assert!(
            !body.contains("sandbox-banner") && !body.contains("cs_"),
            "{path} is not served in live mode: {body}"
        );
    }
    let r = shop
        .http
        .post(format!("{}/ams/api/v1/payments/pay", shop.base))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::OK);
    let created = shop.created("b-1", 10_000).await;
    assert_eq!(created["livemode"], json!(true), "{created}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[tokio::test]
async fn another_user_on_the_machine_cannot_read_the_sqlite_database() {
    use std::os::unix::fs::PermissionsExt;
    let shop = Shop::open(&[]).await;
    let Some(file) = shop.database_url.strip_prefix("sqlite://") else {
        return; // PostgreSQL keeps its own files.
    };
    let file = file.split('?').next().unwrap();
    let shop_b = shop.checkout("buyer-1", 10_000).await;
    shop_b.link("GCASH").await;
    for path in [file.to_owned(), format!("{file}-wal")] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}");
    }
}

/// The second security review: nothing kept a live service off a sandbox's
/// database (whose links and payments are the sandbox's fakes), nor a sandbox
/// off a live one. The first service stamps the database with its mode; the
/// other mode refuses to start on it.
#[tokio::test]
async fn a_live_service_refuses_a_sandbox_database_and_a_sandbox_a_live_one() {
    use merchant::config::Source;
    use merchant::{Config, Service};
    let sandbox = Shop::open(&[]).await;
    let key = antom::PrivateKey::generate().unwrap();
    let (private, public) = (
        key.to_pkcs8_base64().unwrap(),
        key.public_key().to_spki_base64().unwrap(),
    );
    let live_on = |database_url: &str| -> Vec<(String, String)> {
        let mut settings = sandbox.settings.clone();
        settings.retain(|(k, _)| k != "ANTOM_MODE" && k != "DATABASE_URL");
        for (k, v) in [
            ("ANTOM_MODE", "live"),
            ("DATABASE_URL", database_url),
            ("ANTOM_CLIENT_ID", "2188120000000001"),
            ("ANTOM_GATEWAY_URL", "http://127.0.0.1:9"),
            ("ANTOM_MERCHANT_PRIVATE_KEY", private.as_str()),
            ("ANTOM_PUBLIC_KEY", public.as_str()),
            ("MERCHANT_API_KEY", "a-long-random-merchant-api-key"),
            (
                "TOKEN_ENCRYPTION_KEY",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            ),
        ] {
            settings.push((k.to_owned(), v.to_owned()));
        }
        settings
    };
    let start = |settings: Vec<(String, String)>| async move {
        let pairs: Vec<(&str, &str)> = settings
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        Service::start(Config::load(&Source::from_pairs(&pairs)).unwrap()).await
    };
    let refused = start(live_on(&sandbox.database_url))
        .await
        .err()
        .expect("refused");
    assert!(
        refused.to_string().contains("belongs to a sandbox service"),
        "{refused}"
    );
    // The other way round: a database a live service stamped.
    let live = Shop::open(&[]).await;
    sqlx::query("UPDATE service_mode SET mode = 'live'")
        .execute(&live.svc.db.pool)
        .await
        .unwrap();
    let refused = start(live.settings.clone()).await.err().expect("refused");
    assert!(
        refused.to_string().contains("belongs to a live service"),
        "{refused}"
    );
    // The same mode starts again on its own database.
    assert!(start(sandbox.settings.clone()).await.is_ok());
}

/// `ANTOM_KEY_VERSION` names the merchant key Antom verifies with: after a rotation the
/// requests say the new version, and a version Antom does not hold is refused.
#[tokio::test]
async fn requests_are_signed_under_the_configured_key_version() {
    use antom::api::InquiryPaymentRequest;
    let inquiry = InquiryPaymentRequest {
        payment_request_id: Some("pr_never_sent".into()),
        payment_id: None,
    };
    // The sandbox registered the key as version 2, as the service signs: it is heard.
    let rotated = Shop::open(&[("ANTOM_KEY_VERSION", "2")]).await;
    let heard = rotated.svc.antom.execute(&inquiry).await.unwrap_err();
    assert_eq!(heard.result_code(), Some("ORDER_NOT_EXIST"));
    let paid = rotated.payment_by("buyer-1", 10_000).await;
    assert_eq!(paid.state, contract::api::PaymentState::Succeeded);
    // The service still signs as 1 while Antom holds the key as 2: refused, unsigned.
    let stale = Shop::open(&[("SANDBOX_KEY_VERSION", "2")]).await;
    let refused = stale.svc.antom.execute(&inquiry).await.unwrap_err();
    assert_eq!(refused.result_code(), Some("KEY_NOT_FOUND"));
    assert!(
        matches!(refused, antom::AntomError::Failed { .. }),
        "an unsigned F is believed: nothing happened"
    );
}
