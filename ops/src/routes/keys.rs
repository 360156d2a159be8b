//! API keys (admins only): make a named key with scopes, see each key's use,
//! roll it with a day's overlap, revoke it. A secret is shown once, here.

use crate::api::{use_api, Failure};
use crate::components::problem::Problem;
use crate::i18n::use_locale;
use crate::t;
use contract::access::{ApiKeyView, CreatedApiKey, NewApiKey, Scope};
use leptos::prelude::*;
use leptos::task::spawn_local;
use locale::format;

/// The keys page.
#[component]
pub fn KeysPage() -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let reload = RwSignal::new(0u32);
    let keys = LocalResource::new({
        let api = api.clone();
        move || {
            reload.track();
            let api = api.clone();
            async move { api.api_keys().await }
        }
    });
    // The secret of the key just made or rolled: shown until the page is left.
    let shown = RwSignal::new(None::<CreatedApiKey>);
    let failure = RwSignal::new(None::<Failure>);
    view! {
        <h1>{move || t!(locale, "keys-heading")}</h1>
        <NewKeyForm shown=shown failure=failure reload=reload/>
        {move || shown.get().map(|created| view! {
            <div class="notice success" role="status">
                <p>{move || t!(locale, "key-secret-once", name = created.key.name.clone())}</p>
                <p><code class="secret">{created.secret.clone()}</code></p>
            </div>
        })}
        {move || failure.get().map(|f| view! { <Problem failure=f/> })}
        <Transition fallback=move || view! { <p class="loading">{move || t!(locale, "loading")}</p> }>
            {move || keys.get().map(|answer| match answer {
                Err(f) => view! { <Problem failure=f/> }.into_any(),
                Ok(list) => view! { <KeyTable keys=list shown=shown failure=failure reload=reload/> }.into_any(),
            })}
        </Transition>
    }
}

/// Name and scopes of a new key.
#[component]
fn NewKeyForm(
    shown: RwSignal<Option<CreatedApiKey>>,
    failure: RwSignal<Option<Failure>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(vec![Scope::Read]);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let new = NewApiKey {
            name: name.get_untracked().trim().to_owned(),
            scopes: chosen.get_untracked(),
            expires_at: None,
        };
        let api = api.clone();
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            match api.create_api_key(&new).await {
                Ok(created) => {
                    name.set(String::new());
                    shown.set(Some(created));
                    reload.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card new-key" on:submit=submit>
            <h2>{move || t!(locale, "key-new-heading")}</h2>
            <label for="key-name">{move || t!(locale, "key-name")}</label>
            <input id="key-name" required maxlength="64" prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <fieldset>
                <legend>{move || t!(locale, "key-scopes")}</legend>
                {Scope::ALL.iter().copied().map(|scope| view! {
                    <label class="check">
                        <input type="checkbox" value=scope.as_str()
                            prop:checked=move || chosen.with(|c| c.contains(&scope))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|s| *s != scope);
                                    if on { c.push(scope); }
                                });
                            }/>
                        <code>{scope.as_str()}</code>
                    </label>
                }).collect_view()}
            </fieldset>
            <button class="button primary" type="submit" disabled=move || busy.get()>{move || t!(locale, "key-create")}</button>
        </form>
    }
}

/// Every key, with roll and revoke.
#[component]
fn KeyTable(
    keys: Vec<ApiKeyView>,
    shown: RwSignal<Option<CreatedApiKey>>,
    failure: RwSignal<Option<Failure>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let locale = use_locale();
    let confirming = RwSignal::new(None::<String>);
    view! {
        <table class="keys">
            <caption>{move || t!(locale, "keys-caption")}</caption>
            <thead><tr>
                <th scope="col">{move || t!(locale, "key-name")}</th>
                <th scope="col">{move || t!(locale, "key-scopes")}</th>
                <th scope="col">{move || t!(locale, "key-expires")}</th>
                <th scope="col">{move || t!(locale, "key-last-used")}</th>
                <th scope="col">{move || t!(locale, "key-actions")}</th>
            </tr></thead>
            <tbody>
                {keys.into_iter().map(|k| view! { <KeyRow key=k shown=shown failure=failure reload=reload confirming=confirming/> }).collect_view()}
            </tbody>
        </table>
    }
}

/// One key's row: roll at once, revoke after a confirmation.
#[component]
fn KeyRow(
    key: ApiKeyView,
    shown: RwSignal<Option<CreatedApiKey>>,
    failure: RwSignal<Option<Failure>>,
    reload: RwSignal<u32>,
    confirming: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let api = use_api();
    let when = move |at: Option<i64>| {
        at.map(|t| format::time(t, locale.get()))
            .unwrap_or_else(|| "—".into())
    };
    let scopes = key
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let (expires, last_used) = (key.expires_at, key.last_used_at);
    let id = StoredValue::new(key.id.clone());
    let name = StoredValue::new(key.name.clone());
    let roll = {
        let api = api.clone();
        move |_| {
            let api = api.clone();
            spawn_local(async move {
                match api.roll_api_key(&id.get_value()).await {
                    Ok(created) => {
                        shown.set(Some(created));
                        reload.update(|n| *n += 1);
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        }
    };
    let revoke = move |_| {
        let api = api.clone();
        spawn_local(async move {
            if let Err(f) = api.revoke_api_key(&id.get_value()).await {
                failure.set(Some(f));
            }
            confirming.set(None);
            reload.update(|n| *n += 1);
        });
    };
    let actions = key.active.then(move || {
        view! {
            <button class="button secondary small" type="button" on:click=roll>{move || t!(locale, "key-roll")}</button>
            <button class="button danger small" type="button"
                on:click=move |_| confirming.set(Some(id.get_value()))>{move || t!(locale, "key-revoke")}</button>
            <div class="confirm" role="alertdialog" aria-label=move || t!(locale, "key-revoke")
                hidden=move || confirming.get() != Some(id.get_value())>
                <p>{move || t!(locale, "key-revoke-confirm", name = name.get_value())}</p>
                <button class="button danger" type="button" on:click=revoke>{move || t!(locale, "key-revoke-yes")}</button>
                <button class="button secondary" type="button" on:click=move |_| confirming.set(None)>{move || t!(locale, "keep")}</button>
            </div>
        }
        .into_any()
    });
    view! {
        <tr>
            <th scope="row">{key.name.clone()}<br/><code>{key.id.clone()}</code></th>
            <td><code>{scopes}</code></td>
            <td>{move || when(expires)}</td>
            <td>{move || when(last_used)}</td>
            <td>{actions.unwrap_or_else(|| view! { <span>{move || t!(locale, "key-inactive")}</span> }.into_any())}</td>
        </tr>
    }
}
