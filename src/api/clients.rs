//! Clients (C7): merging users into one client and undoing it.

use dioxus::prelude::*;

use crate::model::user_info::UserRef;

#[cfg(feature = "server")]
use {super::guard, crate::server::{clients, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// Users to merge with the chat's user, by part of their name.
#[post("/api/clients/candidates", state: Extension<AppState>, headers: HeaderMap)]
pub async fn merge_candidates(chat: String, query: String) -> ServerFnResult<Vec<UserRef>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(clients::candidates(&state, &actor, &chat, &query).await?)
}

#[post("/api/clients/merge", state: Extension<AppState>, headers: HeaderMap)]
pub async fn merge_users(chat: String, other: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(clients::merge(&state, &actor, &chat, &other).await?)
}

#[post("/api/clients/unmerge", state: Extension<AppState>, headers: HeaderMap)]
pub async fn unmerge_user(chat: String, user: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(clients::unmerge(&state, &actor, &chat, &user).await?)
}
