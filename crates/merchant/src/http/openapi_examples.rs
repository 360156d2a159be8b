//! The examples of `/openapi.json`: a real sandbox day's calls, recorded by the test
//! `openapi::examples` (secrets replaced), put on each operation and on every schema
//! their values reach.

use serde_json::Value;
use std::collections::BTreeMap;

/// The recorded calls, by operationId (and `refusal`, one refused call).
const RECORDED: &str = include_str!("openapi_examples.json");

/// Adds the recorded request and answer to each operation, and to the schemas.
pub fn add_examples(doc: &mut Value) {
    let Ok(Value::Object(calls)) = serde_json::from_str::<Value>(RECORDED) else {
        return;
    };
    let components = doc["components"]["schemas"].clone();
    let mut found = BTreeMap::new();
    if let Some(refusal) = calls.get("refusal") {
        let error = serde_json::json!({"$ref": "#/components/schemas/ApiError"});
        harvest(&error, &refusal["response"], &components, &mut found);
    }
    let operations = doc["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut());
    for op in operations {
        let Some(call) = op["operationId"].as_str().and_then(|id| calls.get(id)) else {
            continue;
        };
        if let Some(request) = call.get("request") {
            if let Some(body) = op.pointer_mut("/requestBody/content/application~1json") {
                harvest(&body["schema"], request, &components, &mut found);
                body["example"] = request.clone();
            }
        }
        let status = call["status"].as_u64().unwrap_or(200).to_string();
        let schema = op["responses"][&status]["content"]["application/json"]["schema"].clone();
        harvest(&schema, &call["response"], &components, &mut found);
        // Each success answered with the same schema (201 new, 200 again) shows it.
        let responses = op["responses"].as_object_mut().into_iter().flatten();
        for (_, response) in responses.filter(|(s, _)| s.starts_with('2')) {
            if let Some(body) = response.pointer_mut("/content/application~1json") {
                if body["schema"] == schema {
                    body["example"] = call["response"].clone();
                }
            }
        }
    }
    if let Some(schemas) = doc["components"]["schemas"].as_object_mut() {
        // A list of values the day did not meet: its first value is as real as any.
        for (name, schema) in schemas.iter() {
            if let Some(first) = schema["enum"].as_array().and_then(|values| values.first()) {
                found.entry(name.clone()).or_insert_with(|| first.clone());
            }
        }
        for (name, example) in found {
            if let Some(schema) = schemas.get_mut(&name).and_then(Value::as_object_mut) {
                schema.insert("example".to_owned(), example);
            }
        }
    }
}

/// Notes `example` as the example of each named schema `schema` reaches through it.
fn harvest(
    schema: &Value,
    example: &Value,
    components: &Value,
    found: &mut BTreeMap<String, Value>,
) {
    if example.is_null() {
        return;
    }
    if let Some(name) = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        // The first example met is the schema's; a later one may still reach deeper.
        found
            .entry(name.to_owned())
            .or_insert_with(|| example.clone());
        harvest(&components[name], example, components, found);
        return;
    }
    for option in schema["allOf"].as_array().into_iter().flatten() {
        harvest(option, example, components, found);
    }
    for key in ["oneOf", "anyOf"] {
        for option in schema[key].as_array().into_iter().flatten() {
            if fits(option, example, components) {
                harvest(option, example, components, found);
            }
        }
    }
    if let (Some(properties), Some(values)) =
        (schema["properties"].as_object(), example.as_object())
    {
        for (name, property) in properties {
            if let Some(value) = values.get(name) {
                harvest(property, value, components, found);
            }
        }
    }
    if let Some(first) = example.as_array().and_then(|items| items.first()) {
        harvest(&schema["items"], first, components, found);
    }
    if let (Some(extra), Some(values)) = (schema.get("additionalProperties"), example.as_object()) {
        if let Some(first) = values.values().next() {
            harvest(extra, first, components, found);
        }
    }
}

/// Whether `example` can be an instance of one `oneOf` option: every `allOf` member,
/// its kind, its required properties, no property the option does not name, and the
/// enum or const it holds. An option that says none of these cannot be told: no.
fn fits(option: &Value, example: &Value, components: &Value) -> bool {
    let option = match option["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
    {
        Some(name) => &components[name],
        None => option,
    };
    if let Some(members) = option["allOf"].as_array() {
        return members.iter().all(|m| fits(m, example, components));
    }
    if let Some(value) = option.get("const") {
        return value == example;
    }
    if let Some(values) = option["enum"].as_array() {
        return values.contains(example);
    }
    let kinds: Vec<&str> = match &option["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let kind = match example {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Null => "null",
    };
    let same_kind = kinds.contains(&kind) || (kind == "integer" && kinds.contains(&"number"));
    if !same_kind {
        return false;
    }
    let Some(values) = example.as_object() else {
        return true;
    };
    let required = option["required"].as_array().into_iter().flatten();
    let has_required = required
        .filter_map(Value::as_str)
        .all(|k| values.contains_key(k));
    let named = match option["properties"].as_object() {
        Some(properties) => values.keys().all(|k| properties.contains_key(k)),
        None => option.get("additionalProperties").is_some(),
    };
    has_required && named
}
