//! In sandbox mode every page this service serves says so: the apps' own
//! `index.html` files get a banner before any wasm runs (so it is there even
//! when the app fails), styled inline (allowed by its hash in sandbox mode
//! only; a stylesheet of its own would be one more round trip before the
//! first paint), so live pages carry not one byte of it.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response};

/// The banner of a page whose language is not known when it is served (the console's,
/// which speaks English and Chinese): the same words in those three languages.
pub const BANNER: &str = "<div class=\"sandbox-banner\" role=\"note\" aria-label=\"Sandbox\">\
<strong>Sandbox</strong> · test mode: no real money moves \
<span lang=\"zh-CN\">· 沙箱测试模式，不会产生真实扣款</span> \
<span lang=\"zh-TW\">· 沙盒測試模式，不會產生真實扣款</span></div>";

/// "test mode: no real money moves" in each language the checkout speaks but English.
const IN_LANGUAGES: [(&str, &str); 9] = [
    ("zh-CN", "沙箱测试模式，不会产生真实扣款"),
    ("zh-TW", "沙盒測試模式，不會產生真實扣款"),
    ("ko", "샌드박스 테스트 모드: 실제로 결제되지 않습니다"),
    (
        "ja",
        "サンドボックスのテストモード：実際の請求は発生しません",
    ),
    ("th", "โหมดทดสอบแซนด์บ็อกซ์: ไม่มีการตัดเงินจริง"),
    ("vi", "Chế độ thử nghiệm sandbox: không có tiền thật bị trừ"),
    (
        "id",
        "Mode uji sandbox: tidak ada uang sungguhan yang ditarik",
    ),
    ("ms", "Mod ujian sandbox: tiada caj sebenar dikenakan"),
    (
        "fil",
        "Test mode ng sandbox: walang totoong perang kakaltasin",
    ),
];

/// The banner of a page in `lang`: its language, with English beside it (the one
/// language every operator reading a screenshot shares).
pub fn banner_in(lang: &str) -> String {
    let own = IN_LANGUAGES
        .iter()
        .find(|(code, _)| *code == lang)
        .map(|(code, text)| format!(" <span lang=\"{code}\">· {text}</span>"))
        .unwrap_or_default();
    format!(
        "<div class=\"sandbox-banner\" role=\"note\" aria-label=\"Sandbox\">\
         <strong lang=\"en\">Sandbox</strong> <span lang=\"en\">· test mode: no real money moves</span>{own}</div>"
    )
}

/// The banner's style, inline in the page's head.
pub const STYLE: &str = ".sandbox-banner{margin:0;padding:.35rem .75rem;background:#fff3cd;color:#4a3700;\
border-bottom:2px solid #b58100;font:600 .875rem/1.4 system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;text-align:center}\
.sandbox-banner strong{text-transform:uppercase;letter-spacing:.05em}";

/// `html` with the banner's style in its head and the banner as the body's first child.
pub fn inject(html: &str) -> Option<String> {
    let head_end = html.find("</head>")?;
    let body_open = html[head_end..].find("<body")? + head_end;
    let body_tag_end = html[body_open..].find('>')? + body_open + 1;
    Some(format!(
        "{}<style>{STYLE}</style>{}{BANNER}{}",
        &html[..head_end],
        &html[head_end..body_tag_end],
        &html[body_tag_end..]
    ))
}

/// An app page's answer with the banner in it; anything that is not an HTML page passes as it is.
///
/// The caller asked for the page uncompressed (the precompressed copies are of the
/// files as built), so the body here is plain HTML of a few kilobytes.
pub async fn mark_page(response: Response<Body>) -> Response<Body> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let marked = std::str::from_utf8(&bytes).ok().and_then(inject);
    let body = match marked {
        Some(html) => {
            parts.headers.remove(header::ETAG);
            parts.headers.remove(header::LAST_MODIFIED);
            parts
                .headers
                .insert(header::CONTENT_LENGTH, HeaderValue::from(html.len() as u64));
            Body::from(html)
        }
        None => Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_is_the_first_thing_in_the_body_and_its_style_is_in_the_head() {
        let html = "<!DOCTYPE html><html><head><title>x</title></head>\n  <body class=\"a\"><script>1</script></body></html>";
        let marked = inject(html).unwrap();
        assert!(
            marked.starts_with(&format!(
                "<!DOCTYPE html><html><head><title>x</title><style>{STYLE}</style></head>\n  <body class=\"a\"><div class=\"sandbox-banner\""
            )),
            "{marked}"
        );
        assert!(marked.ends_with("</div><script>1</script></body></html>"));
        assert!(inject("no html here").is_none());
    }
}
