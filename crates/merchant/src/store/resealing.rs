//! Sealed values written before they were bound to their rows: found, and
//! replaced one by one (only if unchanged meanwhile).

use super::Db;

/// A column of sealed values: its table, the key of its rows, and the SQL of
/// what each value is bound to.
#[derive(Debug, Clone, Copy)]
pub struct SealedColumn {
    /// `linked_wallets`.
    pub table: &'static str,
    /// The rows' key column.
    pub key: &'static str,
    /// The sealed column.
    pub column: &'static str,
    /// An SQL expression of the row's binding, e.g. `id || ':' || buyer_reference`.
    pub bound_to: &'static str,
}

/// Whether one-time pass `name` has run.
pub async fn done(db: &Db, name: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM maintenance_done WHERE name = $1")
            .bind(name)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

/// Notes that one-time pass `name` ran.
pub async fn mark_done(db: &Db, name: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO maintenance_done (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// `(key, value, binding)` of each value in `c` sealed without a binding.
pub async fn unbound(
    db: &Db,
    c: &SealedColumn,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {key}, {column}, {bound} FROM {table} \
         WHERE {column} IS NOT NULL AND {column} NOT LIKE 'v2.%' AND {column} NOT LIKE 'v3.%'",
        key = c.key,
        column = c.column,
        bound = c.bound_to,
        table = c.table
    ))
    .fetch_all(&db.pool)
    .await
}

/// Up to `limit` `(key, value, binding)` of values in `c` not sealed with the key
/// whose values start with `prefix` (older keys, or values naming none), in key
/// order after `after`.
pub async fn not_under(
    db: &Db,
    c: &SealedColumn,
    prefix: &str,
    after: &str,
    limit: i64,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {key}, {column}, {bound} FROM {table} \
         WHERE {column} IS NOT NULL AND {column} NOT LIKE $1 AND {key} > $3 ORDER BY {key} LIMIT $2",
        key = c.key,
        column = c.column,
        bound = c.bound_to,
        table = c.table
    ))
    .bind(format!("{prefix}%"))
    .bind(limit)
    .bind(after)
    .fetch_all(&db.pool)
    .await
}

/// How many values in `c` are not sealed with the key of `prefix`.
pub async fn count_not_under(db: &Db, c: &SealedColumn, prefix: &str) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND {column} NOT LIKE $1",
        table = c.table,
        column = c.column
    ))
    .bind(format!("{prefix}%"))
    .fetch_one(&db.pool)
    .await?;
    Ok(n)
}

/// Replaces one value, if it is still `old`.
pub async fn replace(
    db: &Db,
    c: &SealedColumn,
    key: &str,
    old: &str,
    new: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE {table} SET {column} = $1 WHERE {key} = $2 AND {column} = $3",
        table = c.table,
        column = c.column,
        key = c.key
    ))
    .bind(new)
    .bind(key)
    .bind(old)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
