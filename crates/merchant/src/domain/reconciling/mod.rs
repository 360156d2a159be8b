//! Settlement reconciliation: reads Antom's reports, compares every line with
//! our own records, totals fees and net settlement per currency, and checks
//! each settlement summary against its details.
//!
//! All files of an import are read before anything is stored, and stored in
//! one transaction: a malformed file is refused with its line and column and
//! leaves nothing behind. A file whose bytes were imported before is not
//! stored again; a file of the same name with new bytes replaces the old one
//! (Antom re-delivers corrected reports).

mod compare;
mod report_text;

pub use report_text::render_text;

use crate::crypto::{new_id, sha256_hex};
use crate::domain::error::{Error, ErrorCode, ErrorLocation, Result};
use crate::store::reconciliation::{self as store, NewFile};
use crate::store::Db;
use antom::settlement::{Report, ReportKind};
use compare::compare;
use contract::back_office::{ReconciliationReport, ReportFile};
use std::collections::HashSet;

/// What an import did: the report, and whether anything new was stored.
pub struct Imported {
    /// The report.
    pub report: ReconciliationReport,
    /// False when every file had been imported before.
    pub stored: bool,
}

struct ReadFile {
    name: String,
    sha256: String,
    report: Report,
    previous: Option<String>,
}

/// Imports report files as `actor` and reports on them; report days are in
/// `offset`'s time zone; `livemode` is false for the sandbox's reports; `at` is now.
pub async fn import(
    db: &Db,
    at: i64,
    actor: &str,
    files: Vec<ReportFile>,
    offset: time::UtcOffset,
    livemode: bool,
) -> Result<Imported> {
    if files.is_empty() {
        return Err(Error::invalid(
            ErrorCode::NoReportFiles,
            "give at least one transactionItems_, settlementItems_ or settlementSummary_ file",
        ));
    }
    let read = read_files(db, files, offset).await?;
    let import_id = new_id("rec");
    let report = compare(db, &import_id, at, &read, offset, livemode).await?;
    let new: Vec<NewFile<'_>> = read
        .iter()
        .filter(|f| f.previous.as_deref() != Some(f.sha256.as_str()))
        .map(|f| NewFile {
            name: &f.name,
            sha256: &f.sha256,
            kind: kind_name(f.report.kind()),
            items: match &f.report {
                Report::TransactionDetails(items) | Report::SettlementDetails(items) => items,
                Report::SettlementSummary(_) => &[],
            },
            rows: f.report.len(),
        })
        .collect();
    if new.is_empty() {
        return Ok(Imported {
            report,
            stored: false,
        });
    }
    let json = serde_json::to_string(&report).map_err(|e| Error::Internal(e.into()))?;
    store::store_import(db, &import_id, actor, at, &new, &json).await?;
    Ok(Imported {
        report,
        stored: true,
    })
}

/// Every file parsed and named as Antom names them, each once, with the hash
/// of the copy imported before (if any); the first bad one refuses them all.
async fn read_files(
    db: &Db,
    files: Vec<ReportFile>,
    offset: time::UtcOffset,
) -> Result<Vec<ReadFile>> {
    let mut seen = HashSet::new();
    let mut read = Vec::with_capacity(files.len());
    for f in files {
        let name = base_name(&f.name).to_owned();
        if !seen.insert(name.clone()) {
            return Err(Error::invalid(
                ErrorCode::DuplicateReportFile,
                format!("{name} is given twice"),
            ));
        }
        let report = Report::parse(&name, &f.content).map_err(|e| Error::ReportInvalid {
            location: ErrorLocation {
                file: name.clone(),
                line: e.line as u64,
                column: e.column.clone(),
            },
            message: e.message.clone(),
        })?;
        if report.kind() == ReportKind::TransactionDetails && day_of(&name, offset).is_none() {
            return Err(Error::ReportInvalid {
                location: ErrorLocation {
                    file: name,
                    line: 1,
                    column: None,
                },
                message:
                    "a transaction details file is named transactionItems_<YYYYMMDD>_<seq>.csv"
                        .into(),
            });
        }
        let sha256 = sha256_hex(f.content.as_bytes());
        let previous = store::file_hash(db, &name).await?;
        read.push(ReadFile {
            name,
            sha256,
            report,
            previous,
        });
    }
    Ok(read)
}

/// The report of the newest import.
pub async fn latest(db: &Db) -> Result<ReconciliationReport> {
    let json = store::latest_report(db)
        .await?
        .ok_or(Error::NotFound("reconciliation import"))?;
    serde_json::from_str(&json).map_err(|e| Error::Internal(e.into()))
}

fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn kind_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::TransactionDetails => "transaction_details",
        ReportKind::SettlementDetails => "settlement_details",
        ReportKind::SettlementSummary => "settlement_summary",
    }
}

/// The day a `transactionItems_<YYYYMMDD>_…` file covers, in `offset`'s time zone, as `[start, end)` Unix seconds.
fn day_of(name: &str, offset: time::UtcOffset) -> Option<(String, i64, i64)> {
    let digits = name.strip_prefix("transactionItems_")?.get(..8)?;
    let year: i32 = digits.get(..4)?.parse().ok()?;
    let month: u8 = digits.get(4..6)?.parse().ok()?;
    let day: u8 = digits.get(6..8)?.parse().ok()?;
    let date =
        time::Date::from_calendar_date(year, time::Month::try_from(month).ok()?, day).ok()?;
    let start = date.midnight().assume_offset(offset).unix_timestamp();
    Some((digits.to_owned(), start, start + 86_400))
}

#[cfg(test)]
mod tests {
    use super::day_of;

    #[test]
    fn a_details_file_covers_its_day_in_the_settlement_time_zone() {
        let utc = time::UtcOffset::UTC;
        let (day, start, end) = day_of("transactionItems_20261201_0001.csv", utc).unwrap();
        assert_eq!(day, "20261201");
        assert_eq!(start, 1_796_083_200);
        assert_eq!(end - start, 86_400);
        let manila = time::UtcOffset::from_hms(8, 0, 0).unwrap();
        let (_, local_start, _) = day_of("transactionItems_20261201_0001.csv", manila).unwrap();
        assert_eq!(
            start - local_start,
            8 * 3600,
            "a day starts 8 h earlier in UTC+8"
        );
        assert_eq!(day_of("transactionItems_20261340_0001.csv", utc), None);
        assert_eq!(day_of("settlementItems_20261201_0001.csv", utc), None);
    }
}
