//! Payments, newest first: filter by state, wallet, currency, days and amount; page through.

use crate::api::{use_api, PaymentFilters};
use crate::components::money::parse_major;
use crate::components::problem::Problem;
use crate::components::wallet::wallet_label;
use crate::i18n::{use_locale, Locale};
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
        PaymentState::RetryScheduled => t!(locale, "state-retry-scheduled"),
    }
}

/// Where the pages went: the cursor of this page, and of each newer one, so
/// "Newer" can go back.
#[derive(Clone, Copy)]
struct Paging {
    cursors: RwSignal<Vec<Option<String>>>,
    cursor: RwSignal<Option<String>>,
}

impl Paging {
    /// Back to the newest page (new filters).
    fn restart(self) {
        self.cursors.set(Vec::new());
        self.cursor.set(None);
    }
}

/// The payments page.
#[component]
pub fn PaymentsPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let applied = RwSignal::new(PaymentFilters::default());
    let paging = Paging {
        cursors: RwSignal::new(Vec::new()),
        cursor: RwSignal::new(None),
    };
    let page = LocalResource::new({
        let api = api.clone();
        move || {
            let filters = applied.get();
            let before = paging.cursor.get();
            let api = api.clone();
            async move { api.payments(&filters, before.as_deref()).await }
        }
    });
    view! {
        <h1>{move || t!(locale, "payments-heading")}</h1>
        <Filters applied=applied paging=paging/>
        <Transition fallback=move || view! { <p class="loading" role="status">{move || t!(locale, "loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(f) => view! { <Problem failure=f/> }.into_any(),
                    Ok(p) if p.payments.is_empty() => view! { <p role="status">{move || t!(locale, "payments-none")}</p> }.into_any(),
                    Ok(p) => view! { <PaymentsTable page=p paging=paging/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The filter form's fields, as typed.
#[derive(Clone, Copy)]
struct FilterFields {
    state: RwSignal<String>,
    wallet: RwSignal<String>,
    currency: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    min: RwSignal<String>,
    max: RwSignal<String>,
}

impl FilterFields {
    /// The filters typed, amounts in the currency's minor units; the error a
    /// merchant reads when an amount cannot be read.
    fn read(self, locale: Locale) -> Result<PaymentFilters, String> {
        let code = self.currency.get_untracked();
        let amount = |text: String| -> Result<Option<i64>, ()> {
            if text.trim().is_empty() {
                return Ok(None);
            }
            let exponent = currency_exponent(&code).ok_or(())?;
            parse_major(&text, exponent).map(Some).ok_or(())
        };
        let (Ok(min_amount), Ok(max_amount)) = (
            amount(self.min.get_untracked()),
            amount(self.max.get_untracked()),
        ) else {
            return Err(if code.is_empty() {
                t!(locale, "filter-amount-needs-currency")
            } else {
                t!(locale, "filter-amount-invalid")
            });
        };
        Ok(PaymentFilters {
            state: self.state.get_untracked(),
            wallet: self.wallet.get_untracked(),
            currency: code,
            from: self.from.get_untracked(),
            to: self.to.get_untracked(),
            min_amount,
            max_amount,
        })
    }
}

/// Filter by state, wallet, currency, days and amount; applying starts from the newest page.
#[component]
fn Filters(applied: RwSignal<PaymentFilters>, paging: Paging) -> impl IntoView {
    let locale = use_locale();
    let form_error = RwSignal::new(None::<String>);
    let fields = FilterFields {
        state: RwSignal::new(String::new()),
        wallet: RwSignal::new(String::new()),
        currency: RwSignal::new(String::new()),
        from: RwSignal::new(String::new()),
        to: RwSignal::new(String::new()),
        min: RwSignal::new(String::new()),
        max: RwSignal::new(String::new()),
    };
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match fields.read(locale) {
            Ok(filters) => {
                form_error.set(None);
                paging.restart();
                applied.set(filters);
            }
            Err(why) => form_error.set(Some(why)),
        }
    };
    // The keys are literals: the catalogue is checked against them when the console is built.
    macro_rules! label {
        ($key:literal) => {
            Signal::derive(move || t!(locale, $key))
        };
    }
    let any = label!("filter-any");
    view! {
        <form class="card filters" on:submit=apply aria-label=move || t!(locale, "filters-label")>
            <div class="field">{select(label!("filter-state"), "f-state", fields.state, state_options(locale, any))}</div>
            <div class="field">{select(label!("filter-wallet"), "f-wallet", fields.wallet, wallet_options(any))}</div>
            <div class="field">{select(label!("filter-currency"), "f-currency", fields.currency, currency_options(any))}</div>
            <div class="field">{input(label!("filter-from"), "f-from", "date", fields.from)}</div>
            <div class="field">{input(label!("filter-to"), "f-to", "date", fields.to)}</div>
            <div class="field">{input(label!("filter-min"), "f-min", "text", fields.min)}</div>
            <div class="field">{input(label!("filter-max"), "f-max", "text", fields.max)}</div>
            <button class="button primary" type="submit">{move || t!(locale, "filter-apply")}</button>
        </form>
        {move || form_error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
    }
}

/// A labelled choice among `options` (value, text), bound to `value`.
fn select(
    label: Signal<String>,
    id: &'static str,
    value: RwSignal<String>,
    options: Vec<(String, Signal<String>)>,
) -> impl IntoView {
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
}

/// A labelled input of `kind` (`date`, or `text` typed as a decimal), bound to `value`.
fn input(
    label: Signal<String>,
    id: &'static str,
    kind: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{move || label.get()}</label>
        <input id=id type=kind inputmode=if kind == "text" { "decimal" } else { "" } prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
    }
}

/// Any state, or one of them.
fn state_options(locale: Locale, any: Signal<String>) -> Vec<(String, Signal<String>)> {
    let option = |value: &str, text: Signal<String>| (value.to_owned(), text);
    vec![
        option("", any),
        option(
            "processing",
            Signal::derive(move || t!(locale, "state-processing")),
        ),
        option(
            "succeeded",
            Signal::derive(move || t!(locale, "state-succeeded")),
        ),
        option("failed", Signal::derive(move || t!(locale, "state-failed"))),
        option(
            "cancelling",
            Signal::derive(move || t!(locale, "state-cancelling")),
        ),
        option(
            "cancelled",
            Signal::derive(move || t!(locale, "state-cancelled")),
        ),
        option(
            "retry_scheduled",
            Signal::derive(move || t!(locale, "state-retry-scheduled")),
        ),
    ]
}

/// Any wallet, or one of the catalogue's, by name (and market, where names repeat).
fn wallet_options(any: Signal<String>) -> Vec<(String, Signal<String>)> {
    let locale = use_locale();
    let mut options = vec![(String::new(), any)];
    options.extend(WALLETS.iter().map(|w| {
        (
            w.code.to_owned(),
            Signal::derive(move || wallet_label(locale, w.code)),
        )
    }));
    options
}

/// Any currency, or one the wallets take.
fn currency_options(any: Signal<String>) -> Vec<(String, Signal<String>)> {
    let mut options = vec![(String::new(), any)];
    options.extend(
        currencies()
            .into_iter()
            .map(|c| (c.to_owned(), Signal::derive(move || c.to_owned()))),
    );
    options
}

/// One page of payments, and the pager.
#[component]
fn PaymentsTable(page: contract::back_office::PaymentPage, paging: Paging) -> impl IntoView {
    let locale = use_locale();
    let Paging { cursors, cursor } = paging;
    let total = page.total;
    let next = page.next.clone();
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
                {page.payments.into_iter().map(|row| {
                    let amount = row.amount;
                    let refunded = contract::api::Money { minor: row.refunded_minor, ..amount };
                    let href = format!("/ops/payments/{}", row.id);
                    let state = row.state;
                    view! {
                        <tr>
                            <td>{move || format::time(row.created_at, locale.get())}</td>
                            <td><a href=href><code>{row.id.clone()}</code></a></td>
                            <td>{row.order_reference.clone()}</td>
                            <td>{move || wallet_label(locale, &row.wallet)}</td>
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
    }
}
