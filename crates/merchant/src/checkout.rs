//! Checkout sessions: created by the merchant, claimed by the buyer's browser,
//! summarised for the app.

use crate::crypto::{new_id, random_token, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::states::LinkStatus;
use crate::store::sessions::CheckoutSession;
use crate::store::{self, now, wallets};
use crate::{paying, Service};
use antom::api::TerminalType;
use contract::api::{LinkState, Money, OrderItem, SessionSummary, Terminal, WalletOption};
use serde::{Deserialize, Serialize};

/// Locales the checkout speaks (the app's own list, `locale::LOCALES`).
pub const LOCALES: [&str; 10] = locale::CODES;
/// How long a buyer has to pay, unless the merchant says otherwise.
const DEFAULT_TTL_SECS: i64 = 30 * 60;
/// How long a claimed browser session lasts.
pub const BROWSER_TTL_SECS: i64 = 2 * 3600;

/// `POST /v1/checkout-sessions`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewCheckoutSession {
    /// The merchant's id for the buyer; linked wallets belong to it.
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub buyer_reference: String,
    /// The order.
    pub order: NewOrder,
    /// Buyer region (ISO 3166-1), decides the wallets offered.
    #[schema(schema_with = crate::schemas::region)]
    pub region: Option<String>,
    /// The checkout's language.
    #[schema(schema_with = crate::schemas::locale)]
    pub locale: Option<String>,
    /// `WEB`, `WAP` or `APP`, if the merchant knows better than the user agent.
    pub terminal: Option<Terminal>,
    /// Where the buyer goes when done.
    #[schema(max_length = 1024, pattern = "^https?://")]
    pub return_url: Option<String>,
    /// Seconds until the session can no longer pay (60 to 86400).
    #[schema(minimum = 60, maximum = 86400)]
    pub expires_in_seconds: Option<i64>,
    /// The merchant page origin that embeds this checkout in an iframe: one of the
    /// service's `MERCHANT_ORIGINS` (`scheme://host[:port]`).
    #[serde(default)]
    #[schema(pattern = "^https?://[^/?#\\s]+$")]
    pub embed_origin: Option<String>,
    /// Regions the buyer may switch between (the `region` is the default).
    #[serde(default)]
    #[schema(schema_with = crate::schemas::regions)]
    pub regions: Vec<String>,
    /// `#rrggbb`, at least 4.5:1 against white so text on it and links in it stay readable.
    #[serde(default)]
    #[schema(pattern = "^\\s*#[0-9A-Fa-f]{6}\\s*$")]
    pub brand_color: Option<String>,
    /// The wallet the buyer links will pay recurring charges (a subscription): wallets that
    /// must know (PayPay) are told so when the link starts. Default false.
    #[serde(default)]
    pub recurring: bool,
    /// Up to 20 of the merchant's own key-value pairs (keys 1–40 characters, values ≤ 500),
    /// returned on the session and its payments in the API and in webhooks, never to the buyer.
    #[serde(default)]
    #[schema(schema_with = crate::schemas::metadata)]
    pub metadata: contract::api::Metadata,
    /// `payment` (default) or `setup`: link a wallet and pay nothing now (the order then
    /// says what the wallet will pay for; it implies `recurring`).
    #[serde(default)]
    pub mode: contract::api::CheckoutMode,
}

/// Refuses metadata beyond 20 pairs, keys of 1–40 characters and values of ≤ 500.
pub(crate) fn check_metadata(m: &contract::api::Metadata) -> Result<Option<String>> {
    if m.len() > 20
        || m.iter()
            .any(|(k, v)| k.is_empty() || k.chars().count() > 40 || v.chars().count() > 500)
    {
        return Err(Error::validation(
            "metadata takes at most 20 pairs, keys of 1 to 40 characters and values of at most 500",
        ));
    }
    Ok((!m.is_empty()).then(|| serde_json::to_string(m).unwrap_or_default()))
}

