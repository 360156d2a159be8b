//! Unit tests of the parent module.

use super::*;

use contract::back_office::{FeeSign, ItemAmounts};

/// Batch B1 written as Antom documents it: a payment of 100.00 settling for 98.00
/// (fee −1.80 and tax −0.20, charged) and a refund of 25.50 with no fee.
fn net_details() -> Vec<TransactionItem> {
    let text = "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,100.00,PHP,98.00,PHP,-1.80,PHP,-0.20,PHP\n\
            B1,REFUND,r1,rf-1,-25.50,PHP,-25.50,PHP,,,,\n<END>\n";
    match Report::parse("settlementItems_PHP_B1_000.csv", text) {
        Ok(Report::SettlementDetails(items)) => items,
        other => panic!("{other:?}"),
    }
}

fn summary_of(total: &str, count: u64, fee: &str, tax: &str, payment: &str) -> ReadFile {
    let text = format!(
        "settlementBatchId,summaryType,count,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
         B1,PAYMENT,1,{payment},PHP,{fee},PHP,{tax},PHP\n\
         B1,REFUND,1,-25.50,PHP,0.00,PHP,0.00,PHP\n\
         B1,TOTAL,{count},{total},PHP,{fee},PHP,{tax},PHP\n<END>\n"
    );
    let name = "settlementSummary_PHP_B1_000.csv".to_owned();
    ReadFile {
        report: Report::parse(&name, &text).expect("a summary"),
        name,
        sha256: String::new(),
        previous: None,
    }
}

/// (payments, refunds, fees, tax, net) in PHP minor units.
fn php(files: &[ReadFile], items: &[TransactionItem]) -> (i64, i64, i64, i64, i64, bool) {
    let details: Vec<&TransactionItem> = items.iter().collect();
    let (_, readings) = check_summaries(files, &details);
    let totals = settlement_totals(&details, &readings);
    let t = &totals[0];
    (
        t.payments.minor,
        t.refunds.minor,
        t.fees.minor,
        t.tax.minor,
        t.net.minor,
        readings["B1"].verified,
    )
}

#[test]
fn the_documented_reading_net_items_and_negative_fees_is_confirmed_by_the_summary() {
    let items = net_details();
    let summary = summary_of("72.50", 2, "-1.80", "-0.20", "98.00");
    let details: Vec<&TransactionItem> = items.iter().collect();
    let (issues, readings) = check_summaries(std::slice::from_ref(&summary), &details);
    assert_eq!(issues, vec![]);
    assert_eq!(
        (readings["B1"].items, readings["B1"].fees_charged),
        (ItemAmounts::Net, FeeSign::Negative)
    );
    assert_eq!(
        php(&[summary], &items),
        (10_000, 2_550, 180, 20, 7_250, true),
        "gross 100.00 and 25.50; fees 1.80 and 0.20 charged; 72.50 reaches the bank"
    );
}

#[test]
fn gross_items_are_read_as_gross_whichever_sign_the_fees_carry() {
    // Classic files as this service first read them: gross items, summary net of fees.
    for (fee, tax) in [("1.80", "0.20"), ("-1.80", "-0.20")] {
        let text = format!("settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,100.00,PHP,100.00,PHP,{fee},PHP,{tax},PHP\n\
            B1,REFUND,r1,rf-1,-25.50,PHP,-25.50,PHP,,,,\n<END>\n");
        let Ok(Report::SettlementDetails(items)) =
            Report::parse("settlementItems_PHP_B1_000.csv", &text)
        else {
            panic!("details")
        };
        let summary = summary_of("72.50", 2, fee, tax, "98.00");
        assert_eq!(
            php(&[summary], &items),
            (10_000, 2_550, 180, 20, 7_250, true),
            "fees written {fee}"
        );
    }
}

