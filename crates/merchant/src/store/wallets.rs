//! Linked wallets: a buyer's authorizations, tokens encrypted.

use super::Db;
use crate::domain::states::LinkStatus;
use contract::webhooks::EventType;
use sqlx::FromRow;

/// The one status a link's token may be used in.
const ACTIVE: &str = LinkStatus::Active.sql();

/// One authorization of one wallet by one buyer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LinkedWalletRow {
    pub id: String,
    pub buyer_reference: String,
    pub wallet: String,
    pub display_account: Option<String>,
    pub access_token_enc: String,
    pub access_token_hash: String,
    pub access_token_expires_at: Option<i64>,
    pub refresh_token_enc: Option<String>,
    pub refresh_token_expires_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub status: LinkStatus,
    pub created_at: i64,
    pub updated_at: i64,
}

impl LinkedWalletRow {
    /// When the link lapses unless renewed: its refresh token's expiry, or its access
    /// token's when the wallet gave no refresh token.
    pub fn lapses_at(&self) -> Option<i64> {
        match &self.refresh_token_enc {
            Some(_) => self.refresh_token_expires_at,
            None => self.access_token_expires_at,
        }
    }

    /// What its tokens are sealed to: `id:buyer_reference:wallet` (moved to
    /// another buyer, or another row's tokens copied in, they do not open).
    pub fn binding_row(&self) -> String {
        format!("{}:{}:{}", self.id, self.buyer_reference, self.wallet)
    }
}

const COLUMNS: &str = "id, buyer_reference, wallet, display_account, access_token_enc, access_token_hash, \
    access_token_expires_at, refresh_token_enc, refresh_token_expires_at, status, created_at, updated_at";

/// What comes with a new link: the authorization it finishes, the setup checkout
/// it completes, where it was made, the mandate the buyer agreed to.
#[derive(Debug, Default)]
pub struct NewLink<'a> {
    pub auth_state: Option<&'a str>,
    pub completes_session: Option<&'a str>,
    pub linked_from: Option<serde_json::Value>,
    pub mandate: Option<super::mandates::MandateRow>,
    /// A relink: the mandate (`md_…`) the new link keeps, moved from the link it renews.
    pub keeps_mandate: Option<String>,
}

