//! The live websocket over a real TCP connection: who may open it, the Origin
//! check, and that signing out closes it at once.

#![cfg(feature = "server")]

mod common;

use common::serve;
use std::time::Duration;

use chats::model::live::LiveEvent;
use futures::StreamExt;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

fn ws_request(address: &str, cookie: Option<&str>, origin: Option<&str>) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    ws_request_to(address, "/api/live", cookie, origin)
}

fn ws_request_to(address: &str, path: &str, cookie: Option<&str>, origin: Option<&str>) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut request = format!("ws://{address}{path}").into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", HeaderValue::from_str(cookie).unwrap());
    }
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", HeaderValue::from_str(origin).unwrap());
    }
    request
}

async fn session_cookie(state: &chats::server::state::AppState, email: &str) -> (String, String) {
    let token = chats::server::people::auth::login(state, email, "demo1234").await.unwrap();
    (format!("chats_session={token}"), token)
}

fn status_of(error: tokio_tungstenite::tungstenite::Error) -> u16 {
    match error {
        tokio_tungstenite::tungstenite::Error::Http(response) => response.status().as_u16(),
        other => panic!("expected an HTTP refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn no_session_no_socket_and_foreign_origins_are_refused() {
    let (address, state) = serve().await;
    let refused = tokio_tungstenite::connect_async(ws_request(&address, None, None)).await.unwrap_err();
    assert_eq!(status_of(refused), 401);

    let (cookie, _) = session_cookie(&state, "anna@demo.local").await;
    let foreign = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), Some("http://evil.example"))).await.unwrap_err();
    assert_eq!(status_of(foreign), 403);

    let origin = format!("http://{address}");
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), Some(&origin))).await.unwrap();
    let first = tokio::time::timeout(Duration::from_secs(5), socket.next()).await.unwrap().unwrap().unwrap();
    let event: LiveEvent = match first {
        Message::Binary(bytes) => serde_json::from_slice(&bytes).unwrap(),
        Message::Text(text) => serde_json::from_str(&text).unwrap(),
        other => panic!("unexpected frame {other:?}"),
    };
    assert!(matches!(event, LiveEvent::Ready { .. }));
}

#[tokio::test]
async fn signing_out_closes_the_sessions_sockets_within_a_second() {
    let (address, state) = serve().await;
    let (cookie, token) = session_cookie(&state, "anna@demo.local").await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), None)).await.unwrap();
    let _ready = socket.next().await.unwrap().unwrap();
    // Another session of the same person stays open.
    let (other_cookie, _) = session_cookie(&state, "anna@demo.local").await;
    let (mut other, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&other_cookie), None)).await.unwrap();
    let _ready = other.next().await.unwrap().unwrap();

    chats::server::people::auth::logout(&state, &token).await.unwrap();
    assert!(closes_within_a_second(&mut socket).await, "the socket of the signed-out session is still open after 1 s");
    assert_eq!(state.hub.connection_count(), 1, "only the other session's socket remains");
    drop(other);
}

#[tokio::test]
async fn an_expired_session_is_purged_and_its_socket_closed() {
    let (address, state) = serve().await;
    let (cookie, token) = session_cookie(&state, "anna@demo.local").await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), None)).await.unwrap();
    let _ready = socket.next().await.unwrap().unwrap();
    let (other_cookie, _) = session_cookie(&state, "boris@demo.local").await;
    let (mut other, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&other_cookie), None)).await.unwrap();
    let _ready = other.next().await.unwrap().unwrap();

    // Anna's session runs out: the sweep (every 30 s in the server) deletes it
    // and closes its socket; Boris's stays.
    let hash = chats::server::people::auth::token_hash(&token);
    state.db.query("UPDATE session SET expires_ms = 1 WHERE token_hash = $hash").bind(("hash", hash)).await.unwrap().check().unwrap();
    assert_eq!(chats::server::people::auth::purge_expired_sessions(&state).await.unwrap(), 1);
    assert!(closes_within_a_second(&mut socket).await, "the expired session's socket is still open after 1 s");
    assert_eq!(state.hub.connection_count(), 1);
    let mut response = state.db.query("SELECT VALUE id FROM session").await.unwrap();
    let left: Vec<serde_json::Value> = response.take(0).unwrap();
    assert_eq!(left.len(), 1, "only Boris's session is left");
    assert!(chats::server::people::auth::actor_for_session(&state, &token).await.is_err());
    drop(other);
}

