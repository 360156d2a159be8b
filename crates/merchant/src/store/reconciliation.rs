//! Imported reconciliation reports, and the questions reconciliation asks of
//! our own records.

use super::{col, Db};
use crate::domain::states::{PaymentStatus, RefundStatus};
use antom::settlement::TransactionItem;
use contract::webhooks::EventType;
use sqlx::any::AnyRow;

/// A payment, refund or cancel as we recorded it, for comparing with Antom's line.
#[derive(Debug, Clone)]
pub struct OurTransaction {
    /// PAYMENT, REFUND or CANCEL.
    pub kind: &'static str,
    /// Our payment id.
    pub payment_id: String,
    /// Our refund id, for refunds.
    pub refund_id: Option<String>,
    /// The request id Antom saw.
    pub request_id: String,
    /// Antom's id, once known.
    pub antom_id: Option<String>,
    /// Minor units (positive).
    pub amount_minor: i64,
    /// ISO 4217.
    pub currency: String,
    /// Our status (`succeeded`, `cancelled`, `failed`…).
    pub status: String,
    /// Paid (payments), cancelled (cancels) or settled (refunds), Unix seconds.
    pub at: Option<i64>,
}

const PAYMENT_COLUMNS: &str =
    "id, payment_request_id, antom_payment_id, amount_minor, currency, status, paid_at, cancelled_at";

fn payment(r: &sqlx::any::AnyRow, kind: &'static str) -> Result<OurTransaction, sqlx::Error> {
    let at = if kind == "CANCEL" {
        col(r, "cancelled_at")?
    } else {
        col(r, "paid_at")?
    };
    Ok(OurTransaction {
        kind,
        payment_id: col(r, "id")?,
        refund_id: None,
        request_id: col(r, "payment_request_id")?,
        antom_id: col(r, "antom_payment_id")?,
        amount_minor: col(r, "amount_minor")?,
        currency: col(r, "currency")?,
        status: col(r, "status")?,
        at,
    })
}

const REFUND_COLUMNS: &str = "id, payment_attempt_id, refund_request_id, antom_refund_id, amount_minor, currency, status, updated_at";

fn refund(r: &sqlx::any::AnyRow) -> Result<OurTransaction, sqlx::Error> {
    Ok(OurTransaction {
        kind: "REFUND",
        payment_id: col(r, "payment_attempt_id")?,
        refund_id: Some(col(r, "id")?),
        request_id: col(r, "refund_request_id")?,
        antom_id: col(r, "antom_refund_id")?,
        amount_minor: col(r, "amount_minor")?,
        currency: col(r, "currency")?,
        status: col(r, "status")?,
        at: Some(col(r, "updated_at")?),
    })
}

/// Our payment (for a PAYMENT or CANCEL line) by request id, else by Antom's id.
pub async fn find_payment(
    db: &Db,
    kind: &'static str,
    request_id: Option<&str>,
    antom_id: &str,
) -> Result<Option<OurTransaction>, sqlx::Error> {
    let sql = format!(
        "SELECT {PAYMENT_COLUMNS} FROM payment_attempts WHERE payment_request_id = $1 OR antom_payment_id = $2 \
         ORDER BY CASE WHEN payment_request_id = $3 THEN 0 ELSE 1 END LIMIT 1"
    );
    by_request_or_antom_id(db, &sql, request_id, antom_id)
        .await?
        .map(|r| payment(&r, kind))
        .transpose()
}

/// Our refund by request id, else by Antom's id.
pub async fn find_refund(
    db: &Db,
    request_id: Option<&str>,
    antom_id: &str,
) -> Result<Option<OurTransaction>, sqlx::Error> {
    let sql = format!(
        "SELECT {REFUND_COLUMNS} FROM refunds WHERE refund_request_id = $1 OR antom_refund_id = $2 \
         ORDER BY CASE WHEN refund_request_id = $3 THEN 0 ELSE 1 END LIMIT 1"
    );
    by_request_or_antom_id(db, &sql, request_id, antom_id)
        .await?
        .map(|r| refund(&r))
        .transpose()
}

