//! Payment attempts: recorded before pay is sent, settled by answer,
//! notification or inquiry.

use super::Db;
use crate::domain::states::PaymentStatus;
use sqlx::FromRow;

mod settling;
mod undoing;
pub(crate) use settling::report;
pub use settling::{
    attempts, begin_retry, cancel_retries, give_up, recovered_by, settle, store_recovery_session,
    ChargeAttemptRow, PaymentSettlement,
};
pub use undoing::{
    abandon_cancel, begin_cancel, cancel_unanswered, finish_cancel, release_refund, reserve_refund,
};

/// One pay call and what became of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentAttempt {
    pub id: String,
    pub payment_request_id: String,
    pub checkout_session_id: String,
    pub idempotency_key: String,
    pub request_fingerprint: String,
    pub buyer_reference: String,
    pub wallet: String,
    pub linked_wallet_id: String,
    pub amount_minor: i64,
    pub currency: String,
    #[sqlx(try_from = "String")]
    pub status: PaymentStatus,
    pub result_code: Option<String>,
    pub antom_payment_id: Option<String>,
    pub paid_at: Option<i64>,
    pub refunded_minor: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub next_check_at: Option<i64>,
    pub checks: i64,
    /// The try under way: 1, then each retry of a merchant-initiated charge.
    pub attempt: i64,
    /// When the try under way started (`None`: at `created_at`).
    pub attempt_started_at: Option<i64>,
    /// A merchant-initiated charge's retry days (JSON); `None`: never retried.
    pub retry_schedule: Option<String>,
    /// The buyer-present checkout made to recover this charge, if one was.
    pub recovery_session_id: Option<String>,
}

impl PaymentAttempt {
    /// Whether Antom's answer is final.
    pub fn is_final(&self) -> bool {
        self.status.is_final()
    }
}

pub(crate) const COLUMNS: &str = "id, payment_request_id, checkout_session_id, idempotency_key, request_fingerprint, \
    buyer_reference, wallet, linked_wallet_id, amount_minor, currency, status, result_code, antom_payment_id, \
    paid_at, refunded_minor, created_at, updated_at, next_check_at, checks, attempt, attempt_started_at, \
    retry_schedule, recovery_session_id";

/// Records an attempt before anything is sent.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "record_payment"))]
pub async fn insert(db: &Db, p: &PaymentAttempt) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO payment_attempts ({COLUMNS}, created_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, NULL, 0, $12, $13, $14, 0, 1, NULL, $16, NULL, $15)"
    );
    sqlx::query(&sql)
        .bind(&p.id)
        .bind(&p.payment_request_id)
        .bind(&p.checkout_session_id)
        .bind(&p.idempotency_key)
        .bind(&p.request_fingerprint)
        .bind(&p.buyer_reference)
        .bind(&p.wallet)
        .bind(&p.linked_wallet_id)
        .bind(p.amount_minor)
        .bind(&p.currency)
        .bind(p.status.as_str())
        .bind(p.created_at)
        .bind(p.updated_at)
        .bind(p.next_check_at)
        .bind(super::now_micros())
        .bind(&p.retry_schedule)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn one(db: &Db, filter: &str, value: &str) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_attempts WHERE {filter} = $1");
    let row = sqlx::query(&sql)
        .bind(value)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(PaymentAttempt::from_row).transpose()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    one(db, "id", id).await
}

/// The payment Antom knows by `payment_request_id`: its try under way, or a finished
/// try of a charge that was tried again since.
pub async fn by_request_id(
    db: &Db,
    payment_request_id: &str,
) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    if let Some(current) = one(db, "payment_request_id", payment_request_id).await? {
        return Ok(Some(current));
    }
    let earlier: Option<(String,)> =
        sqlx::query_as("SELECT payment_id FROM charge_attempts WHERE payment_request_id = $1")
            .bind(payment_request_id)
            .fetch_optional(&db.pool)
            .await?;
    match earlier {
        Some((id,)) => get(db, &id).await,
        None => Ok(None),
    }
}

pub async fn by_session_key(
    db: &Db,
    session: &str,
    key: &str,
) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM payment_attempts WHERE checkout_session_id = $1 AND idempotency_key = $2");
    let row = sqlx::query(&sql)
        .bind(session)
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(PaymentAttempt::from_row).transpose()
}

/// The latest attempt to pay for the merchant's order `order_reference`.
pub async fn latest_for_order(
    db: &Db,
    order_reference: &str,
) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payment_attempts WHERE checkout_session_id IN \
         (SELECT id FROM checkout_sessions WHERE order_reference = $1) ORDER BY created_at DESC LIMIT 1"
    );
    let row = sqlx::query(&sql)
        .bind(order_reference)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(PaymentAttempt::from_row).transpose()
}

/// The session's live (recorded, processing or succeeded) attempt, else its latest.
pub async fn current_for_session(
    db: &Db,
    session: &str,
) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM payment_attempts WHERE checkout_session_id = $1 \
         ORDER BY CASE WHEN status IN {} THEN 0 ELSE 1 END, created_at DESC LIMIT 1",
        PaymentStatus::sql_list(PaymentStatus::LIVE)
    );
    let row = sqlx::query(&sql)
        .bind(session)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(PaymentAttempt::from_row).transpose()
}

/// Leases attempts whose outcome (of pay or of cancel) is not known and that are due a check, for one worker.
pub async fn lease_due(
    db: &Db,
    now: i64,
    lease_until: i64,
) -> Result<Vec<PaymentAttempt>, sqlx::Error> {
    let awaiting = PaymentStatus::sql_list(PaymentStatus::AWAITING_ANTOM);
    let rows =
        super::lease_due(db, "payment_attempts", COLUMNS, &awaiting, now, lease_until).await?;
    rows.iter().map(PaymentAttempt::from_row).collect()
}

/// Leases one attempt for an inline check (the buyer is waiting); false if a worker has it.
pub async fn lease_one(db: &Db, id: &str, now: i64, lease_until: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE payment_attempts SET lease_until = $1 WHERE id = $2 AND status IN {} \
         AND (lease_until IS NULL OR lease_until < $3)",
        PaymentStatus::sql_list(PaymentStatus::UNSETTLED)
    ))
    .bind(lease_until)
    .bind(id)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps what Antom says customs may be told of a payment (`customsDeclarationAmount`).
pub async fn set_customs_amount(
    db: &Db,
    id: &str,
    minor: i64,
    currency: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE payment_attempts SET customs_amount_minor = $1, customs_currency = $2 WHERE id = $3",
    )
    .bind(minor)
    .bind(currency)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The payment's customs declaration amount, if Antom gave one.
pub async fn customs_amount(db: &Db, id: &str) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row: Option<(Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT customs_amount_minor, customs_currency FROM payment_attempts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(minor, currency)| minor.zip(currency)))
}

/// The paid attempt of a checkout session, if any.
pub async fn succeeded_for_session(
    db: &Db,
    session_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(&format!(
        "SELECT id FROM payment_attempts WHERE checkout_session_id = $1 AND status IN {} \
         AND paid_at IS NOT NULL ORDER BY created_at LIMIT 1",
        PaymentStatus::sql_list(PaymentStatus::PAID_OR_AFTER)
    ))
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}
