//! Each settlement summary against its details, and fees and net settlement
//! per currency. How a batch's amounts are read is worked out from the batch's
//! own totals (`reading`), never assumed where a summary can tell.

use super::super::ReadFile;
use super::issue;
use super::reading::{self, Reading};
use crate::domain::checkout::money;
use antom::settlement::{Report, SummaryLine, TransactionItem, TransactionType};
use contract::back_office::{BatchReading, CurrencySettlement, IssueKind, ReconciliationIssue};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Default, Clone, Copy)]
struct Totals {
    count: u64,
    /// Net of fees, as the batch's reading makes it.
    net: i64,
    /// Fees and tax as written.
    fee: i64,
    tax: i64,
}

impl Totals {
    fn add(&mut self, item: &TransactionItem, r: Reading) {
        if let Some(s) = item.settlement {
            self.count += 1;
            self.net += r.net(&s);
            self.fee += s.fee.minor;
            self.tax += s.tax.minor;
        }
    }
}

/// Each batch's reading, and each summary line against the totals of its batch's details.
pub(super) fn check_summaries(
    files: &[ReadFile],
    details: &[&TransactionItem],
) -> (Vec<ReconciliationIssue>, BTreeMap<String, Reading>) {
    let summaries: Vec<(&str, &SummaryLine)> = files
        .iter()
        .filter_map(|f| match &f.report {
            Report::SettlementSummary(lines) => Some(lines.iter().map(|l| (f.name.as_str(), l))),
            _ => None,
        })
        .flatten()
        .collect();
    let readings = reading::of_batches(details, summaries.iter().map(|(_, l)| *l));
    let mut totals: BTreeMap<(String, String), Totals> = BTreeMap::new();
    for item in details {
        let Some(batch) = &item.settlement_batch_id else {
            continue;
        };
        let r = readings.get(batch).copied().unwrap_or_default();
        for kind in [item.transaction_type.as_str(), "TOTAL"] {
            totals
                .entry((batch.clone(), kind.to_owned()))
                .or_default()
                .add(item, r);
        }
    }
    let mut issues = Vec::new();
    let mut summarized = BTreeSet::new();
    for (file, line) in &summaries {
        let key = (
            line.settlement_batch_id.clone(),
            line.summary_type.as_str().to_owned(),
        );
        summarized.insert(key.clone());
        if !readings.contains_key(&line.settlement_batch_id) {
            // Without the batch's details there is nothing to check against.
            continue;
        }
        let t = totals.get(&key).copied().unwrap_or_default();
        summary_line_issues(file, line, &t, &mut issues);
    }
    for (batch, r) in &readings {
        if r.unfit {
            let mut i = issue(IssueKind::UnreadableBatch, "TOTAL");
            i.request_id = Some(batch.clone());
            issues.push(i);
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
    (issues, readings)
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
    let currency = line.amount.currency.code();
    if details.count != line.count {
        let mut i = base();
        i.field = Some("count".into());
        i.ours_count = Some(details.count);
        i.antom_count = Some(line.count);
        issues.push(i);
    }
    for (field, from_details, in_summary) in [
        ("settlementAmountValue", details.net, line.amount.minor),
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

/// How each batch was read, as the report shows it.
pub(super) fn batch_readings(readings: &BTreeMap<String, Reading>) -> Vec<BatchReading> {
    readings.iter().map(|(batch, r)| r.view(batch)).collect()
}

/// Fees and net settlement per settlement currency, each item read as its batch is.
pub(super) fn settlement_totals(
    details: &[&TransactionItem],
    readings: &BTreeMap<String, Reading>,
) -> Vec<CurrencySettlement> {
    #[derive(Default)]
    struct Sums {
        payments: i64,
        refunds: i64,
        cancels: i64,
        other: i64,
        fees: i64,
        tax: i64,
        net: i64,
        items: u64,
    }
    let mut by_currency: BTreeMap<String, Sums> = BTreeMap::new();
    for item in details {
        let Some(s) = item.settlement else { continue };
        let r = item
            .settlement_batch_id
            .as_ref()
            .and_then(|b| readings.get(b))
            .copied()
            .unwrap_or_default();
        let sums = by_currency
            .entry(s.amount.currency.code().to_owned())
            .or_default();
        sums.items += 1;
        let gross = r.gross(&s);
        match item.transaction_type {
            TransactionType::Payment => sums.payments += gross,
            TransactionType::Refund => sums.refunds -= gross,
            TransactionType::Cancel => sums.cancels -= gross,
            _ => sums.other += gross,
        }
        sums.fees += r.charged(s.fee.minor);
        sums.tax += r.charged(s.tax.minor);
        sums.net += r.net(&s);
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
            net: money(s.net, &c),
            items: s.items,
        })
        .collect()
}
