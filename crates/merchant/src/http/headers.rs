//! Every response-header policy the service sets: the Content-Security-Policy of
//! each kind of page (checkout, first paint, console, demo shop) and the headers
//! every answer carries (no caching, no sniffing, no referrer, HSTS behind TLS).

use axum::http::{header, HeaderName, HeaderValue, Response};
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower_http::set_header::SetResponseHeaderLayer;

use super::static_files::WALLETS_INDEX;

/// CSP hashes of every inline `<{element}>` in `html` (`script`, `style`).
fn inline_hashes(html: &str, element: &str) -> Vec<String> {
    let (open_tag, close_tag) = (format!("<{element}"), format!("</{element}>"));
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find(&open_tag) {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find(&close_tag) else {
            break;
        };
        if !tag.contains(" src=") {
            hashes.push(csp_hash(&body_start[..close]));
        }
        rest = &body_start[close..];
    }
    hashes
}

/// The CSP source that allows exactly `text` inline: `'sha256-<base64>'`.
pub fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The CSP for the checkout and its linked-wallets page: no inline script but
/// their own, no plugins, framing by this origin only. A first paint adds its
/// checkout's own `embed_origin` ([`with_page_style`]): never every merchant origin.
pub fn content_security_policy(app_dir: &Path, sandbox: bool) -> HeaderValue {
    policy(
        &[app_dir.join("index.html"), app_dir.join(WALLETS_INDEX)],
        "'self'",
        sandbox,
    )
}

/// The CSP for the operator console: as strict, and never in a frame (refund buttons must not be clickjacked).
pub fn console_security_policy(app_dir: &Path, sandbox: bool) -> HeaderValue {
    policy(&[app_dir.join("ops/index.html")], "'none'", sandbox)
}

/// The pages' inline scripts and styles by their hashes (and the sandbox banner's style in sandbox mode).
fn policy(index_files: &[PathBuf], frame_ancestors: &str, sandbox: bool) -> HeaderValue {
    let pages: Vec<String> = index_files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap_or_default())
        .collect();
    // The checkout and its linked-wallets page share their stylesheet: each hash once.
    let hashes = |element| {
        let mut all: Vec<String> = Vec::new();
        for hash in pages.iter().flat_map(|html| inline_hashes(html, element)) {
            if !all.contains(&hash) {
                all.push(hash);
            }
        }
        all
    };
    let scripts = hashes("script").join(" ");
    let mut styles = hashes("style");
    if sandbox {
        styles.push(csp_hash(super::sandbox_banner::STYLE));
    }
    // `style-src 'self'` comes first and as written: a first paint adds its page's own colour after it.
    let styles = std::iter::once("'self'".to_owned())
        .chain(styles)
        .collect::<Vec<_>>()
        .join(" ");
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src {styles}; img-src 'self' data:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {frame_ancestors}"
    );
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The checkout's `policy` with a first paint's own `<style>` (by its hash)
/// allowed too, and framing by `embedder` (its checkout's `embed_origin`) too.
pub fn with_page_style(
    policy: &str,
    style_hash: Option<&str>,
    embedder: Option<&str>,
) -> HeaderValue {
    let mut policy = match style_hash {
        Some(hash) => policy.replacen("style-src 'self'", &format!("style-src 'self' {hash}"), 1),
        None => policy.to_owned(),
    };
    if let Some(origin) = embedder {
        policy = policy.replacen(
            "frame-ancestors 'self'",
            &format!("frame-ancestors 'self' {origin}"),
            1,
        );
    }
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// The demo shop's pages: their own inline style, nothing else.
pub const DEMO_SHOP_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

/// The demo shop that embeds the checkout: its script and the checkout's frame too.
pub const DEMO_EMBEDDING_SHOP_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; frame-src 'self'";

/// Sets `policy` as `response`'s Content-Security-Policy.
pub fn set_policy<B>(response: &mut Response<B>, policy: &'static str) {
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
}

/// The headers every answer carries unless its route set its own: `csp` for the
/// checkout's pages, HSTS when the service is reached over TLS.
pub fn secure(router: Router, csp: HeaderValue, https: bool) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let router = if https {
        router.layer(header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        router
    };
    router
        // A buyer's checkout, a payment, a back-office list: never kept by a browser or
        // proxy. Chromium's back button reuses cached answers as they were (a wallet
        // unlinked since would still show). Static files set their own.
        .layer(header(header::CACHE_CONTROL, "no-store"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // The return URL carries an authCode: never leak it through Referer.
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
        .layer(header(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin-allow-popups",
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_stylesheet_is_allowed_by_its_hash_and_nothing_else_inline_is() {
        let dir = std::env::temp_dir().join(format!("csp-style-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("wallets")).unwrap();
        let page = "<style>main{margin:0}</style><script type=module>go()</script>";
        std::fs::write(dir.join("index.html"), page).unwrap();
        std::fs::write(dir.join("wallets/index.html"), page).unwrap();
        for sandbox in [false, true] {
            let csp = content_security_policy(&dir, sandbox);
            let csp = csp.to_str().unwrap();
            let style_src = csp.split(';').find(|d| d.contains("style-src")).unwrap();
            let mut expected = format!("style-src 'self' {}", csp_hash("main{margin:0}"));
            if sandbox {
                expected = format!(
                    "{expected} {}",
                    csp_hash(super::super::sandbox_banner::STYLE)
                );
            }
            // Both pages carry the same style: its hash once, and no 'unsafe-inline'.
            assert_eq!(style_src.trim(), expected, "{csp}");
            assert!(!csp.contains("unsafe-inline"), "{csp}");
            assert!(csp.contains(&csp_hash("go()")), "{csp}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn inline_loader_is_hashed_and_external_scripts_are_not() {
        let html = r#"<script src="/a.js"></script><script type="module">import init from '/x.js';</script>"#;
        let hashes = inline_hashes(html, "script");
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/x.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }
}
