//! Money as the apps and the service exchange it: integer minor units, an ISO
//! 4217 code and its exponent.

use serde::{Deserialize, Serialize};

/// Money in minor units with its ISO 4217 currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// Minor units (cents, centavos, won…).
    pub minor: i64,
    /// ISO 4217 code.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "PHP"))]
    pub currency: Currency3,
    /// Decimal places of the minor unit (ISO 4217): 2 for PHP, 0 for KRW and JPY.
    pub exponent: u8,
}

impl Money {
    /// The major-unit decimal, exactly, without floats: `"100.00"`, `"15000"`.
    pub fn major_string(&self) -> String {
        let exp = u32::from(self.exponent);
        if exp == 0 {
            return self.minor.to_string();
        }
        let scale = 10i64.pow(exp);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        let scale = scale.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / scale,
            abs % scale,
            width = exp as usize
        )
    }
}

/// A three-letter currency code, stored inline so `Money` stays `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency3(pub [u8; 3]);

impl Currency3 {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }
}

impl Serialize for Currency3 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency3 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let bytes = text.as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_uppercase) {
            return Err(serde::de::Error::custom(
                "a currency is three upper-case letters",
            ));
        }
        Ok(Self([bytes[0], bytes[1], bytes[2]]))
    }
}
