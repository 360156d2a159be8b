//! The checkout's primary action as a plain form post: `POST /checkout/{id}/act`
//! links the chosen wallet (answering the wallet's page) or pays with it, and the
//! return from a wallet that such a post went to completes the link here. This is
//! the service's first paint working before the app's wasm has arrived, and where
//! WebAssembly is unavailable (iOS Lockdown Mode, some WebViews). The app, once it
//! runs, renders the same button without the form and calls the app API; the
//! domain calls here are that API's own.
//!
//! Who may post: the browser that claimed the checkout (its cookie), from the
//! checkout's own page: `Sec-Fetch-Site` is `same-origin` where the browser sends
//! it, and the form carries a proof keyed to this checkout and this browser, which
//! another site cannot read (the cookie alone would ride along on a cross-site
//! post where it is `SameSite=None`). A frame's claim is a credential the app keeps
//! in memory: the page's loader leaves a framed form to the app.

use crate::domain::error::{Error, Result};
use crate::domain::idempotency::IdempotencyKey;
use crate::domain::linking::BrowserHash;
use crate::domain::{checkout, linking, paying};
use crate::http::auth::{browser_hash, buyer_if_any, cookie, form_proof};
use crate::Service;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Form;
use contract::api::{
    CompleteAuthorization, CreatePayment, ErrorCode, LinkState, Os, StartAuthorization, Terminal,
    WalletOption,
};

mod unlink;

pub(super) use unlink::unlink;

/// The marker a form's link leaves, so that the return completes it here (value: the checkout id).
const LINK_MARKER: &str = "checkout_form_link";
const SECURE_LINK_MARKER: &str = "__Host-checkout_form_link";

/// How long a wallet may keep the buyer before the return is left to the page: the attempt's own life.
const LINK_MARKER_SECS: u32 = 30 * 60;

/// What the service's page posts.
#[derive(serde::Deserialize)]
pub(super) struct ActForm {
    /// The chosen wallet's code.
    wallet: String,
    /// The action the page showed for it: `link` or `pay`.
    #[serde(default)]
    intent: String,
    /// The wallet whose action the button showed (another radio may be checked
    /// where no script relabels it).
    #[serde(default)]
    shown: String,
    /// The payment's idempotency key, made when the page was rendered.
    key: String,
    /// [`form_proof`] of this checkout and browser.
    proof: String,
}

/// `POST /checkout/{id}/act`: link the chosen wallet, or pay with it when linked.
pub(super) async fn act(
    State(svc): State<Service>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    form: std::result::Result<Form<ActForm>, FormRejection>,
) -> Result<Response> {
    same_origin(&headers)?;
    let Form(form) = form.map_err(|e| Error::validation(e.body_text()))?;
    let back = Back::to(format!("/checkout/{id}"), &uri);
    let (session, browser) = match poster(&svc, &headers, &id, &form.proof, &back).await? {
        Ok(poster) => poster,
        Err(answer) => return Ok(answer),
    };
    let summary = checkout::summary(&svc, &session).await?;
    let Some(wallet) = summary.wallets.iter().find(|w| w.code == form.wallet) else {
        return Ok(back.error(ErrorCode::Validation));
    };
    // What the page showed, or nothing: a tap on "Link GCash" never pays, even
    // when GCash was linked meanwhile (another tab, another checkout of the buyer),
    // and never links or pays with Maya checked beside a label no script changed.
    let as_shown = form.shown == wallet.code;
    match (
        as_shown,
        wallet.link == LinkState::Linked,
        form.intent.as_str(),
    ) {
        (true, true, "pay") if !summary.setup => {
            Ok(match pay(&svc, &session, &form.key, &wallet.code).await {
                Ok(()) => back.with(Some(("paying", "1"))),
                // It may have reached Antom: the page reads what was stored.
                Err(Error::Database(_) | Error::Internal(_)) => {
                    tracing::error!("a checkout form's payment failed on our side");
                    back.with(Some(("paying", "1")))
                }
                Err(e) => back.error(code_of(&e)),
            })
        }
        (true, false, "link") => {
            let user_agent = headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let terminal = checkout_app::terminal::detect(user_agent, summary.terminal);
            link(&svc, &session, &browser, wallet, terminal, &back).await
        }
        // The page is out of date, or showed another wallet's action (a radio
        // changed with no script to relabel the button), or it is setup mode's end:
        // painted again with this wallet picked and what is true for it now.
        _ => Ok(back.with(Some(("wallet", &wallet.code)))),
    }
}

