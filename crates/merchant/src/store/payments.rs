//! Payment attempts: recorded before pay is sent, settled by answer,
//! notification or inquiry.

use super::events::{self, NewEvent};
use super::Db;
use crate::domain::states::PaymentStatus;
use contract::webhooks::EventType;
use sqlx::FromRow;
use std::sync::LazyLock;

mod undoing;
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
}

impl PaymentAttempt {
    /// Whether Antom's answer is final.
    pub fn is_final(&self) -> bool {
        self.status.is_final()
    }
}

pub(crate) const COLUMNS: &str = "id, payment_request_id, checkout_session_id, idempotency_key, request_fingerprint, \
    buyer_reference, wallet, linked_wallet_id, amount_minor, currency, status, result_code, antom_payment_id, \
    paid_at, refunded_minor, created_at, updated_at, next_check_at, checks";

/// Records an attempt before anything is sent.
pub async fn insert(db: &Db, p: &PaymentAttempt) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO payment_attempts ({COLUMNS}, created_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, NULL, NULL, 0, $12, $13, $14, 0, $15)"
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

pub async fn by_request_id(
    db: &Db,
    payment_request_id: &str,
) -> Result<Option<PaymentAttempt>, sqlx::Error> {
    one(db, "payment_request_id", payment_request_id).await
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

/// What an answer, notification or inquiry says about an attempt.
#[derive(Debug, Clone)]
pub struct PaymentSettlement {
    pub status: PaymentStatus,
    pub result_code: Option<String>,
    pub antom_payment_id: Option<String>,
    pub paid_at: Option<i64>,
    /// When to ask Antom again, while not final.
    pub next_check_at: Option<i64>,
}

impl PaymentSettlement {
    /// A settlement to `status` that changes nothing else.
    pub fn to(status: PaymentStatus) -> Self {
        Self {
            status,
            result_code: None,
            antom_payment_id: None,
            paid_at: None,
            next_check_at: None,
        }
    }
}

/// Applies a settlement unless the attempt is already final (final states never change back).
pub async fn settle(
    db: &Db,
    id: &str,
    s: &PaymentSettlement,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // Built once: the statement runs for every answer, notification and inquiry.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE payment_attempts SET status = $1, result_code = COALESCE($2, result_code), \
             antom_payment_id = COALESCE($3, antom_payment_id), paid_at = COALESCE($4, paid_at), \
             next_check_at = $5, updated_at = $6, lease_until = NULL, checks = checks + 1 \
             WHERE id = $7 AND status IN {}",
            PaymentStatus::sql_list(PaymentStatus::UNSETTLED)
        )
    });
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(SQL.as_str())
        .bind(s.status.as_str())
        .bind(&s.result_code)
        .bind(&s.antom_payment_id)
        .bind(
            s.paid_at
                .or((s.status == PaymentStatus::Succeeded).then_some(now)),
        )
        .bind(s.next_check_at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let settled = done.rows_affected() == 1;
    if settled {
        report(&mut tx, id, s.status, now).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(settled)
}

/// The events a payment reaching `status` reports, in the caller's transaction
/// (a repeat of the same state reports nothing new).
async fn report(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    status: PaymentStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    let event_type = match status {
        PaymentStatus::Succeeded => EventType::PaymentSucceeded,
        PaymentStatus::Failed => EventType::PaymentFailed,
        PaymentStatus::Processing => EventType::PaymentProcessing,
        PaymentStatus::Cancelled => EventType::PaymentCancelled,
        PaymentStatus::Recorded | PaymentStatus::Cancelling => return Ok(()),
    };
    events::record(tx, &NewEvent::once(event_type, id, now)).await?;
    if status == PaymentStatus::Processing {
        return Ok(());
    }
    let (session,): (String,) =
        sqlx::query_as("SELECT checkout_session_id FROM payment_attempts WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if status == PaymentStatus::Succeeded {
        events::record(
            tx,
            &NewEvent::once(EventType::CheckoutSessionCompleted, &session, now),
        )
        .await?;
    } else {
        // A charge that took no money no longer counts against its mandate's interval.
        super::mandates::give_back(tx, &session).await?;
    }
    Ok(())
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
