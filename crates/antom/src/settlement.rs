//! Antom's reconciliation reports: the transaction details, settlement
//! details and settlement summary files delivered per day and per settlement
//! batch, read and written with Antom's column names.
//!
//! Each report is UTF-8 CSV: a header row of parameter names, one row per
//! item, and a last line `<END>`. Columns are found by name, so reports with
//! extra (customized) columns still read. Amounts are major-unit decimals;
//! money leaving the merchant (refunds, cancels) is negative, fees are positive
//! when charged and negative when given back.

use crate::amount::{Amount, AmountError, Currency};
use std::collections::HashMap;
use std::fmt;

/// The last line of every report.
pub const END_MARKER: &str = "<END>";

/// Which of the three reports a file is, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// `transactionItems_<date>_<seq>.csv`: every transaction of one day.
    TransactionDetails,
    /// `settlementItems_<currency>_<batch>_<seq>.csv`: every item of one settlement batch.
    SettlementDetails,
    /// `settlementSummary_<currency>_<batch>_<seq>.csv`: the batch's totals by type.
    SettlementSummary,
}

impl ReportKind {
    /// The kind named by a file name (path components ignored), if any.
    pub fn of_file_name(name: &str) -> Option<Self> {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        if !base.ends_with(".csv") {
            return None;
        }
        if base.starts_with("transactionItems_") {
            Some(Self::TransactionDetails)
        } else if base.starts_with("settlementItems_") {
            Some(Self::SettlementDetails)
        } else if base.starts_with("settlementSummary_") {
            Some(Self::SettlementSummary)
        } else {
            None
        }
    }

    /// The name's prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::TransactionDetails => "transactionItems",
            Self::SettlementDetails => "settlementItems",
            Self::SettlementSummary => "settlementSummary",
        }
    }

    /// The columns this product writes, in order; the ones it reads are a subset.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::TransactionDetails => &[
                "customerId",
                "acquirer",
                "referenceMerchantId",
                "transactionType",
                "transactionId",
                "originalTransactionId",
                "transactionRequestId",
                "originalTransactionRequestId",
                "referenceTransactionId",
                "orderDescription",
                "paymentMethodType",
                "pspName",
                "paymentTime",
                "productCode",
                "transactionAmountValue",
                "transactionCurrency",
            ],
            Self::SettlementDetails => &[
                "settlementBatchId",
                "customerId",
                "acquirer",
                "referenceMerchantId",
                "transactionType",
                "transactionId",
                "originalTransactionId",
                "transactionRequestId",
                "originalTransactionRequestId",
                "referenceTransactionId",
                "paymentMethodType",
                "pspName",
                "paymentTime",
                "settlementTime",
                "productCode",
                "transactionAmountValue",
                "transactionCurrency",
                "settlementAmountValue",
                "settlementCurrency",
                "quoteCurrencyPair",
                "quotePrice",
                "feeAmountValue",
                "feeCurrency",
                "taxFeeAmountValue",
                "taxFeeCurrency",
            ],
            Self::SettlementSummary => &[
                "settlementBatchId",
                "customerId",
                "acquirer",
                "summaryType",
                "settlementTime",
                "count",
                "settlementAmountValue",
                "settlementCurrency",
                "feeAmountValue",
                "feeCurrency",
                "taxFeeAmountValue",
                "taxFeeCurrency",
            ],
        }
    }
}

/// Why a report could not be read, pointing at the line (1-based) and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct ReportError {
    /// 1-based line in the file.
    pub line: usize,
    /// The column's name (or `#n` when the header has none), if one is at fault.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// A transaction's kind, as `transactionType` and `summaryType` spell it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TransactionType {
    /// A payment (money in).
    Payment,
    /// A refund of part or all of a payment (money out).
    Refund,
    /// A payment voided before settlement (money out).
    Cancel,
    /// `TOTAL` in a summary: every type together.
    Total,
    /// A type this product does not make (CAPTURE, DISPUTE, …), kept as written.
    Other(String),
}

