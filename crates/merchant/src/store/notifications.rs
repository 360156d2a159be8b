//! Notifications received, each once.

use super::Db;

/// Records a verified notification; false if this exact body was seen before.
pub async fn record(
    db: &Db,
    body_hash: &str,
    kind: &str,
    reference: Option<&str>,
    body: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO notifications (body_hash, kind, reference, body, received_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (body_hash) DO NOTHING",
    )
    .bind(body_hash)
    .bind(kind)
    .bind(reference)
    .bind(body)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// How many notifications of `kind` mention `reference` (for tests and support).
pub async fn count(db: &Db, kind: &str, reference: &str) -> Result<i64, sqlx::Error> {
    let row: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE kind = $1 AND reference = $2")
            .bind(kind)
            .bind(reference)
            .fetch_one(&db.pool)
            .await?;
    Ok(row.0)
}
