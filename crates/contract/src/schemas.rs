//! OpenAPI schemas built from the lists this crate keeps (regions, wallets,
//! event types) and the metadata limits, for the request types' fields. The
//! service adds what only it knows (currencies, locales) to its document.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{Array, Object};

/// A string that is one of `values`.
pub fn one_of(description: &str, values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .build()
}

/// A region that has Auto Debit wallets.
pub fn region() -> Object {
    one_of(
        "Buyer region (ISO 3166-1 alpha-2, upper case); decides the wallets offered. One of `regions` when both are given.",
        crate::wallets::REGIONS.iter().map(|r| r.code),
    )
}

/// `schema`, or `null`: what an optional request property takes (null means left out).
pub fn or_null(
    schema: impl Into<utoipa::openapi::RefOr<utoipa::openapi::Schema>>,
) -> utoipa::openapi::Schema {
    utoipa::openapi::Schema::OneOf(
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Null))
            .item(schema)
            .build(),
    )
}

/// The buyer's region when it may be left out (or null).
pub fn optional_region() -> utoipa::openapi::Schema {
    or_null(region())
}

/// Regions the buyer may switch between.
pub fn regions() -> Array {
    ArrayBuilder::new()
        .items(region())
        .description(Some(
            "Regions the buyer may switch between (the `region` is the default).",
        ))
        .build()
}

/// A wallet's Antom code.
pub fn wallet() -> Object {
    one_of(
        "The wallet's Antom code, e.g. `GCASH`.",
        crate::wallets::WALLETS.iter().map(|w| w.code),
    )
}

/// The merchant's own key-value pairs, within the limits the service checks.
pub fn metadata() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(
            "Up to 20 of the merchant's own key-value pairs (keys 1–40 characters, string values of at most 500), returned on the object in the API and in webhooks, never to the buyer.",
        ))
        .max_properties(Some(20))
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(40)),
        ))
        .additional_properties(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(500)),
        ))
        .build()
}

/// An event type.
pub fn event_type() -> Object {
    one_of(
        "Only events of this type.",
        crate::webhooks::EventType::names(),
    )
}

/// A charge's retry days: up to 6 whole days, 1 to 60, increasing.
pub fn retry_days() -> utoipa::openapi::Schema {
    or_null(ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(1))
                .maximum(Some(60)),
        )
        .max_items(Some(6))
        .description(Some(
            "When to try again, in days after this charge, if Antom refuses it for a reason that may pass \
             (the balance was too low): up to 6 increasing whole days, 1 to 60 (`[]`: never). \
             Default: the service's `CHARGE_RETRY_DAYS` (1, 3, 5).",
        ))
        .build())
}
