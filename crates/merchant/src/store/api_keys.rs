//! API keys: hashed secrets, scopes, expiry, revocation.

use super::Db;
use sqlx::FromRow;

/// A key as stored (its secret only as a hash).
#[derive(Debug, Clone, FromRow)]
pub struct ApiKeyRow {
    pub id: String,
    pub name: String,
    pub secret_sha256: String,
    pub scopes: String,
    pub created_at: i64,
    pub created_by: String,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub rolled_from: Option<String>,
}

const COLUMNS: &str = "id, name, secret_sha256, scopes, created_at, created_by, expires_at, \
                       revoked_at, last_used_at, rolled_from";

pub async fn insert(db: &Db, k: &ApiKeyRow) -> Result<(), sqlx::Error> {
    insert_on(&db.pool, k).await
}

async fn insert_on<'e>(
    on: impl sqlx::Executor<'e, Database = sqlx::Any>,
    k: &ApiKeyRow,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO api_keys ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8)"
    ))
    .bind(&k.id)
    .bind(&k.name)
    .bind(&k.secret_sha256)
    .bind(&k.scopes)
    .bind(k.created_at)
    .bind(&k.created_by)
    .bind(k.expires_at)
    .bind(&k.rolled_from)
    .execute(on)
    .await?;
    Ok(())
}

/// Every key, newest first.
pub async fn all(db: &Db) -> Result<Vec<ApiKeyRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM api_keys ORDER BY created_at DESC, id"
    ))
    .fetch_all(&db.pool)
    .await
}

pub async fn by_id(db: &Db, id: &str) -> Result<Option<ApiKeyRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Notes a use, at most once a minute per key (a write per call would serialise SQLite).
pub async fn note_use(db: &Db, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE api_keys SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
    )
    .bind(now)
    .bind(id)
    .bind(now - 60)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Revokes a key now; false if it was revoked already or never existed.
pub async fn revoke(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&db.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Rolls `old`: inserts `new` and makes `old` stop at `old_until` (never later
/// than it would have anyway), in one transaction. False if `old` was no longer active.
pub async fn roll(
    db: &Db,
    old: &str,
    old_until: i64,
    new: &ApiKeyRow,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let cut = sqlx::query(
        "UPDATE api_keys SET expires_at = CASE WHEN expires_at IS NULL OR expires_at > $1 \
         THEN $1 ELSE expires_at END \
         WHERE id = $2 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3)",
    )
    .bind(old_until)
    .bind(old)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if cut.rows_affected() != 1 {
        return Ok(false);
    }
    insert_on(&mut *tx, new).await?;
    tx.commit().await?;
    Ok(true)
}
