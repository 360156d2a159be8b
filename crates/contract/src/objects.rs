//! Nested request objects read only from JSON objects. serde's derive also reads a
//! struct from an array of its fields in order (`"order": ["r", "Tea", 100, "PHP"]`),
//! which the documents do not allow: the service takes what it documents, no more.
//!
//! The object is read straight from the request, not buffered through a
//! `serde_json::Value`: a buffer would parse the values of fields the struct ignores,
//! and refuse, say, an unknown field holding `1.8e308`, which the documents allow.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct that must be written as an object.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// An optional struct: absent, `null`, or an object.
pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Option::<Object<T>>::deserialize(d).map(|found| found.map(|Object(inner)| inner))
}

/// A list of structs, each an object.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(ObjectsVisitor(PhantomData))
}

/// One struct read by [`object`], so `Option` and lists can hold it.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d).map(Object)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}

struct ObjectsVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectsVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(Object(item)) = seq.next_element::<Object<T>>()? {
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use crate::requests::NewCheckoutSession;

    #[test]
    fn a_nested_struct_written_as_an_array_is_refused() {
        let good = r#"{"buyer_reference":"b","order":{"reference":"r","description":"Tea","amount":100,"currency":"PHP","items":[{"name":"Tea","quantity":1,"unit_amount":100}]}}"#;
        assert!(serde_json::from_str::<NewCheckoutSession>(good).is_ok());
        for bad in [
            r#"{"buyer_reference":"b","order":["r","Tea",100,"PHP"]}"#,
            r#"{"buyer_reference":"b","order":{"reference":"r","description":"Tea","amount":100,"currency":"PHP","items":[["Tea",1,100]]}}"#,
            r#"{"buyer_reference":"b","order":{"reference":"r","description":"Tea","amount":100,"currency":"PHP"},"mandate":["Tea",100]}"#,
        ] {
            let err = serde_json::from_str::<NewCheckoutSession>(bad).unwrap_err();
            assert!(
                err.to_string().contains("expected an object"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn an_unknown_field_inside_a_nested_object_is_ignored_whatever_it_holds() {
        // The largest double written out in full, and deeper values: the fields are
        // not ours, so their values are skipped, not parsed.
        let max = format!("{:.0}", f64::MAX);
        let body = format!(
            r#"{{"buyer_reference":"b","order":{{"x":{{"y":{max}}},"reference":"r","description":"Tea","amount":100,"currency":"PHP","z":[1e999,null]}},"mandate":null}}"#
        );
        let session = serde_json::from_str::<NewCheckoutSession>(&body);
        assert!(session.is_ok(), "{body}: {session:?}");
    }
}
