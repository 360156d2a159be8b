//! The app's built page, cut where a first paint goes, and the policy it is served with.

use axum::http::HeaderValue;
use checkout_app::first_paint::DATA_ELEMENT_ID;

/// The built `index.html`, cut where the first paint goes.
#[derive(Debug)]
pub struct Template {
    /// Up to `<html`.
    before_html: String,
    /// After the `<html …>` tag, up to `</head>`.
    head: String,
    /// From `</head>` to `</body>`, without the sandbox banner.
    body_open: String,
    /// Where in `body_open` the sandbox banner goes (sandbox mode): found once here,
    /// so each page only writes its own language's there.
    banner_at: Option<usize>,
    /// From `</body>` on.
    end: String,
    /// The checkout's CSP, to which a page's own `<style>` hash is added.
    policy: String,
    /// Whether this is the checkout's page, whose link and pay need JavaScript.
    checkout: bool,
}

impl Template {
    /// The page `index` (`index.html`, `wallets/index.html`) under `app_dir`, if built.
    pub fn load(
        app_dir: &std::path::Path,
        index: &str,
        sandbox: bool,
        policy: &HeaderValue,
    ) -> Option<Self> {
        let html = std::fs::read_to_string(app_dir.join(index)).ok()?;
        let html = if sandbox {
            crate::http::sandbox_banner::inject(&html)?
        } else {
            html
        };
        let html_at = html.find("<html")?;
        let html_end = html[html_at..].find('>')? + html_at + 1;
        let head_close = html.find("</head>")?;
        let body_close = html.rfind("</body>")?;
        if !(html_end <= head_close && head_close <= body_close) {
            return None;
        }
        let mut body_open = html[head_close..body_close].to_owned();
        let banner = crate::http::sandbox_banner::BANNER;
        let banner_at = body_open.find(banner);
        if let Some(at) = banner_at {
            body_open.replace_range(at..at + banner.len(), "");
        }
        Some(Self {
            before_html: html[..html_at].to_owned(),
            head: html[html_end..head_close].to_owned(),
            body_open,
            banner_at,
            end: html[body_close..].to_owned(),
            policy: policy.to_str().unwrap_or("default-src 'self'").to_owned(),
            checkout: index == "index.html",
        })
    }

    /// The page: `main` (the rendered app) and its data in `lang`, with the merchant's
    /// colour; `claimed` when rendered for the browser that claimed the checkout.
    pub(super) fn page(
        &self,
        lang: &str,
        brand: Option<&str>,
        main: &str,
        data: &str,
        claimed: bool,
    ) -> (String, Option<String>) {
        let style = brand.map(|c| format!(":root{{--merchant-brand:{c}}}"));
        let mut out = String::with_capacity(
            self.before_html.len()
                + self.head.len()
                + self.body_open.len()
                + main.len()
                + data.len()
                + 768,
        );
        out.push_str(&self.before_html);
        out.push_str(&format!("<html lang=\"{lang}\">"));
        out.push_str(&self.head);
        if let Some(style) = &style {
            out.push_str(&format!("<style>{style}</style>"));
        }
        // In sandbox mode the banner speaks the page's language, with English beside it.
        match self.banner_at {
            Some(at) => {
                out.push_str(&self.body_open[..at]);
                out.push_str(&crate::http::sandbox_banner::banner_in(lang));
                out.push_str(&self.body_open[at..]);
            }
            None => out.push_str(&self.body_open),
        }
        // Outside `main`, which the app replaces and whose text matches the app's. Only
        // before the claim (which takes a script): the claimed browser's page is a form
        // that works without one.
        if self.checkout && !claimed {
            out.push_str(&super::no_script::note_in(lang));
        }
        out.push_str(main);
        out.push_str(&format!(
            "<script type=\"application/json\" id=\"{DATA_ELEMENT_ID}\">{data}</script>"
        ));
        out.push_str(&self.end);
        let hash = style.map(|s| crate::http::headers::csp_hash(&s));
        (out, hash)
    }

    /// The CSP of a page whose own `<style>` has `style_hash`.
    pub(super) fn policy(&self, style_hash: Option<&str>, embedder: Option<&str>) -> HeaderValue {
        crate::http::headers::with_page_style(&self.policy, style_hash, embedder)
    }
}
