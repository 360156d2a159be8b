//! Where a webhook may go: the merchant's public systems, never this service's
//! own network. A receiver's name is resolved here, every address that is not
//! globally routable is dropped, and the connection is made only to what was
//! kept (reqwest connects to the resolver's answer), so a name that resolves
//! differently a second later (DNS rebinding) gains nothing. IP-literal hosts
//! are refused outright in live mode; sandbox mode also lets loopback through,
//! for receivers on the developer's machine.

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Why a webhook address was refused.
#[derive(Debug, thiserror::Error)]
#[error("the webhook's host resolves to no address a webhook may be sent to")]
pub struct AddressNotAllowed;

/// Whether `ip` is an address of the public internet.
pub fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_global_v4(v4),
        IpAddr::V6(v6) => {
            // `::ffff:a.b.c.d` and the deprecated `::a.b.c.d` are IPv4 underneath.
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_global_v4(v4);
            }
            let s = v6.segments();
            if s[..6] == [0; 6] {
                return false;
            }
            !(v6.is_unspecified()
                || v6.is_loopback()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local, fec0::/10 site-local.
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] & 0xffc0) == 0xfec0
                // 64:ff9b::/96 and 64:ff9b:1::/48: NAT64, which reaches IPv4 behind it.
                || (s[0] == 0x64 && s[1] == 0xff9b)
                // 100::/64 discard.
                || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
                // 2001::/23 protocol assignments (Teredo among them), 2001:db8::/32 documentation.
                || (s[0] == 0x2001 && s[1] < 0x200)
                || (s[0] == 0x2001 && s[1] == 0xdb8)
                // 2002::/16: 6to4, which reaches IPv4 inside it.
                || s[0] == 0x2002)
        }
    }
}

fn is_global_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0 // "this network"
        || a == 10
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || a == 127
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2) // documentation
        || (a == 192 && b == 88 && c == 99) // 6to4 relay
        || (a == 192 && b == 168)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 224) // multicast, reserved, broadcast
}

/// Whether a webhook may be sent to `ip` in this mode.
pub fn allowed(ip: IpAddr, sandbox: bool) -> bool {
    is_global(ip) || (sandbox && ip.is_loopback())
}

/// Whether `url`'s host may be used: a name (resolved later, through
/// [`VettedResolver`]), or in sandbox mode an allowed IP literal.
pub fn host_allowed(url: &reqwest::Url, sandbox: bool) -> bool {
    match url.host() {
        Some(url::Host::Domain(_)) => true,
        Some(url::Host::Ipv4(v4)) => sandbox && allowed(IpAddr::V4(v4), true),
        Some(url::Host::Ipv6(v6)) => sandbox && allowed(IpAddr::V6(v6), true),
        None => false,
    }
}

/// The resolver webhook deliveries use: the system's, minus every address a webhook may not reach.
#[derive(Debug, Clone, Copy)]
pub struct VettedResolver {
    /// Sandbox mode: loopback receivers are allowed.
    pub sandbox: bool,
}

impl Resolve for VettedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let sandbox = self.sandbox;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let kept: Vec<SocketAddr> = found.filter(|a| allowed(a.ip(), sandbox)).collect();
            if kept.is_empty() {
                return Err(Box::new(AddressNotAllowed) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_global() {
        for private in [
            "10.0.0.1",
            "169.254.169.254",
            "127.0.0.1",
            "100.64.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "::ffff:7f00:1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "2001::1",
            "2001:db8::1",
        ] {
            let ip: IpAddr = private.parse().unwrap();
            assert!(!is_global(ip), "{private}");
            assert!(!allowed(ip, false), "{private}");
        }
        for public in [
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "::ffff:8.8.8.8",
            "172.32.0.1",
        ] {
            assert!(is_global(public.parse().unwrap()), "{public}");
        }
        assert!(allowed("127.0.0.1".parse().unwrap(), true));
        assert!(!allowed("10.0.0.1".parse().unwrap(), true));
    }

    #[test]
    fn ip_literals_are_refused_live_however_they_are_written() {
        for url in [
            "https://10.0.0.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://2130706433/",
            "https://0x7f.1/",
            "https://[::ffff:7f00:1]/",
            "https://8.8.8.8/",
        ] {
            let parsed = reqwest::Url::parse(url).unwrap();
            assert!(!host_allowed(&parsed, false), "{url}");
        }
        let named = reqwest::Url::parse("https://hooks.shop.example/antom").unwrap();
        assert!(host_allowed(&named, false));
        let local = reqwest::Url::parse("http://127.0.0.1:9000/h").unwrap();
        assert!(host_allowed(&local, true));
        let private = reqwest::Url::parse("https://[::ffff:10.0.0.1]/").unwrap();
        assert!(!host_allowed(&private, true));
    }
}
