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
        sign_ins: Default::default(),
        sign_in_pairs: Default::default(),
        meeting_codes: Default::default(),
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
    // Node B subscribes to the chat's subject once a tab of its shows it.
    use chats::server::cluster::subjects::{follows, Interest};
    common::wait_for("node B to follow the chat", || async { follows(&b, &Interest::Chat("vivan".into())) }).await;
    socket::relay_typing(&a, anna_tab, "vivan", false).await;
    let typing = next_event(&mut boris_events, |e| matches!(e, LiveEvent::Typing { .. })).await;
    assert!(matches!(&typing, Some(LiveEvent::Typing { chat, name }) if chat == "vivan" && name == &anna.name), "{typing:?}");

    // A read on node A: Анна's tab on node B is told, with her counters.
    let (_other_tab, mut anna_on_b) = b.hub.register(Audience::Employee { actor: anna.clone(), session_hash: "a2".into() });
    common::wait_for("node B to follow Анна's events", || async { follows(&b, &Interest::Employee(anna.id.clone())) }).await;
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

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// `state` served by the real router on a loopback port.
async fn serve_node(state: &AppState) -> String {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let app = chats::http::router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address.to_string()
}

/// `email` signs in on `state` and opens `chat`'s call socket at `address`.
async fn call_socket(address: &str, state: &AppState, email: &str, chat: &str) -> Socket {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let token = auth::login(state, email, "demo1234").await.unwrap();
    let mut request = format!("ws://{address}/api/calls/signal?chat={chat}&guest=").into_client_request().unwrap();
    request.headers_mut().insert("cookie", format!("chats_session={token}").parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// The next signalling message `want` picks (None once the socket closes), within 10 s.
async fn next_signal(socket: &mut Socket, want: impl Fn(&chats::model::meeting::SignalOut) -> bool) -> Option<chats::model::meeting::SignalOut> {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let signal = match socket.next().await? {
                Ok(Message::Binary(bytes)) => serde_json::from_slice(&bytes).unwrap(),
                Ok(Message::Text(text)) => serde_json::from_str(&text).unwrap(),
                Ok(Message::Close(_)) | Err(_) => return None,
                Ok(_) => continue,
            };
            if want(&signal) {
                return Some(signal);
            }
        }
    })
    .await
    .ok()
    .flatten()
}

async fn send_signal(socket: &mut Socket, signal: &chats::model::meeting::SignalIn) {
    use futures::SinkExt;
    socket.send(tokio_tungstenite::tungstenite::Message::Text(serde_json::to_string(signal).unwrap().into())).await.unwrap();
}

