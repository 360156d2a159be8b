//! Keeping a link alive: applyToken(REFRESH_TOKEN) before the access token runs
//! out. Only a refresh token (or account) that is gone ends the link; anything
//! else is logged with its code and tried again.

use super::{refresh_binding, revoke_quietly, stored_link};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states::LinkStatus;
use crate::store::wallets::{self, LinkedWalletRow};
use crate::Service;
use antom::api::{ApplyTokenRequest, GrantType};
use antom::{AntomError, Secret};

/// The applyToken codes that mean the refresh token itself is gone, so the link
/// is: `INVALID_REFRESH_TOKEN` (Antom's applyToken table: "use a valid
/// refreshToken"; also what a revoked authorization gets), `EXPIRED_REFRESH_TOKEN`
/// (Alipay+'s wallet-side refresh page; not in Antom's table, kept because a
/// wallet may pass it through) and `USER_NOT_EXIST` (the wallet account is gone).
/// Any other refusal (a signature, key or client error after a rotation, a
/// parameter error, `USER_STATUS_ABNORMAL`, which a wallet may lift) is ours to
/// fix or may pass, never the buyer's link to lose.
const REFRESH_TOKEN_GONE: &[&str] = antom::codes::REFRESH_TOKEN_GONE;
/// How long a refresh that failed for another reason waits before it is tried again.
const REFRESH_RETRY_SECS: i64 = 10 * 60;

/// Renews a link's tokens with applyToken(REFRESH_TOKEN); only a refresh token
/// that is gone ends the link. An answer without a new refresh token keeps the old one.
pub async fn refresh(svc: &Service, row: &LinkedWalletRow) -> Result<()> {
    let Some(stored) = &row.refresh_token_enc else {
        wallets::end(&svc.db, &row.id, LinkStatus::Expired, svc.now()).await?;
        return Ok(());
    };
    let request = ApplyTokenRequest {
        grant_type: GrantType::RefreshToken,
        customer_belongs_to: row.wallet.clone(),
        auth_code: None,
        refresh_token: Some(Secret::new(
            svc.cipher
                .open(stored, refresh_binding(&row.binding_row()))?,
        )),
        merchant_region: None,
    };
    match svc.call_antom(&request).await {
        Ok(token) => {
            let mut fresh = stored_link(
                svc,
                row.id.clone(),
                &row.buyer_reference,
                &row.wallet,
                token,
            )?;
            fresh.display_account = fresh
                .display_account
                .or_else(|| row.display_account.clone());
            // "Returned when the wallet supports refreshing": absent, the old one still holds.
            if fresh.refresh_token_enc.is_none() {
                fresh.refresh_token_enc = row.refresh_token_enc.clone();
                fresh.refresh_token_expires_at = row.refresh_token_expires_at;
            }
            if !wallets::replace_tokens(&svc.db, &fresh).await? {
                // Unlinked (or revoked) while Antom answered: the fresh token is
                // stored nowhere, and must not stay alive at Antom either.
                tracing::info!(link = %row.id, "link ended during refresh; revoking the new token");
                revoke_quietly(svc, &fresh).await;
                return Ok(());
            }
            tracing::info!(link = %row.id, "wallet token refreshed");
            svc.metrics.token_refresh("refreshed");
            Ok(())
        }
        Err(AntomError::Failed { result, .. })
            if REFRESH_TOKEN_GONE.contains(&result.result_code.as_str()) =>
        {
            tracing::warn!(link = %row.id, code = %result.result_code, "refresh token gone; link expired");
            svc.metrics.token_refresh("refresh_token_gone");
            wallets::end(&svc.db, &row.id, LinkStatus::Expired, svc.now()).await?;
            Ok(())
        }
        Err(e) => {
            let code = match &e {
                AntomError::Failed { result, .. } => result.result_code.clone(),
                other => other.to_string(),
            };
            tracing::error!(link = %row.id, %code, "token refresh failed; the link is kept and tried again later");
            svc.metrics.token_refresh("failed");
            wallets::hold(&svc.db, &row.id, svc.now() + REFRESH_RETRY_SECS).await?;
            Err(Error::from_antom(e, ErrorCode::AntomUnavailable))
        }
    }
}
