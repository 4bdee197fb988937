//! Rate limits (governor): how often an address, a room, a visitor or a token may start chats, send, report pages, get guest passes, look up meeting IDs and open live sockets.
//!
//! Each limit is a keyed GCRA limiter: a key may spend its burst at once and
//! then gets one more every period. Over a limit the caller is refused with
//! [`Problem::TooManyRequests`] or [`Problem::TooManyMessages`] (429), whose
//! `retry_secs` the router also sends as `Retry-After`. Addresses are keyed by
//! [`limited_unit`] (an IPv6 /64 is one key). The settings come from `LIMIT_*`
//! environment variables, read once at start ([`LimitConfig::from_env`]);
//! 0 turns a limit off. Live sockets are also capped by how many are open at
//! once per token and per address.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, Weak};

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::model::problem::Problem;
use crate::server::people::address_limit::limited_unit;

/// The limits' settings. Every field has an environment variable (see
/// [`LimitConfig::SETTINGS`] and the README); the defaults suit a busy site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitConfig {
    /// New visitors (each one opens at most one chat) per address and minute.
    pub new_chats_per_min: u32,
    /// New visitors per room and minute, from all addresses together.
    pub room_new_chats_per_min: u32,
    /// Messages a visitor may send a second, once the burst is spent.
    pub visitor_msgs_per_sec: u32,
    /// Messages a visitor may send at once.
    pub visitor_msgs_burst: u32,
    /// Widget sends and page reports per address and minute (all its visitors).
    pub widget_calls_per_min: u32,
    /// Page reports per visitor and minute.
    pub page_reports_per_min: u32,
    /// Guest passes to meetings per address and minute.
    pub guest_passes_per_min: u32,
    /// Meeting-ID lookups (the link page, guest passes) per address and minute.
    pub meeting_lookups_per_min: u32,
    /// Live socket opens per address and minute.
    pub socket_opens_per_min: u32,
    /// Live sockets open at once per visitor token or employee session.
    pub sockets_per_token: u32,
    /// Live sockets open at once per address.
    pub sockets_per_address: u32,
}

impl Default for LimitConfig {
    fn default() -> Self {
        LimitConfig {
            new_chats_per_min: 20,
            room_new_chats_per_min: 300,
            visitor_msgs_per_sec: 2,
            visitor_msgs_burst: 10,
            widget_calls_per_min: 600,
            page_reports_per_min: 30,
            guest_passes_per_min: 20,
            meeting_lookups_per_min: 60,
            socket_opens_per_min: 120,
            sockets_per_token: 16,
            sockets_per_address: 1000,
        }
    }
}

type Field = fn(&mut LimitConfig) -> &mut u32;

impl LimitConfig {
    /// Each setting's environment variable.
    pub const SETTINGS: [(&'static str, Field); 11] = [
        ("LIMIT_NEW_CHATS_PER_MIN", |c| &mut c.new_chats_per_min),
        ("LIMIT_ROOM_NEW_CHATS_PER_MIN", |c| &mut c.room_new_chats_per_min),
        ("LIMIT_VISITOR_MSGS_PER_SEC", |c| &mut c.visitor_msgs_per_sec),
        ("LIMIT_VISITOR_MSGS_BURST", |c| &mut c.visitor_msgs_burst),
        ("LIMIT_WIDGET_CALLS_PER_MIN", |c| &mut c.widget_calls_per_min),
        ("LIMIT_PAGE_REPORTS_PER_MIN", |c| &mut c.page_reports_per_min),
        ("LIMIT_GUEST_PASSES_PER_MIN", |c| &mut c.guest_passes_per_min),
        ("LIMIT_MEETING_LOOKUPS_PER_MIN", |c| &mut c.meeting_lookups_per_min),
        ("LIMIT_SOCKET_OPENS_PER_MIN", |c| &mut c.socket_opens_per_min),
        ("LIMIT_SOCKETS_PER_TOKEN", |c| &mut c.sockets_per_token),
        ("LIMIT_SOCKETS_PER_ADDRESS", |c| &mut c.sockets_per_address),
    ];

    /// The defaults, changed by whichever `LIMIT_*` variables are set. A value
    /// that is not a whole number is logged and ignored.
    pub fn from_env() -> LimitConfig {
        LimitConfig::from_vars(|name| std::env::var(name).ok())
    }

    /// [`LimitConfig::from_env`] over any source of variables.
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> LimitConfig {
        let mut config = LimitConfig::default();
        for (name, field) in LimitConfig::SETTINGS {
            let Some(value) = var(name) else { continue };
            match value.trim().parse::<u32>() {
                Ok(number) => *field(&mut config) = number,
                Err(_) => tracing::warn!("{name}={value:?} is not a whole number; the default {} stays", field(&mut config)),
            }
        }
        config
    }

    /// Every limit off (benchmarks that drive the server harder than any visitor).
    pub fn off() -> LimitConfig {
        let mut config = LimitConfig::default();
        for (_, field) in LimitConfig::SETTINGS {
            *field(&mut config) = 0;
        }
        config
    }
}

/// One keyed limiter, or none when its setting is 0.
struct Keyed<K: Hash + Eq + Clone> {
    limiter: Option<DefaultKeyedRateLimiter<K>>,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    fn new(quota: Option<Quota>) -> Self {
        Keyed { limiter: quota.map(DefaultKeyedRateLimiter::keyed) }
    }

