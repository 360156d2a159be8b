//! The audit log of back-office actions: written by every `/v1` action that
//! changes something (who, what, when, before and after), read at `/v1/audit`.

use crate::domain::audit::{self, AuditEntry};
use crate::domain::error::{Error, Result};
use crate::http::auth::{scope, Merchant, Needs};
use crate::http::extract::Params;
use crate::Service;
use axum::extract::State;
use axum::Json;
use contract::requests::AuditQuery;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new().routes(routes!(audit))
}

impl<S: Needs> Merchant<S> {
    /// Writes one back-office action to the audit log.
    pub async fn audit(
        &self,
        svc: &Service,
        action: &str,
        subject: &str,
        before: Option<serde_json::Value>,
        after: serde_json::Value,
    ) -> Result<(), Error> {
        audit::record(svc, &self.caller.actor, action, subject, before, after).await
    }
}

/// An action's result for the audit log: the value, or the error's code (never
/// its text, which for a storage failure would be the database's own words).
pub fn outcome_json<T: serde::Serialize>(outcome: &Result<T, Error>) -> serde_json::Value {
    match outcome {
        Ok(value) => serde_json::to_value(value).unwrap_or_default(),
        Err(e) => serde_json::json!({ "error": e.code().as_str() }),
    }
}

/// The audit trail of a payment, checkout session or other subject.
#[utoipa::path(get, path = "/v1/audit", operation_id = "listAuditEntries", tag = "Audit log", security(("merchant_api_key" = [])),
    params(AuditQuery), responses((status = 200, body = Vec<AuditEntry>)))]
async fn audit(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
    Params(q): Params<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>> {
    Ok(Json(audit::for_subject(&svc, &q.subject).await?))
}
