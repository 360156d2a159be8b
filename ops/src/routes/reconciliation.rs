//! Settlement reconciliation: import Antom's report files and read the
//! newest report, with every mismatch highlighted.

use crate::api::{use_api, Failure, SignedIn};
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use contract::access::Scope;
use contract::back_office::{IssueKind, ReconciliationIssue, ReconciliationReport, ReportFile};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;

/// The reconciliation page.
#[component]
pub fn ReconciliationPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let report = RwSignal::new(None::<Result<Option<ReconciliationReport>, Failure>>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    {
        let api = api.clone();
        spawn_local(async move {
            let latest = api.latest_report().await;
            if report.get_untracked().is_none() {
                report.set(Some(latest));
            }
        });
    }
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(files) = input.get_untracked().and_then(|i| i.files()) else {
            return;
        };
        let chosen: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        if chosen.is_empty() {
            return;
        }
        busy.set(true);
        let api = api.clone();
        spawn_local(async move {
            let mut read = Vec::with_capacity(chosen.len());
            for file in chosen {
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
                let content = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
                read.push(ReportFile {
                    name: file.name(),
                    content,
                });
            }
            report.set(Some(api.import(read).await.map(Some)));
            busy.set(false);
        });
    };
    let may_import = expect_context::<SignedIn>().may(Scope::Reconciliation);
    view! {
        <h1>{move || t!(locale, "reconciliation-heading")}</h1>
        {may_import.then(move || view! {
        <form class="card import" on:submit=import>
            <label for="report-files">{move || t!(locale, "import-files")}</label>
            <input id="report-files" type="file" multiple accept=".csv,text/csv" node_ref=input aria-describedby="import-hint"/>
            <p id="import-hint" class="hint">{move || t!(locale, "import-hint")}</p>
            <button class="button primary" type="submit" disabled=move || busy.get()>{move || t!(locale, "import-submit")}</button>
        </form>
        })}
        <div aria-live="polite">
            {move || match report.get() {
                None => view! { <p class="loading">{move || t!(locale, "loading")}</p> }.into_any(),
                Some(Err(f)) => view! { <Problem failure=f/> }.into_any(),
                Some(Ok(None)) => view! { <p>{move || t!(locale, "report-none")}</p> }.into_any(),
                Some(Ok(Some(r))) => view! { <Report report=r/> }.into_any(),
            }}
        </div>
    }
}

fn kind_key(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::MissingAtAntom => "issue-missing-at-antom",
        IssueKind::MissingHere => "issue-missing-here",
        IssueKind::AmountMismatch => "issue-amount-mismatch",
        IssueKind::CurrencyMismatch => "issue-currency-mismatch",
        IssueKind::StatusMismatch => "issue-status-mismatch",
        IssueKind::SummaryMismatch => "issue-summary-mismatch",
        IssueKind::Duplicate => "issue-duplicate",
        IssueKind::OtherTransaction => "issue-other-transaction",
        IssueKind::UnreadableBatch => "issue-unreadable-batch",
    }
}

