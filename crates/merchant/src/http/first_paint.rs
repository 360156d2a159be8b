//! `GET /checkout/{id}` and `/checkout/{id}/return`: the checkout's first paint,
//! rendered here by the app's own components (`checkout::first_paint`) into the
//! app's built `index.html`, so that the buyer sees the order and the wallets
//! before any wasm has arrived. The app takes the page over with the data the
//! page carries.
//!
//! Without this browser's cookie the page holds only what the checkout link
//! entitles to (the one-time token stays in the fragment, which never reaches
//! us: a link-preview bot sees the order, and cannot claim it).

use crate::domain::checkout;
use crate::domain::checkout::CheckoutSession;
use crate::domain::linking::BrowserHash;
use crate::http::auth::{browser_hash, buyer_if_any, buyer_of, cookie, form_proof};
use crate::http::throttle::{Limit, Source};
use crate::Service;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use checkout_app::first_paint::{CheckoutPaint, FirstPaint, FormProof, PaintForm, Viewer};
use locale::Reason;
use std::sync::Arc;

mod forms;
mod no_script;
mod template;

pub use template::Template;

/// The first-paint routes; without a built app they are left to the static files.
pub fn router(
    app_dir: &std::path::Path,
    sandbox: bool,
    policy: &HeaderValue,
) -> axum::Router<Service> {
    let load = |index| Template::load(app_dir, index, sandbox, policy).map(Arc::new);
    let (Some(template), Some(wallets)) = (load("index.html"), load("wallets/index.html")) else {
        return axum::Router::new();
    };
    let on_return = template.clone();
    axum::Router::new()
        .route(
            "/i18n/{code}/checkout.ftl",
            axum::routing::get(|Path(code): Path<String>| async move { catalogue(&code) }),
        )
        .route(
            "/checkout/{id}/wallets",
            axum::routing::get(move |svc, id, headers, uri| {
                wallets_page(svc, id, headers, uri, wallets.clone())
            }),
        )
        .route(
            "/checkout/{id}",
            axum::routing::get(move |svc, source, id, headers, uri| {
                checkout_page(svc, source, id, headers, uri, template.clone())
            }),
        )
        .route("/checkout/{id}/act", axum::routing::post(forms::act))
        .route(
            "/checkout/{id}/wallets/unlink",
            axum::routing::post(forms::unlink),
        )
        .route(
            "/checkout/{id}/return",
            axum::routing::get(move |svc, id, headers, uri| {
                return_page(svc, id, headers, uri, on_return.clone())
            }),
        )
        // What a first paint costs the service (its `Server-Timing`), for the bench.
        .layer(axum::middleware::from_fn(
            crate::http::timing::server_timing,
        ))
        // A page carries its language's words: brotli keeps it in the first round trip.
        .layer(tower_http::compression::CompressionLayer::new())
}

