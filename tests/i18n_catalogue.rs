//! Every language has every message, with the same placeholders, and nothing
//! extra: the checkout's catalogue and the operator console's.

use contract::api::ErrorCode;
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

const LOCALES: [&str; 3] = ["en", "zh-CN", "zh-TW"];

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
    for locale in &LOCALES[1..] {
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
    for locale in LOCALES {
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
    for locale in LOCALES {
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
