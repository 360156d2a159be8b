//! The embed library merchants put on their pages (`embed/v1.js`, with its
//! types `embed/v1.d.ts`): `/embed/v1.js` at a stable URL that may receive
//! fixes (cached five minutes), and the same bytes at `/embed/v1-<hash>.js`,
//! cached for a year, for pages that pin a version with Subresource Integrity.

use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};
use std::sync::LazyLock;

/// The library as written: plain modern JavaScript, no build step.
pub const SCRIPT: &str = include_str!("../../../../embed/v1.js");
/// Its TypeScript definitions.
pub const TYPES: &str = include_str!("../../../../embed/v1.d.ts");

/// The stable URL's path.
pub const PATH: &str = "/embed/v1.js";

/// `v1-<16 hex of its SHA-256>.js`: the name of this exact version.
pub static HASHED_FILE: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("v1-{hex}.js")
});

/// The `integrity` attribute for `<script src>` of either URL (`sha384-…`).
pub static INTEGRITY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(SCRIPT.as_bytes()))
    )
});

/// `/embed/v1.js`, `/embed/v1-<hash>.js` and `/embed/v1.d.ts`.
pub fn router<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route(
            PATH,
            axum::routing::get(|| async { script("public, max-age=300") }),
        )
        .route("/embed/{file}", axum::routing::get(file))
        // Small and served often: compress it as well as the first load's files are.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Best),
        )
}

async fn file(Path(file): Path<String>) -> Response {
    if file == *HASHED_FILE {
        script("public, max-age=31536000, immutable")
    } else if file == "v1.d.ts" {
        served(
            TYPES,
            "application/typescript; charset=utf-8",
            "public, max-age=300",
        )
    } else {
        crate::domain::error::Error::NotFound("embed file").into_response()
    }
}

fn script(cache: &'static str) -> Response {
    served(SCRIPT, "text/javascript; charset=utf-8", cache)
}

fn served(body: &'static str, content_type: &'static str, cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            // Any merchant page may load it, with `crossorigin` for its integrity check.
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        body,
    )
        .into_response()
}
