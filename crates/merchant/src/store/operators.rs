//! Operator accounts, their recovery codes and console sign-ins.

use super::Db;
use sqlx::FromRow;

/// An operator as stored.
#[derive(Debug, Clone, FromRow)]
pub struct OperatorRow {
    pub id: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
    pub totp_secret: String,
    pub totp_last_step: i64,
    pub failed_sign_ins: i64,
    pub locked_until: Option<i64>,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub created_by: String,
}

const COLUMNS: &str = "id, email, role, password_hash, totp_secret, totp_last_step, \
                       failed_sign_ins, locked_until, disabled_at, created_at, created_by";

/// Inserts an operator and their recovery codes' hashes; false if the e-mail is taken.
pub async fn insert(
    db: &Db,
    o: &OperatorRow,
    recovery_hashes: &[String],
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO operators ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, 0, 0, NULL, NULL, $6, $7) \
         ON CONFLICT (email) DO NOTHING"
    ))
    .bind(&o.id)
    .bind(&o.email)
    .bind(&o.role)
    .bind(&o.password_hash)
    .bind(&o.totp_secret)
    .bind(o.created_at)
    .bind(&o.created_by)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() != 1 {
        return Ok(false);
    }
    for hash in recovery_hashes {
        sqlx::query("INSERT INTO operator_recovery_codes (operator_id, code_hash) VALUES ($1, $2)")
            .bind(&o.id)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn by_email(db: &Db, email: &str) -> Result<Option<OperatorRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM operators WHERE email = $1"))
        .bind(email)
        .fetch_optional(&db.pool)
        .await
}

/// Disables operator `id` and ends their sign-ins (one transaction); false if there is none.
pub async fn disable(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let found =
        sqlx::query("UPDATE operators SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    sqlx::query(
        "UPDATE console_sign_ins SET ended_at = $1 WHERE operator_id = $2 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(found.rows_affected() == 1)
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<OperatorRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM operators WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Every operator, by e-mail.
pub async fn all(db: &Db) -> Result<Vec<OperatorRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM operators ORDER BY email"))
        .fetch_all(&db.pool)
        .await
}

/// Takes one sign-in attempt for operator `id`, before anything is checked: the
/// count goes up by one (back to one when an old lock has run out), and the
/// attempt that reaches `limit` locks the account until `lock_until`. False when
/// the account is locked now: the attempt is refused unread. Atomic, so a burst
/// of parallel attempts gets no more tries than a slow one.
pub async fn take_attempt(
    db: &Db,
    id: &str,
    now: i64,
    limit: i64,
    lock_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE operators SET \
         failed_sign_ins = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END, \
         locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_sign_ins + 1 END) >= $2 \
                        THEN $3 ELSE NULL END \
         WHERE id = $4 AND (locked_until IS NULL OR locked_until <= $1)",
    )
    .bind(now)
    .bind(limit)
    .bind(lock_until)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Failed attempts in a row, and until when the account is locked.
pub async fn attempts(db: &Db, id: &str) -> Result<(i64, Option<i64>), sqlx::Error> {
    sqlx::query_as("SELECT failed_sign_ins, locked_until FROM operators WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
}

/// Accepts TOTP step `step` once: false if that step (or a later one) was used already.
pub async fn take_totp_step(db: &Db, id: &str, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE operators SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
    )
    .bind(step)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Unused recovery codes' hashes.
pub async fn unused_recovery_codes(db: &Db, id: &str) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT code_hash FROM operator_recovery_codes WHERE operator_id = $1 AND used_at IS NULL",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(h,)| h).collect())
}

/// Spends a recovery code; false if it was spent already (two sign-ins racing).
pub async fn spend_recovery_code(
    db: &Db,
    id: &str,
    hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE operator_recovery_codes SET used_at = $1 \
         WHERE operator_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(hash)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A console sign-in as stored.
#[derive(Debug, Clone, FromRow)]
pub struct SignInRow {
    pub operator_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Starts a console sign-in after the checks passed, and clears the failure count.
pub async fn start_sign_in(
    db: &Db,
    operator_id: &str,
    token_sha256: &str,
    csrf_token: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO console_sign_ins (token_sha256, operator_id, csrf_token, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(token_sha256)
    .bind(operator_id)
    .bind(csrf_token)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE operators SET failed_sign_ins = 0, locked_until = NULL WHERE id = $1")
        .bind(operator_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The sign-in of cookie hash `token_sha256` and its operator, if it has not ended.
pub async fn sign_in_of(
    db: &Db,
    token_sha256: &str,
) -> Result<Option<(SignInRow, OperatorRow)>, sqlx::Error> {
    let session: Option<SignInRow> = sqlx::query_as(
        "SELECT operator_id, csrf_token, created_at, last_seen_at FROM console_sign_ins \
         WHERE token_sha256 = $1 AND ended_at IS NULL",
    )
    .bind(token_sha256)
    .fetch_optional(&db.pool)
    .await?;
    let Some(session) = session else {
        return Ok(None);
    };
    let operator: Option<OperatorRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM operators WHERE id = $1"))
            .bind(&session.operator_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(operator.map(|o| (session, o)))
}

/// Notes activity (at most once a minute) so the idle timeout restarts.
pub async fn touch_sign_in(db: &Db, token_sha256: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE console_sign_ins SET last_seen_at = $1 \
         WHERE token_sha256 = $2 AND ended_at IS NULL AND last_seen_at < $3",
    )
    .bind(now)
    .bind(token_sha256)
    .bind(now - 60)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Ends a sign-in (sign-out, or found timed out).
pub async fn end_sign_in(db: &Db, token_sha256: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE console_sign_ins SET ended_at = $1 WHERE token_sha256 = $2 AND ended_at IS NULL",
    )
    .bind(now)
    .bind(token_sha256)
    .execute(&db.pool)
    .await?;
    Ok(())
}
