//! Payments, newest first: filter by state, wallet, currency, days and amount; page through.

use crate::api::{use_api, PaymentFilters};
use crate::components::money::parse_major;
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use contract::api::PaymentState;
use contract::wallets::{currencies, currency_exponent};
use contract::WALLETS;
use leptos::prelude::*;
use locale::format;

/// The text of a payment state.
pub fn state_text(state: PaymentState) -> String {
    let locale = use_locale();
    match state {
        PaymentState::Processing => t!(locale, "state-processing"),
        PaymentState::Succeeded => t!(locale, "state-succeeded"),
        PaymentState::Failed => t!(locale, "state-failed"),
        PaymentState::Cancelled => t!(locale, "state-cancelled"),
        PaymentState::Cancelling => t!(locale, "state-cancelling"),
    }
}

/// The payments page.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let applied = RwSignal::new(PaymentFilters::default());
    // Cursors of the pages before this one, so "Newer" can go back.
    let cursors = RwSignal::new(Vec::<Option<String>>::new());
    let cursor = RwSignal::new(None::<String>);
    let form_error = RwSignal::new(None::<String>);

    let state = RwSignal::new(String::new());
    let wallet = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let min = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());

    let page = LocalResource::new({
        let api = api.clone();
        move || {
            let filters = applied.get();
            let before = cursor.get();
            let api = api.clone();
            async move { api.payments(&filters, before.as_deref()).await }
        }
    });

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form_error.set(None);
        let code = currency.get_untracked();
        let amount = |text: String| -> Result<Option<i64>, ()> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            let exponent = currency_exponent(&code).ok_or(())?;
            parse_major(&text, exponent).map(Some).ok_or(())
        };
        let (Ok(min_amount), Ok(max_amount)) =
            (amount(min.get_untracked()), amount(max.get_untracked()))
        else {
            form_error.set(Some(if code.is_empty() {
                t!(locale, "filter-amount-needs-currency")
            } else {
                t!(locale, "filter-amount-invalid")
            }));
            return;
        };
        cursors.set(Vec::new());
        cursor.set(None);
        applied.set(PaymentFilters {
            state: state.get_untracked(),
            wallet: wallet.get_untracked(),
            currency: code,
            from: from.get_untracked(),
            to: to.get_untracked(),
            min_amount,
            max_amount,
        });
    };

    let select = |label: Signal<String>,
                  id: &'static str,
                  value: RwSignal<String>,
                  options: Vec<(String, Signal<String>)>| {
        view! {
            <label for=id>{move || label.get()}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {options
                    .into_iter()
                    .map(|(v, text)| {
                        let selected = v.clone();
                        view! { <option value=v selected=move || value.get() == selected>{move || text.get()}</option> }
                    })
                    .collect_view()}
            </select>
        }
    };
    let any = Signal::derive(move || t!(locale, "filter-any"));
    let state_options = vec![
        (String::new(), any),
        (
            "processing".to_owned(),
            Signal::derive(move || t!(locale, "state-processing")),
        ),
        (
            "succeeded".to_owned(),
            Signal::derive(move || t!(locale, "state-succeeded")),
        ),
        (
            "failed".to_owned(),
            Signal::derive(move || t!(locale, "state-failed")),
        ),
        (
            "cancelling".to_owned(),
            Signal::derive(move || t!(locale, "state-cancelling")),
        ),
        (
            "cancelled".to_owned(),
            Signal::derive(move || t!(locale, "state-cancelled")),
        ),
    ];
    let mut wallet_options = vec![(String::new(), any)];
    wallet_options.extend(
        WALLETS
            .iter()
            .map(|w| (w.code.to_owned(), Signal::derive(move || w.name.to_owned()))),
    );
    let mut currency_options = vec![(String::new(), any)];
    currency_options.extend(
        currencies()
            .into_iter()
            .map(|c| (c.to_owned(), Signal::derive(move || c.to_owned()))),
    );
    let input = |label: Signal<String>,
                 id: &'static str,
                 kind: &'static str,
                 value: RwSignal<String>| {
        view! {
            <label for=id>{move || label.get()}</label>
            <input id=id type=kind inputmode=if kind == "text" { "decimal" } else { "" } prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };

    view! {
        <h1>{move || t!(locale, "payments-heading")}</h1>
        <form class="card filters" on:submit=apply aria-label=move || t!(locale, "filters-label")>
            <div class="field">{select(Signal::derive(move || t!(locale, "filter-state")), "f-state", state, state_options)}</div>
            <div class="field">{select(Signal::derive(move || t!(locale, "filter-wallet")), "f-wallet", wallet, wallet_options)}</div>
            <div class="field">{select(Signal::derive(move || t!(locale, "filter-currency")), "f-currency", currency, currency_options)}</div>
            <div class="field">{input(Signal::derive(move || t!(locale, "filter-from")), "f-from", "date", from)}</div>
            <div class="field">{input(Signal::derive(move || t!(locale, "filter-to")), "f-to", "date", to)}</div>
            <div class="field">{input(Signal::derive(move || t!(locale, "filter-min")), "f-min", "text", min)}</div>
            <div class="field">{input(Signal::derive(move || t!(locale, "filter-max")), "f-max", "text", max)}</div>
            <button class="button primary" type="submit">{move || t!(locale, "filter-apply")}</button>
        </form>
        {move || form_error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        <Transition fallback=move || view! { <p class="loading" role="status">{move || t!(locale, "loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(f) => view! { <Problem failure=f/> }.into_any(),
                    Ok(p) if p.payments.is_empty() => view! { <p role="status">{move || t!(locale, "payments-none")}</p> }.into_any(),
                    Ok(p) => {
                        let total = p.total;
                        let next = p.next.clone();
                        view! {
                            <table class="payments">
                                <caption>{move || t!(locale, "payments-count", count = total)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{move || t!(locale, "col-created")}</th>
                                        <th scope="col">{move || t!(locale, "col-payment")}</th>
                                        <th scope="col">{move || t!(locale, "col-order")}</th>
                                        <th scope="col">{move || t!(locale, "col-wallet")}</th>
                                        <th scope="col" class="num">{move || t!(locale, "col-amount")}</th>
                                        <th scope="col">{move || t!(locale, "col-state")}</th>
                                        <th scope="col" class="num">{move || t!(locale, "col-refunded")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {p.payments.into_iter().map(|row| {
                                        let amount = row.amount;
                                        let refunded = contract::api::Money { minor: row.refunded_minor, ..amount };
                                        let href = format!("/ops/payments/{}", row.id);
                                        let state = row.state;
                                        view! {
                                            <tr>
                                                <td>{move || format::time(row.created_at, locale.get())}</td>
                                                <td><a href=href><code>{row.id.clone()}</code></a></td>
                                                <td>{row.order_reference.clone()}</td>
                                                <td>{row.wallet.clone()}</td>
                                                <td class="num">{move || format::money(&amount, locale.get())}</td>
                                                <td><span class=format!("state state-{}", format!("{state:?}").to_lowercase())>{move || state_text(state)}</span></td>
                                                <td class="num">{move || (refunded.minor > 0).then(|| format::money(&refunded, locale.get()))}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <nav class="pager" aria-label=move || t!(locale, "pager-label")>
                                <button class="button secondary" disabled=move || cursors.with(Vec::is_empty)
                                    on:click=move |_| {
                                        let mut stack = cursors.get_untracked();
                                        let previous = stack.pop().flatten();
                                        cursors.set(stack);
                                        cursor.set(previous);
                                    }>{move || t!(locale, "pager-newer")}</button>
                                <button class="button secondary" disabled=next.is_none()
                                    on:click=move |_| {
                                        if let Some(n) = next.clone() {
                                            cursors.update(|s| s.push(cursor.get_untracked()));
                                            cursor.set(Some(n));
                                        }
                                    }>{move || t!(locale, "pager-older")}</button>
                            </nav>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}
