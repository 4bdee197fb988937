//! The bus between app nodes (#17): what lives only in a node's memory
//! (typing, presence, read positions, mentions, ended sessions, changed
//! rights, a visitor's refresh, calls starting and ending, sign-in attempts
//! and wrong meeting IDs for the limits) goes to the other nodes over NATS, whose hubs
//! pass it on to their own connections through the same rights checks. Chat
//! and message changes need no bus: each node's fan-out reads them from the
//! shared database. Without `NATS_URL` the bus is off: one node.
//!
//! Delivery is at most once. A tab that missed an event catches up when it
//! reconnects (messages by sequence number, lists and counters reloaded), as
//! after any outage.

use std::sync::Arc;

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use crate::server::state::AppState;


/// An event from one node's memory, for the others.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BusEvent {
    /// `name` types in `chat` (`sender`: the employee, none for the visitor).
    Typing {
        chat: String,
        /// The visitor whose chat it is, if any (their node shows staff typing).
        #[serde(default)]
        user: Option<String>,
        name: String,
        sender: Option<String>,
        by_employee: bool,
        note: bool,
    },
    Presence { employee: String, online: Option<bool>, active: Option<bool> },
    Read { employee: String, chat: String, seq: i64 },
    Mention { employee: String, chat: String, seq: i64, by: String },
    VisitorRefresh { user: String },
    SessionEnded { session_hash: String },
    RightsChanged,
    /// A call started or ended on its owner node (the workspaces' banner).
    Call { call: crate::model::live::RunningCall, running: bool },
    /// A sign-in attempt settled on another node: counted by every node's limits.
    SignIn { email: String, address: Option<std::net::IpAddr>, outcome: crate::server::people::sign_in_limit::Outcome },
    /// A wrong meeting ID from `address` on another node.
    MeetingCodeWrong { address: std::net::IpAddr },
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    node: String,
    event: BusEvent,
}