/// A language's words for the app, when the buyer switches to it: `text/plain`,
/// cached for an hour (a new key missing from a stale copy reads in English).
fn catalogue(code: &str) -> Response {
    match checkout_app::i18n::catalogue(code) {
        Some(text) => (
            [
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            text,
        )
            .into_response(),
        None => crate::domain::error::Error::NotFound("language").into_response(),
    }
}

/// The language a page is rendered in, and why: the session's, the merchant
/// page's (`?locale=`, set by the embed library), the buyer's saved choice,
/// `Accept-Language`, the buyer region's own, English.
fn language(
    session: Option<&CheckoutSession>,
    headers: &HeaderMap,
    uri: &Uri,
) -> (&'static str, Reason) {
    // Read as the app reads its address: the same decoding, the same parameter.
    let asked = uri
        .path_and_query()
        .and_then(|p| checkout_app::router::Location::at(p.as_str()).asked_language());
    let chosen = session
        .and_then(|s| s.locale.as_deref())
        .and_then(locale::closest)
        .or(asked)
        .or_else(|| cookie(headers, checkout_app::i18n::CHOICE_KEY).and_then(locale::closest));
    if let Some(code) = chosen {
        return (code, Reason::Chosen);
    }
    let browser = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(locale::from_accept_language);
    if let Some(code) = browser {
        return (code, Reason::Browser);
    }
    match session
        .and_then(|s| s.region.as_deref())
        .and_then(locale::of_region)
    {
        Some(code) => (code, Reason::Region),
        None => ("en", Reason::Default),
    }
}

/// A page in `language`, carrying its words when the app's bundle does not.
fn page_in((code, reason): (&'static str, Reason)) -> FirstPaint {
    let mut paint = FirstPaint::bare(code, reason);
    if !checkout_app::i18n::built_into_bundle(code) {
        paint.catalogue = checkout_app::i18n::catalogue(code).map(std::borrow::Cow::Borrowed);
    }
    paint
}

/// A `#rrggbb` colour, or nothing (the page's `<style>` carries only that).
fn brand(colour: Option<&str>) -> Option<&str> {
    colour.filter(|c| {
        c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The page at the request's path with `paint`, in its language and `session`'s brand colour.
fn respond(
    svc: &Service,
    status: StatusCode,
    template: &Template,
    session: Option<&CheckoutSession>,
    uri: &Uri,
    mut paint: FirstPaint,
) -> Response {
    let path = path_and_query(uri);
    // Framed only by the page this checkout was made for, and only while that
    // origin is still one of MERCHANT_ORIGINS.
    let embedder = session
        .and_then(|s| s.embed_origin.as_deref())
        .filter(|o| svc.config.merchant_origins.iter().any(|m| m == o));
    let brand = session.and_then(|s| brand(s.brand_color.as_deref()));
    // A bug in a component must not cost the buyer the checkout: without the first
    // paint the app renders the page itself, as it did before there was one.
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        checkout_app::first_paint::render(path, &mut paint)
    }));
    let (main, data) = match rendered {
        Ok(main) => (main, checkout_app::first_paint::data_json(&paint)),
        Err(_) => {
            tracing::error!(path = %path_only(path), "the first paint panicked; the app renders the page instead");
            (String::new(), String::from("null"))
        }
    };
    let claimed = paint
        .checkout
        .as_ref()
        .is_some_and(|c| c.viewer == Viewer::Buyer);
    let (html, style_hash) = template.page(&paint.locale, brand, &main, &data, claimed);
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                template.policy(style_hash.as_deref(), embedder),
            ),
        ],
        html,
    )
        .into_response()
}

/// The path without its query (which may carry an authCode): what a log may name.
fn path_only(path_and_query: &str) -> &str {
    path_and_query.split('?').next().unwrap_or("")
}

fn path_and_query(uri: &Uri) -> &str {
    uri.path_and_query().map_or("/", |p| p.as_str())
}

async fn checkout_page(
    State(svc): State<Service>,
    source: Source,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    template: Arc<Template>,
) -> crate::domain::error::Result<Response> {
    // The cookie is hashed once: it names this checkout's claim, or another of the buyer's.
    let browser = browser_hash(&svc, &headers);
    let claim = match browser.clone() {
        Some(b) => buyer_of(&svc, b, &id).await?,
        None => None,
    };
    let (session, claimed) = match claim {
        Some((session, _)) => (Some(session), true),
        None => (checkout::find(&svc, &id).await?, false),
    };
    let viewer = match (&session, &browser) {
        _ if claimed => Viewer::Buyer,
        (Some(s), Some(b)) if returning_browser(&svc, b, s).await? => Viewer::ReturningBrowser,
        _ => Viewer::LinkHolder,
    };
    let mut paint = page_in(language(session.as_ref(), &headers, &uri));
    let Some(session) = session else {
        // Guessing ids costs a rendered page each: a source that keeps guessing waits.
        svc.throttles.spend(Limit::UnknownCheckout, source.0)?;
        // The app says so, in the buyer's language.
        return Ok(respond(
            &svc,
            StatusCode::NOT_FOUND,
            &template,
            None,
            &uri,
            paint,
        ));
    };
    let summary = if claimed {
        let mut summary = checkout::summary(&svc, &session).await?;
        // Back from a wallet that returned to another browser: the field for its code is offered.
        if let Some(browser) = &browser {
            summary.awaiting_link_code =
                crate::domain::handover::awaited(&svc, &session, browser).await?;
        }
        Some(summary)
    } else if session.expires_at > svc.now() {
        Some(checkout::summary_before_claim(&svc, &session, viewer).await?)
    } else {
        // An unclaimed checkout that ran out: nothing to offer; the app asks and says why.
        None
    };
    let refresh = refresh_while_paying(&uri, summary.as_ref(), svc.now()).filter(|_| claimed);
    let form = paint_form(&svc, &id, browser.as_ref().filter(|_| claimed));
    paint.checkout = summary.map(|summary| CheckoutPaint {
        summary,
        viewer,
        picked: None,
        picked_region: None,
        form: Some(form),
    });
    let mut page = respond(&svc, StatusCode::OK, &template, Some(&session), &uri, paint);
    if let Some(every) = refresh {
        page.headers_mut().insert(header::REFRESH, every);
    }
    Ok(page)
}

