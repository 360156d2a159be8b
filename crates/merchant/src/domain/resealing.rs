//! At the first start after values were bound to their rows, every token and
//! secret sealed before is sealed again with its binding (AES-GCM associated
//! data: purpose and row), once: a value restored from an old backup later is
//! never bound, so never read. From then on a value copied into another row,
//! or another buyer's, does not open.
//!
//! And, round after round of the worker, every value sealed with an older
//! `TOKEN_ENCRYPTION_KEY` (one of `TOKEN_ENCRYPTION_KEY_PREVIOUS`) is sealed again
//! with the current key, so the older one can be dropped once none is left
//! (`sealed_values_under_old_keys` is 0).

use crate::crypto::Binding;
use crate::domain::{handover, linking};
use crate::store::resealing::{self, SealedColumn};
use crate::Service;

const WALLET_ROW: &str = "id || ':' || buyer_reference || ':' || wallet";

/// What a value of a column is bound to, given its row's binding text.
type BindingOf = fn(&str) -> Binding<'_>;

/// Each sealed column, and the binding of its values.
const COLUMNS: &[(SealedColumn, BindingOf)] = &[
    (
        SealedColumn {
            table: "linked_wallets",
            key: "id",
            column: "access_token_enc",
            bound_to: WALLET_ROW,
        },
        linking::access_binding,
    ),
    (
        SealedColumn {
            table: "linked_wallets",
            key: "id",
            column: "refresh_token_enc",
            bound_to: WALLET_ROW,
        },
        linking::refresh_binding,
    ),
    (
        SealedColumn {
            table: "webhook_endpoints",
            key: "id",
            column: "secret_enc",
            bound_to: "id",
        },
        crate::webhooks::secret_binding,
    ),
    (
        SealedColumn {
            table: "webhook_endpoints",
            key: "id",
            column: "previous_secret_enc",
            bound_to: "id",
        },
        crate::webhooks::secret_binding,
    ),
    (
        SealedColumn {
            table: "authorization_attempts",
            key: "auth_state",
            column: "handover_auth_code_enc",
            bound_to: "auth_state",
        },
        handover::auth_code_binding,
    ),
    (
        SealedColumn {
            table: "operators",
            key: "id",
            column: "totp_secret",
            bound_to: "id",
        },
        crate::domain::access::operators::totp_binding,
    ),
];

/// Seals every unbound value again, bound; the number sealed. A value this key
/// cannot open is left as it is (and stays unreadable), with a warning.
pub async fn run(svc: &Service) -> anyhow::Result<usize> {
    const PASS: &str = "bind_sealed_values";
    if resealing::done(&svc.db, PASS).await? {
        return Ok(0);
    }
    let mut sealed = 0;
    for (column, binding) in COLUMNS {
        for (key, old, row) in resealing::unbound(&svc.db, column).await? {
            let Ok(plain) = svc.cipher.open_unbound(&old) else {
                tracing::warn!(table = column.table, column = column.column, %key, "a sealed value does not open with TOKEN_ENCRYPTION_KEY; left as it is");
                continue;
            };
            let new = svc.cipher.seal(&plain, binding(&row));
            if resealing::replace(&svc.db, column, &key, &old, &new).await? {
                sealed += 1;
            }
        }
    }
    resealing::mark_done(&svc.db, PASS, svc.now()).await?;
    if sealed > 0 {
        tracing::info!(sealed, "sealed values bound to their rows");
    }
    Ok(sealed)
}

/// How many values one round seals again.
const ROTATE_PER_ROUND: i64 = 200;

/// Seals up to [`ROTATE_PER_ROUND`] values of each column again with the current key;
/// the number sealed. Only while older keys are configured: without them every value
/// is already the current key's (or unreadable), and an older build rolled back to
/// could not read `v3.` values it had no reason to be handed. A value no key of the
/// ring opens is skipped with a warning, so it never holds up the ones after it.
pub async fn rotate(svc: &Service) -> anyhow::Result<usize> {
    if svc.config.operating.previous_token_keys.is_empty() {
        return Ok(0);
    }
    let prefix = svc.cipher.current_prefix();
    let mut sealed = 0;
    for (column, binding) in COLUMNS {
        let mut after = String::new();
        let mut budget = ROTATE_PER_ROUND;
        while budget > 0 {
            let batch = resealing::not_under(&svc.db, column, &prefix, &after, budget).await?;
            let Some((last, _, _)) = batch.last() else {
                break;
            };
            after = last.clone();
            budget -= batch.len() as i64;
            for (key, old, row) in batch {
                // Unbound values are bound at start (`run`), not here.
                let Ok(plain) = svc.cipher.open(&old, binding(&row)) else {
                    tracing::warn!(table = column.table, column = column.column, %key, "a sealed value opens with no key of the ring; left as it is");
                    continue;
                };
                let new = svc.cipher.seal(&plain, binding(&row));
                if resealing::replace(&svc.db, column, &key, &old, &new).await? {
                    sealed += 1;
                }
            }
        }
    }
    if sealed > 0 {
        tracing::info!(
            sealed,
            "sealed values moved to the current TOKEN_ENCRYPTION_KEY"
        );
    }
    Ok(sealed)
}

/// How many sealed values are not under the current key: an older key may be
/// dropped from `TOKEN_ENCRYPTION_KEY_PREVIOUS` once this is 0.
pub async fn under_old_keys(svc: &Service) -> anyhow::Result<i64> {
    let prefix = svc.cipher.current_prefix();
    let mut n = 0;
    for (column, _) in COLUMNS {
        n += resealing::count_not_under(&svc.db, column, &prefix).await?;
    }
    Ok(n)
}
