//! Who is calling: the merchant (a scoped API key, or an operator's console
//! sign-in) or a buyer: the buyer cookie of
//! a top-level checkout, or the credential an embedded checkout keeps in memory
//! ([`contract::api::CREDENTIAL_HEADER`]), since a frame's cookies may be blocked.

use crate::crypto::constant_time_eq;
use crate::domain::access::{api_keys, operators, Caller, Scope};
use crate::domain::checkout::{self, CheckoutSession};
use crate::domain::error::Error;
use crate::domain::linking::BrowserHash;
use crate::http::throttle::{Limit, Source};
use crate::Service;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use std::marker::PhantomData;

/// The buyer cookie's name over http (local development, the sandbox).
pub const COOKIE: &str = "checkout_sid";
/// Its name over https: `__Host-` means only this exact origin, over TLS, with
/// `Path=/`, can have set it (no sibling subdomain can plant one).
pub const SECURE_COOKIE: &str = "__Host-checkout_sid";

/// The buyer cookie's name for this service.
pub fn cookie_name(svc: &Service) -> &'static str {
    if svc.config.serves_https() {
        SECURE_COOKIE
    } else {
        COOKIE
    }
}

/// What a `/v1` handler needs its caller to hold: one marker type per scope.
pub trait Needs: Send + Sync {
    /// The scope.
    const SCOPE: Scope;
}

/// The scope markers [`Merchant`] takes.
pub mod scope {
    use super::{Needs, Scope};

    macro_rules! markers {
        ($($(#[$doc:meta])* $name:ident,)*) => {$(
            $(#[$doc])*
            pub struct $name;
            impl Needs for $name {
                const SCOPE: Scope = Scope::$name;
            }
        )*};
    }

    markers! {
        /// `read`.
        Read,
        /// `checkout`.
        Checkout,
        /// `refunds`.
        Refunds,
        /// `charges`.
        Charges,
        /// `webhooks`.
        Webhooks,
        /// `reconciliation`.
        Reconciliation,
        /// `admin`.
        Admin,
    }
}

/// A back-office caller holding scope `S`: the merchant's systems by API key
/// (`Authorization: Bearer`), or an operator signed in to the console (its
/// sign-in cookie, and on state changes its `X-CSRF-Token`).
pub struct Merchant<S: Needs> {
    /// Who called and what they hold.
    pub caller: Caller,
    needs: PhantomData<S>,
}

/// The console's sign-in cookie over http (local development, the sandbox).
pub const CONSOLE_COOKIE: &str = "ops_sign_in";
/// Its name over https.
pub const SECURE_CONSOLE_COOKIE: &str = "__Host-ops_sign_in";

/// The console cookie's name for this service.
pub fn console_cookie_name(svc: &Service) -> &'static str {
    if svc.config.serves_https() {
        SECURE_CONSOLE_COOKIE
    } else {
        CONSOLE_COOKIE
    }
}

/// The `Set-Cookie` value of a console sign-in: never readable by scripts, never
/// sent by another site, ended by the browser no later than the sign-in's absolute timeout.
pub fn console_set_cookie(svc: &Service, value: &str, max_age: i64) -> String {
    let secure = if svc.config.serves_https() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}",
        console_cookie_name(svc)
    )
}

/// Who is calling the back office, whatever they may do.
pub async fn back_office_caller(parts: &Parts, svc: &Service) -> Result<Caller, Error> {
    let bearer = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or_default().trim());
    let source = Source::of(parts, &svc.config.trusted_proxies).0;
    // A source over its failed-credential limit is refused before anything it sent is read.
    svc.throttles.refuse_if_blocked(source)?;
    if let Some(presented) = bearer {
        if let Some(caller) = api_keys::authenticate(svc, presented).await? {
            return Ok(caller);
        }
        tracing::warn!(%source, "an API key was refused");
        svc.throttles.spend(Limit::FailedCredential, source)?;
        return Err(Error::unauthenticated("the API key is not valid"));
    }
    let Some(cookie) = cookie(&parts.headers, console_cookie_name(svc)) else {
        return Err(Error::unauthenticated(
            "send Authorization: Bearer <API key>, or sign in to the console",
        ));
    };
    let Some((caller, csrf)) = operators::signed_in(svc, cookie).await? else {
        svc.throttles.spend(Limit::FailedCredential, source)?;
        return Err(Error::unauthenticated(
            "the console sign-in ended; sign in again",
        ));
    };
    let changes_state = !matches!(parts.method, Method::GET | Method::HEAD);
    let sent = parts
        .headers
        .get(contract::access::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if changes_state && !constant_time_eq(sent, &csrf) {
        return Err(Error::Forbidden(
            "send the console sign-in's X-CSRF-Token header",
        ));
    }
    Ok(caller)
}

impl<S: Needs> FromRequestParts<Service> for Merchant<S> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Error> {
        let caller = back_office_caller(parts, svc).await?;
        caller.require(S::SCOPE)?;
        Ok(Merchant {
            caller,
            needs: PhantomData,
        })
    }
}

