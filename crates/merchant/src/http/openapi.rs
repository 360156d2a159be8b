//! `/openapi.json`: the document's frame, and schemas built from the same lists
//! the service validates against, so it names every currency, region, wallet and
//! locale it takes. The paths come from the handlers' own `#[utoipa::path]`.

use crate::domain::idempotency::IdempotencyKey;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
use utoipa::openapi::{Array, Object};
use utoipa::OpenApi;

/// The API's description; the paths come from the handlers themselves.
#[derive(OpenApi)]
#[openapi(
    info(title = "Antom Auto Debit checkout: merchant service", description = "The app API (/api, buyer cookie), the merchant API (/v1, Bearer key) and Antom's notifications (/notify, signed). No string in a request (path, query or JSON, known property or not) may hold U+0000: such a request is refused with VALIDATION."),
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

fn one_of(description: &str, values: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .build()
}

/// An ISO 4217 code the service knows.
pub fn currency() -> Object {
    one_of("ISO 4217, upper case.", antom::Currency::codes())
}

/// A region that has Auto Debit wallets.
pub fn region() -> Object {
    one_of(
        "Buyer region (ISO 3166-1 alpha-2, upper case); decides the wallets offered. One of `regions` when both are given.",
        contract::wallets::REGIONS.iter().map(|r| r.code),
    )
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
        contract::wallets::WALLETS.iter().map(|w| w.code),
    )
}

/// A locale the checkout speaks.
pub fn locale() -> Object {
    one_of(
        "The checkout's language; the buyer's browser decides when left out.",
        crate::domain::checkout::LOCALES.iter().copied(),
    )
}

/// The merchant's own key-value pairs, as the checkout's rules (`check_metadata`) take them.
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
        contract::webhooks::EventType::ALL
            .iter()
            .map(|t| t.as_str()),
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
