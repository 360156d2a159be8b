//! Merchant-initiated Auto Debit: the merchant's systems charge a buyer's linked wallet
//! with no buyer present (a subscription's monthly charge, a top-up). Each charge is an
//! internal checkout session of its own, which no browser can open, paid by the same path
//! as the buyer's one-click pay: recorded before it is sent, its Antom request id derived
//! from the `Idempotency-Key`, an unknown outcome settled by the worker, a refused token
//! ending the link.

use crate::crypto::random_token;
use crate::domain::checkout::{self, NewCheckoutSession, CHARGE_SESSION_PREFIX};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::idempotency::{self, IdempotencyKey, Stored};
use crate::domain::mandates;
use crate::domain::paying;
use crate::store::mandates::ChargeCounted;
use crate::store::sessions::CheckoutSession;
use crate::store::{self};
use crate::Service;
use contract::api::{CreatePayment, PaymentView};
pub use contract::requests::NewCharge;
use std::sync::atomic::Ordering;

/// Whether a stored charge session is the order `wanted` describes.
fn same_order(stored: &CheckoutSession, wanted: &CheckoutSession) -> bool {
    (
        &stored.buyer_reference,
        &stored.order_reference,
        &stored.order_description,
        stored.amount_minor,
        &stored.currency,
        &stored.items,
        &stored.metadata,
    ) == (
        &wanted.buyer_reference,
        &wanted.order_reference,
        &wanted.order_description,
        wanted.amount_minor,
        &wanted.currency,
        &wanted.items,
        &wanted.metadata,
    )
}

/// Stores a new charge's session if the link's mandate allows it, counting it in the
/// mandate's interval in the same transaction; a charge with the same key stored at the
/// same moment is answered with theirs.
async fn store_within_mandate(
    svc: &Service,
    mut session: CheckoutSession,
    link: &crate::store::wallets::LinkedWalletRow,
    id: &str,
) -> Result<CheckoutSession> {
    let now = svc.now();
    let (mandate, period) =
        mandates::may_charge(svc, link, session.amount_minor, &session.currency, now).await?;
    session.charged_under = Some((mandate.id.clone(), period));
    let over_limit = std::sync::atomic::AtomicBool::new(false);
    let insert = async {
        let counted =
            store::mandates::store_charge(&svc.db, &session, &mandate.id, period, now).await?;
        over_limit.store(counted == ChargeCounted::OverLimit, Ordering::SeqCst);
        Ok(())
    };
    let same_order = |stored: &CheckoutSession| same_order(stored, &session);
    let stored = idempotency::store_once(
        insert,
        || store::sessions::get(&svc.db, id),
        same_order,
        "charge",
    )
    .await?;
    match stored {
        Stored::Ours if over_limit.load(Ordering::SeqCst) => {
            // The same key stored meanwhile (a concurrent duplicate): the first one's charge.
            if let Some(stored) = store::sessions::get(&svc.db, id).await? {
                if same_order(&stored) {
                    return Ok(stored);
                }
            }
            // Ended meanwhile, or over the interval's maximum: say which.
            let fresh = store::mandates::get(&svc.db, &mandate.id).await?;
            match fresh.filter(|m| m.ended_at.is_none()) {
                Some(open) => Err(mandates::limit_reached(&open, now)),
                None => Err(mandates::may_charge(
                    svc,
                    link,
                    session.amount_minor,
                    &session.currency,
                    now,
                )
                .await
                .err()
                .unwrap_or_else(|| mandates::limit_reached(&mandate, now))),
            }
        }
        Stored::Ours => Ok(session),
        // The same key at the same moment: the first one's session.
        Stored::Theirs(stored) => Ok(stored),
        Stored::Clash(e) => Err(e.into()),
    }
}

/// Charges `req.wallet` of `req.buyer_reference`, within the mandate its buyer agreed
/// to; the same key always gives the same payment.
pub async fn charge(svc: &Service, key: &IdempotencyKey, req: NewCharge) -> Result<PaymentView> {
    // The charge's own session: one per key, so the same key always means the same
    // charge. Keyed, so its id cannot be guessed from the key; a charge made before
    // ids were keyed is still found under its old id, and never made twice.
    let legacy_id = key.derived_id(CHARGE_SESSION_PREFIX, None, 24);
    let id = match store::sessions::get(&svc.db, &legacy_id).await? {
        Some(_) => legacy_id,
        None => key.keyed_id(CHARGE_SESSION_PREFIX, &svc.config.token_encryption_key, 24),
    };
    let wanted = NewCheckoutSession {
        buyer_reference: req.buyer_reference,
        order: req.order,
        region: None,
        locale: None,
        terminal: None,
        return_url: None,
        expires_in_seconds: Some(3600),
        embed_origin: None,
        regions: Vec::new(),
        brand_color: None,
        // The charge's own session never links a wallet: it asks for no mandate.
        recurring: false,
        metadata: req.metadata,
        mode: Default::default(),
        account_hint: None,
        mandate: None,
        renews: None,
    };
    // A claim token nobody is given: no browser can ever open this session.
    let session = checkout::checked(svc, wanted, id.clone(), &random_token(24), svc.now())?;
    if let Some(days) = &req.retry_days {
        crate::config::recovery::check_retry_days(days)
            .map_err(|e| Error::validation(format!("retry_days: {e}")))?;
    }
    // Refused before anything is stored (the payment checks again, for a link ended meanwhile).
    let Some(link) = store::wallets::active(&svc.db, &session.buyer_reference, &req.wallet).await?
    else {
        return Err(Error::invalid(
            ErrorCode::WalletNotLinked,
            format!("{} is not linked for this buyer", req.wallet),
        ));
    };
    let same_order = |stored: &CheckoutSession| same_order(stored, &session);
    let earlier = store::sessions::get(&svc.db, &id).await?;
    let session = match idempotency::replay(earlier, same_order, "charge")? {
        // Made already: counted in its mandate then.
        Some(stored) => stored,
        None => store_within_mandate(svc, session, &link, &id).await?,
    };
    let retry_days = match &req.retry_days {
        Some(days) => days.clone(),
        None => svc.config.charge_retry_days.clone(),
    };
    let wallet = CreatePayment { wallet: req.wallet };
    let paid = paying::create_with(svc, &session, key, wallet, Some(&retry_days)).await?;
    // As the merchant API shows it: its metadata, tries and recovery.
    crate::domain::payment_records::view_by_id(svc, &paid.id).await
}
