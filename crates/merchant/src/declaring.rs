//! Customs declarations (报关) of paid payments: validated, idempotent,
//! recorded before they are sent. Identity documents are passed to Antom and
//! never stored.

use crate::crypto::{new_id, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::states::{self, PaymentStatus};
use crate::store::declarations::{self, DeclarationRow};
use crate::store::{is_unique_violation, now, payments};
use crate::Service;
use antom::api::{
    Certificate, CustomsInfo, DeclareRequest, InquiryDeclarationRequestsRequest,
    MerchantCustomsInfo, UserName,
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
    /// Antom's status, e.g. `SUCCESS`.
    pub antom_status: Option<String>,
}

fn view(svc: &Service, d: &DeclarationRow) -> DeclarationView {
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
        livemode: svc.config.livemode(),
    }
}

fn check(req: &NewDeclaration, paid: i64) -> Result<()> {
    let invalid = |m: &str| Err(Error::validation(m));
    if req.amount <= 0 || req.amount > paid {
        return invalid("amount must be positive and at most the amount paid");
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
    Ok(())
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
    check(&req, p.amount_minor)?;
    crate::checkout::antom_takes("amount", &p.currency, req.amount)?;
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
        amount_minor: req.amount,
        currency: p.currency.clone(),
        customs_code: req.customs_code.clone(),
        customs_region: req.customs_region.clone(),
        status: states::DeclarationStatus::Recorded,
        result_code: None,
        identity_check_result: None,
        clearing_channel: None,
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
        declaration_amount: Amount::from_minor(&p.currency, req.amount)
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
        sub_order_id: req.sub_order_id,
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
    match svc.call_antom(&request).await {
        Ok(done) => {
            declarations::settle(
                &svc.db,
                &row.id,
                states::DeclarationStatus::Succeeded,
                Some("SUCCESS"),
                done.identity_check_result.as_deref(),
                done.clearing_channel.as_deref(),
                now,
            )
            .await?;
        }
        Err(AntomError::Failed { result, .. }) => {
            declarations::settle(
                &svc.db,
                &row.id,
                states::DeclarationStatus::Failed,
                Some(&result.result_code),
                None,
                None,
                now,
            )
            .await?;
        }
        Err(e) => {
            tracing::info!(declaration = %row.id, error = %e, "declare without a final answer");
            declarations::settle(
                &svc.db,
                &row.id,
                states::DeclarationStatus::Processing,
                None,
                None,
                None,
                now,
            )
            .await?;
        }
    }
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

/// What Antom knows of a payment's declarations (inquiryDeclarationRequests, 10 ids a call).
pub async fn inquire(svc: &Service, payment_id: &str) -> Result<Vec<DeclarationStatus>> {
    let rows = declarations::for_payment(&svc.db, payment_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(10) {
        let request = InquiryDeclarationRequestsRequest {
            declaration_request_ids: chunk
                .iter()
                .map(|r| r.declaration_request_id.clone())
                .collect(),
        };
        let answer = svc
            .antom
            .execute(&request)
            .await
            .map_err(|e| Error::from_antom(e, ErrorCode::InquiryRefused))?;
        for r in chunk {
            let record = answer
                .declaration_records
                .iter()
                .find(|d| d.declaration_request_id == r.declaration_request_id);
            out.push(DeclarationStatus {
                id: r.id.clone(),
                found: record.is_some(),
                antom_status: record.and_then(|d| d.declaration_request_status.clone()),
            });
        }
    }
    Ok(out)
}
