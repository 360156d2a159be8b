//! Operator accounts: Argon2id passwords, a TOTP second factor with
//! single-use recovery codes, roles, lock-out, and console sign-ins with an
//! idle and an absolute timeout.

use super::{sign_in_failed, totp, Caller, Role};
use crate::crypto::{keyed_hash_hex, random_token, sha256_hex};
use crate::domain::audit::Actor;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::operators::{self as stored, OperatorRow};
use crate::Service;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use contract::access::{ConsoleSignIn, CreatedOperator, NewOperator, OperatorView, SignIn};

/// Failed sign-ins in a row that lock an account.
pub const LOCK_AFTER_FAILURES: i64 = 5;
/// How long a lock lasts.
pub const LOCK_SECS: i64 = 15 * 60;
/// A console sign-in ends after this long without a call.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// And after this long whatever happens.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 3600;
/// Recovery codes each operator gets.
const RECOVERY_CODES: usize = 10;
/// The shortest password taken.
const MIN_PASSWORD_CHARS: usize = 12;

fn role_of(row: &OperatorRow) -> Result<Role> {
    Role::parse(&row.role)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("unknown role {:?}", row.role)))
}

fn view(row: &OperatorRow, at: i64) -> Result<OperatorView> {
    Ok(OperatorView {
        id: row.id.clone(),
        email: row.email.clone(),
        role: role_of(row)?,
        created_at: row.created_at,
        locked_until: row.locked_until.filter(|until| *until > at),
        disabled_at: row.disabled_at,
    })
}

/// Argon2 runs at once, at most: each takes 19 MiB, and sign-ins are open to anyone.
static ARGON2_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

/// Argon2id with the crate's defaults (OWASP's first choice: 19 MiB, 2 passes).
async fn hash_password(password: String) -> Result<String> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(anyhow::anyhow!("argon2: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.into()))?
}

async fn password_matches(password: String, phc: String) -> Result<bool> {
    let _slot = ARGON2_SLOTS
        .acquire()
        .await
        .map_err(|e| Error::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&phc) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|e| Error::Internal(e.into()))
}

/// A recovery code's stored form: keyed, so a copy of the database alone cannot test guesses.
fn recovery_hash(svc: &Service, code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    keyed_hash_hex(
        &svc.config.token_encryption_key,
        format!("operator-recovery-code:{normal}").as_bytes(),
    )
}

/// `xxxxx-xxxxx`, 50 random bits in an alphabet without look-alikes.
fn recovery_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let mut pick = || ALPHABET[rng.gen_range(0..ALPHABET.len())] as char;
    let first: String = (0..5).map(|_| pick()).collect();
    let second: String = (0..5).map(|_| pick()).collect();
    format!("{first}-{second}")
}

/// The address lower-cased, if it is the ASCII `local@domain.tld` the document promises.
fn normal_email(email: &str) -> Result<String> {
    let email = email.trim().to_ascii_lowercase();
    let local_char = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let label = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.chars().all(local_char)
                && domain.split('.').count() >= 2
                && domain.split('.').all(label)
        });
    if valid {
        Ok(email)
    } else {
        Err(Error::validation("email: an e-mail address"))
    }
}

/// Makes an operator, with their second factor; its secrets are in the answer only.
pub async fn create(svc: &Service, new: &NewOperator, by: &Actor) -> Result<CreatedOperator> {
    let email = normal_email(&new.email)?;
    if !(MIN_PASSWORD_CHARS..=256).contains(&new.password.chars().count()) {
        return Err(Error::validation("password: 12 to 256 characters"));
    }
    let secret = totp::new_secret();
    let (totp_uri, totp_secret) = totp::enrolment(&secret, &email, &svc.config.merchant_name)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("TOTP secret refused")))?;
    let recovery_codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes: Vec<String> = recovery_codes
        .iter()
        .map(|c| recovery_hash(svc, c))
        .collect();
    let id = crate::crypto::new_id("op");
    let row = OperatorRow {
        totp_secret: svc.cipher.seal(&hex(&secret), totp_binding(&id)),
        id,
        email,
        role: new.role.as_str().to_owned(),
        password_hash: hash_password(new.password.clone()).await?,
        totp_last_step: 0,
        failed_sign_ins: 0,
        locked_until: None,
        disabled_at: None,
        created_at: svc.now(),
        created_by: by.to_text(),
    };
    if !stored::insert(&svc.db, &row, &hashes).await? {
        return Err(Error::conflict(
            ErrorCode::Validation,
            "an operator with this e-mail address exists already",
        ));
    }
    Ok(CreatedOperator {
        operator: view(&row, svc.now())?,
        totp_uri,
        totp_secret,
        recovery_codes,
    })
}

/// Disables operator `id`: they cannot sign in, and every sign-in of theirs ends now.
pub async fn disable(svc: &Service, id: &str) -> Result<OperatorView> {
    if !stored::disable(&svc.db, id, svc.now()).await? {
        return Err(Error::NotFound("operator"));
    }
    let row = stored::by_id(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("operator"))?;
    view(&row, svc.now())
}

/// Every operator.
pub async fn list(svc: &Service) -> Result<Vec<OperatorView>> {
    let at = svc.now();
    stored::all(&svc.db)
        .await?
        .iter()
        .map(|row| view(row, at))
        .collect()
}

