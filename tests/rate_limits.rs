//! Rate limits (issue #12) through the app's real router: one address cannot
//! start more chats than configured and gets 429 with `Retry-After` while
//! another still can; a room and a visitor's messages are limited; live
//! sockets are capped per token and per address over real TCP.

#![cfg(feature = "server")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use chats::http::router;
use chats::server::limits::{LimitConfig, Limits};
use chats::server::startup::open_state;
use chats::server::state::AppState;
use futures::StreamExt;
use serde_json::{json, Value};
use tower::ServiceExt;

#[derive(Debug)]
struct Reply {
    status: StatusCode,
    retry_after: Option<String>,
    body: Value,
}

/// The demo workspace with these limits.
async fn state_with(config: LimitConfig) -> AppState {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let mut state = open_state("mem://", true).await.expect("database opens");
    state.limits = Arc::new(Limits::new(config));
    state
}

/// A POST from `from` (the peer address the server sees), with a visitor's token or a session cookie.
async fn post(app: &axum::Router, from: &str, uri: &str, credential: Option<(&str, &str)>, body: Value) -> Reply {
    call(app, from, "POST", uri, credential, Some(body)).await
}

async fn call(app: &axum::Router, from: &str, method: &str, uri: &str, credential: Option<(&str, &str)>, body: Option<Value>) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some((name, value)) = credential {
        request = request.header(name, value);
    }
    let mut request = match body {
        Some(body) => request.header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let peer = SocketAddr::new(from.parse().unwrap(), 40000);
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let retry_after = response.headers().get(header::RETRY_AFTER).map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22).await.unwrap();
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    Reply { status, retry_after, body }
}

/// The problem's code in a refusal's body (`data.ServerError.details.code`).
fn code(reply: &Reply) -> String {
    reply.body["data"]["ServerError"]["details"]["code"].as_str().unwrap_or_default().to_string()
}

static NEXT_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

const VISITOR: &str = chats::model::visitor::VISITOR_TOKEN_HEADER;

/// A visitor from `from` starts in support and writes a first message (which opens their chat).
async fn start_and_write(app: &axum::Router, from: &str, name: &str) -> Result<String, Reply> {
    let start = post(app, from, "/api/widget/start", None, json!({"room": "support", "name": name})).await;
    if start.status != StatusCode::OK {
        return Err(start);
    }
    let token = start.body["token"].as_str().unwrap().to_string();
    let sent = post(app, from, "/api/widget/send", Some((VISITOR, &token)), json!({"client_id": format!("first-{:06}", NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)), "text": "Здравствуйте"})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    Ok(token)
}

