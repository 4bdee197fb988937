//! Chats between employees in internal rooms (R2, W12).

use dioxus::prelude::*;

use crate::model::chat::ChatSummary;
use crate::model::internal_chat::NewInternalChat;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::internal, state::AppState}, dioxus::server::axum::Extension};

/// My chats in the room with exactly me and `others`, newest first.
#[post("/api/internal-chats/same-people", state: Extension<AppState>, actor: Actor)]
pub async fn same_people_chats(room: String, others: Vec<String>) -> ServerFnResult<Vec<ChatSummary>> {
    Ok(internal::same_people(&state, &actor, &room, &others).await?)
}

/// «Создать»: a personal or group chat; a retry with the same key returns the same chat.
#[post("/api/internal-chats/create", state: Extension<AppState>, actor: Actor)]
pub async fn create_internal_chat(chat: NewInternalChat) -> ServerFnResult<ChatSummary> {
    Ok(internal::create(&state, &actor, chat).await?)
}
