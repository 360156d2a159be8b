//! Per-source rate limits (governor's GCRA): on failed credentials, on
//! console sign-ins, on first paints of unknown checkouts and on claims.
//! A source is the peer address, or behind a `TRUSTED_PROXIES` terminator
//! the last address its `X-Forwarded-For` names; an IPv6 source counts by its
//! /64 (one subscriber's prefix), an IPv4-mapped one as IPv4.

use crate::domain::error::{Error, ErrorCode};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

pub use crate::config::RateLimits as PerMinute;

/// The limiters, one set per service.
pub struct Throttles {
    failed_credentials: DefaultKeyedRateLimiter<IpAddr>,
    sign_ins: DefaultKeyedRateLimiter<IpAddr>,
    unknown_checkouts: DefaultKeyedRateLimiter<IpAddr>,
    claims: DefaultKeyedRateLimiter<IpAddr>,
    /// Failed API-key and sign-in attempts since start, for operators' dashboards.
    pub refused_credentials: AtomicU64,
    /// Sources over their failed-credential limit, and until when: every
    /// credential they send is refused unread until then.
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

/// The key a source is counted under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64.
fn counted_as(source: IpAddr) -> IpAddr {
    match source.to_canonical() {
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        v4 => v4,
    }
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
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// `TOO_MANY_ATTEMPTS` while `source` is blocked for failed credentials: checked before any is read.
    pub fn refuse_if_blocked(&self, source: IpAddr) -> Result<(), Error> {
        let key = counted_as(source);
        let until = self
            .blocked
            .lock()
            .ok()
            .and_then(|b| b.get(&key).copied())
            .filter(|until| *until > Instant::now());
        match until {
            Some(until) => Err(too_many(until.duration_since(Instant::now()).as_secs())),
            None => Ok(()),
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
        let key = counted_as(source);
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            tracing::warn!(%source, ?limit, "rate limited");
            if matches!(limit, Limit::FailedCredential) {
                if let Ok(mut blocked) = self.blocked.lock() {
                    blocked.insert(key, Instant::now() + wait);
                }
            }
            too_many(wait.as_secs())
        })
    }

    /// Forgets sources that have recovered their whole allowance (run now and then).
    pub fn forget_idle(&self) {
        if let Ok(mut blocked) = self.blocked.lock() {
            let now = Instant::now();
            blocked.retain(|_, until| *until > now);
        }
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

fn too_many(retry_after_secs: u64) -> Error {
    Error::TooMany {
        code: ErrorCode::TooManyAttempts,
        message: "too many attempts from this address; retry later".into(),
        retry_after_secs: retry_after_secs.max(1),
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
            .map(|c| c.0.ip().to_canonical())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if !trusted_proxies.contains(&peer) {
            return Source(peer);
        }
        // The proxy appends the address it saw, last: only that entry is its
        // word (what comes before is the client's to forge). One that does not
        // read as an address (`ip:port` too) leaves the proxy as the source.
        let last = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .last()
            .map(str::trim);
        let forwarded = last.and_then(|a| {
            a.parse::<IpAddr>()
                .or_else(|_| a.parse::<SocketAddr>().map(|s| s.ip()))
                .ok()
        });
        Source(forwarded.map_or(peer, |ip| ip.to_canonical()))
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
