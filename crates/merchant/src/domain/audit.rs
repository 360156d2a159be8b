//! The audit log of back-office actions: who did what to which object, when,
//! and the state before and after (or the error).

use crate::domain::error::Result;
pub use crate::store::audit::AuditEntry;
use crate::store::{self, now};
use crate::Service;

/// Who did something the audit log records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The merchant's systems, by the API key they called with (`key:<first 12 hex of its SHA-256>`).
    MerchantKey(String),
    /// Antom, by the notification that said it (`notifyPayment`, …).
    Antom(&'static str),
}

impl Actor {
    /// How the log's `actor` column spells it.
    pub fn to_text(&self) -> String {
        match self {
            Actor::MerchantKey(key_id) => key_id.clone(),
            Actor::Antom(notification) => format!("antom:{notification}"),
        }
    }
}

/// Appends `actor`'s `action` on `subject` to the log.
pub async fn record(
    svc: &Service,
    actor: &Actor,
    action: &str,
    subject: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<()> {
    let entry = AuditEntry {
        at: now(),
        actor: actor.to_text(),
        action: action.to_owned(),
        subject: subject.to_owned(),
        before,
        after: Some(after),
    };
    Ok(store::audit::record(&svc.db, &entry).await?)
}

/// Every action on `subject`, oldest first.
pub async fn for_subject(svc: &Service, subject: &str) -> Result<Vec<AuditEntry>> {
    Ok(store::audit::for_subject(&svc.db, subject).await?)
}
