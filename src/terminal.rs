//! Where the buyer is (desktop browser, mobile browser, app), which decides
//! which authorization URL to open.

/// Antom's terminal type and OS for a user agent; a session hint wins.
pub fn detect(user_agent: &str, hint: Option<&str>) -> (&'static str, Option<&'static str>) {
    let ua = user_agent.to_ascii_lowercase();
    let os = if ua.contains("iphone") || ua.contains("ipad") || ua.contains("ipod") {
        Some("IOS")
    } else if ua.contains("android") {
        Some("ANDROID")
    } else {
        None
    };
    let mobile = os.is_some() || ua.contains("mobile");
    let terminal = match hint {
        Some("APP") => "APP",
        Some("WAP") => "WAP",
        Some("WEB") => "WEB",
        _ if mobile => "WAP",
        _ => "WEB",
    };
    // Antom needs an OS for WAP and APP; Android is the commoner default in these markets.
    let os = if terminal == "WEB" {
        None
    } else {
        os.or(Some("ANDROID"))
    };
    (terminal, os)
}

/// Which URL to open first, and which to fall back to when the app does not open.
pub fn choose<'a>(
    terminal: &str,
    normal: Option<&'a str>,
    applink: Option<&'a str>,
    scheme: Option<&'a str>,
) -> (Option<&'a str>, Option<&'a str>) {
    match terminal {
        "WEB" => (normal.or(applink), None),
        "WAP" => match (applink, scheme, normal) {
            (Some(a), _, n) => (Some(a), n),
            (None, Some(s), n) => (Some(s), n),
            (None, None, n) => (n, None),
        },
        _ => (applink.or(scheme).or(normal), None),
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
        assert_eq!(detect(DESKTOP, None), ("WEB", None));
        assert_eq!(detect(IPHONE, None), ("WAP", Some("IOS")));
        assert_eq!(detect(ANDROID, None), ("WAP", Some("ANDROID")));
        assert_eq!(detect(ANDROID, Some("APP")), ("APP", Some("ANDROID")));
        assert_eq!(detect(DESKTOP, Some("WAP")), ("WAP", Some("ANDROID")));
    }

    #[test]
    fn urls_follow_antom_best_practice() {
        let (n, a, s) = (
            Some("https://w/normal"),
            Some("https://w/applink"),
            Some("gcash://x"),
        );
        assert_eq!(choose("WEB", n, a, s), (n, None));
        assert_eq!(
            choose("WAP", n, a, s),
            (a, n),
            "applink first, the web page as fallback"
        );
        assert_eq!(choose("WAP", n, None, s), (s, n));
        assert_eq!(choose("WAP", n, None, None), (n, None));
        assert_eq!(choose("APP", n, a, s), (a, None));
    }
}