    /// `n` a minute, all of them at once if need be.
    fn per_minute(n: u32) -> Self {
        Keyed::new(NonZeroU32::new(n).map(Quota::per_minute))
    }

    /// `n` a second after a burst of `burst` (at least `n`).
    fn per_second(n: u32, burst: u32) -> Self {
        Keyed::new(NonZeroU32::new(n).map(|rate| Quota::per_second(rate).allow_burst(NonZeroU32::new(burst.max(n)).unwrap_or(rate))))
    }

    /// Ok, or the whole seconds until `key` may go again (at least 1).
    fn check(&self, key: &K) -> Result<(), i64> {
        let Some(limiter) = &self.limiter else { return Ok(()) };
        limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            i64::try_from(secs).unwrap_or(i64::MAX).max(1)
        })
    }

    /// Forgets keys whose state is back to fresh.
    fn retain_recent(&self) {
        if let Some(limiter) = &self.limiter {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    fn len(&self) -> usize {
        self.limiter.as_ref().map_or(0, |l| l.len())
    }
}

/// Sockets open now, per token and per address.
#[derive(Default)]
struct OpenSockets {
    by_token: HashMap<String, u32>,
    by_address: HashMap<IpAddr, u32>,
}

/// How long a refused socket is told to wait: one open elsewhere must close first.
pub const SOCKET_RETRY_SECS: i64 = 5;

/// The process's limiters, shared by every request.
pub struct Limits {
    config: LimitConfig,
    chats_by_address: Keyed<IpAddr>,
    chats_by_room: Keyed<String>,
    messages_by_visitor: Keyed<String>,
    widget_by_address: Keyed<IpAddr>,
    pages_by_visitor: Keyed<String>,
    guest_passes_by_address: Keyed<IpAddr>,
    lookups_by_address: Keyed<IpAddr>,
    socket_opens_by_address: Keyed<IpAddr>,
    sockets: Arc<Mutex<OpenSockets>>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(LimitConfig::default())
    }
}

fn too_many(retry_secs: i64) -> Problem {
    Problem::TooManyRequests { retry_secs }
}

impl Limits {
    pub fn new(config: LimitConfig) -> Limits {
        let c = &config;
        Limits {
            chats_by_address: Keyed::per_minute(c.new_chats_per_min),
            chats_by_room: Keyed::per_minute(c.room_new_chats_per_min),
            messages_by_visitor: Keyed::per_second(c.visitor_msgs_per_sec, c.visitor_msgs_burst),
            widget_by_address: Keyed::per_minute(c.widget_calls_per_min),
            pages_by_visitor: Keyed::per_minute(c.page_reports_per_min),
            guest_passes_by_address: Keyed::per_minute(c.guest_passes_per_min),
            lookups_by_address: Keyed::per_minute(c.meeting_lookups_per_min),
            socket_opens_by_address: Keyed::per_minute(c.socket_opens_per_min),
            sockets: Default::default(),
            config,
        }
    }

    pub fn config(&self) -> &LimitConfig {
        &self.config
    }

    /// A new visitor (and so at most one new chat) from `address`.
    pub fn new_chat_from(&self, address: Option<IpAddr>) -> Result<(), Problem> {
        by_address(&self.chats_by_address, address).map_err(too_many)
    }

