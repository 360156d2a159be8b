//! The background worker: settles payments, cancels and refunds whose outcome is unknown,
//! tries refused charges again when due,
//! asks customs' answer to declarations and refreshes tokens before they expire. Rows are leased, so several
//! replicas on one PostgreSQL never work on the same row.

use crate::domain::states::PaymentStatus;
use crate::domain::{cancelling, declaring, dunning, linking, paying, refunding};
use crate::store::{payments, refunds, wallets};
use crate::Service;

/// Refresh tokens that expire within this many seconds.
const REFRESH_HORIZON_SECS: i64 = 3 * 24 * 3600;
/// A lease outlives any single Antom call.
const LEASE_SECS: i64 = 60;

/// Runs forever, one round every `config.worker_interval`.
pub async fn run(svc: Service) {
    let mut tick = tokio::time::interval(svc.config.worker_interval);
    svc.health.worker_started(crate::clock::real_now());
    loop {
        tick.tick().await;
        match round(&svc).await {
            Ok(()) => svc.health.round_done(crate::clock::real_now()),
            Err(e) => tracing::warn!(error = %e, "worker round failed; will retry"),
        }
    }
}

/// One pass over everything due now.
pub async fn round(svc: &Service) -> anyhow::Result<()> {
    let now = svc.now();
    svc.throttles.forget_idle();
    // Tokens first: a charge tried again this round goes with a fresh one.
    for w in
        wallets::lease_expiring(&svc.db, now, now + REFRESH_HORIZON_SECS, now + LEASE_SECS).await?
    {
        if let Err(e) = linking::refresh(svc, &w).await {
            tracing::warn!(link = %w.id, error = %e, "token refresh failed");
        }
    }
    if let Err(e) = crate::domain::resealing::rotate(svc).await {
        tracing::warn!(error = %e, "sealing values with the current key failed");
    }
    let warn_before = i64::from(svc.config.wallet_expiring_days) * 86_400;
    if let Err(e) = wallets::report_expiring(&svc.db, now, now + warn_before).await {
        tracing::warn!(error = %e, "expiring-link check failed");
    }
    for p in payments::lease_due(&svc.db, now, now + LEASE_SECS).await? {
        let checked = match p.status {
            PaymentStatus::Cancelling => cancelling::resend_cancel(svc, &p).await,
            PaymentStatus::RetryScheduled => dunning::retry(svc, &p).await,
            _ => paying::check(svc, &p).await,
        };
        if let Err(e) = checked {
            tracing::warn!(payment = %p.id, error = %e, "payment check failed");
        }
    }
    for r in refunds::lease_due(&svc.db, now, now + LEASE_SECS).await? {
        if let Err(e) = refunding::check(svc, &r).await {
            tracing::warn!(refund = %r.id, error = %e, "refund check failed");
        }
    }
    if let Err(e) = crate::store::sessions::report_expired(&svc.db, now).await {
        tracing::warn!(error = %e, "checkout expiry check failed");
    }
    if let Err(e) = declaring::check_waiting(svc).await {
        tracing::warn!(error = %e, "declaration check failed");
    }
    Ok(())
}
