//! Customs declarations (报关) of paid Alipay CN payments, in CNY up to the
//! payment's `customsDeclarationAmount`: validated, idempotent, recorded before
//! they are sent. Declare's `S` means Antom accepted it ("submitted"); customs'
//! answer comes from inquiryDeclarationRequests, asked by the worker. Identity
//! documents are passed to Antom and never stored.

use crate::crypto::new_id;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::idempotency::{self, IdempotencyKey, Stored};
use crate::domain::states::{self, PaymentStatus};
use crate::store::declarations::{self, DeclarationRow, DeclarationSettlement};
use crate::store::payments;
use crate::Service;
use antom::api::{
    Certificate, CustomsInfo, DeclareRequest, InquiryPaymentRequest, MerchantCustomsInfo, UserName,
    DECLARABLE_WALLET, DECLARATION_CURRENCY,
};
use antom::Amount;
pub use contract::back_office::{BuyerCertificate, DeclarationView, NewDeclaration};
use serde::{Deserialize, Serialize};

mod answer;
mod customs;
pub use customs::{check_waiting, inquire};

/// What Antom's inquiry says of one declaration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct DeclarationStatus {
    /// Our id.
    pub id: String,
    /// Whether Antom knows it.
    pub found: bool,
    /// Antom's `declarationRequestStatus`, e.g. `SUCCESS`.
    pub antom_status: Option<String>,
}

/// How often the worker asks Antom about one declaration still waiting for customs.
const CHECK_EVERY_SECS: i64 = 60;
/// A declaration Antom has not heard of this long after it was sent never arrived.
const NOT_RECEIVED_AFTER_SECS: i64 = 10 * 60;
/// How many answers with a `declarationRequestStatus` no document lists a declaration
/// gets before nobody asks any more: half an hour of the worker's checks. A final
/// failure spelled another way would otherwise be asked about every minute for ever.
const UNRECOGNIZED_AFTER: i64 = 30;

pub(crate) fn view(svc: &Service, d: &DeclarationRow) -> DeclarationView {
    DeclarationView {
        id: d.id.clone(),
        payment_id: d.payment_attempt_id.clone(),
        amount: d.amount_minor,
        currency: d.currency.clone(),
        customs_code: d.customs_code.clone(),
        customs_region: d.customs_region.clone(),
        state: d.status.view(),
        failure_code: d
            .result_code
            .clone()
            .filter(|_| d.status == states::DeclarationStatus::Failed),
        antom_status: d
            .result_code
            .clone()
            .filter(|_| d.status == states::DeclarationStatus::Unrecognized),
        identity_check_result: d.identity_check_result.clone(),
        clearing_channel: d.clearing_channel.clone(),
        customs_payment_id: d.customs_payment_id.clone(),
        customs_order_id: d.customs_order_id.clone(),
        customs_result_code: d.customs_result_code.clone(),
        customs_result_desc: d.customs_result_desc.clone(),
        customs_returned_at: d.customs_returned_at.clone(),
        livemode: svc.config.livemode(),
    }
}

fn check(req: &NewDeclaration, declarable: i64) -> Result<i64> {
    let invalid = |m: &str| Err(Error::validation(m));
    let amount = req.amount.unwrap_or(declarable);
    if amount <= 0 || amount > declarable {
        return invalid(&format!(
            "amount must be positive and at most the payment's customs declaration amount, {declarable} CNY minor units"
        ));
    }
    if contract::is_blank(&req.customs_code) || req.customs_code.chars().count() > 32 {
        return invalid("customs_code must be 1 to 32 characters");
    }
    let region = req.customs_region.as_bytes();
    if region.len() != 2 || !region.iter().all(u8::is_ascii_uppercase) {
        return invalid("customs_region must be two upper-case letters (ISO 3166-1)");
    }
    if contract::is_blank(&req.merchant_customs_code)
        || contract::is_blank(&req.merchant_customs_name)
    {
        return invalid("merchant_customs_code and merchant_customs_name are required");
    }
    if req.split_order && req.sub_order_id.as_deref().is_none_or(str::is_empty) {
        return invalid("sub_order_id is required when split_order is true");
    }
    Ok(amount)
}

/// What Antom says customs may be told of a payment (`customsDeclarationAmount`): kept
/// from notifyPayment or inquiryPayment, else asked now. Antom returns it for Alipay CN payments.
pub async fn customs_amount(
    svc: &Service,
    p: &payments::PaymentAttempt,
) -> Result<Option<(i64, String)>> {
    if let Some(kept) = payments::customs_amount(&svc.db, &p.id).await? {
        return Ok(Some(kept));
    }
    let found = svc
        .call_antom(&InquiryPaymentRequest {
            payment_request_id: Some(p.payment_request_id.clone()),
            payment_id: None,
        })
        .await
        .map_err(|e| Error::from_antom(e, ErrorCode::InquiryRefused))?;
    let Some(customs) = found.customs_declaration_amount else {
        return Ok(None);
    };
    crate::domain::paying::keep_customs_amount(svc, &p.id, &customs).await?;
    Ok(Some((
        customs.minor_units(),
        customs.currency().code().to_owned(),
    )))
}

/// What a declaration of `p` may say at most, in CNY minor units.
async fn declarable_amount(svc: &Service, p: &payments::PaymentAttempt) -> Result<i64> {
    match customs_amount(svc, p).await? {
        Some((minor, currency)) if currency == DECLARATION_CURRENCY => Ok(minor),
        _ => Err(Error::conflict(
            ErrorCode::PaymentNotDeclarable,
            "Antom gave no customs declaration amount in CNY for this payment",
        )),
    }
}

