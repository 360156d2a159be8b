//! `/openapi.json`, the merchant's API (`/v1`), and `/openapi/internal.json`, the
//! routes no merchant calls (the checkout app's `/api`, the console's sign-in and
//! Antom's `/notify`): the frame, and schemas built from the same lists the service
//! validates against, so they name every currency, region, wallet and locale it
//! takes. The paths come from the handlers' own `#[utoipa::path]`.

use crate::domain::idempotency::IdempotencyKey;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Object, RefOr};
use utoipa::OpenApi;

/// The API's description; the paths come from the handlers themselves.
#[derive(OpenApi)]
#[openapi(
    info(title = "Antom Auto Debit checkout: merchant service", description = "Every route. No string in a request (path, query or JSON, known property or not) may hold U+0000: such a request is refused with VALIDATION."),
    modifiers(&BearerKey)
)]
pub struct ApiDoc;

struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "merchant_api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

use contract::schemas::{one_of, or_null as one_of_null};

/// Completes the document with what only the service knows, in the request
/// types `contract` describes: the currencies it takes and the locales it speaks.
pub fn add_service_lists(document: &mut utoipa::openapi::OpenApi) {
    let Some(components) = document.components.as_mut() else {
        return;
    };
    for (schema, property, value) in [
        ("NewOrder", "currency", Schema::Object(currency())),
        // Optional: left out or null, the buyer's browser decides.
        ("NewCheckoutSession", "locale", one_of_null(locale())),
    ] {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(schema) {
            object
                .properties
                .insert(property.to_owned(), RefOr::T(value));
        }
    }
}

/// An ISO 4217 code the service knows.
pub fn currency() -> Object {
    one_of("ISO 4217, upper case.", antom::Currency::codes())
}

/// A locale the checkout speaks.
pub fn locale() -> Object {
    one_of(
        "The checkout's language; the buyer's browser decides when left out.",
        crate::domain::checkout::LOCALES.iter().copied(),
    )
}

/// The `Idempotency-Key` header as the document describes it: what
/// [`IdempotencyKey::parse`] takes.
impl utoipa::IntoParams for IdempotencyKey {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
        use utoipa::openapi::Required;
        vec![ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::True)
            .description(Some(
                "Required. The same key always means the same payment, charge, refund or declaration.",
            ))
            .schema(Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some("^[A-Za-z0-9_-]{1,64}$"))
                    .min_length(Some(1))
                    .max_length(Some(IdempotencyKey::MAX_LEN)),
            ))
            .build()]
    }
}

/// What no request string may hold, said in both documents.
const NO_NUL: &str = "No string in a request (path, query or JSON, known property or not) may hold U+0000: such a request is refused with VALIDATION.";

/// The whole document split by audience: the merchant's (`/v1` only) and the
/// internal one (everything else), each keeping only the schemas its paths use, as
/// pretty JSON.
pub fn split_by_audience(spec: &utoipa::openapi::OpenApi) -> (String, String) {
    let full = serde_json::to_value(spec).unwrap_or_default();
    let mut merchant = audience(
        &full,
        |path| path.starts_with("/v1/"),
        // The webhooks' payload and the refusals' body, added below.
        &["Event", "ApiError"],
        "Antom Auto Debit checkout: the merchant API",
        &format!("Your systems' API: checkout sessions, payments, refunds, customs, buyers' wallets and mandates, webhooks, reconciliation, keys and operators. Authenticate with `Authorization: Bearer <API key>`; amounts are integer minor units; every call that moves money takes an `Idempotency-Key`. {NO_NUL}"),
    );
    document_refusals(&mut merchant);
    add_webhooks(&mut merchant);
    super::openapi_examples::add_examples(&mut merchant);
    let mut internal = audience(
        &full,
        |path| !path.starts_with("/v1/"),
        &["ApiError"],
        "Antom Auto Debit checkout: internal routes",
        &format!("Routes no merchant calls: the checkout app's API (/api, the buyer's cookie or credential), the console's sign-in (/ops) and Antom's notifications (/notify, signed by Antom). {NO_NUL}"),
    );
    document_refusals(&mut internal);
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
    (pretty(&merchant), pretty(&internal))
}