/// Waits (up to a second) until the server closes `socket`.
async fn closes_within_a_second<S>(socket: &mut S) -> bool
where
    S: futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test]
async fn every_websocket_refuses_the_wrong_caller_before_the_upgrade() {
    let (address, state) = serve().await;
    let refused = |path: String, cookie: Option<String>| {
        let address = address.clone();
        async move { status_of(tokio_tungstenite::connect_async(ws_request_to(&address, &path, cookie.as_deref(), None)).await.unwrap_err()) }
    };
    // The widget's socket needs a real visitor token.
    assert_eq!(refused(format!("/api/widget/live?token={}", "f".repeat(64)), None).await, 401);
    assert_eq!(refused("/api/widget/live?token=x".into(), None).await, 401);
    // Call signalling: no session; an employee outside the chat (as if it did
    // not exist); a made-up guest pass.
    assert_eq!(refused("/api/calls/signal?chat=staff_anna_boris&guest=".into(), None).await, 401);
    let (vera, _) = session_cookie(&state, "vera@demo.local").await;
    assert_eq!(refused("/api/calls/signal?chat=staff_anna_boris&guest=".into(), Some(vera)).await, 404);
    assert!(matches!(refused(format!("/api/calls/signal?chat=staff_anna_boris&guest={}", "a".repeat(64)), None).await, 401 | 403 | 404));
    // A dead session on the workspace's socket.
    assert_eq!(refused("/api/live".into(), Some("chats_session=0123".into())).await, 401);
}

#[tokio::test]
async fn a_new_password_closes_the_persons_sockets_within_a_second() {
    let (address, state) = serve().await;
    let (cookie, _) = session_cookie(&state, "boris@demo.local").await;
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), None)).await.unwrap();
    let _ready = socket.next().await.unwrap().unwrap();
    let admin_token = chats::server::people::auth::login(&state, "admin@demo.local", "demo1234").await.unwrap();
    let admin = chats::server::people::auth::actor_for_session(&state, &admin_token).await.unwrap();
    chats::server::people::staff::set_password(&state, &admin, "boris", "a-new-secret-9").await.unwrap();
    assert!(closes_within_a_second(&mut socket).await, "Boris's socket is still open after his password changed");
    let refused = tokio_tungstenite::connect_async(ws_request(&address, Some(&cookie), None)).await.unwrap_err();
    assert_eq!(status_of(refused), 401, "the old session is gone");
}

