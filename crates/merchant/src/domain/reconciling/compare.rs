//! Comparing Antom's report lines with our own records: every line matched to
//! our payment, refund or cancel (amount, currency, status), what either side
//! has that the other does not, each settlement summary against its details,
//! and fees and net settlement per currency.

use super::{day_of, kind_name, ReadFile};
use crate::domain::checkout::money;
use crate::domain::error::Result;
use crate::domain::states::{PaymentStatus, RefundStatus};
use crate::store::reconciliation::{self as store, OurTransaction};
use crate::store::Db;
use antom::settlement::{
    Report, SignedAmount, TransactionItem, TransactionStatus, TransactionType,
};
use contract::api::Money;
use contract::back_office::{ImportedFile, IssueKind, ReconciliationIssue, ReconciliationReport};
use std::collections::{HashMap, HashSet};

pub(super) async fn compare(
    db: &Db,
    import_id: &str,
    at: i64,
    files: &[ReadFile],
    offset: time::UtcOffset,
    livemode: bool,
) -> Result<ReconciliationReport> {
    let mut issues = Vec::new();
    let mut days = Vec::new();
    let mut known = Known::new();
    for f in files {
        match &f.report {
            Report::TransactionDetails(items) => {
                let Some((day, from, until)) = day_of(&f.name, offset) else {
                    continue;
                };
                days.push(day);
                check_lines(db, &f.name, items, &mut known, &mut issues).await?;
                check_completeness(db, items, from, until, &mut issues).await?;
            }
            Report::SettlementDetails(items) => {
                check_lines(db, &f.name, items, &mut known, &mut issues).await?
            }
            Report::SettlementSummary(_) => {}
        }
    }
    let details: Vec<&TransactionItem> = files
        .iter()
        .filter_map(|f| match &f.report {
            Report::SettlementDetails(items) => Some(items.iter()),
            _ => None,
        })
        .flatten()
        .collect();
    let (summary_issues, readings) = check_summaries(files, &details);
    let summary_agrees = summary_issues.is_empty();
    issues.extend(summary_issues);
    Ok(ReconciliationReport {
        import_id: import_id.to_owned(),
        imported_at: at,
        files: files
            .iter()
            .map(|f| ImportedFile {
                name: f.name.clone(),
                kind: kind_name(f.report.kind()).to_owned(),
                rows: f.report.len() as u64,
                already_imported: f.previous.as_deref() == Some(f.sha256.as_str()),
                replaced_earlier_version: f.previous.as_deref().is_some_and(|p| p != f.sha256),
            })
            .collect(),
        days,
        clean: issues.is_empty(),
        summary_agrees,
        issues,
        settlement: settlement_totals(&details, &readings),
        batches: batch_readings(&readings),
        livemode,
    })
}

/// Each line of a details report against our record of it.
/// Our records already looked up in this import, by Antom's line: a day's transactions
/// appear in both the transaction and the settlement details.
type Known = HashMap<(TransactionType, String, Option<String>), Option<OurTransaction>>;

/// Our record of the transaction on one of Antom's lines.
async fn ours_of(
    db: &Db,
    item: &TransactionItem,
    known: &mut Known,
) -> Result<Option<OurTransaction>> {
    let key = (
        item.transaction_type.clone(),
        item.transaction_id.clone(),
        item.transaction_request_id.clone(),
    );
    if let Some(ours) = known.get(&key) {
        return Ok(ours.clone());
    }
    let request_id = item.transaction_request_id.as_deref();
    let ours = match item.transaction_type {
        TransactionType::Payment => {
            store::find_payment(db, "PAYMENT", request_id, &item.transaction_id).await?
        }
        TransactionType::Cancel => {
            let request = request_id.or(item.original_transaction_request_id.as_deref());
            store::find_payment(db, "CANCEL", request, &item.transaction_id).await?
        }
        TransactionType::Refund => store::find_refund(db, request_id, &item.transaction_id).await?,
        _ => None,
    };
    known.insert(key, ours.clone());
    Ok(ours)
}

