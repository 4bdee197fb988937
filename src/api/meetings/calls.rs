//! A call's signalling websocket (X3), and guests on a meeting link (C13).

use dioxus::fullstack::{WebSocketOptions, Websocket};
use dioxus::prelude::*;

use crate::model::meeting::{GuestPass, SignalIn, SignalOut};
use crate::model::room::RoomKind;

#[cfg(feature = "server")]
use {
    crate::api::extract,
    crate::model::problem::Problem,
    crate::server::error::ServiceError,
    crate::server::{meetings::meeting, meetings::signalling, state::{AppState, PeerAddress}},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// Joins the chat's call: an employee by their session, a guest by the pass
/// from [`guest_pass`]. Refused before the upgrade when the caller may not
/// join, the call is full, or it has not been started by someone who may.
#[get("/api/calls/signal?chat&guest", state: Extension<AppState>, headers: HeaderMap)]
pub async fn call_signal(chat: String, guest: String, options: WebSocketOptions) -> ServerFnResult<Websocket<SignalIn, SignalOut>> {
    extract::check_origin(&headers)?;
    let ticket = if guest.is_empty() {
        let actor = extract::session_actor(&state, &headers).await?;
        meeting::employee_ticket(&state, &actor, &chat).await?
    } else {
        let ticket = meeting::guest_ticket(&state, &guest).await?;
        if ticket.chat != chat {
            return Err(ServiceError::from(Problem::Forbidden).into());
        }
        ticket
    };
    // Refused here with its problem; joined once the socket is up.
    state.calls.admits(&ticket).map_err(|refusal| ServiceError::from(Problem::from(refusal)))?;
    let state = state.0.clone();
    Ok(options.on_upgrade(move |socket| signalling::serve(state, ticket, socket)))
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
