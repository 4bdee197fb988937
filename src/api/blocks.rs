//! Blocking a chat's visitor (C14) and ending it early (C15).

use dioxus::prelude::*;

use crate::model::block::{BlockInfo, NewBlock};

#[cfg(feature = "server")]
use {super::guard, crate::server::{blocks, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

#[post("/api/chats/block", state: Extension<AppState>, headers: HeaderMap)]
pub async fn block_visitor(block: NewBlock) -> ServerFnResult<BlockInfo> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(blocks::block(&state, &actor, block).await?)
}

#[post("/api/chats/unblock", state: Extension<AppState>, headers: HeaderMap)]
pub async fn unblock_visitor(chat: String) -> ServerFnResult<()> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(blocks::unblock(&state, &actor, &chat).await?)
}