/// The row `sql` finds by our request id (`$1`, `$3`: preferred) or Antom's id (`$2`).
async fn by_request_or_antom_id(
    db: &Db,
    sql: &str,
    request_id: Option<&str>,
    antom_id: &str,
) -> Result<Option<AnyRow>, sqlx::Error> {
    let request_id = request_id.unwrap_or("");
    sqlx::query(sql)
        .bind(request_id)
        .bind(antom_id)
        .bind(request_id)
        .fetch_optional(&db.pool)
        .await
}

/// Everything we completed in `[from, until)`: payments paid, payments cancelled after paying, refunds that succeeded.
pub async fn completed_between(
    db: &Db,
    from: i64,
    until: i64,
) -> Result<Vec<OurTransaction>, sqlx::Error> {
    let mut out = Vec::new();
    let paid = format!(
        "SELECT {PAYMENT_COLUMNS} FROM payment_attempts WHERE paid_at >= $1 AND paid_at < $2 \
         AND status IN {} ORDER BY paid_at, id",
        PaymentStatus::sql_list(PaymentStatus::SETTLED_AS_PAID)
    );
    for r in sqlx::query(&paid)
        .bind(from)
        .bind(until)
        .fetch_all(&db.pool)
        .await?
    {
        out.push(payment(&r, "PAYMENT")?);
    }
    let cancelled = format!(
        "SELECT {PAYMENT_COLUMNS} FROM payment_attempts WHERE cancelled_at >= $1 AND cancelled_at < $2 \
         AND paid_at IS NOT NULL AND status = {} ORDER BY cancelled_at, id",
        PaymentStatus::Cancelled.sql()
    );
    for r in sqlx::query(&cancelled)
        .bind(from)
        .bind(until)
        .fetch_all(&db.pool)
        .await?
    {
        out.push(payment(&r, "CANCEL")?);
    }
    let refunded = format!(
        "SELECT {REFUND_COLUMNS} FROM refunds WHERE status = {} AND updated_at >= $1 AND updated_at < $2 \
         ORDER BY updated_at, id",
        RefundStatus::Succeeded.sql()
    );
    for r in sqlx::query(&refunded)
        .bind(from)
        .bind(until)
        .fetch_all(&db.pool)
        .await?
    {
        out.push(refund(&r)?);
    }
    Ok(out)
}

/// The SHA-256 of the file of that name already imported, if any.
pub async fn file_hash(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT sha256 FROM settlement_files WHERE name = $1")
        .bind(name)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| col(&r, "sha256"))
        .transpose()
}

/// A file to store with its rows.
pub struct NewFile<'a> {
    /// File name.
    pub name: &'a str,
    /// SHA-256 of its bytes.
    pub sha256: &'a str,
    /// `transaction_details`…
    pub kind: &'a str,
    /// Its detail rows (none for a summary).
    pub items: &'a [TransactionItem],
    /// Its row count.
    pub rows: usize,
}

/// Rows written per staging transaction: short enough that a payment waiting
/// for SQLite's write lock waits milliseconds, not the whole import.
const STAGING_CHUNK: usize = 500;

const ITEM_COLUMNS: &str = "file_name, line, settlement_batch_id, transaction_type, transaction_id, \
    transaction_request_id, original_transaction_request_id, amount_minor, currency, settlement_minor, \
    settlement_currency, fee_minor, tax_minor";