#[tokio::test]
async fn a_tab_that_stops_reading_is_let_go_and_the_others_keep_up() {
    use futures::SinkExt;
    let (address, state) = serve().await;
    let watch = serde_json::to_vec(&chats::model::live::LiveCommand::Watch { chat: Some("vmaria".into()) }).unwrap();

    // Boris's tab reads nothing, through a small receive window.
    let (cookie, _) = session_cookie(&state, "boris@demo.local").await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(address.parse().unwrap()).await.unwrap();
    let (mut stalled, _) = tokio_tungstenite::client_async(ws_request(&address, Some(&cookie), None), stream).await.unwrap();
    let _ready = stalled.next().await.unwrap().unwrap();
    stalled.send(Message::Binary(watch.clone().into())).await.unwrap();

    // Anna's tab reads everything.
    let (anna_cookie, anna_token) = session_cookie(&state, "anna@demo.local").await;
    let (mut reader, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&anna_cookie), None)).await.unwrap();
    let _ready = reader.next().await.unwrap().unwrap();
    reader.send(Message::Binary(watch.into())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(state.hub.connection_count(), 2);

    // 400 long messages (≈ 8 MB of events for a watcher) into the watched chat.
    let anna = chats::server::people::auth::actor_for_session(&state, &anna_token).await.unwrap();
    let text = "ж".repeat(chats::model::message::MAX_MESSAGE_CHARS);
    let sender = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut last = 0;
            for i in 0..400 {
                let new = chats::model::message::NewMessage { chat: "vmaria".into(), client_id: format!("stall-{i:04}"), text: text.clone(), note: false, files: vec![] };
                last = chats::server::chats::messages::send_as_employee(&state, &anna, new).await.unwrap().seq;
            }
            last
        })
    };
    // The reader keeps up with every message while the stalled tab is dropped.
    let mut seen = std::collections::BTreeSet::new();
    let last = loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), reader.next()).await.expect("the reader is not held up").unwrap().unwrap();
        if let Message::Binary(bytes) = frame {
            if let Ok(LiveEvent::Message { message }) = serde_json::from_slice::<LiveEvent>(&bytes) {
                seen.insert(message.seq);
                if seen.len() >= 400 {
                    break sender.await.unwrap();
                }
            }
        }
    };
    assert!(seen.contains(&last) && seen.len() >= 400, "the reader got all 400 messages");
    let dropped = tokio::time::timeout(Duration::from_secs(15), async {
        while state.hub.connection_count() > 1 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(dropped.is_ok(), "the tab that stopped reading is still connected");
    drop(stalled);
}

/// The next event on `socket` that `wanted` picks, within 5 s.
async fn next_matching<S>(socket: &mut S, wanted: impl Fn(&LiveEvent) -> bool) -> LiveEvent
where
    S: futures::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let event: Option<LiveEvent> = match socket.next().await {
                Some(Ok(Message::Binary(bytes))) => serde_json::from_slice(&bytes).ok(),
                Some(Ok(Message::Text(text))) => serde_json::from_str(&text).ok(),
                Some(Ok(_)) => None,
                other => panic!("socket ended: {other:?}"),
            };
            if let Some(event) = event.filter(|e| wanted(e)) {
                return event;
            }
        }
    })
    .await
    .expect("the event arrives")
}

#[tokio::test]
async fn presence_is_pushed_when_the_first_tab_opens_and_the_last_closes() {
    let (address, state) = serve().await;
    let origin = format!("http://{address}");
    let (anna, _) = session_cookie(&state, "anna@demo.local").await;
    let (boris, _) = session_cookie(&state, "boris@demo.local").await;
    let (mut watcher, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&anna), Some(&origin))).await.unwrap();
    next_matching(&mut watcher, |e| matches!(e, LiveEvent::Ready { .. })).await;
    let is_boris = |online: bool| move |e: &LiveEvent| matches!(e, LiveEvent::Presence { employee, online: Some(o), .. } if employee == "boris" && *o == online);

    // Boris's first tab: online. A second tab says nothing new; closing one of two keeps him online.
    let (mut first, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&boris), Some(&origin))).await.unwrap();
    next_matching(&mut watcher, is_boris(true)).await;
    let (second, _) = tokio_tungstenite::connect_async(ws_request(&address, Some(&boris), Some(&origin))).await.unwrap();
    next_matching(&mut first, |e| matches!(e, LiveEvent::Ready { .. })).await;
    drop(second);
    assert!(state.hub.online_employees().contains("boris"));
    // The last one goes: offline, pushed to Anna's tab.
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(first);
    next_matching(&mut watcher, is_boris(false)).await;
    assert!(!state.hub.online_employees().contains("boris"));

    // P2: a break reaches the others too.
    let actor = chats::server::people::auth::actor_for_session(&state, boris.trim_start_matches("chats_session=")).await.unwrap();
    chats::server::people::profile::set_activity(&state, &actor, false).await.unwrap();
    next_matching(&mut watcher, |e| matches!(e, LiveEvent::Presence { employee, active: Some(false), .. } if employee == "boris")).await;
}
