//! The reconciliation reports Antom delivers over SFTP, for one day: the
//! transaction details of that day, and a same-day (T+0) settlement batch per
//! currency with its details and summary. The sandbox charges a flat fee
//! (see [`crate::SandboxConfig::fee_basis_points`]) on payments, gives it back
//! on cancels, and keeps it on refunds, as many acquirers do. Reports use
//! Antom's current layout: a `status` per transaction (the day's payments still
//! processing are listed as `PROCESSING` and settle later), fees negative
//! when charged, and each item's `settlementAmountValue` net of its fee (the
//! transaction amount plus its signed fee), as Antom's report pages describe
//! them; the summary's is the sum of its items'.

use crate::state::{Payment, State};
use crate::Shared;
use antom::api::RefundStatus;
use antom::settlement::{self, ReportKind, SignedAmount, TransactionType};
use antom::Currency;
use axum::extract::State as AxumState;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use time::{Date, OffsetDateTime};

/// One report file: its name (as on Antom's SFTP server) and its text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SettlementFile {
    /// E.g. `settlementItems_PHP_202611220001_000.csv`.
    pub name: String,
    /// The CSV text.
    pub content: String,
}

/// One transaction as it appears in the reports.
struct Item<'a> {
    kind: TransactionType,
    id: &'a str,
    request_id: &'a str,
    original: Option<&'a Payment>,
    payment: &'a Payment,
    time: OffsetDateTime,
    amount: SignedAmount,
    fee: i64,
    /// `SUCCESS`, or `PROCESSING` for a payment not final yet (transaction details only).
    status: &'static str,
}

/// The three reports for `date` (in the configured time zone).
pub(crate) fn files_for(sb: &Shared, date: Date) -> Vec<SettlementFile> {
    let state = sb.state();
    let items = items_on(
        &state,
        date,
        sb.config.settlement_offset,
        sb.config.fee_basis_points,
    );
    let customer = &sb.config.merchant_client_id;
    let day = format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    let mut files = vec![SettlementFile {
        name: format!("transactionItems_{day}_000.csv"),
        content: settlement::write(
            ReportKind::TransactionDetails,
            &items
                .iter()
                .map(|i| row(customer, None, i))
                .collect::<Vec<_>>(),
        ),
    }];
    let mut by_currency: BTreeMap<String, Vec<&Item<'_>>> = BTreeMap::new();
    for item in items.iter().filter(|i| i.status == "SUCCESS") {
        by_currency
            .entry(item.amount.currency.code().to_owned())
            .or_default()
            .push(item);
    }
    for (seq, (currency, items)) in by_currency.iter().enumerate() {
        let batch = format!("{day}{:04}", seq + 1);
        files.push(SettlementFile {
            name: format!("settlementItems_{currency}_{batch}_000.csv"),
            content: settlement::write(
                ReportKind::SettlementDetails,
                &items
                    .iter()
                    .map(|i| row(customer, Some(&batch), i))
                    .collect::<Vec<_>>(),
            ),
        });
        files.push(SettlementFile {
            name: format!("settlementSummary_{currency}_{batch}_000.csv"),
            content: settlement::write(
                ReportKind::SettlementSummary,
                &summary(customer, &batch, items),
            ),
        });
    }
    files
}

fn items_on(state: &State, date: Date, offset: time::UtcOffset, fee_bp: u32) -> Vec<Item<'_>> {
    let day = |at: OffsetDateTime| at.to_offset(offset).date();
    let fee_of = |minor: i64| (minor * i64::from(fee_bp) + 5_000) / 10_000;
    let signed = |p: &Payment, sign: i64| SignedAmount {
        currency: p.amount.currency(),
        minor: sign * p.amount.minor_units(),
    };
    let mut items = Vec::new();
    for p in state.payments.values() {
        if p.status == antom::api::PaymentStatus::Processing && day(p.created) == date {
            items.push(Item {
                kind: TransactionType::Payment,
                id: &p.payment_id,
                request_id: &p.payment_request_id,
                original: None,
                payment: p,
                time: p.created,
                amount: signed(p, 1),
                fee: 0,
                status: "PROCESSING",
            });
        }
        let Some(paid) = p.paid_at else { continue };
        if day(paid) == date {
            items.push(Item {
                kind: TransactionType::Payment,
                id: &p.payment_id,
                request_id: &p.payment_request_id,
                original: None,
                payment: p,
                time: paid,
                amount: signed(p, 1),
                fee: fee_of(p.amount.minor_units()),
                status: "SUCCESS",
            });
        }
        if let Some(cancelled) = p.cancelled_at.filter(|c| day(*c) == date) {
            items.push(Item {
                kind: TransactionType::Cancel,
                id: &p.payment_id,
                request_id: &p.payment_request_id,
                original: Some(p),
                payment: p,
                time: cancelled,
                amount: signed(p, -1),
                fee: -fee_of(p.amount.minor_units()),
                status: "SUCCESS",
            });
        }
    }
    for r in state.refunds.values() {
        if r.status != RefundStatus::Success || day(r.time) != date {
            continue;
        }
        let Some(p) = state.payments.get(&r.payment_request_id) else {
            continue;
        };
        items.push(Item {
            kind: TransactionType::Refund,
            id: &r.refund_id,
            request_id: &r.refund_request_id,
            original: Some(p),
            payment: p,
            time: r.time,
            amount: SignedAmount {
                currency: r.amount.currency(),
                minor: -r.amount.minor_units(),
            },
            fee: 0,
            status: "SUCCESS",
        });
    }
    items.sort_by(|a, b| (a.time, a.id).cmp(&(b.time, b.id)));
    items
}

