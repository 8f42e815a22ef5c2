//! The coarse network a request came from, as a notice names it and as a program's device is
//! known by: the IPv4 /24 or the IPv6 /48 (what one household, office or provider's pool
//! shares), never the whole address.

use std::net::IpAddr;

/// "203.0.113.0/24", "2001:db8:1::/48"; an IPv4-mapped IPv6 address counts as its IPv4.
pub fn coarse_network(address: IpAddr) -> String {
    match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => coarse_network(IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2])
            }
        },
        IpAddr::V4(v4) => {
            let o = v4.octets();
            format!("{}.{}.{}.0/24", o[0], o[1], o[2])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::coarse_network;

    #[test]
    fn addresses_are_cut_to_their_network() {
        assert_eq!(coarse_network("203.0.113.77".parse().unwrap()), "203.0.113.0/24");
        assert_eq!(coarse_network("2001:db8:1:2:3:4:5:6".parse().unwrap()), "2001:db8:1::/48");
        assert_eq!(coarse_network("::ffff:198.51.100.9".parse().unwrap()), "198.51.100.0/24");
    }
}
