//! Blocking a chat's visitor (C14) and ending it early (C15).

use dioxus::prelude::*;

use crate::model::block::{BlockInfo, NewBlock};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{people::blocks, state::AppState}, dioxus::server::axum::Extension};

#[post("/api/chats/block", state: Extension<AppState>, actor: Actor)]
pub async fn block_visitor(block: NewBlock) -> ServerFnResult<BlockInfo> {
    Ok(blocks::block(&state, &actor, block).await?)
}

#[post("/api/chats/unblock", state: Extension<AppState>, actor: Actor)]
pub async fn unblock_visitor(chat: String) -> ServerFnResult<()> {
    Ok(blocks::unblock(&state, &actor, &chat).await?)
}
