//! Unit tests of the parent module.

use super::*;
use std::collections::HashMap;

fn details(body: &str) -> String {
    format!(
            "settlementBatchId,transactionType,transactionId,transactionRequestId,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency\n{body}<END>\n"
        )
}

#[test]
fn reads_a_settlement_details_report_by_column_name() {
    let text = details(
            "B1,PAYMENT,2026112200001,req-1,100.00,PHP,100.00,PHP,1.80,PHP\nB1,REFUND,2026112200002,rf-1,-25.50,PHP,-25.50,PHP,,\n",
        );
    let Report::SettlementDetails(rows) =
        Report::parse("settlementItems_PHP_B1_000.csv", &text).expect("reads")
    else {
        panic!("wrong kind")
    };
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].amount.minor, 10_000);
    assert_eq!(rows[0].settlement.map(|s| s.fee.minor), Some(180));
    assert_eq!(rows[1].transaction_type, TransactionType::Refund);
    assert_eq!(rows[1].amount.minor, -2_550);
    assert_eq!(rows[1].line, 3);
    assert_eq!(rows[1].settlement.map(|s| s.fee.minor), Some(0));
}

#[test]
fn points_at_the_line_and_column_of_a_bad_value() {
    let text = details(
        "B1,PAYMENT,1,r,100.00,PHP,100.00,PHP,0,PHP\nB1,PAYMENT,2,r2,12.3.4,PHP,1,PHP,0,PHP\n",
    );
    let e = Report::parse("settlementItems_PHP_B1_000.csv", &text).expect_err("refused");
    assert_eq!(e.line, 3);
    assert_eq!(e.column.as_deref(), Some("transactionAmountValue"));
    let text = details("B1,PAYMENT,1,r,100.00,XXX,100.00,PHP,0,PHP\n");
    let e = Report::parse("settlementItems_PHP_B1_000.csv", &text).expect_err("refused");
    assert_eq!(
        (e.line, e.column.as_deref()),
        (2, Some("transactionCurrency"))
    );
}

#[test]
fn refuses_a_truncated_file_a_short_row_and_a_missing_column() {
    let e = Report::parse(
            "transactionItems_20261122_000.csv",
            "transactionType,transactionId,transactionAmountValue,transactionCurrency\nPAYMENT,1,1.00,PHP\n",
        )
        .expect_err("no <END>");
    assert!(e.message.contains("<END>"), "{e}");
    let e = Report::parse(
            "transactionItems_20261122_000.csv",
            "transactionType,transactionId,transactionAmountValue,transactionCurrency\nPAYMENT,1,1.00\n<END>\n",
        )
        .expect_err("short row");
    assert_eq!(e.line, 2);
    let e = Report::parse(
        "transactionItems_20261122_000.csv",
        "transactionType,transactionAmountValue,transactionCurrency\nPAYMENT,1.00,PHP\n<END>\n",
    )
    .expect_err("no transactionId");
    assert_eq!((e.line, e.column.as_deref()), (1, Some("transactionId")));
    assert!(Report::parse("notes.csv", "a\n<END>\n").is_err());
}

#[test]
fn writes_what_it_reads_including_quoted_values() {
    let mut row = HashMap::new();
    row.insert("transactionType", "PAYMENT".to_owned());
    row.insert("transactionId", "p1".to_owned());
    row.insert("orderDescription", "Kopi, \"large\"".to_owned());
    row.insert("transactionAmountValue", "-1000".to_owned());
    row.insert("transactionCurrency", "KRW".to_owned());
    let text = write(ReportKind::TransactionDetails, &[row]);
    let Report::TransactionDetails(rows) =
        Report::parse("transactionItems_20261122_000.csv", &text).expect("reads")
    else {
        panic!("wrong kind")
    };
    assert_eq!(rows[0].amount.minor, -1000);
    assert_eq!(rows[0].amount.to_major_string(), "-1000");
}

