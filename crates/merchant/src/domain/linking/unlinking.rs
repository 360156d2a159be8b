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
    let now = svc.now();
    let Some(mark) =
        unlink_marks::mark(&svc.db, &row.id, ended_by, now, now - UNLINKING_WINDOW_SECS).await?
    else {
        return Err(Error::NotFound("linked wallet"));
    };
    let revoked = match svc
        .antom
        .execute(&RevokeRequest {
            access_token: token,
        })
        .await
    {
        Ok(_) => Ok(()),
        // Already dead at Antom: the buyer's wish is met.
        Err(AntomError::Failed { result, .. })
            if result.result_code == antom::codes::INVALID_ACCESS_TOKEN =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    };
    let noted = match &revoked {
        Ok(()) => unlink_marks::answered(&svc.db, &mark, MarkAnswer::Revoked).await,
        // A definite refusal: nothing of this unlink happened.
        Err(e) if matches!(e, AntomError::Failed { .. }) || !e.may_have_reached_antom() => {
            unlink_marks::forget(&svc.db, &mark).await
        }
        // After a timeout or a U the revoke may still happen, and its TOKEN_CANCELED
        // must still be credited to `ended_by`: the mark stays and runs out by itself.
        Err(_) => unlink_marks::answered(&svc.db, &mark, MarkAnswer::Unknown).await,
    };
    if let Err(e) = noted {
        tracing::warn!(error = %e, link = %row.id, "could not note a revoke's answer on its mark");
    }
    if let Err(e) = revoked {
        return Err(Error::from_antom(e, ErrorCode::UnlinkRefused));
    }
    // Ended here, or already by the TOKEN_CANCELED of this revoke, as `ended_by` either way.
    wallets::end_by(&svc.db, &row.id, LinkStatus::Unlinked, ended_by, svc.now()).await?;
    // A refresh may have replaced the token between our read and our end: that
    // newer token is revoked too, so an unlinked wallet has no live token left.
    if let Some(now_row) = wallets::get(&svc.db, &row.id).await? {
        if now_row.access_token_hash != row.access_token_hash {
            revoke_quietly(svc, &now_row).await;
        }
    }
    Ok(())
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
    /// not say whose revoke it answers: Antom is asked to send it again.
    NotYet,
}

/// Reads a link's fresh marks (first made first). A revoke Antom confirmed is the one
/// echoed; one it refused has no mark, so while parties differ and an answer is still
/// awaited, nobody is credited yet.
fn credit(marks: &[UnlinkMark]) -> Credit<'_> {
    let Some(first) = marks.first() else {
        return Credit::WalletApp;
    };
    if marks.iter().all(|m| m.ended_by == first.ended_by) {
        return Credit::To(&first.ended_by);
    }
    if let Some(revoked) = marks.iter().find(|m| m.answer == Some(MarkAnswer::Revoked)) {
        return Credit::To(&revoked.ended_by);
    }
    if marks.iter().any(|m| m.answer.is_none()) {
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
    let now = svc.now();
    let marks = unlink_marks::fresh(&svc.db, &row.id, now - UNLINKING_WINDOW_SECS).await?;
    let ended = match credit(&marks) {
        Credit::To(by) => wallets::end_by(&svc.db, &row.id, LinkStatus::Unlinked, by, now).await?,
        Credit::WalletApp => {
            wallets::end(&svc.db, &row.id, LinkStatus::RevokedByWallet, now).await?
        }
        Credit::NotYet => {
            return Err(Error::conflict(
                ErrorCode::NotificationDeferred,
                "unlinks by different parties await Antom's answers; send it again",
            ))
        }
    };
    Ok(ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(by: &str, answer: Option<MarkAnswer>) -> UnlinkMark {
        UnlinkMark {
            ended_by: by.into(),
            answer,
        }
    }

    #[test]
    fn an_echo_is_credited_to_the_revoke_antom_confirmed_and_never_guessed_between_parties() {
        use MarkAnswer::{Revoked, Unknown};
        assert_eq!(credit(&[]), Credit::WalletApp);
        // One party: the usual echo, which arrives before revoke's own answer.
        assert_eq!(credit(&[mark("buyer", None)]), Credit::To("buyer"));
        assert_eq!(
            credit(&[mark("buyer", None), mark("buyer", Some(Unknown))]),
            Credit::To("buyer")
        );
        // Two parties: the one Antom confirmed, whichever came first.
        assert_eq!(
            credit(&[mark("merchant", None), mark("buyer", Some(Revoked))]),
            Credit::To("buyer")
        );
        // Two parties, neither confirmed yet: nobody, until Antom sends it again.
        assert_eq!(
            credit(&[mark("merchant", None), mark("buyer", None)]),
            Credit::NotYet
        );
        assert_eq!(
            credit(&[mark("merchant", Some(Unknown)), mark("buyer", None)]),
            Credit::NotYet
        );
        // Two parties, both without a final answer: the first to ask.
        assert_eq!(
            credit(&[
                mark("merchant", Some(Unknown)),
                mark("buyer", Some(Unknown))
            ]),
            Credit::To("merchant")
        );
    }
}
