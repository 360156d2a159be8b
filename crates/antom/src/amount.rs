//! Money as integer minor units of an ISO 4217 currency. No floats anywhere.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Active ISO 4217 codes. Unknown codes are refused so a typo cannot become a charge.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB \
BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP \
DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK \
JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP \
MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD \
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD \
TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL";

/// Currencies whose minor unit is not 1/100, by ISO 4217.
const EXPONENT_0: &str = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF";
const EXPONENT_3: &str = "BHD IQD JOD KWD LYD OMR TND";
const EXPONENT_4: &str = "CLF UYW";

/// Why an amount or currency was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("{0:?} is not an ISO 4217 currency code")]
    UnknownCurrency(String),
    #[error("{0:?} is not an amount")]
    Malformed(String),
    #[error("{amount:?} has more decimals than {currency} allows ({exponent})")]
    TooManyDecimals {
        amount: String,
        currency: Currency,
        exponent: u32,
    },
    #[error("amounts cannot be negative")]
    Negative,
    #[error("amount is too large")]
    Overflow,
    #[error("cannot combine {0} with {1}")]
    CurrencyMismatch(Currency, Currency),
    #[error("Antom takes {currency} amounts in multiples of {multiple} minor units")]
    NotAMultiple { currency: Currency, multiple: i64 },
}

/// An ISO 4217 currency code, such as `PHP` or `KRW`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Every code [`Currency::new`] takes.
    pub fn codes() -> impl Iterator<Item = &'static str> {
        ISO_4217.split(' ')
    }

    /// Parses an upper-case ISO 4217 code; anything else is refused.
    pub fn new(code: &str) -> Result<Self, AmountError> {
        let bytes = code.as_bytes();
        let known = bytes.len() == 3
            && bytes.iter().all(u8::is_ascii_uppercase)
            && ISO_4217.split(' ').any(|c| c == code);
        if !known {
            return Err(AmountError::UnknownCurrency(code.to_owned()));
        }
        Ok(Self([bytes[0], bytes[1], bytes[2]]))
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        // Only ASCII upper-case letters ever get in (checked in `new`).
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// What Antom requires an amount it is sent to be a multiple of, in minor
    /// units: 100 for IDR (whole rupiah; the SDK's `amount-currency-rules.json`,
    /// `minorValueMultiple`), 1 for every other currency.
    pub fn antom_minor_multiple(&self) -> i64 {
        if self.code() == "IDR" {
            100
        } else {
            1
        }
    }

    /// Decimal places of the minor unit: JPY 0, USD 2, KWD 3.
    pub fn exponent(&self) -> u32 {
        let code = self.code();
        let listed = |list: &str| list.split(' ').any(|c| c == code);
        if listed(EXPONENT_0) {
            0
        } else if listed(EXPONENT_3) {
            3
        } else if listed(EXPONENT_4) {
            4
        } else {
            2
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = AmountError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Currency::new(s)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Currency::new(&code).map_err(serde::de::Error::custom)
    }
}

/// A non-negative amount in the minor unit of its currency (PHP 100.00 is 10000).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    currency: Currency,
    minor_units: i64,
}

impl Amount {
    /// An amount of `minor_units` (cents, centavos, won…) of `currency`.
    pub fn new(currency: Currency, minor_units: i64) -> Result<Self, AmountError> {
        if minor_units < 0 {
            return Err(AmountError::Negative);
        }
        Ok(Self {
            currency,
            minor_units,
        })
    }

    /// Whether Antom takes this amount in a request (see [`Currency::antom_minor_multiple`]).
    /// Amounts Antom sends (fees in a report, say) are not held to it.
    pub fn check_antom_rules(&self) -> Result<(), AmountError> {
        let multiple = self.currency.antom_minor_multiple();
        if self.minor_units % multiple == 0 {
            Ok(())
        } else {
            Err(AmountError::NotAMultiple {
                currency: self.currency,
                multiple,
            })
        }
    }