async fn check_lines(
    db: &Db,
    file: &str,
    items: &[TransactionItem],
    known: &mut Known,
    issues: &mut Vec<ReconciliationIssue>,
) -> Result<()> {
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert((item.transaction_type.clone(), item.transaction_id.clone())) {
            let mut twice = issue(IssueKind::Duplicate, item.transaction_type.as_str());
            twice.file = Some(file.to_owned());
            twice.line = Some(item.line as u64);
            twice.antom_id = Some(item.transaction_id.clone());
            twice.request_id = item.transaction_request_id.clone();
            twice.antom = Some(signed(item.amount));
            issues.push(twice);
            continue;
        }
        let mut found = issue(IssueKind::MissingHere, item.transaction_type.as_str());
        found.file = Some(file.to_owned());
        found.line = Some(item.line as u64);
        found.antom_id = Some(item.transaction_id.clone());
        found.request_id = item.transaction_request_id.clone();
        found.antom = Some(signed(item.amount));
        if let TransactionType::Other(_) | TransactionType::Total = item.transaction_type {
            // Not ours to match (a dispute, a reversal…): listed, never taken for a payment.
            found.kind = IssueKind::OtherTransaction;
            issues.push(found);
            continue;
        }
        let failed_at_antom = match &item.status {
            None | Some(TransactionStatus::Success) => false,
            Some(TransactionStatus::Failed) => true,
            // Still processing (or a state we do not know): nothing final to compare yet.
            Some(TransactionStatus::Processing | TransactionStatus::Other(_)) => continue,
        };
        let ours = ours_of(db, item, known).await?;
        let Some(ours) = ours else {
            if !failed_at_antom {
                issues.push(found);
            }
            continue;
        };
        found.payment_id = Some(ours.payment_id.clone());
        found.refund_id = ours.refund_id.clone();
        found.ours = Some(money(ours.amount_minor, &ours.currency));
        let expected_status = failed_at_antom
            != match item.transaction_type {
                TransactionType::Cancel => ours.status == PaymentStatus::Cancelled.as_str(),
                TransactionType::Payment => {
                    ours.at.is_some()
                        && [PaymentStatus::Succeeded, PaymentStatus::Cancelled]
                            .iter()
                            .any(|s| ours.status == s.as_str())
                }
                // A refund: refunds and payments share "succeeded".
                _ => ours.status == RefundStatus::Succeeded.as_str(),
            };
        if failed_at_antom && expected_status {
            // Failed on both sides: nothing moved, nothing to compare.
            continue;
        }
        if !expected_status {
            found.kind = IssueKind::StatusMismatch;
            found.field = Some("status".into());
            issues.push(found);
        } else if ours.currency != item.amount.currency.code() {
            found.kind = IssueKind::CurrencyMismatch;
            found.field = Some("transactionCurrency".into());
            issues.push(found);
        } else if ours.amount_minor != item.amount.minor.abs() {
            found.kind = IssueKind::AmountMismatch;
            found.field = Some("transactionAmountValue".into());
            issues.push(found);
        }
    }
    Ok(())
}

/// What we completed that day but Antom's transaction details do not list.
async fn check_completeness(
    db: &Db,
    items: &[TransactionItem],
    from: i64,
    until: i64,
    issues: &mut Vec<ReconciliationIssue>,
) -> Result<()> {
    let listed: HashSet<(String, String)> = items
        .iter()
        .filter(|i| i.is_done())
        .flat_map(|i| {
            let kind = i.transaction_type.as_str().to_owned();
            [
                i.transaction_request_id.clone(),
                Some(i.transaction_id.clone()),
            ]
            .into_iter()
            .flatten()
            .map(move |id| (kind.clone(), id))
        })
        .collect();
    let ours: Vec<OurTransaction> = store::completed_between(db, from, until).await?;
    for o in ours {
        let known = listed.contains(&(o.kind.to_owned(), o.request_id.clone()))
            || o.antom_id
                .as_ref()
                .is_some_and(|id| listed.contains(&(o.kind.to_owned(), id.clone())));
        if !known {
            let mut missing = issue(IssueKind::MissingAtAntom, o.kind);
            missing.payment_id = Some(o.payment_id);
            missing.refund_id = o.refund_id;
            missing.antom_id = o.antom_id;
            missing.request_id = Some(o.request_id);
            missing.ours = Some(money(o.amount_minor, &o.currency));
            issues.push(missing);
        }
    }
    Ok(())
}

fn signed(a: SignedAmount) -> Money {
    money(a.minor, a.currency.code())
}

fn issue(kind: IssueKind, transaction_type: &str) -> ReconciliationIssue {
    ReconciliationIssue {
        kind,
        file: None,
        line: None,
        transaction_type: transaction_type.to_owned(),
        payment_id: None,
        refund_id: None,
        antom_id: None,
        request_id: None,
        field: None,
        ours: None,
        antom: None,
        ours_count: None,
        antom_count: None,
    }
}

mod reading;
mod totals;
use totals::{batch_readings, check_summaries, settlement_totals};
#[cfg(test)]
mod tests;
