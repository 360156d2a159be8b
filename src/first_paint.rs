//! The checkout's first paint comes from the merchant service, rendered by
//! these same components (Leptos `ssr`); the data it rendered with travels in
//! the page as JSON, so the app takes the page over with identical markup and
//! without asking for the session again.
//!
//! What the service may show before the browser claimed the checkout is what
//! the checkout link itself entitles its holder to see: the merchant, the order
//! and the region's wallets, not which of them the buyer linked (nor accounts,
//! nor the payment). [`CheckoutPaint::viewer`] says which one the page got.

use contract::api::SessionSummary;
use serde::{Deserialize, Serialize};

/// The `id` of the `<script type="application/json">` element carrying [`FirstPaint`].
pub const DATA_ELEMENT_ID: &str = "first-paint";

/// What the service rendered a page with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FirstPaint {
    /// The language the page is in (the session's, the buyer's saved choice, else
    /// `Accept-Language`, else the buyer region's).
    pub locale: String,
    /// Why the service chose that language (a later, stronger hint may change it).
    pub language_reason: locale::Reason,
    /// The language's catalogue, when the app's bundle does not carry it (any but English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<std::borrow::Cow<'static, str>>,
    /// The checkout, on the checkout page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<CheckoutPaint>,
    /// The buyer's linked wallets, on the linked-wallets page of the browser that claimed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_wallets: Option<Vec<contract::api::LinkedWallet>>,
    /// Another language than `locale`, picked on the service's page before the app ran (the browser's own, never sent).
    #[serde(skip)]
    pub picked_language: Option<String>,
    /// What the linked-wallets page's forms prove they came from (the browser that claimed the checkout).
    #[serde(skip)]
    pub form_proof: Option<FormProof>,
    /// The amounts the page shows, as the service wrote them (as Intl does): the
    /// app writes the same without Intl's slow first use ([`render`] fills it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: locale::format::WrittenAmounts,
}

impl FirstPaint {
    /// A page in `locale` with no data of its own (the app asks for what it needs).
    pub fn bare(locale: &str, language_reason: locale::Reason) -> Self {
        Self {
            locale: locale.to_owned(),
            language_reason,
            catalogue: None,
            checkout: None,
            linked_wallets: None,
            picked_language: None,
            form_proof: None,
            amounts: Vec::new(),
        }
    }
}

/// The checkout the page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckoutPaint {
    /// The summary, as much of it as `viewer` may see.
    pub summary: SessionSummary,
    /// Who the service rendered it for.
    pub viewer: Viewer,
    /// Another wallet than the first, picked on the service's page before the app ran (the browser's own, never sent).
    #[serde(skip)]
    pub picked: Option<String>,
    /// Another region than the summary's, picked on the service's page before the app ran.
    #[serde(skip)]
    pub picked_region: Option<String>,
    /// What the service's page posts so that its action works before (and without) the app.
    #[serde(skip)]
    pub form: Option<PaintForm>,
}

/// The hidden fields of the service's page's action form ([`crate::routes`]'s checkout):
/// the app does not post it, so they never travel in the page's data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaintForm {
    /// The payment's idempotency key, made when the page was rendered: a double submit is one payment.
    pub key: String,
    /// Proves the post came from this browser's page (empty until the claim answers it).
    pub proof: String,
}

/// The proof a post of the service's page carries: keyed to the checkout and the
/// browser that claimed it, which another site cannot read from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProof(pub String);

/// The name of the global the page's loader sets once its form is being posted:
/// the app then leaves the page alone instead of taking it over mid-navigation.
pub const POSTING_FLAG: &str = "checkoutPosting";

/// Who is looking at a checkout, as the service can tell from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Viewer {
    /// Whoever holds the link: the order and the region's wallets, nothing of the buyer's.
    LinkHolder,
    /// A browser that claimed another of this buyer's checkouts: their links too
    /// (what that checkout already shows it); acting waits for this one's claim.
    ReturningBrowser,
    /// The browser that claimed this checkout: everything, and it may act.
    Buyer,
}

impl Viewer {
    /// Whether the buyer's links (states, accounts, linked first) are shown.
    pub fn sees_links(self) -> bool {
        self != Viewer::LinkHolder
    }
}

/// Provides an app's language (the first paint's, else the browser's) and
/// hands the first paint to its page; a language the buyer picked on the
/// service's page before the app ran is switched to at once.
pub fn provide(paint: Option<FirstPaint>) {
    match &paint {
        Some(paint) => {
            let locale = crate::i18n::provide_locale_in(&paint.locale, paint.language_reason);
            if let Some(code) = &paint.picked_language {
                locale.set(code);
            }
        }
        None => {
            crate::i18n::provide_locale();
        }
    }
    Handed::provide(paint);
}

/// The first paint's data, handed once to the page that rendered with it.
#[derive(Clone, Copy)]
pub struct Handed(leptos::prelude::StoredValue<Option<FirstPaint>>);

impl Handed {
    /// Hands `paint` to the page that asks for it first.
    pub fn provide(paint: Option<FirstPaint>) {
        leptos::prelude::provide_context(Self(leptos::prelude::StoredValue::new(paint)));
    }

    /// The painted checkout, if it is checkout `id` and nobody took it yet.
    pub fn take(id: &str) -> Option<CheckoutPaint> {
        Self::take_part(|p| p.checkout.take_if(|c| c.summary.id == id))
    }

    /// The painted linked wallets, if nobody took them yet.
    pub fn take_linked_wallets() -> Option<Vec<contract::api::LinkedWallet>> {
        Self::take_part(|p| p.linked_wallets.take())
    }

