//! Calls across nodes (#17): a call runs on one node, its owner, named in the
//! shared `chats_calls` bucket. A peer whose call socket reached another node
//! joins through that node, which forwards the peer's signalling to the owner
//! and the owner's messages back, over NATS. The owner checks every message
//! as for its own sockets. When the owner stops, its entry lapses and the
//! forwarded peers are told the call's server is gone: they start it again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::ws::WebSocket;
use dioxus::server::axum;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::model::live::RunningCall;
use crate::model::meeting::{SignalIn, SignalOut};
use crate::model::problem::Problem;
use crate::server::cluster::shared::CALL_OWNER_TTL;
use crate::server::meetings::calls::{Calls, Joined, Kick, Ticket};
use crate::server::meetings::signalling;
use crate::server::state::AppState;

/// Messages a forwarded peer may have queued before it counts as stalled.
const QUEUE: usize = 64;
/// How long a join waits for the owner's answer.
const JOIN_TIMEOUT: Duration = Duration::from_secs(5);

/// A call's entry in the shared bucket: the node running it, and the call
/// (who started it) once it runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Owner {
    pub node: String,
    pub call: Option<RunningCall>,
}

/// Where a chat's call runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Where {
    Here,
    On(String),
}

/// To the owner node.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ToOwner {
    Join { ticket: Ticket, node: String },
    Signal { chat: String, peer: String, message: SignalIn },
    Leave { chat: String, peer: String },
}

/// To the node holding a forwarded peer's socket.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ToPeer {
    Out { peer: String, message: SignalOut },
    Kicked { peer: String, kick: Kick },
    Gone { peer: String },
}

/// This node's part in calls across nodes.
#[derive(Default)]
pub struct Routing {
    /// Calls this node claimed, and when: renewed while they have connections.
    owned: Mutex<HashMap<String, Instant>>,
    /// Peers whose socket is here and whose call runs elsewhere.
    forwarded: Mutex<HashMap<String, mpsc::Sender<ToPeer>>>,
    /// Peers of calls run here whose sockets are on other nodes: (chat, peer) → their node and task.
    remote: Mutex<HashMap<(String, String), (String, tokio::task::AbortHandle)>>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn owner_subject(node: &str) -> String {
    ["chats.calls.owner.", node].concat()
}

fn peer_subject(node: &str) -> String {
    ["chats.calls.peer.", node].concat()
}

/// Where `chat`'s call runs: claimed here when nobody runs it. Without a
/// bus (one node), or when NATS cannot say, here.
pub async fn owner_of(state: &AppState, chat: &str) -> Where {
    let Some(shared) = state.bus.shared.as_ref() else { return Where::Here };
    let mine = Owner { node: state.node.to_string(), call: None };
    let Ok(mine) = serde_json::to_vec(&mine) else { return Where::Here };
    for _ in 0..3 {
        match shared.calls.create(chat, mine.clone().into()).await {
            Ok(_) => {
                lock(&state.bus.calls.owned).insert(chat.to_string(), Instant::now());
                return Where::Here;
            }
            Err(error) if error.kind() == async_nats::jetstream::kv::CreateErrorKind::AlreadyExists => match entry(state, chat).await {
                Some(owner) if owner.node == *state.node => {
                    lock(&state.bus.calls.owned).entry(chat.to_string()).or_insert_with(Instant::now);
                    return Where::Here;
                }
                Some(owner) => return Where::On(owner.node),
                // It lapsed meanwhile: claim it again.
                None => continue,
            },
            Err(error) => {
                tracing::warn!("calls: the shared bucket did not answer ({error}); the call runs here");
                return Where::Here;
            }
        }
    }
    Where::Here
}

async fn entry(state: &AppState, chat: &str) -> Option<Owner> {
    let shared = state.bus.shared.as_ref()?;
    let bytes = shared.calls.get(chat).await.ok()??;
    serde_json::from_slice(&bytes).ok()
}

/// A call started or ended here: the shared entry says so (the banner on
/// other nodes' workspaces), and their hubs tell their workspaces.
pub fn announce(state: &AppState, call: &RunningCall, running: bool) {
    state.bus.publish(crate::server::cluster::bus::BusEvent::Call { call: call.clone(), running });
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let (store, node, call) = (shared.calls.clone(), state.node.to_string(), call.clone());
    if !running {
        lock(&state.bus.calls.owned).remove(&call.chat);
    }
    tokio::spawn(async move {
        let result = if running {
            let owner = Owner { node, call: Some(call.clone()) };
            store.put(&call.chat, serde_json::to_vec(&owner).unwrap_or_default().into()).await.map(|_| ()).map_err(|e| e.to_string())
        } else {
            store.delete(&call.chat).await.map_err(|e| e.to_string())
        };
        if let Err(error) = result {
            tracing::warn!("calls: the shared entry of {} was not updated: {error}", call.chat);
        }
    });
}

/// Whether a call runs in `chat`, here or on another node.
pub async fn running(state: &AppState, chat: &str) -> bool {
    state.calls.running(chat) || entry(state, chat).await.is_some_and(|owner| owner.call.is_some())
}

/// The calls running now on every node.
pub async fn running_calls(state: &AppState) -> Vec<RunningCall> {
    let mut calls = state.calls.running_calls();
    let Some(shared) = state.bus.shared.as_ref() else { return calls };
    let Ok(mut keys) = shared.calls.keys().await else { return calls };
    let mut others = Vec::new();
    while let Some(Ok(chat)) = keys.next().await {
        if !calls.iter().any(|c| c.chat == chat) {
            others.push(chat);
        }
    }
    for chat in others {
        if let Some(Owner { node, call: Some(call) }) = entry(state, &chat).await {
            if node != *state.node {
                calls.push(call);
            }
        }
    }
    calls
}

/// Renews this node's calls in the shared bucket while they have
/// connections, and gives up those that have none (after a grace for a join
/// in progress). Runs while the bus is on.
pub fn spawn_renewal(state: &AppState) {
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let (state, store) = (state.clone(), shared.calls.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(CALL_OWNER_TTL / 3).await;
            let owned: Vec<(String, Instant)> = lock(&state.bus.calls.owned).iter().map(|(c, t)| (c.clone(), *t)).collect();
            let running = state.calls.running_calls();
            for (chat, claimed) in owned {
                if state.calls.has_connections(&chat) {
                    let owner = Owner { node: state.node.to_string(), call: running.iter().find(|c| c.chat == chat).cloned() };
                    if let Err(error) = store.put(&chat, serde_json::to_vec(&owner).unwrap_or_default().into()).await {
                        tracing::warn!("calls: renewing {chat} failed: {error}");
                    }
                } else if claimed.elapsed() > CALL_OWNER_TTL / 3 {
                    lock(&state.bus.calls.owned).remove(&chat);
                    if entry(&state, &chat).await.is_some_and(|o| o.node == *state.node) {
                        let _ = store.delete(&chat).await;
                    }
                }
            }
        }
    });
}