pub struct Bus {
    client: Option<async_nats::Client>,
    node: Arc<str>,
    /// The key-value buckets the nodes share (with the bus on).
    pub shared: Option<super::shared::Shared>,
    /// Calls across nodes: those this node runs, and its forwarded peers.
    pub calls: super::calls::Routing,
    /// Who the shared presence bucket listed at the last look.
    pub seen_online: super::presence::SeenOnline,
    /// The audiences' subjects this node subscribes to now.
    pub followed: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Bus {
    /// One node: nothing to tell anyone.
    pub fn off(node: Arc<str>) -> Self {
        Bus { client: None, node, shared: None, calls: Default::default(), seen_online: Default::default(), followed: Default::default() }
    }

    /// Connected to the NATS server at `url`.
    pub async fn connect(url: &str, node: Arc<str>) -> anyhow::Result<Self> {
        let client = async_nats::ConnectOptions::new()
            .name(format!("chats node {node}"))
            .connect(url)
            .await
            .map_err(|error| anyhow::anyhow!("NATS at {url}: {error}"))?;
        let shared = super::shared::Shared::open(&client).await?;
        Ok(Bus { client: Some(client), node, shared: Some(shared), calls: Default::default(), seen_online: Default::default(), followed: Default::default() })
    }

    /// The NATS connection, with the bus on.
    pub fn client(&self) -> Option<async_nats::Client> {
        self.client.clone()
    }

    /// `NATS_URL` when set, else off.
    pub async fn from_env(node: Arc<str>) -> anyhow::Result<Self> {
        match std::env::var("NATS_URL").ok().filter(|url| !url.trim().is_empty()) {
            Some(url) => Self::connect(url.trim(), node).await,
            None => Ok(Self::off(node)),
        }
    }

    pub fn is_on(&self) -> bool {
        self.client.is_some()
    }

    /// Connected to NATS now (always, when off).
    pub fn reachable(&self) -> bool {
        self.client.as_ref().is_none_or(|client| client.connection_state() == async_nats::connection::State::Connected)
    }

    /// Tells the other nodes, without waiting (at most once).
    pub fn publish(&self, event: BusEvent) {
        let Some(client) = self.client.clone() else { return };
        let envelope = Envelope { node: self.node.to_string(), event };
        let subjects = super::subjects::subjects_of(&envelope.event);
        let Ok(payload) = serde_json::to_vec(&envelope) else { return };
        let payload = bytes::Bytes::from(payload);
        tokio::spawn(async move {
            for subject in subjects {
                if let Err(error) = client.publish(subject, payload.clone()).await {
                    tracing::warn!("bus: publishing failed: {error}");
                }
            }
        });
    }
}

/// Listens to the other nodes for as long as the server runs: to what is
/// for everyone, and to the audiences this node's connections make up
/// (`cluster::subjects`). Subscribed before it returns, so nothing published
/// for everyone after the start is missed.
pub async fn listen(state: &AppState) -> anyhow::Result<()> {
    let Some(client) = state.bus.client.clone() else { return Ok(()) };
    let subscriber = client.subscribe(super::subjects::BROADCAST).await.map_err(|error| anyhow::anyhow!("NATS subscribe: {error}"))?;
    // Make sure the server has the subscription before events are published.
    client.flush().await.map_err(|error| anyhow::anyhow!("NATS flush: {error}"))?;
    super::calls::listen(state, &client).await?;
    super::presence::spawn_renewal(state);
    super::subjects::follow(state, client.clone());
    tokio::spawn(receive(state.clone(), subscriber));
    Ok(())
}

/// Applies what one subscription brings from the other nodes.
pub async fn receive(state: AppState, mut subscriber: async_nats::Subscriber) {
    while let Some(message) = subscriber.next().await {
        match serde_json::from_slice::<Envelope>(&message.payload) {
            Ok(envelope) if envelope.node != *state.node => apply(&state, envelope.event).await,
            Ok(_) => {}
            Err(error) => tracing::warn!("bus: an event this node does not read, skipped: {error}"),
        }
    }
}

/// Another node's event, passed to this node's connections.
async fn apply(state: &AppState, event: BusEvent) {
    match event {
        BusEvent::Typing { chat, name, sender, by_employee, note, .. } => {
            if let Some(summary) = state.chat_index.get(&chat) {
                state.hub.deliver_typing(&summary, &name, sender.as_deref(), by_employee, note);
            }
        }
        BusEvent::Presence { employee, online, active } => state.hub.publish_presence(&employee, online, active),
        BusEvent::Read { employee, chat, seq } => crate::server::live::counts::read_here(state, &employee, &chat, seq),
        BusEvent::Mention { employee, chat, seq, by } => state.hub.publish_mention(&employee, &chat, seq, &by),
        BusEvent::VisitorRefresh { user } => state.hub.refresh_visitor(&user),
        BusEvent::SessionEnded { session_hash } => {
            state.hub.end_session(&session_hash);
            // Its calls run here too, for peers whose sockets are elsewhere.
            state.calls.close(crate::server::meetings::calls::Whose::Session(&session_hash), crate::model::problem::Problem::CallSessionEnded);
        }
        BusEvent::RightsChanged => crate::server::live::refresh_rights_here(state).await,
        BusEvent::SignIn { email, address, outcome } => {
            let now = crate::server::clock::now_ms();
            state.sign_in_pairs.record(&email, address, outcome, now);
            if let (Some(address), crate::server::people::sign_in_limit::Outcome::Failed) = (address, outcome) {
                state.sign_ins.record_failure(address, now);
            }
        }
        BusEvent::MeetingCodeWrong { address } => state.meeting_codes.record_failure(address, crate::server::clock::now_ms()),
        BusEvent::Call { call, running } => {
            if let Some(summary) = state.chat_index.get(&call.chat) {
                state.hub.publish_call(&summary, call, running);
            }
        }
    }
}

/// An employee's presence or activity changed: here and on every node.
pub fn presence(state: &AppState, employee: &str, online: Option<bool>, active: Option<bool>) {
    state.hub.publish_presence(employee, online, active);
    state.bus.publish(BusEvent::Presence { employee: employee.to_string(), online, active });
}

/// `by` mentioned `employee` in message `seq` of `chat`: their tabs on every node.
pub fn mention(state: &AppState, employee: &str, chat: &str, seq: i64, by: &str) {
    state.hub.publish_mention(employee, chat, seq, by);
    state.bus.publish(BusEvent::Mention { employee: employee.to_string(), chat: chat.to_string(), seq, by: by.to_string() });
}

/// A visitor's own state changed: their widget reloads it, wherever it is connected.
pub fn refresh_visitor(state: &AppState, user: &str) {
    state.hub.refresh_visitor(user);
    state.bus.publish(BusEvent::VisitorRefresh { user: user.to_string() });
}

/// A session ended: its connections close on every node.
pub fn end_session(state: &AppState, session_hash: &str) {
    state.hub.end_session(session_hash);
    state.bus.publish(BusEvent::SessionEnded { session_hash: session_hash.to_string() });
}
