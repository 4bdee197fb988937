//! The live connections: one websocket per open workspace tab or widget,
//! fed by the server's fan-out hub (see `server::live`).

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use crate::model::live::{LiveCommand, LiveEvent};

#[cfg(feature = "server")]
use {
    super::guard,
    crate::server::{live::Audience, state::AppState, visitors},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// An employee's live connection: chat changes, messages of the watched chat.
#[get("/api/live", state: Extension<AppState>, headers: HeaderMap)]
pub async fn live_connect(options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    guard::check_origin(&headers)?;
    let session = guard::session_token(&headers).unwrap_or_default();
    let actor = guard::actor(&state, &headers).await?;
    let state = state.0.clone();
    let session_hash = crate::server::auth::token_hash(&session);
    Ok(options.on_upgrade(move |socket| serve(state, Audience::Employee { actor, session_hash }, socket)))
}

/// A visitor's live connection: messages of their own chat only.
#[get("/api/widget/live?token", state: Extension<AppState>, headers: HeaderMap)]
pub async fn visitor_live(token: String, options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    guard::check_origin(&headers)?;
    let visitor = visitors::authenticate(&state, &token).await?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |socket| serve(state, Audience::Visitor(visitor), socket)))
}

/// Pumps the hub's events to the socket and the socket's commands to the hub,
/// until either side ends. The hub drops a reader that falls behind.
#[cfg(feature = "server")]
async fn serve(
    state: AppState,
    audience: Audience,
    mut socket: dioxus::fullstack::TypedWebsocket<LiveCommand, LiveEvent>,
) {
    let employee = match &audience {
        Audience::Employee { actor, .. } => Some(actor.id.clone()),
        Audience::Visitor(_) => None,
    };
    let (id, mut events) = state.hub.register(audience);
    if socket.send(LiveEvent::Ready { server_ms: crate::server::clock::now_ms() }).await.is_ok() {
        loop {
            tokio::select! {
                frame = events.recv() => match frame {
                    Some(frame) => if socket.send_raw(dioxus::fullstack::Message::Binary(frame)).await.is_err() { break },
                    None => break,
                },
                command = socket.recv() => match command {
                    Ok(LiveCommand::Watch { chat }) => state.hub.watch(id, chat),
                    Err(_) => break,
                },
            }
        }
    }
    state.hub.unregister(id);
    if let Some(employee) = employee {
        crate::server::profile::tab_closed(state, employee);
    }
}
