//! Mandates: a recurring link carries what its buyer agreed the merchant may
//! charge without them; a link without one is buyer-present and pays only in a
//! checkout the buyer opened. Charges are held to the mandate before anything is
//! recorded or sent, and the interval's total is counted by a conditional write.

use crate::crypto::new_id;
use crate::domain::checkout::money;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::store::mandates::{self as stored, MandateRow};
use crate::store::sessions::CheckoutSession;
use crate::store::wallets::LinkedWalletRow;
use crate::Service;
use contract::api::{CheckoutMode, Money};
use contract::mandates::{Mandate, MandateInterval, MandateTerms, NewMandate};

mod interval;
pub use interval::bounds;

/// The mandate checkout `req` asks for ([`terms`]); a relink names the link it renews
/// instead (its mandate is checked against the store when the checkout is made).
pub fn asked_by(
    req: &contract::requests::NewCheckoutSession,
    now: i64,
) -> Result<Option<NewMandate>> {
    if (req.mode == CheckoutMode::Relink) != req.renews.is_some() {
        return Err(Error::validation(
            "renews names the link a relink checkout renews: required for mode relink, and only there",
        ));
    }
    terms(
        req.mandate.clone(),
        req.mode,
        req.recurring,
        (&req.order.description, req.order.amount),
        now,
    )
}

/// The mandate a new checkout asks for: the merchant's, checked; or, for a setup or
/// recurring checkout that states none, the order itself (its description, and its
/// amount as the most one charge may take).
pub fn terms(
    asked: Option<NewMandate>,
    mode: CheckoutMode,
    recurring: bool,
    order: (&str, i64),
    now: i64,
) -> Result<Option<NewMandate>> {
    let (description, amount) = order;
    if mode == CheckoutMode::Relink {
        // Its mandate is the renewed link's (`check_renewal`).
        // The new link keeps the mandate of the link it renews.
        return match asked {
            None => Ok(None),
            Some(_) => Err(Error::validation(
                "a relink checkout keeps the mandate of the link it renews: give no mandate",
            )),
        };
    }
    let Some(m) = asked else {
        return Ok(
            (mode == CheckoutMode::Setup || recurring).then(|| NewMandate {
                description: description.chars().take(100).collect(),
                max_amount_per_charge: amount,
                interval: None,
                max_amount_per_interval: None,
                ends_at: None,
            }),
        );
    };
    if contract::is_blank(&m.description) || m.description.chars().count() > 100 {
        return Err(Error::validation(
            "mandate.description must be 1 to 100 characters",
        ));
    }
    if !(1..=100_000_000_000).contains(&m.max_amount_per_charge) {
        return Err(Error::validation(
            "mandate.max_amount_per_charge must be 1 to 100000000000 minor units",
        ));
    }
    match (m.interval, m.max_amount_per_interval) {
        (None, None) => {}
        (Some(_), Some(max)) if max >= m.max_amount_per_charge && max <= 100_000_000_000 => {}
        (Some(_), Some(_)) => {
            return Err(Error::validation(
                "mandate.max_amount_per_interval must be at least max_amount_per_charge (and at most 100000000000)",
            ))
        }
        _ => {
            return Err(Error::validation(
                "mandate.interval and mandate.max_amount_per_interval go together",
            ))
        }
    }
    if m.ends_at.is_some_and(|end| end <= now) {
        return Err(Error::validation("mandate.ends_at must be in the future"));
    }
    Ok(Some(m))
}

/// The terms as the buyer reads them, in the checkout's currency.
pub fn terms_view(m: &NewMandate, currency: &str) -> MandateTerms {
    MandateTerms {
        description: m.description.clone(),
        max_amount_per_charge: Some(money(m.max_amount_per_charge, currency)),
        interval: m.interval,
        max_amount_per_interval: m.max_amount_per_interval.map(|a| money(a, currency)),
        ends_at: m.ends_at,
    }
}

