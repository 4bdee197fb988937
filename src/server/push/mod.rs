//! Web Push from our own server (#15): the VAPID key, employees'
//! subscriptions, what earns a push, the durable delivery queue, and the
//! resolver that keeps pushes out of the server's own network.

pub mod delivery;
pub mod keys;
pub mod resolver;
pub mod subscriptions;
pub mod triggers;

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, RwLock};

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
    /// Who was rung by push for the call in each chat, until the call ends
    /// or they answer (then their ringing notification is withdrawn).
    pub rung: Mutex<HashMap<String, HashSet<String>>>,
    pub http: reqwest::Client,
}

impl Push {
    pub fn has_subscribers(&self) -> bool {
        !self.subscribed.read().map(|s| s.is_empty()).unwrap_or(true)
    }

    pub fn is_subscribed(&self, employee: &str) -> bool {
        self.subscribed.read().map(|s| s.contains(employee)).unwrap_or(false)
    }

    /// `employee`'s devices ring for the call in `chat`.
    pub fn mark_rung(&self, chat: &str, employee: &str) {
        if let Ok(mut rung) = self.rung.lock() {
            rung.entry(chat.to_string()).or_default().insert(employee.to_string());
        }
    }

    /// Those rung for the call in `chat` (only `answered_by`, when given),
    /// forgotten as they are returned.
    pub fn take_rung(&self, chat: &str, answered_by: Option<&str>) -> Vec<String> {
        let Ok(mut rung) = self.rung.lock() else { return Vec::new() };
        let taken = match (answered_by, rung.get_mut(chat)) {
            (Some(employee), Some(set)) => set.take(employee).into_iter().collect(),
            (None, Some(_)) => rung.remove(chat).map(|set| set.into_iter().collect()).unwrap_or_default(),
            (_, None) => Vec::new(),
        };
        if rung.get(chat).is_some_and(HashSet::is_empty) {
            rung.remove(chat);
        }
        taken
    }
}
