//! Checkout sessions and the browsers that claimed them.

use super::Db;
use crate::domain::states::PaymentStatus;
use contract::api::Terminal;
use contract::webhooks::EventType;

mod row;
use row::json_text;
pub use row::CheckoutSession;

const COLUMNS: &str =
    "s.id, s.claim_token_hash, s.claimed_at, s.buyer_reference, s.order_reference, \
    s.order_description, s.amount_minor, s.currency, s.items_json, s.region, s.locale, s.terminal, \
    s.return_url, s.embed_origin, s.regions_json, s.brand_color, s.recurring, s.metadata_json, s.mode, s.account_hint, s.mandate_json, s.mandate_id, s.mandate_period_start, s.renews_link_id, s.created_at, s.expires_at";

pub async fn insert(db: &Db, s: &CheckoutSession) -> Result<(), sqlx::Error> {
    insert_with(&db.pool, s).await
}

/// Stores a new session with `conn` (a transaction, when it goes with other writes).
pub async fn insert_with<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    s: &CheckoutSession,
) -> Result<(), sqlx::Error> {
    // Only a choice of regions is kept (`checkout::rules` keeps none of one region).
    let regions = json_text(&s.regions, s.regions.is_empty())?;
    let metadata = json_text(&s.metadata, s.metadata.is_empty())?;
    let items = json_text(&s.items, false)?;
    sqlx::query(
        "INSERT INTO checkout_sessions (id, claim_token_hash, claimed_at, buyer_reference, order_reference, \
         order_description, amount_minor, currency, items_json, region, locale, terminal, return_url, embed_origin, regions_json, brand_color, recurring, metadata_json, mode, account_hint, created_at, expires_at, \
         mandate_json, mandate_id, mandate_period_start, renews_link_id) \
         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
    )
    .bind(&s.id)
    .bind(&s.claim_token_hash)
    .bind(&s.buyer_reference)
    .bind(&s.order_reference)
    .bind(&s.order_description)
    .bind(s.amount_minor)
    .bind(&s.currency)
    .bind(items)
    .bind(&s.region)
    .bind(&s.locale)
    .bind(s.terminal.map(Terminal::as_str))
    .bind(&s.return_url)
    .bind(&s.embed_origin)
    .bind(regions)
    .bind(&s.brand_color)
    .bind(i64::from(s.recurring))
    .bind(metadata)
    .bind(s.mode.as_str())
    .bind(&s.account_hint)
    .bind(s.created_at)
    .bind(s.expires_at)
    .bind(json_text(&s.mandate, s.mandate.is_none())?)
    .bind(s.charged_under.as_ref().map(|(id, _)| id.clone()))
    .bind(s.charged_under.as_ref().and_then(|(_, start)| *start))
    .bind(&s.renews)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CheckoutSession>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM checkout_sessions s WHERE s.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(CheckoutSession::from_row).transpose()
}

/// Marks the one-time claim token used; false if wrong, used or expired.
pub async fn claim(
    db: &Db,
    id: &str,
    token_hash: &str,
    claimant: (&str, &str),
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE checkout_sessions SET claimed_at = $1, claimed_ip = $5, claimed_user_agent = $6 \
         WHERE id = $2 AND claim_token_hash = $3 AND claimed_at IS NULL AND expires_at > $4",
    )
    .bind(now)
    .bind(id)
    .bind(token_hash)
    .bind(now)
    .bind(claimant.0)
    .bind(claimant.1)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The address and user agent of the browser that claimed session `id`, if one did.
pub async fn claimant(db: &Db, id: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT claimed_ip, claimed_user_agent FROM checkout_sessions WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(ip, ua)| Some((ip?, ua.unwrap_or_default()))))
}

/// Adds a claimed checkout to a browser (its cookie's hash); claiming the same one again changes nothing.
pub async fn add_to_browser(
    db: &Db,
    browser_hash: &str,
    session_id: &str,
    now: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO browser_checkouts (browser_hash, checkout_session_id, created_at, expires_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (browser_hash, checkout_session_id) DO NOTHING",
    )
    .bind(browser_hash)
    .bind(session_id)
    .bind(now)
    .bind(expires_at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The encrypted cookie value that replaced browser `old` in a claim still within its window.
pub async fn successor(db: &Db, old: &str, now: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT new_value FROM browser_successors WHERE old_hash = $1 AND until > $2",
    )
    .bind(old)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(v,)| v))
}

