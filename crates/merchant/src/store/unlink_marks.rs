//! Unlinks under way: each marks its link before its revoke is sent, so that the
//! TOKEN_CANCELED Antom sends for that revoke is credited to whoever unlinked.

use super::{now_micros, Db};
use crate::crypto::new_id;
use crate::domain::states::LinkStatus;

/// The one status a link may be unlinked from.
const ACTIVE: &str = LinkStatus::Active.sql();

/// What Antom answered a mark's revoke, once it did (a refused one's mark is gone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkAnswer {
    /// Revoked, or the token was already dead (`INVALID_ACCESS_TOKEN`).
    Revoked,
    /// No final answer (a timeout, a `U`): the revoke may still happen.
    Unknown,
}

impl MarkAnswer {
    const fn sql(self) -> &'static str {
        match self {
            MarkAnswer::Revoked => "revoked",
            MarkAnswer::Unknown => "unknown",
        }
    }
}

/// One unlink's mark on a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlinkMark {
    /// Who unlinks: `buyer` or `merchant`.
    pub ended_by: String,
    /// None while its revoke awaits Antom's answer.
    pub answer: Option<MarkAnswer>,
}

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

/// Notes what Antom answered mark `id`'s revoke.
pub async fn answered(db: &Db, id: &str, answer: MarkAnswer) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE unlink_marks SET answer = $1 WHERE id = $2")
        .bind(answer.sql())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets mark `id`, whose revoke was refused; other unlinks' marks stay.
pub async fn forget(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM unlink_marks WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Link `link_id`'s marks made at or after `since`, first made first; with a mark the
/// previous build left on the link itself (`unlinking_by`), as one answered `unknown`.
pub async fn fresh(db: &Db, link_id: &str, since: i64) -> Result<Vec<UnlinkMark>, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT ended_by, answer FROM unlink_marks WHERE link_id = $1 AND marked_at >= $2 \
         ORDER BY marked_seq, id",
    )
    .bind(link_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let mut marks: Vec<UnlinkMark> = rows
        .into_iter()
        .map(|(ended_by, answer)| UnlinkMark {
            ended_by,
            answer: match answer.as_deref() {
                None => None,
                Some(text) if text == MarkAnswer::Revoked.sql() => Some(MarkAnswer::Revoked),
                Some(_) => Some(MarkAnswer::Unknown),
            },
        })
        .collect();
    let previous_build: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT unlinking_by FROM linked_wallets WHERE id = $1 AND unlinking_at >= $2",
    )
    .bind(link_id)
    .bind(since)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((Some(ended_by),)) = previous_build {
        marks.push(UnlinkMark {
            ended_by,
            answer: Some(MarkAnswer::Unknown),
        });
    }
    Ok(marks)
}
