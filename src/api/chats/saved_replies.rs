//! Saved replies («Шаблоны ответов», #14): list, save, delete.

use dioxus::prelude::*;

use crate::model::saved_reply::{SavedReply, SavedReplyDraft};
#[cfg(feature = "server")]
use {crate::server::chats::saved_replies, crate::server::rights::Actor, crate::server::state::AppState, dioxus::server::axum::Extension};

/// The caller's own replies and those shared in their rooms.
#[get("/api/saved-replies", state: Extension<AppState>, actor: Actor)]
pub async fn saved_replies() -> ServerFnResult<Vec<SavedReply>> {
    Ok(saved_replies::list(&state, &actor).await?)
}

/// Creates (an empty id) or changes a reply the caller may manage.
#[post("/api/saved-replies/save", state: Extension<AppState>, actor: Actor)]
pub async fn save_saved_reply(draft: SavedReplyDraft) -> ServerFnResult<SavedReply> {
    Ok(saved_replies::save(&state, &actor, draft).await?)
}

#[post("/api/saved-replies/delete", state: Extension<AppState>, actor: Actor)]
pub async fn delete_saved_reply(id: String) -> ServerFnResult<()> {
    Ok(saved_replies::delete(&state, &actor, &id).await?)
}
