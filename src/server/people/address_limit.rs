//! Failed sign-ins per network address: after too many in a window, that
//! address waits, whichever accounts it tries. Kept in memory (a restart
//! forgets it, as the per-account lock-out in the database does not).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

/// Failed sign-ins an address may make within [`WINDOW_MS`]. Higher than the
/// per-account limit (5): an office behind one NAT address shares it.
pub const MAX_FAILURES: usize = 10;
pub const WINDOW_MS: i64 = 30 * 60 * 1000;
/// Addresses remembered at most; the stalest are dropped first.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Default)]
pub struct AddressLimiter {
    failures: Mutex<HashMap<IpAddr, VecDeque<i64>>>,
}

/// Whether the address the server listens on (`IP`) is reachable from this
/// machine only.
pub fn is_loopback(ip: &str) -> bool {
    ip == "localhost" || ip.parse::<IpAddr>().is_ok_and(|a| a.is_loopback())
}

/// The unit an address is limited by: an IPv4 address, or an IPv6 address's
/// /64 (one subscriber's network, whose addresses cost nothing to change).
pub fn limited_unit(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl AddressLimiter {
    /// Seconds this address must wait before it may try again (0: it may).
    pub fn wait_secs(&self, address: IpAddr, now_ms: i64) -> i64 {
        let address = limited_unit(address);
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(times) = map.get_mut(&address) else { return 0 };
        while times.front().is_some_and(|t| now_ms - t >= WINDOW_MS) {
            times.pop_front();
        }
        if times.len() < MAX_FAILURES {
            return 0;
        }
        let oldest = times.front().copied().unwrap_or(now_ms);
        ((oldest + WINDOW_MS - now_ms) / 1000).max(1)
    }

    pub fn record_failure(&self, address: IpAddr, now_ms: i64) {
        let address = limited_unit(address);
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ADDRESSES && !map.contains_key(&address) {
            map.retain(|_, times| times.back().is_some_and(|t| now_ms - t < WINDOW_MS));
            if map.len() >= MAX_ADDRESSES {
                let stalest = map.iter().min_by_key(|(_, t)| t.back().copied().unwrap_or(0)).map(|(a, _)| *a);
                if let Some(a) = stalest {
                    map.remove(&a);
                }
            }
        }
        let times = map.entry(address).or_default();
        times.push_back(now_ms);
        while times.len() > MAX_FAILURES {
            times.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_waits_after_too_many_failures_and_is_free_after_the_window() {
        let limiter = AddressLimiter::default();
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        for i in 0..MAX_FAILURES as i64 {
            assert_eq!(limiter.wait_secs(a, 1_000 + i), 0);
            limiter.record_failure(a, 1_000 + i);
        }
        assert_eq!(limiter.wait_secs(a, 2_000), (WINDOW_MS - 1_000) / 1000);
        assert_eq!(limiter.wait_secs(b, 2_000), 0, "another address is not affected");
        assert_eq!(limiter.wait_secs(a, 1_000 + WINDOW_MS), 0, "the oldest failure left the window");
    }

    #[test]
    fn ipv6_addresses_of_one_64_share_a_limit() {
        let limiter = AddressLimiter::default();
        let (a, b, other): (IpAddr, IpAddr, IpAddr) =
            ("2001:db8:1:2::1".parse().unwrap(), "2001:db8:1:2:ffff::9".parse().unwrap(), "2001:db8:1:3::1".parse().unwrap());
        for i in 0..MAX_FAILURES as i64 {
            limiter.record_failure(if i % 2 == 0 { a } else { b }, 1_000 + i);
        }
        assert!(limiter.wait_secs(a, 2_000) > 0 && limiter.wait_secs(b, 2_000) > 0, "one /64 is one limit");
        assert_eq!(limiter.wait_secs(other, 2_000), 0, "the next /64 is not affected");
        assert_eq!(limited_unit("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1".parse::<IpAddr>().unwrap());
    }
}
