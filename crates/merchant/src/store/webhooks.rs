//! Webhook endpoints, the dispatch of recorded events to them, and every delivery attempt.

use super::{col, now_micros, Db};
use crate::domain::states::DeliveryStatus;
use sqlx::any::AnyRow;
use sqlx::FromRow;

/// A merchant's endpoint; secrets are stored encrypted.
#[derive(Debug, Clone, FromRow)]
pub struct EndpointRow {
    pub id: String,
    pub url: String,
    pub event_types_json: String,
    pub secret_enc: String,
    pub previous_secret_enc: Option<String>,
    pub previous_until: Option<i64>,
    pub created_at: i64,
}

impl EndpointRow {
    /// The event types it wants.
    pub fn event_types(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types_json).unwrap_or_default()
    }
}

const ENDPOINT_COLUMNS: &str =
    "id, url, event_types_json, secret_enc, previous_secret_enc, previous_until, created_at";

pub async fn insert_endpoint(db: &Db, e: &EndpointRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO webhook_endpoints ({ENDPOINT_COLUMNS}) VALUES ($1, $2, $3, $4, NULL, NULL, $5)"
    ))
    .bind(&e.id)
    .bind(&e.url)
    .bind(&e.event_types_json)
    .bind(&e.secret_enc)
    .bind(e.created_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Live endpoints, oldest first.
pub async fn endpoints(db: &Db) -> Result<Vec<EndpointRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE deleted_at IS NULL ORDER BY created_at, id"
    ))
    .fetch_all(&db.pool)
    .await
}

pub async fn endpoint(db: &Db, id: &str) -> Result<Option<EndpointRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Stops an endpoint; its pending deliveries stop too. False if there was none.
pub async fn delete_endpoint(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(&format!(
        "UPDATE webhook_deliveries SET status = {}, finished_at = $1, next_attempt_at = NULL \
         WHERE endpoint_id = $2 AND status = {}",
        DeliveryStatus::Failed.sql(),
        DeliveryStatus::Pending.sql()
    ))
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// A new secret; the current one keeps signing beside it until `previous_until`.
pub async fn rotate_secret(
    db: &Db,
    id: &str,
    secret_enc: &str,
    previous_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET previous_secret_enc = secret_enc, previous_until = $1, secret_enc = $2 \
         WHERE id = $3 AND deleted_at IS NULL",
    )
    .bind(previous_until)
    .bind(secret_enc)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A recorded event.
#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub id: String,
    #[sqlx(rename = "type")]
    pub event_type: String,
    pub object_type: String,
    pub object_id: String,
    pub detail_json: Option<String>,
    pub created_at: i64,
    pub created_seq: i64,
    pub data_json: Option<String>,
    /// The W3C `traceparent` of the trace the event happened in (traces on).
    pub traceparent: Option<String>,
}

const EVENT_COLUMNS: &str =
    "id, type, object_type, object_id, detail_json, created_at, created_seq, data_json, traceparent";

/// Events not yet handed to endpoints, oldest first.
pub async fn undispatched(db: &Db, limit: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE dispatched_at IS NULL ORDER BY created_seq LIMIT $1"
    ))
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// One event's dispatch: its data, and the deliveries (id, endpoint id) to create.
#[derive(Debug, Clone)]
pub struct Dispatch {
    pub event_id: String,
    pub data_json: String,
    pub deliveries: Vec<(String, String)>,
}

