//! The buyer's linked wallets: see them, unlink with confirmation. A link
//! revoked from the wallet app shows as such. The service's page works before,
//! and without, the app: its Unlink asks again (`?confirm=GCASH`) and the
//! confirmation posts to the service (`/checkout/{id}/wallets/unlink`), which
//! answers with the page at `?unlinked=GCASH` or `?error=CODE`. The app reads
//! the same addresses, and acts on the clicks itself.

use crate::api::Requests;
use crate::components::mandate::MandateTerms;
use crate::components::notice::{posted_error, ErrorNotice};
use crate::components::page_header::PageHeader;
use crate::components::page_heading::PageHeading;
use crate::components::skeleton::Skeleton;
use crate::components::wallet_mark::WalletMark;
use crate::components::wallet_name;
use crate::i18n::{use_locale, Locale};
use crate::router::{use_router, Location};
use crate::t;
use contract::api::{ErrorCode, LinkState, LinkedWallet};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;

/// The linked wallets page.
#[component]
pub fn LinkedWalletsPage() -> impl IntoView {
    let locale = use_locale();
    let router = use_router();
    let id = router.checkout_id();
    let location = router.location();
    let requests = Requests::new(&id);
    let reload = RwSignal::new(0u32);
    // The service's first paint, if this browser's: nothing to ask first.
    let painted = crate::first_paint::Handed::take_linked_wallets();
    // What the service's page's Unlink came back with, until the app unlinks itself.
    let done = RwSignal::new(just_unlinked(locale, &location, painted.as_deref()));
    let posted = posted_error(&location);
    let row = Row {
        requests: requests.clone(),
        reload,
        done,
        forms: PageForms {
            page: format!("/checkout/{id}/wallets"),
            language: location.asked_language(),
        },
        confirming: location.query("confirm"),
    };
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
        {posted.map(|code| view! { <ErrorNotice code=code/> })}
        {move || match wallets.get() {
            None => view! { <Skeleton/> }.into_any(),
            Some(Err(f)) => view! { <ErrorNotice code=f.code/> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{move || t!(locale, "wallets-page-empty")}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="linked-wallets">
                    {list
                        .into_iter()
                        .map(|w| view! { <LinkedWalletRow wallet=w row=row.clone()/> })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

#[component]
fn LinkedWalletRow(wallet: LinkedWallet, row: Row) -> impl IntoView {
    let Row {
        requests,
        reload,
        done,
        forms,
        confirming,
    } = row;
    let locale = use_locale();
    // The service's page asked to confirm this one (`?confirm=GCASH`): the app goes on from there.
    let confirming = RwSignal::new(confirming.as_deref() == Some(wallet.wallet.as_str()));
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
            {linked.then(|| {
                let (code, ask) = (wallet.wallet.clone(), forms.clone());
                view! {
                    <Show
                        when=move || confirming.get()
                        fallback=move || ask.ask(view! {
                            <button class="button secondary" name="confirm" value=code.clone() on:click=move |_| confirming.set(true)>{move || t!(locale, "unlink")}</button>
                        })
                    >
                        <div class="confirm" role="group">
                            <p>{
                                let confirm_name = confirm_name.clone();
                                move || t!(locale, "unlink-confirm", wallet = confirm_name())
                            }</p>
                            {forms.unlink(&wallet, view! { <button class="button danger" on:click=unlink.clone()>{move || t!(locale, "unlink-yes")}</button> })}
                            {forms.ask(view! { <button class="button secondary" on:click=move |_| confirming.set(false)>{move || t!(locale, "unlink-no")}</button> })}
                        </div>
                    </Show>
                }
            })}
            {move || error.get().map(|code| view! { <ErrorNotice code=code/> })}
        </li>
    }
}

/// What each row acts with.
#[derive(Clone)]
struct Row {
    requests: Requests,
    reload: RwSignal<u32>,
    done: RwSignal<Option<String>>,
    forms: PageForms,
    /// The wallet whose Unlink the service's page asked to confirm (`?confirm=`).
    confirming: Option<String>,
}

/// "GCash was unlinked.", when the service's page's Unlink came back
/// (`?unlinked=GCASH`): a wallet's code only, since an address may carry anything,
/// and not while the painted list shows it linked (an old address, a new link).
fn just_unlinked(
    locale: Locale,
    location: &Location,
    painted: Option<&[LinkedWallet]>,
) -> Option<String> {
    let wallet = contract::wallets::wallet(&location.query("unlinked")?)?;
    let linked = painted
        .unwrap_or_default()
        .iter()
        .any(|w| w.wallet == wallet.code && w.link == LinkState::Linked);
    (!linked).then(|| {
        t!(
            locale,
            "unlinked",
            wallet = wallet_name(locale, wallet.code, wallet.name)
        )
    })
}

/// The service's page's forms: to the page itself, in the language it was asked in
/// (`?locale=`, the embed's). The app acts on the buttons' clicks instead, and its
/// download carries none of this.
#[derive(Clone)]
struct PageForms {
    /// `/checkout/{id}/wallets`.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    page: String,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    language: Option<&'static str>,
}

#[cfg(not(target_arch = "wasm32"))]
impl PageForms {
    /// The page again, with the pressed button's `name=value` (Unlink's `confirm=GCASH`, or none).
    fn ask(&self, inner: impl IntoView) -> impl IntoView {
        view! {
            <form class="act" method="get" action=self.page.clone()>
                {self.language.map(|code| view! { <input type="hidden" name="locale" value=code/> })}
                {inner}
            </form>
        }
    }

    /// The confirmed Unlink of `wallet`'s link, with this browser's page's proof.
    fn unlink(&self, wallet: &LinkedWallet, inner: impl IntoView) -> impl IntoView {
        let action = match self.language {
            Some(code) => format!("{}/unlink?locale={code}", self.page),
            None => format!("{}/unlink", self.page),
        };
        let proof = use_context::<crate::first_paint::FormProof>().map(|p| p.0);
        view! {
            <form class="act" method="post" action=action>
                <input type="hidden" name="wallet" value=wallet.wallet.clone()/>
                // This link, not a later one of the same wallet: a confirmation
                // posted again from the history after a relink unlinks nothing.
                <input type="hidden" name="linked_at" value=wallet.linked_at/>
                <input type="hidden" name="proof" value=proof/>
                {inner}
            </form>
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl PageForms {
    fn ask(&self, inner: impl IntoView) -> impl IntoView {
        inner
    }

    fn unlink(&self, _: &LinkedWallet, inner: impl IntoView) -> impl IntoView {
        inner
    }
}