impl TransactionType {
    /// Antom's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Payment => "PAYMENT",
            Self::Refund => "REFUND",
            Self::Cancel => "CANCEL",
            Self::Total => "TOTAL",
            Self::Other(s) => s,
        }
    }

    fn parse(s: &str) -> Self {
        match s.trim().to_ascii_uppercase().as_str() {
            "PAYMENT" => Self::Payment,
            "REFUND" => Self::Refund,
            "CANCEL" => Self::Cancel,
            "TOTAL" => Self::Total,
            _ => Self::Other(s.trim().to_owned()),
        }
    }
}

impl fmt::Display for TransactionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A signed amount in minor units: reports carry negative values for money out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SignedAmount {
    /// The currency.
    pub currency: Currency,
    /// Minor units, negative for money out.
    pub minor: i64,
}

impl SignedAmount {
    /// Parses `"-10.50"` in `currency` without floats.
    pub fn parse(currency: &str, text: &str) -> Result<Self, AmountError> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let amount = Amount::parse_major(currency, digits)?;
        Ok(Self {
            currency: amount.currency(),
            minor: if negative {
                -amount.minor_units()
            } else {
                amount.minor_units()
            },
        })
    }

    /// The major-unit decimal, exactly, with a `-` for money out.
    pub fn to_major_string(&self) -> String {
        let magnitude = Amount::new(self.currency, self.minor.unsigned_abs() as i64)
            .map(|a| a.to_major_string())
            .unwrap_or_default();
        if self.minor < 0 {
            format!("-{magnitude}")
        } else {
            magnitude
        }
    }
}

/// One row of a transaction or settlement details report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionItem {
    /// The row's 1-based line in its file.
    pub line: usize,
    /// The settlement batch (settlement details only).
    pub settlement_batch_id: Option<String>,
    /// PAYMENT, REFUND, CANCEL…
    pub transaction_type: TransactionType,
    /// Antom's id: paymentId for payments and cancels, refundId for refunds.
    pub transaction_id: String,
    /// For a refund or cancel: the payment's paymentId.
    pub original_transaction_id: Option<String>,
    /// The merchant's id: paymentRequestId or refundRequestId.
    pub transaction_request_id: Option<String>,
    /// For a refund or cancel: the payment's paymentRequestId.
    pub original_transaction_request_id: Option<String>,
    /// The wallet.
    pub payment_method_type: Option<String>,
    /// When it happened, as written.
    pub payment_time: Option<String>,
    /// The transaction amount (negative for refunds and cancels).
    pub amount: SignedAmount,
    /// Settlement details only: what it settles for.
    pub settlement: Option<ItemSettlement>,
}

/// The settlement side of a settlement details row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemSettlement {
    /// The gross amount in the settlement currency.
    pub amount: SignedAmount,
    /// Antom's fee (positive when charged).
    pub fee: SignedAmount,
    /// Tax on the fee.
    pub tax: SignedAmount,
}

/// One row of a settlement summary report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    /// The row's 1-based line.
    pub line: usize,
    /// The batch summarized.
    pub settlement_batch_id: String,
    /// PAYMENT, REFUND, CANCEL or TOTAL.
    pub summary_type: TransactionType,
    /// How many items.
    pub count: u64,
    /// Net settlement: gross less fees and tax.
    pub net: SignedAmount,
    /// Fees.
    pub fee: SignedAmount,
    /// Tax on fees.
    pub tax: SignedAmount,
}

/// A report, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// One day's transactions.
    TransactionDetails(Vec<TransactionItem>),
    /// One batch's settled items.
    SettlementDetails(Vec<TransactionItem>),
    /// One batch's totals.
    SettlementSummary(Vec<SummaryLine>),
}

