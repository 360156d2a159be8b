//! `/v1/…`: the merchant's own systems and the operator console
//! (`Authorization: Bearer <MERCHANT_API_KEY>`); every change is audited.

pub mod access;
pub mod audit;
pub mod buyers;
pub mod checkout_sessions;
pub mod declarations;
pub mod mandates;
pub mod payments;
pub mod reconciliation;
pub mod refunds;
pub mod service_health;
pub mod webhooks;

use crate::Service;
use utoipa_axum::router::OpenApiRouter;

/// The merchant API's routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .merge(access::router())
        .merge(checkout_sessions::router())
        .merge(payments::router())
        .merge(refunds::router())
        .merge(declarations::router())
        .merge(reconciliation::router())
        .merge(audit::router())
        .merge(webhooks::router())
        .merge(buyers::router())
        .merge(mandates::router())
        .merge(service_health::router())
}
