//! At the first start after values were bound to their rows, every token and
//! secret sealed before is sealed again with its binding (AES-GCM associated
//! data: purpose and row), once: a value restored from an old backup later is
//! never bound, so never read. From then on a value copied into another row,
//! or another buyer's, does not open.

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