/// Listens for joins and signalling from other nodes (as an owner), and for
/// the owners' messages to peers whose sockets are here.
pub async fn listen(state: &AppState, client: &async_nats::Client) -> anyhow::Result<()> {
    let mut to_owner = client.subscribe(owner_subject(&state.node)).await.map_err(|e| anyhow::anyhow!("NATS subscribe: {e}"))?;
    let mut to_peer = client.subscribe(peer_subject(&state.node)).await.map_err(|e| anyhow::anyhow!("NATS subscribe: {e}"))?;
    let (owner_state, peer_state, reply_client) = (state.clone(), state.clone(), client.clone());
    tokio::spawn(async move {
        while let Some(message) = to_owner.next().await {
            match serde_json::from_slice::<ToOwner>(&message.payload) {
                Ok(request) => as_owner(&owner_state, &reply_client, request, message.reply).await,
                Err(error) => tracing::warn!("calls: a message to the owner this node does not read: {error}"),
            }
        }
    });
    tokio::spawn(async move {
        while let Some(message) = to_peer.next().await {
            let Ok(out) = serde_json::from_slice::<ToPeer>(&message.payload) else { continue };
            let peer = match &out {
                ToPeer::Out { peer, .. } | ToPeer::Kicked { peer, .. } | ToPeer::Gone { peer } => peer.clone(),
            };
            let mailbox = lock(&peer_state.bus.calls.forwarded).get(&peer).cloned();
            // A full mailbox is a stalled browser: dropping it ends its socket.
            if let Some(mailbox) = mailbox {
                if mailbox.try_send(out).is_err() {
                    lock(&peer_state.bus.calls.forwarded).remove(&peer);
                }
            }
        }
    });
    spawn_renewal(state);
    Ok(())
}

fn publish_to(state: &AppState, subject: String, payload: Vec<u8>) {
    let Some(client) = state.bus.client() else { return };
    tokio::spawn(async move {
        if let Err(error) = client.publish(subject, payload.into()).await {
            tracing::warn!("calls: forwarding failed: {error}");
        }
    });
}

fn to_peer(state: &AppState, node: &str, message: &ToPeer) {
    publish_to(state, peer_subject(node), serde_json::to_vec(message).unwrap_or_default());
}

