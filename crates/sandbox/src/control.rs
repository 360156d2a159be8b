//! Test-only controls beyond Antom's API: the test clock and buyers' balances.

use crate::authorization::mask;
use crate::Shared;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// `POST /sandbox/control/clock`: moves the test clock forward.
#[derive(Deserialize)]
pub struct AdvanceClock {
    /// An ISO 8601 duration of days and times: `P3D`, `PT6H`, `P30D`.
    advance: String,
}

pub async fn advance_clock(
    State(sb): State<Arc<Shared>>,
    Json(req): Json<AdvanceClock>,
) -> (StatusCode, Json<Value>) {
    let Some(secs) = crate::clock::parse_duration(&req.advance) else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "code": "INVALID_DURATION",
                "message": format!("{:?} is not an ISO 8601 duration of weeks, days, hours, minutes or seconds (P3D, PT12H)", req.advance),
            })),
        );
    };
    let offset = sb.config.clock.advance(secs);
    let now = crate::state::iso(sb.now());
    (
        StatusCode::OK,
        Json(json!({ "now": now, "offset_seconds": offset })),
    )
}

/// `POST /sandbox/control/balance`: sets a sandbox buyer's wallet balance ("top up on payday").
#[derive(Deserialize)]
pub struct SetBalance {
    /// The buyer's login in the wallet, as typed on the wallet page or masked as Antom shows it.
    login_id: String,
    /// The wallet (Antom code); every wallet of that login when absent.
    wallet: Option<String>,
    /// The new balance in minor units.
    balance: i64,
}

pub async fn set_balance(
    State(sb): State<Arc<Shared>>,
    Json(req): Json<SetBalance>,
) -> (StatusCode, Json<Value>) {
    if req.balance < 0 {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(
                json!({ "code": "INVALID_BALANCE", "message": "a balance is zero or more minor units" }),
            ),
        );
    }
    let mut state = sb.state();
    // A masked login names every login it masks; a full one names itself.
    let names = |login: &str| login == req.login_id || mask(login) == req.login_id;
    let wanted = |wallet: &str| req.wallet.as_deref().is_none_or(|w| w == wallet);
    let mut accounts: Vec<(String, String)> = state
        .tokens
        .values()
        .filter(|t| names(&t.login_id) && wanted(&t.wallet))
        .map(|t| (t.wallet.clone(), t.login_id.clone()))
        .collect();
    if let Some(wallet) = &req.wallet {
        accounts.push((wallet.clone(), req.login_id.clone()));
    }
    accounts.sort();
    accounts.dedup();
    for (wallet, login) in &accounts {
        state
            .balances
            .insert(crate::state::balance_key(wallet, login), req.balance);
    }
    let set: Vec<Value> = accounts
        .iter()
        .map(|(wallet, login)| json!({ "wallet": wallet, "login_id": mask(login) }))
        .collect();
    (
        StatusCode::OK,
        Json(json!({ "accounts": set, "balance": req.balance })),
    )
}
