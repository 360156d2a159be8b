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

/// `script-src` hashes of every inline `<script>` in `index.html`.
fn inline_script_hashes(index_html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(open) = rest.find("<script") {
        let after = &rest[open..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = &after[tag_end + 1..];
        let Some(close) = body_start.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_start.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body_start[close..];
    }
    hashes
}

/// The CSP for the checkout and its linked-wallets page: no inline script but
/// their own, no plugins, framing only by this origin and the merchant's.
pub fn content_security_policy(app_dir: &Path, embedders: &[String]) -> HeaderValue {
    let ancestors = format!("'self' {}", embedders.join(" "));
    policy(
        &[app_dir.join("index.html"), app_dir.join(WALLETS_INDEX)],
        ancestors.trim_end(),
    )
}

/// The CSP for the operator console: as strict, and never in a frame (refund buttons must not be clickjacked).
pub fn console_security_policy(app_dir: &Path) -> HeaderValue {
    policy(&[app_dir.join("ops/index.html")], "'none'")
}

fn policy(index_files: &[PathBuf], frame_ancestors: &str) -> HeaderValue {
    let hashes = index_files
        .iter()
        .flat_map(|f| inline_script_hashes(&std::fs::read_to_string(f).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" ");
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; style-src 'self'; img-src 'self' data:; \
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
    let console_csp = console_security_policy(app_dir);
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
    fn inline_loader_is_hashed_and_external_scripts_are_not() {
        let html = r#"<script src="/a.js"></script><script type="module">import init from '/x.js';</script>"#;
        let hashes = inline_script_hashes(html);
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
