//! Numbers and times for people, in their language, from exact decimals: Intl
//! in the browser; in the merchant service (which renders the checkout's first
//! paint) the same output from `intl/money.json`, a table taken from Intl and
//! checked against the browser's by the browser suite.

use contract::api::Money;

/// Amounts as the service's first paint wrote them, each `{written_key}={text}`
/// (one string each: the app reads strings already, a pair would cost it a decoder).
pub type WrittenAmounts = Vec<String>;

/// What names an amount written in a language: `1250.00 PHP en`.
fn written_key(amount: &Money, locale: &str) -> String {
    format!(
        "{} {} {locale}",
        amount.major_string(),
        amount.currency.as_str()
    )
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static WRITTEN: std::cell::RefCell<WrittenAmounts> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Keeps the amounts the service wrote into the page: the app writes them the
/// same without asking Intl, whose first use on a page costs tens of ms on a
/// phone (its locale data), all in one long task.
#[cfg(target_arch = "wasm32")]
pub fn keep_written(amounts: WrittenAmounts) {
    WRITTEN.with(|w| w.borrow_mut().extend(amounts));
}

/// `₱100.00`, `₩15,000`, `PHP 100.00` style by locale, from the exact major-unit string.
#[cfg(target_arch = "wasm32")]
pub fn money(amount: &Money, locale: &str) -> String {
    use wasm_bindgen::JsValue;
    let key = written_key(amount, locale);
    let written = WRITTEN.with(|w| {
        w.borrow().iter().find_map(|e| {
            e.strip_prefix(key.as_str())?
                .strip_prefix('=')
                .map(str::to_owned)
        })
    });
    if let Some(text) = written {
        return text;
    }
    let major = amount.major_string();
    let fallback = || format!("{} {major}", amount.currency.as_str());
    let options = js_sys::Object::new();
    let set =
        |k: &str, v: JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(k), &v).is_ok();
    let ok = set("style", "currency".into())
        && set("currency", amount.currency.as_str().into())
        && set("minimumFractionDigits", u32::from(amount.exponent).into())
        && set("maximumFractionDigits", u32::from(amount.exponent).into());
    if !ok {
        return fallback();
    }
    let locales = js_sys::Array::of1(&JsValue::from_str(locale));
    let format = js_sys::Intl::NumberFormat::new(&locales, &options).format();
    // Intl accepts decimal strings exactly: no float ever holds the amount.
    format
        .call1(&JsValue::NULL, &JsValue::from_str(&major))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(fallback)
}

/// A Unix time as a local date and time in the buyer's language.
#[cfg(target_arch = "wasm32")]
pub fn time(unix_seconds: i64, locale: &str) -> String {
    use wasm_bindgen::JsValue;
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    date.to_locale_string(locale, &JsValue::UNDEFINED).into()
}

