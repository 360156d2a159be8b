//! Origins and URLs in settings: what an origin is, and which URLs are safe
//! to send buyers' cookies and tokens over.

use super::{invalid, ConfigError, Source};

/// `scheme://host[:port]` of a URL, lower-cased; `None` unless it is exactly
/// that (http or https, a host name or IP literal, an optional numeric port:
/// no path, user info, query or wildcard).
pub fn parse_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let (scheme, authority) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    let (host, port) = split_host_port(&authority)?;
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        v6.parse::<std::net::Ipv6Addr>().is_ok()
    } else {
        !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                    && !label.starts_with('-')
                    && !label.ends_with('-')
            })
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u16>().is_ok_and(|n| n > 0)
    });
    (host_ok && port_ok).then(|| format!("{scheme}://{authority}"))
}

/// `host[:port]` split at the port's colon (an IPv6 literal keeps its brackets).
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        return match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        };
    }
    Some(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

/// The `scheme://host[:port]` a URL starts with (its path left out).
pub(super) fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    parse_origin(&format!("{scheme}://{}", &rest[..end]))
}

/// Whether `url` is `http://` to a loopback host (`localhost`, `127.0.0.1`, `[::1]`).
pub(crate) fn is_loopback_http(url: &str) -> bool {
    let Some(origin) = origin_of(url).filter(|o| o.starts_with("http://")) else {
        return false;
    };
    let (host, _) = split_host_port(&origin["http://".len()..]).unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Live mode: `https://`, or `http://` to a loopback host only (a TLS-terminating
/// proxy on the same machine); anything else would carry tokens in clear text.
pub(super) fn secure_url(name: &'static str, url: &str, example: &str) -> Result<(), ConfigError> {
    let Some(origin) = origin_of(url) else {
        return Err(invalid(name, format!("must be an http(s) URL, {example}")));
    };
    if origin.starts_with("https://") {
        return Ok(());
    }
    if is_loopback_http(url) {
        Ok(())
    } else {
        Err(invalid(
            name,
            format!("must be https:// in live mode (http:// only to a loopback host), {example}"),
        ))
    }
}

/// A database URL without its password (`postgres://user:secret@host` → `postgres://user:***@host`).
pub(super) fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// `MERCHANT_ORIGINS`, each checked, and the service's own origin, which may
/// always embed (the sandbox demo shop lives there).
pub(super) fn merchant_origins(
    source: &Source,
    public_base_url: &str,
) -> Result<Vec<String>, ConfigError> {
    let mut merchant_origins = Vec::new();
    for origin in source
        .get("MERCHANT_ORIGINS")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        let parsed = parse_origin(origin).ok_or_else(|| {
            invalid(
                "MERCHANT_ORIGINS",
                format!("{origin:?} is not an origin like https://shop.example"),
            )
        })?;
        merchant_origins.push(parsed);
    }
    if let Some(own) = origin_of(public_base_url) {
        if !merchant_origins.contains(&own) {
            merchant_origins.push(own);
        }
    }
    Ok(merchant_origins)
}

/// `http://` to `addr`, with a wildcard address (`0.0.0.0`, `[::]`) as its loopback.
pub(super) fn loopback_base_url(addr: std::net::SocketAddr) -> String {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", std::net::SocketAddr::new(ip, addr.port()))
}
