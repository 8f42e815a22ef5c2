//! Who the caller is, by network address: the key for per-address throttling.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::{extract::ConnectInfo, http::request::Parts};

/// The caller's address. Without trusted proxies (`trusted_proxies == 0`), the socket's peer.
/// Behind `n` proxies in a row, each appending the address it received from to
/// `X-Forwarded-For`, the client is the `n`th entry from the right: the one our outermost
/// proxy appended. Entries left of it are the client's own to invent, so they never count.
/// A header too short for `n`, or an entry that is not an address, gives the peer (the proxy
/// itself): a misconfiguration then throttles everyone together instead of no one.
pub fn caller_address(parts: &Parts, trusted_proxies: u8) -> IpAddr {
    let peer =
        parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
    if trusted_proxies == 0 {
        return peer;
    }
    // Split as bytes: a client may put a non-ASCII byte in the part it writes, and a proxy
    // appends to that same line; dropping the whole line would make the client the proxy.
    let entries: Vec<&str> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|value| value.as_bytes().split(|byte| *byte == b','))
        .map(|entry| std::str::from_utf8(entry).unwrap_or(""))
        .collect();
    entries
        .len()
        .checked_sub(usize::from(trusted_proxies))
        .and_then(|index| parse_entry(entries[index]))
        .unwrap_or(peer)
}

/// `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::1` or `[2001:db8::1]:443`.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|socket| socket.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn address(forwarded: &[&str], trusted_proxies: u8) -> String {
        let mut request = Request::get("/");
        for value in forwarded {
            request = request.header("x-forwarded-for", *value);
        }
        let (mut parts, ()) = request.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
        caller_address(&parts, trusted_proxies).to_string()
    }

    #[test]
    fn the_entry_our_outermost_proxy_appended_counts_and_nothing_left_of_it() {
        let cases: &[(&[&str], u8, &str, &str)] = &[
            (&["203.0.113.7"], 0, "10.0.0.1", "no trusted proxy: the header is ignored"),
            (&["198.51.100.1, 203.0.113.7"], 1, "203.0.113.7", "one proxy: the last entry"),
            (&["198.51.100.1", "203.0.113.7"], 1, "203.0.113.7", "over two header lines"),
            (&["203.0.113.7:51234"], 1, "203.0.113.7", "an IPv4 entry with a port"),
            (&["[2001:db8::1]:443"], 1, "2001:db8::1", "an IPv6 entry with a port"),
            (&[" 2001:db8::1 "], 1, "2001:db8::1", "spaces"),
            // The client forged 192.0.2.66; the CDN appended the client; nginx the CDN.
            (&["192.0.2.66, 203.0.113.7, 198.51.100.9"], 2, "203.0.113.7", "a chain of two proxies"),
            (&["203.0.113.7"], 2, "10.0.0.1", "too short for the chain: the peer"),
            (&["unknown"], 1, "10.0.0.1", "not an address: the peer"),
            (&[], 1, "10.0.0.1", "no header: the peer"),
        ];
        for (forwarded, proxies, expected, case) in cases {
            assert_eq!(address(forwarded, *proxies), *expected, "{case}");
        }
    }

    #[test]
    fn a_non_ascii_byte_the_client_wrote_does_not_hide_the_entry_our_proxy_appended() {
        let line = |bytes: &[u8]| {
            let value = axum::http::HeaderValue::from_bytes(bytes).unwrap();
            let mut request = Request::get("/");
            request = request.header("x-forwarded-for", value);
            let (mut parts, ()) = request.body(()).unwrap().into_parts();
            parts.extensions.insert(ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000))));
            caller_address(&parts, 1).to_string()
        };
        assert_eq!(line(b"\xe9vil, 203.0.113.7"), "203.0.113.7", "the client's part is not ours to read");
        assert_eq!(line(b"192.0.2.1, \xe9"), "10.0.0.1", "an entry in our place that is no address: the peer");
    }
}