    fn take_part<T>(part: impl FnOnce(&mut FirstPaint) -> Option<T>) -> Option<T> {
        use leptos::prelude::*;
        let handed = use_context::<Self>()?;
        handed
            .0
            .try_update_value(|p| p.as_mut().and_then(part))
            .flatten()
    }
}

/// The data element's contents: JSON that cannot end the element early, nor
/// open a comment (`<` is written `\u003c`; U+2028/9 are escaped by serde_json's rules anyway).
pub fn data_json(paint: &FirstPaint) -> String {
    serde_json::to_string(paint)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Reads the page's first-paint data and gets its words ready (the service's
/// page stays as it is, for the buyer to read and use meanwhile).
#[cfg(target_arch = "wasm32")]
fn read_from_page() -> Option<FirstPaint> {
    let document = web_sys::window()?.document()?;
    let element = document.get_element_by_id(DATA_ELEMENT_ID)?;
    let Ok(mut paint) = serde_json::from_str::<FirstPaint>(&element.text_content()?) else {
        // A page the app cannot take over: it renders the whole page itself, not a second one beside it.
        if let Some(main) = document.get_element_by_id("main") {
            main.remove();
        }
        return None;
    };
    if let Some(text) = paint.catalogue.take() {
        locale::add_catalogue(&paint.locale, crate::i18n::DOMAIN, text.into_owned());
    }
    crate::i18n::LANGUAGES.load_words_for(&paint.locale);
    locale::format::keep_written(std::mem::take(&mut paint.amounts));
    Some(paint)
}

/// Takes the page over from the service's first paint: what the buyer changed
/// on it and the claim's answer if it is back, then removes what the service
/// rendered (the app renders the same markup in its place, in the same task:
/// nothing shows in between).
#[cfg(target_arch = "wasm32")]
fn take_over(mut paint: FirstPaint) -> FirstPaint {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return paint;
    };
    // What the buyer changed on the service's page before the app arrived stays
    // changed: the app takes the page over as the buyer left it.
    // The value of what is checked: a radio, or a select's option.
    let checked = |selector: &str| {
        document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("value"))
    };
    paint.picked_language =
        checked("#main .language option:checked").filter(|code| *code != paint.locale);
    if let Some(checkout) = paint.checkout.as_mut() {
        // The claim came back before the app: the buyer's own checkout is rendered
        // at once, instead of the painted one now and the claimed one a task later.
        if checkout.viewer != Viewer::Buyer {
            if let Some(summary) = crate::api::settled_claim(&checkout.summary.id) {
                checkout.summary = summary;
                checkout.viewer = Viewer::Buyer;
            }
        }
        let first = checkout.summary.wallets.first().map(|w| w.code.clone());
        checkout.picked =
            checked("#main input[name=wallet]:checked").filter(|code| Some(code) != first.as_ref());
        checkout.picked_region = checked("#main .region option:checked")
            .filter(|code| Some(code) != checkout.summary.region.as_ref());
    }
    if let Some(main) = document.get_element_by_id("main") {
        main.remove();
    }
    paint
}

/// Starts an app: with the service's first paint once its words are ready;
/// without one, once the words of the browser's language are here.
///
/// Each step is a task of its own (the module's instantiation, the data and the
/// words, the takeover and first render), so that a tap on the painted page
/// is answered between them rather than after all of them (Total Blocking Time).
#[cfg(target_arch = "wasm32")]
pub fn start(mount: impl FnOnce(Option<FirstPaint>) + 'static) {
    // Leptos's executor starts with the mount: before it, wasm-bindgen's runs the steps.
    wasm_bindgen_futures::spawn_local(async move {
        crate::browser::next_task().await;
        if posting() {
            return;
        }
        match read_from_page() {
            Some(paint) => {
                crate::browser::next_task().await;
                if posting() {
                    return;
                }
                mount(Some(take_over(paint)));
            }
            None => {
                locale::ready(&crate::i18n::LANGUAGES).await;
                mount(None);
            }
        }
    });
}

/// Whether the service's page is being posted (a tap before the app arrived):
/// that navigation is under way, and a takeover would only show a second, idle page.
#[cfg(target_arch = "wasm32")]
fn posting() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &POSTING_FLAG.into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Renders the page at `path_and_query` as the service's first paint: the
/// `<main>` element, in `paint.locale` (the linked-wallets page's own app for
/// its path); `paint.amounts` gets the amounts it wrote.
#[cfg(not(target_arch = "wasm32"))]
pub fn render(path_and_query: &str, paint: &mut FirstPaint) -> String {
    use leptos::prelude::*;
    use std::sync::Arc;
    let location = crate::router::Location::at(path_and_query);
    let rendered_with = paint.clone();
    let language = paint.locale.clone();
    let (html, amounts) = locale::format::writing_down(|| {
        crate::i18n::rendering_in(&language, move || {
            // A server-side shared context: browser-only helpers (window listeners) stand down.
            let owner = Owner::new_root(Some(Arc::new(hydration_context::SsrSharedContext::new())));
            let html = owner.with(move || {
                if let Some(form) = rendered_with.checkout.as_ref().and_then(|c| c.form.clone()) {
                    provide_context(form);
                }
                if let Some(proof) = rendered_with.form_proof.clone() {
                    provide_context(proof);
                }
                let paint = Some(rendered_with);
                if location.page().in_checkout_bundle() {
                    view! { <crate::App location=location first_paint=paint/> }.to_html()
                } else {
                    view! { <crate::LinkedWalletsApp location=location first_paint=paint/> }
                        .to_html()
                }
            });
            owner.unset();
            html
        })
    });
    paint.amounts = amounts;
    html
}

#[cfg(test)]
mod tests;
