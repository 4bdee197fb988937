//! The chat menu's actions (C10, C11, C12, C17, C18, W6) and what their pickers list.

use dioxus::prelude::*;

use crate::model::chat::{ChatEvent, StatusRef, TopicChoice};
use crate::model::directory::Topic;
use crate::model::employee::Assignee;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::actions, chats::events, chats::statuses, chats::topics, state::AppState}, dioxus::server::axum::Extension};

/// The statuses a chat can be given, in the administrator's order.
#[get("/api/statuses", state: Extension<AppState>, _actor: Actor)]
pub async fn list_statuses() -> ServerFnResult<Vec<StatusRef>> {
    Ok(statuses::statuses(&state).await?)
}

#[post("/api/chats/status", state: Extension<AppState>, actor: Actor)]
pub async fn set_status(chat: String, status: String) -> ServerFnResult<()> {
    Ok(actions::set_status(&state, &actor, &chat, &status).await?)
}

/// Who may be made responsible for the chat: people first, bots last.
#[get("/api/chats/{chat}/assignees", state: Extension<AppState>, actor: Actor)]
pub async fn list_assignees(chat: String) -> ServerFnResult<Vec<Assignee>> {
    Ok(actions::candidates(&state, &actor, &chat).await?)
}

#[post("/api/chats/responsible", state: Extension<AppState>, actor: Actor)]
pub async fn assign_responsible(chat: String, employee: String) -> ServerFnResult<()> {
    Ok(actions::assign_responsible(&state, &actor, &chat, &employee).await?)
}

#[post("/api/chats/leave", state: Extension<AppState>, actor: Actor)]
pub async fn leave_chat(chat: String) -> ServerFnResult<()> {
    Ok(actions::leave(&state, &actor, &chat).await?)
}

/// To «Удаленные».
#[post("/api/chats/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_chat(chat: String) -> ServerFnResult<()> {
    Ok(actions::delete(&state, &actor, &chat).await?)
}

#[post("/api/chats/restore", state: Extension<AppState>, actor: Actor)]
pub async fn restore_chat(chat: String) -> ServerFnResult<()> {
    Ok(actions::restore(&state, &actor, &chat).await?)
}

/// «Удалить чат насовсем»: only a chat already in «Удаленные».
#[post("/api/chats/erase", state: Extension<AppState>, actor: Actor)]
pub async fn erase_chat(chat: String) -> ServerFnResult<()> {
    Ok(actions::erase(&state, &actor, &chat).await?)
}

/// The chat's history of actions, newest first.
#[get("/api/chats/{chat}/history", state: Extension<AppState>, actor: Actor)]
pub async fn chat_history(chat: String) -> ServerFnResult<Vec<ChatEvent>> {
    Ok(events::history(&state, &actor, &chat).await?)
}

/// The administrator's topics, for «Изменить тему».
#[get("/api/topics", state: Extension<AppState>, _actor: Actor)]
pub async fn list_topics() -> ServerFnResult<Vec<Topic>> {
    Ok(topics::topics(&state).await?)
}

/// C12 «Изменить тему».
#[post("/api/chats/topic", state: Extension<AppState>, actor: Actor)]
pub async fn set_topic(chat: String, topic: TopicChoice) -> ServerFnResult<()> {
    Ok(topics::set_topic(&state, &actor, &chat, topic).await?)
}
