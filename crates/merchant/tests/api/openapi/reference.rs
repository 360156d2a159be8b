//! The book's API reference (`docs/src/api-reference.md`) is written from
//! `/openapi.json`: every operation with its parameters, body, answers and real
//! examples, every webhook, every schema. This test fails when the page no longer
//! says what the document says; `UPDATE_DOCS=1` writes it again.

use crate::common::Shop;
use serde_json::{Map, Value};
use std::fmt::Write;

const PAGE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/src/api-reference.md"
);

/// A table cell: one line, no bar.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// A schema as a short type: a link to a named one, `X or null`, `array of X`, an enum.
fn kind(schema: &Value) -> String {
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        return format!("[{name}](#{})", name.to_lowercase());
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let named: Vec<String> = options.iter().map(kind).collect();
        return named.join(" or ");
    }
    if let Some(members) = schema["allOf"].as_array() {
        let named: Vec<String> = members.iter().map(kind).collect();
        return named.join(" with ");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values
            .iter()
            .map(|v| {
                format!(
                    "`{}`",
                    v.as_str().map_or_else(|| v.to_string(), str::to_owned)
                )
            })
            .collect();
        return match values.len() {
            0..=12 => format!("one of {}", values.join(", ")),
            n => format!("one of {n} values: {}, …", values[..6].join(", ")),
        };
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let mut text = types
        .iter()
        .map(|t| match *t {
            "array" => format!("array of {}", kind(&schema["items"])),
            "object" if schema.get("additionalProperties").is_some() => {
                format!("map of {}", kind(&schema["additionalProperties"]))
            }
            other => other.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" or ");
    if text.is_empty() {
        text = "any".to_owned();
    }
    let limits: Vec<String> = [
        ("minimum", "≥"),
        ("maximum", "≤"),
        ("minLength", "length ≥"),
        ("maxLength", "length ≤"),
        ("maxItems", "items ≤"),
        ("maxProperties", "entries ≤"),
    ]
    .iter()
    .filter_map(|(key, sign)| schema.get(*key).map(|v| format!("{sign} {v}")))
    .collect();
    if !limits.is_empty() {
        text.push_str(&format!(" ({})", limits.join(", ")));
    }
    text
}

fn example(out: &mut String, title: &str, value: Option<&Value>) {
    if let Some(value) = value {
        let json = serde_json::to_string_pretty(value).unwrap_or_default();
        let _ = write!(out, "\n{title}:\n\n```json\n{json}\n```\n");
    }
}

/// One operation: what it does, what it takes, what it answers.
fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    let id = op["operationId"].as_str().unwrap_or_default();
    let _ = write!(out, "\n### {id}\n\n`{} {path}`", method.to_uppercase());
    if op.get("security").is_some() {
        out.push_str(" · API key");
    }
    out.push_str("\n\n");
    for part in ["summary", "description"] {
        if let Some(text) = op[part].as_str() {
            let _ = writeln!(out, "{text}\n");
        }
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        out.push_str("| parameter | in | type | description |\n|---|---|---|---|\n");
        for p in params {
            let required = if p["required"] == true {
                " (required)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "| `{}`{required} | {} | {} | {} |",
                p["name"].as_str().unwrap_or_default(),
                p["in"].as_str().unwrap_or_default(),
                cell(&kind(&p["schema"])),
                cell(p["description"].as_str().unwrap_or_default())
            );
        }
    }
    let body = &op["requestBody"]["content"]["application/json"];
    if !body.is_null() {
        let _ = writeln!(out, "\nBody: {}", kind(&body["schema"]));
        example(out, "Example body", body.get("example"));
    }
    out.push_str("\n| answer | body | when |\n|---|---|---|\n");
    let responses = op["responses"].as_object().cloned().unwrap_or_default();
    for (status, response) in &responses {
        let schema = &response["content"]["application/json"]["schema"];
        let body = if schema.is_null() {
            "—".to_owned()
        } else {
            kind(schema)
        };
        let _ = writeln!(
            out,
            "| {status} | {} | {} |",
            cell(&body),
            cell(response["description"].as_str().unwrap_or_default())
        );
    }
    let answered = responses.iter().find_map(|(status, r)| {
        r["content"]["application/json"]
            .get("example")
            .map(|e| (status, e))
    });
    if let Some((status, value)) = answered {
        example(out, &format!("Example answer ({status})"), Some(value));
    }
}

