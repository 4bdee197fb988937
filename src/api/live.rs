//! The live connections' server functions: they give the browser its typed
//! socket. On the server the upgrade is normally answered first by
//! `server::live::socket::small_buffer_upgrade`, a router layer with the same checks.

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use crate::model::live::{LiveCommand, LiveEvent};

#[cfg(feature = "server")]
use {
    crate::server::live::socket::{employee_audience, serve, visitor_audience},
    crate::server::state::AppState,
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// An employee's live connection: chat changes, messages of the watched chat.
#[get("/api/live", state: Extension<AppState>, headers: HeaderMap)]
pub async fn live_connect(options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    let audience = employee_audience(&state, &headers).await?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |mut socket| async move { serve(state, audience, socket.socket()).await }))
}

/// A visitor's live connection: messages of their own chat only.
#[get("/api/widget/live?token", state: Extension<AppState>, headers: HeaderMap)]
pub async fn visitor_live(token: String, options: WebSocketOptions) -> ServerFnResult<Websocket<LiveCommand, LiveEvent>> {
    let audience = visitor_audience(&state, &headers, &token).await?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |mut socket| async move { serve(state, audience, socket.socket()).await }))
}

