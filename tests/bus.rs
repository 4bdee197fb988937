//! Two app nodes on one database, joined by a real NATS server on loopback
//! (#17): each node has its own hub, chat index and connections. A message
//! written through one node reaches a tab on the other through the database's
//! live stream; typing, reads and ended sessions, which live only in a node's
//! memory, cross over the bus. Without a bus they stay on their node.

#![cfg(feature = "server")]

mod common;

use std::sync::Arc;
use std::time::Duration;

use chats::model::live::LiveEvent;
use chats::model::message::NewMessage;
use chats::server::chats::messages;
use chats::server::cluster::bus::{self, Bus};
use chats::server::live::{decode, new_hub, socket, spawn_fan_out, Audience, Frame};
use chats::server::people::auth;
use chats::server::startup::open_state;
use chats::server::state::AppState;
use common::nats::NatsServer;

/// Two nodes sharing one `mem://` database, each with its own memory; on
/// the bus at `nats` (none: no bus).
async fn two_nodes(nats: Option<&str>) -> (AppState, AppState) {
    let first = open_state("mem://", true).await.expect("in-memory database opens");
    let node = |name: &str| -> Arc<str> { name.into() };
    let bus_for = |name: &'static str| async move {
        match nats {
            Some(url) => Bus::connect(url, node(name)).await.expect("NATS answers"),
            None => Bus::off(node(name)),
        }
    };
    let a = AppState { node: node("a"), bus: Arc::new(bus_for("a").await), ..first.clone() };
    let b = AppState {
        node: node("b"),
        bus: Arc::new(bus_for("b").await),
        hub: new_hub(),
        chat_index: Default::default(),
        calls: Default::default(),
        ..first
    };
    spawn_fan_out(b.clone());
    bus::listen(&a).await.unwrap();
    bus::listen(&b).await.unwrap();
    b.chat_index.ready().await;
    (a, b)
}

/// The next event on a connection that `want` picks, within 10 s.
async fn next_event(events: &mut tokio::sync::mpsc::Receiver<Frame>, want: impl Fn(&LiveEvent) -> bool) -> Option<LiveEvent> {
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let event = decode(&events.recv().await?)?;
            if want(&event) {
                return Some(event);
            }
        }
    })
    .await
    .ok()
    .flatten()
}

/// What a connection was sent within a short while.
async fn drain(events: &mut tokio::sync::mpsc::Receiver<Frame>) -> Vec<LiveEvent> {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut seen = Vec::new();
    while let Ok(frame) = events.try_recv() {
        seen.extend(decode(&frame));
    }
    seen
}

async fn signed_in(state: &AppState, who: &str) -> (chats::server::rights::Actor, String) {
    let token = auth::login(state, &format!("{who}@demo.local"), "demo1234").await.unwrap();
    (auth::actor_for_session(state, &token).await.unwrap(), token)
}

#[tokio::test]
async fn a_message_written_on_one_node_reaches_a_tab_on_the_other() {
    let (a, b) = two_nodes(None).await;
    let (anna, _) = signed_in(&a, "anna").await;
    let (boris, _) = signed_in(&b, "boris").await;
    let (tab, mut events) = b.hub.register(Audience::Employee { actor: boris, session_hash: "b".into() });
    b.hub.watch(tab, Some("vivan".into()));

    let new = NewMessage { chat: "vivan".into(), client_id: "cross-node-1".into(), text: "Ответ с первого узла".into(), note: false, files: vec![] };
    messages::send_as_employee(&a, &anna, new).await.unwrap();
    let message = next_event(&mut events, |e| matches!(e, LiveEvent::Message { .. })).await;
    assert!(matches!(message, Some(LiveEvent::Message { message }) if message.text == "Ответ с первого узла"));
    assert!(next_event(&mut events, |e| matches!(e, LiveEvent::Counts { .. } | LiveEvent::Chat { .. })).await.is_some(), "the list moves too");
}

#[tokio::test]
async fn typing_reads_and_ended_sessions_cross_to_the_other_node_over_nats() {
    let nats = NatsServer::start();
    let (a, b) = two_nodes(Some(&nats.url)).await;
    let (anna, _) = signed_in(&a, "anna").await;
    let (boris, boris_token) = signed_in(&b, "boris").await;

    // Typing: Анна types on node A; Борис, whose tab is on node B, sees it.
    let (anna_tab, _anna_events) = a.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a".into() });
    let (boris_tab, mut boris_events) =
        b.hub.register(Audience::Employee { actor: boris.clone(), session_hash: auth::token_hash(&boris_token) });
    b.hub.watch(boris_tab, Some("vivan".into()));
    socket::relay_typing(&a, anna_tab, "vivan", false).await;
    let typing = next_event(&mut boris_events, |e| matches!(e, LiveEvent::Typing { .. })).await;
    assert!(matches!(&typing, Some(LiveEvent::Typing { chat, name }) if chat == "vivan" && name == &anna.name), "{typing:?}");

    // A read on node A: Анна's tab on node B is told, with her counters.
    let (_other_tab, mut anna_on_b) = b.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a2".into() });
    let last = b.chat_index.get("vivan").unwrap().last_seq;
    messages::mark_read(&a, &anna, "vivan", last).await.unwrap();
    let read = next_event(&mut anna_on_b, |e| matches!(e, LiveEvent::Read { .. })).await;
    assert!(matches!(read, Some(LiveEvent::Read { chat, seq }) if chat == "vivan" && seq == last));
    assert_eq!(b.chat_index.read_seq(&anna.id, "vivan"), last, "node B's index knows the read");

    // Signing out on node A closes Борис's tab on node B.
    auth::logout(&a, &boris_token).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        while boris_events.recv().await.is_some() {}
    })
    .await;
    assert!(closed.is_ok(), "the signed-out session's tab on the other node closed");
}

#[tokio::test]
async fn without_a_bus_what_lives_in_memory_stays_on_its_node() {
    let (a, b) = two_nodes(None).await;
    let (anna, _) = signed_in(&a, "anna").await;
    let (boris, _) = signed_in(&b, "boris").await;
    let (anna_tab, _anna_events) = a.hub.register(Audience::Employee { actor: anna, session_hash: "a".into() });
    let (boris_tab, mut boris_events) = b.hub.register(Audience::Employee { actor: boris, session_hash: "b".into() });
    b.hub.watch(boris_tab, Some("vivan".into()));
    socket::relay_typing(&a, anna_tab, "vivan", false).await;
    assert!(!drain(&mut boris_events).await.iter().any(|e| matches!(e, LiveEvent::Typing { .. })), "no bus, no typing across nodes");
}