/// One named schema: its description and properties.
fn schema(out: &mut String, name: &str, schema: &Value) {
    let _ = write!(out, "\n### {name}\n\n");
    if let Some(text) = schema["description"].as_str() {
        let _ = writeln!(out, "{text}\n");
    }
    // Properties of its own, and of each `allOf` member: a named member is linked.
    let mut own: Vec<&Value> = vec![schema];
    for member in schema["allOf"].as_array().into_iter().flatten() {
        match member["$ref"].as_str() {
            Some(_) => {
                let _ = writeln!(out, "Everything in {}, and:\n", kind(member));
            }
            None => own.push(member),
        }
    }
    let rows: Vec<(String, bool, &Value)> = own
        .iter()
        .flat_map(|s| {
            let required: Vec<&str> = s["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            s["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(move |(name, p)| (name.clone(), required.contains(&name.as_str()), p))
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(out, "Type: {}", kind(schema));
        return;
    }
    out.push_str("| property | type | description |\n|---|---|---|\n");
    for (property, required, s) in rows {
        let mark = if required { " (required)" } else { "" };
        let description = s["description"]
            .as_str()
            .or_else(|| s["oneOf"][1]["description"].as_str())
            .or_else(|| s["allOf"][0]["description"].as_str())
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| `{property}`{mark} | {} | {} |",
            cell(&kind(s)),
            cell(description)
        );
    }
}

/// The whole page.
fn page(doc: &Value) -> String {
    let mut out = String::from(
        "# API reference\n\n<!-- Written from /openapi.json by the test `openapi::reference`: \
         `UPDATE_DOCS=1 cargo test -p merchant --test api reference` writes it again. Do not edit by hand. -->\n\n",
    );
    let _ = writeln!(
        out,
        "{}\n",
        doc["info"]["description"].as_str().unwrap_or_default()
    );
    out.push_str("The same document is served at `/openapi.json`: generate a client from it. The examples are a real sandbox day's calls.\n");
    // Operations grouped by their tag, tags in the order they first appear.
    let mut tags: Vec<String> = Vec::new();
    let mut by_tag: Map<String, Value> = Map::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let tag = op["tags"][0].as_str().unwrap_or("Other").to_owned();
            if !tags.contains(&tag) {
                tags.push(tag.clone());
            }
            let list = by_tag.entry(tag).or_insert_with(|| Value::Array(vec![]));
            if let Value::Array(list) = list {
                list.push(serde_json::json!([method, path, op]));
            }
        }
    }
    tags.sort();
    for tag in &tags {
        let _ = write!(out, "\n## {tag}\n");
        for entry in by_tag[tag].as_array().into_iter().flatten() {
            operation(
                &mut out,
                entry[0].as_str().unwrap_or_default(),
                entry[1].as_str().unwrap_or_default(),
                &entry[2],
            );
        }
    }
    out.push_str("\n## Webhooks\n\nEach is a `POST` to your endpoint of an [Event](#event), signed as [Webhooks](webhooks.md) says.\n\n| event | when |\n|---|---|\n");
    for (event, item) in doc["webhooks"].as_object().into_iter().flatten() {
        let when = item["post"]["summary"]
            .as_str()
            .or(item["post"]["description"].as_str())
            .unwrap_or_default();
        let _ = writeln!(out, "| `{event}` | {} |", cell(when));
    }
    out.push_str("\n## Schemas\n");
    for (name, s) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        schema(&mut out, name, s);
    }
    out
}

#[tokio::test]
async fn the_books_api_reference_says_what_the_document_says() {
    let shop = Shop::open(&[]).await;
    let doc = shop.public_json("/openapi.json").await;
    let written = page(&doc);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(PAGE, &written).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(PAGE).unwrap_or_default();
    // The examples are the kept day's, so the page is the same on every run.
    assert!(
        kept == written,
        "docs/src/api-reference.md differs from /openapi.json: run UPDATE_DOCS=1 cargo test -p merchant --test api reference"
    );
    for op in doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|i| i.as_object().unwrap().values())
    {
        let id = op["operationId"].as_str().unwrap();
        assert!(
            kept.contains(&format!("\n### {id}\n")),
            "{id} is not on the page"
        );
    }
}
