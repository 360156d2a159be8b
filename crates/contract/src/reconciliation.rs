//! Reconciliation: the report files an import reads and what it found, by
//! batch (how its amounts were read), item and currency.

use crate::api::Money;
use serde::{Deserialize, Serialize};

/// One report file handed to an import: its name decides its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFile {
    /// As delivered, e.g. `settlementItems_PHP_202611220001_000.csv`.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "(transactionItems|settlementItems|settlementSummary)_[^/\\\\]*\\.csv$")
    )]
    pub name: String,
    /// The CSV text.
    pub content: String,
}

/// `POST /v1/reconciliation/imports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewImport {
    /// Transaction details, settlement details and summary files, any mix.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub files: Vec<ReportFile>,
}

/// A file of an import and whether it was new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportedFile {
    /// File name.
    pub name: String,
    /// `transaction_details`, `settlement_details` or `settlement_summary`.
    pub kind: String,
    /// Rows, without header and `<END>`.
    pub rows: u64,
    /// True when the same file (same name, same bytes) was imported before; nothing was stored twice.
    pub already_imported: bool,
    /// True when a file of this name with other content was imported before; this one replaced it.
    pub replaced_earlier_version: bool,
}

/// What is wrong with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IssueKind {
    /// We recorded it as done; Antom's transaction details do not list it.
    MissingAtAntom,
    /// Antom lists it; we have no such completed payment or refund.
    MissingHere,
    /// Same item, different amount.
    AmountMismatch,
    /// Same item, different currency.
    CurrencyMismatch,
    /// Antom cancelled what we think is paid, or the other way round.
    StatusMismatch,
    /// The summary's count or totals disagree with the settlement details.
    SummaryMismatch,
    /// The same transaction is listed twice in one report (it would settle twice).
    Duplicate,
    /// A transaction of a type this checkout never makes (CAPTURE, DISPUTE, PAYMENT_REVERSAL,
    /// REFUND_REVERSAL, …): listed for an operator to look at, never counted as a payment.
    OtherTransaction,
    /// A settlement batch whose summary and items fit no single reading of Antom's
    /// amounts and fees (items net of fees, as documented, or gross): its fees and net
    /// are shown as Antom documents them and may be wrong (`batches` says how it was read).
    UnreadableBatch,
}

/// One discrepancy, pointing at the file line when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReconciliationIssue {
    /// What is wrong.
    pub kind: IssueKind,
    /// The report file, when the item is in one.
    pub file: Option<String>,
    /// Its 1-based line.
    pub line: Option<u64>,
    /// PAYMENT, REFUND, CANCEL, or a summary type.
    pub transaction_type: String,
    /// Our payment id (`pay_…`), when known.
    pub payment_id: Option<String>,
    /// Our refund id (`rfd_…`), when it is a refund.
    pub refund_id: Option<String>,
    /// Antom's transactionId.
    pub antom_id: Option<String>,
    /// The request id Antom saw (paymentRequestId / refundRequestId).
    pub request_id: Option<String>,
    /// The column or figure that differs (`transactionAmountValue`, `count`, `feeAmountValue`…).
    pub field: Option<String>,
    /// Our figure.
    pub ours: Option<Money>,
    /// Antom's figure.
    pub antom: Option<Money>,
    /// Our count (summary checks).
    pub ours_count: Option<u64>,
    /// Antom's count (summary checks).
    pub antom_count: Option<u64>,
}

/// Settled money of one currency, from the settlement details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencySettlement {
    /// Payments settled.
    pub payments: Money,
    /// Refunds (money out, as a positive amount).
    pub refunds: Money,
    /// Cancels (money out, as a positive amount).
    pub cancels: Money,
    /// Transactions of other types (disputes, reversals, …), signed as Antom wrote them.
    pub other: Money,
    /// Fees charged, less fees given back.
    pub fees: Money,
    /// Tax on fees.
    pub tax: Money,
    /// What reaches the bank account: payments − refunds − cancels + other − fees − tax.
    pub net: Money,
    /// Settled items.
    pub items: u64,
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReconciliationReport {
    /// The import this report belongs to.
    pub import_id: String,
    /// Unix seconds.
    pub imported_at: i64,
    /// The files read.
    pub files: Vec<ImportedFile>,
    /// The days (YYYYMMDD) whose transaction details were compared.
    pub days: Vec<String>,
    /// True when nothing is missing or different and the summaries agree.
    pub clean: bool,
    /// True when every summary agrees with its settlement details.
    pub summary_agrees: bool,
    /// Every discrepancy.
    pub issues: Vec<ReconciliationIssue>,
    /// Fees and net settlement per currency.
    pub settlement: Vec<CurrencySettlement>,
    /// How each settlement batch's amounts and fees were read.
    #[serde(default)]
    pub batches: Vec<BatchReading>,
    /// False in sandbox mode (`ANTOM_MODE=sandbox`): no real money moved.
    #[serde(default)]
    pub livemode: bool,
}

/// How a settlement batch's amounts were read, worked out from its own totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchReading {
    /// `settlementBatchId`.
    pub batch: String,
    /// What each item's `settlementAmountValue` is: `net` of its fees (as Antom documents) or `gross`.
    pub item_amounts: ItemAmounts,
    /// The sign a fee charged is written with: `negative` (as Antom documents) or `positive`.
    pub fees_charged: FeeSign,
    /// True when the batch's summary (the summary against the sum of its details) showed
    /// this reading; false when nothing could (no summary, or totals that fit no reading:
    /// then Antom's documented reading is used and the summary's figures are issues).
    pub verified: bool,
}

/// What an item's `settlementAmountValue` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ItemAmounts {
    /// After its fees and tax: the transaction amount plus its (signed) fees.
    Net,
    /// Before fees: the summary's net is the details' sum less their fees.
    Gross,
}

/// The sign of a fee charged, as a report writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeeSign {
    /// Money out of the merchant's settlement: negative.
    Negative,
    /// Positive, subtracted from the settlement.
    Positive,
}
