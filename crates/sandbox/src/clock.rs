//! The test clock: the sandbox and the merchant service beside it read one
//! clock, which `POST /sandbox/control/clock` moves forward (like Stripe's test
//! clocks), so a month of subscription charges, retries a few days apart and
//! expiring tokens can be tested in seconds. It only ever moves forward: the
//! service's leases and schedules stay ordered.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use time::OffsetDateTime;

/// How far ahead of real time the clock may be moved: ten years.
pub const MAX_OFFSET_SECS: i64 = 10 * 366 * 86_400;

/// Real time plus an offset that only grows; clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct TestClock {
    offset_secs: Arc<AtomicI64>,
}

impl TestClock {
    /// A clock at real time.
    pub fn new() -> Self {
        Self::default()
    }

    /// Now, as this clock reads it.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::seconds(self.offset())
    }

    /// Now in Unix seconds.
    pub fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }

    /// How far ahead of real time, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Moves the clock `secs` forward (never back), at most [`MAX_OFFSET_SECS`] ahead of
    /// real time in all; the new offset.
    pub fn advance(&self, secs: i64) -> i64 {
        let step = secs.clamp(0, MAX_OFFSET_SECS);
        let moved = self
            .offset_secs
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |now| {
                Some(now.saturating_add(step).min(MAX_OFFSET_SECS))
            });
        match moved {
            Ok(before) | Err(before) => before.saturating_add(step).min(MAX_OFFSET_SECS),
        }
    }
}

/// Seconds in an ISO 8601 duration of days, hours, minutes and seconds
/// (`P3D`, `PT12H`, `P1DT2H30M`, `P30D`); months and years are refused, as their
/// length depends on the date.
pub fn parse_duration(text: &str) -> Option<i64> {
    let rest = text.strip_prefix('P')?;
    let (days, time_part) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut secs = 0i64;
    let mut any = false;
    let mut take = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let at = units[next_unit..].iter().position(|(u, _)| *u == c)? + next_unit;
            let n: i64 = number.parse().ok()?;
            secs = secs.checked_add(n.checked_mul(units[at].1)?)?;
            number.clear();
            next_unit = at + 1;
            any = true;
        }
        number.is_empty().then_some(())
    };
    take(days, &[('W', 7 * 86_400), ('D', 86_400)])?;
    if let Some(t) = time_part {
        if t.is_empty() {
            return None;
        }
        take(t, &[('H', 3600), ('M', 60), ('S', 1)])?;
    }
    any.then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_of_days_and_times_are_read_and_months_are_refused() {
        assert_eq!(parse_duration("P3D"), Some(3 * 86_400));
        assert_eq!(parse_duration("P1DT2H30M"), Some(86_400 + 2 * 3600 + 1800));
        assert_eq!(parse_duration("PT45S"), Some(45));
        assert_eq!(parse_duration("P2W"), Some(14 * 86_400));
        for bad in [
            "", "P", "PT", "P1M", "P1Y", "3D", "P3", "PD", "P1H", "PT1D", "P3D2W",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn clones_share_one_clock_that_only_moves_forward() {
        let a = TestClock::new();
        let b = a.clone();
        assert_eq!(a.advance(86_400), 86_400);
        assert_eq!(b.offset(), 86_400);
        assert_eq!(b.advance(-5), 86_400);
        assert!(b.unix() >= OffsetDateTime::now_utc().unix_timestamp() + 86_399);
        // Never so far that the calendar overflows.
        b.advance(i64::MAX);
        b.advance(i64::MAX);
        assert_eq!(a.offset(), MAX_OFFSET_SECS);
        assert!(a.now().year() < 2100);
    }
}
