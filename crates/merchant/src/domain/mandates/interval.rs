//! Mandate intervals: counted from the mandate's start, in UTC; a month from the
//! 31st ends on the next month's last day, and starts again from the 31st after.

use contract::mandates::MandateInterval;
use time::{Date, Month, OffsetDateTime};

/// The anchor moved on `n` intervals (`None` past the calendar's end).
fn nth(interval: MandateInterval, anchor: OffsetDateTime, n: i64) -> Option<OffsetDateTime> {
    let months = |k: i64| -> Option<OffsetDateTime> {
        let total = i64::from(anchor.year()) * 12 + i64::from(anchor.month() as u8) - 1 + k;
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = Month::try_from(u8::try_from(total.rem_euclid(12) + 1).ok()?).ok()?;
        let day = anchor.day().min(month.length(year));
        let date = Date::from_calendar_date(year, month, day).ok()?;
        Some(anchor.replace_date(date))
    };
    match interval {
        MandateInterval::Day => anchor.checked_add(time::Duration::days(n)),
        MandateInterval::Week => anchor.checked_add(time::Duration::weeks(n)),
        MandateInterval::Month => months(n),
        MandateInterval::Year => months(n.checked_mul(12)?),
    }
}

/// The interval `now` falls in, as `(start, end)` Unix seconds, for a mandate that started at `anchor`.
pub fn bounds(interval: MandateInterval, anchor: i64, now: i64) -> (i64, i64) {
    let Ok(start) = OffsetDateTime::from_unix_timestamp(anchor) else {
        return (anchor, i64::MAX);
    };
    let at = |n: i64| nth(interval, start, n).map_or(i64::MAX, OffsetDateTime::unix_timestamp);
    // A first guess from the average length, then corrected by the calendar.
    let average = match interval {
        MandateInterval::Day => 86_400,
        MandateInterval::Week => 7 * 86_400,
        MandateInterval::Month => 2_629_746,
        MandateInterval::Year => 31_556_952,
    };
    let mut n = (now - anchor).max(0) / average;
    while n > 0 && at(n) > now {
        n -= 1;
    }
    while at(n + 1) <= now {
        n += 1;
    }
    (at(n), at(n + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unix(text: &str) -> i64 {
        OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp()
    }

    #[test]
    fn a_month_from_the_31st_ends_on_the_last_day_and_starts_again_from_the_31st() {
        let anchor = unix("2026-01-31T10:00:00Z");
        let month = MandateInterval::Month;
        assert_eq!(
            bounds(month, anchor, unix("2026-02-15T00:00:00Z")),
            (anchor, unix("2026-02-28T10:00:00Z"))
        );
        assert_eq!(
            bounds(month, anchor, unix("2026-03-30T00:00:00Z")),
            (unix("2026-02-28T10:00:00Z"), unix("2026-03-31T10:00:00Z"))
        );
        assert_eq!(
            bounds(month, anchor, unix("2027-01-31T10:00:00Z")).0,
            unix("2027-01-31T10:00:00Z")
        );
    }

    #[test]
    fn days_weeks_and_years_count_from_the_start() {
        let anchor = unix("2026-12-07T08:00:00Z");
        assert_eq!(
            bounds(MandateInterval::Day, anchor, unix("2026-12-09T07:59:59Z")),
            (unix("2026-12-08T08:00:00Z"), unix("2026-12-09T08:00:00Z"))
        );
        assert_eq!(
            bounds(MandateInterval::Week, anchor, anchor).1,
            unix("2026-12-14T08:00:00Z")
        );
        assert_eq!(
            bounds(MandateInterval::Year, anchor, unix("2028-12-07T07:00:00Z")),
            (unix("2027-12-07T08:00:00Z"), unix("2028-12-07T08:00:00Z"))
        );
        // Before the start, the first interval.
        assert_eq!(bounds(MandateInterval::Day, anchor, anchor - 5).0, anchor);
    }
}
