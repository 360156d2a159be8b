//! The audit log of back-office actions: who did what to which object, when,
//! and the state before and after (or the error).

use crate::domain::error::Result;
pub use crate::store::audit::AuditEntry;
use crate::store::{self, now};
use crate::Service;

/// Appends `actor`'s `action` on `subject` to the log.
pub async fn record(
    svc: &Service,
    actor: &str,
    action: &str,
    subject: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<()> {
    let entry = AuditEntry {
        at: now(),
        actor: actor.to_owned(),
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
