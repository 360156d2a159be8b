//! Every language has every message, with the same placeholders, and nothing
//! extra: the checkout's catalogue and the operator console's.

use contract::api::ErrorCode;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

/// The checkout speaks every language the `locale` crate offers; the console English and Chinese.
fn locales_of(app: (&str, &str)) -> Vec<&'static str> {
    let all = locale::LOCALES.iter().map(|(code, _)| *code);
    if app.1 == "ops" {
        all.take(3).collect()
    } else {
        all.collect()
    }
}

fn placeholders(pattern: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            let inline = match expression {
                Expression::Inline(i) => i,
                Expression::Select { selector, .. } => selector,
            };
            if let InlineExpression::VariableReference { id } = inline {
                out.insert(id.name.to_owned());
            }
        }
    }
}

/// The two apps' catalogues: folder under the workspace root, and Fluent domain.
const APPS: [(&str, &str); 2] = [("", "checkout"), ("ops/", "ops")];

fn catalogue_of((dir, domain): (&str, &str), locale: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = format!(
        "{}/{dir}i18n/{locale}/{domain}.ftl",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path}: {errors:?}"));
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        if let Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                placeholders(value, &mut vars);
            }
            assert!(
                messages.insert(m.id.name.to_owned(), vars).is_none(),
                "{locale}: {} twice",
                m.id.name
            );
        }
    }
    messages
}

fn catalogue(locale: &str) -> BTreeMap<String, BTreeSet<String>> {
    catalogue_of(APPS[0], locale)
}

#[test]
fn every_locale_has_every_key_and_placeholder() {
    for app in APPS {
        same_keys_everywhere(app);
    }
}

fn same_keys_everywhere(app: (&str, &str)) {
    let english = catalogue_of(app, "en");
    assert!(english.len() > 50, "the English catalogue looks truncated");
    let locales = locales_of(app);
    assert!(locales.contains(&"en"));
    for locale in locales.iter().filter(|l| **l != "en") {
        let other = catalogue_of(app, locale);
        let missing: Vec<_> = english.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<_> = other.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{locale} lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{locale} has keys English lacks: {extra:?}"
        );
        for (key, vars) in &english {
            assert_eq!(&other[key], vars, "{locale}: {key} has other placeholders");
        }
    }
}

#[test]
fn every_error_code_the_checkout_can_receive_has_words_in_every_locale() {
    // The one list of codes (contract::errors): a new code cannot reach a buyer untranslated.
    for locale in locales_of(APPS[0]) {
        let words = catalogue(locale);
        for code in ErrorCode::ALL.iter().filter(|c| c.reaches_buyer()) {
            let key = code.message_id();
            assert!(
                words.contains_key(&key),
                "{locale}: no text for {code} ({key})"
            );
        }
    }
}

#[test]
fn every_error_code_the_console_can_receive_has_words_in_every_locale() {
    for locale in locales_of(APPS[1]) {
        let words = catalogue_of(APPS[1], locale);
        for code in ErrorCode::ALL.iter().filter(|c| c.reaches_operator()) {
            let key = code.message_id();
            assert!(
                words.contains_key(&key),
                "{locale}: no text for {code} ({key})"
            );
        }
    }
}

#[test]
fn every_catalogue_folder_is_an_offered_language() {
    // A catalogue nobody can pick (or a picked language without one) is a mistake either way.
    let dir = format!("{}/i18n", env!("CARGO_MANIFEST_DIR"));
    let mut folders: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut offered: Vec<String> = locales_of(APPS[0]).iter().map(|c| c.to_string()).collect();
    offered.sort();
    assert_eq!(folders, offered);
}

#[test]
fn a_catalogue_keeps_placeables_and_brand_names_intact() {
    // Translators may move `{ $wallet }`, never drop or rename it (checked above); and the
    // words around it must not swallow Fluent syntax: each message formats without errors.
    use fluent::{FluentArgs, FluentBundle, FluentResource};
    for code in locales_of(APPS[0]) {
        let path = format!("{}/i18n/{code}/checkout.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let resource =
            FluentResource::try_new(text).unwrap_or_else(|(_, e)| panic!("{code}: {e:?}"));
        let id: unic_langid::LanguageIdentifier =
            code.parse().unwrap_or_else(|e| panic!("{code}: {e}"));
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|e| panic!("{code}: {e:?}"));
        let mut args = FluentArgs::new();
        for (name, value) in [
            ("wallet", "GCash"),
            ("merchant", "Kopi Shop"),
            ("amount", "₱100.00"),
            ("account", "0917****123"),
            ("quantity", "2"),
            ("interval", "month"),
            ("date", "7 Dec 2026, 09:00"),
        ] {
            args.set(name, value);
        }
        for (key, _) in catalogue_of(APPS[0], code) {
            let message = bundle
                .get_message(&key)
                .unwrap_or_else(|| panic!("{code}: {key}"));
            let Some(pattern) = message.value() else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
            assert!(errors.is_empty(), "{code}: {key}: {errors:?}");
            assert!(!text.trim().is_empty(), "{code}: {key} is empty");
            if catalogue_of(APPS[0], "en")[&key].contains("wallet") {
                assert!(
                    text.contains("GCash"),
                    "{code}: {key} lost the wallet's name: {text}"
                );
            }
        }
    }
}

