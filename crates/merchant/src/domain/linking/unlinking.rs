//! A link's end by unlinking: here (the buyer or the merchant), or in the wallet app.

use super::access_binding;
use crate::crypto::sha256_hex;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states::LinkStatus;
use crate::store::unlink_marks::{self, MarkAnswer, UnlinkMark};
use crate::store::wallets::{self, LinkedWalletRow};
use crate::Service;
use antom::api::RevokeRequest;
use antom::{AntomError, Secret};
use tracing::Instrument;

/// How long an unlink's mark credits a TOKEN_CANCELED to whoever unlinked.
const UNLINKING_WINDOW_SECS: i64 = 10 * 60;

/// The buyer (or the merchant) unlinks here: marked as theirs, revoked at Antom, then
/// ended. The mark comes first because Antom answers our own revoke with TOKEN_CANCELED
/// too ("cancellation initiated from the merchant or wallet client"), which may arrive
/// before revoke's answer: it must not read as the buyer leaving in the wallet app.
/// Each unlink has a mark of its own, so two at once cannot erase each other's.
pub async fn unlink(svc: &Service, buyer: &str, wallet: &str, ended_by: &str) -> Result<()> {
    let row = wallets::active(&svc.db, buyer, wallet)
        .await?
        .ok_or(Error::NotFound("linked wallet"))?;
    let token = Secret::new(
        svc.cipher
            .open(&row.access_token_enc, access_binding(&row.binding_row()))?,
    );
    // Its own task from the mark on: a caller that hangs up must not strand a mark.
    let (svc, ended_by) = (svc.clone(), ended_by.to_owned());
    tokio::spawn(async move { marked_revoke(&svc, &row, token, &ended_by).await }.in_current_span())
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("the unlink task stopped: {e}")))?
}

/// Marks the link, revokes its token, notes Antom's answer on the mark, and ends the
/// link if this revoke did it (or settles a TOKEN_CANCELED that waited for the answer).
async fn marked_revoke(
    svc: &Service,
    row: &LinkedWalletRow,
    token: Secret,
    ended_by: &str,
) -> Result<()> {
    let now = svc.now();
    let Some(mark) =
        unlink_marks::mark(&svc.db, &row.id, ended_by, now, now - UNLINKING_WINDOW_SECS).await?
    else {
        return Err(Error::NotFound("linked wallet"));
    };
    let (answer, refusal) = revoke(svc, token).await;
    if let Err(e) = unlink_marks::answered(&svc.db, &mark, answer).await {
        tracing::warn!(error = %e, link = %row.id, "could not note a revoke's answer on its mark");
    }
    match answer {
        MarkAnswer::Revoked => {
            // Ended here, or already by this revoke's TOKEN_CANCELED.
            wallets::end_by(&svc.db, &row.id, LinkStatus::Unlinked, ended_by, svc.now()).await?;
            // A refresh may have replaced the token between our read and our end: that
            // newer token is revoked too, so an unlinked wallet has no live token left.
            if let Some(now_row) = wallets::get(&svc.db, &row.id).await? {
                if now_row.access_token_hash != row.access_token_hash {
                    revoke_quietly(svc, &now_row).await;
                }
            }
        }
        // The token is dead, but perhaps by another's revoke: read it as its echo.
        MarkAnswer::AlreadyGone => {
            unlink_marks::defer_echo(&svc.db, &row.id, now - UNLINKING_WINDOW_SECS, now).await?;
        }
        MarkAnswer::Unknown | MarkAnswer::Refused => {}
    }
    if let Err(e) = settle_deferred_echo(svc, &row.id).await {
        tracing::warn!(error = %e, link = %row.id, "could not settle a deferred TOKEN_CANCELED");
    }
    match refusal {
        Some(e) => Err(Error::from_antom(e, ErrorCode::UnlinkRefused)),
        None => Ok(()),
    }
}

/// Sends the revoke: Antom's answer as a mark notes it, with the error to answer the
/// caller with when the unlink did not happen (or may not have).
async fn revoke(svc: &Service, token: Secret) -> (MarkAnswer, Option<AntomError>) {
    match svc
        .antom
        .execute(&RevokeRequest {
            access_token: token,
        })
        .await
    {
        Ok(_) => (MarkAnswer::Revoked, None),
        // Already dead at Antom: the buyer's wish is met.
        Err(AntomError::Failed { result, .. })
            if result.result_code == antom::codes::INVALID_ACCESS_TOKEN =>
        {
            (MarkAnswer::AlreadyGone, None)
        }
        Err(e) if matches!(e, AntomError::Failed { .. }) || !e.may_have_reached_antom() => {
            (MarkAnswer::Refused, Some(e))
        }
        // After a timeout or a U the revoke may still happen, and its TOKEN_CANCELED
        // must still be credited to this unlink: the mark runs out by itself.
        Err(e) => (MarkAnswer::Unknown, Some(e)),
    }
}

