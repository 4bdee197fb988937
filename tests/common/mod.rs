//! Helpers the service tests share: a demo employee signed in, and whether
//! an employee sees a chat in their lists.

#![allow(dead_code)]

pub mod mail;
pub mod nats;
pub mod rtc;
pub mod telegram;

use chats::server::people::auth;
use chats::server::chats::summary::visible_chats;
use chats::server::rights::Actor;
use chats::server::state::AppState;

/// `who`@demo.local, signed in with the demo password.
pub async fn signed_in(state: &AppState, who: &str) -> Actor {
    let token = auth::login(state, &format!("{who}@demo.local"), "demo1234").await.unwrap();
    auth::actor_for_session(state, &token).await.unwrap()
}

/// `who` has `chat` in their lists.
pub async fn sees(state: &AppState, who: &Actor, chat: &str) -> bool {
    visible_chats(state, who).await.unwrap().iter().any(|r| r.chat.id == chat)
}

/// The refusal a service call ended with, if it was one (a 5xx or success is `None`).
pub fn problem<T>(result: chats::server::error::ServiceResult<T>) -> Option<chats::model::problem::Problem> {
    result.err().and_then(|e| e.refusal().cloned())
}

/// The demo workspace served by the real router on a loopback port: its
/// address and state (for the tests over real TCP).
pub async fn serve() -> (String, AppState) {
    std::env::set_var("DIOXUS_PUBLIC_PATH", concat!(env!("CARGO_MANIFEST_DIR"), "/public"));
    let state = chats::server::startup::open_state("mem://", true).await.unwrap();
    let app = chats::http::router(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (address.to_string(), state)
}

/// Waits (up to 30 s) until `check` holds, or fails the test naming `what`.
pub async fn wait_for<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}
