//! Each settlement summary against its details, and fees and net settlement
//! per currency.

use super::super::ReadFile;
use super::issue;
use crate::domain::checkout::money;
use antom::settlement::{Report, SummaryLine, TransactionItem, TransactionType};
use contract::back_office::{CurrencySettlement, IssueKind, ReconciliationIssue};
use std::collections::{BTreeMap, BTreeSet};

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
pub(super) fn check_summaries(
    files: &[ReadFile],
    details: &[&TransactionItem],
) -> Vec<ReconciliationIssue> {
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
pub(super) fn settlement_totals(details: &[&TransactionItem]) -> Vec<CurrencySettlement> {
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
