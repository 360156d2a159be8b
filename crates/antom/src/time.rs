//! Timestamps as Antom writes them: ISO 8601 with an offset.

use time::format_description::well_known::Iso8601;
use time::OffsetDateTime;

/// Formats a time as `2026-11-22T15:20:36+00:00` (whole seconds, explicit offset), as the SDKs do.
pub fn format(at: OffsetDateTime) -> String {
    let (h, m, _) = at.offset().as_hms();
    let sign = if at.offset().is_negative() { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        sign,
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

/// The current UTC time in Antom's form.
pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

/// Parses any ISO 8601 date-time with an offset (`Z`, `+08:00`, fractional seconds).
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text.trim(), &Iso8601::DEFAULT).ok()
}

/// A `request-time` header as Antom and its SDKs write it: ISO 8601 (the
/// Python SDK, the v2 APIs) or Unix epoch milliseconds (the Java SDK, the v1
/// API reference's example `1685599933871`).
pub fn parse_request_time(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        let millis: i128 = text.parse().ok()?;
        return OffsetDateTime::from_unix_timestamp_nanos(millis.checked_mul(1_000_000)?).ok();
    }
    parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn formats_like_the_official_sdks() {
        assert_eq!(
            format(datetime!(2026-11-22 15:20:36.789 UTC)),
            "2026-11-22T15:20:36+00:00"
        );
        assert_eq!(
            format(datetime!(2019-11-27 12:01:01 +08:00)),
            "2019-11-27T12:01:01+08:00"
        );
        assert_eq!(
            format(datetime!(2019-11-27 12:01:01 -03:30)),
            "2019-11-27T12:01:01-03:30"
        );
    }

    #[test]
    fn parses_any_iso_8601_form() {
        let expected = datetime!(2019-11-27 04:01:01 UTC);
        for text in [
            "2019-11-27T12:01:01+08:00",
            "2019-11-27T04:01:01Z",
            "2019-11-27T04:01:01.000Z",
            "2019-11-27T04:01:01+00:00",
        ] {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
        assert_eq!(parse("yesterday"), None);
    }

    #[test]
    fn request_times_come_in_iso_8601_or_epoch_milliseconds() {
        let expected = datetime!(2023-06-01 06:12:13.871 UTC);
        assert_eq!(parse_request_time("1685599933871"), Some(expected));
        assert_eq!(
            parse_request_time("2023-06-01T14:12:13.871+08:00"),
            Some(expected)
        );
        assert_eq!(parse_request_time(""), None);
        assert_eq!(parse_request_time("99999999999999999999999999999999"), None);
    }
}
