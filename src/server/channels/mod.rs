//! Sources beyond the widget (S2, S3, #16): e-mail, read and answered by the
//! server, with their secrets encrypted at rest and their health in memory.

pub mod email;
pub mod secrets;

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
    /// Rung when a mailbox's settings change: its reader restarts.
    pub reload: tokio::sync::Notify,
}

impl Channels {
    pub fn new(secrets: secrets::Secrets) -> Self {
        Channels { secrets, health: Default::default(), outbound: Default::default(), reload: Default::default() }
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
    email::send::spawn_worker(state.clone());
}
