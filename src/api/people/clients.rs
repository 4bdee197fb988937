//! Clients (C7): merging users into one client and undoing it.

use dioxus::prelude::*;

use crate::model::user_info::UserRef;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{people::clients, state::AppState}, dioxus::server::axum::Extension};

/// Users to merge with the chat's user, by part of their name.
#[post("/api/clients/candidates", state: Extension<AppState>, actor: Actor)]
pub async fn merge_candidates(chat: String, query: String) -> ServerFnResult<Vec<UserRef>> {
    Ok(clients::candidates(&state, &actor, &chat, &query).await?)
}

#[post("/api/clients/merge", state: Extension<AppState>, actor: Actor)]
pub async fn merge_users(chat: String, other: String) -> ServerFnResult<()> {
    Ok(clients::merge(&state, &actor, &chat, &other).await?)
}

#[post("/api/clients/unmerge", state: Extension<AppState>, actor: Actor)]
pub async fn unmerge_user(chat: String, user: String) -> ServerFnResult<()> {
    Ok(clients::unmerge(&state, &actor, &chat, &user).await?)
}
