//! A link's end by unlinking: here (the buyer or the merchant), or in the wallet app.

use super::access_binding;
use crate::crypto::sha256_hex;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states::LinkStatus;
use crate::store::wallets::LinkedWalletRow;
use crate::store::{unlink_marks, wallets};
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
    match svc
        .antom
        .execute(&RevokeRequest {
            access_token: token,
        })
        .await
    {
        Ok(_) => {}
        // Already dead at Antom: the buyer's wish is met.
        Err(AntomError::Failed { result, .. })
            if result.result_code == antom::codes::INVALID_ACCESS_TOKEN => {}
        Err(e) => {
            // Only a definite refusal undoes the mark: after a timeout or a U the revoke
            // may still happen, and its TOKEN_CANCELED must still be credited to `ended_by`
            // (the mark runs out by itself).
            if matches!(e, AntomError::Failed { .. }) || !e.may_have_reached_antom() {
                if let Err(undo) = unlink_marks::forget(&svc.db, &mark).await {
                    tracing::warn!(error = %undo, link = %row.id, "could not forget an unlink mark");
                }
            }
            return Err(Error::from_antom(e, ErrorCode::UnlinkRefused));
        }
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

/// TOKEN_CANCELED: the buyer unlinked inside the wallet app, or this is the echo of
/// our own revoke (the link is marked as being unlinked, by whom).
pub async fn token_canceled(svc: &Service, access_token: &str) -> Result<bool> {
    let Some(row) = wallets::by_token_hash(&svc.db, &sha256_hex(access_token.as_bytes())).await?
    else {
        return Ok(false);
    };
    let now = svc.now();
    let since = now - UNLINKING_WINDOW_SECS;
    let ended = match unlink_marks::unlinking_by(&svc.db, &row.id, since).await? {
        Some(by) => wallets::end_by(&svc.db, &row.id, LinkStatus::Unlinked, &by, now).await?,
        None => wallets::end(&svc.db, &row.id, LinkStatus::RevokedByWallet, now).await?,
    };
    Ok(ended)
}