/// The terms of a stored mandate (a relink shows the one it keeps).
pub fn row_terms(m: &MandateRow) -> MandateTerms {
    MandateTerms {
        description: m.description.clone(),
        max_amount_per_charge: m.max_per_charge_minor.map(|a| money(a, &m.currency)),
        interval: m.interval(),
        max_amount_per_interval: m.max_per_interval_minor.map(|a| money(a, &m.currency)),
        ends_at: m.ends_at,
    }
}

/// The mandate a relink of link `renews` keeps: its own, unless the buyer or the merchant
/// ended it (a mandate ends by itself only when its link lapsed: `antom`).
pub async fn kept_by_relink(svc: &Service, renews: &str) -> Result<Option<MandateRow>> {
    Ok(stored::for_link(&svc.db, renews)
        .await?
        .filter(|m| m.ended_at.is_none() || m.ended_by.as_deref() == Some("antom")))
}

/// Checks a relink checkout's `renews` before it is stored: a link of this buyer whose
/// mandate can be kept.
pub async fn check_renewal(svc: &Service, s: &CheckoutSession) -> Result<()> {
    let Some(renews) = &s.renews else {
        return Ok(());
    };
    let link = crate::store::wallets::get(&svc.db, renews).await?;
    let ours = link.is_some_and(|l| l.buyer_reference == s.buyer_reference);
    if !ours || kept_by_relink(svc, renews).await?.is_none() {
        return Err(Error::validation(
            "renews must name a link of this buyer whose mandate was not ended by the buyer or the merchant",
        ));
    }
    Ok(())
}

/// The mandate a link made in checkout `s` carries, if the checkout asked for one.
pub fn agreed_in(s: &CheckoutSession, link: &LinkedWalletRow) -> Option<MandateRow> {
    let m = s.mandate.as_ref()?;
    Some(MandateRow {
        id: new_id("md"),
        linked_wallet_id: link.id.clone(),
        buyer_reference: link.buyer_reference.clone(),
        wallet: link.wallet.clone(),
        checkout_session_id: Some(s.id.clone()),
        description: m.description.clone(),
        currency: s.currency.clone(),
        max_per_charge_minor: Some(m.max_amount_per_charge),
        interval_unit: m.interval.map(|i| i.as_str().to_owned()),
        max_per_interval_minor: m.max_amount_per_interval,
        ends_at: m.ends_at,
        created_at: link.created_at,
        ended_at: None,
        ended_by: None,
        period_start: None,
        period_charged_minor: 0,
    })
}

fn shown(minor: i64, currency: &str) -> String {
    let m: Money = money(minor, currency);
    format!("{} {}", m.currency.as_str(), m.major_string())
}

/// Whether the merchant may charge link `link` `amount` minor units of `currency` now
/// without the buyer: the mandate, and the interval to count the charge in. Each refusal
/// names the limit.
pub async fn may_charge(
    svc: &Service,
    link: &LinkedWalletRow,
    amount: i64,
    currency: &str,
    now: i64,
) -> Result<(MandateRow, Option<i64>)> {
    let m = stored::for_link(&svc.db, &link.id).await?.ok_or_else(|| {
        Error::invalid(
            ErrorCode::MandateRequired,
            format!(
                "this {} link is buyer-present: its buyer agreed to no charges without them; \
                 ask them to pay in a checkout, or to link it with a mandate",
                link.wallet
            ),
        )
    })?;
    if let Some(at) = m.ended_at {
        let by = m.ended_by.as_deref().unwrap_or("antom");
        return Err(Error::conflict(
            ErrorCode::MandateEnded,
            format!("the mandate {} ended at {at} (ended by {by})", m.id),
        ));
    }
    if let Some(end) = m.ends_at.filter(|end| *end <= now) {
        return Err(Error::conflict(
            ErrorCode::MandateEnded,
            format!("the mandate {} ended at {end}, its end date", m.id),
        ));
    }
    if currency != m.currency {
        return Err(Error::invalid(
            ErrorCode::MandateAmountExceeded,
            format!(
                "the mandate {} is in {}; this charge is in {currency}",
                m.id, m.currency
            ),
        ));
    }
    if let Some(max) = m.max_per_charge_minor {
        if amount > max {
            return Err(Error::invalid(
                ErrorCode::MandateAmountExceeded,
                format!(
                    "{} is over the mandate's maximum per charge, {}",
                    shown(amount, currency),
                    shown(max, &m.currency)
                ),
            ));
        }
    }
    let period = m.interval().map(|i| bounds(i, m.created_at, now).0);
    Ok((m, period))
}

