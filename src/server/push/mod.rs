//! Web Push from our own server (#15): the VAPID key, employees'
//! subscriptions, what earns a push, and the durable delivery queue.

pub mod delivery;
pub mod keys;
pub mod subscriptions;
pub mod triggers;

use std::collections::HashSet;
use std::sync::RwLock;

use web_push_native::p256::ecdsa::SigningKey;

/// The server's push machinery, shared by every request.
pub struct Push {
    /// The VAPID key pair, made on first start and kept in `push_key`.
    pub key: SigningKey,
    /// The `sub` of every VAPID token (RFC 8292): a contact for the push
    /// services' operators (`PUSH_SUBJECT`, a `mailto:` or `https:` URL).
    pub subject: String,
    /// Plain-http endpoints and loopback hosts are refused unless this is
    /// set (`PUSH_ALLOW_HTTP=1`, for a local mock push service in tests):
    /// an endpoint is the client's text, and the server must not be made to
    /// post to its own network.
    pub allow_http: bool,
    /// Employees with at least one subscription: the fan-out spends nothing
    /// on a message when none of those it notifies has one.
    pub subscribed: RwLock<HashSet<String>>,
    /// Wakes the delivery worker when a job is queued.
    pub wake: tokio::sync::Notify,
    pub http: reqwest::Client,
}

impl Push {
    pub fn has_subscribers(&self) -> bool {
        !self.subscribed.read().map(|s| s.is_empty()).unwrap_or(true)
    }

    pub fn is_subscribed(&self, employee: &str) -> bool {
        self.subscribed.read().map(|s| s.contains(employee)).unwrap_or(false)
    }
}
