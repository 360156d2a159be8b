//! The built apps, the checkout at `/`, its linked-wallets page (a bundle of
//! its own) at `/checkout/{id}/wallets` and the operator console at `/ops/`:
//! hashed assets cached for a year, index.html never. Their CSPs are `headers`'.

use super::headers::console_security_policy;
use axum::http::{header, HeaderValue, Request, Response};
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The linked-wallets page's own `index.html`, under the app folder.
pub(super) const WALLETS_INDEX: &str = "wallets/index.html";

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
