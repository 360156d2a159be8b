//! One payment: what it is, everything that happened to it, and what the
//! operator can still do (refund, cancel, declare), each with a confirmation.

use crate::api::{random_key, use_api, Api, Failure, SignedIn};
use crate::components::money::{major_of, parse_major};
use crate::components::problem::Problem;
use crate::components::wallet::wallet_label;
use crate::i18n::use_locale;
use crate::routes::payments::state_text;
use crate::t;
use contract::access::Scope;
use contract::api::Money;
use contract::back_office::{NewDeclaration, PaymentDetail, RefundState, TimelineEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use locale::format;

/// The payment page.
#[component]
pub fn PaymentPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let done = RwSignal::new(None::<String>);
    let detail = LocalResource::new({
        let api = api.clone();
        let id = id.clone();
        move || {
            reload.track();
            let api = api.clone();
            let id = id.clone();
            async move { api.detail(&id).await }
        }
    });
    view! {
        <p><a href="/ops">{move || t!(locale, "back-to-payments")}</a></p>
        <h1>{move || t!(locale, "payment-heading")}" "<code>{id.clone()}</code></h1>
        <p class="status" role="status" aria-live="polite">{move || done.get()}</p>
        <Transition fallback=move || view! { <p class="loading">{move || t!(locale, "loading")}</p> }>
            {move || {
                let api = api.clone();
                Suspend::new(async move {
                    match detail.await {
                        Err(f) => view! { <Problem failure=f/> }.into_any(),
                        Ok(d) => view! { <Detail detail=d api=api reload=reload done=done/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn Detail(
    detail: PaymentDetail,
    api: Api,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let p = detail.payment.clone();
    let amount = p.amount;
    let refunded = Money {
        minor: p.refunded_minor,
        ..amount
    };
    let refundable = Money {
        minor: detail.refundable_minor,
        ..amount
    };
    let state = p.state;
    let paid_at = p.paid_at;
    let wallet = p.wallet.clone();
    // A viewer sees no button the service would refuse them.
    let session = expect_context::<SignedIn>();
    let may_refund = session.may(Scope::Refunds);
    view! {
        <dl class="card summary">
            <div><dt>{move || t!(locale, "col-state")}</dt><dd><span class=format!("state state-{}", format!("{state:?}").to_lowercase())>{move || state_text(state)}</span></dd></div>
            <div><dt>{move || t!(locale, "col-amount")}</dt><dd>{move || format::money(&amount, locale.get())}</dd></div>
            <div><dt>{move || t!(locale, "col-refunded")}</dt><dd>{move || format::money(&refunded, locale.get())}</dd></div>
            <div><dt>{move || t!(locale, "col-wallet")}</dt><dd>{let code = wallet.clone(); move || wallet_label(locale, &code)}" "<code>{wallet.clone()}</code></dd></div>
            <div><dt>{move || t!(locale, "col-order")}</dt><dd>{p.order_reference.clone()}</dd></div>
            <div><dt>{move || t!(locale, "col-buyer")}</dt><dd>{detail.buyer_reference.clone()}</dd></div>
            <div><dt>{move || t!(locale, "col-antom-id")}</dt><dd><code>{detail.antom_payment_id.clone().unwrap_or_else(|| "—".into())}</code></dd></div>
            <div><dt>{move || t!(locale, "col-paid-at")}</dt><dd>{move || paid_at.map(|at| format::time(at, locale.get())).unwrap_or_else(|| "—".into())}</dd></div>
            {p.failure_code.clone().map(|code| view! { <div><dt>{move || t!(locale, "col-failure")}</dt><dd><code>{code}</code></dd></div> })}
        </dl>
        <div class="actions">
            {(may_refund && detail.refundable_minor > 0).then(|| view! { <RefundAction id=p.id.clone() refundable=refundable api=api.clone() reload=reload done=done/> })}
            {(may_refund && detail.cancellable).then(|| view! { <CancelAction id=p.id.clone() amount=amount api=api.clone() reload=reload done=done/> })}
            {detail.customs_declarable.filter(|_| may_refund).map(|declarable| view! { <DeclareAction id=p.id.clone() amount=declarable api=api.clone() reload=reload done=done/> })}
        </div>
        <Timeline events=detail.timeline api=api.clone() reload=reload/>
    }
}

/// One back-office call of an action: at most one at a time, its refusal
/// shown, and on success what was done announced and the payment read again.
#[derive(Clone, Copy)]
struct Operation {
    busy: RwSignal<bool>,
    failure: RwSignal<Option<Failure>>,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
}

impl Operation {
    fn new(reload: RwSignal<u32>, done: RwSignal<Option<String>>) -> Self {
        Operation {
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
            reload,
            done,
        }
    }

    /// Runs `call` unless one is running; `announce` words its answer.
    fn run<T: 'static>(
        self,
        call: impl std::future::Future<Output = Result<T, Failure>> + 'static,
        announce: impl FnOnce(T) -> String + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            match call.await {
                Ok(answer) => {
                    self.done.set(Some(announce(answer)));
                    self.reload.update(|n| *n += 1);
                }
                Err(f) => self.failure.set(Some(f)),
            }
            self.busy.set(false);
        });
    }
}

/// `text` as an amount of `limit`'s currency: more than nothing, at most `limit`.
fn amount_within(text: &str, limit: &Money) -> Option<Money> {
    parse_major(text, limit.exponent)
        .filter(|minor| *minor > 0 && *minor <= limit.minor)
        .map(|minor| Money { minor, ..*limit })
}

/// Refund part or all of what is left, after a confirmation naming the amount.
#[component]
fn RefundAction(
    id: String,
    refundable: Money,
    api: Api,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let amount_text = RwSignal::new(major_of(refundable.minor, &refundable));
    let reason = RwSignal::new(String::new());
    // Set when the operator asks; the key stays the same until they confirm, so a double click is one refund.
    let pending = RwSignal::new(None::<(Money, String)>);
    let invalid = RwSignal::new(false);
    let operation = Operation::new(reload, done);
    let (busy, failure) = (operation.busy, operation.failure);
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        let money = amount_within(&amount_text.get_untracked(), &refundable);
        invalid.set(money.is_none());
        pending.set(money.map(|money| (money, random_key())));
    };
    let confirm = move |_| {
        let Some((money, key)) = pending.get_untracked() else {
            return;
        };
        let api = api.clone();
        let id = id.clone();
        let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
        let call = async move { api.refund(&id, money.minor, reason, &key).await };
        operation.run(call, move |r| {
            pending.set(None);
            let text = format::money(&money, locale.get_untracked());
            match r.state {
                RefundState::Succeeded => t!(locale, "refund-succeeded", amount = text),
                RefundState::Failed => t!(locale, "refund-failed", amount = text),
                RefundState::Processing => t!(locale, "refund-processing", amount = text),
            }
        });
    };
    view! {
        <section class="card action" aria-labelledby="refund-heading">
            <h2 id="refund-heading">{move || t!(locale, "refund-heading")}</h2>
            <form on:submit=ask>
                <label for="refund-amount">{move || t!(locale, "refund-amount", currency = refundable.currency.as_str().to_owned())}</label>
                <input id="refund-amount" inputmode="decimal" required
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby="refund-hint"
                    prop:value=move || amount_text.get() on:input=move |ev| amount_text.set(event_target_value(&ev))/>
                <p id="refund-hint" class=move || if invalid.get() { "hint error" } else { "hint" }>
                    {move || t!(locale, "refund-hint", amount = format::money(&refundable, locale.get()))}
                </p>
                <label for="refund-reason">{move || t!(locale, "refund-reason")}</label>
                <input id="refund-reason" maxlength="256" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
                <button class="button secondary" type="submit">{move || t!(locale, "refund-ask")}</button>
            </form>
            {move || pending.get().map(|(money, _)| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="refund-confirm-text">
                    <p id="refund-confirm-text">{move || t!(locale, "refund-confirm", amount = format::money(&money, locale.get()))}</p>
                    <button class="button danger" disabled=move || busy.get() on:click=confirm.clone()>{move || t!(locale, "refund-yes")}</button>
                    <button class="button secondary" on:click=move |_| pending.set(None)>{move || t!(locale, "keep")}</button>
                </div>
            })}
            {move || failure.get().map(|f| view! { <Problem failure=f/> })}
        </section>
    }
}

/// Cancel (void) the payment, after a confirmation.
#[component]
fn CancelAction(
    id: String,
    amount: Money,
    api: Api,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let confirming = RwSignal::new(false);
    let operation = Operation::new(reload, done);
    let (busy, failure) = (operation.busy, operation.failure);
    let confirm = move |_| {
        let api = api.clone();
        let id = id.clone();
        let call = async move { api.cancel(&id).await };
        operation.run(call, move |_| {
            confirming.set(false);
            t!(locale, "cancel-done")
        });
    };
    view! {
        <section class="card action" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">{move || t!(locale, "cancel-heading")}</h2>
            <p>{move || t!(locale, "cancel-explain")}</p>
            <Show when=move || confirming.get() fallback=move || view! {
                <button class="button secondary" on:click=move |_| confirming.set(true)>{move || t!(locale, "cancel-ask")}</button>
            }>
                <div class="confirm" role="alertdialog" aria-labelledby="cancel-confirm-text">
                    <p id="cancel-confirm-text">{move || t!(locale, "cancel-confirm", amount = format::money(&amount, locale.get()))}</p>
                    <button class="button danger" disabled=move || busy.get() on:click=confirm.clone()>{move || t!(locale, "cancel-yes")}</button>
                    <button class="button secondary" on:click=move |_| confirming.set(false)>{move || t!(locale, "keep")}</button>
                </div>
            </Show>
            {move || failure.get().map(|f| view! { <Problem failure=f/> })}
        </section>
    }
}

/// Declare the payment to customs (报关): Alipay CN payments, in CNY, up to `amount`
/// (the payment's customs declaration amount).
#[component]
fn DeclareAction(
    id: String,
    amount: Money,
    api: Api,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let declared = RwSignal::new(major_of(amount.minor, &amount));
    let customs_code = RwSignal::new(String::new());
    let region = RwSignal::new("CN".to_owned());
    let merchant_code = RwSignal::new(String::new());
    let merchant_name = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let operation = Operation::new(reload, done);
    let (busy, failure) = (operation.busy, operation.failure);
    // One key per filled-in form: resubmitting the same form is the same declaration.
    let key = RwSignal::new(random_key());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(money) = amount_within(&declared.get_untracked(), &amount) else {
            invalid.set(true);
            return;
        };
        invalid.set(false);
        let declaration = NewDeclaration {
            amount: Some(money.minor),
            customs_code: customs_code.get_untracked().trim().to_owned(),
            customs_region: region.get_untracked().trim().to_ascii_uppercase(),
            merchant_customs_code: merchant_code.get_untracked().trim().to_owned(),
            merchant_customs_name: merchant_name.get_untracked().trim().to_owned(),
            split_order: false,
            sub_order_id: None,
            buyer_certificate: None,
        };
        let api = api.clone();
        let id = id.clone();
        let call = async move { api.declare(&id, &declaration, &key.get_untracked()).await };
        operation.run(call, move |d| {
            key.set(random_key());
            let declared = Money {
                minor: d.amount,
                ..amount
            };
            let text = format::money(&declared, locale.get_untracked());
            t!(
                locale,
                "declare-done",
                amount = text,
                customs = d.customs_code.clone()
            )
        });
    };
    let field = move |id: &'static str,
                      label: Signal<String>,
                      value: RwSignal<String>,
                      extra: &'static str| {
        view! {
            <label for=id>{move || label.get()}</label>
            <input id=id required autocomplete="off" inputmode=extra prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        }
    };
    view! {
        <section class="card action" aria-labelledby="declare-heading">
            <h2 id="declare-heading">{move || t!(locale, "declare-heading")}</h2>
            <form on:submit=submit>
                {field("declare-amount", Signal::derive(move || t!(locale, "declare-amount", currency = amount.currency.as_str().to_owned())), declared, "decimal")}
                {move || invalid.get().then(|| view! { <p class="hint error">{move || t!(locale, "declare-amount-invalid")}</p> })}
                {field("declare-customs", Signal::derive(move || t!(locale, "declare-customs-code")), customs_code, "text")}
                {field("declare-region", Signal::derive(move || t!(locale, "declare-region")), region, "text")}
                {field("declare-merchant-code", Signal::derive(move || t!(locale, "declare-merchant-code")), merchant_code, "text")}
                {field("declare-merchant-name", Signal::derive(move || t!(locale, "declare-merchant-name")), merchant_name, "text")}
                <button class="button secondary" type="submit" disabled=move || busy.get()>{move || t!(locale, "declare-submit")}</button>
            </form>
            {move || failure.get().map(|f| view! { <Problem failure=f/> })}
        </section>
    }
}

/// Everything that happened, oldest first.
#[component]
fn Timeline(events: Vec<TimelineEvent>, api: Api, reload: RwSignal<u32>) -> impl IntoView {
    let locale = use_locale();
    let may_resend = expect_context::<SignedIn>().may(Scope::Webhooks);
    view! {
        <section class="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{move || t!(locale, "timeline-heading")}</h2>
            <ol class="timeline">
                {events.into_iter().map(|e| {
                    let (what, code) = match e.what.split_once(':') {
                        Some((what, code)) => (what.to_owned(), Some(code.to_owned())),
                        None => (e.what.clone(), None),
                    };
                    let key = format!("event-{}-{}", e.kind, what.replace('.', "-").to_ascii_lowercase());
                    let amount = e.amount;
                    // A webhook that has not reached the merchant's systems can be sent again.
                    let resend = (may_resend && e.kind == "webhook" && matches!(code.as_deref(), Some("failed" | "pending")))
                        .then(|| e.reference.clone())
                        .flatten()
                        .map(|event_id| {
                            let api = api.clone();
                            view! {
                                <button class="button secondary small" type="button" on:click=move |_| {
                                    let (api, event_id) = (api.clone(), event_id.clone());
                                    leptos::task::spawn_local(async move {
                                        if api.redeliver(&event_id).await.is_ok() {
                                            reload.update(|n| *n += 1);
                                        }
                                    });
                                }>{move || t!(locale, "webhook-resend")}</button>
                            }
                        });
                    view! {
                        <li class=format!("event event-{}", e.kind)>
                            <time>{move || format::time(e.at, locale.get())}</time>
                            <span class="what">{move || locale.lookup(&key, "event-other")}</span>
                            {amount.map(|m| view! { <span class="amount">{move || format::money(&m, locale.get())}</span> })}
                            {code.filter(|c| !c.is_empty()).map(|c| view! { <code>{c}</code> })}
                            {e.reference.clone().map(|r| view! { <code class="reference">{r}</code> })}
                            {resend}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}
