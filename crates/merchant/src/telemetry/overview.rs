//! The console's health page: read from the same sources as `/metrics` (the Antom
//! outcome counters, the scrape's database snapshot, the worker's heartbeat), plus
//! what a metric may not label: which webhook endpoints are failing.

use crate::domain::error::{Error, Result};
use crate::Service;
use contract::health::{AntomCalls, FailingEndpoint, LastReconciliation, ServiceHealth};

/// The health page's figures, read now.
pub async fn service_health(svc: &Service) -> Result<ServiceHealth> {
    let now = svc.now();
    let m = &svc.metrics;
    let (since, [succeeded, failed, pending, errors]) =
        m.antom_window.last_hour(now, m.antom_totals());
    let s = crate::store::telemetry::snapshot(&svc.db, now).await?;
    let failing = crate::store::telemetry::failing_endpoints(&svc.db).await?;
    let under_old_keys = crate::domain::resealing::under_old_keys(svc)
        .await
        .map_err(Error::Internal)?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    let age = |at: Option<i64>| at.map(|t| (now - t).max(0));
    let worker = svc.health.worker_last_round();
    Ok(ServiceHealth {
        at: now,
        antom: AntomCalls {
            since,
            calls: succeeded + failed + pending + errors,
            succeeded,
            failed,
            pending,
            errors,
        },
        stuck_payments: count(s.stuck_processing),
        oldest_processing_seconds: age(s.oldest_processing),
        oldest_cancelling_seconds: age(s.oldest_cancelling),
        failing_endpoints: failing
            .into_iter()
            .map(|(id, url, waiting, since, status)| FailingEndpoint {
                id,
                url,
                failing_deliveries: count(waiting),
                failing_since: since,
                last_status: status.and_then(|s| u16::try_from(s).ok()),
            })
            .collect(),
        pending_deliveries: count(
            s.deliveries
                .iter()
                .filter(|(state, _)| state == "pending")
                .map(|(_, n)| n)
                .sum(),
        ),
        links_lapsing_this_week: count(s.links_lapsing),
        last_reconciliation: s.last_import.map(|(at, issues)| LastReconciliation {
            at,
            issues: count(issues),
        }),
        sealed_under_old_keys: count(under_old_keys),
        worker_last_round: (worker > 0).then_some(worker),
    })
}
