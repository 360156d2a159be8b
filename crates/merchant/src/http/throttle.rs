//! Per-source rate limits (governor's GCRA): on failed credentials, on
//! console sign-ins, on first paints of unknown checkouts and on claims.
//! A source is the peer address, or behind a `TRUSTED_PROXIES` terminator
//! the last address its `X-Forwarded-For` names.

use crate::domain::error::{Error, ErrorCode};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

pub use crate::config::RateLimits as PerMinute;

/// The limiters, one set per service.
pub struct Throttles {
    failed_credentials: DefaultKeyedRateLimiter<IpAddr>,
    sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    unknown_checkouts: DefaultKeyedRateLimiter<IpAddr>,
    claims: DefaultKeyedRateLimiter<IpAddr>,
    /// Failed API-key and session attempts since start, for operators' dashboards.
    pub refused_credentials: AtomicU64,
}

fn limiter(per_minute: u32) -> DefaultKeyedRateLimiter<IpAddr> {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(n))
}

/// Which limit a call spends from.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// A key or session that did not prove anything.
    FailedCredential,
    /// A console sign-in.
    SignIn,
    /// A first paint of an id that does not exist.
    UnknownCheckout,
    /// A claim of a checkout link.
    Claim,
}

impl Throttles {
    /// Limiters at `per_minute`.
    pub fn new(per_minute: PerMinute) -> Self {
        Self {
            failed_credentials: limiter(per_minute.failed_credentials),
            sign_ins: limiter(per_minute.sign_ins),
            unknown_checkouts: limiter(per_minute.unknown_checkouts),
            claims: limiter(per_minute.claims),
            refused_credentials: AtomicU64::new(0),
        }
    }

    /// Spends one of `source`'s `limit`; `TOO_MANY_ATTEMPTS` with the wait when it has none left.
    pub fn spend(&self, limit: Limit, source: IpAddr) -> Result<(), Error> {
        let limiter = match limit {
            Limit::FailedCredential => {
                self.refused_credentials.fetch_add(1, Ordering::Relaxed);
                &self.failed_credentials
            }
            Limit::SignIn => &self.sign_ins,
            Limit::UnknownCheckout => &self.unknown_checkouts,
            Limit::Claim => &self.claims,
        };
        limiter.check_key(&source).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::warn!(%source, ?limit, "rate limited");
            Error::TooMany {
                code: ErrorCode::TooManyAttempts,
                message: "too many attempts from this address; retry later".into(),
                retry_after_secs: wait.as_secs().max(1),
            }
        })
    }

    /// Forgets sources that have recovered their whole allowance (run now and then).
    pub fn forget_idle(&self) {
        for l in [
            &self.failed_credentials,
            &self.sign_ins,
            &self.unknown_checkouts,
            &self.claims,
        ] {
            l.retain_recent();
        }
    }
}

/// Where a request comes from.
#[derive(Debug, Clone, Copy)]
pub struct Source(pub IpAddr);

impl Source {
    /// The source of a request with these parts.
    pub fn of(parts: &Parts, trusted_proxies: &[IpAddr]) -> Self {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if !trusted_proxies.contains(&peer) {
            return Source(peer);
        }
        // The proxy appends the address it saw; what came before it is the client's to forge.
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .rev()
            .find(|a| !trusted_proxies.contains(a));
        Source(forwarded.unwrap_or(peer))
    }
}

impl FromRequestParts<crate::Service> for Source {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        svc: &crate::Service,
    ) -> Result<Self, Self::Rejection> {
        Ok(Source::of(parts, &svc.config.trusted_proxies))
    }
}
