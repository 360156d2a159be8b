//! Customs declarations.

use super::Db;
use crate::domain::states::DeclarationStatus;
use contract::webhooks::EventType;
use sqlx::FromRow;
use std::sync::LazyLock;

/// One declaration request and what became of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeclarationRow {
    pub id: String,
    pub declaration_request_id: String,
    pub payment_attempt_id: String,
    pub idempotency_key: String,
    pub request_fingerprint: String,
    pub amount_minor: i64,
    pub currency: String,
    pub customs_code: String,
    pub customs_region: String,
    #[sqlx(try_from = "String")]
    pub status: DeclarationStatus,
    pub result_code: Option<String>,
    pub identity_check_result: Option<String>,
    pub clearing_channel: Option<String>,
    pub customs_payment_id: Option<String>,
    pub customs_order_id: Option<String>,
    pub customs_result_code: Option<String>,
    pub customs_result_desc: Option<String>,
    pub customs_returned_at: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, declaration_request_id, payment_attempt_id, idempotency_key, request_fingerprint, amount_minor, \
    currency, customs_code, customs_region, status, result_code, identity_check_result, clearing_channel, created_at, updated_at, \
    customs_payment_id, customs_order_id, customs_result_code, customs_result_desc, customs_returned_at";

/// Records a declaration before it is sent.
pub async fn insert(db: &Db, d: &DeclarationRow) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO declarations ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL, $11, $12, NULL, NULL, NULL, NULL, NULL)"
    );
    sqlx::query(&sql)
        .bind(&d.id)
        .bind(&d.declaration_request_id)
        .bind(&d.payment_attempt_id)
        .bind(&d.idempotency_key)
        .bind(&d.request_fingerprint)
        .bind(d.amount_minor)
        .bind(&d.currency)
        .bind(&d.customs_code)
        .bind(&d.customs_region)
        .bind(d.status.as_str())
        .bind(d.created_at)
        .bind(d.updated_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<DeclarationRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM declarations WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(DeclarationRow::from_row).transpose()
}

pub async fn by_payment_key(
    db: &Db,
    payment: &str,
    key: &str,
) -> Result<Option<DeclarationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM declarations WHERE payment_attempt_id = $1 AND idempotency_key = $2"
    );
    let row = sqlx::query(&sql)
        .bind(payment)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(DeclarationRow::from_row).transpose()
}

pub async fn for_payment(db: &Db, payment: &str) -> Result<Vec<DeclarationRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM declarations WHERE payment_attempt_id = $1 ORDER BY created_at, id"
    );
    let rows = sqlx::query(&sql).bind(payment).fetch_all(&db.pool).await?;
    rows.iter().map(DeclarationRow::from_row).collect()
}

/// Counts one more answer with an unknown status for declaration `id`; how many so far.
pub async fn count_unrecognized(db: &Db, id: &str) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "UPDATE declarations SET unknown_checks = unknown_checks + 1 WHERE id = $1 RETURNING unknown_checks",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// A known status came back: unknown ones counted so far no longer count.
pub async fn reset_unrecognized(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE declarations SET unknown_checks = 0 WHERE id = $1 AND unknown_checks > 0")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// What Antom (declare) or customs (inquiryDeclarationRequests) answered; a final
/// declaration never changes again.
pub async fn settle(
    db: &Db,
    id: &str,
    a: &DeclarationSettlement<'_>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE declarations SET status = $1, result_code = COALESCE($2, result_code), \
             identity_check_result = COALESCE($3, identity_check_result), clearing_channel = COALESCE($4, clearing_channel), \
             customs_payment_id = COALESCE($5, customs_payment_id), customs_order_id = COALESCE($6, customs_order_id), \
             customs_result_code = COALESCE($7, customs_result_code), customs_result_desc = COALESCE($8, customs_result_desc), \
             customs_returned_at = COALESCE($9, customs_returned_at), updated_at = $10 \
             WHERE id = $11 AND status IN {}",
            DeclarationStatus::sql_list(DeclarationStatus::UNSETTLED)
        )
    });
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(SQL.as_str())
        .bind(a.status.as_str())
        .bind(a.result_code)
        .bind(a.identity_check_result)
        .bind(a.clearing_channel)
        .bind(a.customs_payment_id)
        .bind(a.customs_order_id)
        .bind(a.customs_result_code)
        .bind(a.customs_result_desc)
        .bind(a.customs_returned_at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let settled = done.rows_affected() == 1;
    if settled && a.status != DeclarationStatus::Recorded {
        // Once per state it reaches: submitted, then succeeded or failed.
        let event = super::events::NewEvent {
            dedupe_key: format!("declaration.updated:{id}:{}", a.status.as_str()),
            detail: Some(serde_json::json!({ "state": a.status.view() })),
            ..super::events::NewEvent::once(EventType::DeclarationUpdated, id, now)
        };
        super::events::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(settled)
}

/// One answer about a declaration; `None` keeps what is stored.
#[derive(Debug, Clone, Copy)]
pub struct DeclarationSettlement<'a> {
    pub status: DeclarationStatus,
    pub result_code: Option<&'a str>,
    pub identity_check_result: Option<&'a str>,
    pub clearing_channel: Option<&'a str>,
    pub customs_payment_id: Option<&'a str>,
    pub customs_order_id: Option<&'a str>,
    pub customs_result_code: Option<&'a str>,
    pub customs_result_desc: Option<&'a str>,
    pub customs_returned_at: Option<&'a str>,
}

impl DeclarationSettlement<'_> {
    /// Only a new status.
    pub fn to(status: DeclarationStatus) -> Self {
        Self {
            status,
            result_code: None,
            identity_check_result: None,
            clearing_channel: None,
            customs_payment_id: None,
            customs_order_id: None,
            customs_result_code: None,
            customs_result_desc: None,
            customs_returned_at: None,
        }
    }
}

/// Declarations waiting for an answer that nobody asked about since `before` (oldest first).
pub async fn unsettled(
    db: &Db,
    before: i64,
    limit: i64,
) -> Result<Vec<DeclarationRow>, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {COLUMNS} FROM declarations WHERE status IN {} AND updated_at < $1 \
             ORDER BY updated_at, id LIMIT $2",
            DeclarationStatus::sql_list(DeclarationStatus::UNSETTLED)
        )
    });
    let rows = sqlx::query(SQL.as_str())
        .bind(before)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(DeclarationRow::from_row).collect()
}

/// Marks declarations as asked about now, so the next round asks others first.
pub async fn touch(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE declarations SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