/// The buyer's checkout session: the one the path names
/// (`/api/checkout-sessions/{id}/...`), if this browser (its cookie or its frame's credential) claimed it.
pub struct Buyer(pub CheckoutSession);

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The checkout id in the request's path.
async fn named_checkout(parts: &mut Parts, svc: &Service) -> Result<String, Error> {
    use axum::extract::Path;
    let Path(params) =
        Path::<std::collections::HashMap<String, String>>::from_request_parts(parts, svc)
            .await
            .map_err(|_| Error::NotFound("checkout session"))?;
    params
        .get("id")
        .cloned()
        .ok_or(Error::NotFound("checkout session"))
}

impl FromRequestParts<Service> for Buyer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Error> {
        BuyerBrowser::from_request_parts(parts, svc)
            .await
            .map(|b| Buyer(b.session))
    }
}

/// The `Set-Cookie` value of the buyer cookie (a browser credential) after a claim.
///
/// Over https the cookie is `SameSite=None; Secure; Partitioned`, so the checkout
/// also works inside a merchant's iframe (its own cookie jar per embedding site);
/// cross-site forgery is stopped by [`require_app_header`] instead.
pub fn set_cookie(svc: &Service, value: &str) -> String {
    let site = if svc.config.serves_https() {
        "SameSite=None; Secure; Partitioned"
    } else {
        "SameSite=Lax"
    };
    format!(
        "{}={value}; Path=/; HttpOnly; {site}; Max-Age={}",
        cookie_name(svc),
        crate::domain::checkout::BROWSER_TTL_SECS
    )
}

/// The header every state-changing `/api` call must carry. A cross-site form
/// cannot set it, and a cross-site script cannot send it without a CORS
/// preflight this service never grants.
pub const APP_HEADER: &str = "x-checkout-request";

/// Refuses state-changing `/api` calls without [`APP_HEADER`] (CSRF).
pub async fn require_app_header(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let changes_state = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if changes_state
        && req.uri().path().starts_with("/api/")
        && !req.headers().contains_key(APP_HEADER)
    {
        return Error::Forbidden("send the X-Checkout-Request header").into_response();
    }
    next.run(req).await
}

/// The hash of the request's browser proof (what the store keeps), if it sent one:
/// an embedded checkout's credential, else the buyer cookie.
///
/// A frame that sends its credential is that frame, whatever cookie rides along
/// (a partitioned cookie of an older claim on the same shop must not stand in for it).
/// What a checkout's own page posts with its form to prove it is this browser's
/// page (`http::first_paint::forms`): keyed to the checkout and the browser, so
/// another site, which the cookie would otherwise follow, cannot make one.
pub fn form_proof(svc: &Service, checkout_id: &str, browser: &BrowserHash) -> String {
    crate::crypto::keyed_hash_hex(
        &svc.config.token_encryption_key,
        format!("checkout-form\0{checkout_id}\0{}", browser.0).as_bytes(),
    )
}

pub fn browser_hash(svc: &Service, headers: &HeaderMap) -> Option<BrowserHash> {
    let credential = headers
        .get(contract::api::CREDENTIAL_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty());
    credential
        .or_else(|| cookie(headers, cookie_name(svc)))
        .map(BrowserHash::of)
}

/// The browser's cookie hash, and checkout `checkout_id` if that browser claimed it.
pub async fn buyer_if_any(
    svc: &Service,
    headers: &HeaderMap,
    checkout_id: &str,
) -> Result<Option<(CheckoutSession, BrowserHash)>, Error> {
    match browser_hash(svc, headers) {
        Some(browser) => buyer_of(svc, browser, checkout_id).await,
        None => Ok(None),
    }
}

/// Checkout `checkout_id`, if `browser` claimed it and its claim is still valid.
pub async fn buyer_of(
    svc: &Service,
    browser: BrowserHash,
    checkout_id: &str,
) -> Result<Option<(CheckoutSession, BrowserHash)>, Error> {
    Ok(checkout::for_browser(svc, &browser.0, checkout_id)
        .await?
        .map(|s| (s, browser)))
}

/// The buyer's checkout session and the browser it was claimed in: what a
/// wallet link is bound to.
pub struct BuyerBrowser {
    /// The checkout session.
    pub session: CheckoutSession,
    /// The browser.
    pub browser: BrowserHash,
}

impl FromRequestParts<Service> for BuyerBrowser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Error> {
        let checkout_id = named_checkout(parts, svc).await?;
        if checkout::is_charge_session(&checkout_id) {
            return Err(Error::NotFound("checkout session"));
        }
        let Some(browser) = browser_hash(svc, &parts.headers) else {
            return Err(not_open_here());
        };
        if let Some((session, browser)) = buyer_of(svc, browser.clone(), &checkout_id).await? {
            return Ok(BuyerBrowser { session, browser });
        }
        // Say "expired" only when it is true: this browser did hold the checkout.
        // A browser that never held it (another browser, a frame whose cookie was
        // blocked) is told so, never that its link expired.
        if checkout::ever_held(svc, &browser.0, &checkout_id).await? {
            Err(Error::Unauthenticated {
                code: crate::domain::error::ErrorCode::SessionExpired,
                message:
                    "this browser's hold on the checkout ran out; open the checkout link again"
                        .into(),
            })
        } else {
            Err(not_open_here())
        }
    }
}

fn not_open_here() -> Error {
    Error::unauthenticated(
        "this browser has not opened this checkout (no buyer cookie or frame credential for it)",
    )
}
