//! The audit log of back-office actions: who did what to which object, when,
//! and the state before and after (or the error).

use crate::domain::error::Result;
pub use crate::store::audit::AuditEntry;
use crate::store::{self};
use crate::Service;

/// Who did something the audit log records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The bootstrap key, `MERCHANT_API_KEY`.
    BootstrapKey,
    /// An API key, by its name and id.
    ApiKey {
        /// `key_3f9a1c0d7e`.
        id: String,
        /// What the merchant called it.
        name: String,
    },
    /// A person signed in to the console, by e-mail.
    Operator(String),
    /// Someone on the server, through the `merchant` command, by Unix user.
    Cli(String),
    /// The service's background worker.
    Worker,
    /// Antom, by the notification that said it (`notifyPayment`, …).
    Antom(&'static str),
}

impl Actor {
    /// How the log's `actor` column spells it.
    pub fn to_text(&self) -> String {
        match self {
            Actor::BootstrapKey => "key:MERCHANT_API_KEY".into(),
            Actor::ApiKey { id, name } => format!("key:{name} ({id})"),
            Actor::Operator(email) => format!("operator:{email}"),
            Actor::Cli(user) => format!("cli:{user}"),
            Actor::Worker => "worker".into(),
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
        at: svc.now(),
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