/// Why a browser without this checkout's claim cannot act: its hold ran out
/// (`SESSION_EXPIRED`, only when it did hold it), else it never held it here.
async fn not_held(svc: &Service, headers: &HeaderMap, id: &str) -> Result<ErrorCode> {
    let held = match browser_hash(svc, headers) {
        Some(browser) => checkout::ever_held(svc, &browser.0, id).await?,
        None => false,
    };
    Ok(if held {
        ErrorCode::SessionExpired
    } else {
        ErrorCode::Unauthorized
    })
}

/// Starts linking `wallet` and answers the wallet's page, leaving the marker
/// that has the return complete the link here.
async fn link(
    svc: &Service,
    session: &checkout::CheckoutSession,
    browser: &BrowserHash,
    wallet: &WalletOption,
    (terminal, os): (Terminal, Option<Os>),
    back: &Back,
) -> Result<Response> {
    let id = &session.id;
    let req = StartAuthorization {
        wallet: wallet.code.clone(),
        terminal,
        os,
    };
    let redirect = match linking::start(svc, session, browser, req).await {
        Ok(redirect) => redirect,
        Err(e) => return Ok(back.error(code_of(&e))),
    };
    // No script runs on the way: the wallet's app link (a web page where the app
    // is not installed) or its web page, never a bare scheme with no way back.
    let own_origin = own_origin(svc);
    let (first, _) = checkout_app::terminal::choose(
        terminal,
        redirect.normal_url.as_deref(),
        redirect.applink_url.as_deref(),
        None,
        own_origin,
    );
    let Some(url) = first else {
        // As the app says it: the wallet gave no page this checkout may open.
        return Ok(back.error(ErrorCode::WalletRefused));
    };
    let mut answer = to_wallet(url, own_origin, &wallet.name)?;
    answer
        .headers_mut()
        .append(header::SET_COOKIE, marker(svc, id, LINK_MARKER_SECS)?);
    Ok(answer)
}

/// Pays with the linked `wallet` under the page's `key`: a second post of the page is the same payment.
async fn pay(
    svc: &Service,
    session: &checkout::CheckoutSession,
    key: &str,
    wallet: &str,
) -> Result<()> {
    let key = IdempotencyKey::parse(Some(key))?;
    let req = CreatePayment {
        wallet: wallet.to_owned(),
    };
    paying::create(svc, session, &key, req).await.map(|_| ())
}

/// The return from a wallet a form's link went to: completes the link for the
/// browser that started it and goes back to the checkout, or `None` when the
/// return is the app's to handle (a link the app started, another browser).
pub(super) async fn finish_link(
    svc: &Service,
    id: &str,
    headers: &HeaderMap,
    uri: &Uri,
) -> Result<Option<Response>> {
    if cookie(headers, marker_name(svc)) != Some(id) {
        return Ok(None);
    }
    let Some((session, browser)) = buyer_if_any(svc, headers, id).await? else {
        return Ok(None);
    };
    let query =
        checkout_app::router::Location::at(uri.path_and_query().map_or("/", |p| p.as_str()));
    let req = CompleteAuthorization {
        auth_code: query.query("authCode").filter(|c| !c.is_empty()),
        auth_state: query.query("authState").unwrap_or_default(),
    };
    // Only this browser's link of this checkout: another site sending the buyer
    // here with a made-up state must not spend the marker the wallet's return needs.
    if !linking::started_by(svc, &req.auth_state, &session, &browser).await? {
        return Ok(None);
    }
    let back = Back::to(format!("/checkout/{id}"), uri);
    let mut answer = match linking::complete(svc, Some((&session, &browser)), req).await {
        Ok(linked) => back.with(Some(("linked", &linked.wallet))),
        Err(e) => back.error(code_of(&e)),
    };
    answer
        .headers_mut()
        .append(header::SET_COOKIE, marker(svc, "", 0)?);
    Ok(Some(answer))
}

/// The code a buyer's page explains; what went wrong on our side is logged here,
/// since the answer is a redirect, not the error's own response.
fn code_of(error: &Error) -> ErrorCode {
    if matches!(error, Error::Database(_) | Error::Internal(_)) {
        tracing::error!(%error, "a checkout form's post failed");
    }
    error.code()
}