    /// A new visitor in `room` (an existing room's key), from anywhere.
    pub fn new_chat_in(&self, room: &str) -> Result<(), Problem> {
        self.chats_by_room.check(&room.to_string()).map_err(too_many)
    }

    /// A visitor's message: their own rate, and their address's widget calls.
    pub fn visitor_message(&self, address: Option<IpAddr>, visitor: &str) -> Result<(), Problem> {
        let refused = |retry_secs| Problem::TooManyMessages { retry_secs };
        self.messages_by_visitor.check(&visitor.to_string()).map_err(refused)?;
        by_address(&self.widget_by_address, address).map_err(refused)
    }

    /// A visitor's page report: their own rate, and their address's widget calls.
    pub fn page_report(&self, address: Option<IpAddr>, visitor: &str) -> Result<(), Problem> {
        self.pages_by_visitor.check(&visitor.to_string()).map_err(too_many)?;
        by_address(&self.widget_by_address, address).map_err(too_many)
    }

    /// A guest pass asked for from `address`.
    pub fn guest_pass(&self, address: Option<IpAddr>) -> Result<(), Problem> {
        by_address(&self.guest_passes_by_address, address).map_err(too_many)
    }

    /// A meeting ID looked up from `address` (right or wrong).
    pub fn meeting_lookup(&self, address: Option<IpAddr>) -> Result<(), Problem> {
        by_address(&self.lookups_by_address, address).map_err(too_many)
    }

    /// A live socket's upgrade from `address`, before anything else is done for it.
    pub fn socket_open(&self, address: Option<IpAddr>) -> Result<(), Problem> {
        by_address(&self.socket_opens_by_address, address).map_err(too_many)
    }

    /// A place for one more open socket of `token` (a visitor's id or a
    /// session's hash) from `address`, held until the slot is dropped.
    pub fn socket_slot(&self, address: Option<IpAddr>, token: &str) -> Result<SocketSlot, Problem> {
        let address = address.map(limited_unit);
        let mut open = self.sockets.lock().unwrap_or_else(|p| p.into_inner());
        let of_token = open.by_token.get(token).copied().unwrap_or(0);
        let of_address = address.and_then(|a| open.by_address.get(&a).copied()).unwrap_or(0);
        let full = |count: u32, max: u32| max > 0 && count >= max;
        if full(of_token, self.config.sockets_per_token) || full(of_address, self.config.sockets_per_address) {
            return Err(too_many(SOCKET_RETRY_SECS));
        }
        *open.by_token.entry(token.to_string()).or_default() += 1;
        if let Some(address) = address {
            *open.by_address.entry(address).or_default() += 1;
        }
        Ok(SocketSlot { sockets: self.sockets.clone(), token: token.to_string(), address })
    }

    /// Sockets open now for `token`.
    pub fn open_sockets(&self, token: &str) -> u32 {
        self.sockets.lock().unwrap_or_else(|p| p.into_inner()).by_token.get(token).copied().unwrap_or(0)
    }

    fn keyed_lens(&self) -> usize {
        self.chats_by_address.len()
            + self.chats_by_room.len()
            + self.messages_by_visitor.len()
            + self.widget_by_address.len()
            + self.pages_by_visitor.len()
            + self.guest_passes_by_address.len()
            + self.lookups_by_address.len()
            + self.socket_opens_by_address.len()
    }

    /// Forgets every key whose limit is back to fresh, so memory follows the
    /// callers of the last minutes only. Returns how many keys are left.
    pub fn retain_recent(&self) -> usize {
        self.chats_by_address.retain_recent();
        self.chats_by_room.retain_recent();
        self.messages_by_visitor.retain_recent();
        self.widget_by_address.retain_recent();
        self.pages_by_visitor.retain_recent();
        self.guest_passes_by_address.retain_recent();
        self.lookups_by_address.retain_recent();
        self.socket_opens_by_address.retain_recent();
        self.keyed_lens()
    }

    /// Runs [`Limits::retain_recent`] every minute while `limits` lives.
    pub fn spawn_cleanup(limits: &Arc<Limits>) {
        let limits: Weak<Limits> = Arc::downgrade(limits);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            every.tick().await;
            loop {
                every.tick().await;
                let Some(limits) = limits.upgrade() else { break };
                limits.retain_recent();
            }
        });
    }
}

/// An address's limit; no address known (e.g. under `dx serve`), no limit.
fn by_address(limiter: &Keyed<IpAddr>, address: Option<IpAddr>) -> Result<(), i64> {
    match address {
        Some(address) => limiter.check(&limited_unit(address)),
        None => Ok(()),
    }
}