/// Stores a new active link, in one transaction with the authorization's outcome, its
/// mandate (new, or kept from the link it renews) and, for a checkout that only links,
/// its `checkout_session.completed`. An older active link of the same wallet ends
/// (`wallet.unlinked`, `ended_by: relinked`, and its mandate unless kept); it is
/// answered, for its token to be revoked at Antom.
pub async fn insert_active(
    db: &Db,
    w: &LinkedWalletRow,
    new: NewLink<'_>,
) -> Result<Vec<LinkedWalletRow>, sqlx::Error> {
    let NewLink {
        auth_state,
        completes_session,
        linked_from,
        mandate,
        keeps_mandate,
    } = new;
    let mut tx = db.pool.begin().await?;
    let older = sqlx::query(&format!("UPDATE linked_wallets SET status = {}, updated_at = $1 WHERE buyer_reference = $2 AND wallet = $3 AND status = {ACTIVE} RETURNING {COLUMNS}", LinkStatus::Unlinked.sql()))
        .bind(w.created_at)
        .bind(&w.buyer_reference)
        .bind(&w.wallet)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(LinkedWalletRow::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    for old in &older {
        let event = super::events::NewEvent {
            detail: Some(serde_json::json!({ "ended_by": "relinked" })),
            ..super::events::NewEvent::once(EventType::WalletUnlinked, &old.id, w.created_at)
        };
        super::events::record(&mut tx, &event).await?;
        if keeps_mandate.is_none() {
            super::mandates::end_for_link(&mut tx, &old.id, "relinked", w.created_at).await?;
        }
    }
    let sql = format!("INSERT INTO linked_wallets ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, {ACTIVE}, $10, $11)");
    sqlx::query(&sql)
        .bind(&w.id)
        .bind(&w.buyer_reference)
        .bind(&w.wallet)
        .bind(&w.display_account)
        .bind(&w.access_token_enc)
        .bind(&w.access_token_hash)
        .bind(w.access_token_expires_at)
        .bind(&w.refresh_token_enc)
        .bind(w.refresh_token_expires_at)
        .bind(w.created_at)
        .bind(w.updated_at)
        .execute(&mut *tx)
        .await?;
    if let Some(state) = auth_state {
        sqlx::query(&format!(
            "UPDATE authorization_attempts SET outcome = {} WHERE auth_state = $1",
            crate::domain::states::AuthorizationOutcome::LINKED_SQL
        ))
        .bind(state)
        .execute(&mut *tx)
        .await?;
    }
    let mut event = super::events::NewEvent::once(EventType::WalletLinked, &w.id, w.created_at);
    event.detail = linked_from.map(|from| serde_json::json!({ "linked_from": from }));
    super::events::record(&mut tx, &event).await?;
    if let Some(mandate) = &mandate {
        super::mandates::insert(&mut tx, mandate).await?;
    }
    if let Some(kept) = &keeps_mandate {
        super::mandates::move_to(&mut tx, kept, &w.id, w.created_at).await?;
    }
    if let Some(session) = completes_session {
        let event = super::events::NewEvent::once(
            EventType::CheckoutSessionCompleted,
            session,
            w.created_at,
        );
        super::events::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(older)
}

/// The latest link of each wallet the buyer ever linked (its active one, if any), newest first.
pub async fn latest_for_buyer(db: &Db, buyer: &str) -> Result<Vec<LinkedWalletRow>, sqlx::Error> {
    // Active first: a relink in the same second as the link it replaced must win.
    let sql = format!("SELECT {COLUMNS} FROM linked_wallets WHERE buyer_reference = $1 ORDER BY CASE WHEN status = {ACTIVE} THEN 0 ELSE 1 END, created_at DESC, id");
    let rows = sqlx::query(&sql).bind(buyer).fetch_all(&db.pool).await?;
    let mut seen = std::collections::HashSet::new();
    let mut latest = Vec::new();
    for row in &rows {
        let w = LinkedWalletRow::from_row(row)?;
        if seen.insert(w.wallet.clone()) {
            latest.push(w);
        }
    }
    Ok(latest)
}

pub async fn active(
    db: &Db,
    buyer: &str,
    wallet: &str,
) -> Result<Option<LinkedWalletRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM linked_wallets WHERE buyer_reference = $1 AND wallet = $2 AND status = {ACTIVE}");
    let row = sqlx::query(&sql)
        .bind(buyer)
        .bind(wallet)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(LinkedWalletRow::from_row).transpose()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<LinkedWalletRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM linked_wallets WHERE id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(LinkedWalletRow::from_row).transpose()
}

/// Ends an active link; false if it was not active.
pub async fn end(db: &Db, id: &str, status: LinkStatus, now: i64) -> Result<bool, sqlx::Error> {
    // Who ended it, as the merchant's systems need to know.
    let ended_by = match status {
        LinkStatus::Unlinked => "buyer",
        LinkStatus::RevokedByWallet => "wallet_app",
        LinkStatus::Expired | LinkStatus::Active => "antom",
    };
    end_by(db, id, status, ended_by, now).await
}

/// Ends an active link, saying who ended it (`buyer`, `merchant`, `wallet_app`, `antom`)
/// in its `wallet.unlinked` event.
pub async fn end_by(
    db: &Db,
    id: &str,
    status: LinkStatus,
    ended_by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    end_where(db, id, None, status, ended_by, now).await
}

/// Ends an active link as Antom's refusal of token `token_hash` says, only if
/// that token is still the link's: a payment sent with the token a refresh has
/// since replaced must not end the freshly refreshed link.
pub async fn end_with_token(
    db: &Db,
    id: &str,
    token_hash: &str,
    status: LinkStatus,
    now: i64,
) -> Result<bool, sqlx::Error> {
    end_where(db, id, Some(token_hash), status, "antom", now).await
}

async fn end_where(
    db: &Db,
    id: &str,
    token_hash: Option<&str>,
    status: LinkStatus,
    ended_by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(&format!("UPDATE linked_wallets SET status = $1, updated_at = $2, lease_until = NULL WHERE id = $3 AND status = {ACTIVE} AND ($4 IS NULL OR access_token_hash = $4)"))
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    let ended = done.rows_affected() == 1;
    if ended {
        let event = super::events::NewEvent {
            detail: Some(serde_json::json!({ "ended_by": ended_by })),
            ..super::events::NewEvent::once(EventType::WalletUnlinked, id, now)
        };
        super::events::record(&mut tx, &event).await?;
        super::mandates::end_for_link(&mut tx, id, ended_by, now).await?;
    }
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(ended)
}

pub async fn by_token_hash(db: &Db, hash: &str) -> Result<Option<LinkedWalletRow>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM linked_wallets WHERE access_token_hash = $1");
    let row = sqlx::query(&sql)
        .bind(hash)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(LinkedWalletRow::from_row).transpose()
}