/// Only the checkout's own pages post here: a browser that says where a post came
/// from is believed; one that does not still needs the page's proof ([`poster`]).
pub(super) fn same_origin(headers: &HeaderMap) -> Result<()> {
    match headers.get("sec-fetch-site").map(HeaderValue::as_bytes) {
        None | Some(b"same-origin") => Ok(()),
        Some(_) => Err(Error::Forbidden(
            "post the checkout's form from its own page",
        )),
    }
}

/// The buyer who claimed checkout `id` in this browser, posting with its page's
/// `proof`; else the answer the post gets: `back` with why (a stranger, a hold
/// that ran out), or without (a proof this browser's page no longer holds, since
/// another claim in it gave it a new cookie, or a forged one: nothing is done,
/// and the page, painted again, carries the current proof).
pub(super) async fn poster(
    svc: &Service,
    headers: &HeaderMap,
    id: &str,
    proof: &str,
    back: &Back,
) -> Result<std::result::Result<(checkout::CheckoutSession, BrowserHash), Response>> {
    let Some((session, browser)) = buyer_if_any(svc, headers, id).await? else {
        return Ok(Err(back.error(not_held(svc, headers, id).await?)));
    };
    if !crate::crypto::constant_time_eq(proof, &form_proof(svc, id, &browser)) {
        return Ok(Err(back.with(None)));
    }
    Ok(Ok((session, browser)))
}

/// The checkout page a form's answer goes to, in the language the form's page was
/// asked in (`?locale=`, as the embed asks): a redirect would lose it.
pub(super) struct Back {
    path: String,
    language: Option<&'static str>,
}

impl Back {
    /// To `path`, in the language of the post's own `?locale=`.
    pub(super) fn to(path: String, uri: &Uri) -> Self {
        let at = uri.path_and_query().map_or("/", |p| p.as_str());
        Back {
            path,
            language: checkout_app::router::Location::at(at).asked_language(),
        }
    }

    /// To the page, with `name=value` when given (a code or a wallet's: nothing to escape).
    pub(super) fn with(&self, param: Option<(&str, &str)>) -> Response {
        let mut query: Vec<String> = param.map(|(k, v)| format!("{k}={v}")).into_iter().collect();
        if let Some(code) = self.language {
            query.push(format!("locale={code}"));
        }
        match query.is_empty() {
            true => see_other(&self.path),
            false => see_other(&format!("{}?{}", self.path, query.join("&"))),
        }
    }

    /// To the page, saying what stopped the action.
    pub(super) fn error(&self, code: ErrorCode) -> Response {
        self.with(Some(("error", &code.to_string())))
    }
}

fn see_other(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        // Only a checkout id from the path can make it so: no such checkout.
        Err(_) => Error::NotFound("checkout").into_response(),
    }
}

/// The service's own origin, as the wallet pages of the embedded sandbox are on it.
fn own_origin(svc: &Service) -> &str {
    svc.config.public_base_url.trim_end_matches('/')
}

/// To the wallet's page. A redirect on this origin is followed; another origin's
/// is refused by the page's `form-action 'self'` in Chromium, which does not
/// apply to a `Refresh`, so there the answer is a page that moves on at once
/// (its one link, named by the wallet's brand, for a browser that does not).
fn to_wallet(url: &str, own_origin: &str, wallet_name: &str) -> Result<Response> {
    let on_own_origin = url
        .strip_prefix(own_origin)
        .is_some_and(|rest| rest.starts_with('/'));
    if on_own_origin {
        return Ok(see_other(url));
    }
    let refresh = HeaderValue::from_str(&format!("0; url={url}"))
        .map_err(|_| Error::Internal(anyhow::anyhow!("a wallet URL that is not a header value")))?;
    let body = format!(
        "<!DOCTYPE html><meta charset=utf-8><title>{name}</title><a href=\"{href}\">{name}</a>",
        name = escape(wallet_name),
        href = escape(url)
    );
    Ok((
        [
            (header::REFRESH, refresh),
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
        ],
        body,
    )
        .into_response())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn marker_name(svc: &Service) -> &'static str {
    if svc.config.serves_https() {
        SECURE_LINK_MARKER
    } else {
        LINK_MARKER
    }
}

/// The link marker for checkout `id` (empty and `max_age` 0: gone). `Lax`: the
/// wallet's return is a cross-site top-level navigation, which carries it.
fn marker(svc: &Service, id: &str, max_age: u32) -> Result<HeaderValue> {
    let secure = if svc.config.serves_https() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{}={id}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
        marker_name(svc)
    ))
    .map_err(|e| Error::Internal(e.into()))
}
