//! The embed library merchants put on their pages (`embed/v1.js`, with its
//! types `embed/v1.d.ts`): `/embed/v1.js` at a stable URL that may receive
//! fixes (cached five minutes), and the same bytes at `/embed/v1-<hash>.js`,
//! cached for a year, for pages that pin a version with Subresource Integrity.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue};
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

/// `text` compressed with brotli at its best, once: the library is served often
/// and to anyone, so no request may cost a compression.
fn brotli_of(text: &str) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let mut out = Vec::new();
    // Writing to memory cannot fail; an empty body would only be served uncompressed.
    let _ = brotli::BrotliCompress(&mut text.as_bytes(), &mut out, &params);
    out
}

/// [`SCRIPT`], brotli-compressed when the service starts.
pub static SCRIPT_BROTLI: LazyLock<Vec<u8>> = LazyLock::new(|| brotli_of(SCRIPT));
/// [`TYPES`], brotli-compressed when the service starts.
pub static TYPES_BROTLI: LazyLock<Vec<u8>> = LazyLock::new(|| brotli_of(TYPES));

/// `/embed/v1.js`, `/embed/v1-<hash>.js` and `/embed/v1.d.ts`.
pub fn router<S: Clone + Send + Sync + 'static>() -> axum::Router<S> {
    axum::Router::new()
        .route(
            PATH,
            axum::routing::get(|headers: HeaderMap| async move {
                script(&headers, "public, max-age=300")
            }),
        )
        .route("/embed/{file}", axum::routing::get(file))
}

/// Whether the request takes brotli.
fn takes_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            name.eq_ignore_ascii_case("br") && !refused
        })
}

async fn file(Path(file): Path<String>, headers: HeaderMap) -> Response {
    if file == *HASHED_FILE {
        script(&headers, "public, max-age=31536000, immutable")
    } else if file == "v1.d.ts" {
        served(
            &headers,
            (TYPES, &TYPES_BROTLI),
            "application/typescript; charset=utf-8",
            "public, max-age=300",
        )
    } else {
        crate::domain::error::Error::NotFound("embed file").into_response()
    }
}

fn script(headers: &HeaderMap, cache: &'static str) -> Response {
    served(
        headers,
        (SCRIPT, &SCRIPT_BROTLI),
        "text/javascript; charset=utf-8",
        cache,
    )
}

/// `text` as is, or its brotli copy to a client that takes brotli.
fn served(
    headers: &HeaderMap,
    (text, compressed): (&'static str, &'static [u8]),
    content_type: &'static str,
    cache: &'static str,
) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            // Any merchant page may load it, with `crossorigin` for its integrity check.
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        text,
    )
        .into_response();
    let answer = response.headers_mut();
    answer.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if takes_brotli(headers) && !compressed.is_empty() {
        answer.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        *response.body_mut() = axum::body::Body::from(compressed);
    }
    response
}