/// The owner's side: a join, a message or a leave from a peer on another node.
async fn as_owner(state: &AppState, client: &async_nats::Client, request: ToOwner, reply: Option<async_nats::Subject>) {
    match request {
        ToOwner::Join { ticket, node } => {
            let answer: Result<Joined, Problem> = join_remote(state, ticket, node);
            if let Some(reply) = reply {
                let _ = client.publish(reply, serde_json::to_vec(&answer).unwrap_or_default().into()).await;
            }
        }
        ToOwner::Signal { chat, peer, message } => match state.calls.relay_revoking(&chat, &peer, message) {
            Ok(Some(pass)) => revoke_guest(state, &pass),
            Ok(None) => {}
            Err(refusal) => {
                let node = lock(&state.bus.calls.remote).get(&(chat, peer.clone())).map(|(node, _)| node.clone());
                if let Some(node) = node {
                    to_peer(state, &node, &ToPeer::Out { peer, message: SignalOut::Refused { problem: refusal.into() } });
                }
            }
        },
        ToOwner::Leave { chat, peer } => {
            if let Some((_, task)) = lock(&state.bus.calls.remote).remove(&(chat.clone(), peer.clone())) {
                task.abort();
            }
            if state.calls.leave(&chat, &peer) {
                signalling::call_ended(state, &chat).await;
            }
        }
    }
}

/// Joins a peer whose socket is on `node` to a call run here; what the call
/// sends it goes to that node.
fn join_remote(state: &AppState, ticket: Ticket, node: String) -> Result<Joined, Problem> {
    let (tx, mut rx) = Calls::mailbox();
    let (joined, mut kicked) = state.calls.join_socket(&ticket, tx).map_err(Problem::from)?;
    let started = matches!(joined, Joined::InCall { started: true });
    let key = (ticket.chat.clone(), ticket.peer.id.clone());
    let (task_state, task_node, task_ticket) = (state.clone(), node.clone(), ticket.clone());
    let task = tokio::spawn(async move {
        let (state, node, ticket) = (task_state, task_node, task_ticket);
        if started {
            signalling::call_started(&state, &ticket).await;
        }
        let peer = ticket.peer.id.clone();
        loop {
            tokio::select! {
                biased;
                _ = kicked.changed() => {
                    let kick = kicked.borrow().clone();
                    if let Some(kick) = kick {
                        let ended = kick.ended_call;
                        to_peer(&state, &node, &ToPeer::Kicked { peer: peer.clone(), kick });
                        if ended {
                            signalling::call_ended(&state, &ticket.chat).await;
                        }
                    }
                    break;
                }
                out = rx.recv() => match out {
                    Some(message) => to_peer(&state, &node, &ToPeer::Out { peer: peer.clone(), message }),
                    None => {
                        to_peer(&state, &node, &ToPeer::Gone { peer: peer.clone() });
                        break;
                    }
                },
            }
        }
        lock(&state.bus.calls.remote).remove(&(ticket.chat.clone(), peer));
    });
    if !started {
        if let Some(employee) = &ticket.employee {
            crate::server::push::triggers::on_call_over(state, &ticket.chat, Some(employee));
        }
    }
    lock(&state.bus.calls.remote).insert(key, (node, task.abort_handle()));
    Ok(joined)
}