#[test]
fn reads_the_current_layout_with_its_status_renamed_columns_and_fees_as_written() {
    let text = "settlementBatchId,PSP,transactionType,status,transactionId,transactionRequestId,wallet,transactionCreationTime,transactionCompletionTime,settlementInitiatedDate,transactionAmountValue,transactionCurrency,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency\n\
            B1,Antom,PAYMENT,SUCCESS,p1,req-1,GCASH,2026-11-22T10:00:00+08:00,2026-11-22T10:00:02+08:00,2026-11-23,100.00,PHP,100.00,PHP,-1.80,PHP\n\
            B1,Antom,REFUND,PROCESSING,r1,rf-1,GCASH,2026-11-22T11:00:00+08:00,,2026-11-23,-25.50,PHP,-25.50,PHP,0.20,PHP\n<END>\n";
    let Report::SettlementDetails(rows) =
        Report::parse("settlementItems_PHP_B1_000.csv", text).expect("reads")
    else {
        panic!("wrong kind")
    };
    assert_eq!(rows[0].status, Some(TransactionStatus::Success));
    assert!(rows[0].is_done());
    assert_eq!(
        rows[0].settlement.map(|s| s.fee.minor),
        Some(-180),
        "written -1.80 (charged): kept as written, the batch's reading decides"
    );
    assert_eq!(rows[1].settlement.map(|s| s.fee.minor), Some(20));
    assert_eq!(rows[0].payment_method_type.as_deref(), Some("GCASH"));
    assert_eq!(
        rows[0].payment_time.as_deref(),
        Some("2026-11-22T10:00:02+08:00")
    );
    assert_eq!(
        rows[1].payment_time.as_deref(),
        Some("2026-11-22T11:00:00+08:00"),
        "not completed: its creation time"
    );
    assert_eq!(rows[1].status, Some(TransactionStatus::Processing));
    assert!(!rows[1].is_done());
}

#[test]
fn a_summary_line_with_empty_optional_columns_still_reads() {
    let text = "settlementBatchId,customerId,PSP,summaryType,settlementInitiatedDate,count,settlementAmountValue,settlementCurrency,feeAmountValue,feeCurrency,taxFeeAmountValue,taxFeeCurrency\n\
            B1,C1,Antom,,2026-11-23,2,98.00,PHP,,,,\n<END>\n";
    let Report::SettlementSummary(lines) =
        Report::parse("settlementSummary_PHP_B1_000.csv", text).expect("reads")
    else {
        panic!("wrong kind")
    };
    assert_eq!(lines[0].summary_type, TransactionType::Total);
    assert_eq!((lines[0].fee.minor, lines[0].tax.minor), (0, 0));
    assert_eq!(lines[0].amount.minor, 9_800);
}

#[test]
fn what_this_crate_writes_is_the_current_layout_and_reads_back_the_same() {
    let mut row = HashMap::new();
    row.insert("settlementBatchId", "B1".to_owned());
    row.insert("transactionType", "PAYMENT".to_owned());
    row.insert("status", "SUCCESS".to_owned());
    row.insert("transactionId", "p1".to_owned());
    row.insert("transactionAmountValue", "10.00".to_owned());
    row.insert("transactionCurrency", "PHP".to_owned());
    row.insert("settlementAmountValue", "10.00".to_owned());
    row.insert("settlementCurrency", "PHP".to_owned());
    row.insert("feeAmountValue", "-0.18".to_owned());
    row.insert("feeCurrency", "PHP".to_owned());
    let text = write(ReportKind::SettlementDetails, &[row]);
    assert!(text.starts_with("settlementBatchId,customerId,PSP,"));
    let Report::SettlementDetails(rows) =
        Report::parse("settlementItems_PHP_B1_000.csv", &text).expect("reads")
    else {
        panic!("wrong kind")
    };
    assert_eq!(rows[0].settlement.map(|s| s.fee.minor), Some(-18));
}
