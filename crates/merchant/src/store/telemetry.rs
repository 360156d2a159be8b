//! What `/metrics` reads from the database at each scrape: counts by bounded
//! labels (state, wallet) and the age of the oldest unsettled work.

use super::Db;

/// One scrape's worth of database figures.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// (status, wallet, count) of payment attempts.
    pub payments: Vec<(String, String, i64)>,
    /// (status, count) of refunds.
    pub refunds: Vec<(String, i64)>,
    /// (status, count) of links.
    pub links: Vec<(String, i64)>,
    /// (status, count) of webhook deliveries.
    pub deliveries: Vec<(String, i64)>,
    /// (status, count) of customs declarations.
    pub declarations: Vec<(String, i64)>,
    /// The latest reconciliation import: when (Unix seconds) and how many issues it found.
    pub last_import: Option<(i64, i64)>,
    /// `created_at` of the oldest payment still recorded or processing.
    pub oldest_processing: Option<i64>,
    /// Payments still recorded or processing ten minutes after they were created.
    pub stuck_processing: i64,
    /// Active links that lapse within seven days.
    pub links_lapsing: i64,
    /// `updated_at` of the oldest payment still cancelling.
    pub oldest_cancelling: Option<i64>,
    /// `created_at` of the oldest webhook delivery still pending.
    pub oldest_pending_delivery: Option<i64>,
}

async fn by_status(db: &Db, table: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT status, COUNT(*) FROM {table} GROUP BY status"
    ))
    .fetch_all(&db.pool)
    .await
}

async fn oldest(db: &Db, sql: &str) -> Result<Option<i64>, sqlx::Error> {
    let (at,): (Option<i64>,) = sqlx::query_as(sql).fetch_one(&db.pool).await?;
    Ok(at)
}

async fn last_import(db: &Db) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT created_at, report_json FROM reconciliation_imports ORDER BY seq DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(at, report)| {
        let issues = serde_json::from_str::<serde_json::Value>(&report)
            .ok()
            .and_then(|r| r["issues"].as_array().map(|i| i.len() as i64))
            .unwrap_or(0);
        (at, issues)
    }))
}

async fn count(db: &Db, sql: &str, at: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(sql).bind(at).fetch_one(&db.pool).await?;
    Ok(n)
}

/// Reads every figure as of `now`.
pub async fn snapshot(db: &Db, now: i64) -> Result<Snapshot, sqlx::Error> {
    let lapse = super::wallets::LAPSES_AT;
    Ok(Snapshot {
        payments: sqlx::query_as(
            "SELECT status, wallet, COUNT(*) FROM payment_attempts GROUP BY status, wallet",
        )
        .fetch_all(&db.pool)
        .await?,
        refunds: by_status(db, "refunds").await?,
        links: by_status(db, "linked_wallets").await?,
        deliveries: by_status(db, "webhook_deliveries").await?,
        declarations: by_status(db, "declarations").await?,
        last_import: last_import(db).await?,
        oldest_processing: oldest(
            db,
            "SELECT MIN(created_at) FROM payment_attempts WHERE status IN ('recorded', 'processing')",
        )
        .await?,
        stuck_processing: count(
            db,
            "SELECT COUNT(*) FROM payment_attempts WHERE status IN ('recorded', 'processing') AND created_at < $1",
            now - 600,
        )
        .await?,
        links_lapsing: count(
            db,
            &format!(
                "SELECT COUNT(*) FROM linked_wallets WHERE status = 'active' AND {lapse} IS NOT NULL AND {lapse} < $1"
            ),
            now + 7 * 86_400,
        )
        .await?,
        oldest_cancelling: oldest(
            db,
            "SELECT MIN(updated_at) FROM payment_attempts WHERE status = 'cancelling'",
        )
        .await?,
        oldest_pending_delivery: oldest(
            db,
            "SELECT MIN(created_at) FROM webhook_deliveries WHERE status = 'pending'",
        )
        .await?,
    })
}

/// A webhook endpoint failing: its id, URL, deliveries waiting after a failed attempt,
/// the oldest one's creation, and the HTTP status of the latest attempt at them.
pub type FailingEndpointRow = (String, String, i64, i64, Option<i64>);

/// Endpoints (not deleted) with deliveries still pending after a failed attempt,
/// longest-failing first, at most 20.
pub async fn failing_endpoints(db: &Db) -> Result<Vec<FailingEndpointRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, e.url, COUNT(*), MIN(d.created_at), \
           (SELECT a.status_code FROM webhook_attempts a JOIN webhook_deliveries d2 ON d2.id = a.delivery_id \
            WHERE d2.endpoint_id = e.id AND d2.status = 'pending' AND d2.attempts > 0 \
            ORDER BY a.at_seq DESC LIMIT 1) \
         FROM webhook_endpoints e JOIN webhook_deliveries d ON d.endpoint_id = e.id \
         WHERE e.deleted_at IS NULL AND d.status = 'pending' AND d.attempts > 0 \
         GROUP BY e.id, e.url ORDER BY MIN(d.created_at) LIMIT 20",
    )
    .fetch_all(&db.pool)
    .await
}
