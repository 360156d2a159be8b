//! Unit tests of the parent module.

use super::closest;

#[test]
fn browser_languages_map_to_offered_ones() {
    assert_eq!(closest("en-US"), Some("en"));
    assert_eq!(closest("zh-CN"), Some("zh-CN"));
    assert_eq!(closest("zh"), Some("zh-CN"));
    assert_eq!(closest("zh-Hans-SG"), Some("zh-CN"));
    assert_eq!(closest("zh-TW"), Some("zh-TW"));
    assert_eq!(closest("zh-HK"), Some("zh-TW"));
    assert_eq!(closest("zh-Hant"), Some("zh-TW"));
    assert_eq!(closest("zh-Hans-HK"), Some("zh-CN"));
    assert_eq!(closest("ko-KR"), Some("ko"));
    assert_eq!(closest("ja"), Some("ja"));
    assert_eq!(closest("th-TH-u-ca-buddhist"), Some("th"));
    assert_eq!(closest("vi-VN"), Some("vi"));
    assert_eq!(closest("in-ID"), Some("id"));
    assert_eq!(closest("id"), Some("id"));
    assert_eq!(closest("ms-MY"), Some("ms"));
    assert_eq!(closest("tl-PH"), Some("fil"));
    assert_eq!(closest("fil"), Some("fil"));
    assert_eq!(closest("fr-FR"), None);
    assert_eq!(closest("kok"), None);
}

#[test]
fn hong_kong_reads_traditional_chinese_in_its_own_conventions() {
    use super::regional;
    assert_eq!(regional("zh-TW", Some("HK")), "zh-HK");
    assert_eq!(regional("zh-TW", Some("MO")), "zh-MO");
    assert_eq!(regional("zh-TW", Some("TW")), "zh-TW");
    assert_eq!(regional("zh-TW", None), "zh-TW");
    assert_eq!(regional("en", Some("HK")), "en");
    assert_eq!(closest("zh-HK"), Some("zh-TW"));
}

#[test]
fn a_region_names_its_everyday_language() {
    use super::{of_region, LOCALES};
    assert_eq!(of_region("KR"), Some("ko"));
    assert_eq!(of_region("hk"), Some("zh-TW"));
    assert_eq!(of_region("PH"), Some("fil"));
    assert_eq!(of_region("SG"), Some("en"));
    assert_eq!(of_region("FR"), None);
    // Every region with an Auto Debit wallet has a language the checkout speaks.
    for region in contract::wallets::REGIONS {
        let code = of_region(region.code).unwrap_or_else(|| panic!("{}", region.code));
        assert!(LOCALES.iter().any(|(c, _)| *c == code));
    }
}

#[test]
fn accept_language_is_read_by_weight_then_order() {
    use super::from_accept_language as pick;
    assert_eq!(pick("zh-TW,zh;q=0.9,en;q=0.8"), Some("zh-TW"));
    assert_eq!(pick("ko-KR, en;q=0.5, zh-CN;q=0.7"), Some("ko"));
    assert_eq!(pick("fr-FR, ko;q=0.3, en;q=0.7"), Some("en"));
    assert_eq!(pick("en;q=0.2, zh-HK"), Some("zh-TW"));
    assert_eq!(pick("fr, de"), None);
    assert_eq!(pick("zh;q=0, en;q=0.1"), Some("en"));
    assert_eq!(pick(""), None);
    assert_eq!(pick("en;q=abc"), None);
}
