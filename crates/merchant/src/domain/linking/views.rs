//! A buyer's links as each audience sees them: the buyer (the linked-wallets
//! page) and the merchant (the API and its `wallet.*` events), each with the
//! mandate the buyer agreed to, if any.

use crate::domain::error::Result;
use crate::domain::mandates;
use crate::domain::states::LinkStatus;
use crate::store::wallets::{self, LinkedWalletRow};
use crate::Service;
use contract::api::LinkedWallet;

/// The buyer's wallets as the linked-wallets page shows them: every link but unlinked ones.
pub async fn wallets_for_buyer(svc: &Service, buyer_reference: &str) -> Result<Vec<LinkedWallet>> {
    let rows = wallets::latest_for_buyer(&svc.db, buyer_reference).await?;
    let mut seen = Vec::new();
    for row in rows.iter().filter(|r| r.status != LinkStatus::Unlinked) {
        let mut link = view(row);
        // Only while it holds: an ended mandate is nothing the buyer allows any more.
        link.mandate = crate::store::mandates::for_link(&svc.db, &row.id)
            .await?
            .filter(|m| m.ended_at.is_none())
            .map(|m| mandates::row_terms(&m));
        seen.push(link);
    }
    Ok(seen)
}

/// The buyer's latest link of `wallet`, if they ever linked it: its state, and
/// when it was made (what the app shows as `linked_at`).
pub async fn latest_link(
    svc: &Service,
    buyer_reference: &str,
    wallet: &str,
) -> Result<Option<(LinkStatus, i64)>> {
    let rows = wallets::latest_for_buyer(&svc.db, buyer_reference).await?;
    Ok(rows
        .iter()
        .find(|r| r.wallet == wallet)
        .map(|r| (r.status, r.created_at)))
}

/// A link as the app shows it (without its mandate, which the callers that show it add).
pub fn view(row: &LinkedWalletRow) -> LinkedWallet {
    LinkedWallet {
        wallet: row.wallet.clone(),
        name: contract::wallets::wallet(&row.wallet)
            .map_or_else(|| row.wallet.clone(), |w| w.name.to_owned()),
        account: row.display_account.clone(),
        link: row.status.view(),
        linked_at: row.created_at,
        mandate: None,
    }
}

/// The buyer's wallets as the merchant API shows them: the latest link of each.
pub async fn wallets_for_merchant(
    svc: &Service,
    buyer: &str,
) -> Result<Vec<contract::back_office::BuyerWallet>> {
    let rows = wallets::latest_for_buyer(&svc.db, buyer).await?;
    let mut seen = Vec::new();
    for w in &rows {
        seen.push(buyer_wallet(svc, w, None).await?);
    }
    Ok(seen)
}

/// A link as the merchant API (and its `wallet.*` events) show it.
pub async fn buyer_wallet(
    svc: &Service,
    row: &LinkedWalletRow,
    ended_by: Option<String>,
) -> Result<contract::back_office::BuyerWallet> {
    let seen = view(row);
    Ok(contract::back_office::BuyerWallet {
        id: row.id.clone(),
        buyer_reference: row.buyer_reference.clone(),
        wallet: seen.wallet,
        name: seen.name,
        account: seen.account,
        link: seen.link,
        linked_at: seen.linked_at,
        token_expires_at: row.access_token_expires_at,
        link_expires_at: row.lapses_at(),
        mandate: mandates::of_link(svc, &row.id).await?,
        ended_by,
        linked_from: None,
        livemode: svc.config.livemode(),
    })
}
