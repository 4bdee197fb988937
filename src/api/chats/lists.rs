//! Chat lists (W3–W8), a page at a time, and their counters (#12).

use dioxus::prelude::*;

use crate::model::chat::ChatRow;
use crate::model::lists::{ChatCounts, ChatPage};

#[cfg(feature = "server")]
use {
    crate::model::lists::{ChatList, PageCursor},
    crate::model::problem::Problem,
    crate::server::rights::Actor,
    crate::server::{chats::lists, live::counts, state::AppState},
    dioxus::server::axum::Extension,
};

/// Every room's counters for the caller, exact over every chat they may see.
#[get("/api/chats/counts", state: Extension<AppState>, actor: Actor)]
pub async fn chat_counts() -> ServerFnResult<ChatCounts> {
    Ok(counts::all(&state, &actor).await?)
}

/// A page of one list of one room, newest activity first: the first page
/// (`after_ms` 0 and `after_chat` empty), or the one after that chat.
#[get("/api/chats/page?room&list&after_ms&after_chat", state: Extension<AppState>, actor: Actor)]
pub async fn chat_page(room: String, list: String, after_ms: i64, after_chat: String) -> ServerFnResult<ChatPage> {
    let list = ChatList::parse(&list).ok_or(crate::server::error::ServiceError::from(Problem::MalformedRequest))?;
    let after = (!after_chat.is_empty()).then_some(PageCursor { activity_ms: after_ms, chat: after_chat });
    Ok(state.on_workers(move |state| async move { lists::page(&state, &actor, &room, list, after, lists::page_size()).await }).await?)
}

/// One chat as the caller's list shows it.
#[get("/api/chats/one/{chat}", state: Extension<AppState>, actor: Actor)]
pub async fn chat_row(chat: String) -> ServerFnResult<ChatRow> {
    Ok(lists::row(&state, &actor, &chat).await?)
}
