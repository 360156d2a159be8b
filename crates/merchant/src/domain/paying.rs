//! Paying with a linked wallet: record the attempt, send pay, settle by the
//! answer, by notifyPayment or by inquiry. `U` is never failure; nothing is
//! charged twice (one live attempt per session, Antom-side idempotency by
//! paymentRequestId).

use crate::crypto::{new_id, sha256_hex};
use crate::domain::checkout::money;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::idempotency::{self, IdempotencyKey, Stored};
use crate::domain::states::{LinkStatus, PaymentStatus};
use crate::store::payments::{PaymentAttempt, PaymentSettlement};
use crate::store::sessions::CheckoutSession;
use crate::store::{self, payments, wallets};
use crate::Service;
use antom::api::{Buyer, Env, Goods, InquiryPaymentRequest, Order, PayRequest};
use antom::{Amount, AntomError, Secret};
use contract::api::{CreatePayment, PaymentView, Terminal};

/// An attempt never seen by Antom is sent again only this soon after the buyer asked.
const RESEND_WINDOW_SECS: i64 = 10 * 60;

/// Our `result_code` for a payment or refund Antom never received and that is too old to send.
pub(crate) const NOT_SENT: &str = "NOT_SENT";

/// How long a payment may stay processing before it is closed with cancel: Antom's default
/// order-closing time for its Auto Debit wallets (the "default timeout" table: 14 minutes),
/// after which its best practice is to cancel so Antom and the merchant agree.
pub const PROCESSING_DEADLINE_SECS: i64 = 14 * 60;

/// When to ask Antom again after `checks` unanswered checks: 1 s, 2 s, 4 s … up to 256 s.
pub fn backoff(checks: i64) -> i64 {
    1i64 << checks.clamp(0, 8).min(8)
}

/// The attempt as the app and the merchant API show it.
pub async fn view(svc: &Service, p: &PaymentAttempt, s: &CheckoutSession) -> Result<PaymentView> {
    Ok(PaymentView {
        id: p.id.clone(),
        state: p.status.view(),
        amount: money(p.amount_minor, &p.currency),
        wallet: p.wallet.clone(),
        failure_code: p
            .result_code
            .clone()
            .filter(|_| p.status == PaymentStatus::Failed),
        paid_at: p.paid_at,
        order_reference: s.order_reference.clone(),
        refunded_minor: p.refunded_minor,
        created_at: p.created_at,
        livemode: svc.config.livemode(),
        // The merchant's own: added by the merchant API's views, never sent to the buyer.
        metadata: Default::default(),
        attempts: Vec::new(),
        next_attempt_at: None,
        is_final: None,
        recovery_url: None,
    })
}

/// The attempt `key` makes to pay for `session` with `link`, recorded before it is sent.
fn new_attempt(
    session: &CheckoutSession,
    key: &IdempotencyKey,
    request_fingerprint: String,
    link: &wallets::LinkedWalletRow,
    now: i64,
) -> PaymentAttempt {
    PaymentAttempt {
        id: new_id("pay"),
        // Derived from the key, so a retry after a crash can only ever mean this payment.
        payment_request_id: key.derived_id("pr_", Some(&session.id), 40),
        checkout_session_id: session.id.clone(),
        idempotency_key: key.as_str().to_owned(),
        request_fingerprint,
        buyer_reference: session.buyer_reference.clone(),
        wallet: link.wallet.clone(),
        linked_wallet_id: link.id.clone(),
        amount_minor: session.amount_minor,
        currency: session.currency.clone(),
        status: PaymentStatus::Recorded,
        result_code: None,
        antom_payment_id: None,
        paid_at: None,
        refunded_minor: 0,
        created_at: now,
        updated_at: now,
        // If we crash before settling, the worker picks it up from here.
        next_check_at: Some(now + 5),
        checks: 0,
        attempt: 1,
        attempt_started_at: None,
        retry_schedule: None,
        recovery_session_id: None,
    }
}

/// Pays for `session` with a linked wallet; the same key always gives the same payment.
pub async fn create(
    svc: &Service,
    session: &CheckoutSession,
    key: &IdempotencyKey,
    req: CreatePayment,
) -> Result<PaymentView> {
    create_with(svc, session, key, req, None).await
}