/// Stores an import, its new files and their rows, and the report: all of it
/// or none. The rows go to a staging table first, a chunk per transaction;
/// one short transaction then replaces the files and moves their rows over.
pub async fn store_import(
    db: &Db,
    import_id: &str,
    actor: &str,
    at: i64,
    files: &[NewFile<'_>],
    report_json: &str,
) -> Result<(), sqlx::Error> {
    let stored = stage_and_store(db, import_id, actor, at, files, report_json).await;
    // Whatever happened, nothing of this import stays staged.
    let cleared = sqlx::query("DELETE FROM settlement_items_staged WHERE import_id = $1")
        .bind(import_id)
        .execute(&db.pool)
        .await;
    stored?;
    cleared.map(|_| ())
}

/// Writes every file's items to the staging table, a chunk a transaction, so a
/// large import never holds one long write lock.
async fn stage(db: &Db, import_id: &str, files: &[NewFile<'_>]) -> Result<(), sqlx::Error> {
    let insert = format!(
        "INSERT INTO settlement_items_staged (import_id, {ITEM_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    );
    for f in files {
        for chunk in f.items.chunks(STAGING_CHUNK) {
            let mut tx = db.pool.begin().await?;
            for item in chunk {
                let settled = item.settlement.as_ref();
                sqlx::query(&insert)
                    .bind(import_id)
                    .bind(f.name)
                    .bind(item.line as i64)
                    .bind(&item.settlement_batch_id)
                    .bind(item.transaction_type.as_str())
                    .bind(&item.transaction_id)
                    .bind(&item.transaction_request_id)
                    .bind(&item.original_transaction_request_id)
                    .bind(item.amount.minor)
                    .bind(item.amount.currency.code())
                    .bind(settled.map(|s| s.amount.minor))
                    .bind(settled.map(|s| s.amount.currency.code().to_owned()))
                    .bind(settled.map(|s| s.fee.minor))
                    .bind(settled.map(|s| s.tax.minor))
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
        }
    }
    Ok(())
}

async fn stage_and_store(
    db: &Db,
    import_id: &str,
    actor: &str,
    at: i64,
    files: &[NewFile<'_>],
    report_json: &str,
) -> Result<(), sqlx::Error> {
    stage(db, import_id, files).await?;
    let mut tx = db.pool.begin().await?;
    sqlx::query("INSERT INTO reconciliation_imports (id, seq, actor, created_at, report_json) VALUES ($1, $2, $3, $4, $5)")
        .bind(import_id)
        .bind(super::now_micros())
        .bind(actor)
        .bind(at)
        .bind(report_json)
        .execute(&mut *tx)
        .await?;
    let move_rows = format!(
        "INSERT INTO settlement_items ({ITEM_COLUMNS}) SELECT {ITEM_COLUMNS} FROM settlement_items_staged \
         WHERE import_id = $1 AND file_name = $2"
    );
    for f in files {
        sqlx::query("DELETE FROM settlement_items WHERE file_name = $1")
            .bind(f.name)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM settlement_files WHERE name = $1")
            .bind(f.name)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO settlement_files (name, sha256, kind, import_id, row_count) VALUES ($1, $2, $3, $4, $5)")
            .bind(f.name)
            .bind(f.sha256)
            .bind(f.kind)
            .bind(import_id)
            .bind(f.rows as i64)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&move_rows)
            .bind(import_id)
            .bind(f.name)
            .execute(&mut *tx)
            .await?;
    }
    let mismatches = serde_json::from_str::<serde_json::Value>(report_json)
        .ok()
        .and_then(|r| r["issues"].as_array().map(Vec::len))
        .unwrap_or(0);
    let event = super::events::NewEvent {
        detail: Some(serde_json::json!({ "mismatches": mismatches })),
        ..super::events::NewEvent::once(EventType::ReconciliationCompleted, import_id, at)
    };
    super::events::record(&mut tx, &event).await?;
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(())
}

/// The report of one import, as stored.
pub async fn report_of(db: &Db, import_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT report_json FROM reconciliation_imports WHERE id = $1")
            .bind(import_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.map(|(r,)| r))
}

/// The report of the newest import, as stored.
pub async fn latest_report(db: &Db) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("SELECT report_json FROM reconciliation_imports ORDER BY seq DESC LIMIT 1")
        .fetch_optional(&db.pool)
        .await?
        .map(|r| col(&r, "report_json"))
        .transpose()
}
