//! Reading and writing messages in the workspace.

use dioxus::prelude::*;

use crate::model::message::{Message, NewMessage};

#[cfg(feature = "server")]
use {super::guard, crate::server::{messages, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// Messages of a chat after `after_seq` (0: from the start), oldest first.
#[get("/api/chats/{chat}/messages?after_seq", state: Extension<AppState>, headers: HeaderMap)]
pub async fn chat_messages(chat: String, after_seq: i64) -> ServerFnResult<Vec<Message>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(messages::history(&state, &actor, &chat, after_seq).await?)
}

/// Sends a message; sending the same `client_id` again returns the stored one.
#[post("/api/messages", state: Extension<AppState>, headers: HeaderMap)]
pub async fn send_message(message: NewMessage) -> ServerFnResult<Message> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(messages::send_as_employee(&state, &actor, message).await?)
}

/// Moves the caller's read position forward to `seq`.
#[post("/api/chats/read", state: Extension<AppState>, headers: HeaderMap)]
pub async fn mark_read(chat: String, seq: i64) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(messages::mark_read(&state, &actor, &chat, seq).await?)
}