fn money(currency: Currency, minor: i64) -> String {
    SignedAmount { currency, minor }.to_major_string()
}

fn row<'a>(customer: &str, batch: Option<&str>, i: &'a Item<'a>) -> HashMap<&'static str, String> {
    let currency = i.amount.currency;
    let mut r = HashMap::new();
    r.insert("customerId", customer.to_owned());
    r.insert("PSP", "Antom".to_owned());
    r.insert("transactionType", i.kind.as_str().to_owned());
    r.insert("status", i.status.to_owned());
    r.insert("transactionId", i.id.to_owned());
    r.insert("transactionRequestId", i.request_id.to_owned());
    if let Some(o) = i.original {
        r.insert("originalTransactionId", o.payment_id.clone());
        r.insert("originalTransactionRequestId", o.payment_request_id.clone());
    }
    let description = i.payment.request["order"]["orderDescription"]
        .as_str()
        .unwrap_or_default();
    r.insert("orderDescription", description.to_owned());
    r.insert("paymentMethodType", i.payment.wallet.clone());
    r.insert("wallet", i.payment.wallet.clone());
    r.insert(
        "transactionCreationTime",
        crate::state::iso(i.payment.created),
    );
    if i.status == "SUCCESS" {
        r.insert("transactionCompletionTime", crate::state::iso(i.time));
    }
    r.insert("productCode", "AGREEMENT_PAYMENT".to_owned());
    r.insert("transactionAmountValue", i.amount.to_major_string());
    r.insert("transactionCurrency", currency.code().to_owned());
    if let Some(batch) = batch {
        r.insert("settlementBatchId", batch.to_owned());
        r.insert(
            "settlementInitiatedDate",
            crate::state::iso(OffsetDateTime::now_utc()),
        );
        // Net of the fee: Antom's current layout writes a fee charged as money out (negative).
        r.insert(
            "settlementAmountValue",
            money(currency, i.amount.minor - i.fee),
        );
        r.insert("settlementCurrency", currency.code().to_owned());
        r.insert("feeAmountValue", money(currency, -i.fee));
        r.insert("feeCurrency", currency.code().to_owned());
        r.insert("taxFeeAmountValue", money(currency, 0));
        r.insert("taxFeeCurrency", currency.code().to_owned());
    }
    r
}

fn summary(customer: &str, batch: &str, items: &[&Item<'_>]) -> Vec<HashMap<&'static str, String>> {
    let Some(currency) = items.first().map(|i| i.amount.currency) else {
        return Vec::new();
    };
    let mut totals: BTreeMap<TransactionType, (u64, i64, i64)> = BTreeMap::new();
    for i in items {
        for key in [i.kind.clone(), TransactionType::Total] {
            let t = totals.entry(key).or_default();
            t.0 += 1;
            t.1 += i.amount.minor;
            t.2 += i.fee;
        }
    }
    totals
        .into_iter()
        .map(|(kind, (count, gross, fee))| {
            let mut r = HashMap::new();
            r.insert("settlementBatchId", batch.to_owned());
            r.insert("customerId", customer.to_owned());
            r.insert("PSP", "Antom".to_owned());
            r.insert("summaryType", kind.as_str().to_owned());
            r.insert(
                "settlementInitiatedDate",
                crate::state::iso(OffsetDateTime::now_utc()),
            );
            r.insert("count", count.to_string());
            r.insert("settlementAmountValue", money(currency, gross - fee));
            r.insert("settlementCurrency", currency.code().to_owned());
            r.insert("feeAmountValue", money(currency, -fee));
            r.insert("feeCurrency", currency.code().to_owned());
            r.insert("taxFeeAmountValue", money(currency, 0));
            r.insert("taxFeeCurrency", currency.code().to_owned());
            r
        })
        .collect()
}

/// `POST /sandbox/control/settlement {"date": "2026-11-22"}` (default: today in the report time zone).
#[derive(Debug, Default, Deserialize)]
pub struct SettleRequest {
    date: Option<String>,
}

/// Writes the day's reports (to the configured folder, as Antom's SFTP layout
/// `<customerId>/<YYYYMMDD>/`) and answers with them.
pub(crate) async fn settle_day(
    AxumState(sb): AxumState<Arc<Shared>>,
    body: Option<Json<SettleRequest>>,
) -> (StatusCode, Json<Value>) {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = match body.and_then(|Json(b)| b.date) {
        None => sb.now().to_offset(sb.config.settlement_offset).date(),
        Some(text) => match Date::parse(&text, format) {
            Ok(d) => d,
            Err(_) => {
                return (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Json(
                        json!({ "code": "INVALID_DATE", "message": format!("{text:?} is not a YYYY-MM-DD date") }),
                    ),
                )
            }
        },
    };
    let files = files_for(&sb, date);
    let mut directory = None;
    if let Some(root) = &sb.config.settlement_dir {
        let day = date.format(format).unwrap_or_default().replace('-', "");
        let dir = root.join(&sb.config.merchant_client_id).join(day);
        let written = std::fs::create_dir_all(&dir).and_then(|()| {
            files
                .iter()
                .try_for_each(|f| std::fs::write(dir.join(&f.name), &f.content))
        });
        if let Err(e) = written {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({ "code": "WRITE_FAILED", "message": e.to_string() })),
            );
        }
        directory = Some(dir.display().to_string());
    }
    (
        StatusCode::OK,
        Json(json!({
            "date": date.format(format).unwrap_or_default(),
            "directory": directory,
            "files": files,
        })),
    )
}
