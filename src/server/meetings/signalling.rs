//! One peer's signalling socket (X3): joins the call, forwards what the call
//! sends it, relays what it sends after `calls` has checked it, and leaves
//! when the socket closes. Starting and ending a call rings and tells the
//! workspaces of those who may see the chat.

use dioxus::fullstack::TypedWebsocket;

use crate::server::meetings::calls::{Calls, Joined, Ticket};
use crate::server::state::AppState;
use crate::model::live::RunningCall;
use crate::model::meeting::{SignalIn, SignalOut};

/// How long a peer may take to accept a message before it is disconnected.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

pub async fn serve(state: AppState, ticket: Ticket, mut socket: TypedWebsocket<SignalIn, SignalOut>) {
    let (tx, mut rx) = Calls::mailbox();
    match state.calls.join(&ticket, tx) {
        Err(refusal) => {
            let _ = socket.send(SignalOut::Refused { problem: refusal.into() }).await;
            return;
        }
        Ok(Joined::InCall { started: true }) => publish(&state, &ticket, true).await,
        Ok(_) => {}
    }
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                // A browser that stops reading is let go (and the others told) rather
                // than held: its queue is bounded and the relay never waits for it.
                Some(message) => match tokio::time::timeout(SEND_TIMEOUT, socket.send(message)).await {
                    Ok(Ok(())) => {}
                    _ => break,
                },
                // The call ended under a peer still in the lobby.
                None => break,
            },
            message = socket.recv() => match message {
                Ok(message) => {
                    if let Err(refusal) = state.calls.relay(&ticket.chat, &ticket.peer.id, message) {
                        if socket.send(SignalOut::Refused { problem: refusal.into() }).await.is_err() { break }
                    }
                }
                Err(_) => break,
            },
        }
    }
    if state.calls.leave(&ticket.chat, &ticket.peer.id) {
        publish(&state, &ticket, false).await;
    }
}

/// Tells the workspaces that the call started (they ring) or ended.
async fn publish(state: &AppState, ticket: &Ticket, running: bool) {
    let Ok(Some(chat)) = crate::server::chats::summary::summary(state, &ticket.chat).await else { return };
    let call = RunningCall {
        chat: ticket.chat.clone(),
        by_id: ticket.employee.clone().unwrap_or_default(),
        by_name: ticket.peer.name.clone(),
    };
    state.hub.publish_call(&chat, call, running);
}
