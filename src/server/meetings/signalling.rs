//! One peer's signalling socket (X3): answers the upgrade itself (with a
//! message size limit), joins the call, forwards what the call sends it,
//! relays what it sends after `calls` has checked it, and leaves when the
//! socket closes or the connection is closed from outside (sign-out, lost
//! access, the meeting ending). Starting and ending a call rings and tells
//! the workspaces of those who may see the chat.

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::http::HeaderMap;
use dioxus::server::axum;

use crate::model::live::RunningCall;
use crate::model::meeting::{SignalIn, SignalOut, SIGNAL_MAX_BYTES};
use crate::model::problem::Problem;
use crate::server::error::{ServiceError, ServiceResult};
use crate::server::cluster::calls::Where;
use crate::server::meetings::calls::{Calls, Joined, Kick, Ticket};
use crate::server::meetings::meeting;
use crate::server::people::auth;
use crate::server::state::AppState;

/// The socket's path (the server function `api::meetings::calls::call_signal`
/// names the same one, for the browser's client).
pub const PATH: &str = "/api/calls/signal";

/// How long a peer may take to accept a message before it is disconnected.
pub(crate) const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long the closing reason may take to reach a peer that is let go.
const GOODBYE_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(500);
/// Bytes a peer may leave unread before it is let go.
const MAX_UNSENT: usize = 1024 * 1024;

/// Who may open the socket and how they join: an employee by their session,
/// a guest by the pass from `meeting::guest_pass`. Refused when the caller
/// may not join, the call is full, or it has not been started by someone who may.
pub async fn ticket(state: &AppState, headers: &HeaderMap, chat: &str, guest: &str) -> ServiceResult<Ticket> {
    crate::server::live::socket::check_origin(headers)?;
    let ticket = if guest.is_empty() {
        let session = auth::session_token(headers).ok_or(Problem::SignInRequired)?;
        let actor = auth::actor_for_session(state, &session).await?;
        let mut ticket = meeting::employee_ticket(state, &actor, chat).await?;
        ticket.session = Some(auth::token_hash(&session));
        ticket
    } else {
        let ticket = meeting::guest_ticket(state, guest).await?;
        if ticket.chat != chat {
            return Err(Problem::Forbidden.into());
        }
        ticket
    };
    Ok(ticket)
}

/// Router layer: answers the signalling socket's upgrade itself, so that a
/// message over [`SIGNAL_MAX_BYTES`] is refused before it is read whole
/// (Dioxus's `WebSocketOptions` keeps tungstenite's 64 MiB limit).
/// Everything else passes on.
pub async fn upgrade(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::extract::{FromRequestParts, Query, WebSocketUpgrade};
    use axum::response::IntoResponse;
    let is_upgrade = request.headers().get(axum::http::header::UPGRADE).is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
    if !is_upgrade || request.uri().path() != PATH {
        return next.run(request).await;
    }
    let Some(state) = request.extensions().get::<AppState>().cloned() else {
        return next.run(request).await;
    };
    let (mut parts, _body) = request.into_parts();
    let query = Query::<std::collections::HashMap<String, String>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    let (chat, guest) = (query.get("chat").cloned().unwrap_or_default(), query.get("guest").cloned().unwrap_or_default());
    let ticket = match ticket(&state, &parts.headers, &chat, &guest).await {
        Ok(ticket) => ticket,
        Err(error) => return error.into_response(),
    };
    // A call runs on one node (#17): here, or the socket is forwarded to
    // its owner, which checks the join itself.
    let owner = crate::server::cluster::calls::owner_of(&state, &ticket.chat).await;
    if owner == Where::Here {
        if let Err(refusal) = state.calls.admits(&ticket) {
            return ServiceError::from(Problem::from(refusal)).into_response();
        }
    }
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    upgrade
        .max_message_size(SIGNAL_MAX_BYTES)
        .max_frame_size(SIGNAL_MAX_BYTES)
        .max_write_buffer_size(MAX_UNSENT)
        .on_upgrade(move |socket| async move {
            match owner {
                Where::Here => serve(state, ticket, socket).await,
                Where::On(node) => crate::server::cluster::calls::serve_via(state, ticket, socket, node).await,
            }
        })
}

pub(crate) async fn send(socket: &mut WebSocket, message: &SignalOut) -> Result<(), axum::Error> {
    let bytes = serde_json::to_vec(message).unwrap_or_default();
    socket.send(Message::Binary(bytes.into())).await
}

