//! Antom's reconciliation reports: the transaction details, settlement
//! details and settlement summary files delivered per day and per settlement
//! batch, read and written with Antom's column names.
//!
//! Each report is UTF-8 CSV: a header row of parameter names, one row per
//! item, and a last line `<END>`. Columns are found by name, so reports with
//! extra (customized) columns still read. Amounts are major-unit decimals;
//! money leaving the merchant (refunds, cancels) is negative.
//!
//! Two layouts are in use and both read: the [`Layout::Classic`] one
//! (`acquirer`, `paymentTime`, `settlementTime`) and Antom's
//! [`Layout::Current`] one (`PSP`, `status`,
//! `transactionCreationTime`/`transactionCompletionTime`,
//! `settlementInitiatedDate`, `wallet`).
//!
//! Amounts and fees are kept **as written**. Antom documents each item's
//! `settlementAmountValue` as net of its fees (the converted transaction amount
//! plus its fees, which are negative when charged) and the summary's as the net
//! of the batch; one of its own samples has the opposite fee sign. So this crate
//! does not guess: the reader of a batch works its reading out from the batch's
//! own totals (the merchant service's `reconciling`).

mod csv;

pub use csv::write;

use crate::amount::{Amount, AmountError, Currency};
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

    /// The columns of Antom's current layout, in the order this product writes them
    /// (the ones it reads are a subset).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::TransactionDetails => &[
                "customerId",
                "PSP",
                "referenceMerchantId",
                "transactionId",
                "originalTransactionId",
                "transactionRequestId",
                "originalTransactionRequestId",
                "referenceTransactionId",
                "transactionType",
                "status",
                "orderDescription",
                "paymentMethodType",
                "wallet",
                "transactionCreationTime",
                "transactionCompletionTime",
                "productCode",
                "transactionAmountValue",
                "transactionCurrency",
            ],
            Self::SettlementDetails => &[
                "settlementBatchId",
                "customerId",
                "PSP",
                "referenceMerchantId",
                "transactionId",
                "originalTransactionId",
                "transactionRequestId",
                "originalTransactionRequestId",
                "referenceTransactionId",
                "transactionType",
                "paymentMethodType",
                "wallet",
                "transactionCreationTime",
                "transactionCompletionTime",
                "settlementInitiatedDate",
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
                "PSP",
                "summaryType",
                "settlementInitiatedDate",
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

/// Which of Antom's two report layouts a file is in, told by its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `acquirer`, `paymentTime`, `settlementTime`.
    Classic,
    /// `PSP`, `status`, `transactionCreationTime`, `settlementInitiatedDate`….
    Current,
}

impl Layout {
    /// Columns only the current layout has.
    const CURRENT_ONLY: &'static [&'static str] = &[
        "PSP",
        "status",
        "transactionCreationTime",
        "transactionCompletionTime",
        "settlementInitiatedDate",
    ];

    /// The layout of a header.
    pub fn of_header<'a>(mut names: impl Iterator<Item = &'a str>) -> Self {
        if names.any(|n| Self::CURRENT_ONLY.contains(&n)) {
            Self::Current
        } else {
            Self::Classic
        }
    }
}

/// `status` of a transaction (current layout): the latest state of the transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransactionStatus {
    /// Done.
    Success,
    /// Not final yet: neither side has a result to compare.
    Processing,
    /// Did not happen.
    Failed,
    /// A value this crate does not know, kept as written.
    Other(String),
}

impl TransactionStatus {
    fn parse(s: &str) -> Self {
        match s.trim().to_ascii_uppercase().as_str() {
            "SUCCESS" | "SUCCEEDED" => Self::Success,
            "PROCESSING" | "PENDING" | "INIT" => Self::Processing,
            "FAIL" | "FAILED" => Self::Failed,
            _ => Self::Other(s.trim().to_owned()),
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
    /// The transaction's latest state (current layout); `None` in the classic layout,
    /// which lists only successful transactions.
    pub status: Option<TransactionStatus>,
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
    /// When it completed (or, lacking that, was created), as written.
    pub payment_time: Option<String>,
    /// The transaction amount (negative for refunds and cancels).
    pub amount: SignedAmount,
    /// Settlement details only: what it settles for.
    pub settlement: Option<ItemSettlement>,
}

impl TransactionItem {
    /// Whether the transaction is done: listed without a status (classic layout) or `SUCCESS`.
    pub fn is_done(&self) -> bool {
        matches!(self.status, None | Some(TransactionStatus::Success))
    }
}

/// The settlement side of a settlement details row, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemSettlement {
    /// `settlementAmountValue`: net of the item's fees, by Antom's docs.
    pub amount: SignedAmount,
    /// `feeAmountValue` (negative when charged, by Antom's docs).
    pub fee: SignedAmount,
    /// `taxFeeAmountValue`, signed like the fee.
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
    /// `settlementAmountValue` as written: the net settlement, by Antom's docs.
    pub amount: SignedAmount,
    /// `feeAmountValue` as written.
    pub fee: SignedAmount,
    /// `taxFeeAmountValue` as written.
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

#[cfg(test)]
mod tests;
