//! The outbox of events for the merchant's webhooks: each written in the same
//! transaction as the change it reports, so a change is never reported that
//! did not happen, nor happens unreported.

use super::now_micros;
use contract::webhooks::EventType;
use sqlx::AnyConnection;

/// One event to record beside a change.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// What happened.
    pub event_type: EventType,
    /// The object's id.
    pub object_id: &'a str,
    /// What the object alone does not say (for example who ended a link), as JSON.
    pub detail: Option<serde_json::Value>,
    /// Makes the same change reported once: `payment.succeeded:pay_…`.
    pub dedupe_key: String,
    /// Unix seconds.
    pub at: i64,
}

impl<'a> NewEvent<'a> {
    /// An event whose type happens once per object.
    pub fn once(event_type: EventType, object_id: &'a str, at: i64) -> Self {
        Self {
            event_type,
            object_id,
            detail: None,
            dedupe_key: format!("{event_type}:{object_id}"),
            at,
        }
    }
}

/// Records `e` on `conn` (inside the caller's transaction) in the current trace; a repeat is ignored.
pub async fn record(conn: &mut AnyConnection, e: &NewEvent<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, type, object_type, object_id, detail_json, dedupe_key, created_at, created_seq, traceparent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(crate::crypto::new_id("evt"))
    .bind(e.event_type.as_str())
    .bind(e.event_type.object_type())
    .bind(e.object_id)
    .bind(e.detail.as_ref().map(serde_json::Value::to_string))
    .bind(&e.dedupe_key)
    .bind(e.at)
    .bind(now_micros())
    .bind(crate::traces::current_traceparent())
    .execute(conn)
    .await?;
    Ok(())
}
