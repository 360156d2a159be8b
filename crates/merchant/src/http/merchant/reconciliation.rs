//! `/v1/reconciliation/...`: import Antom's settlement reports and read the result.

use crate::domain::error::Result;
use crate::domain::reconciling;
use crate::http::auth::{scope, Merchant};
use crate::http::extract::Body;
use crate::Service;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::Json;
use contract::back_office::{NewImport, ReconciliationReport};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes. A day's reports can run to megabytes, so imports may be large.
pub fn router() -> OpenApiRouter<Service> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .routes(routes!(latest))
        .layer(DefaultBodyLimit::max(64 * 1024 * 1024))
}

/// Imports transaction details, settlement details and summary files, all or nothing, and reports.
#[utoipa::path(post, path = "/v1/reconciliation/imports", operation_id = "importSettlementReports", tag = "Reconciliation", security(("merchant_api_key" = [])),
    request_body = NewImport,
    responses((status = 201, description = "new files stored", body = ReconciliationReport),
        (status = 200, description = "every file had been imported before; nothing stored", body = ReconciliationReport),
        (status = 422, description = "a file is malformed: `file`, `line` and `column` say where", body = contract::api::ApiError)))]
async fn import(
    State(svc): State<Service>,
    merchant: Merchant<scope::Reconciliation>,
    Body(req): Body<NewImport>,
) -> Result<(StatusCode, Json<ReconciliationReport>)> {
    let names: Vec<String> = req.files.iter().map(|f| f.name.clone()).collect();
    let imported = reconciling::import(
        &svc.db,
        svc.now(),
        &merchant.caller.actor.to_text(),
        req.files,
        svc.config.settlement_offset,
        svc.config.livemode(),
    )
    .await?;
    let report = imported.report;
    if imported.stored {
        merchant
            .audit(
                &svc,
                "reconciliation.import",
                &report.import_id,
                None,
                serde_json::json!({ "files": names, "clean": report.clean, "issues": report.issues.len() }),
            )
            .await?;
    }
    let status = if imported.stored {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)))
}

/// The report of the newest import.
#[utoipa::path(get, path = "/v1/reconciliation/imports/latest", operation_id = "getLatestReconciliation", tag = "Reconciliation", security(("merchant_api_key" = [])),
    responses((status = 200, body = ReconciliationReport), (status = 404, body = contract::api::ApiError)))]
async fn latest(
    State(svc): State<Service>,
    _: Merchant<scope::Read>,
) -> Result<Json<ReconciliationReport>> {
    Ok(Json(reconciling::latest(&svc.db).await?))
}