/// The peer's side, on the node holding its socket: joins through `owner`
/// and passes messages both ways until either side ends.
pub async fn serve_via(state: AppState, ticket: Ticket, mut socket: WebSocket, owner: String) {
    let Some(client) = state.bus.client() else { return };
    let (tx, mut rx) = mpsc::channel::<ToPeer>(QUEUE);
    let peer = ticket.peer.id.clone();
    let chat = ticket.chat.clone();
    lock(&state.bus.calls.forwarded).insert(peer.clone(), tx);
    let join = ToOwner::Join { ticket: ticket.clone(), node: state.node.to_string() };
    let answer = tokio::time::timeout(JOIN_TIMEOUT, client.request(owner_subject(&owner), serde_json::to_vec(&join).unwrap_or_default().into())).await;
    let joined: Result<Joined, Problem> = match answer {
        Ok(Ok(reply)) => serde_json::from_slice(&reply.payload).unwrap_or(Err(Problem::Internal)),
        // No owner answered: it stopped, and its entry has not lapsed yet.
        _ => Err(Problem::CallServerLost),
    };
    if let Err(problem) = joined {
        lock(&state.bus.calls.forwarded).remove(&peer);
        let _ = signalling::send(&mut socket, &SignalOut::Refused { problem }).await;
        return;
    }
    let mut check = tokio::time::interval(CALL_OWNER_TTL / 3);
    check.tick().await;
    let kick: Option<Kick> = loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(ToPeer::Out { message, .. }) => {
                    let sent = tokio::time::timeout(signalling::SEND_TIMEOUT, signalling::send(&mut socket, &message)).await;
                    if !matches!(sent, Ok(Ok(()))) {
                        break None;
                    }
                }
                Some(ToPeer::Kicked { kick, .. }) => break Some(kick),
                Some(ToPeer::Gone { .. }) | None => break None,
            },
            message = socket.recv() => {
                let message = match signalling::decode(message) {
                    signalling::Incoming::Signal(message) => message,
                    signalling::Incoming::Control => continue,
                    signalling::Incoming::End => break None,
                };
                let signal = ToOwner::Signal { chat: chat.clone(), peer: peer.clone(), message };
                // In order: one publisher, one subject.
                if client.publish(owner_subject(&owner), serde_json::to_vec(&signal).unwrap_or_default().into()).await.is_err() {
                    break Some(Kick { problem: Problem::CallServerLost, ended_call: false });
                }
            }
            _ = check.tick() => {
                // The owner stopped renewing its entry: it is gone.
                let still = entry(&state, &chat).await.is_some_and(|o| o.node == owner);
                if !still {
                    break Some(Kick { problem: Problem::CallServerLost, ended_call: false });
                }
            }
        }
    };
    lock(&state.bus.calls.forwarded).remove(&peer);
    match kick {
        Some(kick) if kick.problem == Problem::CallServerLost => {
            signalling::goodbye(&mut socket, &kick.problem).await;
            signalling::call_lost(&state, &chat).await;
        }
        Some(kick) => signalling::goodbye(&mut socket, &kick.problem).await,
        None => {
            let leave = ToOwner::Leave { chat, peer };
            let _ = client.publish(owner_subject(&owner), serde_json::to_vec(&leave).unwrap_or_default().into()).await;
        }
    }
}

/// A guest pass in the shared bucket, as stored.
#[derive(Serialize, Deserialize)]
struct SharedGuest {
    chat: String,
    name: String,
    expires_ms: i64,
}

/// A new guest pass, for every node (the bucket forgets it when it expires).
pub async fn share_guest(state: &AppState, pass: &str, chat: &str, name: &str) {
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let expires_ms = crate::server::clock::now_ms() + i64::try_from(crate::server::cluster::shared::GUEST_PASS_TTL.as_millis()).unwrap_or(i64::MAX);
    let guest = SharedGuest { chat: chat.to_string(), name: name.to_string(), expires_ms };
    if let Err(error) = shared.guests.put(pass, serde_json::to_vec(&guest).unwrap_or_default().into()).await {
        tracing::warn!("calls: a guest pass was not shared: {error}");
    }
}

/// A guest pass another node gave.
pub async fn shared_guest(state: &AppState, pass: &str) -> Option<crate::server::meetings::calls::Guest> {
    let shared = state.bus.shared.as_ref()?;
    let bytes = shared.guests.get(pass).await.ok()??;
    let guest: SharedGuest = serde_json::from_slice(&bytes).ok()?;
    (guest.expires_ms > crate::server::clock::now_ms()).then_some(crate::server::meetings::calls::Guest { chat: guest.chat, name: guest.name, expires_ms: guest.expires_ms })
}

/// A guest pass made void here (turned away, removed): void on every node.
pub fn revoke_guest(state: &AppState, pass: &str) {
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let (store, pass) = (shared.guests.clone(), pass.to_string());
    tokio::spawn(async move {
        if let Err(error) = store.delete(&pass).await {
            tracing::warn!("calls: a void guest pass stays shared: {error}");
        }
    });
}

/// The meeting ended or was deleted: its guest passes go on every node.
pub fn forget_guests_of(state: &AppState, chat: &str) {
    let Some(shared) = state.bus.shared.as_ref() else { return };
    let (store, chat) = (shared.guests.clone(), chat.to_string());
    tokio::spawn(async move {
        let Ok(mut keys) = store.keys().await else { return };
        let mut passes = Vec::new();
        while let Some(Ok(pass)) = keys.next().await {
            passes.push(pass);
        }
        for pass in passes {
            let Ok(Some(bytes)) = store.get(&pass).await else { continue };
            if serde_json::from_slice::<SharedGuest>(&bytes).is_ok_and(|g| g.chat == chat) {
                let _ = store.delete(&pass).await;
            }
        }
    });
}