/// [`create`], for a merchant-initiated charge tried again on `retry_days` if refused
/// for a reason that may pass.
pub async fn create_with(
    svc: &Service,
    session: &CheckoutSession,
    key: &IdempotencyKey,
    req: CreatePayment,
    retry_days: Option<&[u16]>,
) -> Result<PaymentView> {
    let fingerprint = sha256_hex(req.wallet.as_bytes());
    let same_request = |p: &PaymentAttempt| p.request_fingerprint == fingerprint;
    let earlier = payments::by_session_key(&svc.db, &session.id, key.as_str()).await?;
    if let Some(earlier) = idempotency::replay(earlier, same_request, "payment")? {
        return view(svc, &earlier, session).await;
    }
    let now = svc.now();
    if session.mode.links_only() {
        return Err(Error::validation(
            "this checkout links a wallet and takes no payment; charge it with POST /v1/payments",
        ));
    }
    crate::domain::checkout::ensure_open(session, svc.now())?;
    let link = wallets::active(&svc.db, &session.buyer_reference, &req.wallet)
        .await?
        .ok_or_else(|| {
            Error::invalid(
                ErrorCode::WalletNotLinked,
                format!("{} is not linked", req.wallet),
            )
        })?;
    crate::domain::dunning::recovery::before_payment(svc, session).await?;
    if let Some((mandate, _)) = &session.charged_under {
        // A charge stored before (a replay of its key) is made only within its mandate.
        crate::domain::mandates::still_covers(svc, mandate, &link, now).await?;
    }
    let mut attempt = new_attempt(session, key, fingerprint.clone(), &link, now);
    attempt.retry_schedule = retry_days.map(|d| serde_json::json!(d).to_string());
    let stored = idempotency::store_once(
        payments::insert(&svc.db, &attempt),
        || payments::by_session_key(&svc.db, &session.id, key.as_str()),
        same_request,
        "payment",
    )
    .await?;
    match stored {
        Stored::Ours => {}
        // A double click with the same key.
        Stored::Theirs(same) => return view(svc, &same, session).await,
        // Another live payment of this checkout.
        Stored::Clash(_) => {
            let live = payments::current_for_session(&svc.db, &session.id).await?;
            return Err(match live.map(|p| p.status) {
                Some(PaymentStatus::Succeeded) => {
                    Error::conflict(ErrorCode::OrderAlreadyPaid, "this order is already paid")
                }
                _ => Error::conflict(
                    ErrorCode::PaymentInProgress,
                    "a payment for this order is already in progress",
                ),
            });
        }
    }
    send(svc, &attempt, session).await?;
    let settled = payments::get(&svc.db, &attempt.id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    view(svc, &settled, session).await
}

fn pay_request(
    svc: &Service,
    p: &PaymentAttempt,
    s: &CheckoutSession,
    token: Secret,
) -> Result<PayRequest> {
    let amount = Amount::from_minor(&p.currency, p.amount_minor).map_err(anyhow::Error::from)?;
    let goods = s
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Goods {
            reference_goods_id: format!("{}-{}", s.order_reference, i + 1),
            goods_name: item.name.clone(),
            goods_category: None,
            goods_unit_amount: Amount::from_minor(&p.currency, item.unit_amount).ok(),
            goods_quantity: Some(item.quantity),
        })
        .collect();
    let terminal = crate::domain::checkout::antom_terminal(s.terminal.unwrap_or(Terminal::Web));
    let mut request = PayRequest::agreement_payment(
        &p.payment_request_id,
        Order {
            reference_order_id: s.order_reference.clone(),
            order_description: s.order_description.clone(),
            order_amount: amount,
            goods,
            buyer: Some(Buyer {
                reference_buyer_id: s.buyer_reference.clone(),
            }),
            env: None,
        },
        amount,
        &p.wallet,
        token,
    );
    request.payment_notify_url = Some(svc.notify_url("/notify/payment"));
    // Auto Debit pay documents `env` only as optional risk-control data, and requires
    // neither `terminalType` nor `osType` (consult requires `osType` for APP, WAP and
    // MINI_APP, at its top level): the terminal is sent, and no guessed OS.
    request.env = Some(Env {
        terminal_type: Some(terminal),
        ..Env::default()
    });
    Ok(request)
}

/// When Antom says the money moved (when it does not say, the store takes the time it learnt it).
fn paid_at(text: Option<&str>) -> Option<i64> {
    text.and_then(antom::time::parse)
        .map(|t| t.unix_timestamp())
}

/// Sends pay for a recorded attempt and applies the answer.
pub async fn send(svc: &Service, p: &PaymentAttempt, s: &CheckoutSession) -> Result<()> {
    let link = wallets::get(&svc.db, &p.linked_wallet_id)
        .await?
        .ok_or(Error::NotFound("linked wallet"))?;
    let token = Secret::new(svc.cipher.open(
        &link.access_token_enc,
        crate::domain::linking::access_binding(&link.binding_row()),
    )?);
    let request = pay_request(svc, p, s, token)?;
    let now = svc.now();
    let answer = svc.call_antom(&request).await;
    let settlement = match (answer::from_pay(&answer), answer) {
        (Some(settled), _) => {
            if settled.result_code.as_deref() == Some(antom::codes::INVALID_ACCESS_TOKEN) {
                // The wallet no longer honours this authorization (unlinked in the app, or
                // gone): end the link so the buyer is offered to link again, not to pay.
                // Only if this token is still the link's: a refresh may have replaced it meanwhile.
                wallets::end_with_token(
                    &svc.db,
                    &link.id,
                    &link.access_token_hash,
                    LinkStatus::Expired,
                    now,
                )
                .await?;
            }
            settled
        }
        // Unknown: inquired later. Still "recorded" when it surely never left
        // (the worker resends it), else processing.
        (None, unknown) => {
            let reached = unknown
                .as_ref()
                .err()
                .is_none_or(AntomError::may_have_reached_antom);
            let outcome = unknown.as_ref().err().map(AntomError::outcome);
            tracing::info!(payment = %p.id, ?outcome, "pay without a final answer; will inquire");
            PaymentSettlement {
                next_check_at: Some(now + backoff(p.checks)),
                ..PaymentSettlement::to(if reached {
                    PaymentStatus::Processing
                } else {
                    PaymentStatus::Recorded
                })
            }
        }
    };
    apply(svc, p, settlement, now).await
}