/// When a mark made before it and still unanswered was stranded (the service stopped
/// mid-unlink): longer than any revoke awaits Antom, with its retries.
fn stranded_before(svc: &Service, now: i64) -> i64 {
    let longest = 3 * svc.config.antom_timeout.as_secs() + 30;
    now - i64::try_from(longest).unwrap_or(i64::MAX / 2)
}

/// A TOKEN_CANCELED that arrived while unlinks by different parties awaited their
/// answers is credited once the last of them has one (Antom sends it again too).
async fn settle_deferred_echo(svc: &Service, link_id: &str) -> Result<()> {
    let now = svc.now();
    let since = now - UNLINKING_WINDOW_SECS;
    if !unlink_marks::echo_deferred(&svc.db, link_id, since).await? {
        return Ok(());
    }
    settle(svc, link_id).await
}

/// Credits link `link_id`'s deferred TOKEN_CANCELED, unless an answer is still awaited.
async fn settle(svc: &Service, link_id: &str) -> Result<()> {
    let now = svc.now();
    let marks = unlink_marks::fresh(&svc.db, link_id, now - UNLINKING_WINDOW_SECS).await?;
    let stranded_before = stranded_before(svc, now);
    if marks.iter().any(|m| awaited(m, stranded_before)) {
        return Ok(());
    }
    end_as(svc, link_id, credit(&marks, stranded_before), now).await?;
    Ok(())
}

/// Ends link `link_id` as `credit` says (`NotYet`: not now); whether this ended it.
async fn end_as(svc: &Service, link_id: &str, credit: Credit<'_>, now: i64) -> Result<bool> {
    Ok(match credit {
        Credit::To(by) => wallets::end_by(&svc.db, link_id, LinkStatus::Unlinked, by, now).await?,
        Credit::WalletApp => {
            wallets::end(&svc.db, link_id, LinkStatus::RevokedByWallet, now).await?
        }
        Credit::NotYet => false,
    })
}

/// Revokes a stored (encrypted) token at Antom, logging instead of failing: the link is already ended here.
pub(super) async fn revoke_quietly(svc: &Service, row: &LinkedWalletRow) {
    let Ok(token) = svc
        .cipher
        .open(&row.access_token_enc, access_binding(&row.binding_row()))
    else {
        return;
    };
    if let Err(e) = svc
        .antom
        .execute(&RevokeRequest {
            access_token: Secret::new(token),
        })
        .await
    {
        tracing::warn!(error = %e, "could not revoke a token of an ended link");
    }
}

/// Whom a TOKEN_CANCELED is credited to.
#[derive(Debug, PartialEq, Eq)]
enum Credit<'a> {
    /// No unlink of ours is under way: the buyer left in the wallet app.
    WalletApp,
    /// The echo of this party's revoke.
    To(&'a str),
    /// Unlinks by different parties await Antom's answers, and the notification does
    /// not say whose revoke it answers: settled when they are answered.
    NotYet,
}

/// Whether mark `m` still awaits its revoke's answer (made at or after `stranded_before`).
fn awaited(m: &UnlinkMark, stranded_before: i64) -> bool {
    m.answer.is_none() && m.marked_at >= stranded_before
}

/// Reads a link's fresh marks (first made first). A refused revoke did nothing; one
/// Antom confirmed is the one echoed; between parties nothing is guessed while an
/// answer is still awaited. One party's unanswered unlink is credited at once: the
/// usual echo, which Antom sends before it answers the revoke.
fn credit(marks: &[UnlinkMark], stranded_before: i64) -> Credit<'_> {
    let live: Vec<&UnlinkMark> = marks
        .iter()
        .filter(|m| m.answer != Some(MarkAnswer::Refused))
        .collect();
    let Some(first) = live.first() else {
        return Credit::WalletApp;
    };
    if live.iter().all(|m| m.ended_by == first.ended_by) {
        return Credit::To(&first.ended_by);
    }
    if let Some(revoked) = live.iter().find(|m| m.answer == Some(MarkAnswer::Revoked)) {
        return Credit::To(&revoked.ended_by);
    }
    if live.iter().any(|m| awaited(m, stranded_before)) {
        return Credit::NotYet;
    }
    Credit::To(&first.ended_by)
}

