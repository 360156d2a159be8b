//! Customs' answer, by inquiryDeclarationRequests (10 ids a call): asked by the
//! merchant (`inquire`) or by the worker (`check_waiting`), kept as it comes.

use super::{
    answer, DeclarationStatus, CHECK_EVERY_SECS, NOT_RECEIVED_AFTER_SECS, UNRECOGNIZED_AFTER,
};
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::states;
use crate::store::declarations::{self, DeclarationRow, DeclarationSettlement};
use crate::Service;
use antom::api::{DeclarationRecord, DeclarationRequestStatus, InquiryDeclarationRequestsRequest};
use antom::AntomError;

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
            apply(svc, r, record.as_ref(), false).await?;
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
/// Only the worker's checks (`counted`) count toward giving up on an unknown status,
/// so a merchant asking often cannot hasten it.
async fn apply(
    svc: &Service,
    r: &DeclarationRow,
    record: Option<&DeclarationRecord>,
    counted: bool,
) -> Result<()> {
    let now = svc.now();
    let Some(d) = record else {
        if r.status != states::DeclarationStatus::Submitted
            && r.created_at + NOT_RECEIVED_AFTER_SECS < now
        {
            // Nothing to send again (the identity document is not kept): the merchant
            // declares again with a new key.
            let gone = DeclarationSettlement {
                result_code: Some("NOT_RECEIVED"),
                ..DeclarationSettlement::to(states::DeclarationStatus::Failed)
            };
            declarations::settle(&svc.db, &r.id, &gone, now).await?;
        }
        return Ok(());
    };
    if let Some(DeclarationRequestStatus::Other(unknown)) = &d.declaration_request_status {
        if !counted {
            tracing::error!(declaration = %r.id, antom_status = %unknown, "inquiryDeclarationRequests reported a declarationRequestStatus no document lists");
            return Ok(());
        }
        return unrecognized(svc, r, unknown).await;
    }
    declarations::reset_unrecognized(&svc.db, &r.id).await?;
    declarations::settle(&svc.db, &r.id, &answer::from_record(d), now).await?;
    Ok(())
}

/// A `declarationRequestStatus` no document lists: waiting is the safe reading, said
/// loudly each time; after [`UNRECOGNIZED_AFTER`] such answers, nobody asks any more
/// and the declaration is `unrecognized`, with the value Antom sent.
async fn unrecognized(svc: &Service, r: &DeclarationRow, status: &str) -> Result<()> {
    let seen = declarations::count_unrecognized(&svc.db, &r.id).await?;
    tracing::error!(declaration = %r.id, antom_status = %status, seen, "inquiryDeclarationRequests reported a declarationRequestStatus no document lists");
    if seen >= UNRECOGNIZED_AFTER {
        let stopped = DeclarationSettlement {
            result_code: Some(status),
            ..DeclarationSettlement::to(states::DeclarationStatus::Unrecognized)
        };
        declarations::settle(&svc.db, &r.id, &stopped, svc.now()).await?;
    }
    Ok(())
}

/// The worker's part: asks about declarations still waiting, each about once a minute.
pub async fn check_waiting(svc: &Service) -> Result<()> {
    let now = svc.now();
    let waiting = declarations::unsettled(&svc.db, now - CHECK_EVERY_SECS, 50).await?;
    for chunk in waiting.chunks(10) {
        for r in chunk {
            declarations::touch(&svc.db, &r.id, now).await?;
        }
        match ask(svc, chunk).await {
            Ok(records) => {
                for (r, record) in chunk.iter().zip(&records) {
                    apply(svc, r, record.as_ref(), true).await?;
                }
            }
            Err(e) => tracing::info!(error = %e, "declaration inquiry without an answer"),
        }
    }
    Ok(())
}