/// Declares a paid payment to customs; the same key always means the same declaration.
pub async fn declare(
    svc: &Service,
    payment_id: &str,
    key: &IdempotencyKey,
    req: NewDeclaration,
) -> Result<DeclarationView> {
    let p = payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    // Keyed: the request holds identity document numbers, few enough to guess from a plain hash.
    let fingerprint = crate::crypto::keyed_hash_hex(
        &svc.config.token_encryption_key,
        serde_json::to_string(&req)
            .map_err(anyhow::Error::from)?
            .as_bytes(),
    );
    let same_request = |d: &DeclarationRow| d.request_fingerprint == fingerprint;
    let earlier = declarations::by_payment_key(&svc.db, &p.id, key.as_str()).await?;
    if let Some(earlier) = idempotency::replay(earlier, same_request, "declaration")? {
        return Ok(view(svc, &earlier));
    }
    if p.status != PaymentStatus::Succeeded {
        return Err(Error::conflict(
            ErrorCode::PaymentNotDeclarable,
            "only a paid payment can be declared",
        ));
    }
    if p.wallet != DECLARABLE_WALLET {
        return Err(Error::conflict(
            ErrorCode::PaymentNotDeclarable,
            "only Alipay (China) payments are declared to customs",
        ));
    }
    let declarable = declarable_amount(svc, &p).await?;
    let amount = check(&req, declarable)?;
    let row = new_row(&p, key, fingerprint.clone(), amount, &req, svc.now());
    let stored = idempotency::store_once(
        declarations::insert(&svc.db, &row),
        || declarations::by_payment_key(&svc.db, &p.id, key.as_str()),
        same_request,
        "declaration",
    )
    .await?;
    match stored {
        Stored::Ours => {}
        Stored::Theirs(same) => return Ok(view(svc, &same)),
        Stored::Clash(e) => return Err(e.into()),
    }
    let request = declare_request(&row, &p, req)?;
    send(svc, &row, &request).await?;
    let settled = declarations::get(&svc.db, &row.id)
        .await?
        .ok_or(Error::NotFound("declaration"))?;
    Ok(view(svc, &settled))
}

/// The declaration `key` makes of payment `p`, recorded before it is sent.
fn new_row(
    p: &payments::PaymentAttempt,
    key: &IdempotencyKey,
    request_fingerprint: String,
    amount_minor: i64,
    req: &NewDeclaration,
    now: i64,
) -> DeclarationRow {
    DeclarationRow {
        id: new_id("dc"),
        // Antom allows 32 characters.
        declaration_request_id: key.derived_id("dr", Some(&p.id), 30),
        payment_attempt_id: p.id.clone(),
        idempotency_key: key.as_str().to_owned(),
        request_fingerprint,
        amount_minor,
        currency: DECLARATION_CURRENCY.to_owned(),
        customs_code: req.customs_code.clone(),
        customs_region: req.customs_region.clone(),
        status: states::DeclarationStatus::Recorded,
        result_code: None,
        identity_check_result: None,
        clearing_channel: None,
        customs_payment_id: None,
        customs_order_id: None,
        customs_result_code: None,
        customs_result_desc: None,
        customs_returned_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Antom's `declare` for `row` of paid payment `p`.
fn declare_request(
    row: &DeclarationRow,
    p: &payments::PaymentAttempt,
    req: NewDeclaration,
) -> Result<DeclareRequest> {
    Ok(DeclareRequest {
        declaration_request_id: row.declaration_request_id.clone(),
        payment_id: p
            .antom_payment_id
            .clone()
            .ok_or_else(|| anyhow::anyhow!("paid payment without an Antom id"))?,
        declaration_amount: Amount::from_minor(DECLARATION_CURRENCY, row.amount_minor)
            .map_err(anyhow::Error::from)?,
        customs: CustomsInfo {
            customs_code: req.customs_code,
            region: req.customs_region,
        },
        merchant_customs_info: MerchantCustomsInfo {
            merchant_customs_code: req.merchant_customs_code,
            merchant_customs_name: req.merchant_customs_name,
        },
        split_order: Some(req.split_order),
        suborder_id: req.sub_order_id,
        buyer_certificate: req.buyer_certificate.map(|c| Certificate {
            certificate_type: c.certificate_type,
            certificate_no: c.certificate_no,
            holder_name: UserName {
                full_name: Some(c.holder_name),
                first_name: None,
                last_name: None,
            },
        }),
    })
}

/// Sends a recorded declaration and keeps Antom's answer.
async fn send(svc: &Service, row: &DeclarationRow, request: &DeclareRequest) -> Result<()> {
    let answer = svc.call_antom(request).await;
    let settled = answer::from_declare(&answer).unwrap_or_else(|| {
        let e = answer.as_ref().err().map(ToString::to_string);
        tracing::info!(declaration = %row.id, error = ?e, "declare without a final answer");
        DeclarationSettlement::to(states::DeclarationStatus::Processing)
    });
    declarations::settle(&svc.db, &row.id, &settled, svc.now()).await?;
    Ok(())
}

/// A payment's declarations.
pub async fn list(svc: &Service, payment_id: &str) -> Result<Vec<DeclarationView>> {
    payments::get(&svc.db, payment_id)
        .await?
        .ok_or(Error::NotFound("payment"))?;
    Ok(declarations::for_payment(&svc.db, payment_id)
        .await?
        .iter()
        .map(|d| view(svc, d))
        .collect())
}