/// A payment the page's form made (`?paying=1`) that Antom has not decided:
/// without the app the page asks again by itself, every 2 s for its first
/// minute, then every 10 s; after 15 minutes (Antom's inquiries back off by
/// then) it stops, and a reload asks.
fn refresh_while_paying(
    uri: &Uri,
    summary: Option<&contract::api::SessionSummary>,
    now: i64,
) -> Option<HeaderValue> {
    let posted = checkout_app::router::Location::at(path_and_query(uri))
        .query("paying")
        .is_some_and(|v| v == "1");
    let payment = summary
        .and_then(|s| s.payment.as_ref())
        .filter(|p| posted && p.state == contract::api::PaymentState::Processing)?;
    match now - payment.created_at {
        ..60 => Some(HeaderValue::from_static("2")),
        60..900 => Some(HeaderValue::from_static("10")),
        _ => None,
    }
}

/// The painted form's hidden fields: a fresh payment key, and the proof when
/// `claimed_by` (the browser that claimed the checkout) is the one asking.
fn paint_form(svc: &Service, id: &str, claimed_by: Option<&BrowserHash>) -> PaintForm {
    PaintForm {
        key: crate::crypto::random_token(16),
        proof: claimed_by.map_or_else(String::new, |b| form_proof(svc, id, b)),
    }
}

/// Whether `browser` claimed another live checkout of `session`'s buyer.
async fn returning_browser(
    svc: &Service,
    browser: &BrowserHash,
    session: &CheckoutSession,
) -> crate::domain::error::Result<bool> {
    checkout::browser_knows_buyer(svc, &browser.0, &session.buyer_reference).await
}

async fn return_page(
    State(svc): State<Service>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    template: Arc<Template>,
) -> crate::domain::error::Result<Response> {
    // A link the page's form started ends here, without the app.
    if let Some(done) = forms::finish_link(&svc, &id, &headers, &uri).await? {
        return Ok(done);
    }
    let session = checkout::find(&svc, &id).await?;
    let paint = page_in(language(session.as_ref(), &headers, &uri));
    let mut page = respond(
        &svc,
        buyer_status(&id),
        &template,
        session.as_ref(),
        &uri,
        paint,
    );
    // The wallet's tab of an embedded checkout hands the wallet's answer to the
    // frame that opened it. The tab came here through the wallet's pages, which
    // set no opener policy; a page with another policy than theirs (the service's
    // usual `same-origin-allow-popups`) makes the browser put the tab in a new
    // browsing context group, cut from its opener (measured in Chromium 156: the
    // hand-off then never happens and the tab finishes the link itself, which in
    // a cross-site frame's partitioned session it cannot).
    page.headers_mut().insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("unsafe-none"),
    );
    Ok(page)
}

/// The linked-wallets page: the buyer's wallets, only to the browser that claimed the checkout.
async fn wallets_page(
    State(svc): State<Service>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    template: Arc<Template>,
) -> crate::domain::error::Result<Response> {
    let claim = buyer_if_any(&svc, &headers, &id).await?;
    let buyer = claim.as_ref().map(|(s, _)| s.clone());
    let mut paint = page_in(language(buyer.as_ref(), &headers, &uri));
    // Anyone else: the app asks, and says the checkout must be opened from its link.
    if let Some((s, browser)) = &claim {
        paint.linked_wallets =
            Some(crate::domain::linking::wallets_for_buyer(&svc, &s.buyer_reference).await?);
        // Its Unlink works before (and without) the app: a plain post with this proof.
        paint.form_proof = Some(FormProof(form_proof(&svc, &id, browser)));
    }
    Ok(respond(
        &svc,
        buyer_status(&id),
        &template,
        buyer.as_ref(),
        &uri,
        paint,
    ))
}

/// A buyer page's status: 404 for a merchant-initiated charge's session, which no buyer opens.
fn buyer_status(id: &str) -> StatusCode {
    if checkout::is_charge_session(id) {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    }
}
