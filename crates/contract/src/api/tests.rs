//! Unit tests of the parent module.

use super::*;

fn money(minor: i64, code: &[u8; 3], exponent: u8) -> Money {
    Money {
        minor,
        currency: Currency3(*code),
        exponent,
    }
}

#[test]
fn major_strings_follow_the_exponent() {
    assert_eq!(money(10_000, b"PHP", 2).major_string(), "100.00");
    assert_eq!(money(5, b"USD", 2).major_string(), "0.05");
    assert_eq!(money(15_000, b"KRW", 0).major_string(), "15000");
    assert_eq!(money(1_005, b"KWD", 3).major_string(), "1.005");
}
