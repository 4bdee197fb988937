//! The live connections' server functions: they give the browser its typed
//! socket. On the server the upgrade is normally answered first by
//! `server::live::socket::small_buffer_upgrade`, a router layer with the same checks.

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use crate::model::live::{LiveCommand, LiveEvent};

#[cfg(feature = "server")]
use {
    crate::server::live::socket::{admit, serve},
    crate::server::state::{AppState, PeerAddress},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// An employee's live connection: chat changes, messages of the watched chat.
#[get("/api/live", state: Extension<AppState>, headers: HeaderMap, peer: Extension<PeerAddress>)]
pub async fn live_connect(options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    let (audience, slot) = admit(&state, &headers, peer.0 .0, None).await?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |mut socket| async move {
        let _slot = slot;
        serve(state, audience, socket.socket()).await
    }))
}

/// A visitor's live connection: messages of their own chat only.
#[get("/api/widget/live?token", state: Extension<AppState>, headers: HeaderMap, peer: Extension<PeerAddress>)]
pub async fn visitor_live(token: String, options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    let (audience, slot) = admit(&state, &headers, peer.0 .0, Some(&token)).await?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |mut socket| async move {
        let _slot = slot;
        serve(state, audience, socket.socket()).await
    }))
}

