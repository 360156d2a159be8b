//! A router for the checkout's three pages, written here instead of taking
//! leptos_router: that crate parses URLs with `url`, which brings IDNA and
//! Unicode normalization tables that buyers would download for nothing.
//!
//! The location lives in a signal; the page is chosen from the path and
//! rebuilt whenever the location changes. Same-origin link clicks and the
//! back and forward buttons stay inside the app, except to a page with a
//! bundle of its own (the linked wallets): the browser loads that one.

use leptos::prelude::*;

/// Where the app is: path and query string (without `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// e.g. `/checkout/cs_1/return`.
    pub path: String,
    /// e.g. `authCode=…&authState=…`.
    pub query: String,
}

/// The pages, by path, each with the checkout it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/checkout/{id}`.
    Checkout(String),
    /// `/checkout/{id}/return`.
    Return(String),
    /// `/checkout/{id}/wallets`.
    Wallets(String),
    /// Anything else.
    Home,
}

impl Page {
    /// Whether the checkout's bundle renders this page. The linked-wallets page,
    /// which few buyers open, is a bundle of its own so that the checkout's
    /// first load leaves it out.
    pub fn in_checkout_bundle(&self) -> bool {
        !matches!(self, Page::Wallets(_))
    }

    /// The checkout session the page is about (none for `Home`).
    pub fn checkout_id(&self) -> Option<&str> {
        match self {
            Page::Checkout(id) | Page::Return(id) | Page::Wallets(id) => Some(id),
            Page::Home => None,
        }
    }
}

impl Location {
    /// `/path?query` as a location (the service renders a page for the request's).
    pub fn at(path_and_query: &str) -> Self {
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        Self {
            path: path.to_owned(),
            query: query.to_owned(),
        }
    }

    /// Where the browser is now.
    #[cfg(target_arch = "wasm32")]
    pub fn current() -> Self {
        let location = web_sys::window().map(|w| w.location());
        let path = location
            .as_ref()
            .and_then(|l| l.pathname().ok())
            .unwrap_or_else(|| "/".into());
        let query = location
            .and_then(|l| l.search().ok())
            .unwrap_or_default()
            .trim_start_matches('?')
            .to_owned();
        Self { path, query }
    }

    /// Which page the path names.
    pub fn page(&self) -> Page {
        let parts: Vec<&str> = self.path.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            ["checkout", id] if !id.is_empty() => Page::Checkout((*id).to_owned()),
            ["checkout", id, "return"] if !id.is_empty() => Page::Return((*id).to_owned()),
            ["checkout", id, "wallets"] if !id.is_empty() => Page::Wallets((*id).to_owned()),
            _ => Page::Home,
        }
    }

    /// The language the page was asked in (`?locale=`, as the embed library
    /// sets it), when it is one the checkout speaks.
    pub fn asked_language(&self) -> Option<&'static str> {
        self.query("locale").and_then(|code| locale::closest(&code))
    }

    /// A query parameter, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k) == name).then(|| decode(v))
        })
    }
}

/// A query component, `+` as space and `%XX` decoded; left as it is when that is not UTF-8.
fn decode(s: &str) -> String {
    let plus_as_space = s.replace('+', " ");
    let bytes = plus_as_space.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or(plus_as_space)
}

/// The app's location, shared by every page.
#[derive(Clone, Copy)]
pub struct Router(RwSignal<Location>);

/// The router of the app.
pub fn use_router() -> Router {
    expect_context::<Router>()
}

impl Router {
    /// The location, read once (pages read it when they are built).
    pub fn location(&self) -> Location {
        self.0.get_untracked()
    }

    /// The location, tracked.
    pub fn tracked(&self) -> Location {
        self.0.get()
    }

    /// The checkout id in the path.
    pub fn checkout_id(&self) -> String {
        self.location()
            .page()
            .checkout_id()
            .map(str::to_owned)
            .unwrap_or_default()
    }

    /// Goes to `url` (a path with an optional query) inside the app; `replace` keeps it out of the history.
    pub fn navigate(&self, url: &str, replace: bool) {
        if !page_of(url).in_checkout_bundle() {
            crate::browser::open_service_url(url);
            return;
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = replace;
        #[cfg(target_arch = "wasm32")]
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url))
            };
        }
        #[cfg(target_arch = "wasm32")]
        {
            self.0.set(Location::current());
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        }
    }
}

fn page_of(url: &str) -> Page {
    Location::at(url).page()
}

/// Sets up the router at `location`; in the browser it also follows the back and
/// forward buttons and keeps same-origin link clicks in the app.
pub fn provide_router(location: Location) -> Router {
    let router = Router(RwSignal::new(location));
    provide_context(router);
    #[cfg(target_arch = "wasm32")]
    follow_the_browser(router);
    router
}

/// Sets up a router that stays at `location` (a page of its own bundle: every link leaves it).
pub fn provide_still_router(location: Location) -> Router {
    let router = Router(RwSignal::new(location));
    provide_context(router);
    router
}

#[cfg(target_arch = "wasm32")]
fn follow_the_browser(router: Router) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_pop = Closure::<dyn Fn()>::new(move || router.0.set(Location::current()));
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    on_pop.forget();
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let same_origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .is_some_and(|o| o == anchor.origin());
        let leaves = !anchor.target().is_empty()
            || anchor.has_attribute("download")
            || anchor.rel().split_whitespace().any(|r| r == "external")
            || !page_of(&anchor.pathname()).in_checkout_bundle();
        if !same_origin || leaves {
            return;
        }
        ev.prevent_default();
        router.navigate(&format!("{}{}", anchor.pathname(), anchor.search()), false);
    });
    let _ = window
        .document()
        .map(|d| d.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref()));
    on_click.forget();
}

#[cfg(test)]
mod tests {
    use super::{Location, Page};

    fn at(path: &str) -> Page {
        Location {
            path: path.into(),
            query: String::new(),
        }
        .page()
    }

    #[test]
    fn paths_name_pages() {
        assert_eq!(at("/checkout/cs_1"), Page::Checkout("cs_1".into()));
        assert_eq!(at("/checkout/cs_1/"), Page::Checkout("cs_1".into()));
        assert_eq!(at("/checkout/cs_1/return"), Page::Return("cs_1".into()));
        assert_eq!(at("/checkout/cs_1/wallets"), Page::Wallets("cs_1".into()));
        assert_eq!(at("/"), Page::Home);
        assert_eq!(at("/checkout"), Page::Home);
        assert_eq!(at("/checkout/cs_1/other"), Page::Home);
        assert_eq!(at("/checkout/cs_1/return").checkout_id(), Some("cs_1"));
        assert_eq!(at("/checkout//return"), Page::Home);
    }

    #[test]
    fn the_linked_wallets_page_is_left_to_its_own_bundle() {
        assert!(super::page_of("/checkout/cs_1?linked=GCASH").in_checkout_bundle());
        assert!(super::page_of("/checkout/cs_1/return?authCode=a").in_checkout_bundle());
        assert!(!super::page_of("/checkout/cs_1/wallets").in_checkout_bundle());
    }

    #[test]
    fn query_values_are_decoded() {
        let at =
            Location::at("/checkout/cs_1/return?authCode=a%2Bb+c&authState=%E4%BD%A0&bad=%ZZ%e4");
        assert_eq!(at.query("authCode").as_deref(), Some("a+b c"));
        assert_eq!(at.query("authState").as_deref(), Some("你"));
        assert_eq!(at.query("bad").as_deref(), Some("%ZZ%e4"));
        assert_eq!(at.query("missing"), None);
    }
}