impl Report {
    /// Reads a report named `name` (the kind comes from the name).
    pub fn parse(name: &str, content: &str) -> Result<Self, ReportError> {
        let kind = ReportKind::of_file_name(name).ok_or_else(|| ReportError {
            line: 1,
            column: None,
            message: format!(
                "{name} is not an Antom report name (transactionItems_…, settlementItems_… or settlementSummary_….csv)"
            ),
        })?;
        let rows = Rows::read(content)?;
        match kind {
            ReportKind::TransactionDetails => Ok(Self::TransactionDetails(
                rows.each(|r| r.transaction_item(false))?,
            )),
            ReportKind::SettlementDetails => Ok(Self::SettlementDetails(
                rows.each(|r| r.transaction_item(true))?,
            )),
            ReportKind::SettlementSummary => {
                Ok(Self::SettlementSummary(rows.each(|r| r.summary_line())?))
            }
        }
    }

    /// The kind.
    pub fn kind(&self) -> ReportKind {
        match self {
            Self::TransactionDetails(_) => ReportKind::TransactionDetails,
            Self::SettlementDetails(_) => ReportKind::SettlementDetails,
            Self::SettlementSummary(_) => ReportKind::SettlementSummary,
        }
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        match self {
            Self::TransactionDetails(r) | Self::SettlementDetails(r) => r.len(),
            Self::SettlementSummary(r) => r.len(),
        }
    }