/// Names `new_value` (encrypted) the successor of `old` until `until`; false if
/// another claim named one first (a window still open). Ended windows are cleared here.
pub async fn note_successor(
    db: &Db,
    old: &str,
    new_value: &str,
    now: i64,
    until: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM browser_successors WHERE until <= $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    let done = sqlx::query(
        "INSERT INTO browser_successors (old_hash, new_value, until) VALUES ($1, $2, $3) \
         ON CONFLICT (old_hash) DO NOTHING",
    )
    .bind(old)
    .bind(new_value)
    .bind(until)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether a browser value still holds any live checkout.
pub async fn holds_any(db: &Db, browser_hash: &str, now: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM browser_checkouts WHERE browser_hash = $1 AND expires_at > $2 LIMIT 1",
    )
    .bind(browser_hash)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Gives the checkouts and links under way of browser `old` to `new`, and lets
/// `old` keep its checkouts until `grace_until` only (one transaction). A value
/// this service never issued, or whose checkouts all ended, moves nothing.
pub async fn move_browser(
    db: &Db,
    old: &str,
    new: &str,
    now: i64,
    grace_until: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "INSERT INTO browser_checkouts (browser_hash, checkout_session_id, created_at, expires_at) \
         SELECT $1, checkout_session_id, created_at, expires_at FROM browser_checkouts \
         WHERE browser_hash = $2 AND expires_at > $3 \
         ON CONFLICT (browser_hash, checkout_session_id) DO NOTHING",
    )
    .bind(new)
    .bind(old)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE browser_checkouts SET expires_at = $1 WHERE browser_hash = $2 AND expires_at > $1",
    )
    .bind(grace_until)
    .bind(old)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE authorization_attempts SET browser_hash = $1 WHERE browser_hash = $2 AND used_at IS NULL AND expires_at > $3",
    )
        .bind(new)
        .bind(old)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Whether the browser with this cookie hash holds a valid claim on some checkout of `buyer_reference`.
pub async fn browser_knows_buyer(
    db: &Db,
    browser_hash: &str,
    buyer_reference: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM browser_checkouts b JOIN checkout_sessions s ON s.id = b.checkout_session_id \
         WHERE b.browser_hash = $1 AND s.buyer_reference = $2 AND b.expires_at > $3 LIMIT 1",
    )
    .bind(browser_hash)
    .bind(buyer_reference)
    .bind(now)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Whether the browser with this cookie hash ever claimed checkout `session_id`, valid or not.
pub async fn ever_held(db: &Db, browser_hash: &str, session_id: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT 1 FROM browser_checkouts WHERE browser_hash = $1 AND checkout_session_id = $2",
    )
    .bind(browser_hash)
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Checkout `session_id`, if the browser with this cookie hash claimed it and its claim is still valid.
pub async fn for_browser(
    db: &Db,
    browser_hash: &str,
    session_id: &str,
    now: i64,
) -> Result<Option<CheckoutSession>, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM browser_checkouts b JOIN checkout_sessions s ON s.id = b.checkout_session_id \
         WHERE b.browser_hash = $1 AND b.checkout_session_id = $2 AND b.expires_at > $3"
    );
    let row = sqlx::query(&sql)
        .bind(browser_hash)
        .bind(session_id)
        .bind(now)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(CheckoutSession::from_row).transpose()
}

/// Records `checkout_session.expired` for sessions that ran out in the last day unpaid
/// and with no payment under way (internal charge sessions excepted); one statement, so
/// replicas cannot report one twice.
pub async fn report_expired(db: &Db, now: i64) -> Result<u64, sqlx::Error> {
    let expired = EventType::CheckoutSessionExpired;
    let done = sqlx::query(&format!(
        "INSERT INTO events (id, type, object_type, object_id, detail_json, dedupe_key, created_at, created_seq) \
         SELECT 'evt_exp_' || s.id, '{expired}', '{object}', s.id, NULL, \
                '{expired}:' || s.id, s.expires_at, $1 \
         FROM checkout_sessions s WHERE s.expires_at <= $2 AND s.expires_at > $3 AND s.id NOT LIKE 'cs_mit_%' \
         AND NOT EXISTS (SELECT 1 FROM payment_attempts p WHERE p.checkout_session_id = s.id \
                         AND p.status IN {not_failed}) \
         ON CONFLICT DO NOTHING",
        object = expired.object_type(),
        not_failed = PaymentStatus::sql_list(PaymentStatus::NOT_FAILED),
    ))
    .bind(super::now_micros())
    .bind(now)
    .bind(now - 86_400)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() > 0 {
        db.events_recorded.notify_one();
    }
    Ok(done.rows_affected())
}

/// Ends a session now, unless it was paid or a payment is under way (then false).
pub async fn expire_now(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE checkout_sessions SET expires_at = $1 WHERE id = $2 AND expires_at > $3 \
         AND NOT EXISTS (SELECT 1 FROM payment_attempts p WHERE p.checkout_session_id = $4 \
                         AND p.status IN {})",
        PaymentStatus::sql_list(PaymentStatus::NOT_FAILED)
    ))
    .bind(now)
    .bind(id)
    .bind(now)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