/// How a Korean word ends, for the particles that change with it.
#[derive(Debug, PartialEq)]
enum KoreanEnding {
    Vowel,
    /// ㄹ: 로 like a vowel, but 이/을/은/과 like a consonant.
    Rieul,
    Consonant,
    /// Latin letters: how they are read (GCash: 지캐시) is not in the spelling.
    Unknown,
}

fn korean_ending(word: &str) -> KoreanEnding {
    match word.chars().last().map(|c| c as u32) {
        Some(c @ 0xAC00..=0xD7A3) => match (c - 0xAC00) % 28 {
            0 => KoreanEnding::Vowel,
            8 => KoreanEnding::Rieul,
            _ => KoreanEnding::Consonant,
        },
        _ => KoreanEnding::Unknown,
    }
}

#[test]
fn korean_particles_after_a_wallet_name_fit_every_wallet() {
    use fluent::{FluentArgs, FluentBundle, FluentResource};
    let path = format!("{}/i18n/ko/checkout.ftl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let resource = FluentResource::try_new(text).unwrap_or_else(|(_, e)| panic!("{e:?}"));
    let mut bundle = FluentBundle::new(vec!["ko"
        .parse::<unic_langid::LanguageIdentifier>()
        .unwrap()]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap();
    // (after a vowel, after a consonant), longest first; 로 also follows ㄹ.
    const PARTICLES: [(&str, &str); 7] = [
        ("로", "으로"),
        ("라", "이라"),
        ("나", "이나"),
        ("가", "이"),
        ("를", "을"),
        ("는", "은"),
        ("와", "과"),
    ];
    let mut checked = 0;
    for (key, placeables) in catalogue("ko") {
        if !placeables.contains("wallet") {
            continue;
        }
        for wallet in contract::wallets::WALLETS {
            let name = contract::wallets::name_in(wallet.code, "ko").unwrap_or(wallet.name);
            let mut args = FluentArgs::new();
            for (arg, value) in [
                ("wallet", name),
                ("merchant", "코피 상점"),
                ("amount", "₩15,000"),
                ("account", "010-****-1234"),
                ("date", "2026. 12. 7."),
            ] {
                args.set(arg, value);
            }
            let pattern = bundle.get_message(&key).and_then(|m| m.value()).unwrap();
            let text = bundle.format_pattern(pattern, Some(&args), &mut Vec::new());
            let after = text.split(name).nth(1).unwrap_or_default();
            let ending = korean_ending(name);
            for (vowel_form, consonant_form) in PARTICLES {
                let particle = if after.starts_with(consonant_form) {
                    consonant_form
                } else if after.starts_with(vowel_form) {
                    vowel_form
                } else {
                    continue;
                };
                let right = match ending {
                    KoreanEnding::Vowel => particle == vowel_form,
                    KoreanEnding::Rieul if vowel_form == "로" => particle == "로",
                    KoreanEnding::Rieul | KoreanEnding::Consonant => particle == consonant_form,
                    KoreanEnding::Unknown => false,
                };
                assert!(
                    right,
                    "ko {key}: {name:?} ({ending:?}) then {particle:?}: {text}"
                );
                break;
            }
            checked += 1;
        }
    }
    assert!(
        checked > 100,
        "every ko message naming a wallet, with every wallet: {checked}"
    );
    assert_eq!(korean_ending("카카오페이"), KoreanEnding::Vowel);
    assert_eq!(korean_ending("서울"), KoreanEnding::Rieul);
    assert_eq!(korean_ending("이월렛"), KoreanEnding::Consonant);
    assert_eq!(korean_ending("토스뱅크"), KoreanEnding::Vowel);
    assert_eq!(korean_ending("네이버 통장"), KoreanEnding::Consonant);
}