    /// Shorthand for [`Amount::new`] with a currency code.
    pub fn from_minor(currency: &str, minor_units: i64) -> Result<Self, AmountError> {
        Self::new(Currency::new(currency)?, minor_units)
    }

    /// Parses a major-unit decimal such as `"10.50"` (or `"500"` for JPY) without floats.
    pub fn parse_major(currency: &str, text: &str) -> Result<Self, AmountError> {
        let currency = Currency::new(currency)?;
        let exponent = currency.exponent();
        let malformed = || AmountError::Malformed(text.to_owned());
        let text_trimmed = text.trim();
        if text_trimmed.starts_with('-') {
            return Err(AmountError::Negative);
        }
        let (whole, fraction) = match text_trimmed.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text_trimmed, ""),
        };
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(malformed());
        }
        if text_trimmed.ends_with('.') {
            return Err(malformed());
        }
        if fraction.len() > exponent as usize {
            return Err(AmountError::TooManyDecimals {
                amount: text.to_owned(),
                currency,
                exponent,
            });
        }
        let scale = 10i64.pow(exponent);
        let whole: i64 = whole.parse().map_err(|_| AmountError::Overflow)?;
        let mut fraction_units: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| malformed())?
        };
        for _ in fraction.len()..exponent as usize {
            fraction_units *= 10;
        }
        let minor = whole
            .checked_mul(scale)
            .and_then(|w| w.checked_add(fraction_units))
            .ok_or(AmountError::Overflow)?;
        Self::new(currency, minor)
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The value in minor units.
    pub fn minor_units(&self) -> i64 {
        self.minor_units
    }

    /// Whether this is `minor_units` of the currency coded `currency`.
    pub fn is(&self, currency: &str, minor_units: i64) -> bool {
        self.minor_units == minor_units && self.currency.code() == currency
    }

    /// The major-unit decimal, exactly: `"10.50"`, `"500"` (JPY), `"1.234"` (KWD).
    pub fn to_major_string(&self) -> String {
        let exponent = self.currency.exponent();
        if exponent == 0 {
            return self.minor_units.to_string();
        }
        let scale = 10i64.pow(exponent);
        format!(
            "{}.{:0width$}",
            self.minor_units / scale,
            self.minor_units % scale,
            width = exponent as usize
        )
    }

    /// The sum, if both are in the same currency and it fits.
    pub fn checked_add(&self, other: Amount) -> Result<Amount, AmountError> {
        self.same_currency(other)?;
        let sum = self
            .minor_units
            .checked_add(other.minor_units)
            .ok_or(AmountError::Overflow)?;
        Amount::new(self.currency, sum)
    }

    /// The difference, if both are in the same currency and it is not negative.
    pub fn checked_sub(&self, other: Amount) -> Result<Amount, AmountError> {
        self.same_currency(other)?;
        Amount::new(self.currency, self.minor_units - other.minor_units)
    }

    fn same_currency(&self, other: Amount) -> Result<(), AmountError> {
        if self.currency != other.currency {
            return Err(AmountError::CurrencyMismatch(self.currency, other.currency));
        }
        Ok(())
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.to_major_string())
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} (minor units)", self.currency, self.minor_units)
    }
}

/// Antom's wire form: `{"currency":"PHP","value":"10000"}`.
#[derive(Serialize, Deserialize)]
struct WireAmount {
    currency: String,
    #[serde(with = "crate::serde_string::as_string")]
    value: String,
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        WireAmount {
            currency: self.currency.code().to_owned(),
            value: self.minor_units.to_string(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let wire = WireAmount::deserialize(d)?;
        let currency = Currency::new(&wire.currency).map_err(D::Error::custom)?;
        if wire.value.is_empty() || !wire.value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(D::Error::custom(format!(
                "amount value {:?} is not a whole number of minor units",
                wire.value
            )));
        }
        let minor: i64 = wire
            .value
            .parse()
            .map_err(|_| D::Error::custom(AmountError::Overflow))?;
        Amount::new(currency, minor).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests;