/// The answers every operation of a kind may give, said once here rather than on each
/// handler: a key's refusals (401 no key or a wrong, expired or revoked one, 403 a
/// missing scope, 429 too many failed keys from this address), a buyer's or an
/// operator's (401 without the checkout's claim or a sign-in), a body's (400 not JSON
/// as `application/json`, 413 too large), 422 for a parameter or body the rules refuse,
/// and 404 wherever a path names an object.
fn document_refusals(doc: &mut serde_json::Value) {
    let Some(paths) = doc["paths"].as_object_mut() else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let keyed = operation.get("security").is_some();
            let body = operation.get("requestBody").is_some();
            let params = operation["parameters"]
                .as_array()
                .is_some_and(|p| !p.is_empty());
            let mut refusals = Vec::new();
            if keyed {
                refusals.push((
                    "401",
                    "UNAUTHORIZED: no API key, or a wrong, expired or revoked one",
                ));
                refusals.push((
                    "403",
                    "SCOPE_MISSING: the key lacks the scope this call needs",
                ));
                refusals.push((
                    "429",
                    "TOO_MANY_ATTEMPTS: too many failed keys from this address; wait a minute",
                ));
            }
            if path.starts_with("/api/") || path.starts_with("/ops/") {
                refusals.push((
                    "401",
                    "UNAUTHORIZED: this browser has not opened this checkout (or is not signed in to the console)",
                ));
            }
            if body {
                refusals.push((
                    "400",
                    "VALIDATION: the body is not JSON sent as `application/json`",
                ));
                refusals.push(("413", "BODY_TOO_LARGE: the body is over this route's limit"));
            }
            if body || params {
                refusals.push(("422", "VALIDATION (or a more precise code): a parameter or field breaks a rule; `message` says which"));
            }
            if path.contains('{') {
                refusals.push(("404", "NOT_FOUND: nothing with that id here"));
            }
            let Some(responses) = operation
                .get_mut("responses")
                .and_then(serde_json::Value::as_object_mut)
            else {
                continue;
            };
            for (status, description) in refusals {
                responses.entry(status).or_insert_with(|| {
                    serde_json::json!({
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
                    })
                });
            }
        }
    }
}

/// OpenAPI 3.1 `webhooks`: what the service posts to a merchant's endpoint for each
/// event type, signed as Standard Webhooks says, and what it takes as delivered.
fn add_webhooks(doc: &mut serde_json::Value) {
    let header = |name: &str, description: &str| {
        serde_json::json!({"name": name, "in": "header", "required": true,
            "description": description, "schema": {"type": "string"}})
    };
    let parameters = [
        header("webhook-id", "The event's id: the same on every retry of it (deduplicate on it)."),
        header("webhook-timestamp", "Unix seconds of this attempt; refuse one more than five minutes from your clock."),
        header("webhook-signature", "`v1,<base64 HMAC-SHA256>` of `id.timestamp.body` with your endpoint's `whsec_` secret; two, space-separated, while a rotated secret overlaps."),
    ];
    let mut hooks = serde_json::Map::new();
    for event in contract::webhooks::EventType::ALL {
        let event_type = event.as_str();
        hooks.insert(
            event_type.to_owned(),
            serde_json::json!({"post": {
                "operationId": format!("on{}", camel(event_type)),
                "tags": ["Webhooks you receive"],
                "summary": format!("`{event_type}`, posted to each endpoint subscribed to it"),
                "description": event.meaning(),
                "parameters": parameters,
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                "responses": {
                    "2XX": {"description": "Delivered: any 2xx within 10 s. Anything else is tried again with back-off for about three days."}
                }
            }}),
        );
    }
    doc["webhooks"] = serde_json::Value::Object(hooks);
}

/// `payment.succeeded` as `PaymentSucceeded`.
fn camel(name: &str) -> String {
    name.split(['.', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `full` with only the paths `keep` accepts and the schemas they and `roots` reach.
fn audience(
    full: &serde_json::Value,
    keep: impl Fn(&str) -> bool,
    roots: &[&str],
    title: &str,
    description: &str,
) -> serde_json::Value {
    let mut doc = full.clone();
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.retain(|path, _| keep(path));
    }
    doc["info"]["title"] = title.into();
    doc["info"]["description"] = description.into();
    let schemas = full["components"]["schemas"].clone();
    // The schemas the kept paths name, then those they name, until nothing new.
    let mut reached = std::collections::BTreeSet::new();
    let mut to_visit: Vec<String> = roots.iter().map(|r| (*r).to_owned()).collect();
    references(&doc["paths"], &mut to_visit);
    while let Some(name) = to_visit.pop() {
        if reached.insert(name.clone()) {
            references(&schemas[&name], &mut to_visit);
        }
    }
    if let Some(kept) = doc["components"]["schemas"].as_object_mut() {
        kept.retain(|name, _| reached.contains(name));
    }
    doc
}

/// The schema names `value` refers to (`#/components/schemas/<name>`).
fn references(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v.as_str()) {
                    ("$ref", Some(r)) => {
                        if let Some(name) = r.strip_prefix("#/components/schemas/") {
                            out.push(name.to_owned());
                        }
                    }
                    _ => references(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}
