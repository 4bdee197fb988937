//! Failed attempts per network address: after too many in a window, that
//! address waits, whichever accounts (or meeting IDs) it tries. Kept in
//! memory, for one server node (a restart forgets it).

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;

/// Failed attempts an address may make within [`WINDOW_MS`]. Higher than the
/// per-pair sign-in limit (5): an office behind one NAT address shares it.
pub const MAX_FAILURES: usize = 10;
pub const WINDOW_MS: i64 = 30 * 60 * 1000;
/// Addresses remembered at most; the stalest are dropped first.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Default)]
pub struct AddressLimiter {
    failures: Mutex<HashMap<IpAddr, Attempts>>,
}

/// An address's failures within the window, oldest first, and its attempts
/// in progress (reserved, not yet settled).
#[derive(Default)]
struct Attempts {
    times: VecDeque<i64>,
    in_flight: usize,
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
        let Some(attempts) = map.get_mut(&address) else { return 0 };
        wait_of(attempts, now_ms)
    }

    pub fn record_failure(&self, address: IpAddr, now_ms: i64) {
        let address = limited_unit(address);
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        add_failure(&mut map, address, now_ms);
    }

    /// Reserves an attempt for this address, or says how many seconds to
    /// wait. Attempts in progress count against the limit, so parallel ones
    /// cannot overshoot it; settle the reservation with
    /// [`AddressReservation::settle`] (dropping it counts as a failure).
    pub fn reserve(&self, address: IpAddr, now_ms: i64) -> Result<AddressReservation<'_>, i64> {
        let address = limited_unit(address);
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(attempts) = map.get_mut(&address) {
            let wait = wait_of(attempts, now_ms);
            if wait > 0 {
                return Err(wait);
            }
            if attempts.times.len() + attempts.in_flight >= MAX_FAILURES {
                return Err(1);
            }
        } else {
            make_room(&mut map, now_ms);
        }
        map.entry(address).or_default().in_flight += 1;
        Ok(AddressReservation { limiter: self, address: Some(address) })
    }

    fn settle(&self, address: IpAddr, failed: bool, now_ms: i64) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(attempts) = map.get_mut(&address) {
            attempts.in_flight = attempts.in_flight.saturating_sub(1);
        }
        if failed {
            add_failure(&mut map, address, now_ms);
        } else if map.get(&address).is_some_and(|a| a.in_flight == 0 && a.times.is_empty()) {
            map.remove(&address);
        }
    }
}

/// Drops failures that left the window; the wait while the address is at its limit.
fn wait_of(attempts: &mut Attempts, now_ms: i64) -> i64 {
    let times = &mut attempts.times;
    while times.front().is_some_and(|t| now_ms - t >= WINDOW_MS) {
        times.pop_front();
    }
    if times.len() < MAX_FAILURES {
        return 0;
    }
    let oldest = times.front().copied().unwrap_or(now_ms);
    ((oldest + WINDOW_MS - now_ms) / 1000).max(1)
}

fn add_failure(map: &mut HashMap<IpAddr, Attempts>, address: IpAddr, now_ms: i64) {
    if !map.contains_key(&address) {
        make_room(map, now_ms);
    }
    let times = &mut map.entry(address).or_default().times;
    times.push_back(now_ms);
    while times.len() > MAX_FAILURES {
        times.pop_front();
    }
}

/// At the limit of addresses remembered: drops those with nothing in the
/// window, or else the stalest with nothing in progress.
fn make_room(map: &mut HashMap<IpAddr, Attempts>, now_ms: i64) {
    if map.len() < MAX_ADDRESSES {
        return;
    }
    map.retain(|_, a| a.in_flight > 0 || a.times.back().is_some_and(|t| now_ms - t < WINDOW_MS));
    if map.len() >= MAX_ADDRESSES {
        let stalest = map.iter().filter(|(_, a)| a.in_flight == 0).min_by_key(|(_, a)| a.times.back().copied().unwrap_or(0)).map(|(a, _)| *a);
        if let Some(a) = stalest {
            map.remove(&a);
        }
    }
}

/// One attempt in progress from an address.
pub struct AddressReservation<'a> {
    limiter: &'a AddressLimiter,
    address: Option<IpAddr>,
}

impl AddressReservation<'_> {
    /// Ends the attempt: `failed` adds a failure; otherwise only the slot is given back.
    pub fn settle(mut self, failed: bool, now_ms: i64) {
        if let Some(address) = self.address.take() {
            self.limiter.settle(address, failed, now_ms);
        }
    }
}

impl Drop for AddressReservation<'_> {
    fn drop(&mut self) {
        if let Some(address) = self.address.take() {
            self.limiter.settle(address, true, crate::server::clock::now_ms());
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

    #[test]
    fn attempts_in_progress_count_against_the_limit() {
        let limiter = AddressLimiter::default();
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let now = crate::server::clock::now_ms();
        let held: Vec<_> = (0..MAX_FAILURES).map(|_| limiter.reserve(a, now).unwrap()).collect();
        assert_eq!(limiter.reserve(a, now).err(), Some(1), "every slot is in progress");
        let mut held = held.into_iter();
        held.next().unwrap().settle(false, now);
        limiter.reserve(a, now).expect("a settled attempt gives its slot back").settle(true, now);
        assert_eq!(limiter.wait_secs(a, now), 0, "one failure so far");
        drop(held);
        assert!(limiter.wait_secs(a, now) > 0, "dropped attempts count as failures");
        assert!(limiter.reserve(a, now).is_err());
    }
}
