//! Unit tests of the parent module.

use super::*;

/// Antom's settlement details for batch B1: a payment of 100.00 (fee 1.80,
/// tax 0.20) and a refund of 25.50, in PHP.
fn details() -> Vec<TransactionItem> {
    let text = "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,100.00,PHP,100.00,PHP,1.80,PHP,0.20,PHP\n\
            B1,REFUND,r1,rf-1,-25.50,PHP,-25.50,PHP,,,,\n<END>\n";
    match Report::parse("settlementItems_PHP_B1_000.csv", text) {
        Ok(Report::SettlementDetails(items)) => items,
        other => panic!("{other:?}"),
    }
}

fn summary(total_net: &str, count: u64) -> ReadFile {
    let text = format!(
            "settlementBatchId,summaryType,count,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
             B1,PAYMENT,1,98.00,PHP,1.80,PHP,0.20,PHP\n\
             B1,REFUND,1,-25.50,PHP,0.00,PHP,0.00,PHP\n\
             B1,TOTAL,{count},{total_net},PHP,1.80,PHP,0.20,PHP\n<END>\n"
        );
    let name = "settlementSummary_PHP_B1_000.csv".to_owned();
    ReadFile {
        report: Report::parse(&name, &text).expect("a summary"),
        name,
        sha256: String::new(),
        previous: None,
    }
}

#[test]
fn net_settlement_is_payments_less_refunds_fees_and_tax() {
    let items = details();
    let totals = settlement_totals(&items.iter().collect::<Vec<_>>());
    assert_eq!(totals.len(), 1);
    let php = &totals[0];
    assert_eq!(
        (
            php.payments.minor,
            php.refunds.minor,
            php.fees.minor,
            php.tax.minor
        ),
        (10_000, 2_550, 180, 20)
    );
    assert_eq!(php.net.minor, 10_000 - 2_550 - 180 - 20);
    assert_eq!(php.items, 2);
}

#[test]
fn a_summary_that_agrees_with_its_details_raises_nothing_and_one_that_does_not_is_flagged() {
    let items = details();
    let details: Vec<&TransactionItem> = items.iter().collect();
    assert_eq!(check_summaries(&[summary("72.50", 2)], &details), vec![]);
    let issues = check_summaries(&[summary("80.00", 3)], &details);
    let fields: Vec<_> = issues.iter().filter_map(|i| i.field.as_deref()).collect();
    assert_eq!(fields, ["count", "settlementAmountValue"], "{issues:?}");
    assert!(issues.iter().all(|i| i.kind == IssueKind::SummaryMismatch));
}
