//! What operators read about payments: filtered, paged lists and each
//! payment's whole history on one page.

use crate::domain::checkout::money;
use crate::domain::error::{Error, Result};
use crate::domain::paying;
use crate::domain::states::PaymentStatus;
use crate::store::history::{self, PaymentFilter};
use crate::store::payments::{self, PaymentAttempt};
use crate::store::sessions;
use crate::Service;
use contract::api::{PaymentState, PaymentView};
use contract::back_office::{PaymentDetail, PaymentPage, TimelineEvent};

pub use contract::requests::PaymentQuery;

fn day_start(field: &str, text: &str) -> Result<i64> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .map_err(|_| Error::validation(format!("{field} must be a YYYY-MM-DD date")))
}

fn blank_is_none(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// `state` and `before` as the document has them: empty is "any", anything else
/// (whitespace too) must be a value.
fn empty_is_none(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// A page of payments matching `q`, newest first.
pub async fn list(svc: &Service, q: &PaymentQuery) -> Result<PaymentPage> {
    let statuses = match empty_is_none(&q.state) {
        None => Vec::new(),
        Some(text) => {
            let state: PaymentState = serde_json::from_value(serde_json::Value::from(text))
                .map_err(|_| {
                    Error::validation(
                        "state must be processing, succeeded, failed, cancelling, cancelled or retry_scheduled",
                    )
                })?;
            PaymentStatus::shown_as(state)
        }
    };
    let filter = PaymentFilter {
        statuses,
        wallet: blank_is_none(&q.wallet).map(str::to_owned),
        currency: blank_is_none(&q.currency).map(str::to_ascii_uppercase),
        // A day or nothing: `to=` is not a date (the document says so), so it is refused.
        from: q
            .from
            .as_deref()
            .map(|t| day_start("from", t))
            .transpose()?,
        until: q
            .to
            .as_deref()
            .map(|t| day_start("to", t).map(|s| s + 86_400))
            .transpose()?,
        min_amount: q.min_amount,
        max_amount: q.max_amount,
    };
    if let (Some(min), Some(max)) = (filter.min_amount, filter.max_amount) {
        if min > max {
            return Err(Error::validation("min_amount must not exceed max_amount"));
        }
    }
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(Error::validation("limit must be 1 to 100"));
    }
    let before = match empty_is_none(&q.before) {
        None => None,
        Some(cursor) => Some(
            cursor
                .split_once('.')
                // As the document's pattern has it: 1 to 18 digits, a dot, a payment id.
                .filter(|(at, id)| {
                    (1..=18).contains(&at.len())
                        && at.bytes().all(|b| b.is_ascii_digit())
                        && (1..=64).contains(&id.len())
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                })
                .and_then(|(at, id)| Some((at.parse().ok()?, id.to_owned())))
                .ok_or_else(|| Error::validation("before is not a page cursor"))?,
        ),
    };
    let (rows, total) = history::payments(&svc.db, &filter, before, limit).await?;
    let next = if rows.len() as i64 == limit {
        rows.last().map(|(p, seq)| format!("{seq}.{}", p.id))
    } else {
        None
    };
    let mut views = Vec::with_capacity(rows.len());
    for (p, _) in &rows {
        views.push(view(svc, p).await?);
    }
    Ok(PaymentPage {
        payments: views,
        next,
        total: total.max(0) as u64,
    })
}

/// A payment as the merchant API shows it (its order reference comes from its checkout).
pub async fn view(svc: &Service, p: &PaymentAttempt) -> Result<PaymentView> {
    let session = sessions::get(&svc.db, &p.checkout_session_id)
        .await?
        .ok_or(Error::NotFound("checkout session"))?;
    let mut view = paying::view(svc, p, &session).await?;
    view.metadata = session.metadata.clone();
    crate::domain::dunning::recovery::add_to_view(svc, p, &mut view).await?;
    Ok(view)
}

/// The payment `id` as the merchant API shows it; while its outcome is unknown,
/// Antom is asked first.
pub async fn checked_view(svc: &Service, id: &str) -> Result<PaymentView> {
    paying::check_now(svc, &stored(svc, id).await?).await?;
    view_by_id(svc, id).await
}

/// The payment `id` as the merchant API shows it, read fresh.
pub async fn view_by_id(svc: &Service, id: &str) -> Result<PaymentView> {
    view(svc, &stored(svc, id).await?).await
}

/// The payment `id`, or `NotFound`.
pub async fn stored(svc: &Service, id: &str) -> Result<PaymentAttempt> {
    payments::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("payment"))
}

/// The latest attempt to pay for the merchant's order `order_reference`.
pub async fn latest_for_order(
    svc: &Service,
    order_reference: &str,
) -> Result<Option<PaymentAttempt>> {
    Ok(payments::latest_for_order(&svc.db, order_reference).await?)
}

/// A payment with its history.
pub async fn detail(svc: &Service, id: &str) -> Result<PaymentDetail> {
    let p = stored(svc, id).await?;
    let timeline = history::events(&svc.db, &p)
        .await?
        .into_iter()
        .map(|e| TimelineEvent {
            at: e.at,
            kind: e.kind.to_owned(),
            what: e.what,
            reference: e.reference,
            amount: e.amount.map(|(minor, currency)| money(minor, &currency)),
        })
        .collect();
    let refundable = if p.status == PaymentStatus::Succeeded {
        p.amount_minor - p.refunded_minor
    } else {
        0
    };
    let customs_declarable = if p.status == PaymentStatus::Succeeded
        && p.wallet == antom::api::DECLARABLE_WALLET
    {
        // Asks Antom if no notification brought it yet; the page still shows if Antom is down.
        match crate::domain::declaring::customs_amount(svc, &p).await {
            Ok(known) => known
                .filter(|(_, currency)| currency == antom::api::DECLARATION_CURRENCY)
                .map(|(minor, currency)| money(minor, &currency)),
            Err(e) => {
                tracing::info!(payment = %p.id, error = %e, "customs declaration amount unknown");
                None
            }
        }
    } else {
        None
    };
    Ok(PaymentDetail {
        payment: view(svc, &p).await?,
        customs_declarable,
        cancellable: PaymentStatus::CANCELLABLE.contains(&p.status) && p.refunded_minor == 0,
        antom_payment_id: p.antom_payment_id.clone(),
        buyer_reference: p.buyer_reference.clone(),
        refundable_minor: refundable,
        timeline,
    })
}
