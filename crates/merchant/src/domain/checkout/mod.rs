//! Checkout sessions: created by the merchant, claimed by the buyer's browser,
//! summarised for the app.

mod rules;
mod summary;

pub use crate::store::sessions::CheckoutSession;
pub use contract::requests::{CreatedCheckoutSession, NewCheckoutSession, NewOrder};
pub(crate) use rules::checked;
pub use rules::{antom_takes, antom_terminal, money};
pub use summary::{allowed_regions, offers, summary, summary_before_claim, summary_in, Viewer};

use crate::crypto::{new_id, random_token, sha256_hex};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::{self};
use crate::Service;

/// Locales the checkout speaks (the app's own list, `locale::LOCALES`).
pub const LOCALES: [&str; 10] = locale::CODES;
/// How long a buyer has to pay, unless the merchant says otherwise.
pub(crate) const DEFAULT_TTL_SECS: i64 = 30 * 60;
/// How long a browser credential holds a checkout it claimed.
pub const BROWSER_TTL_SECS: i64 = 2 * 3600;

/// Refuses with `SESSION_EXPIRED` what a checkout past its expiry may no longer
/// do: start or finish a link, pay. An expired checkout never becomes completed.
pub fn ensure_open(session: &CheckoutSession, now: i64) -> Result<()> {
    if session.expires_at <= now {
        return Err(Error::invalid(
            ErrorCode::SessionExpired,
            "this checkout has expired",
        ));
    }
    Ok(())
}

/// The session `id` as a buyer's route may find it: never a merchant-initiated
/// charge's (what the viewer may see of it, the caller decides).
pub async fn find(svc: &Service, id: &str) -> Result<Option<CheckoutSession>> {
    if is_charge_session(id) {
        return Ok(None);
    }
    Ok(store::sessions::get(&svc.db, id).await?)
}

/// The prefix of a merchant-initiated charge's own session: no buyer ever opens one.
pub const CHARGE_SESSION_PREFIX: &str = "cs_mit_";

/// Whether `id` is a merchant-initiated charge's session, which every buyer route answers 404.
pub fn is_charge_session(id: &str) -> bool {
    id.starts_with(CHARGE_SESSION_PREFIX)
}

/// The session `id`, or `NotFound`.
pub async fn get(svc: &Service, id: &str) -> Result<CheckoutSession> {
    find(svc, id)
        .await?
        .ok_or(Error::NotFound("checkout session"))
}

/// The live session `checkout_id` if the browser whose credential hashes to
/// `browser_hash` claimed it.
pub async fn for_browser(
    svc: &Service,
    browser_hash: &str,
    checkout_id: &str,
) -> Result<Option<CheckoutSession>> {
    Ok(store::sessions::for_browser(&svc.db, browser_hash, checkout_id, svc.now()).await?)
}

/// Whether that browser ever held `checkout_id` (its claim may have run out since).
pub async fn ever_held(svc: &Service, browser_hash: &str, checkout_id: &str) -> Result<bool> {
    Ok(store::sessions::ever_held(&svc.db, browser_hash, checkout_id).await?)
}

/// Whether that browser holds another live checkout of `buyer_reference`.
pub async fn browser_knows_buyer(
    svc: &Service,
    browser_hash: &str,
    buyer_reference: &str,
) -> Result<bool> {
    Ok(
        store::sessions::browser_knows_buyer(&svc.db, browser_hash, buyer_reference, svc.now())
            .await?,
    )
}

/// Validates and stores a session; answers its URL.
pub async fn create(svc: &Service, req: NewCheckoutSession) -> Result<CreatedCheckoutSession> {
    let token = random_token(24);
    let session = checked(svc, req, new_id("cs"), &token, svc.now())?;
    crate::domain::mandates::check_renewal(svc, &session).await?;
    store::sessions::insert(&svc.db, &session).await?;
    Ok(CreatedCheckoutSession {
        url: svc.url(&format!("/checkout/{}#t={token}", session.id)),
        id: session.id,
        expires_at: session.expires_at,
        livemode: svc.config.livemode(),
    })
}

/// How the browser will prove its claim on later calls.
pub enum Claimant<'a> {
    /// A top-level page: the buyer cookie, the browser's current one if it sent one.
    Cookie(Option<&'a str>),
    /// A frame on another site: a credential of its own, never shared with a cookie.
    Frame,
}

/// The browser that claims a checkout, as `wallet.linked` reports it.
pub struct ClaimedFrom {
    /// Its address.
    pub ip: String,
    /// Its `User-Agent` header (kept printable, at most 256 characters).
    pub user_agent: String,
}

