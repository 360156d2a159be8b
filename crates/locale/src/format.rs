//! Numbers and times for people, in their language (Intl), from exact decimals.

use contract::api::Money;
use wasm_bindgen::JsValue;

/// `₱100.00`, `₩15,000`, `PHP 100.00` style by locale, from the exact major-unit string.
pub fn money(amount: &Money, locale: &str) -> String {
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
pub fn time(unix_seconds: i64, locale: &str) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    date.to_locale_string(locale, &JsValue::UNDEFINED).into()
}
