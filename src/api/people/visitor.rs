//! The website widget's server functions (S1). A visitor proves who they are
//! only with their random token; no employee session is involved.

use dioxus::prelude::*;

use crate::model::message::Message;
use crate::model::visitor::{VisitorSession, WidgetRoom};

#[cfg(feature = "server")]
use {crate::server::{state::AppState, people::visitors}, dioxus::server::axum::Extension};

/// The public name of a client room, for the widget's header.
#[get("/api/widget/{room}", state: Extension<AppState>)]
pub async fn widget_room(room: String) -> ServerFnResult<WidgetRoom> {
    Ok(visitors::widget_room(&state, &room).await?)
}

/// The welcome screen: a name in, a new visitor token out.
#[post("/api/widget/start", state: Extension<AppState>)]
pub async fn visitor_start(room: String, name: String) -> ServerFnResult<VisitorSession> {
    Ok(visitors::start(&state, &room, &name).await?)
}

/// A returning visitor (token from the browser's storage) and their history.
#[post("/api/widget/resume", state: Extension<AppState>)]
pub async fn visitor_resume(token: String, after_seq: i64) -> ServerFnResult<VisitorSession> {
    Ok(state.on_workers(move |state| async move { visitors::resume(&state, &token, after_seq).await }).await?)
}

/// The visitor writes; the first message creates the chat in «Новые».
#[post("/api/widget/send", state: Extension<AppState>)]
pub async fn visitor_send(token: String, client_id: String, text: String) -> ServerFnResult<Message> {
    Ok(state.on_workers(move |state| async move { visitors::send(&state, &token, &client_id, &text).await }).await?)
}