/// Leaves a link alone until `until` (a refresh that failed waits before the next try).
pub async fn hold(db: &Db, id: &str, until: i64) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE linked_wallets SET lease_until = $1 WHERE id = $2 AND status = {ACTIVE}"
    ))
    .bind(until)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Replaces the tokens of a link after a refresh, only while it is still
/// active; false when it ended meanwhile (an unlink won the race).
pub async fn replace_tokens(db: &Db, w: &LinkedWalletRow) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(&format!(
        "UPDATE linked_wallets SET access_token_enc = $1, access_token_hash = $2, access_token_expires_at = $3, \
         refresh_token_enc = $4, refresh_token_expires_at = $5, updated_at = $6, lease_until = NULL \
         WHERE id = $7 AND status = {ACTIVE}"
    ))
    .bind(&w.access_token_enc)
    .bind(&w.access_token_hash)
    .bind(w.access_token_expires_at)
    .bind(&w.refresh_token_enc)
    .bind(w.refresh_token_expires_at)
    .bind(w.updated_at)
    .bind(&w.id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// When a link lapses unless the buyer links again (SQL): its refresh token's expiry,
/// or its access token's when it has no refresh token.
pub(crate) const LAPSES_AT: &str = "CASE WHEN refresh_token_enc IS NULL THEN access_token_expires_at ELSE refresh_token_expires_at END";

/// Leases active links whose access token expires before `horizon`, for one worker.
pub async fn lease_expiring(
    db: &Db,
    now: i64,
    horizon: i64,
    lease_until: i64,
) -> Result<Vec<LinkedWalletRow>, sqlx::Error> {
    let sql = format!(
        "UPDATE linked_wallets SET lease_until = $1 WHERE id IN (\
           SELECT id FROM linked_wallets WHERE status = {ACTIVE} AND access_token_expires_at < $2 \
           AND (lease_until IS NULL OR lease_until < $3) ORDER BY access_token_expires_at LIMIT 20 {}) \
         AND (lease_until IS NULL OR lease_until < $3) RETURNING {COLUMNS}",
        db.skip_locked()
    );
    let rows = sqlx::query(&sql)
        .bind(lease_until)
        .bind(horizon)
        .bind(now)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(LinkedWalletRow::from_row).collect()
}

/// Reports `wallet.expiring` for active links that lapse before `horizon`, once per
/// link and lapse time (a conditional write: replicas report each once); how many.
pub async fn report_expiring(db: &Db, now: i64, horizon: i64) -> Result<usize, sqlx::Error> {
    let lapse = LAPSES_AT;
    let due: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT id, {lapse} FROM linked_wallets WHERE status = {ACTIVE} AND {lapse} IS NOT NULL \
         AND {lapse} < $1 AND {lapse} > $2 \
         AND (expiring_reported_for IS NULL OR expiring_reported_for <> {lapse}) LIMIT 100"
    ))
    .bind(horizon)
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut reported = 0;
    for (id, lapses_at) in due {
        let mut tx = db.pool.begin().await?;
        let took = sqlx::query(&format!(
            "UPDATE linked_wallets SET expiring_reported_for = $1 WHERE id = $2 AND status = {ACTIVE} \
             AND (expiring_reported_for IS NULL OR expiring_reported_for <> $1)"
        ))
        .bind(lapses_at)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        if took.rows_affected() == 1 {
            let event = super::events::NewEvent {
                dedupe_key: format!("wallet.expiring:{id}:{lapses_at}"),
                ..super::events::NewEvent::once(EventType::WalletExpiring, &id, now)
            };
            super::events::record(&mut tx, &event).await?;
            reported += 1;
        }
        tx.commit().await?;
    }
    if reported > 0 {
        db.events_recorded.notify_one();
    }
    Ok(reported)
}
