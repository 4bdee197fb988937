//! The live websocket over a real TCP connection: who may open it, the Origin
//! check, and that signing out closes it at once.

#![cfg(feature = "server")]

use std::time::Duration;

use chats::model::live::LiveEvent;
use chats::server::startup::{open_state, router};
use futures::StreamExt;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;

async fn serve() -> (String, chats::server::state::AppState) {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = open_state("mem://", true).await.unwrap();
    let app = router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address.to_string(), state)
}

fn ws_request(address: &str, cookie: Option<&str>, origin: Option<&str>) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let mut request = format!("ws://{address}/api/live").into_client_request().unwrap();
    if let Some(cookie) = cookie {
        request.headers_mut().insert("cookie", HeaderValue::from_str(cookie).unwrap());
    }
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", HeaderValue::from_str(origin).unwrap());
    }
    request
}

async fn session_cookie(state: &chats::server::state::AppState, email: &str) -> (String, String) {
    let token = chats::server::auth::login(state, email, "demo1234").await.unwrap();
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

    chats::server::auth::logout(&state, &token).await.unwrap();
    let closed = tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            match socket.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) => continue,
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the socket of the signed-out session is still open after 1 s");
    assert_eq!(state.hub.connection_count(), 1, "only the other session's socket remains");
    drop(other);
}
