//! consult, applyToken, revoke, and the buyer unlinking from inside the wallet app.

use crate::state::{failed, iso, new_secret, parse, span, success, AuthTicket, Token};
use crate::Shared;
use antom::api::{ApplyTokenRequest, AuthScope, ConsultRequest, GrantType, TerminalType};
use antom::codes;
use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};
use std::sync::Arc;
use time::OffsetDateTime;

/// How long a consult's authorization page stays usable.
const TICKET_TTL: time::Duration = time::Duration::minutes(15);

pub fn consult(sb: &Shared, body: &Value) -> Value {
    let req: ConsultRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let url_ok = req.auth_redirect_url.starts_with("http://")
        || req.auth_redirect_url.starts_with("https://");
    if !url_ok || req.auth_redirect_url.len() > 1024 {
        return failed(
            "PARAM_ILLEGAL",
            "authRedirectUrl must be an http(s) URL of at most 1024 characters",
        );
    }
    if req.auth_state.is_empty() || req.auth_state.len() > 256 {
        return failed("PARAM_ILLEGAL", "authState must be 1 to 256 characters");
    }
    if !req.scopes.contains(&AuthScope::AgreementPay) {
        return failed(
            "PARAM_ILLEGAL",
            "scopes must include AGREEMENT_PAY for Auto Debit",
        );
    }
    if req.customer_belongs_to.is_empty() {
        return failed("PARAM_ILLEGAL", "customerBelongsTo is required");
    }
    if req.recurring_payment.is_none()
        && antom::api::ASKS_RECURRING_PAYMENT.contains(&req.customer_belongs_to.as_str())
    {
        return failed(
            "PARAM_ILLEGAL",
            "recurringPayment is required when customerBelongsTo is PAYPAY",
        );
    }
    let mobile = matches!(req.terminal_type, TerminalType::Wap | TerminalType::App);
    if mobile && req.os_type.is_none() {
        return failed("PARAM_ILLEGAL", "osType is required for WAP and APP");
    }
    let ticket = new_secret("t");
    let page = format!(
        "{}/sandbox/wallet/{ticket}",
        sb.config.public_url.trim_end_matches('/')
    );
    let scheme: String = req
        .customer_belongs_to
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_url = format!("{scheme}-sandbox://authorize?ticket={ticket}");
    let applink_url = format!("{page}?via=applink");
    let urls = match req.terminal_type {
        TerminalType::Web => json!({ "authUrl": page, "normalUrl": page }),
        TerminalType::Wap => json!({
            "authUrl": page, "normalUrl": page, "applinkUrl": applink_url, "schemeUrl": scheme_url,
        }),
        _ => json!({ "authUrl": applink_url, "applinkUrl": applink_url, "schemeUrl": scheme_url }),
    };
    let mut answer = urls;
    answer["appIdentifier"] = json!(format!("com.sandbox.{scheme}"));
    sb.state().tickets.insert(
        ticket,
        AuthTicket {
            wallet: req.customer_belongs_to,
            auth_state: req.auth_state,
            redirect_url: req.auth_redirect_url,
            notify_url: req.auth_notify_url,
            expires: sb.now() + TICKET_TTL,
            decided: false,
            recurring_payment: req.recurring_payment,
        },
    );
    success(answer)
}

/// `0917****123`: what wallets show of a login.
pub fn mask(login: &str) -> String {
    let chars: Vec<char> = login.chars().filter(|c| !c.is_whitespace()).collect();
    if chars.len() <= 7 {
        return "****".into();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 3..].iter().collect();
    format!("{head}****{tail}")
}

/// What a link carries into its tokens: the wallet, the buyer's login, where to notify.
type Link = (String, String, Option<String>);

/// Redeems a one-time authCode (AUTHORIZATION_CODE).
fn redeem_code(
    state: &mut crate::state::State,
    req: &ApplyTokenRequest,
    now: OffsetDateTime,
) -> Result<Link, Value> {
    let Some(code) = req.auth_code.as_ref() else {
        return Err(failed(
            "PARAM_ILLEGAL",
            "authCode is required for AUTHORIZATION_CODE",
        ));
    };
    let Some(record) = state.auth_codes.get_mut(code.expose()) else {
        return Err(failed(codes::INVALID_AUTHCODE, "the authCode is not valid"));
    };
    if record.wallet != req.customer_belongs_to {
        return Err(failed(
            codes::INVALID_AUTHCODE,
            "the authCode belongs to another wallet",
        ));
    }
    if record.used {
        return Err(failed(
            codes::INVALID_AUTHCODE,
            "the authCode was already used",
        ));
    }
    if record.expires < now {
        return Err(failed(codes::INVALID_AUTHCODE, "the authCode has expired"));
    }
    record.used = true;
    Ok((
        record.wallet.clone(),
        record.login_id.clone(),
        record.notify_url.clone(),
    ))
}

