//! Customs declarations (报关) of paid Alipay CN payments, in CNY up to the
//! payment's `customsDeclarationAmount`: validated, idempotent, recorded before
//! they are sent. Declare's `S` means Antom accepted it ("submitted"); customs'
//! answer comes from inquiryDeclarationRequests, asked by the worker. Identity
//! documents are passed to Antom and never stored.

use crate::crypto::{new_id, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::states::{self, PaymentStatus};
use crate::store::declarations::{self, Answer, DeclarationRow};
use crate::store::{is_unique_violation, now, payments};
use crate::Service;
use antom::api::{
    Certificate, CustomsInfo, DeclarationRecord, DeclarationRequestStatus, DeclareRequest,
    InquiryDeclarationRequestsRequest, InquiryPaymentRequest, MerchantCustomsInfo, UserName,
    DECLARABLE_WALLET, DECLARATION_CURRENCY,
};
use antom::{Amount, AntomError};
pub use contract::back_office::{BuyerCertificate, DeclarationView, NewDeclaration};
use serde::{Deserialize, Serialize};

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
    if req.customs_code.trim().is_empty() || req.customs_code.len() > 32 {
        return invalid("customs_code must be 1 to 32 characters");
    }
    let region = req.customs_region.as_bytes();
    if region.len() != 2 || !region.iter().all(u8::is_ascii_uppercase) {
        return invalid("customs_region must be two upper-case letters (ISO 3166-1)");
    }
    if req.merchant_customs_code.trim().is_empty() || req.merchant_customs_name.trim().is_empty() {
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
    crate::paying::keep_customs_amount(svc, &p.id, &customs).await?;
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
    key: Option<&str>,
    req: NewDeclaration,
) -> Result<DeclarationView> {
    let key = crate::idempotency::key(key)?;
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
    if let Some(existing) = declarations::by_payment_key(&svc.db, &p.id, key).await? {
        if existing.request_fingerprint != fingerprint {
            return Err(Error::invalid(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another declaration",
            ));
        }
        return Ok(view(svc, &existing));
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
    let now = now();
    let row = DeclarationRow {
        id: new_id("dc"),
        // Antom allows 32 characters.
        declaration_request_id: format!(
            "dr{}",
            &sha256_hex(format!("{}:{key}", p.id).as_bytes())[..30]
        ),
        payment_attempt_id: p.id.clone(),
        idempotency_key: key.to_owned(),
        request_fingerprint: fingerprint,
        amount_minor: amount,
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
    };
    if let Err(e) = declarations::insert(&svc.db, &row).await {
        if is_unique_violation(&e) {
            if let Some(same) = declarations::by_payment_key(&svc.db, &p.id, key).await? {
                return Ok(view(svc, &same));
            }
        }
        return Err(e.into());
    }
    let request = DeclareRequest {
        declaration_request_id: row.declaration_request_id.clone(),
        payment_id: p
            .antom_payment_id
            .clone()
            .ok_or_else(|| anyhow::anyhow!("paid payment without an Antom id"))?,
        declaration_amount: Amount::from_minor(DECLARATION_CURRENCY, amount)
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
    };
    let answer = svc.call_antom(&request).await;
    let channel;
    let settled = match &answer {
        Ok(done) => {
            channel = done
                .clearing_channel
                .as_ref()
                .map(|c| c.as_str().to_owned());
            Answer {
                identity_check_result: done.identity_check_result.as_deref(),
                clearing_channel: channel.as_deref(),
                customs_payment_id: done.customs_payment_id.as_deref(),
                customs_order_id: done.customs_order_id.as_deref(),
                // Accepted by Antom only: customs answers later.
                ..Answer::to(states::DeclarationStatus::Submitted)
            }
        }
        Err(AntomError::Failed { result, .. }) => Answer {
            result_code: Some(&result.result_code),
            ..Answer::to(states::DeclarationStatus::Failed)
        },
        Err(e) => {
            tracing::info!(declaration = %row.id, error = %e, "declare without a final answer");
            Answer::to(states::DeclarationStatus::Processing)
        }
    };
    declarations::settle(&svc.db, &row.id, &settled, now).await?;
    let settled = declarations::get(&svc.db, &row.id)
        .await?
        .ok_or(Error::NotFound("declaration"))?;
    Ok(view(svc, &settled))
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

/// What Antom knows of a payment's declarations (inquiryDeclarationRequests, 10 ids a
/// call); what customs answered is kept.
pub async fn inquire(svc: &Service, payment_id: &str) -> Result<Vec<DeclarationStatus>> {
    let rows = declarations::for_payment(&svc.db, payment_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(10) {
        let records = ask(svc, chunk)
            .await
            .map_err(|e| Error::from_antom(e, ErrorCode::InquiryRefused))?;
        for (r, record) in chunk.iter().zip(&records) {
            apply(svc, r, record.as_ref()).await?;
            out.push(DeclarationStatus {
                id: r.id.clone(),
                found: record.is_some(),
                antom_status: record
                    .as_ref()
                    .and_then(|d| d.declaration_request_status.as_ref())
                    .map(|s| s.as_str().to_owned()),
            });
        }
    }
    Ok(out)
}

/// One inquiryDeclarationRequests call: each row's record, if Antom has one.
async fn ask(
    svc: &Service,
    rows: &[DeclarationRow],
) -> std::result::Result<Vec<Option<DeclarationRecord>>, AntomError> {
    let answer = svc
        .call_antom(&InquiryDeclarationRequestsRequest {
            declaration_request_ids: rows
                .iter()
                .map(|r| r.declaration_request_id.clone())
                .collect(),
        })
        .await?;
    Ok(rows
        .iter()
        .map(|r| {
            answer
                .declaration_records
                .iter()
                .find(|d| d.declaration_request_id == r.declaration_request_id)
                .cloned()
        })
        .collect())
}

/// Keeps what Antom says of one declaration: customs' answer, or "never arrived".
async fn apply(
    svc: &Service,
    r: &DeclarationRow,
    record: Option<&DeclarationRecord>,
) -> Result<()> {
    let now = now();
    let Some(d) = record else {
        if r.status != states::DeclarationStatus::Submitted
            && r.created_at + NOT_RECEIVED_AFTER_SECS < now
        {
            // Nothing to send again (the identity document is not kept): the merchant
            // declares again with a new key.
            let gone = Answer {
                result_code: Some("NOT_RECEIVED"),
                ..Answer::to(states::DeclarationStatus::Failed)
            };
            declarations::settle(&svc.db, &r.id, &gone, now).await?;
        }
        return Ok(());
    };
    let status = match &d.declaration_request_status {
        Some(DeclarationRequestStatus::Success) => states::DeclarationStatus::Succeeded,
        Some(DeclarationRequestStatus::Fail) => states::DeclarationStatus::Failed,
        // Waiting, processing, or a status this code does not know: not final.
        _ => states::DeclarationStatus::Submitted,
    };
    let answer = Answer {
        result_code: (status == states::DeclarationStatus::Failed).then(|| {
            d.customs_declaration_result_code
                .as_deref()
                .unwrap_or("CUSTOMS_FAIL")
        }),
        customs_payment_id: d.customs_payment_id.as_deref(),
        customs_order_id: d.customs_order_id.as_deref(),
        customs_result_code: d.customs_declaration_result_code.as_deref(),
        customs_result_desc: d.customs_declaration_result_desc.as_deref(),
        customs_returned_at: d.customs_declaration_return_time.as_deref(),
        ..Answer::to(status)
    };
    declarations::settle(&svc.db, &r.id, &answer, now).await?;
    Ok(())
}

/// The worker's part: asks about declarations still waiting, each about once a minute.
pub async fn check_waiting(svc: &Service) -> Result<()> {
    let now = now();
    let waiting = declarations::unsettled(&svc.db, now - CHECK_EVERY_SECS, 50).await?;
    for chunk in waiting.chunks(10) {
        for r in chunk {
            declarations::touch(&svc.db, &r.id, now).await?;
        }
        match ask(svc, chunk).await {
            Ok(records) => {
                for (r, record) in chunk.iter().zip(&records) {
                    apply(svc, r, record.as_ref()).await?;
                }
            }
            Err(e) => tracing::info!(error = %e, "declaration inquiry without an answer"),
        }
    }
    Ok(())
}