/// TOKEN_CANCELED: the buyer unlinked inside the wallet app, or this is the echo of
/// our own revoke (the link is marked as being unlinked, by whom).
pub async fn token_canceled(svc: &Service, access_token: &str) -> Result<bool> {
    let Some(row) = wallets::by_token_hash(&svc.db, &sha256_hex(access_token.as_bytes())).await?
    else {
        return Ok(false);
    };
    // Ended already (by an unlink, or relinked): nothing is left to credit.
    if row.status != LinkStatus::Active {
        return Ok(false);
    }
    let now = svc.now();
    let since = now - UNLINKING_WINDOW_SECS;
    let marks = unlink_marks::fresh(&svc.db, &row.id, since).await?;
    let credit = credit(&marks, stranded_before(svc, now));
    if credit != Credit::NotYet {
        return end_as(svc, &row.id, credit, now).await;
    }
    // Flagged before the answers are read again: an answer noted meanwhile either
    // sees the flag or is seen here, so the echo cannot be missed.
    unlink_marks::defer_echo(&svc.db, &row.id, since, now).await?;
    settle(svc, &row.id).await?;
    let still_linked = wallets::get(&svc.db, &row.id)
        .await?
        .is_some_and(|r| r.status == LinkStatus::Active);
    if !still_linked {
        return Ok(true);
    }
    tracing::warn!(link = %row.id, "TOKEN_CANCELED deferred: unlinks by the buyer and the merchant await Antom's answers");
    Err(Error::conflict(
        ErrorCode::NotificationDeferred,
        "unlinks by different parties await Antom's answers; send it again",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mark made at 1,000 (marks made before 950 are stranded, unless said otherwise).
    fn mark(by: &str, answer: Option<MarkAnswer>) -> UnlinkMark {
        UnlinkMark {
            ended_by: by.into(),
            marked_at: 1_000,
            answer,
        }
    }

    #[test]
    fn an_echo_is_credited_to_the_revoke_antom_confirmed_and_never_guessed_between_parties() {
        use MarkAnswer::{AlreadyGone, Refused, Revoked, Unknown};
        let at = |marks: &[UnlinkMark]| format!("{:?}", credit(marks, 950));
        assert_eq!(at(&[]), "WalletApp");
        // One party: the usual echo, which arrives before revoke's own answer.
        assert_eq!(at(&[mark("buyer", None)]), "To(\"buyer\")");
        assert_eq!(
            at(&[mark("buyer", None), mark("buyer", Some(Unknown))]),
            "To(\"buyer\")"
        );
        // A refused revoke did nothing: the echo is the other's, or the wallet app's.
        assert_eq!(
            at(&[mark("merchant", Some(Refused)), mark("buyer", None)]),
            "To(\"buyer\")"
        );
        assert_eq!(
            at(&[
                mark("merchant", Some(Refused)),
                mark("buyer", Some(Refused))
            ]),
            "WalletApp"
        );
        // Two parties: the one Antom confirmed, whichever came first; "already gone" is
        // not a confirmation (someone else's revoke may have done it).
        assert_eq!(
            at(&[mark("merchant", None), mark("buyer", Some(Revoked))]),
            "To(\"buyer\")"
        );
        assert_eq!(
            at(&[
                mark("merchant", Some(AlreadyGone)),
                mark("buyer", Some(Revoked))
            ]),
            "To(\"buyer\")"
        );
        // Two parties, an answer still awaited: nobody yet.
        assert_eq!(at(&[mark("merchant", None), mark("buyer", None)]), "NotYet");
        assert_eq!(
            at(&[mark("merchant", Some(Unknown)), mark("buyer", None)]),
            "NotYet"
        );
        assert_eq!(
            at(&[mark("merchant", Some(AlreadyGone)), mark("buyer", None)]),
            "NotYet"
        );
        // Two parties, no final answer from either: the first to ask.
        assert_eq!(
            at(&[
                mark("merchant", Some(Unknown)),
                mark("buyer", Some(Unknown))
            ]),
            "To(\"merchant\")"
        );
        // A mark unanswered for longer than any revoke takes was stranded: no final answer.
        let stranded = [mark("merchant", Some(Unknown)), mark("buyer", None)];
        assert_eq!(
            format!("{:?}", credit(&stranded, 1_001)),
            "To(\"merchant\")"
        );
    }
}
