//! `CHARGE_RETRY_DAYS`: when a merchant-initiated charge refused for a reason
//! that may pass (the balance was too low) is tried again, unless the charge says;
//! `WALLET_EXPIRING_DAYS`: how long before a link lapses its `wallet.expiring` is sent.

use super::{invalid, ConfigError, Source};

/// Days after a charge to try it again: 1, 3 and 5 (prepaid wallets are topped up within days).
pub const DEFAULT_RETRY_DAYS: [u16; 3] = [1, 3, 5];

/// Whether `days` is a schedule the service keeps: up to 6 increasing whole days, 1 to 60.
pub fn check_retry_days(days: &[u16]) -> Result<(), String> {
    if days.len() > 6 {
        return Err("at most 6 retries".into());
    }
    if days.iter().any(|d| !(1..=60).contains(d)) {
        return Err("each retry is 1 to 60 days after the charge".into());
    }
    if days.windows(2).any(|w| w[0] >= w[1]) {
        return Err("retry days must increase".into());
    }
    Ok(())
}

/// `CHARGE_RETRY_DAYS` (`1,3,5`; empty: never retried).
pub(super) fn read(source: &Source) -> Result<Vec<u16>, ConfigError> {
    let Some(text) = source.get("CHARGE_RETRY_DAYS") else {
        return Ok(DEFAULT_RETRY_DAYS.to_vec());
    };
    let days = text
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<u16>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("CHARGE_RETRY_DAYS", "whole days, comma-separated (1,3,5)"))?;
    check_retry_days(&days).map_err(|e| invalid("CHARGE_RETRY_DAYS", e))?;
    Ok(days)
}

/// `WALLET_EXPIRING_DAYS` (1 to 60, default 7).
pub(super) fn expiring_days(source: &Source) -> Result<u16, ConfigError> {
    match source.get("WALLET_EXPIRING_DAYS") {
        None => Ok(7),
        Some(text) => text
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|d| (1..=60).contains(d))
            .ok_or_else(|| invalid("WALLET_EXPIRING_DAYS", "whole days, 1 to 60")),
    }
}
