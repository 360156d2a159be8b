//! The audit log of back-office actions.

use super::{col, Db};

/// One audited action.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// `key:<first 12 hex of the API key's SHA-256>`.
    pub actor: String,
    /// e.g. `payment.refund`.
    pub action: String,
    /// The id acted on.
    pub subject: String,
    /// State before, as JSON.
    pub before: Option<serde_json::Value>,
    /// State after (or the error), as JSON.
    pub after: Option<serde_json::Value>,
}

/// Appends an entry.
pub async fn record(db: &Db, entry: &AuditEntry) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (id, at, seq, actor, action, subject, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(crate::crypto::new_id("au"))
        .bind(entry.at)
        .bind(super::now_micros())
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(entry.before.as_ref().map(|v| v.to_string()))
        .bind(entry.after.as_ref().map(|v| v.to_string()))
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The entries about `subject`, oldest first.
pub async fn for_subject(db: &Db, subject: &str) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows = sqlx::query("SELECT at, actor, action, subject, before_json, after_json FROM audit_log WHERE subject = $1 ORDER BY seq, id")
        .bind(subject)
        .fetch_all(&db.pool)
        .await?;
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    rows.iter()
        .map(|r| {
            Ok(AuditEntry {
                at: col(r, "at")?,
                actor: col(r, "actor")?,
                action: col(r, "action")?,
                subject: col(r, "subject")?,
                before: json(col(r, "before_json")?),
                after: json(col(r, "after_json")?),
            })
        })
        .collect()
}
