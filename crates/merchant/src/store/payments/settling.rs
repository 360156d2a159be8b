//! Settling a payment: Antom's answer applied once, with the events it reports
//! and, for a merchant-initiated charge, its finished try kept and its next try
//! scheduled, all in one transaction.

use super::super::events::{self, NewEvent};
use super::super::{col, Db};
use crate::domain::states::PaymentStatus;
use contract::webhooks::EventType;
use std::sync::LazyLock;

/// What an answer, notification or inquiry says about an attempt.
#[derive(Debug, Clone)]
pub struct PaymentSettlement {
    pub status: PaymentStatus,
    pub result_code: Option<String>,
    pub antom_payment_id: Option<String>,
    pub paid_at: Option<i64>,
    /// When to ask Antom again, while not final.
    pub next_check_at: Option<i64>,
    /// A refused charge to try again: when (the payment waits as `retry_scheduled`).
    pub retry_at: Option<i64>,
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
            retry_at: None,
        }
    }

    /// The status it leaves the payment in.
    fn stored_status(&self) -> PaymentStatus {
        match (self.status, self.retry_at) {
            (PaymentStatus::Failed, Some(_)) => PaymentStatus::RetryScheduled,
            (status, _) => status,
        }
    }
}

/// Applies a settlement of try `payment_request_id` unless the payment is already final
/// (final states never change back) or has moved on to another try since.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "settle_payment"))]
pub async fn settle(
    db: &Db,
    id: &str,
    payment_request_id: &str,
    s: &PaymentSettlement,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // Built once: the statement runs for every answer, notification and inquiry.
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE payment_attempts SET status = $1, result_code = COALESCE($2, result_code), \
             antom_payment_id = COALESCE($3, antom_payment_id), paid_at = COALESCE($4, paid_at), \
             next_check_at = $5, updated_at = $6, lease_until = NULL, checks = checks + 1 \
             WHERE id = $7 AND payment_request_id = $8 AND status IN {}",
            PaymentStatus::sql_list(PaymentStatus::UNSETTLED)
        )
    });
    let status = s.stored_status();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(SQL.as_str())
        .bind(status.as_str())
        .bind(&s.result_code)
        .bind(&s.antom_payment_id)
        .bind(
            s.paid_at
                .or((s.status == PaymentStatus::Succeeded).then_some(now)),
        )
        .bind(
            s.retry_at
                .filter(|_| status == PaymentStatus::RetryScheduled)
                .or(s.next_check_at),
        )
        .bind(now)
        .bind(id)
        .bind(payment_request_id)
        .execute(&mut *tx)
        .await?;
    let settled = done.rows_affected() == 1;
    if settled {
        if status.is_final() || status == PaymentStatus::RetryScheduled {
            keep_finished_try(&mut tx, id, now).await?;
        }
        report(&mut tx, id, status, now).await?;
    } else if let Some(antom_id) = &s.antom_payment_id {
        // Antom's id of this very try, from news that came after its answer had
        // settled it (a failure's notification): a fact kept, nothing changed.
        sqlx::query(
            "UPDATE payment_attempts SET antom_payment_id = $1 \
             WHERE id = $2 AND payment_request_id = $3 AND antom_payment_id IS NULL",
        )
        .bind(antom_id)
        .bind(id)
        .bind(payment_request_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(settled)
}

/// Keeps a merchant-initiated charge's try that just ended (its paymentRequestId stays findable).
async fn keep_finished_try(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO charge_attempts (payment_id, number, payment_request_id, started_at, ended_at, status, result_code) \
         SELECT id, attempt, payment_request_id, COALESCE(attempt_started_at, created_at), $1, \
                CASE WHEN status = 'retry_scheduled' THEN 'failed' ELSE status END, result_code \
         FROM payment_attempts WHERE id = $2 AND retry_schedule IS NOT NULL \
         ON CONFLICT (payment_id, number) DO NOTHING",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The events a payment reaching `status` reports, in the caller's transaction
/// (a repeat of the same state reports nothing new).
pub(crate) async fn report(
    tx: &mut sqlx::AnyConnection,
    id: &str,
    status: PaymentStatus,
    now: i64,
) -> Result<(), sqlx::Error> {
    let event = match status {
        PaymentStatus::Succeeded => NewEvent::once(EventType::PaymentSucceeded, id, now),
        PaymentStatus::Failed => NewEvent::once(EventType::PaymentFailed, id, now),
        PaymentStatus::Processing => NewEvent::once(EventType::PaymentProcessing, id, now),
        PaymentStatus::Cancelled => NewEvent::once(EventType::PaymentCancelled, id, now),
        PaymentStatus::RetryScheduled => {
            // One for each try refused.
            let (attempt,): (i64,) =
                sqlx::query_as("SELECT attempt FROM payment_attempts WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            NewEvent {
                dedupe_key: format!("payment.retry_scheduled:{id}:{attempt}"),
                ..NewEvent::once(EventType::PaymentRetryScheduled, id, now)
            }
        }
        PaymentStatus::Recorded | PaymentStatus::Cancelling => return Ok(()),
    };
    events::record(tx, &event).await?;
    if matches!(
        status,
        PaymentStatus::Processing | PaymentStatus::RetryScheduled
    ) {
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
        super::super::mandates::give_back(tx, &session).await?;
    }
    Ok(())
}

/// Starts the next try of a `retry_scheduled` charge: recorded under its own
/// paymentRequestId before it is sent, and kept leased by the caller until it is
/// settled; false if it was no longer waiting (cancelled, or another worker took it).
pub async fn begin_retry(
    db: &Db,
    id: &str,
    payment_request_id: &str,
    linked_wallet_id: &str,
    now: i64,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE payment_attempts SET status = 'recorded', payment_request_id = $1, attempt = attempt + 1, \
         attempt_started_at = $2, result_code = NULL, antom_payment_id = NULL, checks = 0, \
         next_check_at = $3, updated_at = $2, lease_until = $4, linked_wallet_id = $6 \
         WHERE id = $5 AND status = 'retry_scheduled'",
    )
    .bind(payment_request_id)
    .bind(now)
    .bind(now + 5)
    .bind(lease_until)
    .bind(id)
    .bind(linked_wallet_id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a `retry_scheduled` charge for good without another try (its mandate ended,
/// or its link did): `payment.failed`, with `code` as its reason.
pub async fn give_up(db: &Db, id: &str, code: &str, now: i64) -> Result<bool, sqlx::Error> {
    end_waiting(db, id, PaymentStatus::Failed, Some(code), now).await
}

/// The merchant stops a `retry_scheduled` charge's retries (`payment.cancelled`);
/// false if it was not waiting for one.
pub async fn cancel_retries(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    end_waiting(db, id, PaymentStatus::Cancelled, None, now).await
}

async fn end_waiting(
    db: &Db,
    id: &str,
    status: PaymentStatus,
    code: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE payment_attempts SET status = $1, result_code = COALESCE($2, result_code), \
         next_check_at = NULL, updated_at = $3, lease_until = NULL \
         WHERE id = $4 AND status = 'retry_scheduled'",
    )
    .bind(status.as_str())
    .bind(code)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let ended = done.rows_affected() == 1;
    if ended {
        report(&mut tx, id, status, now).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(ended)
}

/// One finished try of a charge.
#[derive(Debug, Clone)]
pub struct ChargeAttemptRow {
    pub number: i64,
    pub payment_request_id: String,
    pub started_at: i64,
    pub ended_at: i64,
    pub status: String,
    pub result_code: Option<String>,
}

/// The finished tries of charge `id`, oldest first.
pub async fn attempts(db: &Db, id: &str) -> Result<Vec<ChargeAttemptRow>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT number, payment_request_id, started_at, ended_at, status, result_code \
         FROM charge_attempts WHERE payment_id = $1 ORDER BY number",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ChargeAttemptRow {
                number: col(r, "number")?,
                payment_request_id: col(r, "payment_request_id")?,
                started_at: col(r, "started_at")?,
                ended_at: col(r, "ended_at")?,
                status: col(r, "status")?,
                result_code: col(r, "result_code")?,
            })
        })
        .collect()
}

/// Stores recovery checkout `s` for charge `id`, and remembers it on the charge, in one
/// transaction: a recovery checkout is never without its charge.
pub async fn store_recovery_session(
    db: &Db,
    id: &str,
    s: &crate::store::sessions::CheckoutSession,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    crate::store::sessions::insert_with(&mut *tx, s).await?;
    sqlx::query("UPDATE payment_attempts SET recovery_session_id = $1 WHERE id = $2")
        .bind(&s.id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The charge recovery checkout `session` was made for.
pub async fn recovered_by(
    db: &Db,
    session: &str,
) -> Result<Option<super::PaymentAttempt>, sqlx::Error> {
    let sql = format!(
        "SELECT {} FROM payment_attempts WHERE recovery_session_id = $1",
        super::COLUMNS
    );
    let row = sqlx::query(&sql)
        .bind(session)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref()
        .map(<super::PaymentAttempt as sqlx::FromRow<_>>::from_row)
        .transpose()
}
