//! Where the buyer is (desktop browser, mobile browser, app), which decides
//! which authorization URL to open.

use contract::api::{Os, Terminal};

/// Antom's terminal type and OS for a user agent; a session hint wins.
pub fn detect(user_agent: &str, hint: Option<Terminal>) -> (Terminal, Option<Os>) {
    let ua = user_agent.to_ascii_lowercase();
    let os = if ua.contains("iphone") || ua.contains("ipad") || ua.contains("ipod") {
        Some(Os::Ios)
    } else if ua.contains("android") {
        Some(Os::Android)
    } else {
        None
    };
    let mobile = os.is_some() || ua.contains("mobile");
    let terminal = match hint {
        Some(t) => t,
        None if mobile => Terminal::Wap,
        None => Terminal::Web,
    };
    // Antom needs an OS for WAP and APP; Android is the commoner default in these markets.
    let os = if terminal == Terminal::Web {
        None
    } else {
        os.or(Some(Os::Android))
    };
    (terminal, os)
}

/// Whether the app may open a URL the service handed over: a wallet's web
/// page over https (http only on this page's own origin, where the sandbox
/// serves it), or, for the scheme URL, the wallet app's own scheme; never
/// `javascript:`, `data:` and their kind. (Kept to prefix checks on purpose:
/// a URL parser would weigh more in the download than the rest of the page logic.)
fn openable(url: &str, app_scheme: bool, own_origin: &str) -> bool {
    let head = url.get(..11).unwrap_or(url).to_ascii_lowercase();
    if head.starts_with("https://") {
        return url.len() > "https://".len();
    }
    if head.starts_with("http:") {
        // Own origin only, and exactly: `http://own:port@evil/` or `http://own:port.evil/` are not.
        return url.len() > own_origin.len()
            && url.starts_with(own_origin)
            && url.as_bytes()[own_origin.len()] == b'/';
    }
    let scheme_end = url.bytes().position(|b| b == b':').unwrap_or(0);
    app_scheme
        && scheme_end > 0
        && url.as_bytes()[..scheme_end]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && ![
            "https:",
            "javascript:",
            "data:",
            "vbscript:",
            "file:",
            "blob:",
            "about:",
            "filesystem:",
        ]
        .iter()
        .any(|s| head.starts_with(s))
}

/// Which URL to open first, and which to fall back to when the app does not
/// open; a URL that may not be opened (see `openable`) counts as absent.
pub fn choose<'a>(
    terminal: Terminal,
    normal: Option<&'a str>,
    applink: Option<&'a str>,
    scheme: Option<&'a str>,
    own_origin: &str,
) -> (Option<&'a str>, Option<&'a str>) {
    let normal = normal.filter(|u| openable(u, false, own_origin));
    let applink = applink.filter(|u| openable(u, false, own_origin));
    let scheme = scheme.filter(|u| openable(u, true, own_origin));
    match terminal {
        Terminal::Web => (normal.or(applink), None),
        Terminal::Wap => match (applink, scheme, normal) {
            (Some(a), _, n) => (Some(a), n),
            (None, Some(s), n) => (Some(s), n),
            (None, None, n) => (n, None),
        },
        Terminal::App => (applink.or(scheme).or(normal), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE: &str =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
    const DESKTOP: &str =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36";

    #[test]
    fn user_agents_map_to_antom_terminals() {
        assert_eq!(detect(DESKTOP, None), (Terminal::Web, None));
        assert_eq!(detect(IPHONE, None), (Terminal::Wap, Some(Os::Ios)));
        assert_eq!(detect(ANDROID, None), (Terminal::Wap, Some(Os::Android)));
        assert_eq!(
            detect(ANDROID, Some(Terminal::App)),
            (Terminal::App, Some(Os::Android))
        );
        assert_eq!(
            detect(DESKTOP, Some(Terminal::Wap)),
            (Terminal::Wap, Some(Os::Android))
        );
    }

    #[test]
    fn urls_follow_antom_best_practice() {
        let (n, a, s) = (
            Some("https://w/normal"),
            Some("https://w/applink"),
            Some("gcash://x"),
        );
        let own = "https://shop.example:8443";
        assert_eq!(choose(Terminal::Web, n, a, s, own), (n, None));
        assert_eq!(
            choose(Terminal::Wap, n, a, s, own),
            (a, n),
            "applink first, the web page as fallback"
        );
        assert_eq!(choose(Terminal::Wap, n, None, s, own), (s, n));
        assert_eq!(choose(Terminal::Wap, n, None, None, own), (n, None));
        assert_eq!(choose(Terminal::App, n, a, s, own), (a, None));
    }

    #[test]
    fn a_forged_wallet_url_is_never_opened() {
        let own = "http://127.0.0.1:8080";
        for bad in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "http://wallet.example/page",
            "http://127.0.0.1.evil.example/page",
            "http://127.0.0.1:8080.evil.example/page",
            "http://127.0.0.1:9090/page",
            "http://127.0.0.1:8080@evil.example/page",
            "https:relative",
            "no-scheme-at-all",
        ] {
            assert_eq!(
                choose(Terminal::Web, Some(bad), None, None, own),
                (None, None),
                "{bad}"
            );
            assert_eq!(
                choose(Terminal::App, None, None, Some(bad), own),
                (None, None),
                "{bad}"
            );
        }
        // The sandbox's wallet page on this service, and a real wallet's pages and app.
        let sandbox = Some("http://127.0.0.1:8080/sandbox/wallet/t1");
        assert_eq!(
            choose(Terminal::Web, sandbox, None, None, own),
            (sandbox, None)
        );
        let scheme = Some("gcash://authorize?x=1");
        assert_eq!(
            choose(Terminal::App, None, None, scheme, own),
            (scheme, None)
        );
        assert_eq!(
            choose(Terminal::Web, None, None, scheme, own),
            (None, None),
            "an app scheme is not a web page"
        );
    }
}