pub async fn serve(state: AppState, ticket: Ticket, mut socket: WebSocket) {
    let (tx, mut rx) = Calls::mailbox();
    let mut kicked = match state.calls.join_socket(&ticket, tx) {
        Err(refusal) => {
            let _ = send(&mut socket, &SignalOut::Refused { problem: refusal.into() }).await;
            return;
        }
        Ok((Joined::InCall { started: true }, kicked)) => {
            call_started(&state, &ticket).await;
            kicked
        }
        // An employee rung by push answered here: their other devices stop ringing.
        Ok((Joined::InCall { started: false }, kicked)) => {
            if let Some(employee) = &ticket.employee {
                crate::server::push::triggers::on_call_over(&state, &ticket.chat, Some(employee));
            }
            kicked
        }
        Ok((_, kicked)) => kicked,
    };
    let kick: Option<Kick> = loop {
        tokio::select! {
            // Closing from outside comes first: nothing more is sent or relayed.
            biased;
            _ = kicked.changed() => break kicked.borrow().clone(),
            out = rx.recv() => match out {
                // A browser that stops reading is let go (and the others told) rather
                // than held: its queue is bounded and the relay never waits for it.
                Some(message) => {
                    let sent = tokio::select! {
                        biased;
                        _ = kicked.changed() => break kicked.borrow().clone(),
                        sent = tokio::time::timeout(SEND_TIMEOUT, send(&mut socket, &message)) => sent,
                    };
                    if !matches!(sent, Ok(Ok(()))) {
                        break None;
                    }
                }
                // The call ended under a peer still in the lobby.
                None => break None,
            },
            message = socket.recv() => {
                let message = match decode(message) {
                    Incoming::Signal(message) => message,
                    Incoming::Control => continue,
                    Incoming::End => break None,
                };
                match state.calls.relay_revoking(&ticket.chat, &ticket.peer.id, message) {
                    Ok(Some(pass)) => crate::server::cluster::calls::revoke_guest(&state, &pass),
                    Ok(None) => {}
                    Err(refusal) => {
                        if send(&mut socket, &SignalOut::Refused { problem: refusal.into() }).await.is_err() {
                            break None;
                        }
                    }
                }
            }
        }
    };
    let ended = match &kick {
        // Already out of the call (see `Calls::close`): say why and hang up.
        Some(kick) => {
            goodbye(&mut socket, &kick.problem).await;
            kick.ended_call
        }
        None => state.calls.leave(&ticket.chat, &ticket.peer.id),
    };
    if ended {
        call_ended(&state, &ticket.chat).await;
    }
}

/// What a peer's socket brought.
pub(crate) enum Incoming {
    Signal(SignalIn),
    /// A ping or pong: nothing to do.
    Control,
    /// Closed, broken, or not a message we read: the connection ends.
    End,
}

/// Reads a frame from a peer. Messages come as JSON, in a binary frame
/// (Dioxus's encoding) or a text one; one over the size limit is an error,
/// and ends the connection.
pub(crate) fn decode(message: Option<Result<Message, axum::Error>>) -> Incoming {
    let decoded = match &message {
        Some(Ok(Message::Binary(bytes))) => serde_json::from_slice::<SignalIn>(bytes),
        Some(Ok(Message::Text(text))) => serde_json::from_str::<SignalIn>(text.as_str()),
        Some(Ok(Message::Ping(_) | Message::Pong(_))) => return Incoming::Control,
        Some(Ok(Message::Close(_)) | Err(_)) | None => return Incoming::End,
    };
    decoded.map_or(Incoming::End, Incoming::Signal)
}

/// Tells a peer why its connection closes, and hangs up.
pub(crate) async fn goodbye(socket: &mut WebSocket, problem: &Problem) {
    let goodbye = async {
        let _ = send(socket, &SignalOut::Closed { problem: problem.clone() }).await;
        let reason = problem.to_string();
        let _ = socket.send(Message::Close(Some(CloseFrame { code: 4000, reason: reason.into() }))).await;
    };
    let _ = tokio::time::timeout(GOODBYE_TIMEOUT, goodbye).await;
}

/// The call in `ticket`'s chat started: the workspaces that may see the chat
/// ring, here and on the other nodes, and push rings the rest.
pub(crate) async fn call_started(state: &AppState, ticket: &Ticket) {
    let call = RunningCall {
        chat: ticket.chat.clone(),
        by_id: ticket.employee.clone().unwrap_or_default(),
        by_name: ticket.peer.name.clone(),
    };
    crate::server::cluster::calls::announce(state, &call, true);
    let Ok(Some(chat)) = crate::server::chats::summary::summary(state, &ticket.chat).await else { return };
    crate::server::push::triggers::on_call(state, &chat, &call.by_id, &call.by_name);
    state.hub.publish_call(&chat, call, true);
}

/// The node running the call in `chat` died (#17): its banner goes here and
/// on the other nodes. The shared entry is left to lapse: someone may be
/// starting the call again on their node already.
pub(crate) async fn call_lost(state: &AppState, chat: &str) {
    let call = RunningCall { chat: chat.to_string(), by_id: String::new(), by_name: String::new() };
    state.bus.publish(crate::server::cluster::bus::BusEvent::Call { call: call.clone(), running: false });
    let Ok(Some(summary)) = crate::server::chats::summary::summary(state, chat).await else { return };
    state.hub.publish_call(&summary, call, false);
}

/// The call in `chat` ended: its banner goes, here and on the other nodes.
pub(crate) async fn call_ended(state: &AppState, chat: &str) {
    let call = RunningCall { chat: chat.to_string(), by_id: String::new(), by_name: String::new() };
    crate::server::cluster::calls::announce(state, &call, false);
    crate::server::push::triggers::on_call_over(state, chat, None);
    let Ok(Some(summary)) = crate::server::chats::summary::summary(state, chat).await else { return };
    state.hub.publish_call(&summary, call, false);
}
