//! Mandates: what a buyer agreed the merchant may charge a link without them.
//! The interval's running total is counted by one conditional UPDATE in the
//! transaction that stores the charge, so concurrent charges cannot pass it together.

use super::events::{self, NewEvent};
use super::sessions::{self, CheckoutSession};
use super::{col, Db};
use contract::webhooks::EventType;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// One mandate with the link it rides on.
#[derive(Debug, Clone)]
pub struct MandateRow {
    pub id: String,
    pub linked_wallet_id: String,
    pub buyer_reference: String,
    pub wallet: String,
    pub checkout_session_id: Option<String>,
    pub description: String,
    pub currency: String,
    pub max_per_charge_minor: Option<i64>,
    pub interval_unit: Option<String>,
    pub max_per_interval_minor: Option<i64>,
    pub ends_at: Option<i64>,
    pub created_at: i64,
    pub ended_at: Option<i64>,
    pub ended_by: Option<String>,
    pub period_start: Option<i64>,
    pub period_charged_minor: i64,
}

impl MandateRow {
    /// How often its interval maximum starts again, if it has one.
    pub fn interval(&self) -> Option<contract::mandates::MandateInterval> {
        self.interval_unit
            .as_deref()
            .and_then(contract::mandates::MandateInterval::parse)
    }

    /// Whether it still allows charges at `now`: not ended, and not past its end date.
    pub fn is_open(&self, now: i64) -> bool {
        self.ended_at.is_none() && self.ends_at.is_none_or(|end| end > now)
    }

    fn from_row(r: &AnyRow) -> Result<Self, sqlx::Error> {
        Ok(Self {
            id: col(r, "id")?,
            linked_wallet_id: col(r, "linked_wallet_id")?,
            buyer_reference: col(r, "buyer_reference")?,
            wallet: col(r, "wallet")?,
            checkout_session_id: col(r, "checkout_session_id")?,
            description: col(r, "description")?,
            currency: col(r, "currency")?,
            max_per_charge_minor: col(r, "max_per_charge_minor")?,
            interval_unit: col(r, "interval_unit")?,
            max_per_interval_minor: col(r, "max_per_interval_minor")?,
            ends_at: col(r, "ends_at")?,
            created_at: col(r, "created_at")?,
            ended_at: col(r, "ended_at")?,
            ended_by: col(r, "ended_by")?,
            period_start: col(r, "period_start")?,
            period_charged_minor: col(r, "period_charged_minor")?,
        })
    }
}

const SELECT: &str = "SELECT m.id, m.linked_wallet_id, w.buyer_reference, w.wallet, m.checkout_session_id, \
    m.description, m.currency, m.max_per_charge_minor, m.interval_unit, m.max_per_interval_minor, m.ends_at, \
    m.created_at, m.ended_at, m.ended_by, m.period_start, m.period_charged_minor \
    FROM mandates m JOIN linked_wallets w ON w.id = m.linked_wallet_id";

/// Stores a new mandate beside the link it rides on, with its `mandate.created`.
pub async fn insert(conn: &mut AnyConnection, m: &MandateRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mandates (id, linked_wallet_id, checkout_session_id, description, currency, \
         max_per_charge_minor, interval_unit, max_per_interval_minor, ends_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&m.id)
    .bind(&m.linked_wallet_id)
    .bind(&m.checkout_session_id)
    .bind(&m.description)
    .bind(&m.currency)
    .bind(m.max_per_charge_minor)
    .bind(&m.interval_unit)
    .bind(m.max_per_interval_minor)
    .bind(m.ends_at)
    .bind(m.created_at)
    .execute(&mut *conn)
    .await?;
    events::record(
        conn,
        &NewEvent::once(EventType::MandateCreated, &m.id, m.created_at),
    )
    .await
}

/// The mandate of link `linked_wallet_id`, if it has one.
pub async fn for_link(db: &Db, linked_wallet_id: &str) -> Result<Option<MandateRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE m.linked_wallet_id = $1");
    let row = sqlx::query(&sql)
        .bind(linked_wallet_id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(MandateRow::from_row).transpose()
}

/// Moves mandate `id` to link `linked_wallet_id` of the same buyer and wallet (a relink
/// keeps it), open again, with `mandate.created` for the link it now rides on; only a
/// mandate still open or ended because its link lapsed (`antom`), never one the buyer or
/// the merchant ended. False if it could not be kept.
pub async fn move_to(
    conn: &mut AnyConnection,
    id: &str,
    linked_wallet_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let moved = sqlx::query(
        "UPDATE mandates SET linked_wallet_id = $1, ended_at = NULL, ended_by = NULL \
         WHERE id = $2 AND (ended_at IS NULL OR ended_by = 'antom') \
           AND linked_wallet_id IN (SELECT old.id FROM linked_wallets old JOIN linked_wallets new \
                ON new.id = $1 AND old.buyer_reference = new.buyer_reference AND old.wallet = new.wallet)",
    )
    .bind(linked_wallet_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    if moved.rows_affected() != 1 {
        return Ok(false);
    }
    let event = NewEvent {
        dedupe_key: format!("mandate.created:{id}:{linked_wallet_id}"),
        ..NewEvent::once(EventType::MandateCreated, id, now)
    };
    events::record(conn, &event).await?;
    Ok(true)
}

/// Mandate `id`.
pub async fn get(db: &Db, id: &str) -> Result<Option<MandateRow>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE m.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?;
    row.as_ref().map(MandateRow::from_row).transpose()
}

