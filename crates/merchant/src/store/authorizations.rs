//! Authorization attempts: the one-time authState of each trip to a wallet.

use super::Db;
use crate::domain::states::AuthorizationOutcome;
use contract::api::Terminal;
use sqlx::FromRow;

/// One trip to a wallet's authorization page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuthorizationAttempt {
    pub auth_state: String,
    pub checkout_session_id: String,
    pub buyer_reference: String,
    pub wallet: String,
    #[sqlx(try_from = "String")]
    pub terminal: Terminal,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// [`AuthorizationOutcome`]'s text; read it with [`AuthorizationAttempt::outcome`].
    pub outcome: Option<String>,
    /// SHA-256 of the buyer cookie of the browser that started it; only that browser completes it.
    pub browser_hash: Option<String>,
    /// When a signed AUTHCODE_CREATED said the buyer agreed (the link still waits for the browser).
    pub agreed_at: Option<i64>,
}

impl AuthorizationAttempt {
    /// How the attempt ended; `None` while it waits.
    pub fn outcome(&self) -> Option<AuthorizationOutcome> {
        self.outcome.as_deref().map(AuthorizationOutcome::from_text)
    }
}

/// Records an attempt unless its checkout already started `limit` since
/// `since`; false when over the limit. One statement, so concurrent starts on
/// SQLite cannot pass it together (on PostgreSQL at most a few can, by a row each).
pub async fn insert_within_limit(
    db: &Db,
    a: &AuthorizationAttempt,
    since: i64,
    limit: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO authorization_attempts (auth_state, checkout_session_id, buyer_reference, wallet, terminal, created_at, expires_at, browser_hash) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE \
         (SELECT COUNT(*) FROM authorization_attempts WHERE checkout_session_id = $9 AND created_at > $10) < $11",
    )
    .bind(&a.auth_state)
    .bind(&a.checkout_session_id)
    .bind(&a.buyer_reference)
    .bind(&a.wallet)
    .bind(a.terminal.as_str())
    .bind(a.created_at)
    .bind(a.expires_at)
    .bind(&a.browser_hash)
    .bind(&a.checkout_session_id)
    .bind(since)
    .bind(limit)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn get(db: &Db, auth_state: &str) -> Result<Option<AuthorizationAttempt>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM authorization_attempts WHERE auth_state = $1")
        .bind(auth_state)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(AuthorizationAttempt::from_row).transpose()
}

/// Takes the one-time state; false if someone (a reload, a notification) took it first.
/// A code shown in another browser and the authCode kept for it go with it.
pub async fn take(db: &Db, auth_state: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE authorization_attempts SET used_at = $1, handover_code_hash = NULL, handover_auth_code_enc = NULL \
         WHERE auth_state = $2 AND used_at IS NULL",
    )
    .bind(now)
    .bind(auth_state)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records how a taken attempt ended.
pub async fn set_outcome(
    db: &Db,
    auth_state: &str,
    outcome: &AuthorizationOutcome,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE authorization_attempts SET outcome = $1 WHERE auth_state = $2")
        .bind(outcome.to_text())
        .bind(auth_state)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Notes that Antom said the buyer agreed; the first notice wins (Antom retries).
pub async fn mark_agreed(db: &Db, auth_state: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE authorization_attempts SET agreed_at = $1 WHERE auth_state = $2 AND agreed_at IS NULL",
    )
    .bind(now)
    .bind(auth_state)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a wallet was linked through this checkout (setup mode's completion).
pub async fn linked_via(db: &Db, checkout_session_id: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(&format!(
        "SELECT 1 FROM authorization_attempts WHERE checkout_session_id = $1 AND outcome = {} LIMIT 1",
        AuthorizationOutcome::LINKED_SQL
    ))
    .bind(checkout_session_id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// A code shown in another browser for an attempt, as the starting browser redeems it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Handover {
    pub auth_state: String,
    pub wallet: String,
    /// SHA-256 of `auth_state:code`.
    pub handover_code_hash: String,
    /// The wallet's authCode, encrypted like tokens.
    pub handover_auth_code_enc: String,
    /// When the attempt itself runs out.
    pub expires_at: i64,
}

/// Shows a new code for an open attempt (the last one shown stops working), for
/// the authCode the first code was shown for only; false when the attempt was
/// taken meanwhile, showed `max_issued` codes already, had `max_tries` tried, or
/// is bound to another authCode. One statement: two callers cannot both bind it.
#[allow(clippy::too_many_arguments)]
pub async fn issue_handover(
    db: &Db,
    auth_state: &str,
    code_hash: &str,
    auth_code_hash: &str,
    auth_code_enc: &str,
    until: i64,
    max_issued: i64,
    max_tries: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE authorization_attempts SET handover_code_hash = $1, handover_auth_code_hash = $2, \
         handover_auth_code_enc = $3, handover_expires_at = $4, handover_issued = handover_issued + 1 \
         WHERE auth_state = $5 AND used_at IS NULL AND handover_issued < $6 AND handover_tries < $7 \
         AND (handover_auth_code_hash IS NULL OR handover_auth_code_hash = $8)",
    )
    .bind(code_hash)
    .bind(auth_code_hash)
    .bind(auth_code_enc)
    .bind(until)
    .bind(auth_state)
    .bind(max_issued)
    .bind(max_tries)
    .bind(auth_code_hash)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Why [`issue_handover`] refused: the authCode it is bound to, the codes shown, the tries.
pub async fn handover_state(
    db: &Db,
    auth_state: &str,
) -> Result<Option<(Option<String>, i64, i64)>, sqlx::Error> {
    let row: Option<(Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT handover_auth_code_hash, handover_issued, handover_tries FROM authorization_attempts WHERE auth_state = $1",
    )
    .bind(auth_state)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row)
}

/// The newest open attempt of checkout `checkout_session_id` started by
/// `browser_hash` whose code, shown elsewhere, is still valid at `now`.
pub async fn awaiting_handover(
    db: &Db,
    checkout_session_id: &str,
    browser_hash: &str,
    now: i64,
) -> Result<Option<Handover>, sqlx::Error> {
    sqlx::query_as(
        "SELECT auth_state, wallet, handover_code_hash, handover_auth_code_enc, expires_at \
         FROM authorization_attempts WHERE checkout_session_id = $1 AND browser_hash = $2 \
         AND used_at IS NULL AND handover_code_hash IS NOT NULL AND handover_expires_at > $3 \
         ORDER BY handover_expires_at DESC, created_at DESC, auth_state LIMIT 1",
    )
    .bind(checkout_session_id)
    .bind(browser_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// Counts one try of a code; false once `max_tries` were spent (then it never works).
pub async fn count_handover_try(
    db: &Db,
    auth_state: &str,
    max_tries: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE authorization_attempts SET handover_tries = handover_tries + 1 \
         WHERE auth_state = $1 AND handover_tries < $2",
    )
    .bind(auth_state)
    .bind(max_tries)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
