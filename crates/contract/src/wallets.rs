//! The Auto Debit wallets Antom offers, by the buyer's region.
//!
//! Codes are Antom's `customerBelongsTo` / `paymentMethodType` values. A
//! wallet with several home regions (GrabPay) has one code per region.

use serde::Serialize;

/// A buyer region (ISO 3166-1 alpha-2) and its everyday currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    /// `PH`, `KR`, …
    pub code: &'static str,
    /// ISO 4217 code of the region's currency.
    pub currency: &'static str,
}

/// An Auto Debit wallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Wallet {
    /// Antom's code, e.g. `GCASH`.
    pub code: &'static str,
    /// The name buyers know it by.
    pub name: &'static str,
    /// Where its buyers are.
    pub region: &'static str,
}

/// Regions with at least one Auto Debit wallet.
pub const REGIONS: &[Region] = &[
    Region {
        code: "CN",
        currency: "CNY",
    },
    Region {
        code: "HK",
        currency: "HKD",
    },
    Region {
        code: "ID",
        currency: "IDR",
    },
    Region {
        code: "JP",
        currency: "JPY",
    },
    Region {
        code: "KR",
        currency: "KRW",
    },
    Region {
        code: "MY",
        currency: "MYR",
    },
    Region {
        code: "PH",
        currency: "PHP",
    },
    Region {
        code: "SG",
        currency: "SGD",
    },
    Region {
        code: "TH",
        currency: "THB",
    },
    Region {
        code: "VN",
        currency: "VND",
    },
];

/// Every Auto Debit wallet, in the order they are offered within a region.
pub const WALLETS: &[Wallet] = &[
    Wallet {
        code: "ALIPAY_CN",
        name: "Alipay",
        region: "CN",
    },
    Wallet {
        code: "ALIPAY_HK",
        name: "AlipayHK",
        region: "HK",
    },
    Wallet {
        code: "DANA",
        name: "DANA",
        region: "ID",
    },
    Wallet {
        code: "PAYPAY",
        name: "PayPay",
        region: "JP",
    },
    Wallet {
        code: "KAKAOPAY",
        name: "KakaoPay",
        region: "KR",
    },
    Wallet {
        code: "NAVERPAY",
        name: "Naver Pay",
        region: "KR",
    },
    Wallet {
        code: "TOSSPAY",
        name: "Toss Pay",
        region: "KR",
    },
    Wallet {
        code: "TNG",
        name: "Touch 'n Go eWallet",
        region: "MY",
    },
    Wallet {
        code: "BOOST",
        name: "Boost",
        region: "MY",
    },
    Wallet {
        code: "GRABPAY_MY",
        name: "GrabPay",
        region: "MY",
    },
    Wallet {
        code: "GCASH",
        name: "GCash",
        region: "PH",
    },
    Wallet {
        code: "MAYA",
        name: "Maya",
        region: "PH",
    },
    Wallet {
        code: "GRABPAY_PH",
        name: "GrabPay",
        region: "PH",
    },
    Wallet {
        code: "GRABPAY_SG",
        name: "GrabPay",
        region: "SG",
    },
    Wallet {
        code: "TRUEMONEY",
        name: "TrueMoney",
        region: "TH",
    },
    Wallet {
        code: "RABBIT_LINE_PAY",
        name: "Rabbit LINE Pay",
        region: "TH",
    },
    Wallet {
        code: "KPLUS",
        name: "K PLUS",
        region: "TH",
    },
    Wallet {
        code: "DIRECT_DEBIT_KRUNGTHAIBANK",
        name: "Krungthai Bank",
        region: "TH",
    },
    Wallet {
        code: "DIRECT_DEBIT_SIAMCOMMERCIALBANK",
        name: "SCB",
        region: "TH",
    },
    Wallet {
        code: "ZALOPAY",
        name: "ZaloPay",
        region: "VN",
    },
    Wallet {
        code: "MOMO",
        name: "MoMo",
        region: "VN",
    },
];

