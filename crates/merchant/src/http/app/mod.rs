//! `/api/checkout-sessions/{id}/…`: what the checkout app calls, for the
//! browser that claimed the checkout (buyer cookie, `X-Checkout-Request`).

pub mod authorizations;
pub mod payments;
pub mod session;
pub mod wallets;

use crate::Service;
use utoipa_axum::router::OpenApiRouter;

/// The app API's routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .merge(session::router())
        .merge(authorizations::router())
        .merge(wallets::router())
        .merge(payments::router())
}
