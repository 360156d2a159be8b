//! What undoes a paid payment, or holds part of it: cancels (recorded before
//! they are sent, resent until answered) and refund reservations. The same
//! conditional updates make the two exclusive: whichever writes first wins.

use super::report;
use crate::domain::states::PaymentStatus;
use crate::store::Db;
use std::sync::LazyLock;

/// Records a cancel before it is sent: `cancelling`, only from a paid or
/// processing attempt that no refund holds any part of. The same conditional
/// update as [`reserve_refund`]'s makes the two exclusive: whichever writes first wins.
/// Leased until `lease_until`, so the worker leaves the inline send alone.
/// `first_cancel` refuses a payment that was ever sent a cancel (one Antom refused
/// stays refused: the worker must not ask again on every round).
pub async fn begin_cancel(
    db: &Db,
    id: &str,
    now: i64,
    lease_until: i64,
    first_cancel: bool,
) -> Result<bool, sqlx::Error> {
    static SQL: LazyLock<String> = LazyLock::new(|| {
        format!(
            "UPDATE payment_attempts SET cancel_from = status, status = {cancelling}, cancel_requested_at = $1, \
             updated_at = $2, next_check_at = $3, lease_until = $4, checks = 0 \
             WHERE id = $5 AND status IN {} AND refunded_minor = 0 \
             AND ($6 = 0 OR cancel_requested_at IS NULL)",
            PaymentStatus::sql_list(PaymentStatus::CANCELLABLE),
            cancelling = PaymentStatus::Cancelling.sql(),
        )
    });
    let done = sqlx::query(SQL.as_str())
        .bind(now)
        .bind(now)
        .bind(now)
        .bind(lease_until)
        .bind(id)
        .bind(i64::from(first_cancel))
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Antom accepted the cancel.
#[tracing::instrument(name = "db.transaction", skip_all, fields(db.operation = "finish_cancel"))]
pub async fn finish_cancel(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!(
        "UPDATE payment_attempts SET status = {}, updated_at = $1, cancelled_at = $2, \
         next_check_at = NULL, lease_until = NULL WHERE id = $3 AND status = {}",
        PaymentStatus::Cancelled.sql(),
        PaymentStatus::Cancelling.sql()
    ))
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let cancelled = done.rows_affected() == 1;
    if cancelled {
        report(&mut tx, id, PaymentStatus::Cancelled, now).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(cancelled)
}

/// Antom refused the cancel: the attempt goes back to where it was (a
/// processing one is checked again at once: its answer may have come meanwhile).
pub async fn abandon_cancel(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE payment_attempts SET status = cancel_from, cancel_from = NULL, updated_at = $1, \
         next_check_at = CASE WHEN cancel_from = {} THEN $2 ELSE NULL END, lease_until = NULL \
         WHERE id = $3 AND status = {}",
        PaymentStatus::Processing.sql(),
        PaymentStatus::Cancelling.sql()
    ))
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A cancel without a final answer: sent again (same paymentRequestId, as Antom asks) at `next_check_at`.
pub async fn cancel_unanswered(
    db: &Db,
    id: &str,
    next_check_at: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE payment_attempts SET next_check_at = $1, updated_at = $2, lease_until = NULL, checks = checks + 1 \
         WHERE id = $3 AND status = {}",
        PaymentStatus::Cancelling.sql()
    ))
    .bind(next_check_at)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Reserves `amount` of the refundable balance atomically; false if it would overdraw.
pub async fn reserve_refund(db: &Db, id: &str, amount: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE payment_attempts SET refunded_minor = refunded_minor + $1 \
         WHERE id = $2 AND status = {} AND refunded_minor + $3 <= amount_minor",
        PaymentStatus::Succeeded.sql()
    ))
    .bind(amount)
    .bind(id)
    .bind(amount)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives back a reservation whose refund failed.
pub async fn release_refund(db: &Db, id: &str, amount: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payment_attempts SET refunded_minor = refunded_minor - $1 WHERE id = $2")
        .bind(amount)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}