#[component]
fn Report(report: ReconciliationReport) -> impl IntoView {
    let locale = use_locale();
    let clean = report.clean;
    let count = report.issues.len();
    let summary_agrees = report.summary_agrees;
    let imported_at = report.imported_at;
    view! {
        <section class="card report" aria-labelledby="report-heading">
            <h2 id="report-heading">{move || t!(locale, "report-heading", at = format::time(imported_at, locale.get()))}</h2>
            <p class=if clean { "verdict clean" } else { "verdict issues" } role="status">
                {move || if clean { t!(locale, "report-clean") } else { t!(locale, "report-issues", count = count) }}
            </p>
            <p>{move || if summary_agrees { t!(locale, "summary-agrees") } else { t!(locale, "summary-disagrees") }}</p>
            <table>
                <caption>{move || t!(locale, "files-caption")}</caption>
                <thead><tr>
                    <th scope="col">{move || t!(locale, "col-file")}</th>
                    <th scope="col" class="num">{move || t!(locale, "col-rows")}</th>
                    <th scope="col">{move || t!(locale, "col-file-state")}</th>
                </tr></thead>
                <tbody>
                    {report.files.into_iter().map(|f| {
                        let state = if f.already_imported { "file-already" } else if f.replaced_earlier_version { "file-replaced" } else { "file-new" };
                        view! {
                            <tr>
                                <td><code>{f.name}</code></td>
                                <td class="num">{f.rows}</td>
                                <td>{move || locale.lookup(state, "file-new")}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {(!report.settlement.is_empty()).then(|| view! {
                <table class="settlement">
                    <caption>{move || t!(locale, "settlement-caption")}</caption>
                    <thead><tr>
                        <th scope="col">{move || t!(locale, "col-currency")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-payments")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-refunds")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-cancels")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-other")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-fees")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-tax")}</th>
                        <th scope="col" class="num">{move || t!(locale, "col-net")}</th>
                    </tr></thead>
                    <tbody>
                        {report.settlement.into_iter().map(|s| view! {
                            <tr>
                                <th scope="row">{s.net.currency.as_str().to_owned()}</th>
                                <td class="num">{move || format::money(&s.payments, locale.get())}</td>
                                <td class="num">{move || format::money(&s.refunds, locale.get())}</td>
                                <td class="num">{move || format::money(&s.cancels, locale.get())}</td>
                                <td class="num">{move || format::money(&s.other, locale.get())}</td>
                                <td class="num">{move || format::money(&s.fees, locale.get())}</td>
                                <td class="num">{move || format::money(&s.tax, locale.get())}</td>
                                <td class="num"><strong>{move || format::money(&s.net, locale.get())}</strong></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {(!report.issues.is_empty()).then(|| view! { <Issues issues=report.issues/> })}
        </section>
    }
}

#[component]
fn Issues(issues: Vec<ReconciliationIssue>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <table class="issues">
            <caption>{move || t!(locale, "issues-caption")}</caption>
            <thead><tr>
                <th scope="col">{move || t!(locale, "col-issue")}</th>
                <th scope="col">{move || t!(locale, "col-type")}</th>
                <th scope="col">{move || t!(locale, "col-payment")}</th>
                <th scope="col">{move || t!(locale, "col-where")}</th>
                <th scope="col">{move || t!(locale, "col-field")}</th>
                <th scope="col" class="num">{move || t!(locale, "col-ours")}</th>
                <th scope="col" class="num">{move || t!(locale, "col-antom")}</th>
            </tr></thead>
            <tbody>
                {issues.into_iter().map(|i| {
                    let key = kind_key(i.kind);
                    let who = match i.payment_id.clone() {
                        Some(p) => view! { <a href=format!("/ops/payments/{p}")><code>{p.clone()}</code></a> }.into_any(),
                        None => view! { <code>{i.antom_id.clone().unwrap_or_default()}</code> }.into_any(),
                    };
                    let place = match (&i.file, i.line) {
                        (Some(f), Some(l)) => format!("{f}:{l}"),
                        _ => i.request_id.clone().unwrap_or_default(),
                    };
                    let ours = i.ours;
                    let antom = i.antom;
                    let counts = (i.ours_count, i.antom_count);
                    view! {
                        <tr class="mismatch">
                            <td><strong>{move || locale.lookup(key, "issue-missing-here")}</strong></td>
                            <td>{i.transaction_type.clone()}</td>
                            <td>{who}</td>
                            <td><code>{place}</code></td>
                            <td>{i.field.clone().map(|f| view! { <code>{f}</code> })}</td>
                            <td class="num">{move || ours.map(|m| format::money(&m, locale.get())).or_else(|| counts.0.map(|c| c.to_string()))}</td>
                            <td class="num">{move || antom.map(|m| format::money(&m, locale.get())).or_else(|| counts.1.map(|c| c.to_string()))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
