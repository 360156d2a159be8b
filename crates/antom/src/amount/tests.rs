//! Unit tests of the parent module.

use super::*;

#[test]
fn idr_amounts_sent_to_antom_are_whole_rupiah() {
    let whole = Amount::from_minor("IDR", 1_500_000).unwrap();
    assert_eq!(whole.check_antom_rules(), Ok(()));
    let cents = Amount::from_minor("IDR", 1_500_050).unwrap();
    assert!(matches!(
        cents.check_antom_rules(),
        Err(AmountError::NotAMultiple { multiple: 100, .. })
    ));
    assert_eq!(
        Amount::from_minor("PHP", 1_001)
            .unwrap()
            .check_antom_rules(),
        Ok(())
    );
}

fn major(currency: &str, text: &str) -> Result<i64, AmountError> {
    Amount::parse_major(currency, text).map(|a| a.minor_units())
}

#[test]
fn exponents_follow_iso_4217() {
    let exp = |c: &str| Currency::new(c).unwrap().exponent();
    assert_eq!(exp("JPY"), 0);
    assert_eq!(exp("KRW"), 0);
    assert_eq!(exp("VND"), 0);
    assert_eq!(exp("USD"), 2);
    assert_eq!(exp("PHP"), 2);
    assert_eq!(exp("IDR"), 2);
    assert_eq!(exp("KWD"), 3);
    assert_eq!(exp("CLF"), 4);
}

#[test]
fn unknown_or_lower_case_currencies_are_refused() {
    for bad in ["php", "PHB", "US", "USDT", "", "XXX"] {
        assert!(
            matches!(Currency::new(bad), Err(AmountError::UnknownCurrency(_))),
            "{bad}"
        );
    }
}

#[test]
fn major_strings_convert_without_floats() {
    assert_eq!(major("USD", "1.00"), Ok(100));
    assert_eq!(major("USD", "1"), Ok(100));
    assert_eq!(major("USD", "0.1"), Ok(10));
    assert_eq!(major("USD", "0.07"), Ok(7));
    assert_eq!(major("PHP", "100.00"), Ok(10_000));
    assert_eq!(major("PHP", "1234.56"), Ok(123_456));
    assert_eq!(major("JPY", "500"), Ok(500));
    assert_eq!(major("KRW", "15000"), Ok(15_000));
    assert_eq!(major("IDR", "10000.50"), Ok(1_000_050));
    assert_eq!(major("KWD", "1.234"), Ok(1_234));
    // 0.1 + 0.2 is the classic float trap.
    let sum = Amount::parse_major("USD", "0.1")
        .unwrap()
        .checked_add(Amount::parse_major("USD", "0.2").unwrap())
        .unwrap();
    assert_eq!(sum.to_major_string(), "0.30");
}

#[test]
fn bad_major_strings_are_refused() {
    assert!(matches!(
        major("JPY", "500.5"),
        Err(AmountError::TooManyDecimals { exponent: 0, .. })
    ));
    assert!(matches!(
        major("USD", "1.001"),
        Err(AmountError::TooManyDecimals { exponent: 2, .. })
    ));
    assert_eq!(major("USD", "-1.00"), Err(AmountError::Negative));
    for bad in ["", ".5", "1.", "1,00", "1e3", "abc", "1.2.3", " "] {
        assert!(
            matches!(major("USD", bad), Err(AmountError::Malformed(_))),
            "{bad:?}"
        );
    }
    assert_eq!(
        major("USD", "99999999999999999999"),
        Err(AmountError::Overflow)
    );
}

#[test]
fn minor_units_print_as_major_strings() {
    let show = |c: &str, m: i64| Amount::from_minor(c, m).unwrap().to_major_string();
    assert_eq!(show("USD", 100), "1.00");
    assert_eq!(show("USD", 5), "0.05");
    assert_eq!(show("PHP", 10_000), "100.00");
    assert_eq!(show("JPY", 500), "500");
    assert_eq!(show("KRW", 15_000), "15000");
    assert_eq!(show("IDR", 1_000_050), "10000.50");
    assert_eq!(show("KWD", 1_005), "1.005");
    for (c, m) in [("USD", 12_345), ("JPY", 7), ("KWD", 1), ("IDR", 0)] {
        let text = show(c, m);
        assert_eq!(major(c, &text), Ok(m), "round trip {c} {text}");
    }
}

#[test]
fn wire_form_is_strings_in_minor_units() {
    let amount = Amount::from_minor("PHP", 10_000).unwrap();
    assert_eq!(
        serde_json::to_string(&amount).unwrap(),
        r#"{"currency":"PHP","value":"10000"}"#
    );
    let back: Amount = serde_json::from_str(r#"{"currency":"KRW","value":"15000"}"#).unwrap();
    assert_eq!(back, Amount::from_minor("KRW", 15_000).unwrap());
    let bare: Amount = serde_json::from_str(r#"{"currency":"JPY","value":500}"#).unwrap();
    assert_eq!(bare.minor_units(), 500);
    for bad in [
        r#"{"currency":"USD","value":"1.00"}"#,
        r#"{"currency":"USD","value":"-1"}"#,
        r#"{"currency":"usd","value":"1"}"#,
        r#"{"currency":"USD","value":""}"#,
    ] {
        assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
    }
}

#[test]
fn arithmetic_refuses_mixed_currencies_and_negative_results() {
    let usd = Amount::from_minor("USD", 100).unwrap();
    let php = Amount::from_minor("PHP", 100).unwrap();
    assert!(matches!(
        usd.checked_add(php),
        Err(AmountError::CurrencyMismatch(..))
    ));
    let less = Amount::from_minor("USD", 50).unwrap();
    assert_eq!(less.checked_sub(usd), Err(AmountError::Negative));
    assert_eq!(usd.checked_sub(less).unwrap().minor_units(), 50);
}