#[test]
fn totals_that_fit_no_reading_are_flagged_and_the_batch_is_read_as_documented_unverified() {
    let items = net_details();
    let details: Vec<&TransactionItem> = items.iter().collect();
    let (issues, readings) = check_summaries(
        &[summary_of("80.00", 3, "-1.80", "-0.20", "98.00")],
        &details,
    );
    let fields: Vec<_> = issues.iter().filter_map(|i| i.field.as_deref()).collect();
    assert_eq!(fields, ["count", "settlementAmountValue"], "{issues:?}");
    let kinds: Vec<_> = issues.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            IssueKind::SummaryMismatch,
            IssueKind::SummaryMismatch,
            IssueKind::UnreadableBatch
        ]
    );
    assert!(!readings["B1"].verified);
    assert!(
        !php(&[], &items).5,
        "no summary: nothing confirms the reading"
    );
}

#[test]
fn net_items_whose_fees_are_written_positive_are_read_so() {
    // Net items, but a fee charged written +1.80: the amounts themselves show it.
    let text = "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,100.00,PHP,98.00,PHP,1.80,PHP,0.20,PHP\n\
            B1,REFUND,r1,rf-1,-25.50,PHP,-25.50,PHP,,,,\n<END>\n";
    let Ok(Report::SettlementDetails(items)) =
        Report::parse("settlementItems_PHP_B1_000.csv", text)
    else {
        panic!("details")
    };
    let summary = summary_of("72.50", 2, "1.80", "0.20", "98.00");
    assert_eq!(
        php(&[summary], &items),
        (10_000, 2_550, 180, 20, 7_250, true)
    );
}

#[test]
fn gross_items_under_a_summary_that_only_adds_them_up_are_unreadable_not_taken_as_net() {
    // Items gross (settlement = transaction) with a fee, summary = their plain sum:
    // the sum fits "net items", but the items contradict their own fees.
    let text = "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,100.00,PHP,100.00,PHP,-1.80,PHP,-0.20,PHP\n\
            B1,REFUND,r1,rf-1,-25.50,PHP,-25.50,PHP,,,,\n<END>\n";
    let Ok(Report::SettlementDetails(items)) =
        Report::parse("settlementItems_PHP_B1_000.csv", text)
    else {
        panic!("details")
    };
    let details: Vec<&TransactionItem> = items.iter().collect();
    let (issues, readings) = check_summaries(
        &[summary_of("74.50", 2, "-1.80", "-0.20", "100.00")],
        &details,
    );
    assert!(readings["B1"].unfit && !readings["B1"].verified);
    assert!(
        issues.iter().any(|i| i.kind == IssueKind::UnreadableBatch),
        "{issues:?}"
    );
}

#[test]
fn fees_that_cancel_out_across_items_still_need_their_sign_shown() {
    // A fee charged on a payment and the same fee given back on a refund, both settled
    // in another currency: the batch adds up, but nothing shows which sign is "charged".
    let text = "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,PAYMENT,p1,req-1,5000.00,PHP,98.20,USD,-1.80,USD,,\n\
            B1,REFUND,r1,rf-1,-5000.00,PHP,-98.20,USD,1.80,USD,,\n<END>\n";
    let Ok(Report::SettlementDetails(items)) =
        Report::parse("settlementItems_USD_B1_000.csv", text)
    else {
        panic!("details")
    };
    let details: Vec<&TransactionItem> = items.iter().collect();
    let summary = "settlementBatchId,summaryType,count,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
         B1,TOTAL,2,0.00,USD,0.00,USD,0.00,USD\n<END>\n";
    let name = "settlementSummary_USD_B1_000.csv".to_owned();
    let file = ReadFile {
        report: Report::parse(&name, summary).expect("a summary"),
        name,
        sha256: String::new(),
        previous: None,
    };
    let (_, readings) = check_summaries(&[file], &details);
    assert!(
        !readings["B1"].verified,
        "the sum of the fees is zero, the fees are not"
    );
}
