//! Chat lists (W3–W8): every chat this employee may see, with read positions.

use dioxus::prelude::*;

use crate::model::chat::ChatRow;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::summary, state::AppState}, dioxus::server::axum::Extension};

/// All chats visible to the caller; the browser splits them into lists.
#[get("/api/chats", state: Extension<AppState>, actor: Actor)]
pub async fn list_chats() -> ServerFnResult<Vec<ChatRow>> {
    Ok(summary::visible_chats(&state, &actor).await?)
}