async fn operators_list(app: &axum::Router, cookie: &str) -> usize {
    let reply = call(app, "10.9.9.9", "GET", "/api/chats/counts", Some(("cookie", cookie)), None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let rooms = reply.body["rooms"].as_object().expect("counters by room");
    rooms.values().map(|room| room["all"]["total"].as_u64().unwrap() as usize).sum()
}

/// The operators' list once the live index has taken every change in
/// (counters follow the database's live stream), expected to be `expected`.
async fn operators_list_settled(app: &axum::Router, cookie: &str, expected: usize) -> usize {
    let start = std::time::Instant::now();
    while operators_list(app, cookie).await != expected && start.elapsed() < std::time::Duration::from_secs(10) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    operators_list(app, cookie).await
}

#[tokio::test]
async fn one_address_starts_no_more_chats_than_configured_and_the_operators_list_grows_by_that_much() {
    let state = state_with(LimitConfig { new_chats_per_min: 3, ..LimitConfig::default() }).await;
    let token = chats::server::people::auth::login(&state, "anna@demo.local", "demo1234").await.unwrap();
    let cookie = format!("chats_session={token}");
    let app = router(state);
    let before = operators_list(&app, &cookie).await;

    let mut refused = None;
    let mut started = 0;
    for i in 0..30 {
        match start_and_write(&app, "203.0.113.7", &format!("Флуд {i}")).await {
            Ok(_) => started += 1,
            Err(reply) => {
                refused.get_or_insert(reply);
            }
        }
    }
    assert_eq!(started, 3, "the configured number of chats, no more");
    let refused = refused.expect("the rest is refused");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert_eq!(code(&refused), "too_many_requests", "{}", refused.body);
    let retry_after: i64 = refused.retry_after.as_deref().expect("a Retry-After header").parse().unwrap();
    assert!((1..=20).contains(&retry_after), "one chat every 20 s at 3 a minute: {retry_after}");
    assert_eq!(refused.body["data"]["ServerError"]["details"]["retry_secs"], json!(retry_after));
    assert_eq!(operators_list_settled(&app, &cookie, before + 3).await, before + 3, "the operators' list grew by the limit only");

    // Another address (and another /64) still can; the same /64 cannot.
    start_and_write(&app, "198.51.100.1", "Сосед").await.expect("another address starts a chat");
    for i in 0..3 {
        start_and_write(&app, "2001:db8:1:2::1", &format!("v6 {i}")).await.expect("the /64's own three");
    }
    assert_eq!(start_and_write(&app, "2001:db8:1:2::ffff", "v6 4").await.unwrap_err().status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(operators_list_settled(&app, &cookie, before + 7).await, before + 7);
}

#[tokio::test]
async fn a_room_bounds_new_chats_from_many_addresses() {
    let app = router(state_with(LimitConfig { room_new_chats_per_min: 4, ..LimitConfig::default() }).await);
    for i in 0..4 {
        start_and_write(&app, &format!("192.0.2.{i}"), &format!("Гость {i}")).await.expect("within the room's limit");
    }
    let refused = start_and_write(&app, "192.0.2.200", "Пятый").await.unwrap_err();
    assert_eq!((refused.status, code(&refused).as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"));
    assert!(refused.retry_after.is_some());
    // Another room has its own limit.
    let sales = post(&app, "192.0.2.201", "/api/widget/start", None, json!({"room": "sales", "name": "Покупатель"})).await;
    assert_eq!(sales.status, StatusCode::OK, "{}", sales.body);
}

#[tokio::test]
async fn a_visitor_sends_only_so_many_messages_a_second() {
    let app = router(state_with(LimitConfig { visitor_msgs_per_sec: 1, visitor_msgs_burst: 3, ..LimitConfig::default() }).await);
    let token = start_and_write(&app, "203.0.113.8", "Торопыга").await.unwrap();
    let send = |n: usize| {
        let (app, token) = (app.clone(), token.clone());
        async move { post(&app, "203.0.113.8", "/api/widget/send", Some((VISITOR, &token)), json!({"client_id": format!("quick-{n:03}"), "text": "ещё"})).await }
    };
    // The first message spent one of the burst of three.
    assert_eq!(send(1).await.status, StatusCode::OK);
    assert_eq!(send(2).await.status, StatusCode::OK);
    let refused = send(3).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert_eq!(code(&refused), "too_many_messages");
    assert_eq!(refused.retry_after.as_deref(), Some("1"));
    // Another visitor is not slowed down by this one.
    start_and_write(&app, "203.0.113.9", "Спокойный").await.expect("another visitor writes");
    // A second later one more goes through, with the refused message's own id.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(send(3).await.status, StatusCode::OK);
}

#[tokio::test]
async fn guest_passes_and_meeting_lookups_are_limited_per_address() {
    let app = router(state_with(LimitConfig { meeting_lookups_per_min: 2, guest_passes_per_min: 1, ..LimitConfig::default() }).await);
    for _ in 0..2 {
        assert_eq!(call(&app, "203.0.113.20", "GET", "/api/meet/code/1234567890", None, None).await.status, StatusCode::NOT_FOUND);
    }
    let refused = call(&app, "203.0.113.20", "GET", "/api/meet/code/1234567890", None, None).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.body);
    assert_eq!((refused.status, code(&refused).as_str()), (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"));
    assert!(refused.retry_after.is_some());
    let pass = |from: &'static str| post(&app, from, "/api/meet/guest", None, json!({"code": "1234567890", "name": "Гость"}));
    assert_eq!(pass("203.0.113.21").await.status, StatusCode::NOT_FOUND, "the first pass is looked up");
    assert_eq!(pass("203.0.113.21").await.status, StatusCode::TOO_MANY_REQUESTS, "the second is refused before any lookup");
}

mod sockets {
    use super::*;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    async fn serve(config: LimitConfig) -> (String, AppState) {
        let state = state_with(config).await;
        let app = router(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap() });
        (address.to_string(), state)
    }

    type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

    /// A visitor's live socket, open once its Ready arrived; or the refusal's status and Retry-After.
    async fn open(address: &str, token: &str) -> Result<Socket, (u16, Option<String>)> {
        let request = format!("ws://{address}/api/widget/live?token={token}").into_client_request().unwrap();
        match tokio_tungstenite::connect_async(request).await {
            Ok((mut socket, _)) => {
                tokio::time::timeout(Duration::from_secs(5), socket.next()).await.expect("Ready in time").unwrap().unwrap();
                Ok(socket)
            }
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                Err((response.status().as_u16(), response.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string())))
            }
            Err(other) => panic!("expected an HTTP refusal, got {other:?}"),
        }
    }

    async fn visitor(state: &AppState, name: &str) -> String {
        chats::server::people::visitors::start(state, "support", name).await.unwrap().token
    }

    #[tokio::test]
    async fn a_token_has_so_many_sockets_open_at_once() {
        let (address, state) = serve(LimitConfig { sockets_per_token: 2, ..LimitConfig::default() }).await;
        let token = visitor(&state, "Много вкладок").await;
        let first = open(&address, &token).await.expect("first");
        let _second = open(&address, &token).await.expect("second");
        let (status, retry_after) = open(&address, &token).await.err().expect("a third is refused");
        assert_eq!(status, 429);
        assert!(retry_after.is_some(), "with Retry-After");
        let other = visitor(&state, "Другой").await;
        let _other = open(&address, &other).await.expect("another visitor's socket");
        // Closing one frees its place.
        drop(first);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            match open(&address, &token).await {
                Ok(_) => break,
                Err(_) if tokio::time::Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(50)).await,
                Err(refused) => panic!("the place was not freed: {refused:?}"),
            }
        }
    }

    #[tokio::test]
    async fn an_address_has_so_many_sockets_open_and_opens_a_minute() {
        let (address, state) = serve(LimitConfig { sockets_per_address: 2, ..LimitConfig::default() }).await;
        let mut open_now = Vec::new();
        for i in 0..2 {
            open_now.push(open(&address, &visitor(&state, &format!("Гость {i}")).await).await.expect("within the address's limit"));
        }
        let refused = open(&address, &visitor(&state, "Третий").await).await.err().expect("a third from the address");
        assert_eq!(refused.0, 429);

        let (address, state) = serve(LimitConfig { socket_opens_per_min: 3, ..LimitConfig::default() }).await;
        let token = visitor(&state, "Переподключается").await;
        for _ in 0..3 {
            drop(open(&address, &token).await.expect("within the opens a minute"));
        }
        let (status, retry_after) = open(&address, &token).await.err().expect("the fourth open in a minute");
        assert_eq!(status, 429);
        let retry_after: i64 = retry_after.expect("Retry-After").parse().unwrap();
        assert!((1..=20).contains(&retry_after), "{retry_after}");
    }
}
