//! Failed sign-ins per (account, address) pair: wrong passwords from one
//! address slow down that address's attempts on that account only, never the
//! owner signing in from elsewhere. Kept in memory, for one server node.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use crate::server::people::address_limit::limited_unit;

/// Attempts a pair may make before each further one must wait; attempts in
/// progress count, so parallel guesses cannot get past it.
pub const FREE_ATTEMPTS: u32 = 5;
/// The first wait after the free attempts; it doubles per failure up to [`MAX_WAIT_MS`].
pub const FIRST_WAIT_MS: i64 = 30_000;
pub const MAX_WAIT_MS: i64 = 15 * 60 * 1000;
/// A pair with no failure for this long starts afresh.
pub const FORGET_MS: i64 = 24 * 3600 * 1000;
/// Pairs remembered at most; settled, stalest ones are dropped first.
const MAX_PAIRS: usize = 100_000;

/// An e-mail as typed (normalised) and the caller's address unit (`None`
/// when the server does not know it: all such callers are one).
type Pair = (String, Option<IpAddr>);

#[derive(Default)]
struct Attempts {
    failed: u32,
    last_failed_ms: i64,
    in_flight: u32,
}

#[derive(Default)]
pub struct PairLimiter {
    pairs: Mutex<HashMap<Pair, Attempts>>,
}

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    /// The password was right: the pair starts afresh.
    SignedIn,
    /// A wrong e-mail or password.
    Failed,
    /// Neither (the server failed): only the slot is given back.
    Undecided,
}

/// The seconds a pair with `failed` failures, the last at `last_failed_ms`,
/// must still wait (0: it may try): after the free attempts, 30 s after the
/// last failure, doubling per failure to at most 15 minutes.
pub fn wait_secs(failed: u32, last_failed_ms: i64, now_ms: i64) -> i64 {
    if failed < FREE_ATTEMPTS {
        return 0;
    }
    let step = (failed - FREE_ATTEMPTS).min(5);
    let wait_ms = (FIRST_WAIT_MS * 2i64.pow(step)).min(MAX_WAIT_MS);
    ((last_failed_ms + wait_ms - now_ms).max(0) + 999) / 1000
}

impl PairLimiter {
    /// Reserves an attempt for `email` from `address`, or says how many
    /// seconds to wait. The reservation is taken before the password is
    /// checked; settle it with [`Reservation::settle`] (dropping it counts
    /// as a failure, so a caller that hangs up gains nothing).
    pub fn reserve(&self, email: &str, address: Option<IpAddr>, now_ms: i64) -> Result<Reservation<'_>, i64> {
        let pair = (email.to_string(), address.map(limited_unit));
        let mut pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        if pairs.len() >= MAX_PAIRS && !pairs.contains_key(&pair) {
            make_room(&mut pairs, now_ms);
        }
        let attempts = pairs.entry(pair.clone()).or_default();
        if attempts.in_flight == 0 && attempts.failed > 0 && now_ms - attempts.last_failed_ms >= FORGET_MS {
            attempts.failed = 0;
        }
        let free = attempts.failed + attempts.in_flight < FREE_ATTEMPTS;
        // Past the free attempts, one attempt at a time once the wait is over.
        let waited = attempts.in_flight == 0 && wait_secs(attempts.failed, attempts.last_failed_ms, now_ms) == 0;
        if !free && !waited {
            // As if the attempts in progress fail too.
            let failed = (attempts.failed + attempts.in_flight).max(FREE_ATTEMPTS);
            let left = wait_secs(failed, attempts.last_failed_ms, now_ms);
            return Err(if left > 0 { left } else { wait_secs(failed, now_ms, now_ms) });
        }
        attempts.in_flight += 1;
        Ok(Reservation { limiter: self, pair: Some(pair) })
    }

    /// An attempt settled on another node (#17): counted here too, so the
    /// pair's limit holds across nodes.
    pub fn record(&self, email: &str, address: Option<IpAddr>, outcome: Outcome, now_ms: i64) {
        let pair = (email.to_string(), address.map(limited_unit));
        let mut pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        if pairs.len() >= MAX_PAIRS && !pairs.contains_key(&pair) {
            make_room(&mut pairs, now_ms);
        }
        pairs.entry(pair.clone()).or_default();
        count(&mut pairs, pair, outcome, now_ms);
    }

    /// Attempts in progress and failures remembered for this pair (for tests and logs).
    pub fn state_of(&self, email: &str, address: Option<IpAddr>) -> (u32, u32) {
        let pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        pairs.get(&(email.to_string(), address.map(limited_unit))).map_or((0, 0), |a| (a.in_flight, a.failed))
    }

    fn settle(&self, pair: Pair, outcome: Outcome, now_ms: i64) {
        let mut pairs = self.pairs.lock().unwrap_or_else(|p| p.into_inner());
        let Some(attempts) = pairs.get_mut(&pair) else { return };
        attempts.in_flight = attempts.in_flight.saturating_sub(1);
        count(&mut pairs, pair, outcome, now_ms);
    }
}

