//! The built apps, the checkout at `/`, its linked-wallets page (a bundle of
//! its own) at `/checkout/{id}/wallets` and the operator console at `/ops/`:
//! hashed assets cached for a year, index.html never, and a CSP that allows
//! exactly Trunk's inline loaders by their hashes. The console may never be framed.

use axum::http::{header, HeaderValue, Request, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The linked-wallets page's own `index.html`, under the app folder.
const WALLETS_INDEX: &str = "wallets/index.html";

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
/// their own, no plugins, framing only by this origin and the merchant's.
pub fn content_security_policy(app_dir: &Path, embedders: &[String], sandbox: bool) -> HeaderValue {
    let ancestors = format!("'self' {}", embedders.join(" "));
    policy(
        &[app_dir.join("index.html"), app_dir.join(WALLETS_INDEX)],
        ancestors.trim_end(),
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

/// Whether a path belongs to the operator console.
fn is_console(path: &str) -> bool {
    path == "/ops" || path.starts_with("/ops/")
}

/// Whether a path is a checkout's linked-wallets page, `/checkout/{id}/wallets`.
fn is_linked_wallets_page(path: &str) -> bool {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(parts.as_slice(), ["checkout", id, "wallets"] if !id.is_empty())
}

/// Trunk names assets `name-<16 hex>.ext`: those never change.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Serves `app_dir`, with each app's `index.html` for its own routes; in
/// sandbox mode every page carries the sandbox banner.
pub fn service(app_dir: &Path, sandbox: bool) -> axum::routing::MethodRouter {
    let dir = |index: std::path::PathBuf| {
        ServeDir::new(app_dir)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            )
    };
    let checkout = dir(app_dir.join("index.html"));
    let console = dir(app_dir.join("ops/index.html"));
    let index = |file: &str| {
        ServeFile::new(app_dir.join(file))
            .precompressed_br()
            .precompressed_gzip()
    };
    let console_index = index("ops/index.html");
    let wallets_index = index(WALLETS_INDEX);
    let console_csp = console_security_policy(app_dir, sandbox);
    axum::routing::get(move |req: Request<axum::body::Body>| {
        let (checkout, console, console_index, wallets_index) = (
            checkout.clone(),
            console.clone(),
            console_index.clone(),
            wallets_index.clone(),
        );
        let console_csp = console_csp.clone();
        async move {
            let mut req = req;
            let path = req.uri().path().to_owned();
            let hashed = is_hashed_asset(&path);
            if sandbox && !hashed {
                // The banner goes into the page as built, not into its precompressed copies.
                req.headers_mut().remove(header::ACCEPT_ENCODING);
            }
            let served = if path == "/ops" || path == "/ops/" {
                console_index.oneshot(req).await
            } else if is_console(&path) {
                console.oneshot(req).await
            } else if is_linked_wallets_page(&path) {
                wallets_index.oneshot(req).await
            } else {
                checkout.oneshot(req).await
            };
            let mut response: Response<_> = match served {
                Ok(r) => r.map(axum::body::Body::new),
                Err(never) => match never {},
            };
            if is_console(&path) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_SECURITY_POLICY, console_csp);
            }
            if sandbox && !hashed {
                response = super::sandbox_banner::mark_page(response).await;
            }
            let cache = if hashed && response.status().is_success() {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            };
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            response
        }
    })
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
            let csp = content_security_policy(&dir, &[], sandbox);
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

    #[test]
    fn only_trunk_hashed_names_are_cached_forever() {
        assert!(is_hashed_asset("/checkout-a867d18ee457b2fb_bg.wasm"));
        assert!(is_hashed_asset("/checkout-a867d18ee457b2fb.js"));
        assert!(is_hashed_asset("/main-45f731aeff81eaf9.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/checkout/cs_abc/return"));
    }

    #[test]
    fn the_linked_wallets_page_has_its_own_bundle() {
        assert!(is_linked_wallets_page("/checkout/cs_abc/wallets"));
        assert!(is_linked_wallets_page("/checkout/cs_abc/wallets/"));
        assert!(!is_linked_wallets_page("/checkout/cs_abc"));
        assert!(!is_linked_wallets_page("/checkout//wallets"));
        assert!(!is_linked_wallets_page(
            "/wallets/linked_wallets-a867d18ee457b2fb.js"
        ));
    }
}
