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
    Report, SignedAmount, SummaryLine, TransactionItem, TransactionStatus, TransactionType,
};
use contract::api::Money;
use contract::back_office::{
    CurrencySettlement, ImportedFile, IssueKind, ReconciliationIssue, ReconciliationReport,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    let summary_issues = check_summaries(files, &details);
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
        settlement: settlement_totals(&details),
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

#[derive(Default, Clone, Copy)]
struct Totals {
    count: u64,
    gross: i64,
    fee: i64,
    tax: i64,
}

impl Totals {
    fn add(&mut self, item: &TransactionItem) {
        if let Some(s) = item.settlement {
            self.count += 1;
            self.gross += s.amount.minor;
            self.fee += s.fee.minor;
            self.tax += s.tax.minor;
        }
    }

    fn net(&self) -> i64 {
        self.gross - self.fee - self.tax
    }
}

/// Each summary line against the totals of its batch's details.
fn check_summaries(files: &[ReadFile], details: &[&TransactionItem]) -> Vec<ReconciliationIssue> {
    let mut totals: BTreeMap<(String, String), Totals> = BTreeMap::new();
    let detailed_batches: BTreeSet<String> = details
        .iter()
        .filter_map(|i| i.settlement_batch_id.clone())
        .collect();
    for item in details {
        let Some(batch) = &item.settlement_batch_id else {
            continue;
        };
        for kind in [item.transaction_type.as_str(), "TOTAL"] {
            totals
                .entry((batch.clone(), kind.to_owned()))
                .or_default()
                .add(item);
        }
    }
    let mut issues = Vec::new();
    let mut summarized = BTreeSet::new();
    for f in files {
        let Report::SettlementSummary(lines) = &f.report else {
            continue;
        };
        for line in lines {
            let key = (
                line.settlement_batch_id.clone(),
                line.summary_type.as_str().to_owned(),
            );
            summarized.insert(key.clone());
            if !detailed_batches.contains(&line.settlement_batch_id) {
                // Without the batch's details there is nothing to check against.
                continue;
            }
            let t = totals.get(&key).copied().unwrap_or_default();
            summary_line_issues(&f.name, line, &t, &mut issues);
        }
    }
    let summarized_batches: BTreeSet<&String> = summarized.iter().map(|(b, _)| b).collect();
    for ((batch, kind), t) in &totals {
        if summarized_batches.contains(batch)
            && !summarized.contains(&(batch.clone(), kind.clone()))
        {
            let mut i = issue(IssueKind::SummaryMismatch, kind);
            i.field = Some("summaryType".into());
            i.antom_count = Some(t.count);
            i.request_id = Some(batch.clone());
            issues.push(i);
        }
    }
    issues
}

fn summary_line_issues(
    file: &str,
    line: &SummaryLine,
    details: &Totals,
    issues: &mut Vec<ReconciliationIssue>,
) {
    let base = || {
        let mut i = issue(IssueKind::SummaryMismatch, line.summary_type.as_str());
        i.file = Some(file.to_owned());
        i.line = Some(line.line as u64);
        i.request_id = Some(line.settlement_batch_id.clone());
        i
    };
    let currency = line.net.currency.code();
    if details.count != line.count {
        let mut i = base();
        i.field = Some("count".into());
        i.ours_count = Some(details.count);
        i.antom_count = Some(line.count);
        issues.push(i);
    }
    for (field, from_details, in_summary) in [
        ("settlementAmountValue", details.net(), line.net.minor),
        ("feeAmountValue", details.fee, line.fee.minor),
        ("taxFeeAmountValue", details.tax, line.tax.minor),
    ] {
        if from_details != in_summary {
            let mut i = base();
            i.field = Some(field.into());
            // "ours" here is the sum of Antom's own details; "antom" the summary's figure.
            i.ours = Some(money(from_details, currency));
            i.antom = Some(money(in_summary, currency));
            issues.push(i);
        }
    }
}

/// Fees and net settlement per settlement currency.
fn settlement_totals(details: &[&TransactionItem]) -> Vec<CurrencySettlement> {
    #[derive(Default)]
    struct Sums {
        payments: i64,
        refunds: i64,
        cancels: i64,
        other: i64,
        fees: i64,
        tax: i64,
        items: u64,
    }
    let mut by_currency: BTreeMap<String, Sums> = BTreeMap::new();
    for item in details {
        let Some(s) = item.settlement else { continue };
        let sums = by_currency
            .entry(s.amount.currency.code().to_owned())
            .or_default();
        sums.items += 1;
        match item.transaction_type {
            TransactionType::Payment => sums.payments += s.amount.minor,
            TransactionType::Refund => sums.refunds -= s.amount.minor,
            TransactionType::Cancel => sums.cancels -= s.amount.minor,
            _ => sums.other += s.amount.minor,
        }
        sums.fees += s.fee.minor;
        sums.tax += s.tax.minor;
    }
    by_currency
        .into_iter()
        .map(|(c, s)| CurrencySettlement {
            payments: money(s.payments, &c),
            refunds: money(s.refunds, &c),
            cancels: money(s.cancels, &c),
            other: money(s.other, &c),
            fees: money(s.fees, &c),
            tax: money(s.tax, &c),
            net: money(
                s.payments - s.refunds - s.cancels + s.other - s.fees - s.tax,
                &c,
            ),
            items: s.items,
        })
        .collect()
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

#[cfg(test)]
mod tests;
