//! The user-info window (C7): the chat's user, renaming, custom field
//! values, and the user's and client's histories.

use dioxus::prelude::*;

use crate::model::user_info::{FieldEdit, History, HistoryQuery, UserInfo};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::histories, state::AppState, people::users}, dioxus::server::axum::Extension};

#[get("/api/chats/{chat}/user-info", state: Extension<AppState>, actor: Actor)]
pub async fn user_info(chat: String) -> ServerFnResult<UserInfo> {
    Ok(users::user_info(&state, &actor, &chat).await?)
}

#[post("/api/users/rename", state: Extension<AppState>, actor: Actor)]
pub async fn rename_user(chat: String, name: String) -> ServerFnResult<()> {
    Ok(users::rename(&state, &actor, &chat, &name).await?)
}

#[post("/api/users/field", state: Extension<AppState>, actor: Actor)]
pub async fn set_field_value(edit: FieldEdit) -> ServerFnResult<()> {
    Ok(users::set_field(&state, &actor, edit).await?)
}

#[post("/api/users/history", state: Extension<AppState>, actor: Actor)]
pub async fn user_history(query: HistoryQuery) -> ServerFnResult<History> {
    Ok(histories::history(&state, &actor, query).await?)
}