/// Redeems a refresh token (REFRESH_TOKEN): the old pair ends, a new one begins.
fn redeem_refresh(
    state: &mut crate::state::State,
    req: &ApplyTokenRequest,
    now: OffsetDateTime,
) -> Result<Link, Value> {
    let Some(refresh) = req.refresh_token.as_ref() else {
        return Err(failed(
            "PARAM_ILLEGAL",
            "refreshToken is required for REFRESH_TOKEN",
        ));
    };
    let Some(access) = state.refresh_tokens.get(refresh.expose()).cloned() else {
        return Err(failed(
            "INVALID_REFRESH_TOKEN",
            "the refreshToken is not valid",
        ));
    };
    let Some(old) = state.tokens.get_mut(&access) else {
        return Err(failed(
            "INVALID_REFRESH_TOKEN",
            "the refreshToken is not valid",
        ));
    };
    if old.revoked || old.wallet != req.customer_belongs_to {
        return Err(failed(
            "INVALID_REFRESH_TOKEN",
            "the authorization was revoked",
        ));
    }
    if old.refresh_expires < now {
        return Err(failed(
            "EXPIRED_REFRESH_TOKEN",
            "the refreshToken has expired",
        ));
    }
    // The old pair is replaced by the new one.
    old.revoked = true;
    let carried = (
        old.wallet.clone(),
        old.login_id.clone(),
        old.notify_url.clone(),
    );
    state.refresh_tokens.remove(refresh.expose());
    Ok(carried)
}

pub fn apply_token(sb: &Shared, body: &Value) -> Value {
    let req: ApplyTokenRequest = match parse(body) {
        Ok(r) => r,
        Err(answer) => return answer,
    };
    let now = sb.now();
    let mut state = sb.state();
    let (wallet, login_id, notify_url) = match req.grant_type {
        GrantType::AuthorizationCode => match redeem_code(&mut state, &req, now) {
            Ok(link) => link,
            Err(refusal) => return refusal,
        },
        GrantType::RefreshToken => {
            match state.refresh_script.pop_front().as_deref() {
                Some("no_refresh_token") => return keep_refresh_token(sb, &mut state, &req, now),
                Some(code) => return failed(code, "scripted by /sandbox/control/refresh"),
                None => {}
            }
            match redeem_refresh(&mut state, &req, now) {
                Ok(link) => link,
                Err(refusal) => return refusal,
            }
        }
        GrantType::Other(ref other) => {
            return failed("PARAM_ILLEGAL", &format!("unknown grantType {other}"))
        }
    };
    let access_token = new_secret("at");
    let refresh_token = new_secret("rt");
    let expires = now + span(sb.config.access_token_ttl);
    let refresh_expires = now + span(sb.config.refresh_token_ttl);
    state
        .refresh_tokens
        .insert(refresh_token.clone(), access_token.clone());
    state.tokens.insert(
        access_token.clone(),
        Token {
            wallet: wallet.clone(),
            login_id: login_id.clone(),
            expires,
            refresh_expires,
            revoked: false,
            notify_url: notify_url.or_else(|| sb.config.auth_notify_url.clone()),
        },
    );
    let masked = mask(&login_id);
    success(json!({
        "accessToken": access_token,
        "accessTokenExpiryTime": iso(expires),
        "refreshToken": refresh_token,
        "refreshTokenExpiryTime": iso(refresh_expires),
        "userLoginId": masked,
        "pspCustomerInfo": { "pspName": wallet, "displayCustomerId": masked },
    }))
}

/// A refresh answered as a wallet that does not rotate refresh tokens: a new
/// access token, no `refreshToken` in the answer, the old refresh token still good.
fn keep_refresh_token(
    sb: &Shared,
    state: &mut crate::state::State,
    req: &ApplyTokenRequest,
    now: OffsetDateTime,
) -> Value {
    let Some(refresh) = req.refresh_token.as_ref().map(|r| r.expose().to_owned()) else {
        return failed(
            "PARAM_ILLEGAL",
            "refreshToken is required for REFRESH_TOKEN",
        );
    };
    let Some(old_access) = state.refresh_tokens.get(&refresh).cloned() else {
        return failed("INVALID_REFRESH_TOKEN", "the refreshToken is not valid");
    };
    let Some(old) = state.tokens.get_mut(&old_access) else {
        return failed("INVALID_REFRESH_TOKEN", "the refreshToken is not valid");
    };
    old.revoked = true;
    let token = Token {
        wallet: old.wallet.clone(),
        login_id: old.login_id.clone(),
        expires: now + span(sb.config.access_token_ttl),
        refresh_expires: old.refresh_expires,
        revoked: false,
        notify_url: old.notify_url.clone(),
    };
    let access_token = new_secret("at");
    let expires = token.expires;
    let masked = mask(&token.login_id);
    let wallet = token.wallet.clone();
    state.tokens.insert(access_token.clone(), token);
    state.refresh_tokens.insert(refresh, access_token.clone());
    success(json!({
        "accessToken": access_token,
        "accessTokenExpiryTime": iso(expires),
        "userLoginId": masked,
        "pspCustomerInfo": { "pspName": wallet, "displayCustomerId": masked },
    }))
}

/// `POST /sandbox/control/refresh {"answers": ["no_refresh_token", "KEY_NOT_FOUND", …]}`:
/// how the next refreshes are answered, in order (then as usual).
pub async fn script_refresh(
    State(sb): State<Arc<Shared>>,
    Json(req): Json<RefreshScript>,
) -> Json<Value> {
    sb.state().refresh_script.extend(req.answers);
    Json(json!({}))
}

/// The body of `/sandbox/control/refresh`.
#[derive(serde::Deserialize)]
pub struct RefreshScript {
    answers: Vec<String>,
}
