//! Who a request comes from (`TRUSTED_PROXIES`) and how much one source may
//! do (`LIMIT_*_PER_MINUTE`).

use super::problems::Problems;
use super::{invalid, Source};

/// `LIMIT_*_PER_MINUTE`: what one source may do per minute (a burst of that
/// size, refilled evenly).
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    /// Failed API keys or console session cookies.
    pub failed_credentials: u32,
    /// Console sign-in attempts, good or bad.
    pub sign_ins: u32,
    /// First paints of checkout ids that do not exist.
    pub unknown_checkouts: u32,
    /// Claims of checkout links.
    pub claims: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            failed_credentials: 10,
            sign_ins: 10,
            // Generous: buyers behind one carrier's NAT share an address.
            unknown_checkouts: 60,
            claims: 120,
        }
    }
}

/// `TRUSTED_PROXIES` and the `LIMIT_*_PER_MINUTE` settings.
pub(super) fn read(
    source: &Source,
    problems: &mut Problems,
) -> (Vec<std::net::IpAddr>, RateLimits) {
    let trusted_proxies = source
        .get("TRUSTED_PROXIES")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<std::net::IpAddr>()
                .map(|ip| ip.to_canonical())
                .map_err(|_| invalid("TRUSTED_PROXIES", format!("{a:?} is not an IP address")))
        })
        .collect::<Result<Vec<_>, _>>();
    let trusted_proxies = problems.or(trusted_proxies, Vec::new());
    let defaults = RateLimits::default();
    let mut per_minute = |name: &'static str, default: u32| -> u32 {
        let read = source.get(name).map_or(Ok(default), |v| {
            v.trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| invalid(name, "a whole number above 0"))
        });
        problems.or(read, default)
    };
    let rate_limits = RateLimits {
        failed_credentials: per_minute(
            "LIMIT_FAILED_CREDENTIALS_PER_MINUTE",
            defaults.failed_credentials,
        ),
        sign_ins: per_minute("LIMIT_SIGN_INS_PER_MINUTE", defaults.sign_ins),
        unknown_checkouts: per_minute(
            "LIMIT_UNKNOWN_CHECKOUTS_PER_MINUTE",
            defaults.unknown_checkouts,
        ),
        claims: per_minute("LIMIT_CLAIMS_PER_MINUTE", defaults.claims),
    };
    (trusted_proxies, rate_limits)
}