    /// Whether it has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Writes a report: the header, one line per row (values in [`ReportKind::columns`] order), `<END>`.
pub fn write(kind: ReportKind, rows: &[HashMap<&str, String>]) -> String {
    let columns = kind.columns();
    let mut out = String::new();
    out.push_str(&columns.join(","));
    out.push('\n');
    for row in rows {
        let line: Vec<String> = columns
            .iter()
            .map(|c| quote(row.get(c).map(String::as_str).unwrap_or("")))
            .collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out.push_str(END_MARKER);
    out.push('\n');
    out
}

fn quote(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A CSV body split into records, each with its line, and the header's column positions.
struct Rows {
    columns: HashMap<String, usize>,
    records: Vec<(usize, Vec<String>)>,
}

impl Rows {
    fn read(content: &str) -> Result<Self, ReportError> {
        let content = content.strip_prefix('\u{feff}').unwrap_or(content);
        let mut records = split_records(content)?;
        if records.is_empty() {
            return Err(err(1, None, "the file is empty: a header row is required"));
        }
        let (_, header) = records.remove(0);
        let mut columns = HashMap::new();
        for (i, name) in header.iter().enumerate() {
            if columns.insert(name.trim().to_owned(), i).is_some() {
                return Err(err(
                    1,
                    Some(name.trim().to_owned()),
                    "the column appears twice in the header",
                ));
            }
        }
        match records.last() {
            Some((_, last)) if last.len() == 1 && last[0].trim() == END_MARKER => {
                records.pop();
            }
            _ => {
                let line = records.last().map(|(l, _)| l + 1).unwrap_or(2);
                return Err(err(
                    line,
                    None,
                    "the file does not end with <END>: it may be truncated",
                ));
            }
        }
        if let Some((line, _)) = records
            .iter()
            .find(|(_, r)| r.len() == 1 && r[0].trim() == END_MARKER)
        {
            return Err(err(*line, None, "<END> before the last line"));
        }
        for (line, record) in &records {
            if record.len() != header.len() {
                return Err(err(
                    *line,
                    None,
                    &format!(
                        "{} values where the header has {} columns",
                        record.len(),
                        header.len()
                    ),
                ));
            }
        }
        Ok(Self { columns, records })
    }

    fn each<T>(
        &self,
        read: impl Fn(&Row<'_>) -> Result<T, ReportError>,
    ) -> Result<Vec<T>, ReportError> {
        self.records
            .iter()
            .map(|(line, values)| {
                read(&Row {
                    line: *line,
                    columns: &self.columns,
                    values,
                })
            })
            .collect()
    }
}

struct Row<'a> {
    line: usize,
    columns: &'a HashMap<String, usize>,
    values: &'a [String],
}

impl Row<'_> {
    fn optional(&self, column: &str) -> Option<String> {
        self.columns
            .get(column)
            .and_then(|i| self.values.get(*i))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn required(&self, column: &str) -> Result<String, ReportError> {
        if !self.columns.contains_key(column) {
            return Err(err(
                1,
                Some(column.to_owned()),
                "a required column is missing from the header",
            ));
        }
        self.optional(column)
            .ok_or_else(|| err(self.line, Some(column.to_owned()), "a value is required"))
    }

    fn amount(&self, value: &str, currency: &str) -> Result<SignedAmount, ReportError> {
        let code = self.required(currency)?;
        let text = self.required(value)?;
        SignedAmount::parse(&code, &text).map_err(|e| {
            let column = match e {
                AmountError::UnknownCurrency(_) => currency,
                _ => value,
            };
            err(self.line, Some(column.to_owned()), &e.to_string())
        })
    }

    /// A fee column pair, which may be left empty when nothing was charged.
    fn fee(
        &self,
        value: &str,
        currency: &str,
        fallback: Currency,
    ) -> Result<SignedAmount, ReportError> {
        match self.optional(value) {
            None => Ok(SignedAmount {
                currency: fallback,
                minor: 0,
            }),
            Some(_) if self.optional(currency).is_none() => Ok(SignedAmount {
                currency: fallback,
                minor: self.amount_in(value, fallback)?,
            }),
            Some(_) => self.amount(value, currency),
        }
    }

    fn amount_in(&self, value: &str, currency: Currency) -> Result<i64, ReportError> {
        let text = self.required(value)?;
        SignedAmount::parse(currency.code(), &text)
            .map(|a| a.minor)
            .map_err(|e| err(self.line, Some(value.to_owned()), &e.to_string()))
    }

    fn transaction_item(&self, settled: bool) -> Result<TransactionItem, ReportError> {
        let amount = self.amount("transactionAmountValue", "transactionCurrency")?;
        let settlement = if settled {
            let gross = self.amount("settlementAmountValue", "settlementCurrency")?;
            Some(ItemSettlement {
                amount: gross,
                fee: self.fee("feeAmountValue", "feeCurrency", gross.currency)?,
                tax: self.fee("taxFeeAmountValue", "taxFeeCurrency", gross.currency)?,
            })
        } else {
            None
        };
        Ok(TransactionItem {
            line: self.line,
            settlement_batch_id: if settled {
                Some(self.required("settlementBatchId")?)
            } else {
                None
            },
            transaction_type: TransactionType::parse(&self.required("transactionType")?),
            transaction_id: self.required("transactionId")?,
            original_transaction_id: self.optional("originalTransactionId"),
            transaction_request_id: self.optional("transactionRequestId"),
            original_transaction_request_id: self.optional("originalTransactionRequestId"),
            payment_method_type: self.optional("paymentMethodType"),
            payment_time: self.optional("paymentTime"),
            amount,
            settlement,
        })
    }

    fn summary_line(&self) -> Result<SummaryLine, ReportError> {
        let net = self.amount("settlementAmountValue", "settlementCurrency")?;
        let count_text = self.required("count")?;
        let count = count_text.parse().map_err(|_| {
            err(
                self.line,
                Some("count".into()),
                &format!("{count_text:?} is not a whole number"),
            )
        })?;
        Ok(SummaryLine {
            line: self.line,
            settlement_batch_id: self.required("settlementBatchId")?,
            summary_type: TransactionType::parse(&self.required("summaryType")?),
            count,
            net,
            fee: self.fee("feeAmountValue", "feeCurrency", net.currency)?,
            tax: self.fee("taxFeeAmountValue", "taxFeeCurrency", net.currency)?,
        })
    }
}

fn err(line: usize, column: Option<String>, message: &str) -> ReportError {
    ReportError {
        line,
        column,
        message: message.to_owned(),
    }
}

/// RFC 4180 records with the line each starts on; blank lines are skipped.
fn split_records(content: &str) -> Result<Vec<(usize, Vec<String>)>, ReportError> {
    let mut records = Vec::new();
    let mut chars = content.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(err(start, None, "a quoted value is never closed"));
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push(c);
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.trim().is_empty() && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                '"' => {
                    return Err(err(
                        line,
                        Some(format!("#{}", fields.len() + 1)),
                        "a quote inside an unquoted value",
                    ))
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ => field.push(c),
            }
        }
        fields.push(field);
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push((start, fields));
        }
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
