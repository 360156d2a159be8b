//! Refunds: recorded before they are sent.

use super::Db;
use crate::domain::states::RefundStatus;
use contract::webhooks::EventType;
use sqlx::FromRow;

/// One refund request and what became of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RefundRow {
    pub id: String,
    pub refund_request_id: String,
    pub payment_attempt_id: String,
    pub idempotency_key: String,
    pub amount_minor: i64,
    pub currency: String,
    pub reason: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: RefundStatus,
    pub result_code: Option<String>,
    pub antom_refund_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Inquiries that found it still unsettled (they back off).
    pub checks: i64,
}

const COLUMNS: &str =
    "id, refund_request_id, payment_attempt_id, idempotency_key, amount_minor, currency, reason, \
    status, result_code, antom_refund_id, created_at, updated_at, checks";

/// Records a refund before it is sent; the worker looks at it in 5 s if nothing settles it.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "record_refund"))]
pub async fn insert(db: &Db, r: &RefundRow) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO refunds (id, refund_request_id, payment_attempt_id, idempotency_key, amount_minor, \
        currency, reason, status, result_code, antom_refund_id, created_at, updated_at, next_check_at) \
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, $9, $10, $11)";
    sqlx::query(sql)
        .bind(&r.id)
        .bind(&r.refund_request_id)
        .bind(&r.payment_attempt_id)
        .bind(&r.idempotency_key)
        .bind(r.amount_minor)
        .bind(&r.currency)
        .bind(&r.reason)
        .bind(r.status.as_str())
        .bind(r.created_at)
        .bind(r.updated_at)
        .bind(r.created_at + 5)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn one(db: &Db, filter: &str, value: &str) -> Result<Option<RefundRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM refunds WHERE {filter} = $1");
    let row = sqlx::query(&sql)
        .bind(value)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(RefundRow::from_row).transpose()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<RefundRow>, sqlx::Error> {
    one(db, "id", id).await
}

pub async fn by_request_id(
    db: &Db,
    refund_request_id: &str,
) -> Result<Option<RefundRow>, sqlx::Error> {
    one(db, "refund_request_id", refund_request_id).await
}

pub async fn by_payment_key(
    db: &Db,
    payment: &str,
    key: &str,
) -> Result<Option<RefundRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM refunds WHERE payment_attempt_id = $1 AND idempotency_key = $2"
    );
    let row = sqlx::query(&sql)
        .bind(payment)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(RefundRow::from_row).transpose()
}

/// What Antom's answer about a refund changes.
#[derive(Debug, Clone)]
pub struct RefundSettlement {
    pub status: RefundStatus,
    pub result_code: Option<String>,
    pub antom_refund_id: Option<String>,
    /// For an unsettled refund: when to ask again (`None`: nobody asks any more).
    pub next_check_at: Option<i64>,
}

impl RefundSettlement {
    /// A settlement to `status` that changes nothing else.
    pub fn to(status: RefundStatus) -> Self {
        Self {
            status,
            result_code: None,
            antom_refund_id: None,
            next_check_at: None,
        }
    }
}

/// Applies an outcome unless the refund is already final; a non-final one is checked
/// again at `next_check_at`, one check more.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "settle_refund"))]
pub async fn settle(
    db: &Db,
    id: &str,
    s: &RefundSettlement,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let status = s.status;
    let (next_check, checked) = if status.is_unsettled() {
        (s.next_check_at, 1)
    } else {
        (None, 0)
    };
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!(
        "UPDATE refunds SET status = $1, result_code = COALESCE($2, result_code), antom_refund_id = COALESCE($3, antom_refund_id), \
         updated_at = $4, next_check_at = $5, lease_until = NULL, checks = checks + $7 WHERE id = $6 AND status IN {}",
        RefundStatus::sql_list(RefundStatus::UNSETTLED)
    ))
    .bind(status.as_str())
    .bind(s.result_code.as_deref())
    .bind(s.antom_refund_id.as_deref())
    .bind(now)
    .bind(next_check)
    .bind(id)
    .bind(checked)
    .execute(&mut *tx)
    .await?;
    let settled = done.rows_affected() == 1;
    let event_type = match status {
        RefundStatus::Succeeded => Some(EventType::RefundSucceeded),
        RefundStatus::Failed => Some(EventType::RefundFailed),
        RefundStatus::Recorded | RefundStatus::Processing => None,
    };
    if let (true, Some(event_type)) = (settled, event_type) {
        let event = super::events::NewEvent::once(event_type, id, now);
        super::events::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(settled)
}

/// A refund we failed as never sent (`result_code` `not_sent`) that Antom says it
/// refunded after all: succeeded, with its `refund.succeeded`; false if it was not that.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "revive_refund"))]
pub async fn arrived_after_all(
    db: &Db,
    id: &str,
    not_sent: &str,
    antom_refund_id: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!(
        "UPDATE refunds SET status = {}, result_code = 'SUCCESS', antom_refund_id = COALESCE($1, antom_refund_id), \
         updated_at = $2 WHERE id = $3 AND status = {} AND result_code = $4",
        RefundStatus::Succeeded.sql(),
        RefundStatus::Failed.sql()
    ))
    .bind(antom_refund_id)
    .bind(now)
    .bind(id)
    .bind(not_sent)
    .execute(&mut *tx)
    .await?;
    let revived = done.rows_affected() == 1;
    if revived {
        let event = super::events::NewEvent::once(EventType::RefundSucceeded, id, now);
        super::events::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(revived)
}

/// Leases refunds whose outcome is not known and that are due a check, for one worker.
pub async fn lease_due(db: &Db, now: i64, lease_until: i64) -> Result<Vec<RefundRow>, sqlx::Error> {
    let unsettled = RefundStatus::sql_list(RefundStatus::UNSETTLED);
    let rows = super::lease_due(db, "refunds", COLUMNS, &unsettled, now, lease_until).await?;
    rows.iter().map(RefundRow::from_row).collect()
}

/// A payment's refunds, oldest first.
pub async fn for_payment(db: &Db, payment: &str) -> Result<Vec<RefundRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM refunds WHERE payment_attempt_id = $1 ORDER BY created_at, id"
    );
    let rows = sqlx::query(&sql).bind(payment).fetch_all(&db.pool).await?;
    rows.iter().map(RefundRow::from_row).collect()
}
