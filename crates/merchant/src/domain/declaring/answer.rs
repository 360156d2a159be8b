//! Antom's two ways of telling a declaration's outcome — declare's own answer
//! and inquiryDeclarationRequests' record — each turned into a
//! [`DeclarationSettlement`] here, and nowhere else.

use crate::domain::states::DeclarationStatus;
use crate::store::declarations::DeclarationSettlement;
use antom::api::{DeclarationRecord, DeclarationRequestStatus, DeclareResponse};
use antom::AntomError;

/// declare's answer, when final (`S`: accepted by Antom, customs answers later;
/// `F`: refused); `None` when the outcome is unknown.
pub(super) fn from_declare(
    answer: &Result<DeclareResponse, AntomError>,
) -> Option<DeclarationSettlement<'_>> {
    match answer {
        Ok(done) => Some(DeclarationSettlement {
            identity_check_result: done.identity_check_result.as_deref(),
            clearing_channel: done.clearing_channel.as_ref().map(|c| c.as_str()),
            customs_payment_id: done.customs_payment_id.as_deref(),
            customs_order_id: done.customs_order_id.as_deref(),
            ..DeclarationSettlement::to(DeclarationStatus::Submitted)
        }),
        Err(AntomError::Failed { result, .. }) => Some(DeclarationSettlement {
            result_code: Some(&result.result_code),
            ..DeclarationSettlement::to(DeclarationStatus::Failed)
        }),
        Err(_) => None,
    }
}

/// What Antom's record of one declaration says customs answered.
pub(super) fn from_record(d: &DeclarationRecord) -> DeclarationSettlement<'_> {
    let status = match &d.declaration_request_status {
        Some(DeclarationRequestStatus::Success) => DeclarationStatus::Succeeded,
        Some(DeclarationRequestStatus::Fail) => DeclarationStatus::Failed,
        // Waiting, processing, or a status this code does not know: not final.
        _ => DeclarationStatus::Submitted,
    };
    DeclarationSettlement {
        result_code: (status == DeclarationStatus::Failed).then(|| {
            d.customs_declaration_result_code
                .as_deref()
                .unwrap_or("CUSTOMS_FAIL")
        }),
        customs_payment_id: d.customs_payment_id.as_deref(),
        customs_order_id: d.customs_order_id.as_deref(),
        customs_result_code: d.customs_declaration_result_code.as_deref(),
        customs_result_desc: d.customs_declaration_result_desc.as_deref(),
        customs_returned_at: d.customs_declaration_return_time.as_deref(),
        ..DeclarationSettlement::to(status)
    }
}