/// Fixes events' data and creates their deliveries, leased to this worker until
/// `lease_until`, in one transaction; returns the events this worker dispatched (another
/// replica may have done some first). Rows are taken in `created_seq` order by every
/// worker, so two replicas wait for each other rather than deadlock.
pub async fn dispatch(
    db: &Db,
    batch: &[Dispatch],
    now: i64,
    lease_until: i64,
) -> Result<std::collections::HashSet<String>, sqlx::Error> {
    let mut taken = std::collections::HashSet::new();
    let mut tx = db.pool.begin().await?;
    for d in batch {
        let done = sqlx::query(
            "UPDATE events SET data_json = $1, dispatched_at = $2 WHERE id = $3 AND dispatched_at IS NULL",
        )
        .bind(&d.data_json)
        .bind(now)
        .bind(&d.event_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            continue;
        }
        for (delivery_id, endpoint_id) in &d.deliveries {
            sqlx::query(&format!(
                "INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, next_attempt_at, lease_until, created_at) \
                 VALUES ($1, $2, $3, {}, 0, $4, $5, $6) ON CONFLICT (event_id, endpoint_id) DO NOTHING",
                DeliveryStatus::Pending.sql()
            ))
            .bind(delivery_id)
            .bind(&d.event_id)
            .bind(endpoint_id)
            .bind(now)
            .bind(lease_until)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        taken.insert(d.event_id.clone());
    }
    tx.commit().await?;
    Ok(taken)
}

/// A delivery due now, leased to this worker.
#[derive(Debug, Clone, FromRow)]
pub struct DueDelivery {
    pub id: String,
    pub event_id: String,
    pub endpoint_id: String,
    pub attempts: i64,
}

/// Leases up to `limit` deliveries due by `now`, so two replicas never send the same one.
pub async fn lease_due(
    db: &Db,
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<DueDelivery>, sqlx::Error> {
    let sql = format!(
        "UPDATE webhook_deliveries SET lease_until = $1 WHERE id IN (\
           SELECT id FROM webhook_deliveries WHERE status = {} AND next_attempt_at <= $2 \
           AND (lease_until IS NULL OR lease_until < $3) ORDER BY next_attempt_at LIMIT $4 {}) \
         AND (lease_until IS NULL OR lease_until < $3) RETURNING id, event_id, endpoint_id, attempts",
        DeliveryStatus::Pending.sql(),
        db.skip_locked()
    );
    sqlx::query_as(&sql)
        .bind(lease_until)
        .bind(now)
        .bind(now)
        .bind(limit)
        .fetch_all(&db.pool)
        .await
}

/// What one attempt gave.
#[derive(Debug, Clone)]
pub struct AttemptRecord {
    pub at: i64,
    pub status_code: Option<u16>,
    pub duration_ms: u64,
    pub error: Option<String>,
}

/// One finished attempt and where its delivery now stands.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    pub delivery_id: String,
    pub record: AttemptRecord,
    /// A 2xx came back.
    pub delivered: bool,
    /// When to try again (`None` with `delivered` false: given up).
    pub next_attempt_at: Option<i64>,
}

/// Records attempts and where their deliveries stand, all in one transaction.
pub async fn record_attempts(db: &Db, attempts: &[AttemptOutcome]) -> Result<(), sqlx::Error> {
    if attempts.is_empty() {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    for AttemptOutcome {
        delivery_id,
        record: a,
        delivered,
        next_attempt_at,
    } in attempts
    {
        sqlx::query(
            "INSERT INTO webhook_attempts (id, delivery_id, at, at_seq, status_code, duration_ms, error) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(crate::crypto::new_id("wha"))
        .bind(delivery_id)
        .bind(a.at)
        .bind(now_micros())
        .bind(a.status_code.map(i64::from))
        .bind(i64::try_from(a.duration_ms).unwrap_or(i64::MAX))
        .bind(&a.error)
        .execute(&mut *tx)
        .await?;
        let status = match (delivered, next_attempt_at) {
            (true, _) => DeliveryStatus::Delivered,
            (false, Some(_)) => DeliveryStatus::Pending,
            (false, None) => DeliveryStatus::Failed,
        };
        sqlx::query(
            "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, next_attempt_at = $2, lease_until = NULL, \
             finished_at = CASE WHEN $3 = 1 THEN NULL ELSE $4 END WHERE id = $5",
        )
        .bind(status.as_str())
        .bind(*next_attempt_at)
        .bind(i64::from(status == DeliveryStatus::Pending))
        .bind(a.at)
        .bind(delivery_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

pub async fn event(db: &Db, id: &str) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Events newest first, filtered; `before` is the `created_seq` to page from.
pub async fn events(
    db: &Db,
    event_type: Option<&str>,
    object_id: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE ($1 IS NULL OR type = $1) AND ($2 IS NULL OR object_id = $2) \
         AND ($3 IS NULL OR created_at >= $3) AND ($4 IS NULL OR created_at < $4) AND ($5 IS NULL OR created_seq < $5) \
         ORDER BY created_seq DESC LIMIT $6"
    ))
    .bind(event_type)
    .bind(object_id)
    .bind(from)
    .bind(to)
    .bind(before)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// An event's deliveries with their attempts.
pub async fn deliveries(
    db: &Db,
    event_id: &str,
) -> Result<Vec<(String, String, Option<i64>, Vec<AttemptRecord>)>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT id, endpoint_id, status, next_attempt_at FROM webhook_deliveries WHERE event_id = $1 ORDER BY created_at, id",
    )
    .bind(event_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, endpoint, status, next) in rows {
        let attempts = sqlx::query(
            "SELECT at, status_code, duration_ms, error FROM webhook_attempts \
             WHERE delivery_id = $1 ORDER BY at_seq",
        )
        .bind(&id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(attempt_of)
        .collect::<Result<Vec<_>, _>>()?;
        out.push((endpoint, status, next, attempts));
    }
    Ok(out)
}

fn attempt_of(r: &AnyRow) -> Result<AttemptRecord, sqlx::Error> {
    let status: Option<i64> = col(r, "status_code")?;
    let duration: i64 = col(r, "duration_ms")?;
    Ok(AttemptRecord {
        at: col(r, "at")?,
        status_code: status.and_then(|s| u16::try_from(s).ok()),
        duration_ms: u64::try_from(duration).unwrap_or(0),
        error: col(r, "error")?,
    })
}

/// Sends an event again to every endpoint that had it: new pending deliveries due now.
pub async fn redeliver(db: &Db, event_id: &str, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE webhook_deliveries SET status = {}, next_attempt_at = $1, finished_at = NULL, lease_until = NULL \
         WHERE event_id = $2 AND endpoint_id IN (SELECT id FROM webhook_endpoints WHERE deleted_at IS NULL)",
        DeliveryStatus::Pending.sql()
    ))
    .bind(now)
    .bind(event_id)
    .execute(&db.pool)
    .await?;
    db.events_recorded.notify_one();
    Ok(done.rows_affected())
}
