//! The website widget's server functions (S1). A visitor proves who they are
//! only with their random token; no employee session is involved.

use dioxus::prelude::*;

use crate::model::message::{HistoryPage, Message};
#[cfg(feature = "server")]
use crate::model::message::HistoryWindow;
use crate::model::rating::NewRating;
use crate::model::visitor::{OfflineForm, VisitorSession, WidgetRoom};

#[cfg(feature = "server")]
use {
    crate::api::extract::visitor_token,
    crate::server::{people::visitors, people::visitors::Visitor, state::{AppState, PeerAddress}},
    dioxus::fullstack::HeaderMap,
    dioxus::server::axum::Extension,
};

/// Makes this browser's later widget calls carry the visitor's token (in a
/// header, read by the `Visitor` extractor). The widget is its own page, so
/// the token is the only extra header its calls send.
pub fn present_token(token: &str) {
    #[cfg(feature = "web")]
    {
        let mut headers = dioxus::fullstack::HeaderMap::new();
        if let Ok(value) = dioxus::fullstack::http::HeaderValue::from_str(token) {
            headers.insert(crate::model::visitor::VISITOR_TOKEN_HEADER, value);
        }
        dioxus::fullstack::set_request_headers(headers);
    }
    #[cfg(not(feature = "web"))]
    let _ = token;
}

/// The public name of a client room, for the widget's header.
#[get("/api/widget/{room}", state: Extension<AppState>)]
pub async fn widget_room(room: String) -> ServerFnResult<WidgetRoom> {
    Ok(visitors::widget_room(&state, &room).await?)
}

/// The welcome screen: a name in, a new visitor token out.
#[post("/api/widget/start", state: Extension<AppState>, peer: Extension<PeerAddress>)]
pub async fn visitor_start(room: String, name: String) -> ServerFnResult<VisitorSession> {
    Ok(visitors::start_from(&state, peer.0 .0, &room, &name).await?)
}

/// A returning visitor (token from the browser's storage) and their latest
/// conversation: what follows `after_seq` if `chat` (the one the widget
/// shows, empty for none) is still the latest, else its newest page.
#[post("/api/widget/resume", state: Extension<AppState>, visitor: Visitor, headers: HeaderMap)]
pub async fn visitor_resume(chat: String, after_seq: i64) -> ServerFnResult<VisitorSession> {
    let token = visitor_token(&headers).unwrap_or_default();
    Ok(state
        .on_workers(move |state| async move {
            let held = (!chat.is_empty()).then_some(chat.as_str());
            visitors::resume_as(&state, visitor, &token, held, after_seq).await
        })
        .await?)
}

/// An earlier page of one of the visitor's own chats (scrolling up).
#[post("/api/widget/history", state: Extension<AppState>, visitor: Visitor)]
pub async fn visitor_history(chat: String, before_seq: i64) -> ServerFnResult<HistoryPage> {
    Ok(state
        .on_workers(move |state| async move {
            visitors::history(&state, &visitor, &chat, HistoryWindow::from_query(0, before_seq)).await
        })
        .await?)
}

/// The visitor writes; the first message creates the chat in «Новые».
/// `files` are uploads of theirs for this message (#14); callers that send
/// none may leave them out.
#[post("/api/widget/send", state: Extension<AppState>, visitor: Visitor, peer: Extension<PeerAddress>)]
pub async fn visitor_send(client_id: String, text: String, files: Option<Vec<String>>) -> ServerFnResult<Message> {
    let address = peer.0 .0;
    Ok(state.on_workers(move |state| async move { visitors::send_from(&state, address, &visitor, &client_id, &text, &files.unwrap_or_default()).await }).await?)
}

/// The visitor rates a closed inquiry of theirs, once (#14).
#[post("/api/widget/rate", state: Extension<AppState>, visitor: Visitor)]
pub async fn visitor_rate(rating: NewRating) -> ServerFnResult<()> {
    Ok(state.on_workers(move |state| async move { visitors::rate(&state, &visitor, rating).await }).await?)
}

/// The offline form (#14): name, e-mail and the first message at once.
#[post("/api/widget/start-offline", state: Extension<AppState>, peer: Extension<PeerAddress>)]
pub async fn visitor_start_offline(room: String, form: OfflineForm) -> ServerFnResult<VisitorSession> {
    Ok(visitors::start_offline(&state, peer.0 .0, &room, form).await?)
}
