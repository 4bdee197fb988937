//! Reading and writing messages in the workspace.

use dioxus::prelude::*;

use crate::model::message::{HistoryPage, Message, NewMessage};
#[cfg(feature = "server")]
use crate::model::message::HistoryWindow;

#[cfg(feature = "server")]
use {crate::server::rights::Actor, crate::server::{chats::messages, state::AppState}, dioxus::server::axum::Extension};

/// A page of a chat's history, oldest first: the newest page (both 0), the
/// page before `before_seq`, or what follows `after_seq`.
#[get("/api/chats/{chat}/messages?after_seq&before_seq", state: Extension<AppState>, actor: Actor)]
pub async fn chat_messages(chat: String, after_seq: i64, before_seq: i64) -> ServerFnResult<HistoryPage> {
    Ok(state
        .on_workers(move |state| async move {
            messages::history(&state, &actor, &chat, HistoryWindow::from_query(after_seq, before_seq)).await
        })
        .await?)
}

/// Sends a message; sending the same `client_id` again returns the stored one.
#[post("/api/messages", state: Extension<AppState>, actor: Actor)]
pub async fn send_message(message: NewMessage) -> ServerFnResult<Message> {
    Ok(state
        .on_workers(move |state| async move {
            messages::send_as_employee(&state, &actor, message).await
        })
        .await?)
}

/// Moves the caller's read position forward to `seq`.
#[post("/api/chats/read", state: Extension<AppState>, actor: Actor)]
pub async fn mark_read(chat: String, seq: i64) -> ServerFnResult<()> {
    Ok(state
        .on_workers(move |state| async move {
            messages::mark_read(&state, &actor, &chat, seq).await
        })
        .await?)
}

/// «Отправить снова»: a failed answer in an e-mail chat goes back into the
/// outbound queue (#16).
#[post("/api/messages/resend", state: Extension<AppState>, actor: Actor)]
pub async fn resend_answer(chat: String, seq: i64) -> ServerFnResult<()> {
    Ok(state
        .on_workers(move |state| async move {
            crate::server::channels::email::resend(&state, &actor, &chat, seq).await
        })
        .await?)
}