#[cfg(not(target_arch = "wasm32"))]
pub use server::{money, time, writing_down};

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use super::{written_key, WrittenAmounts};
    use contract::api::Money;
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::sync::LazyLock;

    thread_local! {
        static WRITING_DOWN: RefCell<Option<WrittenAmounts>> = const { RefCell::new(None) };
    }

    /// Runs `render` and returns, beside its result, every amount it wrote (for the app: see `keep_written`).
    pub fn writing_down<R>(render: impl FnOnce() -> R) -> (R, WrittenAmounts) {
        let before = WRITING_DOWN.with(|w| w.replace(Some(Vec::new())));
        let out = render();
        let written = WRITING_DOWN.with(|w| w.replace(before)).unwrap_or_default();
        (out, written)
    }

    /// How one language writes amounts (see `intl/generate.mjs`).
    #[derive(serde::Deserialize)]
    struct Numbers {
        group: String,
        decimal: String,
        /// 2 when four-digit numbers stay ungrouped.
        min_grouping: usize,
        currencies: HashMap<String, Affixes>,
    }

    #[derive(serde::Deserialize)]
    struct Affixes {
        prefix: String,
        suffix: String,
    }

    static TABLE: LazyLock<HashMap<String, Numbers>> = LazyLock::new(|| {
        serde_json::from_str(include_str!("../intl/money.json")).unwrap_or_default()
    });

    /// The amount as the browser's Intl writes it in `locale`; `PHP 100.00` for a pair the table lacks
    /// (written down, when [`writing_down`], only where the table knew it).
    pub fn money(amount: &Money, locale: &str) -> String {
        let Some(text) = table_money(amount, locale) else {
            // Not written down: the app's Intl writes it better.
            return format!("{} {}", amount.currency.as_str(), amount.major_string());
        };
        WRITING_DOWN.with(|w| {
            if let Some(written) = w.borrow_mut().as_mut() {
                let entry = format!("{}={text}", written_key(amount, locale));
                if !written.contains(&entry) {
                    written.push(entry);
                }
            }
        });
        text
    }

    /// The amount as Intl writes it, if the table knows the language and the currency.
    fn table_money(amount: &Money, locale: &str) -> Option<String> {
        let major = amount.major_string();
        let code = amount.currency.as_str();
        // Hong Kong and Macao write amounts as Taiwan's table does (checked against Intl).
        let table_locale = match locale {
            "zh-HK" | "zh-MO" => "zh-TW",
            other => other,
        };
        let (numbers, affixes) = TABLE
            .get(table_locale)
            .and_then(|n| n.currencies.get(code).map(|a| (n, a)))?;
        let (sign, digits) = match major.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", major.as_str()),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let grouped = if whole.len() >= 3 + numbers.min_grouping {
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    out.push_str(&numbers.group);
                }
                out.push(c);
            }
            out
        } else {
            whole.to_owned()
        };
        let decimals = if fraction.is_empty() {
            String::new()
        } else {
            format!("{}{fraction}", numbers.decimal)
        };
        Some(format!(
            "{sign}{}{grouped}{decimals}{}",
            affixes.prefix, affixes.suffix
        ))
    }

    /// A Unix time in UTC: the server does not know the buyer's time zone (the app shows local time).
    pub fn time(unix_seconds: i64, _locale: &str) -> String {
        let days = unix_seconds.div_euclid(86_400);
        let secs = unix_seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
            secs / 3600,
            secs % 3600 / 60
        )
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    fn civil_from_days(days: i64) -> (i64, u32, u32) {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use contract::api::Currency3;

        fn m(minor: i64, code: &[u8; 3], exponent: u8) -> Money {
            Money {
                minor,
                currency: Currency3(*code),
                exponent,
            }
        }

        #[test]
        fn amounts_read_as_intl_writes_them() {
            assert_eq!(money(&m(125_000, b"PHP", 2), "en"), "₱1,250.00");
            assert_eq!(money(&m(15_000, b"KRW", 0), "en"), "₩15,000");
            assert_eq!(money(&m(125_000, b"PHP", 2), "zh-CN"), "PHP\u{a0}1,250.00");
            assert_eq!(money(&m(99, b"MYR", 2), "en"), "MYR\u{a0}0.99");
            assert_eq!(
                money(&m(123_456_789, b"VND", 0), "vi"),
                "123.456.789\u{a0}₫"
            );
            assert_eq!(money(&m(100_000, b"IDR", 2), "id"), "Rp\u{a0}1.000,00");
            assert_eq!(money(&m(100, b"XXX", 2), "en"), "XXX 1.00");
            assert_eq!(money(&m(100, b"PHP", 2), "xx"), "PHP 1.00");
        }

        #[test]
        fn a_render_writes_down_each_amount_once() {
            let ((), written) = writing_down(|| {
                money(&m(125_000, b"PHP", 2), "en");
                money(&m(125_000, b"PHP", 2), "en");
                money(&m(125_000, b"PHP", 2), "zh-CN");
                // What the table does not know is left to the app's Intl.
                money(&m(100, b"XXX", 2), "en");
            });
            assert_eq!(
                written,
                vec![
                    "1250.00 PHP en=₱1,250.00".to_owned(),
                    "1250.00 PHP zh-CN=PHP\u{a0}1,250.00".to_owned(),
                ]
            );
            let ((), none) = writing_down(|| ());
            assert!(none.is_empty());
        }

        #[test]
        fn utc_times_are_calendar_dates() {
            assert_eq!(time(0, "en"), "1970-01-01 00:00 UTC");
            assert_eq!(time(1_796_273_700, "en"), "2026-12-03 04:55 UTC");
            assert_eq!(time(951_782_400, "en"), "2000-02-29 00:00 UTC");
        }
    }
}
