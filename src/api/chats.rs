//! Chat lists (W3–W8): every chat this employee may see, with read positions.

use dioxus::prelude::*;

use crate::model::chat::ChatRow;

#[cfg(feature = "server")]
use {super::guard, crate::server::{chats, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// All chats visible to the caller; the browser splits them into lists.
#[get("/api/chats", state: Extension<AppState>, headers: HeaderMap)]
pub async fn list_chats() -> ServerFnResult<Vec<ChatRow>> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(chats::visible_chats(&state, &actor).await?)
}
