//! Unlinks under way: each marks its link before its revoke is sent, so that the
//! TOKEN_CANCELED Antom sends for that revoke is credited to whoever unlinked.

use super::{now_micros, Db};
use crate::crypto::new_id;
use crate::domain::states::LinkStatus;

/// The one status a link may be unlinked from.
const ACTIVE: &str = LinkStatus::Active.sql();

/// Marks link `link_id` as being unlinked by `by` (`buyer`, `merchant`), and forgets
/// marks made before `stale_before`; this mark's id, or None if the link is not active.
pub async fn mark(
    db: &Db,
    link_id: &str,
    by: &str,
    now: i64,
    stale_before: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query("DELETE FROM unlink_marks WHERE marked_at < $1")
        .bind(stale_before)
        .execute(&db.pool)
        .await?;
    let id = new_id("um");
    let made = sqlx::query(&format!(
        "INSERT INTO unlink_marks (id, link_id, ended_by, marked_at, marked_seq) \
         SELECT $1, $2, $3, $4, $5 WHERE EXISTS \
         (SELECT 1 FROM linked_wallets WHERE id = $2 AND status = {ACTIVE})"
    ))
    .bind(&id)
    .bind(link_id)
    .bind(by)
    .bind(now)
    .bind(now_micros())
    .execute(&db.pool)
    .await?;
    Ok((made.rows_affected() == 1).then_some(id))
}

/// Forgets mark `id`, whose revoke was refused; other unlinks' marks stay.
pub async fn forget(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM unlink_marks WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Who is unlinking link `link_id`: the first of the marks made at or after `since`
/// (a TOKEN_CANCELED does not say which revoke it answers; the first to ask is credited).
pub async fn unlinking_by(
    db: &Db,
    link_id: &str,
    since: i64,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT ended_by FROM unlink_marks WHERE link_id = $1 AND marked_at >= $2 \
         ORDER BY marked_seq, id LIMIT 1",
    )
    .bind(link_id)
    .bind(since)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| r.0))
}
