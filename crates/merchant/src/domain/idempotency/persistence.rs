//! Keeping what a key made: look it up, compare what was asked, and survive a
//! lost insert race. Written once for payments, charges, refunds and declarations.

use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::is_unique_violation;
use std::future::Future;

/// What an earlier request with the same key made: `Some` to answer again when
/// it asked for the same (`same_request`), an error when it asked for another `what`.
pub fn replay<T>(
    earlier: Option<T>,
    same_request: impl FnOnce(&T) -> bool,
    what: &str,
) -> Result<Option<T>> {
    match earlier {
        Some(made) if !same_request(&made) => Err(Error::invalid(
            ErrorCode::IdempotencyKeyReused,
            format!("this Idempotency-Key was used for another {what}"),
        )),
        earlier => Ok(earlier),
    }
}

/// How storing what a key makes ended.
pub enum Stored<T> {
    /// This request stored it: go on and send it.
    Ours,
    /// A request with the same key and the same ask stored it first: answer with theirs.
    Theirs(T),
    /// Another unique rule refused it (say, another live payment of the order).
    Clash(sqlx::Error),
}

/// Runs `insert`; when a unique rule refuses it, `reread`s what the same key
/// made meanwhile and treats it as [`replay`] does.
pub async fn store_once<T, Reread>(
    insert: impl Future<Output = std::result::Result<(), sqlx::Error>>,
    reread: impl FnOnce() -> Reread,
    same_request: impl FnOnce(&T) -> bool,
    what: &str,
) -> Result<Stored<T>>
where
    Reread: Future<Output = std::result::Result<Option<T>, sqlx::Error>>,
{
    match insert.await {
        Ok(()) => Ok(Stored::Ours),
        Err(e) if is_unique_violation(&e) => match replay(reread().await?, same_request, what)? {
            Some(theirs) => Ok(Stored::Theirs(theirs)),
            None => Ok(Stored::Clash(e)),
        },
        Err(e) => Err(e.into()),
    }
}
