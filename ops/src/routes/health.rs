//! The service's health for an on-call: Antom's outcomes over the last hour, payments
//! stuck processing, failing webhook endpoints, links lapsing this week, the last
//! reconciliation, and whether older token keys are still in use. The figures are
//! the ones `/metrics` serves.

use crate::api::use_api;
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use contract::health::{AntomCalls, FailingEndpoint, ServiceHealth};
use leptos::prelude::*;
use locale::format;

/// The health page.
#[component]
pub fn HealthPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let reload = RwSignal::new(0u32);
    let health = LocalResource::new(move || {
        reload.track();
        let api = api.clone();
        async move { api.service_health().await }
    });
    view! {
        <h1>{move || t!(locale, "health-heading")}</h1>
        <button class="button secondary" on:click=move |_| reload.update(|n| *n += 1)>
            {move || t!(locale, "health-refresh")}
        </button>
        <Transition fallback=move || view! { <p class="loading">{move || t!(locale, "loading")}</p> }>
            {move || health.get().map(|answer| match answer {
                Ok(h) => view! { <Figures health=h/> }.into_any(),
                Err(f) => view! { <Problem failure=f/> }.into_any(),
            })}
        </Transition>
    }
}

/// An age in whole minutes, or "none".
fn age(seconds: Option<i64>) -> impl Fn() -> String + Copy + 'static {
    let locale = use_locale();
    move || match seconds {
        Some(s) => {
            let minutes = s / 60;
            t!(locale, "health-age", minutes = minutes)
        }
        None => t!(locale, "health-none"),
    }
}

#[component]
fn Figures(health: ServiceHealth) -> impl IntoView {
    let locale = use_locale();
    let h = health;
    let stuck = h.stuck_payments;
    let backlog = h.pending_deliveries;
    let lapsing = h.links_lapsing_this_week;
    let old_keys = h.sealed_under_old_keys;
    let worker = h.worker_last_round;
    let last = h.last_reconciliation.clone();
    view! {
        <AntomFigures calls=h.antom.clone()/>
        <section class="card" aria-labelledby="health-payments">
            <h2 id="health-payments">{move || t!(locale, "health-payments-heading")}</h2>
            <dl class="figures">
                <dt>{move || t!(locale, "health-stuck")}</dt>
                <dd class=(stuck > 0).then_some("alarm")>{stuck}</dd>
                <dt>{move || t!(locale, "health-oldest-processing")}</dt>
                <dd>{age(h.oldest_processing_seconds)}</dd>
                <dt>{move || t!(locale, "health-oldest-cancelling")}</dt>
                <dd>{age(h.oldest_cancelling_seconds)}</dd>
            </dl>
        </section>
        <section class="card" aria-labelledby="health-webhooks">
            <h2 id="health-webhooks">{move || t!(locale, "health-webhooks-heading")}</h2>
            <dl class="figures">
                <dt>{move || t!(locale, "health-backlog")}</dt>
                <dd>{backlog}</dd>
            </dl>
            <FailingEndpoints endpoints=h.failing_endpoints.clone()/>
        </section>
        <section class="card" aria-labelledby="health-upkeep">
            <h2 id="health-upkeep">{move || t!(locale, "health-upkeep-heading")}</h2>
            <dl class="figures">
                <dt>{move || t!(locale, "health-links-lapsing")}</dt>
                <dd>{lapsing}</dd>
                <dt>{move || t!(locale, "health-reconciliation")}</dt>
                <dd>{move || match &last {
                    None => t!(locale, "health-reconciliation-none"),
                    Some(r) => t!(locale, "health-reconciliation-last", at = format::time(r.at, locale.get()), issues = r.issues),
                }}</dd>
                <dt>{move || t!(locale, "health-old-keys")}</dt>
                <dd>{move || if old_keys == 0 { t!(locale, "health-old-keys-none") } else { old_keys.to_string() }}</dd>
                <dt>{move || t!(locale, "health-worker")}</dt>
                <dd>{move || match worker {
                    Some(at) => format::time(at, locale.get()),
                    None => t!(locale, "health-worker-elsewhere"),
                }}</dd>
            </dl>
        </section>
    }
}

/// `part` of `whole` as a percentage with one decimal ("–" of nothing).
fn share(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".into();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

#[component]
fn AntomFigures(calls: AntomCalls) -> impl IntoView {
    let locale = use_locale();
    let c = calls;
    let rows: [(&'static str, u64); 4] = [
        ("health-antom-succeeded", c.succeeded),
        ("health-antom-failed", c.failed),
        ("health-antom-pending", c.pending),
        ("health-antom-errors", c.errors),
    ];
    let total = c.calls;
    let since = c.since;
    view! {
        <section class="card" aria-labelledby="health-antom">
            <h2 id="health-antom">{move || t!(locale, "health-antom-heading", since = format::time(since, locale.get()))}</h2>
            <table class="antom-outcomes">
                <caption>{move || t!(locale, "health-replica-note")}</caption>
                <thead><tr>
                    <th scope="col">{move || t!(locale, "col-outcome")}</th>
                    <th scope="col" class="num">{move || t!(locale, "col-calls")}</th>
                    <th scope="col" class="num">{move || t!(locale, "col-share")}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(key, n)| view! {
                        <tr class=(key == "health-antom-errors" && n > 0).then_some("mismatch")>
                            <th scope="row">{move || locale.lookup(key, "health-antom-errors")}</th>
                            <td class="num">{n}</td>
                            <td class="num">{share(n, total)}</td>
                        </tr>
                    }).collect_view()}
                    <tr>
                        <th scope="row">{move || t!(locale, "health-antom-calls")}</th>
                        <td class="num"><strong>{total}</strong></td>
                        <td class="num"></td>
                    </tr>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn FailingEndpoints(endpoints: Vec<FailingEndpoint>) -> impl IntoView {
    let locale = use_locale();
    if endpoints.is_empty() {
        return view! { <p class="verdict clean">{move || t!(locale, "health-failing-none")}</p> }
            .into_any();
    }
    view! {
        <table class="issues">
            <caption>{move || t!(locale, "health-failing-caption")}</caption>
            <thead><tr>
                <th scope="col">{move || t!(locale, "col-endpoint")}</th>
                <th scope="col" class="num">{move || t!(locale, "col-failing")}</th>
                <th scope="col">{move || t!(locale, "col-failing-since")}</th>
                <th scope="col">{move || t!(locale, "col-last-status")}</th>
            </tr></thead>
            <tbody>
                {endpoints.into_iter().map(|e| {
                    let since = e.failing_since;
                    let status = e.last_status;
                    view! {
                        <tr class="mismatch">
                            <td><code>{e.url.clone()}</code></td>
                            <td class="num">{e.failing_deliveries}</td>
                            <td>{move || format::time(since, locale.get())}</td>
                            <td>{move || match status {
                                Some(s) => s.to_string(),
                                None => t!(locale, "health-no-answer"),
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
