//! The buyer's linked wallets: see them, unlink with confirmation. A link
//! revoked from the wallet app shows as such.

use crate::api::Requests;
use crate::browser::IN_BROWSER;
use crate::components::mandate::MandateTerms;
use crate::components::notice::ErrorNotice;
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::skeleton::Skeleton;
use crate::components::wallet_mark::WalletMark;
use crate::components::wallet_name;
use crate::i18n::use_locale;
use crate::router::use_router;
use crate::t;
use contract::api::{ErrorCode, LinkState, LinkedWallet};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;

/// The linked wallets page.
#[component]
pub fn LinkedWalletsPage() -> impl IntoView {
    let locale = use_locale();
    let id = use_router().checkout_id();
    let requests = Requests::new(&id);
    let reload = RwSignal::new(0u32);
    let done = RwSignal::new(None::<String>);
    // The service's first paint, if this browser's: nothing to ask first.
    let painted = crate::first_paint::Handed::take_linked_wallets();
    let ready = painted.is_some();
    let wallets = RwSignal::new(painted.map(Ok::<_, crate::api::Failure>));
    let asked = StoredValue::new(0u32);
    Effect::new({
        let requests = requests.clone();
        move |before: Option<()>| {
            reload.track();
            if before.is_none() && ready {
                return;
            }
            let ask = asked.get_value() + 1;
            asked.set_value(ask);
            let requests = requests.clone();
            spawn_local(async move {
                let answer = requests.linked_wallets().await;
                if asked.try_get_value() == Some(ask) {
                    wallets.try_set(Some(answer));
                }
            });
        }
    });
    let back = format!("/checkout/{id}");
    view! {
        <PageHeader>
            <a href=back.clone()>{move || t!(locale, "back-to-checkout")}</a>
        </PageHeader>
        <PageHeading text=Signal::derive(move || t!(locale, "wallets-page-heading"))/>
        <p class="status" role="status" aria-live="polite">{move || done.get()}</p>
        {move || match wallets.get() {
            None => view! { <Skeleton/> }.into_any(),
            Some(Err(f)) => view! { <ErrorNotice code=f.code/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{move || t!(locale, "wallets-page-empty")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="linked-wallets">
                    {list
                        .into_iter()
                        .map(|w| view! { <LinkedWalletRow wallet=w requests=requests.clone() reload=reload done=done/> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn LinkedWalletRow(
    wallet: LinkedWallet,
    requests: Requests,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<ErrorCode>);
    let shown = {
        let (code, brand) = (wallet.wallet.clone(), wallet.name.clone());
        move || wallet_name(locale, &code, &brand)
    };
    let (name, mark_name, confirm_name) = (shown.clone(), shown.clone(), shown.clone());
    let state = match wallet.link {
        LinkState::Linked => None,
        LinkState::RevokedByWallet => Some("wallet-revoked"),
        LinkState::Expired => Some("wallet-expired"),
        LinkState::NotLinked => Some("wallet-not-linked"),
    };
    let code = wallet.wallet.clone();
    let unlink = move |_| {
        let requests = requests.clone();
        let code = code.clone();
        let name = name.clone();
        spawn_local(async move {
            match requests.unlink(&code).await {
                Ok(()) => {
                    done.set(Some(t!(locale, "unlinked", wallet = name())));
                    reload.update(|n| *n += 1);
                }
                Err(f) => error.set(Some(f.code)),
            }
        });
    };
    let linked = wallet.link == LinkState::Linked;
    view! {
        <li class="linked-wallet">
            <WalletMark code=wallet.wallet.clone() name=wallet.name.clone() label=Signal::derive(move || t!(locale, "wallet-mark", wallet = mark_name()))/>
            <span class="wallet-text">
                <span class="wallet-name">{shown}" "{wallet.account.clone().unwrap_or_default()}</span>
                <span class="wallet-state">
                    {move || match state {
                        Some("wallet-revoked") => t!(locale, "wallet-revoked"),
                        Some("wallet-expired") => t!(locale, "wallet-expired"),
                        Some(_) => t!(locale, "wallet-not-linked"),
                        None => format!("{} {}", t!(locale, "linked-since"), format::time(wallet.linked_at, locale.intl())),
                    }}
                </span>
            </span>
            {wallet.mandate.clone().filter(|_| linked).map(|m| view! { <MandateTerms terms=m.into()/> })}
            {linked.then(|| view! {
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        // Until the app runs (the service's first paint) a click would do nothing: it waits, announced as busy.
                        <button class="button secondary" on:click=move |_| confirming.set(true) disabled=!IN_BROWSER aria-busy=(!IN_BROWSER).then_some("true")>{move || t!(locale, "unlink")}</button>
                    }
                >
                    <div class="confirm" role="group">
                        <p>{
                            let confirm_name = confirm_name.clone();
                            move || t!(locale, "unlink-confirm", wallet = confirm_name())
                        }</p>
                        <button class="button danger" on:click=unlink.clone()>{move || t!(locale, "unlink-yes")}</button>
                        <button class="button secondary" on:click=move |_| confirming.set(false)>{move || t!(locale, "unlink-no")}</button>
                    </div>
                </Show>
            })}
            {move || error.get().map(|code| view! { <ErrorNotice code=code/> })}
        </li>
    }
}
