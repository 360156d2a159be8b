//! Customs declarations.

use super::Db;
use crate::states::DeclarationStatus;
use sqlx::FromRow;

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
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, declaration_request_id, payment_attempt_id, idempotency_key, request_fingerprint, amount_minor, \
    currency, customs_code, customs_region, status, result_code, identity_check_result, clearing_channel, created_at, updated_at";

/// Records a declaration before it is sent.
pub async fn insert(db: &Db, d: &DeclarationRow) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO declarations ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL, NULL, $11, $12)"
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

/// What Antom answered.
pub async fn settle(
    db: &Db,
    id: &str,
    status: DeclarationStatus,
    result_code: Option<&str>,
    identity_check_result: Option<&str>,
    clearing_channel: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE declarations SET status = $1, result_code = COALESCE($2, result_code), \
         identity_check_result = COALESCE($3, identity_check_result), clearing_channel = COALESCE($4, clearing_channel), \
         updated_at = $5 WHERE id = $6 AND status IN ('recorded', 'processing')",
    )
    .bind(status.as_str())
    .bind(result_code)
    .bind(identity_check_result)
    .bind(clearing_channel)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}