/// Whether mandate `id`, under which a charge was stored, still covers paying it with
/// `link`: the same wallet (else the key was used for another charge), the mandate
/// riding on it, open, and not past its end.
pub async fn still_covers(svc: &Service, id: &str, link: &LinkedWalletRow, now: i64) -> Result<()> {
    let m = stored::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("mandate"))?;
    if m.wallet != link.wallet {
        return Err(Error::invalid(
            ErrorCode::IdempotencyKeyReused,
            "this Idempotency-Key was used for a charge of another wallet",
        ));
    }
    if m.linked_wallet_id != link.id || !m.is_open(now) {
        return Err(Error::conflict(
            ErrorCode::MandateEnded,
            format!("the mandate {} this charge was made under has ended", m.id),
        ));
    }
    Ok(())
}

/// The refusal of a charge that would take the interval over its maximum.
pub fn limit_reached(m: &MandateRow, now: i64) -> Error {
    let (max, interval) = (m.max_per_interval_minor.unwrap_or(0), m.interval());
    let next = interval.map_or(0, |i| bounds(i, m.created_at, now).1);
    Error::conflict(
        ErrorCode::MandateLimitReached,
        format!(
            "this charge would take the mandate over its maximum of {} a {}; it starts again at {next}",
            shown(max, &m.currency),
            interval.map_or("interval", MandateInterval::as_str),
        ),
    )
}

/// A mandate as the merchant sees it, with the current interval's running total.
pub fn view(svc: &Service, m: &MandateRow, now: i64) -> Mandate {
    let interval = m.interval();
    let current = interval.map(|i| bounds(i, m.created_at, now));
    let charged = match (current, m.period_start) {
        (Some((start, _)), Some(counted)) if start == counted => m.period_charged_minor,
        _ => 0,
    };
    Mandate {
        id: m.id.clone(),
        linked_wallet_id: m.linked_wallet_id.clone(),
        buyer_reference: m.buyer_reference.clone(),
        wallet: m.wallet.clone(),
        description: m.description.clone(),
        max_amount_per_charge: m.max_per_charge_minor.map(|a| money(a, &m.currency)),
        interval,
        max_amount_per_interval: m.max_per_interval_minor.map(|a| money(a, &m.currency)),
        interval_charged: current
            .filter(|_| m.ended_at.is_none())
            .map(|_| money(charged, &m.currency)),
        interval_ends_at: current.filter(|_| m.ended_at.is_none()).map(|(_, end)| end),
        ends_at: m.ends_at,
        created_at: m.created_at,
        ended_at: m.ended_at,
        ended_by: m.ended_by.clone(),
        livemode: svc.config.livemode(),
    }
}

/// The mandate of link `link_id` as the merchant sees it, if it has one.
pub async fn of_link(svc: &Service, link_id: &str) -> Result<Option<Mandate>> {
    let now = svc.now();
    Ok(stored::for_link(&svc.db, link_id)
        .await?
        .map(|m| view(svc, &m, now)))
}

/// Mandate `id` as the merchant sees it.
pub async fn get(svc: &Service, id: &str) -> Result<Mandate> {
    let m = stored::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("mandate"))?;
    Ok(view(svc, &m, svc.now()))
}

/// The merchant ends mandate `id`: no more charges without the buyer; the link stays
/// and pays only in checkouts the buyer opens. Ending an ended one changes nothing.
pub async fn end_by_merchant(svc: &Service, id: &str) -> Result<Mandate> {
    let m = stored::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("mandate"))?;
    if m.ended_at.is_none() {
        stored::end(&svc.db, id, "merchant", svc.now()).await?;
    }
    get(svc, id).await
}
