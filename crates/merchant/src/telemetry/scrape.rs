//! A scrape of `/metrics`: the gauges read from the database now, then the text.

use super::{StateLabels, StateWalletLabels};
use crate::Service;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;

/// Sets a family of gauges to `counts`, forgetting labels no longer counted.
fn set_all<
    L: Clone + std::hash::Hash + Eq + EncodeLabelSet + std::fmt::Debug + Send + Sync + 'static,
>(
    family: &Family<L, Gauge>,
    counts: impl Iterator<Item = (L, i64)>,
) {
    family.clear();
    for (labels, n) in counts {
        family.get_or_create(&labels).set(n);
    }
}

/// The text exposition of every metric, with the database figures read now. When
/// the database does not answer, the counters are served all the same, with
/// `database_up` 0 (a scrape failing whole would hide Antom's numbers in an incident).
pub async fn render(svc: &Service) -> anyhow::Result<String> {
    let m = &svc.metrics;
    let _one_at_a_time = m.scraping.lock().await;
    match read_database(svc).await {
        Ok(()) => {
            m.database_up.set(1);
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: the database figures could not be read");
            m.database_up.set(0);
        }
    }
    m.worker_last_round.set(svc.health.worker_last_round());
    m.pool_connections.set(i64::from(svc.db.pool.size()));
    m.pool_idle.set(svc.db.pool.num_idle() as i64);
    let mut out = String::new();
    prometheus_client::encoding::text::encode(&mut out, &m.registry)?;
    Ok(out)
}

/// Sets the gauges read from the database.
async fn read_database(svc: &Service) -> anyhow::Result<()> {
    let m = &svc.metrics;
    let now = svc.now();
    let s = crate::store::telemetry::snapshot(&svc.db, now).await?;
    set_all(
        &m.payments,
        s.payments
            .into_iter()
            .map(|(state, wallet, n)| (StateWalletLabels { state, wallet }, n)),
    );
    for (family, counts) in [
        (&m.refunds, s.refunds),
        (&m.links, s.links),
        (&m.deliveries, s.deliveries),
        (&m.declarations, s.declarations),
    ] {
        set_all(
            family,
            counts
                .into_iter()
                .map(|(state, n)| (StateLabels { state }, n)),
        );
    }
    let age = |at: Option<i64>| at.map_or(0, |t| (now - t).max(0));
    m.oldest_processing.set(age(s.oldest_processing));
    m.stuck_processing.set(s.stuck_processing);
    m.links_lapsing.set(s.links_lapsing);
    m.oldest_cancelling.set(age(s.oldest_cancelling));
    m.oldest_pending_delivery
        .set(age(s.oldest_pending_delivery));
    m.old_key_values
        .set(crate::domain::resealing::under_old_keys(svc).await?);
    let (import_at, import_issues) = s.last_import.unwrap_or((0, 0));
    m.last_import_at.set(import_at);
    m.last_import_issues.set(import_issues);
    Ok(())
}