/// Settles `p` as `settlement` says; a charge refused for a reason that may pass is
/// scheduled to be tried again instead of failing (`dunning`).
pub(crate) async fn apply(
    svc: &Service,
    p: &PaymentAttempt,
    mut settlement: PaymentSettlement,
    now: i64,
) -> Result<()> {
    crate::domain::dunning::plan(p, &mut settlement, now);
    payments::settle(&svc.db, &p.id, &p.payment_request_id, &settlement, now).await?;
    Ok(())
}

/// Asks Antom about an attempt whose outcome is unknown, and settles it if Antom knows.
pub async fn check(svc: &Service, p: &PaymentAttempt) -> Result<()> {
    let now = svc.now();
    let inquiry = InquiryPaymentRequest {
        payment_request_id: Some(p.payment_request_id.clone()),
        payment_id: None,
    };
    let later = PaymentSettlement {
        next_check_at: Some(now + backoff(p.checks + 1)),
        ..PaymentSettlement::to(PaymentStatus::Processing)
    };
    // A charge's retry started later than the charge.
    let started = p.attempt_started_at.unwrap_or(p.created_at);
    let settlement = match svc.call_antom(&inquiry).await {
        Ok(found)
            if found
                .payment_amount
                .is_some_and(|a| !a.is(&p.currency, p.amount_minor)) =>
        {
            // What Antom holds under our paymentRequestId is not this payment (a
            // REPEAT_REQ_INCONSISTENT's earlier body): never settled from it.
            tracing::error!(payment = %p.id, "inquiryPayment found another amount under this payment's id; not applied");
            later
        }
        Ok(found) => {
            if let Some(customs) = &found.customs_declaration_amount {
                keep_customs_amount(svc, &p.id, customs).await?;
            }
            answer::from_inquiry(&found).unwrap_or(later)
        }
        Err(AntomError::Failed { result, .. })
            if result.result_code == antom::codes::ORDER_NOT_EXIST =>
        {
            // Antom never saw it (we crashed before sending, or it never arrived).
            if started + RESEND_WINDOW_SECS > now {
                let session = store::sessions::get(&svc.db, &p.checkout_session_id)
                    .await?
                    .ok_or(Error::NotFound("checkout session"))?;
                tracing::info!(payment = %p.id, "Antom has no record of this payment; sending it now");
                return send(svc, p, &session).await;
            }
            PaymentSettlement {
                result_code: Some(NOT_SENT.into()),
                ..PaymentSettlement::to(PaymentStatus::Failed)
            }
        }
        Err(e) => {
            tracing::info!(payment = %p.id, error = %e, "inquiry without an answer");
            later
        }
    };
    if settlement.status == PaymentStatus::Processing && now >= started + PROCESSING_DEADLINE_SECS {
        // Not inquired forever: closed, and the buyer and the merchant see it closed.
        payments::settle(&svc.db, &p.id, &p.payment_request_id, &settlement, now).await?;
        return crate::domain::cancelling::close_expired(svc, p).await;
    }
    apply(svc, p, settlement, now).await
}

/// Checks an attempt right away if nobody else is (the buyer is waiting on the result page).
pub async fn check_now(svc: &Service, p: &PaymentAttempt) -> Result<()> {
    let now = svc.now();
    if p.is_final() || p.next_check_at.is_some_and(|t| t > now) {
        return Ok(());
    }
    if payments::lease_one(&svc.db, &p.id, now, now + 30).await? {
        check(svc, p).await?;
    }
    Ok(())
}

/// The buyer's payment `id` of checkout `session`; while its outcome is unknown,
/// Antom is asked now rather than waiting for the worker.
pub async fn checked_for_buyer(
    svc: &Service,
    session: &CheckoutSession,
    id: &str,
) -> Result<PaymentView> {
    let p = payments::get(&svc.db, id)
        .await?
        .filter(|p| p.checkout_session_id == session.id)
        .ok_or(Error::NotFound("payment"))?;
    check_now(svc, &p).await?;
    let fresh = payments::get(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    view(svc, &fresh, session).await
}

/// Keeps `customsDeclarationAmount` (Alipay CN payments): what a declaration may say, in CNY.
pub async fn keep_customs_amount(svc: &Service, id: &str, customs: &antom::Amount) -> Result<()> {
    payments::set_customs_amount(
        &svc.db,
        id,
        customs.minor_units(),
        customs.currency().code(),
    )
    .await?;
    Ok(())
}

mod answer;
mod notified;
pub use notified::notified;
#[cfg(test)]
mod tests;
