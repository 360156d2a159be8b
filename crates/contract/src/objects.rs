//! Nested request objects read only from JSON objects. serde's derive also reads a
//! struct from an array of its fields in order (`"order": ["r", "Tea", 100, "PHP"]`),
//! which the documents do not allow: the service takes what it documents, no more.

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A struct that must be written as an object.
pub fn object<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    from_object(Value::deserialize(d)?).map_err(D::Error::custom)
}

/// An optional struct: absent, `null`, or an object.
pub fn optional_object<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        value => from_object(value).map(Some).map_err(D::Error::custom),
    }
}

/// A list of structs, each an object.
pub fn objects<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    match Value::deserialize(d)? {
        Value::Array(items) => items
            .into_iter()
            .map(from_object)
            .collect::<Result<_, _>>()
            .map_err(D::Error::custom),
        _ => Err(D::Error::custom("expected an array")),
    }
}

fn from_object<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    match value {
        Value::Object(_) => serde_json::from_value(value).map_err(|e| e.to_string()),
        _ => Err("expected an object".to_owned()),
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
}
