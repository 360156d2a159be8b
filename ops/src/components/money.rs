//! Money in and out of forms: exact decimals both ways, never floats.

use contract::api::Money;

/// Minor units from a major-unit decimal typed by an operator (`"25.50"` → 2550 for 2 decimals).
pub fn parse_major(text: &str, exponent: u8) -> Option<i64> {
    let text = text.trim().replace(',', "");
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > exponent as usize
    {
        return None;
    }
    let mut minor: i64 = whole.parse().ok()?;
    for _ in 0..exponent {
        minor = minor.checked_mul(10)?;
    }
    let mut frac: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().ok()?
    };
    for _ in fraction.len()..exponent as usize {
        frac *= 10;
    }
    minor.checked_add(frac)
}

/// The major-unit decimal of `minor` units in `like`'s currency, for prefilling a form.
pub fn major_of(minor: i64, like: &Money) -> String {
    Money { minor, ..*like }.major_string()
}

#[cfg(test)]
mod tests {
    use super::parse_major;

    #[test]
    fn typed_amounts_become_exact_minor_units() {
        assert_eq!(parse_major("25.50", 2), Some(2_550));
        assert_eq!(parse_major("25.5", 2), Some(2_550));
        assert_eq!(parse_major("1,000", 2), Some(100_000));
        assert_eq!(parse_major("15000", 0), Some(15_000));
        assert_eq!(parse_major("1.234", 2), None);
        assert_eq!(parse_major("-1", 2), None);
        assert_eq!(parse_major("", 2), None);
        assert_eq!(parse_major("1.5", 0), None);
    }
}
