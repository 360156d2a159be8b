//! Unlinks under way: each marks its link before its revoke is sent, so that the
//! TOKEN_CANCELED Antom sends for that revoke is credited to whoever unlinked.

use super::{now_micros, Db};
use crate::crypto::new_id;
use crate::domain::states::LinkStatus;

/// The one status a link may be unlinked from.
const ACTIVE: &str = LinkStatus::Active.sql();

/// What Antom answered a mark's revoke, once it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkAnswer {
    /// Revoked by this very call.
    Revoked,
    /// `INVALID_ACCESS_TOKEN`: the token was already dead (another revoke, or the wallet app).
    AlreadyGone,
    /// No final answer (a timeout, a `U`): the revoke may still happen.
    Unknown,
    /// A final refusal: nothing of this unlink happened.
    Refused,
}

impl MarkAnswer {
    const ALL: [MarkAnswer; 4] = [
        MarkAnswer::Revoked,
        MarkAnswer::AlreadyGone,
        MarkAnswer::Unknown,
        MarkAnswer::Refused,
    ];

    const fn sql(self) -> &'static str {
        match self {
            MarkAnswer::Revoked => "revoked",
            MarkAnswer::AlreadyGone => "already_gone",
            MarkAnswer::Unknown => "unknown",
            MarkAnswer::Refused => "refused",
        }
    }
}

/// One unlink's mark on a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlinkMark {
    /// Who unlinks: `buyer` or `merchant`.
    pub ended_by: String,
    /// When it was made (the service's clock).
    pub marked_at: i64,
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

/// Notes on link `link_id`'s marks made at or after `since` that a TOKEN_CANCELED
/// arrived at `now` and could not be credited yet.
pub async fn defer_echo(db: &Db, link_id: &str, since: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE unlink_marks SET echo_deferred_at = $1 WHERE link_id = $2 AND marked_at >= $3",
    )
    .bind(now)
    .bind(link_id)
    .bind(since)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Whether a TOKEN_CANCELED for link `link_id` waits on marks made at or after `since`.
pub async fn echo_deferred(db: &Db, link_id: &str, since: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT marked_at FROM unlink_marks \
         WHERE link_id = $1 AND marked_at >= $2 AND echo_deferred_at IS NOT NULL LIMIT 1",
    )
    .bind(link_id)
    .bind(since)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.is_some())
}

/// Link `link_id`'s marks made at or after `since`, first made first; with a mark the
/// previous build left on the link itself (`unlinking_by`), as one answered `unknown`.
pub async fn fresh(db: &Db, link_id: &str, since: i64) -> Result<Vec<UnlinkMark>, sqlx::Error> {
    let rows: Vec<(String, i64, Option<String>)> = sqlx::query_as(
        "SELECT ended_by, marked_at, answer FROM unlink_marks \
         WHERE link_id = $1 AND marked_at >= $2 ORDER BY marked_seq, id",
    )
    .bind(link_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    let mut marks: Vec<UnlinkMark> = rows
        .into_iter()
        .map(|(ended_by, marked_at, answer)| UnlinkMark {
            ended_by,
            marked_at,
            // A text this build does not know reads as no final answer.
            answer: answer.map(|text| {
                MarkAnswer::ALL
                    .into_iter()
                    .find(|a| a.sql() == text)
                    .unwrap_or(MarkAnswer::Unknown)
            }),
        })
        .collect();
    let previous_build: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT unlinking_by, unlinking_at FROM linked_wallets WHERE id = $1 AND unlinking_at >= $2",
    )
    .bind(link_id)
    .bind(since)
    .fetch_optional(&db.pool)
    .await?;
    if let Some((Some(ended_by), Some(marked_at))) = previous_build {
        marks.push(UnlinkMark {
            ended_by,
            marked_at,
            answer: Some(MarkAnswer::Unknown),
        });
    }
    Ok(marks)
}
