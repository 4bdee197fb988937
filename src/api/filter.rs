//! The chat filter over all rooms (W9) and related chats (C16).

use dioxus::prelude::*;

use crate::model::filter::{ChatFilter, FilterResult};

#[cfg(feature = "server")]
use {super::guard, crate::server::{filter, state::AppState}, dioxus::fullstack::HeaderMap, dioxus::server::axum::Extension};

/// The newest matching chats the caller may see, and how many matched.
#[post("/api/chats/filter", state: Extension<AppState>, headers: HeaderMap)]
pub async fn filter_chats(filter: ChatFilter) -> ServerFnResult<FilterResult> {
    let actor = guard::actor(&state, &headers).await?;
    Ok(filter::filter_chats(&state, &actor, filter).await?)
}