/// Ends the open mandate of link `linked_wallet_id` (inside the transaction that
/// ends the link, or alone), with its `mandate.ended`; false if none was open.
pub async fn end_for_link(
    conn: &mut AnyConnection,
    linked_wallet_id: &str,
    ended_by: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let ended: Option<(String,)> = sqlx::query_as(
        "UPDATE mandates SET ended_at = $1, ended_by = $2 \
         WHERE linked_wallet_id = $3 AND ended_at IS NULL RETURNING id",
    )
    .bind(now)
    .bind(ended_by)
    .bind(linked_wallet_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id,)) = ended else {
        return Ok(false);
    };
    // Once per link it rode on: a mandate a relink kept can end again later.
    let event = NewEvent {
        dedupe_key: format!("mandate.ended:{id}:{linked_wallet_id}"),
        ..NewEvent::once(EventType::MandateEnded, &id, now)
    };
    events::record(conn, &event).await?;
    Ok(true)
}

/// Ends mandate `id` alone (the link stays, buyer-present); false if it was not open.
pub async fn end(db: &Db, id: &str, ended_by: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    let link: Option<(String,)> =
        sqlx::query_as("SELECT linked_wallet_id FROM mandates WHERE id = $1 AND ended_at IS NULL")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let ended = match link {
        Some((link,)) => end_for_link(&mut tx, &link, ended_by, now).await?,
        None => false,
    };
    tx.commit().await?;
    db.events_recorded.notify_one();
    Ok(ended)
}

/// How storing a charge against a mandate ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChargeCounted {
    /// Stored, and counted in the interval.
    Stored,
    /// Not stored: it would take the interval over its maximum (or the mandate ended meanwhile).
    OverLimit,
}

/// Stores charge session `s` and counts its amount in mandate `mandate_id`'s interval
/// starting `period_start` (if the mandate has an interval), in one transaction: the
/// UPDATE counts it only while the total stays within `max_per_interval_minor`, and
/// starts the total again when the interval moved on.
pub async fn store_charge(
    db: &Db,
    s: &CheckoutSession,
    mandate_id: &str,
    period_start: Option<i64>,
    now: i64,
) -> Result<ChargeCounted, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    if !count_in(&mut tx, mandate_id, period_start, s.amount_minor, now).await? {
        return Ok(ChargeCounted::OverLimit);
    }
    sessions::insert_with(&mut *tx, s).await?;
    tx.commit().await?;
    Ok(ChargeCounted::Stored)
}

/// Counts `amount` in mandate `mandate_id`'s interval starting `period_start`, only while
/// the mandate is open and the interval's total stays within its maximum; false if not.
/// The running total only moves forward: a charge of an earlier interval that arrives
/// late counts in the current one (never less than the truth).
async fn count_in(
    conn: &mut AnyConnection,
    mandate_id: &str,
    period_start: Option<i64>,
    amount: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let counted = sqlx::query(
        "UPDATE mandates SET \
           period_charged_minor = CASE WHEN period_start IS NOT NULL AND period_start >= $1 \
             THEN period_charged_minor + $2 ELSE $2 END, \
           period_start = CASE WHEN period_start IS NOT NULL AND period_start >= $1 \
             THEN period_start ELSE $1 END \
         WHERE id = $3 AND ended_at IS NULL AND (ends_at IS NULL OR ends_at > $4) \
           AND ($1 IS NULL OR max_per_interval_minor IS NULL \
                OR (CASE WHEN period_start IS NOT NULL AND period_start >= $1 \
                      THEN period_charged_minor ELSE 0 END) + $2 <= max_per_interval_minor)",
    )
    .bind(period_start)
    .bind(amount)
    .bind(mandate_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(counted.rows_affected() == 1)
}

/// A retry of charge session `session_id` that falls in a later interval than the one
/// the charge was counted in is counted again there (the conditional write of a new
/// charge); false if that interval has no room left, or the mandate ended.
pub async fn recount_for_retry(
    db: &Db,
    session_id: &str,
    mandate_id: &str,
    period_start: i64,
    amount: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.pool.begin().await?;
    if !count_in(&mut tx, mandate_id, Some(period_start), amount, now).await? {
        return Ok(false);
    }
    sqlx::query("UPDATE checkout_sessions SET mandate_period_start = $1 WHERE id = $2")
        .bind(period_start)
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Gives back what charge session `session_id` counted in its mandate's interval, when
/// its payment ended without taking money (failed for good, or cancelled); only within
/// the same interval, and once (the caller settles the payment once).
pub async fn give_back(conn: &mut AnyConnection, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mandates SET period_charged_minor = period_charged_minor - \
           (SELECT s.amount_minor FROM checkout_sessions s WHERE s.id = $1) \
         WHERE id = (SELECT s.mandate_id FROM checkout_sessions s WHERE s.id = $1) \
           AND period_start = (SELECT s.mandate_period_start FROM checkout_sessions s WHERE s.id = $1)",
    )
    .bind(session_id)
    .execute(conn)
    .await?;
    Ok(())
}
