//! How an authorization ends: revoke by the merchant, or the buyer unbinding the
//! merchant inside the wallet app; Antom sends TOKEN_CANCELED for both.

use crate::authorization::mask;
use crate::state::{failed, parse, success, unknown};
use crate::Shared;
use antom::api::{AuthorizationNotifyType, RevokeRequest};
use antom::codes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// revoke; Antom then sends TOKEN_CANCELED for it, as for a cancellation in the
/// wallet app ("initiated from the merchant or wallet client"). The sandbox answers
/// only after the notification's first delivery: the order that most tests a
/// merchant, whose link is still active when the notification arrives.
pub async fn revoke(sb: &Shared, body: &Value) -> Value {
    let req: RevokeRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let scripted = sb.state().revoke_script.pop_front();
    if let Some(answer) = scripted {
        let code = match answer.strip_prefix("slow") {
            Some(after) => {
                tokio::time::sleep(SLOW_REVOKE).await;
                after.strip_prefix(':').unwrap_or(after)
            }
            None => answer.as_str(),
        };
        match code {
            "" | "ok" => {}
            // Antom's codes without a final answer: the revoke may or may not happen.
            "UNKNOWN_EXCEPTION" | "REQUEST_TRAFFIC_EXCEED_LIMIT" => {
                return unknown(code, "scripted by /sandbox/control/revoke", json!({}))
            }
            code => return failed(code, "scripted by /sandbox/control/revoke"),
        }
    }
    let notify_url = {
        let mut state = sb.state();
        match state.tokens.get_mut(req.access_token.expose()) {
            // Revoking twice is not an error (the buyer's intent is met), and says nothing new.
            Some(token) => {
                let first_time = !token.revoked;
                token.revoked = true;
                token.notify_url.clone().filter(|_| first_time)
            }
            None => return failed(codes::INVALID_ACCESS_TOKEN, "the accessToken is not valid"),
        }
    };
    if let Some(url) = notify_url {
        let delivered = token_canceled(
            sb,
            &url,
            req.access_token.expose(),
            "The merchant revoked the authorization",
        );
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), delivered).await;
    }
    success(json!({}))
}

/// How long a revoke scripted `slow` takes before it happens: long enough for a
/// test to start another unlink of the same link meanwhile.
pub const SLOW_REVOKE: std::time::Duration = std::time::Duration::from_secs(2);

/// `POST /sandbox/control/revoke {"answers": ["slow", "ACCESS_DENIED", "slow:ACCESS_DENIED", "ok"]}`:
/// how the next revokes are answered, in order (then as usual): `ok` as usual, `slow`
/// as usual after a wait, or refused with a code (a `U` for `UNKNOWN_EXCEPTION` and
/// `REQUEST_TRAFFIC_EXCEED_LIMIT`, nothing revoked), alone or after the wait.
pub async fn script_revoke(
    State(sb): State<Arc<Shared>>,
    Json(req): Json<RevokeScript>,
) -> Json<Value> {
    sb.state().revoke_script.extend(req.answers);
    Json(json!({}))
}

/// The body of `/sandbox/control/revoke`.
#[derive(Deserialize)]
pub struct RevokeScript {
    answers: Vec<String>,
}

/// Sends TOKEN_CANCELED for `access_token`; resolves after the first delivery.
fn token_canceled(
    sb: &Shared,
    url: &str,
    access_token: &str,
    reason: &str,
) -> tokio::sync::oneshot::Receiver<()> {
    sb.notifier.send_watched(
        "notifyAuthorization",
        url,
        json!({
            "authorizationNotifyType": AuthorizationNotifyType::TokenCanceled,
            "accessToken": access_token,
            "reason": reason,
            "result": antom::ApiResult::success(),
        }),
    )
}

/// `POST /sandbox/control/unlink`: the buyer unbinds the merchant inside the wallet app.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UnlinkFromWallet {
    /// The token to cancel; or every live token of `login_id` in `wallet`.
    access_token: Option<String>,
    wallet: Option<String>,
    login_id: Option<String>,
}

pub async fn unlink_from_wallet(
    State(sb): State<Arc<Shared>>,
    Json(req): Json<UnlinkFromWallet>,
) -> Json<Value> {
    let mut cancelled = Vec::new();
    {
        let mut state = sb.state();
        for (access, token) in state.tokens.iter_mut() {
            let by_token = req.access_token.as_deref() == Some(access.as_str());
            let by_login = req.wallet.as_deref() == Some(token.wallet.as_str())
                && req
                    .login_id
                    .as_deref()
                    .is_some_and(|l| l == token.login_id || l == mask(&token.login_id));
            if (by_token || by_login) && !token.revoked {
                token.revoked = true;
                cancelled.push((access.clone(), token.notify_url.clone()));
            }
        }
    }
    for (access, url) in &cancelled {
        if let Some(url) = url {
            drop(token_canceled(
                &sb,
                url,
                access,
                "The buyer cancelled the authorization in the wallet app",
            ));
        }
    }
    Json(json!({ "unlinked": cancelled.len() }))
}
