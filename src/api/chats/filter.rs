//! The chat filter over all rooms (W9) and related chats (C16).

use dioxus::prelude::*;

use crate::model::filter::{ChatFilter, FilterResult};

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::filter, state::AppState}, dioxus::server::axum::Extension};

/// The newest matching chats the caller may see, and how many matched.
#[post("/api/chats/filter", state: Extension<AppState>, actor: Actor)]
pub async fn filter_chats(filter: ChatFilter) -> ServerFnResult<FilterResult> {
    Ok(filter::filter_chats(&state, &actor, filter).await?)
}