/// The order of a new session.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct NewOrder {
    /// The merchant's order id.
    #[schema(min_length = 1, max_length = 64, pattern = "\\S")]
    pub reference: String,
    /// Shown to the buyer.
    #[schema(min_length = 1, max_length = 256, pattern = "\\S")]
    pub description: String,
    /// Total in minor units (IDR: whole rupiah, a multiple of 100).
    #[schema(minimum = 1)]
    pub amount: i64,
    /// ISO 4217, upper case.
    #[schema(schema_with = crate::schemas::currency)]
    pub currency: String,
    /// Lines; if given they must add up to `amount`.
    #[serde(default)]
    pub items: Vec<OrderItem>,
}

/// The answer: where to send the buyer.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CreatedCheckoutSession {
    /// Session id.
    pub id: String,
    /// Open this in the buyer's browser; its fragment holds a one-time token.
    pub url: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    pub livemode: bool,
}

/// Antom counts characters, and so does the OpenAPI document's `maxLength`.
fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() || value.chars().count() > max {
        return Err(Error::validation(format!(
            "{field} must be 1 to {max} characters"
        )));
    }
    Ok(())
}

/// Validates and stores a session; answers its URL.
pub async fn create(svc: &Service, req: NewCheckoutSession) -> Result<CreatedCheckoutSession> {
    let token = random_token(24);
    let session = checked(svc, req, new_id("cs"), &token, now())?;
    store::sessions::insert(&svc.db, &session).await?;
    Ok(CreatedCheckoutSession {
        url: svc.url(&format!("/checkout/{}#t={token}", session.id)),
        id: session.id,
        expires_at: session.expires_at,
        livemode: svc.config.livemode(),
    })
}

/// A valid session `id` made of `req`, claimable with `token`; every rule a session
/// must meet (lengths, amounts Antom takes, regions, locale, URLs) is checked here.
pub(crate) fn checked(
    svc: &Service,
    req: NewCheckoutSession,
    id: String,
    token: &str,
    now: i64,
) -> Result<CheckoutSession> {
    check_text("buyer_reference", &req.buyer_reference, 64)?;
    check_text("order.reference", &req.order.reference, 64)?;
    check_text("order.description", &req.order.description, 256)?;
    let currency = antom::Currency::new(&req.order.currency)
        .map_err(|e| Error::validation(format!("order.currency: {e}")))?;
    if req.order.amount <= 0 {
        return Err(Error::validation(
            "order.amount must be a positive number of minor units",
        ));
    }
    let antom_takes = |field: &str, minor: i64| antom_takes(field, currency.code(), minor);
    antom_takes("order.amount", req.order.amount)?;
    if !req.order.items.is_empty() {
        let mut total: i64 = 0;
        for item in &req.order.items {
            check_text("order.items[].name", &item.name, 128)?;
            if item.quantity == 0 || item.unit_amount < 0 {
                return Err(Error::validation(
                    "order.items need a quantity ≥ 1 and a non-negative unit_amount",
                ));
            }
            antom_takes("order.items[].unit_amount", item.unit_amount)?;
            total = item
                .unit_amount
                .checked_mul(i64::from(item.quantity))
                .and_then(|line| total.checked_add(line))
                .ok_or_else(|| Error::validation("order.items add up to more than order.amount"))?;
        }
        if total != req.order.amount {
            return Err(Error::validation(format!(
                "order.items add up to {total}, not order.amount {}",
                req.order.amount
            )));
        }
    }
    let known_region = |r: &str| -> Result<String> {
        contract::wallets::region(r)
            .map(|x| x.code.to_owned())
            .ok_or_else(|| Error::validation(format!("region {r:?} has no Auto Debit wallets")))
    };
    let regions = req
        .regions
        .iter()
        .map(|r| known_region(r))
        .collect::<Result<Vec<_>>>()?;
    let region = match req.region {
        Some(r) => Some(known_region(&r)?),
        None => regions.first().cloned(),
    };
    if let Some(r) = &region {
        if !regions.is_empty() && !regions.contains(r) {
            return Err(Error::validation("region must be one of regions"));
        }
    }
    let brand_color = match req.brand_color {
        Some(c) => Some(readable_brand_color(&c)?),
        None => None,
    };
    if let Some(locale) = &req.locale {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(Error::validation(format!(
                "locale must be one of {LOCALES:?}"
            )));
        }
    }
    if let Some(url) = &req.return_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 1024 {
            return Err(Error::validation("return_url must be an http(s) URL"));
        }
    }
    let embed_origin = match &req.embed_origin {
        None => None,
        Some(o) => match crate::config::parse_origin(o) {
            Some(origin) if svc.config.merchant_origins.contains(&origin) => Some(origin),
            _ => {
                return Err(Error::validation(
                    "embed_origin must be one of MERCHANT_ORIGINS",
                ))
            }
        },
    };
    let ttl = req.expires_in_seconds.unwrap_or(DEFAULT_TTL_SECS);
    if !(60..=86_400).contains(&ttl) {
        return Err(Error::validation("expires_in_seconds must be 60 to 86400"));
    }
    Ok(CheckoutSession {
        id,
        claim_token_hash: sha256_hex(token.as_bytes()),
        claimed_at: None,
        buyer_reference: req.buyer_reference,
        order_reference: req.order.reference,
        order_description: req.order.description,
        amount_minor: req.order.amount,
        currency: currency.code().to_owned(),
        items_json: serde_json::to_string(&req.order.items).map_err(anyhow::Error::from)?,
        region,
        locale: req.locale,
        terminal: req.terminal,
        return_url: req.return_url,
        embed_origin,
        regions_json: (regions.len() > 1)
            .then(|| serde_json::to_string(&regions).unwrap_or_default()),
        brand_color,
        recurring: req.recurring || req.mode == contract::api::CheckoutMode::Setup,
        metadata_json: check_metadata(&req.metadata)?,
        mode: req.mode,
        created_at: now,
        expires_at: now + ttl,
    })
}

