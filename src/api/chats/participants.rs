//! Operators and participants of a chat (C5, C8, C9).

use dioxus::prelude::*;

use crate::model::employee::{Assignee, EmployeeRef};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::participants, state::AppState}, dioxus::server::axum::Extension};

/// Who takes part in the chat, with who has it open now.
#[get("/api/chats/{chat}/participants", state: Extension<AppState>, actor: Actor)]
pub async fn list_participants(chat: String) -> ServerFnResult<Vec<Assignee>> {
    Ok(participants::participants(&state, &actor, &chat).await?)
}

/// Employees who can be added: people first, bots last.
#[get("/api/chats/{chat}/operator-candidates", state: Extension<AppState>, actor: Actor)]
pub async fn list_operator_candidates(chat: String) -> ServerFnResult<Vec<Assignee>> {
    Ok(participants::operator_candidates(&state, &actor, &chat).await?)
}

#[post("/api/chats/participants/add", state: Extension<AppState>, actor: Actor)]
pub async fn add_participants(chat: String, employees: Vec<String>) -> ServerFnResult<()> {
    Ok(participants::add(&state, &actor, &chat, &employees).await?)
}

#[post("/api/chats/participants/remove", state: Extension<AppState>, actor: Actor)]
pub async fn remove_participant(chat: String, employee: String) -> ServerFnResult<()> {
    Ok(participants::remove(&state, &actor, &chat, &employee).await?)
}

/// Enabled colleagues by name, for the filter's «Ответственный».
#[get("/api/employees", state: Extension<AppState>, _actor: Actor)]
pub async fn list_colleagues() -> ServerFnResult<Vec<EmployeeRef>> {
    Ok(participants::colleagues(&state).await?)
}
