//! What the app is shown of a checkout: the order, the region's wallets (the
//! buyer's links first) and the payment so far, as much as the viewer may see.

use super::rules::money;
use crate::domain::error::{Error, Result};
use crate::domain::paying;
use crate::domain::states::LinkStatus;
use crate::store::sessions::CheckoutSession;
use crate::store::{self, wallets};
use crate::Service;
use contract::api::{LinkState, SessionSummary, WalletOption};

/// What the app shows: order, wallets of the region (linked first), payment so far.
pub async fn summary(svc: &Service, s: &CheckoutSession) -> Result<SessionSummary> {
    summary_in(svc, s, None).await
}

/// Regions the buyer of `s` may choose from (empty: the merchant did not offer a choice).
pub fn allowed_regions(s: &CheckoutSession) -> Vec<String> {
    s.regions.clone()
}

/// Whether a wallet may be linked or used in this checkout.
pub fn offers(s: &CheckoutSession, wallet: &contract::Wallet) -> bool {
    let regions = allowed_regions(s);
    if !regions.is_empty() {
        return regions.iter().any(|r| r == wallet.region);
    }
    s.region
        .as_deref()
        .is_none_or(|r| r.eq_ignore_ascii_case(wallet.region))
}

pub use checkout_app::first_paint::Viewer;

/// [`summary`] for a region the buyer picked among the session's regions.
pub async fn summary_in(
    svc: &Service,
    s: &CheckoutSession,
    pick: Option<&str>,
) -> Result<SessionSummary> {
    let regions = allowed_regions(s);
    let region = match pick {
        Some(p) if regions.iter().any(|r| r.eq_ignore_ascii_case(p)) => {
            Some(p.to_ascii_uppercase())
        }
        Some(_) => {
            return Err(Error::validation(
                "that region is not offered for this checkout",
            ))
        }
        None => s.region.clone(),
    };
    build_summary(svc, s, region, regions, Viewer::Buyer).await
}

/// The summary a viewer who has not claimed this checkout yet may see (the
/// service's first paint): the merchant, the amount and the region's wallets; the buyer's links
/// only to a browser that claimed another of the buyer's checkouts; never the payment.
pub async fn summary_before_claim(
    svc: &Service,
    s: &CheckoutSession,
    viewer: Viewer,
) -> Result<SessionSummary> {
    let viewer = match viewer {
        Viewer::Buyer => Viewer::ReturningBrowser,
        other => other,
    };
    let mut summary = build_summary(svc, s, s.region.clone(), allowed_regions(s), viewer).await?;
    // Before the claim, anyone with the id (it is in logs, webhooks and `ready`
    // messages) sees who is asking and how much: never what was bought.
    summary.order_reference = String::new();
    summary.description = String::new();
    summary.items = Vec::new();
    summary.return_url = None;
    summary.account_hint = None;
    summary.mandate = None;
    summary.recovery = None;
    Ok(summary)
}

async fn build_summary(
    svc: &Service,
    s: &CheckoutSession,
    region: Option<String>,
    regions: Vec<String>,
    viewer: Viewer,
) -> Result<SessionSummary> {
    let links = if viewer != Viewer::LinkHolder {
        wallets::latest_for_buyer(&svc.db, &s.buyer_reference).await?
    } else {
        Vec::new()
    };
    let offered: Vec<&contract::Wallet> = match &region {
        Some(region) => contract::wallets::wallets_in(region).collect(),
        None => contract::WALLETS.iter().collect(),
    };
    let mut options: Vec<WalletOption> = offered
        .into_iter()
        .map(|w| {
            let link = links.iter().find(|l| l.wallet == w.code);
            WalletOption {
                code: w.code.to_owned(),
                name: w.name.to_owned(),
                link: link.map_or(LinkState::NotLinked, |l| l.status.view()),
                account: link
                    .filter(|l| l.status == LinkStatus::Active)
                    .and_then(|l| l.display_account.clone()),
            }
        })
        .collect();
    // Linked first; otherwise the catalogue's order.
    options.sort_by_key(|o| o.link != LinkState::Linked);
    let current = if viewer == Viewer::Buyer {
        store::payments::current_for_session(&svc.db, &s.id).await?
    } else {
        None
    };
    let payment = match current {
        Some(p) => Some(paying::view(svc, &p, s).await?),
        None => None,
    };
    Ok(SessionSummary {
        id: s.id.clone(),
        merchant_name: svc.config.merchant_name.clone(),
        order_reference: s.order_reference.clone(),
        description: s.order_description.clone(),
        amount: money(s.amount_minor, &s.currency),
        items: s.items.clone(),
        region,
        regions,
        brand_color: s.brand_color.clone(),
        locale: s.locale.clone(),
        terminal: s.terminal,
        wallets: options,
        payment,
        return_url: s.return_url.clone(),
        embed_origin: s.embed_origin.clone(),
        expires_at: s.expires_at,
        setup: s.mode.links_only(),
        awaiting_link_code: None,
        account_hint: s.account_hint.clone(),
        mandate: match (&s.mandate, &s.renews) {
            (Some(m), _) => Some(crate::domain::mandates::terms_view(m, &s.currency)),
            (None, Some(renews)) => crate::domain::mandates::kept_by_relink(svc, renews)
                .await?
                .map(|m| crate::domain::mandates::row_terms(&m)),
            (None, None) => None,
        },
        recovery: crate::domain::dunning::recovery::charge_of(svc, s)
            .await?
            .map(|charge| contract::mandates::RecoveryNotice {
                wallet: charge.wallet,
                amount: money(charge.amount_minor, &charge.currency),
                failure_code: charge.result_code,
            }),
    })
}