/// How the browser will prove its claim on later calls.
pub enum Claimant<'a> {
    /// A top-level page: the buyer cookie, the browser's current one if it sent one.
    Cookie(Option<&'a str>),
    /// A frame on another site: a credential of its own, never shared with a cookie.
    Frame,
}

/// Exchanges the one-time token for a place in the browser's cookie, or for a
/// frame's credential; answers the value to hand the browser.
///
/// A cookie is the browser's own when it already holds other checkouts (they
/// stay usable), else a new one. A frame always gets a fresh credential that
/// holds this checkout alone: it lives in the frame's memory, and another
/// checkout's frame on the same page cannot use it.
pub async fn claim(
    svc: &Service,
    session_id: &str,
    token: &str,
    claimant: Claimant<'_>,
) -> Result<String> {
    let now = now();
    if !store::sessions::claim(&svc.db, session_id, &sha256_hex(token.as_bytes()), now).await? {
        return Err(Error::Forbidden(
            "This checkout link was already used or has expired",
        ));
    }
    // Only a cookie this service issued and still knows is kept; anything else
    // (expired, or planted) is replaced by a fresh one.
    let known = match claimant {
        Claimant::Cookie(Some(existing)) => {
            let hash = sha256_hex(existing.as_bytes());
            store::sessions::browser_known(&svc.db, &hash, now)
                .await?
                .then(|| (existing.to_owned(), hash))
        }
        Claimant::Cookie(None) | Claimant::Frame => None,
    };
    let (value, hash) = known.unwrap_or_else(|| {
        let fresh = random_token(32);
        let hash = sha256_hex(fresh.as_bytes());
        (fresh, hash)
    });
    store::sessions::add_to_browser(&svc.db, &hash, session_id, now, now + BROWSER_TTL_SECS)
        .await?;
    Ok(value)
}

/// The money of a session.
pub fn money(amount: i64, currency: &str) -> Money {
    let b = currency.as_bytes();
    let code = if b.len() == 3 {
        [b[0], b[1], b[2]]
    } else {
        *b"XXX"
    };
    // Stored currencies were checked against ISO 4217 when the session was made.
    let exponent = antom::Currency::new(currency).map_or(2, |c| c.exponent()) as u8;
    Money {
        minor: amount,
        currency: contract::api::Currency3(code),
        exponent,
    }
}