/// The wallets offered to buyers in `region` (case-insensitive).
pub fn wallets_in(region: &str) -> impl Iterator<Item = &'static Wallet> + '_ {
    WALLETS
        .iter()
        .filter(move |w| w.region.eq_ignore_ascii_case(region))
}

/// The wallet with Antom code `code`.
pub fn wallet(code: &str) -> Option<&'static Wallet> {
    WALLETS.iter().find(|w| w.code == code)
}

/// How a wallet writes its own name in a language, where it differs from its
/// Latin brand (KakaoPay is 카카오페이 in Korean, Alipay 支付宝 in Chinese).
const NAMES_IN_LANGUAGES: &[(&str, &str, &str)] = &[
    ("ALIPAY_CN", "zh-CN", "支付宝"),
    ("ALIPAY_CN", "zh-TW", "支付寶"),
    ("ALIPAY_HK", "zh-CN", "支付宝香港"),
    ("ALIPAY_HK", "zh-TW", "支付寶香港"),
    ("KAKAOPAY", "ko", "카카오페이"),
    ("NAVERPAY", "ko", "네이버페이"),
    ("TOSSPAY", "ko", "토스페이"),
    ("DIRECT_DEBIT_KRUNGTHAIBANK", "th", "ธนาคารกรุงไทย"),
    ("DIRECT_DEBIT_SIAMCOMMERCIALBANK", "th", "ธนาคารไทยพาณิชย์"),
];

/// The name of wallet `code` as buyers reading `language` know it, if it differs from its brand.
pub fn name_in(code: &str, language: &str) -> Option<&'static str> {
    NAMES_IN_LANGUAGES
        .iter()
        .find(|(c, l, _)| *c == code && *l == language)
        .map(|(_, _, name)| *name)
}

/// The region with ISO code `code` (case-insensitive).
pub fn region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The currencies of the catalogue's regions, once each, in region order.
pub fn currencies() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in REGIONS {
        if !out.contains(&r.currency) {
            out.push(r.currency);
        }
    }
    out
}

/// Decimal places of a catalogue currency's minor unit (ISO 4217): 0 for JPY, KRW and VND, 2 for the others.
pub fn currency_exponent(code: &str) -> Option<u8> {
    REGIONS.iter().find(|r| r.currency == code).map(|r| {
        if matches!(r.currency, "JPY" | "KRW" | "VND") {
            0
        } else {
            2
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_philippine_buyer_sees_gcash_maya_and_grabpay() {
        let codes: Vec<_> = wallets_in("ph").map(|w| w.code).collect();
        assert_eq!(codes, ["GCASH", "MAYA", "GRABPAY_PH"]);
    }

    #[test]
    fn a_vietnamese_buyer_sees_zalopay_and_momo() {
        let codes: Vec<_> = wallets_in("VN").map(|w| w.code).collect();
        assert_eq!(codes, ["ZALOPAY", "MOMO"]);
    }

    #[test]
    fn every_wallet_belongs_to_a_known_region_and_codes_are_unique() {
        for w in WALLETS {
            assert!(
                region(w.region).is_some(),
                "{} in unknown {}",
                w.code,
                w.region
            );
            assert_eq!(
                WALLETS.iter().filter(|o| o.code == w.code).count(),
                1,
                "{}",
                w.code
            );
        }
        for r in REGIONS {
            assert!(
                wallets_in(r.code).next().is_some(),
                "{} has no wallet",
                r.code
            );
        }
    }

    #[test]
    fn unknown_regions_and_codes_find_nothing() {
        assert_eq!(wallets_in("US").count(), 0);
        assert!(wallet("PAYPAL").is_none());
        assert_eq!(wallet("KAKAOPAY").map(|w| w.region), Some("KR"));
        assert_eq!(name_in("KAKAOPAY", "ko"), Some("카카오페이"));
        assert_eq!(name_in("KAKAOPAY", "en"), None);
        assert_eq!(name_in("GCASH", "fil"), None);
        // Every local name belongs to a wallet that exists.
        for (code, _, _) in NAMES_IN_LANGUAGES {
            assert!(wallet(code).is_some(), "{code}");
        }
    }
}