/// An operator's TOTP secret, sealed to their account.
pub(crate) fn totp_binding(operator_id: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "operator.totp_secret",
        row: operator_id,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The Argon2 hash of a password no one has, so an unknown e-mail costs the
/// same time as a known one (made once, at the first such sign-in).
async fn decoy_hash() -> Result<String> {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_try_init(|| hash_password(random_token(16)))
        .await
        .cloned()
}

/// A started console sign-in: the cookie's value (shown to the browser only) and what the console reads.
pub struct Started {
    /// The cookie's value.
    pub cookie: String,
    /// Who signed in.
    pub signed_in: ConsoleSignIn,
}

/// Signs an operator in with e-mail, password and a TOTP or recovery code.
///
/// Which part was wrong is never said; a locked account says it is locked.
pub async fn sign_in(svc: &Service, form: &SignIn) -> Result<Started> {
    let email = form.email.trim().to_lowercase();
    // A disabled operator is refused like an unknown one.
    let Some(op) = stored::by_email(&svc.db, &email)
        .await?
        .filter(|op| op.disabled_at.is_none())
    else {
        password_matches(form.password.clone(), decoy_hash().await?).await?;
        return Err(sign_in_failed());
    };
    let at = svc.now();
    // The attempt is counted before it is checked (a good one clears the count).
    if !stored::take_attempt(&svc.db, &op.id, at, LOCK_AFTER_FAILURES, at + LOCK_SECS).await? {
        let until = stored::attempts(&svc.db, &op.id)
            .await?
            .1
            .unwrap_or(at + LOCK_SECS);
        return Err(locked(until - at));
    }
    let proven = password_matches(form.password.clone(), op.password_hash.clone()).await?
        && second_factor(svc, &op, form.code.trim(), at).await?;
    if !proven {
        let (failures, until) = stored::attempts(&svc.db, &op.id).await?;
        tracing::warn!(operator = %op.id, failures, "console sign-in refused");
        return Err(match until {
            Some(until) if until > at => locked(until - at),
            _ => sign_in_failed(),
        });
    }
    let cookie = random_token(32);
    let csrf_token = random_token(24);
    stored::start_sign_in(
        &svc.db,
        &op.id,
        &sha256_hex(cookie.as_bytes()),
        &csrf_token,
        at,
    )
    .await?;
    Ok(Started {
        cookie,
        signed_in: console_sign_in(svc, &op, csrf_token).await?,
    })
}

fn locked(retry_after_secs: i64) -> Error {
    Error::TooMany {
        code: ErrorCode::OperatorLocked,
        message: "too many failed sign-ins: this account is locked for a while".into(),
        retry_after_secs: retry_after_secs.max(1) as u64,
    }
}

/// Whether `code` is the operator's current TOTP code (unused) or one of their unused recovery codes.
async fn second_factor(svc: &Service, op: &OperatorRow, code: &str, at: i64) -> Result<bool> {
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        let secret = unhex(&svc.cipher.open(&op.totp_secret, totp_binding(&op.id))?)
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("TOTP secret unreadable")))?;
        // The operator's authenticator reads real time, whatever the test clock says.
        return Ok(
            match totp::matching_step(&secret, code, crate::clock::real_now()) {
                Some(step) => stored::take_totp_step(&svc.db, &op.id, step).await?,
                None => false,
            },
        );
    }
    if code.is_empty() {
        return Ok(false);
    }
    Ok(stored::spend_recovery_code(&svc.db, &op.id, &recovery_hash(svc, code), at).await?)
}

async fn console_sign_in(
    svc: &Service,
    op: &OperatorRow,
    csrf_token: String,
) -> Result<ConsoleSignIn> {
    let role = role_of(op)?;
    Ok(ConsoleSignIn {
        email: op.email.clone(),
        role,
        scopes: role.scopes().to_vec(),
        csrf_token,
        recovery_codes_left: stored::unused_recovery_codes(&svc.db, &op.id).await?.len() as u32,
    })
}

/// The console sign-in of a cookie value, if it is live: the caller it makes and its CSRF token.
/// A sign-in past its idle or absolute timeout is ended here.
pub async fn signed_in(svc: &Service, cookie: &str) -> Result<Option<(Caller, String)>> {
    let Some((sign_in, op)) = live_sign_in(svc, cookie).await? else {
        return Ok(None);
    };
    let role = role_of(&op)?;
    Ok(Some((
        Caller {
            actor: Actor::Operator(op.email),
            scopes: role.scopes().to_vec(),
        },
        sign_in.csrf_token,
    )))
}

/// The live sign-in of a cookie value and its operator, its idle timeout restarted.
async fn live_sign_in(
    svc: &Service,
    cookie: &str,
) -> Result<Option<(stored::SignInRow, OperatorRow)>> {
    let token = sha256_hex(cookie.as_bytes());
    let Some((sign_in, op)) = stored::sign_in_of(&svc.db, &token).await? else {
        return Ok(None);
    };
    if op.disabled_at.is_some() {
        return Ok(None);
    }
    let at = svc.now();
    if sign_in.last_seen_at + IDLE_TIMEOUT_SECS <= at
        || sign_in.created_at + ABSOLUTE_TIMEOUT_SECS <= at
    {
        stored::end_sign_in(&svc.db, &token, at).await?;
        return Ok(None);
    }
    stored::touch_sign_in(&svc.db, &token, at).await?;
    Ok(Some((sign_in, op)))
}

/// What the console shows of a live sign-in (after a reload).
pub async fn describe(svc: &Service, cookie: &str) -> Result<Option<ConsoleSignIn>> {
    match live_sign_in(svc, cookie).await? {
        Some((sign_in, op)) => Ok(Some(console_sign_in(svc, &op, sign_in.csrf_token).await?)),
        None => Ok(None),
    }
}

/// Ends the sign-in of a cookie value.
pub async fn sign_out(svc: &Service, cookie: &str) -> Result<()> {
    Ok(stored::end_sign_in(&svc.db, &sha256_hex(cookie.as_bytes()), svc.now()).await?)
}