#[tokio::test]
async fn a_call_run_by_one_node_is_joined_through_the_other() {
    use chats::model::meeting::{SignalIn, SignalOut};
    let nats = NatsServer::start();
    let (a, b) = two_nodes(Some(&nats.url)).await;
    let (at_a, at_b) = (serve_node(&a).await, serve_node(&b).await);

    // Anna starts the call on node a: a runs it.
    let mut anna = call_socket(&at_a, &a, "anna@demo.local", "planning").await;
    let Some(SignalOut::Joined { me: anna_peer, peers, .. }) = next_signal(&mut anna, |s| matches!(s, SignalOut::Joined { .. })).await else {
        panic!("Anna did not join")
    };
    assert!(peers.is_empty());
    // Node b learns the call runs, for its workspaces' banner.
    common::wait_for("the call listed on node b", || async {
        chats::server::cluster::calls::running_calls(&b).await.iter().any(|c| c.chat == "planning")
    })
    .await;

    // Boris's socket reaches node b: he joins through it, and sees Anna.
    let mut boris = call_socket(&at_b, &b, "boris@demo.local", "planning").await;
    let Some(SignalOut::Joined { me: boris_peer, peers, .. }) = next_signal(&mut boris, |s| matches!(s, SignalOut::Joined { .. })).await else {
        panic!("Boris did not join through node b")
    };
    assert_eq!(peers.iter().map(|p| p.id.clone()).collect::<Vec<_>>(), vec![anna_peer.id.clone()]);
    assert!(next_signal(&mut anna, |s| matches!(s, SignalOut::PeerJoined { peer } if peer.id == boris_peer.id)).await.is_some());
    // The call is a's alone: b holds no call of its own.
    assert_eq!(a.calls.people("planning").len(), 2);
    assert!(b.calls.people("planning").is_empty());

    // Boris's offer crosses to a, whose media server answers it back through b;
    // a malformed one is refused, to Boris, through node b.
    let (_client, offer) = common::rtc::Client::new(true).await;
    send_signal(&mut boris, &SignalIn::Offer { sdp: offer }).await;
    let answer = next_signal(&mut boris, |s| matches!(s, SignalOut::Answer { .. })).await;
    let Some(SignalOut::Answer { sdp }) = answer else { panic!("no answer from node a's media server") };
    let a_media = a.calls.sfu().unwrap().addr.port().to_string();
    assert!(sdp.contains(&a_media), "the answer names node a's media address");
    send_signal(&mut boris, &SignalIn::Offer { sdp: "v=0".into() }).await;
    assert!(next_signal(&mut boris, |s| matches!(s, SignalOut::Refused { .. })).await.is_some());

    // Boris hangs up on node b: Anna, on a, sees him leave.
    drop(boris);
    assert!(next_signal(&mut anna, |s| matches!(s, SignalOut::PeerLeft { id } if *id == boris_peer.id)).await.is_some());
    common::wait_for("Boris out of a's call", || async { a.calls.people("planning").len() == 1 }).await;

    // Anna signs out on a: the call ends, and node b's list forgets it.
    drop(anna);
    common::wait_for("the call gone from node b's list", || async {
        !chats::server::cluster::calls::running_calls(&b).await.iter().any(|c| c.chat == "planning")
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_on_one_node_count_on_the_other() {
    use chats::model::problem::Problem;
    let nats = NatsServer::start();
    let (a, b) = two_nodes(Some(&nats.url)).await;
    let address: std::net::IpAddr = "203.0.113.7".parse().unwrap();
    // Five wrong passwords for Анна from one address, all through node a.
    for _ in 0..chats::server::people::sign_in_limit::FREE_ATTEMPTS {
        let refused = auth::login_from(&a, Some(address), "anna@demo.local", "wrong").await;
        assert_eq!(common::problem(refused), Some(Problem::WrongCredentials));
    }
    // Node b counted them: the next guess, through b, waits.
    common::wait_for("node b to count a's failures", || async {
        b.sign_in_pairs.state_of("anna@demo.local", Some(address)).1 >= chats::server::people::sign_in_limit::FREE_ATTEMPTS
    })
    .await;
    let refused = auth::login_from(&b, Some(address), "anna@demo.local", "demo1234").await;
    assert!(matches!(common::problem(refused), Some(Problem::TooManyAttempts { .. })), "the limit holds across nodes");
    // Анна herself, from her own address, still signs in on either node.
    assert!(auth::login_from(&b, Some("198.51.100.2".parse().unwrap()), "anna@demo.local", "demo1234").await.is_ok());
}

#[tokio::test]
async fn a_read_whose_bus_event_was_lost_is_caught_up_when_the_tab_connects() {
    let nats = NatsServer::start();
    let (a, b) = two_nodes(Some(&nats.url)).await;
    let (anna, _) = signed_in(&a, "anna").await;
    chats::server::live::counts::reads_on_connect(&b, &anna).await.unwrap();
    let before = b.chat_index.read_seq(&anna.id, "vivan");
    // Node a reads with its bus event dropped (delivery is at most once).
    let dropping = AppState { bus: Arc::new(Bus::off("a".into())), ..a.clone() };
    let last = b.chat_index.get("vivan").unwrap().last_seq;
    assert!(last > before, "Ivan's chat has unread messages for Анна");
    messages::mark_read(&dropping, &anna, "vivan", last).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(b.chat_index.read_seq(&anna.id, "vivan"), before, "node b missed it");
    // Her tab connecting to node b reads the positions again: caught up.
    chats::server::live::counts::reads_on_connect(&b, &anna).await.unwrap();
    assert_eq!(b.chat_index.read_seq(&anna.id, "vivan"), last);
}

#[tokio::test]
async fn a_node_subscribes_only_to_the_audiences_its_tabs_make_up() {
    use chats::server::cluster::subjects::{follows, Interest};
    let nats = NatsServer::start();
    let (a, b) = two_nodes(Some(&nats.url)).await;
    let (vera, _) = signed_in(&a, "vera").await;
    let hers = Interest::Employee(vera.id.clone());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(!follows(&b, &hers), "no tab of Вера's on node B: her events are not sent there");
    let (tab, _events) = b.hub.register(Audience::Employee { actor: vera.clone(), session_hash: "v".into() });
    b.hub.watch(tab, Some("vivan".into()));
    common::wait_for("node B to follow Вера and the chat she shows", || async {
        follows(&b, &hers) && follows(&b, &Interest::Chat("vivan".into()))
    })
    .await;
    b.hub.unregister(tab);
    common::wait_for("node B to let them go", || async { !follows(&b, &hers) && !follows(&b, &Interest::Chat("vivan".into())) }).await;
}
