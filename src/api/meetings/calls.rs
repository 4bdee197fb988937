//! A call's signalling websocket (X3), and guests on a meeting link (C13).

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use crate::model::meeting::{GuestPass, SignalIn, SignalOut};
use crate::model::room::RoomKind;

#[cfg(feature = "server")]
use {
    crate::model::problem::Problem,
    crate::server::error::ServiceError,
    crate::server::{meetings::meeting, meetings::signalling, state::{AppState, PeerAddress}},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// Joins the chat's call: an employee by their session, a guest by the pass
/// from [`guest_pass`]. Refused before the upgrade when the caller may not
/// join, the call is full, or it has not been started by someone who may.
/// The upgrade itself is answered by `signalling::upgrade`, a router layer
/// that sets the socket's message size limit (which `WebSocketOptions`
/// cannot); this function gives the browser its typed client, and refuses
/// anything that reaches it.
#[get("/api/calls/signal?chat&guest", state: Extension<AppState>, headers: HeaderMap)]
pub async fn call_signal(chat: String, guest: String, options: WebSocketOptions) -> ServerFnResult<Websocket<SignalIn, SignalOut>> {
    signalling::ticket(&state, &headers, &chat, &guest).await?;
    let _ = options;
    Err(ServiceError::from(Problem::Forbidden).into())
}

/// The meeting's topic for its link page (anyone with the link).
#[get("/api/meet/code/{code}", state: Extension<AppState>, peer: Extension<PeerAddress>)]
pub async fn meeting_by_code(code: String) -> ServerFnResult<(String, RoomKind)> {
    Ok(meeting::topic_by_code(&state, peer.0 .0, &code).await?)
}

/// A guest gives a name on the meeting link and gets a pass to its call.
#[post("/api/meet/guest", state: Extension<AppState>, peer: Extension<PeerAddress>)]
pub async fn guest_pass(code: String, name: String) -> ServerFnResult<GuestPass> {
    Ok(meeting::guest_pass_from(&state, peer.0 .0, &code, &name).await?)
}