/// Counts a settled attempt of a held pair; a pair with nothing left to
/// remember is dropped.
fn count(pairs: &mut HashMap<Pair, Attempts>, pair: Pair, outcome: Outcome, now_ms: i64) {
    let Some(attempts) = pairs.get_mut(&pair) else { return };
    match outcome {
        Outcome::SignedIn => attempts.failed = 0,
        Outcome::Failed => {
            attempts.failed = attempts.failed.saturating_add(1);
            attempts.last_failed_ms = now_ms;
        }
        Outcome::Undecided => {}
    }
    if attempts.in_flight == 0 && attempts.failed == 0 {
        pairs.remove(&pair);
    }
}

/// Drops forgotten pairs, or else the stalest settled one.
fn make_room(pairs: &mut HashMap<Pair, Attempts>, now_ms: i64) {
    pairs.retain(|_, a| a.in_flight > 0 || now_ms - a.last_failed_ms < FORGET_MS);
    if pairs.len() >= MAX_PAIRS {
        let stalest = pairs.iter().filter(|(_, a)| a.in_flight == 0).min_by_key(|(_, a)| a.last_failed_ms).map(|(p, _)| p.clone());
        if let Some(pair) = stalest {
            pairs.remove(&pair);
        }
    }
}

/// One attempt in progress for a pair.
pub struct Reservation<'a> {
    limiter: &'a PairLimiter,
    pair: Option<Pair>,
}

impl Reservation<'_> {
    pub fn settle(mut self, outcome: Outcome, now_ms: i64) {
        if let Some(pair) = self.pair.take() {
            self.limiter.settle(pair, outcome, now_ms);
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if let Some(pair) = self.pair.take() {
            self.limiter.settle(pair, Outcome::Failed, crate::server::clock::now_ms());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn the_wait_grows_after_five_failures() {
        assert_eq!(wait_secs(4, 0, 0), 0);
        assert_eq!(wait_secs(5, 1_000, 1_000), 30);
        assert_eq!(wait_secs(5, 0, 31_000), 0);
        assert_eq!(wait_secs(6, 0, 0), 60);
        assert_eq!(wait_secs(50, 0, 0), 900);
    }

    #[test]
    fn a_pair_waits_after_its_free_attempts_and_another_address_does_not() {
        let limiter = PairLimiter::default();
        for i in 0..FREE_ATTEMPTS as i64 {
            limiter.reserve("a@x", ip("10.0.0.1"), i).unwrap().settle(Outcome::Failed, i);
        }
        assert_eq!(limiter.reserve("a@x", ip("10.0.0.1"), 10).err(), Some(30));
        assert!(limiter.reserve("a@x", ip("10.0.0.2"), 10).is_ok(), "the same account from another address");
        assert!(limiter.reserve("b@x", ip("10.0.0.1"), 10).is_ok(), "another account from the same address");
        // After the wait, one attempt at a time; its failure doubles the wait.
        let probe = limiter.reserve("a@x", ip("10.0.0.1"), 4 + 30_000).unwrap();
        assert!(limiter.reserve("a@x", ip("10.0.0.1"), 4 + 30_000).is_err(), "one probe at a time");
        probe.settle(Outcome::Failed, 40_000);
        assert_eq!(limiter.reserve("a@x", ip("10.0.0.1"), 40_000).err(), Some(60));
        // A right password clears the pair.
        limiter.reserve("a@x", ip("10.0.0.1"), 100_000).unwrap().settle(Outcome::SignedIn, 100_000);
        assert_eq!(limiter.state_of("a@x", ip("10.0.0.1")), (0, 0));
    }

    #[test]
    fn attempts_in_progress_count_and_a_dropped_one_is_a_failure() {
        let limiter = PairLimiter::default();
        let held: Vec<_> = (0..FREE_ATTEMPTS).map(|_| limiter.reserve("a@x", None, 0).unwrap()).collect();
        assert_eq!(limiter.reserve("a@x", None, 0).err(), Some(30), "all free attempts are in progress");
        assert_eq!(limiter.state_of("a@x", None), (FREE_ATTEMPTS, 0));
        drop(held);
        assert_eq!(limiter.state_of("a@x", None), (0, FREE_ATTEMPTS));
    }

    #[test]
    fn a_forgotten_pair_starts_afresh_and_ipv6_counts_per_64() {
        let limiter = PairLimiter::default();
        for i in 0..FREE_ATTEMPTS as i64 {
            limiter.reserve("a@x", ip("2001:db8::1"), i).unwrap().settle(Outcome::Failed, i);
        }
        assert!(limiter.reserve("a@x", ip("2001:db8::ffff"), 10).is_err(), "one /64 is one address");
        assert!(limiter.reserve("a@x", ip("2001:db8::1"), 4 + FORGET_MS).is_ok());
    }
}
