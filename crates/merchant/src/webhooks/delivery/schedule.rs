//! When a failed delivery is tried again.

use rand::Rng;

/// The wait before each retry: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h seven times
/// (about 77 hours in all), as Standard Webhooks suggests; then the delivery fails.
pub(super) const RETRY_AFTER_SECS: &[i64] = &[
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
];
/// When to try again after `attempts` failed attempts (jittered by up to a tenth), or
/// `None` to give up.
pub fn next_attempt_after(attempts: usize) -> Option<i64> {
    let wait = *RETRY_AFTER_SECS.get(attempts.checked_sub(1)?)?;
    let jitter = rand::thread_rng().gen_range(0..=wait / 10);
    Some(wait + jitter)
}
