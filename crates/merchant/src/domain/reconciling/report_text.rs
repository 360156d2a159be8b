//! The reconciliation report as plain text, for the command line.

use contract::api::Money;
use contract::back_office::ReconciliationReport;

/// The report as plain text, for the command line.
pub fn render_text(r: &ReconciliationReport) -> String {
    use std::fmt::Write;
    let amount = |m: &Money| format!("{} {}", m.major_string(), m.currency.as_str());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Reconciliation {} ({} files)",
        r.import_id,
        r.files.len()
    );
    for f in &r.files {
        let state = if f.already_imported {
            "already imported"
        } else if f.replaced_earlier_version {
            "imported (replaces an earlier version)"
        } else {
            "imported"
        };
        let _ = writeln!(
            out,
            "  {:<52} {:<20} {:>6} rows  {state}",
            f.name, f.kind, f.rows
        );
    }
    if !r.settlement.is_empty() {
        let _ = writeln!(out, "Settlement by currency:");
        for s in &r.settlement {
            let _ = writeln!(
                out,
                "  payments {}  refunds {}  cancels {}  other {}  fees {}  tax {}  net {}  ({} items)",
                amount(&s.payments),
                amount(&s.refunds),
                amount(&s.cancels),
                amount(&s.other),
                amount(&s.fees),
                amount(&s.tax),
                amount(&s.net),
                s.items
            );
        }
    }
    let _ = writeln!(
        out,
        "Summaries agree with details: {}",
        if r.summary_agrees { "yes" } else { "NO" }
    );
    if r.clean {
        let _ = writeln!(out, "Clean: nothing missing, nothing different.");
        return out;
    }
    let _ = writeln!(out, "Issues ({}):", r.issues.len());
    for i in &r.issues {
        let _ = writeln!(out, "{}", issue_line(i));
    }
    out
}

/// One issue on one line: its kind, the transaction, where in which file, and the amounts.
fn issue_line(i: &contract::back_office::ReconciliationIssue) -> String {
    use std::fmt::Write;
    let amount = |m: &Money| format!("{} {}", m.major_string(), m.currency.as_str());
    let kind = serde_json::to_value(i.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    let mut line = format!("  {kind:<18} {:<8}", i.transaction_type);
    let id = i
        .refund_id
        .as_ref()
        .or(i.payment_id.as_ref())
        .or(i.antom_id.as_ref());
    if let Some(id) = id {
        let _ = write!(line, " {id}");
    }
    if let (Some(file), Some(n)) = (&i.file, i.line) {
        let _ = write!(line, "  {file}:{n}");
    }
    if let Some(field) = &i.field {
        let _ = write!(line, "  {field}");
    }
    if let Some(m) = &i.ours {
        let _ = write!(line, "  ours {}", amount(m));
    }
    if let Some(m) = &i.antom {
        let _ = write!(line, "  Antom {}", amount(m));
    }
    if let (Some(a), Some(b)) = (i.ours_count, i.antom_count) {
        let _ = write!(line, "  count {a} vs {b}");
    }
    line
}
