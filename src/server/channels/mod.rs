//! Sources beyond the widget (S2, S3, #16): e-mail and Telegram, read and
//! answered by the server, with their secrets encrypted at rest and their
//! health in memory.

pub mod email;
pub mod queue;
pub mod secrets;
pub mod supervisor;
pub mod telegram;

use std::collections::HashMap;
use std::sync::Mutex;

use crate::model::channel::SourceHealth;

/// What the channels share across the server.
#[derive(Debug)]
pub struct Channels {
    pub secrets: secrets::Secrets,
    /// Each source's connection state, by room (settings show it).
    health: Mutex<HashMap<String, SourceHealth>>,
    /// Rung when an answer is queued: the outbound worker wakes.
    pub outbound: tokio::sync::Notify,
    /// Moves when a mailbox's or a bot's settings change: every supervisor
    /// looks again (see [`Channels::settings_changed`]).
    pub reload: tokio::sync::watch::Sender<u64>,
    /// Where the Telegram Bot API answers (`TELEGRAM_API_URL`; tests point
    /// it at their stand-in).
    telegram_api: Mutex<String>,
    /// The HTTP client of the Bot API.
    pub http: reqwest::Client,
}

impl Channels {
    pub fn new(secrets: secrets::Secrets) -> Self {
        let telegram_api = std::env::var("TELEGRAM_API_URL").unwrap_or_else(|_| "https://api.telegram.org".into());
        let http = reqwest::Client::builder().timeout(std::time::Duration::from_secs(90)).build().unwrap_or_default();
        Channels { secrets, health: Default::default(), outbound: Default::default(), reload: tokio::sync::watch::Sender::new(0), telegram_api: Mutex::new(telegram_api), http }
    }

    /// A source's settings were saved: its task restarts (or stops) now.
    pub fn settings_changed(&self) {
        self.reload.send_modify(|version| *version += 1);
    }

    pub fn telegram_api(&self) -> String {
        self.telegram_api.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Points the Bot API client elsewhere (a test's stand-in).
    pub fn set_telegram_api(&self, url: &str) {
        *self.telegram_api.lock().unwrap_or_else(|e| e.into_inner()) = url.trim_end_matches('/').to_string();
    }

    pub fn set_health(&self, room: &str, health: SourceHealth) {
        self.health.lock().unwrap_or_else(|e| e.into_inner()).insert(room.to_string(), health);
    }

    pub fn health(&self, room: &str) -> SourceHealth {
        self.health.lock().unwrap_or_else(|e| e.into_inner()).get(room).cloned().unwrap_or_default()
    }
}

/// Starts the mailbox readers and the outbound queue.
pub fn spawn(state: &crate::server::state::AppState) {
    email::reader::spawn_supervisor(state.clone());
    telegram::poller::spawn_supervisor(state.clone());
    queue::spawn_worker(state.clone());
}
