//! Antom's notifications, kept once each by their body's hash: a record of what
//! Antom said, and how a retried notification is told from a new one.

use crate::crypto::sha256_hex;
use crate::domain::error::Result;
use crate::store::{self};
use crate::Service;

/// Keeps a verified notification `body` of `kind` about `reference`; `text` is
/// what may rest on disk. False when this exact body was kept before.
pub async fn keep(
    svc: &Service,
    body: &[u8],
    kind: &str,
    reference: Option<&str>,
    text: &str,
) -> Result<bool> {
    Ok(
        store::notifications::record(&svc.db, &sha256_hex(body), kind, reference, text, svc.now())
            .await?,
    )
}
