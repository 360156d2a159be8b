//! API keys: `sk_<mode>_<id>_<secret>`, the id in the clear so a key can be
//! found, named and revoked from what a log or a leak shows of it.

use super::{parse_scopes, scopes_text, Caller};
use crate::crypto::{constant_time_eq, random_token, sha256_hex};
use crate::domain::audit::Actor;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::api_keys::{self as stored, ApiKeyRow};
use crate::Service;
use contract::access::{ApiKeyView, CreatedApiKey, NewApiKey, RollApiKey};

/// How long a rolled key keeps working when the roll does not say.
pub const ROLL_OVERLAP_SECS: i64 = 24 * 3600;
/// The longest overlap a roll may ask for (30 days).
pub const MAX_ROLL_OVERLAP_SECS: i64 = 30 * 24 * 3600;

/// `sk_live_` or `sk_sandbox_`: which mode the service is in.
fn prefix(svc: &Service) -> &'static str {
    if svc.config.is_sandbox() {
        "sk_sandbox_"
    } else {
        "sk_live_"
    }
}

fn view(row: &ApiKeyRow, at: i64) -> Result<ApiKeyView> {
    Ok(ApiKeyView {
        id: row.id.clone(),
        name: row.name.clone(),
        scopes: parse_scopes(&row.scopes)?,
        created_at: row.created_at,
        expires_at: row.expires_at,
        revoked_at: row.revoked_at,
        last_used_at: row.last_used_at,
        created_by: row.created_by.clone(),
        active: works(row, at),
    })
}

fn works(row: &ApiKeyRow, at: i64) -> bool {
    row.revoked_at.is_none() && row.expires_at.is_none_or(|e| e > at)
}

/// A fresh key row and its secret.
fn mint(
    svc: &Service,
    name: &str,
    scopes: &str,
    expires_at: Option<i64>,
    by: &Actor,
) -> (ApiKeyRow, String) {
    let id = format!("key_{}", hex_id());
    let secret = format!("{}{id}_{}", prefix(svc), random_token(32));
    let row = ApiKeyRow {
        id,
        name: name.to_owned(),
        secret_sha256: sha256_hex(secret.as_bytes()),
        scopes: scopes.to_owned(),
        created_at: svc.now(),
        created_by: by.to_text(),
        expires_at,
        revoked_at: None,
        last_used_at: None,
        rolled_from: None,
    };
    (row, secret)
}

/// Ten lower-case hex digits.
fn hex_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 5];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes a key; its secret is in the answer and nowhere else.
pub async fn create(svc: &Service, new: &NewApiKey, by: &Actor) -> Result<CreatedApiKey> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(Error::validation("name: 1 to 64 printable characters"));
    }
    let scopes = scopes_text(&new.scopes)?;
    if new.expires_at.is_some_and(|e| e <= svc.now()) {
        return Err(Error::validation("expires_at: must be in the future"));
    }
    let (row, secret) = mint(svc, name, &scopes, new.expires_at, by);
    stored::insert(&svc.db, &row).await?;
    Ok(CreatedApiKey {
        key: view(&row, svc.now())?,
        secret,
    })
}

/// Every key, newest first.
pub async fn list(svc: &Service) -> Result<Vec<ApiKeyView>> {
    let at = svc.now();
    stored::all(&svc.db)
        .await?
        .iter()
        .map(|row| view(row, at))
        .collect()
}

/// Revokes key `id` now; a key revoked already stays as it was (revoking is idempotent).
pub async fn revoke(svc: &Service, id: &str) -> Result<ApiKeyView> {
    stored::revoke(&svc.db, id, svc.now()).await?;
    let row = stored::by_id(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("API key"))?;
    view(&row, svc.now())
}

/// A new key with the same name and scopes; the old one works for the overlap,
/// then stops. `by` must hold every scope of the key (a new secret is a new grant).
pub async fn roll(
    svc: &Service,
    id: &str,
    roll: &RollApiKey,
    by: &Caller,
) -> Result<CreatedApiKey> {
    let overlap = roll.old_key_works_for_secs.unwrap_or(ROLL_OVERLAP_SECS);
    if !(0..=MAX_ROLL_OVERLAP_SECS).contains(&overlap) {
        return Err(Error::validation(
            "old_key_works_for_secs: 0 to 2592000 (30 days)",
        ));
    }
    let old = stored::by_id(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("API key"))?;
    by.require_all(&parse_scopes(&old.scopes)?)?;
    let at = svc.now();
    if !works(&old, at) {
        return Err(Error::conflict(
            ErrorCode::Validation,
            "this key no longer works; create a new one instead",
        ));
    }
    let (mut row, secret) = mint(svc, &old.name, &old.scopes, old.expires_at, &by.actor);
    row.rolled_from = Some(old.id.clone());
    if !stored::roll(&svc.db, &old.id, at + overlap, &row, at).await? {
        return Err(Error::conflict(
            ErrorCode::Validation,
            "this key stopped working while it was being rolled",
        ));
    }
    Ok(CreatedApiKey {
        key: view(&row, at)?,
        secret,
    })
}

/// The caller a presented key proves, if it proves one.
pub async fn authenticate(svc: &Service, presented: &str) -> Result<Option<Caller>> {
    if constant_time_eq(presented, &svc.config.merchant_api_key) {
        return Ok(Some(Caller::bootstrap()));
    }
    let Some(id) = presented
        .strip_prefix(prefix(svc))
        .and_then(|rest| rest.get(..14))
        .filter(|id| id.starts_with("key_"))
    else {
        return Ok(None);
    };
    let Some(row) = stored::by_id(&svc.db, id).await? else {
        return Ok(None);
    };
    let at = svc.now();
    if !constant_time_eq(&sha256_hex(presented.as_bytes()), &row.secret_sha256) || !works(&row, at)
    {
        return Ok(None);
    }
    stored::note_use(&svc.db, &row.id, at).await?;
    Ok(Some(Caller {
        actor: Actor::ApiKey {
            id: row.id,
            name: row.name,
        },
        scopes: parse_scopes(&row.scopes)?,
    }))
}
