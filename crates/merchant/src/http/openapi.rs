//! `/openapi.json`: the document's frame, and schemas built from the same lists
//! the service validates against, so it names every currency, region, wallet and
//! locale it takes. The paths come from the handlers' own `#[utoipa::path]`.

use crate::domain::idempotency::IdempotencyKey;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{Object, RefOr};
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

use contract::schemas::one_of;

/// Completes the document with what only the service knows, in the request
/// types `contract` describes: the currencies it takes and the locales it speaks.
pub fn add_service_lists(document: &mut utoipa::openapi::OpenApi) {
    let Some(components) = document.components.as_mut() else {
        return;
    };
    for (schema, property, value) in [
        ("NewOrder", "currency", currency()),
        ("NewCheckoutSession", "locale", locale()),
    ] {
        if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(schema) {
            object
                .properties
                .insert(property.to_owned(), RefOr::T(Schema::Object(value)));
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