/// What the app shows: order, wallets of the region (linked first), payment so far.
pub async fn summary(svc: &Service, s: &CheckoutSession) -> Result<SessionSummary> {
    summary_in(svc, s, None).await
}

/// Regions the buyer of `s` may choose from (empty: the merchant did not offer a choice).
pub fn allowed_regions(s: &CheckoutSession) -> Vec<String> {
    s.regions_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// Whether a wallet may be linked or used in this checkout.
pub fn offers(s: &CheckoutSession, wallet: &contract::Wallet) -> bool {
    let regions = allowed_regions(s);
    if !regions.is_empty() {
        return regions.iter().any(|r| r == wallet.region);
    }
    s.region
        .as_deref()
        .is_none_or(|r| r.eq_ignore_ascii_case(wallet.region))
}

pub use checkout_app::first_paint::Viewer;

/// A brand colour buyers can read: `#rrggbb` with at least 4.5:1 contrast against white.
fn readable_brand_color(text: &str) -> Result<String> {
    let hex = text.trim().strip_prefix('#').unwrap_or("");
    let bad = || Error::validation("brand_color must look like #1453c7");
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let channel = |i: usize| -> Result<f64> {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad())?) / 255.0;
        Ok(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    let contrast = 1.05 / (luminance + 0.05);
    if contrast < 4.5 {
        return Err(Error::validation(format!("brand_color #{hex} has {contrast:.1}:1 contrast against white; WCAG AA needs 4.5:1: use a darker shade"),
        ));
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

/// [`summary`] for a region the buyer picked among the session's regions.
pub async fn summary_in(
    svc: &Service,
    s: &CheckoutSession,
    pick: Option<&str>,
) -> Result<SessionSummary> {
    let regions = allowed_regions(s);
    let region = match pick {
        Some(p) if regions.iter().any(|r| r.eq_ignore_ascii_case(p)) => {
            Some(p.to_ascii_uppercase())
        }
        Some(_) => {
            return Err(Error::validation(
                "that region is not offered for this checkout",
            ))
        }
        None => s.region.clone(),
    };
    build_summary(svc, s, region, regions, Viewer::Buyer).await
}

/// The summary a viewer who has not claimed this checkout yet may see (the
/// service's first paint): the order and the region's wallets; the buyer's links
/// only to a browser that claimed another of the buyer's checkouts; never the payment.
pub async fn summary_before_claim(
    svc: &Service,
    s: &CheckoutSession,
    viewer: Viewer,
) -> Result<SessionSummary> {
    let viewer = match viewer {
        Viewer::Buyer => Viewer::ReturningBrowser,
        other => other,
    };
    build_summary(svc, s, s.region.clone(), allowed_regions(s), viewer).await
}

async fn build_summary(
    svc: &Service,
    s: &CheckoutSession,
    region: Option<String>,
    regions: Vec<String>,
    viewer: Viewer,
) -> Result<SessionSummary> {
    let links = if viewer != Viewer::LinkHolder {
        wallets::latest_for_buyer(&svc.db, &s.buyer_reference).await?
    } else {
        Vec::new()
    };
    let offered: Vec<&contract::Wallet> = match &region {
        Some(region) => contract::wallets::wallets_in(region).collect(),
        None => contract::WALLETS.iter().collect(),
    };
    let mut options: Vec<WalletOption> = offered
        .into_iter()
        .map(|w| {
            let link = links.iter().find(|l| l.wallet == w.code);
            WalletOption {
                code: w.code.to_owned(),
                name: w.name.to_owned(),
                link: link.map_or(LinkState::NotLinked, |l| l.status.view()),
                account: link
                    .filter(|l| l.status == LinkStatus::Active)
                    .and_then(|l| l.display_account.clone()),
            }
        })
        .collect();
    // Linked first; otherwise the catalogue's order.
    options.sort_by_key(|o| o.link != LinkState::Linked);
    let current = if viewer == Viewer::Buyer {
        store::payments::current_for_session(&svc.db, &s.id).await?
    } else {
        None
    };
    let payment = match current {
        Some(p) => Some(paying::view(svc, &p, s).await?),
        None => None,
    };
    Ok(SessionSummary {
        id: s.id.clone(),
        merchant_name: svc.config.merchant_name.clone(),
        order_reference: s.order_reference.clone(),
        description: s.order_description.clone(),
        amount: money(s.amount_minor, &s.currency),
        items: serde_json::from_str(&s.items_json).unwrap_or_default(),
        region,
        regions,
        brand_color: s.brand_color.clone(),
        locale: s.locale.clone(),
        terminal: s.terminal,
        wallets: options,
        payment,
        return_url: s.return_url.clone(),
        embed_origin: s.embed_origin.clone(),
        expires_at: s.expires_at,
        setup: s.mode == contract::api::CheckoutMode::Setup,
        awaiting_link_code: None,
    })
}

/// Refuses with `VALIDATION` an amount Antom would not take (IDR in whole
/// rupiah), before anything is recorded or sent; `field` names it.
pub fn antom_takes(field: &str, currency: &str, minor: i64) -> Result<()> {
    antom::Amount::from_minor(currency, minor)
        .and_then(|a| a.check_antom_rules())
        .map_err(|e| Error::validation(format!("{field}: {e}")))
}

/// Antom's `terminalType` for where the buyer is.
pub fn antom_terminal(terminal: Terminal) -> TerminalType {
    match terminal {
        Terminal::Web => TerminalType::Web,
        Terminal::Wap => TerminalType::Wap,
        Terminal::App => TerminalType::App,
    }
}

/// A session as the merchant API and its events show it.
pub async fn view(svc: &Service, id: &str) -> Result<contract::webhooks::CheckoutSessionView> {
    use contract::webhooks::{CheckoutSessionState, CheckoutSessionView};
    let s = store::sessions::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("checkout session"))?;
    let paid = store::payments::succeeded_for_session(&svc.db, &s.id).await?;
    let current = store::payments::current_for_session(&svc.db, &s.id).await?;
    let under_way = current.as_ref().is_some_and(|p| !p.is_final());
    let linked = s.mode == contract::api::CheckoutMode::Setup
        && store::authorizations::linked_via(&svc.db, &s.id).await?;
    let state = if paid.is_some() || linked {
        CheckoutSessionState::Completed
    } else if s.expires_at <= now() && !under_way {
        CheckoutSessionState::Expired
    } else {
        CheckoutSessionState::Open
    };
    let metadata = s.metadata();
    Ok(CheckoutSessionView {
        id: s.id,
        state,
        buyer_reference: s.buyer_reference,
        order_reference: s.order_reference,
        amount: money(s.amount_minor, &s.currency),
        payment_id: paid.or_else(|| current.map(|p| p.id)),
        expires_at: s.expires_at,
        livemode: svc.config.livemode(),
        metadata,
    })
}

/// Ends an unpaid session now (`checkout_session.expired`); refused once paid or while a
/// payment is under way.
pub async fn expire(svc: &Service, id: &str) -> Result<contract::webhooks::CheckoutSessionView> {
    let now = now();
    let before = view(svc, id).await?;
    if before.state == contract::webhooks::CheckoutSessionState::Expired {
        return Ok(before);
    }
    if !store::sessions::expire_now(&svc.db, id, now).await? {
        return Err(match before.state {
            contract::webhooks::CheckoutSessionState::Completed => {
                Error::conflict(ErrorCode::OrderAlreadyPaid, "this checkout is already paid")
            }
            _ => Error::conflict(
                ErrorCode::PaymentInProgress,
                "a payment of this checkout is under way; wait for its outcome",
            ),
        });
    }
    store::sessions::report_expired(&svc.db, now).await?;
    view(svc, id).await
}

#[cfg(test)]
mod tests {
    use super::readable_brand_color;

    #[test]
    fn a_brand_colour_must_be_readable_on_white() {
        assert_eq!(
            readable_brand_color(" #1453C7 ").ok().as_deref(),
            Some("#1453c7")
        );
        assert!(
            readable_brand_color("#ffd700").is_err(),
            "gold on white is unreadable"
        );
        assert!(readable_brand_color("1453c7").is_err());
        assert!(readable_brand_color("#12345g").is_err());
    }
}