/// One open socket's place in [`Limits`]; dropping it frees the place.
pub struct SocketSlot {
    sockets: Arc<Mutex<OpenSockets>>,
    token: String,
    address: Option<IpAddr>,
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        let mut open = self.sockets.lock().unwrap_or_else(|p| p.into_inner());
        fn release<K: Hash + Eq>(map: &mut HashMap<K, u32>, key: &K) {
            if let Some(count) = map.get_mut(key) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    map.remove(key);
                }
            }
        }
        release(&mut open.by_token, &self.token);
        if let Some(address) = self.address {
            release(&mut open.by_address, &address);
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
    fn an_address_gets_its_burst_of_new_chats_then_waits() {
        let limits = Limits::new(LimitConfig { new_chats_per_min: 3, ..LimitConfig::default() });
        for _ in 0..3 {
            limits.new_chat_from(ip("10.0.0.1")).unwrap();
        }
        let Err(Problem::TooManyRequests { retry_secs }) = limits.new_chat_from(ip("10.0.0.1")) else { panic!("the 4th is refused") };
        assert!((1..=20).contains(&retry_secs), "one new chat every 20 s: {retry_secs}");
        limits.new_chat_from(ip("10.0.0.2")).expect("another address is not affected");
        limits.new_chat_from(None).expect("no address, no per-address limit");
        // One /64 is one address.
        let limits = Limits::new(LimitConfig { new_chats_per_min: 1, ..LimitConfig::default() });
        limits.new_chat_from(ip("2001:db8:1:2::1")).unwrap();
        assert!(limits.new_chat_from(ip("2001:db8:1:2::ffff")).is_err());
        limits.new_chat_from(ip("2001:db8:1:3::1")).unwrap();
    }

    #[test]
    fn a_visitors_messages_are_limited_per_second_with_a_burst() {
        let limits = Limits::new(LimitConfig { visitor_msgs_per_sec: 1, visitor_msgs_burst: 2, ..LimitConfig::default() });
        limits.visitor_message(None, "u1").unwrap();
        limits.visitor_message(None, "u1").unwrap();
        assert_eq!(limits.visitor_message(None, "u1"), Err(Problem::TooManyMessages { retry_secs: 1 }));
        limits.visitor_message(None, "u2").expect("another visitor is not affected");
    }

    #[test]
    fn zero_turns_a_limit_off_and_settings_come_from_variables() {
        let limits = Limits::new(LimitConfig::off());
        for _ in 0..1000 {
            limits.new_chat_from(ip("10.0.0.1")).unwrap();
            limits.visitor_message(ip("10.0.0.1"), "u").unwrap();
        }
        let config = LimitConfig::from_vars(|name| match name {
            "LIMIT_NEW_CHATS_PER_MIN" => Some("5".into()),
            "LIMIT_SOCKETS_PER_TOKEN" => Some("nonsense".into()),
            _ => None,
        });
        assert_eq!(config, LimitConfig { new_chats_per_min: 5, ..LimitConfig::default() });
    }

    #[test]
    fn sockets_are_counted_while_open() {
        let limits = Limits::new(LimitConfig { sockets_per_token: 2, sockets_per_address: 3, ..LimitConfig::default() });
        let a = limits.socket_slot(ip("10.0.0.1"), "t1").unwrap();
        let b = limits.socket_slot(ip("10.0.0.1"), "t1").unwrap();
        assert!(limits.socket_slot(ip("10.0.0.2"), "t1").is_err(), "a third for the token");
        let c = limits.socket_slot(ip("10.0.0.1"), "t2").unwrap();
        assert!(limits.socket_slot(ip("10.0.0.1"), "t3").is_err(), "a fourth for the address");
        drop(a);
        assert_eq!(limits.open_sockets("t1"), 1);
        let _d = limits.socket_slot(ip("10.0.0.1"), "t3").expect("a place was freed");
        drop((b, c));
        assert_eq!(limits.open_sockets("t1"), 0);
    }

    #[test]
    fn fresh_keys_are_forgotten() {
        let limits = Limits::new(LimitConfig { visitor_msgs_per_sec: 1000, visitor_msgs_burst: 1000, ..LimitConfig::default() });
        limits.visitor_message(None, "u1").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(limits.retain_recent(), 0);
    }
}