/// How long a browser's previous cookie value keeps its checkouts after a new claim.
pub const OLD_COOKIE_GRACE_SECS: i64 = 60;
/// How long claims with the same old value get the same new one (two tabs at once).
const SUCCESSOR_WINDOW_SECS: i64 = 10;

/// Exchanges the one-time token for a place in the browser's cookie, or for a
/// frame's credential; answers the value to hand the browser.
///
/// The browser gets a fresh cookie value each time, holding its earlier
/// checkouts too (they stay usable). A frame always gets a fresh credential that
/// holds this checkout alone: it lives in the frame's memory, and another
/// checkout's frame on the same page cannot use it.
pub async fn claim(
    svc: &Service,
    session_id: &str,
    token: &str,
    claimant: Claimant<'_>,
    from: &ClaimedFrom,
) -> Result<String> {
    let now = svc.now();
    if is_charge_session(session_id) {
        return Err(Error::NotFound("checkout session"));
    }
    let user_agent: String = from
        .user_agent
        .chars()
        .filter(|c| !c.is_control())
        .take(256)
        .collect();
    let claimant_of = (from.ip.as_str(), user_agent.as_str());
    if !store::sessions::claim(
        &svc.db,
        session_id,
        &sha256_hex(token.as_bytes()),
        claimant_of,
        now,
    )
    .await?
    {
        return Err(Error::Forbidden(
            "This checkout link was already used or has expired",
        ));
    }
    // Every claim gets a fresh value: a cookie copied earlier (a shared computer,
    // a cookie shown on a screen) never opens the checkout claimed after it. The
    // browser's earlier checkouts, and its links under way, move to the new value;
    // the old one keeps them for a minute, for requests already in flight.
    let value = match claimant {
        Claimant::Cookie(Some(existing)) => successor_of(svc, existing, now).await?,
        Claimant::Cookie(None) | Claimant::Frame => random_token(32),
    };
    let hash = sha256_hex(value.as_bytes());
    store::sessions::add_to_browser(&svc.db, &hash, session_id, now, now + BROWSER_TTL_SECS)
        .await?;
    Ok(value)
}

/// The new cookie value of a browser that claims with `existing`: fresh, or the
/// one a claim with the same value made seconds ago (two tabs claiming at once
/// must end holding both checkouts under whichever value the browser keeps).
async fn successor_of(svc: &Service, existing: &str, now: i64) -> Result<String> {
    let old = sha256_hex(existing.as_bytes());
    // A value that holds no live checkout (ended, or never ours: planted) is
    // not followed: it gets nothing, and nobody can learn what replaced it.
    if !store::sessions::holds_any(&svc.db, &old, now).await? {
        return Ok(random_token(32));
    }
    let earlier = store::sessions::successor(&svc.db, &old, now)
        .await?
        .and_then(|sealed| svc.cipher.open(&sealed, successor_binding(&old)).ok());
    let value = match earlier {
        Some(value) => value,
        None => {
            let fresh = random_token(32);
            let sealed = svc.cipher.seal(&fresh, successor_binding(&old));
            if store::sessions::note_successor(
                &svc.db,
                &old,
                &sealed,
                now,
                now + SUCCESSOR_WINDOW_SECS,
            )
            .await?
            {
                fresh
            } else {
                // Another claim named one a moment ago: the same value, so the
                // browser ends holding both; if it cannot be read, a fresh one.
                store::sessions::successor(&svc.db, &old, now)
                    .await?
                    .and_then(|sealed| svc.cipher.open(&sealed, successor_binding(&old)).ok())
                    .unwrap_or(fresh)
            }
        }
    };
    let new = sha256_hex(value.as_bytes());
    store::sessions::move_browser(&svc.db, &old, &new, now, now + OLD_COOKIE_GRACE_SECS).await?;
    Ok(value)
}

/// A browser's next cookie value, sealed to the value it replaces.
fn successor_binding(old_hash: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "browser.successor",
        row: old_hash,
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
    let linked = s.mode.links_only() && store::authorizations::linked_via(&svc.db, &s.id).await?;
    let state = if paid.is_some() || linked {
        CheckoutSessionState::Completed
    } else if s.expires_at <= svc.now() && !under_way {
        CheckoutSessionState::Expired
    } else {
        CheckoutSessionState::Open
    };
    let metadata = s.metadata.clone();
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
    let now = svc.now();
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
