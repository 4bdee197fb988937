//! Chats between employees in internal rooms (R2, W12).

use dioxus::prelude::*;

use crate::model::chat::ChatSummary;
use crate::model::internal_chat::NewInternalChat;

#[cfg(feature = "server")]
use {super::guard, crate::server::{internal_chats, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// My chats in the room with exactly me and `others`, newest first.
#[post("/api/internal-chats/same-people", state: Extension<AppState>, headers: HeaderMap)]
pub async fn same_people_chats(room: String, others: Vec<String>) -> ServerFnResult<Vec<ChatSummary>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(internal_chats::same_people(&state, &actor, &room, &others).await?)
}

/// «Создать»: a personal or group chat; a retry with the same key returns the same chat.
#[post("/api/internal-chats/create", state: Extension<AppState>, headers: HeaderMap)]
pub async fn create_internal_chat(chat: NewInternalChat) -> ServerFnResult<ChatSummary> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(internal_chats::create(&state, &actor, chat).await?)
}
