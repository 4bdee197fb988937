//! The chat menu's actions (C10, C11, C12, C17, C18, W6) and what their pickers list.

use dioxus::prelude::*;

use crate::model::chat::{ChatEvent, StatusRef, TopicChoice};
use crate::model::directory::Topic;
use crate::model::employee::Assignee;

#[cfg(feature = "server")]
use {super::guard, crate::server::{chat_actions, chat_events, chat_topics, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// The statuses a chat can be given, in the administrator's order.
#[get("/api/statuses", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_statuses() -> ServerFnResult<Vec<StatusRef>> {
    guard::actor(&state, &headers).await?;
    Ok(chat_actions::statuses(&state).await?)
}

#[post("/api/chats/status", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_status(chat: String, status: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::set_status(&state, &actor, &chat, &status).await?)
}

/// Who may be made responsible for the chat: people first, bots last.
#[get("/api/chats/{chat}/assignees", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_assignees(chat: String) -> ServerFnResult<Vec<Assignee>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::candidates(&state, &actor, &chat).await?)
}

#[post("/api/chats/responsible", state: Extension<AppState>, headers: HeaderMap)]
pub async fn assign_responsible(chat: String, employee: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::assign_responsible(&state, &actor, &chat, &employee).await?)
}

#[post("/api/chats/leave", state: Extension<AppState>, headers: HeaderMap)]
pub async fn leave_chat(chat: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::leave(&state, &actor, &chat).await?)
}

/// To «Удаленные».
#[post("/api/chats/delete", state: Extension<AppState>, headers: HeaderMap)]
pub async fn delete_chat(chat: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::delete(&state, &actor, &chat).await?)
}

#[post("/api/chats/restore", state: Extension<AppState>, headers: HeaderMap)]
pub async fn restore_chat(chat: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::restore(&state, &actor, &chat).await?)
}

/// «Удалить чат насовсем»: only a chat already in «Удаленные».
#[post("/api/chats/erase", state: Extension<AppState>, headers: HeaderMap)]
pub async fn erase_chat(chat: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_actions::erase(&state, &actor, &chat).await?)
}

/// The chat's history of actions, newest first.
#[get("/api/chats/{chat}/history", state: Extension<AppState>, headers: HeaderMap)]
pub async fn chat_history(chat: String) -> ServerFnResult<Vec<ChatEvent>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_events::history(&state, &actor, &chat).await?)
}

/// The administrator's topics, for «Изменить тему».
#[get("/api/topics", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_topics() -> ServerFnResult<Vec<Topic>> {
    guard::actor(&state, &headers).await?;
    Ok(chat_topics::topics(&state).await?)
}

/// C12 «Изменить тему».
#[post("/api/chats/topic", state: Extension<AppState>, headers: HeaderMap)]
pub async fn set_topic(chat: String, topic: TopicChoice) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chat_topics::set_topic(&state, &actor, &chat, topic).await?)
}
