//! Reading and writing the reports' CSV: quoted fields, a header of
//! Antom's column names (found by name, so customized extra columns still
//! read), the `<END>` line, and errors that name the line and column.

use super::*;
use std::collections::HashMap;

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
    /// The first of `names` (a column and its other layout's name) that has a value.
    fn optional_of(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| self.optional(n))
    }

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

    /// A fee column pair as written (Antom: negative when charged); empty when nothing was charged.
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
            let amount = self.amount("settlementAmountValue", "settlementCurrency")?;
            Some(ItemSettlement {
                amount,
                fee: self.fee("feeAmountValue", "feeCurrency", amount.currency)?,
                tax: self.fee("taxFeeAmountValue", "taxFeeCurrency", amount.currency)?,
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
            status: self
                .optional("status")
                .map(|s| TransactionStatus::parse(&s)),
            transaction_id: self.required("transactionId")?,
            original_transaction_id: self.optional("originalTransactionId"),
            transaction_request_id: self.optional("transactionRequestId"),
            original_transaction_request_id: self.optional("originalTransactionRequestId"),
            payment_method_type: self.optional_of(&["paymentMethodType", "wallet"]),
            payment_time: self.optional_of(&[
                "paymentTime",
                "transactionCompletionTime",
                "transactionCreationTime",
            ]),
            amount,
            settlement,
        })
    }

    fn summary_line(&self) -> Result<SummaryLine, ReportError> {
        let amount = self.amount("settlementAmountValue", "settlementCurrency")?;
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
            // Optional in Antom's field list: a line without one sums the whole batch.
            summary_type: self
                .optional("summaryType")
                .map_or(TransactionType::Total, |t| TransactionType::parse(&t)),
            count,
            amount,
            fee: self.fee("feeAmountValue", "feeCurrency", amount.currency)?,
            tax: self.fee("taxFeeAmountValue", "taxFeeCurrency", amount.currency)?,
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
